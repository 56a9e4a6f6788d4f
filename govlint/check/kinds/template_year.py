"""``template_year``: the report uses the template its year requires, and its year is known.

    check: {kind: template_year, mode: mismatch | unknown_year}

Reports for 2019 and 2020 use the 2019 format; from 2021 the 2021 format (国办公开办函〔2021〕30号).
The template was detected from labels only one template has, so the evidence is quoted.
"""

from __future__ import annotations

from typing import Iterable

from ...diagnostics import Location
from ...model import Span
from ..base import CheckContext, Finding, ModeKind


class TemplateYearKind(ModeKind):
    name = "template_year"
    modes = ("mismatch", "unknown_year")
    placeholders = {"mismatch": ("year", "template", "template_title", "evidence"), "unknown_year": ()}

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        report = context.report
        year = report.year.value
        if mode == "unknown_year":
            if year is None:
                span = report.title.span if report.title else Span(1, 1, 1)
                yield Finding(span, {}, Location(heading="title"))
            return
        template = context.template
        if template is None or not isinstance(year, int) or template.covers(year):
            return
        first = next((t for t in report.tables if t.header), report.tables[0] if report.tables else None)
        span = (first.header[0].span if first.header else first.span) if first else Span(1, 1, 1)  # the labels that tell
        evidence = "；".join(report.template.evidence[:2])
        yield Finding(
            span,
            {"year": year, "template": template.id, "template_title": template.title, "evidence": evidence},
            Location(heading="template"),
            actual=template.id,
        )
