"""``tables``: the template's tables are all there and readable.

    check: {kind: tables, mode: missing | unknown | unfilled}

``missing``: a template table that the report lacks (「零报告」 headings with no table too);
``unknown``: a table in sections 二–四 that matches no template table, reported once as
unreadable instead of as a cascade of wrong sums; so is a run of lines there that the parser
left as text but that are cells, not prose (「项目 咨询 投诉」 / 「数量 12 3」: no sentence
punctuation, two or more cells, a number among them); ``unfilled``: a template table with no number
at all (a blank template), reported once rather than row by row.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ...diagnostics import Location
from ...model import Paragraph, Section
from ..base import CheckContext, Finding, ModeKind, unfilled

_PROSE = re.compile(r"[。，；,;：:！？]")
_CELL = re.compile(r"[^\s\u3000|]+")
_NUMBER = re.compile(r"^[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|个|次|人)?$")


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
            for section in report.sections:
                if section.key in table_sections:
                    for run in _cell_runs(section):
                        yield Finding(run[0].span, {"table": run[0].text.strip()[:30], "rows": len(run)}, Location(section=section.key, table=run[0].text.strip()[:30]))
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
            home = report.section(spec.section)
            if spec.key not in present and home is not None:  # a missing section is GL001's finding
                span = home.heading.span
                yield Finding(span, {"table": spec.title, "template": context.template.id}, Location(section=spec.section, table=spec.key))


def _cell_runs(section: Section) -> Iterator[list[Paragraph]]:
    """Runs of two or more consecutive text lines that are table cells, one of them holding a number."""
    run: list[Paragraph] = []
    for block in (*section.blocks, None):
        cells = _CELL.findall(block.text) if isinstance(block, Paragraph) and not _PROSE.search(block.text) else []
        if len(cells) >= 2:
            run.append(block)  # type: ignore[arg-type]
            continue
        if len(run) >= 2 and any(_NUMBER.match(c) for p in run for c in _CELL.findall(p.text)):
            yield run
        run = []
