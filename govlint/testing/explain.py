"""Why a rule stayed silent on an example that should fire: the rule did not apply to the report,
or (a relation) what each comparison evaluated to, so an author sees 「180 <= 110」, not just "no".
"""

from __future__ import annotations

from typing import Mapping

from ..api import Linter
from ..check.evaluate import Grid, Used, ZeroDivisor, number_grid, shown
from ..check.expr import CellRef, CellSum, Term, cells_of
from ..check.kinds.relation import Check, RelationKind
from ..check.rules import Rule
from ..read.source import Source
from ..read.text import split_lines

MAX_SHOWN = 3  # evaluations named in one explanation; the rest are counted


def why_silent(rule: Rule, text: str, linter: Linter) -> tuple[str, str]:
    """Where the rule was expected to fire (「t3[r3_7_total][total]」, or empty) and why it did not
    (「the relation evaluated 180 <= 110」, that it does not apply, or empty)."""
    report = linter.parse(Source(f"<{rule.id}>", split_lines(text)))
    template_id = report.template.value if isinstance(report.template.value, str) else None
    year = report.year.value if isinstance(report.year.value, int) else None
    if not rule.applies(template_id, year):
        return "", f"规则不适用于此报告（模板 {template_id}，年度 {year}） / the rule does not apply to this report (template {template_id}, year {year})"
    template = next((t for t in linter.templates if t.id == template_id), None)
    if rule.check.get("kind") != "relation" or template is None:
        return "", ""
    kind = RelationKind()
    plan = kind.plan(kind.prepare(rule.check), template)
    grid = number_grid(report)
    told: list[str] = []
    anchor = ""
    for bindings in plan.bindings:
        for check in plan.checks:
            anchor = anchor or _cell_text(check.comparison.left, bindings) or _cell_text(check.comparison.right, bindings)
            told.append(_evaluation(check, grid, bindings))
    more = f"; …（另 {len(told) - MAX_SHOWN} 个 / {len(told) - MAX_SHOWN} more）" if len(told) > MAX_SHOWN else ""
    return anchor, "; ".join(told[:MAX_SHOWN]) + more


def _evaluation(check: Check, grid: Grid, bindings: Mapping[str, str]) -> str:
    where = f" ({', '.join(f'{k}={v}' for k, v in bindings.items())})" if bindings else ""
    used: list[Used] = []
    try:
        left, right = check.left(grid, bindings, used, "left"), check.right(grid, bindings, used, "right")
    except ZeroDivisor:
        return f"除数为 0，未判断 / a divisor is 0: not judged{where}"
    if left is None or right is None:
        return f"有单元格缺失或不是数，未判断 / a cell is missing or not a number: not judged{where}"
    return f"the relation evaluated {shown(left)} {check.comparison.op} {shown(right)}{where}"


def _cell_text(term: Term, bindings: Mapping[str, str]) -> str:
    """The first cell of a side, its variables bound: where the finding was expected."""
    cells = cells_of(term)
    if not cells:
        return ""
    first = cells[0]
    if isinstance(first, CellRef):
        row = bindings.get(first.row.name, "?") if first.row.variable else first.row.name
        column = bindings.get(first.column.name, "?") if first.column.variable else first.column.name
        return f"{first.table}[{row}][{column}]"
    assert isinstance(first, CellSum)
    return first.text()
