"""Plugins: how a package adds check kinds, rule packs, templates, readers and output formats.

Quick start for plugin authors::

    # my_agency_rules/__init__.py
    from pathlib import Path
    from govlint.plugin import hookimpl

    @hookimpl
    def govlint_rule_paths():
        return [Path(__file__).parent / "rules"]

    # pyproject.toml
    [project.entry-points.govlint]
    my_agency = "my_agency_rules"

Every hook is documented in :mod:`govlint.plugin.hookspecs`.  govlint's own check kinds,
readers, rules and formatters register through the same hooks (:mod:`govlint.plugin.builtin`).
Code is only ever loaded from installed packages, never from the folder being linted.
"""

from __future__ import annotations

from typing import Any

__all__ = ["hookimpl"]


def __getattr__(name: str) -> Any:
    """``hookimpl``, pluggy's mark of a hook implementation, made when a plugin first imports it: a run with no
    plugin installed does not import pluggy."""
    if name != "hookimpl":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import pluggy

    marker = globals()["hookimpl"] = pluggy.HookimplMarker("govlint")
    return marker
