"""The parsed report a result may keep, for the output formats that draw it (``html``).

Apart from :mod:`govlint.api_types`: only a run that keeps the model needs this class, and
making a dataclass costs more than a run answered from the result cache spends on the rest of
its results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
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
