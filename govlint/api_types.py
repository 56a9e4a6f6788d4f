"""Result values of the library API (kept apart so output formats need not import the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .diagnostics import Diagnostic, Severity
from .model import Report

Span3 = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The parsed report, kept for output formats that draw it (``html``).

    The model's spans are positions in the reader's text lines; diagnostics point into the file
    as opened (an HTML file's own lines).  ``file_spans`` maps each model span that differs, so a
    format can find the cell or heading a diagnostic names.
    """

    report: Report
    format: str = "text"  # the reader's format: text, docx, html, pdf
    file_spans: Mapping[Span3, Span3] = field(default_factory=dict)  # model span → file span, only where they differ
    places: Mapping[Span3, str] = field(default_factory=dict)  # model span → 「表3 第5行 第2列」 for Word, HTML and PDF

    def at(self, span: Span3) -> Span3:
        """Where ``span`` of the model is in the file as opened."""
        return self.file_spans.get(span, span)


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
    parsed: ParsedFile | None = field(default=None, compare=False, repr=False)  # only when asked for (``keep_model``)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)
