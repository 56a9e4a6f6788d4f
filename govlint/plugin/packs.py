"""Installed rule packs by name, for a configuration that says which packs its rule names need."""

from __future__ import annotations

import os
from typing import Iterable

from .installed import entry_points


def _key(name: str) -> str:
    return name.replace("-", "_").lower()


def missing_packs(names: Iterable[str]) -> list[str]:
    """The packs (distribution or entry-point names) that govlint does not load: not installed, or
    plugin autoloading is switched off (``GOVLINT_DISABLE_PLUGIN_AUTOLOAD``)."""
    names = list(names)
    if not names or os.environ.get("GOVLINT_DISABLE_PLUGIN_AUTOLOAD", "") in ("1", "true", "yes"):
        return names  # none asked for: the environment is not looked at again (every folder of sys.path listed)
    present = set()
    for name, _, distribution in entry_points():  # cached: no metadata is read while nothing was installed
        present.add(_key(name))
        if distribution:
            present.add(_key(distribution))
    return [name for name in names if _key(name) not in present]
