"""Installed rule packs by name, for a configuration that says which packs its rule names need."""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from typing import Iterable


def _key(name: str) -> str:
    return name.replace("-", "_").lower()


def missing_packs(names: Iterable[str]) -> list[str]:
    """The packs (distribution or entry-point names) that govlint does not load: not installed, or
    plugin autoloading is switched off (``GOVLINT_DISABLE_PLUGIN_AUTOLOAD``)."""
    names = list(names)
    if os.environ.get("GOVLINT_DISABLE_PLUGIN_AUTOLOAD", "") in ("1", "true", "yes"):
        return names
    present = set()
    for entry in entry_points(group="govlint"):
        present.add(_key(entry.name))
        if entry.dist is not None:
            present.add(_key(entry.dist.name))
    return [name for name in names if _key(name) not in present]
