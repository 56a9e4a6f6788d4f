"""Extra rules of the kind agencies write, for testing how govlint's own findings live beside them.

An agency pack flags *suspicious values*: a cell above a ceiling, one row's share of the
（七）总计.  :func:`extra_rules` draws such a rule, as the text of a rule file, over the cells of
a generated report, with thresholds low enough that it often fires; it may even claim the
``arithmetic`` group, which must not make it part of a built-in arithmetic group.
Hypothesis is imported only when the strategy is built.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

from .generate import GeneratedReport

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["extra_rule_yaml", "extra_rules"]

EXTRA_RULE_ID = "XT001"


def extra_rule_yaml(
    assertion: str, severity: str = "error", groups: tuple[str, ...] = ("extra",), template: str | None = None
) -> str:
    """A complete rule file whose one check is the relation ``assertion`` (``t3[r1_new][total] <= 5``),
    for every template or only ``template`` (a rule naming a row one template lacks must say so)."""
    table = re.search(r"(\w+)\[", assertion).group(1)  # type: ignore[union-attr]  # the first cell's, also in sum(…)
    return "\n".join(
        [
            f"id: {EXTRA_RULE_ID}",
            "name: extra.suspicious_value",
            "title: 单元格数值需要核实",
            "message: 数值 {left} 与 {right} 的关系需要核实",
            f"severity: {severity}",
            f"groups: [{', '.join(groups)}]",
            "rationale: 测试用的机关自定义规则。",
            *([f"applies_to: {{templates: [{template}]}}"] if template else []),
            "check:",
            "  kind: relation",
            f"  table: {table}",
            f"  assert: '{assertion}'",
            "examples:",
            "  pass: [{name: generated}]",
            "  fail: [{name: generated_too}]",
            "",
        ]
    )


def extra_rules(report: GeneratedReport) -> SearchStrategy[str]:
    """Hypothesis strategy: a threshold or share rule over ``report``'s cells, as a rule file's text.

    Half of the rules are drawn to fire on ``report`` itself, so a baseline written for it
    records them.
    """
    from hypothesis import strategies as st

    cells = [key for key, _ in report.cells() if key[0] in ("t3", "t4")]

    @st.composite
    def build(draw: Callable[[Any], Any]) -> str:
        table, row, column = draw(st.sampled_from(cells))
        fires = draw(st.booleans())
        if table == "t3" and draw(st.booleans()):
            part, whole = int(report.value("t3", row, "total")), int(report.value("t3", "r3_7_total", "total"))
            low = whole // part + 1 if fires and part else 1
            assertion = f"t3[{row}][total] * {draw(st.integers(low, low + 9))} <= t3[r3_7_total][total]"
        else:
            value = int(report.value(table, row, column))
            limit = draw(st.integers(0, value - 1) if fires and value else st.integers(value, value + 30))
            assertion = f"{table}[{row}][{column}] <= {limit}"
        severity = draw(st.sampled_from(("error", "warning", "info")))
        groups = draw(st.sampled_from((("extra",), ("extra", "arithmetic"))))
        return extra_rule_yaml(assertion, severity, groups, report.template_id)

    return build()
