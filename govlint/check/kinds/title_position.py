"""``title_position``: the report's title is missing, or comes after the first section heading.

    check: {kind: title_position, mode: missing | after_heading}

``missing``: no line reads as the report title (「XX市人民政府2023年政府信息公开工作年度报告」);
the finding is at the first line of the report.  ``after_heading``: the title is there but
below the first section heading (seeds 000 and 004 start with 「一、总体情况」); the finding is at
the title.  Placeholders: ``title``, ``heading``.
"""

from __future__ import annotations

from typing import Iterable

from ...diagnostics import Evidence, Location
from ...model import Span
from ..base import CheckContext, Finding, ModeKind


class TitlePositionKind(ModeKind):
    name = "title_position"
    modes = ("missing", "after_heading")
    placeholders = ("title", "heading")

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        report = context.report
        title = report.title
        first = min((s.heading for s in report.sections), key=lambda h: h.span, default=None)
        if mode == "missing":
            if title is None and report.line_count:
                spans = [b.span for b in report.preamble[:1]] + ([first.span] if first is not None else [])
                span = Span(min(spans).line, min(spans).column, min(spans).end_column) if spans else Span(1, 1, 1)
                yield Finding(span, {"title": "", "heading": first.text if first else ""}, Location(heading="title"))
            return
        if title is not None and first is not None and title.span > first.span:
            yield Finding(
                span=title.span,
                values={"title": title.text.strip(), "heading": first.text.strip()},
                location=Location(section="s1", heading="title"),
                evidence=(Evidence("heading", first.span, first.text),),
                actual=title.text.strip(),
            )

