"""``suppression``: findings about inline ``govlint-disable`` directives.

The directives are applied after every other rule has run (see :mod:`govlint.check.suppress`),
so this kind finds nothing itself; it exists so that GL901, GL902, GL904 and GL905 are ordinary rules: listed,
documented, selectable and with examples like every other rule.
"""

from __future__ import annotations

from typing import Iterable

from ..base import CheckContext, Finding, ModeKind


class SuppressionKind(ModeKind):
    name = "suppression"
    modes = ("unused", "no_reason", "invalid", "unclosed")
    placeholders = ("directive", "rules", "problem")

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        return ()
