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

import pluggy

hookimpl = pluggy.HookimplMarker("govlint")

__all__ = ["hookimpl"]
