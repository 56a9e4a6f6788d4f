"""``tables``: the template's tables are all there and readable.

    check: {kind: tables, mode: missing | unknown | unfilled}

``missing``: a template table that the report lacks (「零报告」 headings with no table too);
``unknown``: a table in sections 二–四 that matches no template table, reported once as
unreadable instead of as a cascade of wrong sums; ``unfilled``: a template table with no number
at all (a blank template), reported once rather than row by row.
"""

from __future__ import annotations

from typing import Iterable

from ...diagnostics import Location
from ..base import CheckContext, Finding, ModeKind, unfilled


class TablesKind(ModeKind):
    name = "tables"
    modes = ("missing", "unknown", "unfilled")
    placeholders = {"missing": ("table", "template"), "unknown": ("table", "rows"), "unfilled": ("table",)}

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        report = context.report
        if mode == "unknown":
            template = context.template or context.fallback
            table_sections = {t.section for t in template.tables} if template else set()
            for table in report.tables:
                if table.key is None and table.section in table_sections:
                    yield Finding(table.span, {"table": table.title or "（无标题）", "rows": len(table.rows)}, Location(section=table.section, table=table.title))
            return
        if mode == "unfilled":
            for table in report.tables:
                if table.key is not None and unfilled(table):
                    yield Finding(table.span, {"table": table.title}, Location(section=table.section, table=table.key))
            return
        if context.template is None:
            return
        present = {t.key for t in report.tables}
        for spec in context.template.tables:
            section = report.section(spec.section)
            if spec.key not in present and section is not None:  # a missing section is GL001's finding
                span = section.heading.span
                yield Finding(span, {"table": spec.title, "template": context.template.id}, Location(section=spec.section, table=spec.key))
