"""``template_year``: the report uses the template its year requires, and its year is known.

    check: {kind: template_year, mode: mismatch | unknown_year}

Reports for 2019 and 2020 use the 2019 format; from 2021 the 2021 format (国办公开办函〔2021〕30号).
The template was detected from labels only one template has, so the evidence is quoted.  The
template is chosen by majority, so a report of the right template that also shows labels only
another template has (one 2019 row in a 2022 report, the 2021 （六） sub-rows in a 2020 report) is
reported too, naming those labels.
"""

from __future__ import annotations

from typing import Iterable

from ...diagnostics import Evidence, Location
from ...model import Span
from ...templates import fingerprints
from ..base import CheckContext, Finding, ModeKind
from .table_labels import report_label_keys

SHOWN = 3  # labels quoted in the message


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
        if template is None or not isinstance(year, int):
            return
        if template.covers(year):
            yield from _foreign_labels(context, year)
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


def _foreign_labels(context: CheckContext, year: int) -> Iterable[Finding]:
    """Labels of a template the year rules out, in a report whose majority chose the right one."""
    prints = fingerprints(context.templates) if context.templates else {}
    chosen = context.template
    sections = {t.section for t in chosen.tables} if chosen else set()
    right = context.remember_for_template("labels", chosen.labels) if chosen else set()
    # A foreign label that is part of one of the right template's (「规范性文件」 in 「行政规范性文件」)
    # may be half of a label wrapped over two lines (PDF text): not evidence of the wrong template.
    labels = report_label_keys(context, sections)
    for template in context.templates:
        if template.covers(year) or template.id not in prints:
            continue
        own = prints[template.id]
        found = [
            (span, key)
            for span, key in labels
            if (key in own or ("(" in key and key.split("(", 1)[0] in own)) and not any(key in mine for mine in right)
        ]
        if not found:
            continue
        quoted = "、".join(f"「{key}」（第{context.line_in_file(span)}行）" for span, key in found[:SHOWN])
        more = f"等 {len(found)} 处" if len(found) > SHOWN else ""
        yield Finding(
            found[0][0],
            {"year": year, "template": template.id, "template_title": template.title, "evidence": f"仅见于 {template.id} 的标签 {quoted}{more}"},
            Location(heading="template"),
            actual=template.id,
            evidence=tuple(Evidence("cell", span, key) for span, key in found),
        )
