"""Result values of the library API (kept apart so output formats need not import the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class FileResult:
    """What linting one file gave: its diagnostics, or why it was not checked."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None  # input error: the file could not be read (exit code 2)
    skipped: str | None = None  # found by a directory walk but not a report: a note, not an error
    lines: Mapping[int, str] = field(default_factory=dict)  # the lines of the file as opened that diagnostics point at (HTML: its source lines)
    suppressed: int = 0  # findings silenced by an inline directive (configuration ignores are not counted)
    baselined: int = 0  # findings hidden because the baseline knows them
    baseline_fixed: int = 0  # the file's baseline entries that no finding matches any more

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)
