"""The relation language itself (govlint/check/expr.py) and its one evaluator (check/evaluate.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from govlint.api import Linter, lint_text
from govlint.check.evaluate import Evaluator, ZeroDivisor, compile_term, number_grid, shown
from govlint.check.expr import Binary, CellRef, Const, Key, Named, Neg, cells_of, compile_relation, require_cells, unscaled
from govlint.check.expr import compile_term as parse_term
from govlint.parse import parse_text
from govlint.testing import build_report, render

A = CellRef("t3", Key("r1_new"), Key("total"))
B = CellRef("t3", Key("r3_7_total"), Key("total"))


def test_arithmetic_parses_with_the_usual_precedence():
    relation = compile_relation("-t3[r1_new][total] + 2 * t3[r3_7_total][total] / 4 >= 50%")
    (comparison,) = relation.comparisons
    assert comparison.left == Binary("+", Neg(A), Binary("/", Binary("*", Const(2), B), Const(4)))
    assert comparison.right == Const(Fraction(1, 2))


@pytest.mark.parametrize(
    "text, value",
    [("0.1 + 0.2", Fraction(3, 10)), ("1 / 3 * 3", 1), ("12.5%", Fraction(1, 8)), ("-(2 - 5)", 3), ("10 * 3", 30)],
)
def test_constants_are_exact(text, value):
    relation = compile_relation(f"t3[r1_new][total] + ({text}) == 0")
    assert relation.comparisons[0].left.right == Const(value)


def test_chains_and_conjunctions_are_every_comparison():
    relation = compile_relation("0 <= t3[r1_new][total] <= t3[r3_7_total][total] 且 t3[r1_new][total] != 3 and t3[r1_new][total] < 9")
    assert [(c.op, c.left, c.right) for c in relation.comparisons] == [
        ("<=", Const(0), A), ("<=", A, B), ("!=", A, Const(3)), ("<", A, Const(9)),
    ]


def test_named_terms_are_used_by_name_and_may_build_on_each_other():
    relation = compile_relation("share >= 50", {"all": "t3[r3_7_total][total]", "share": "t3[r1_new][total] * 100 / all"})
    left = relation.comparisons[0].left
    assert isinstance(left, Named) and left.name == "share" and cells_of(left) == [A, B]


def test_unscaled_drops_constant_factors_only():
    assert unscaled(parse_term("t3[r1_new][total] * 10")) == A
    assert unscaled(parse_term("2 * t3[r1_new][total] / 5")) == A
    assert unscaled(parse_term("t3[r1_new][total] / t3[r3_7_total][total]")) == Binary("/", A, B)


@pytest.mark.parametrize(
    "text, words",
    [
        ("t3[r1_new][total] * t3[r2_carried][total] <= 1", "不支持两个单元格相乘"),
        ("t3[r1_new][total] / (3 - 3) <= 1", "除数是 0"),
        ("t3[r1_new][total] ** 2 <= 1", "不支持乘方"),
        ("t3[r1_new][total] <= 1 or t3[r1_new][total] > 5", "不支持 or、not"),
        ("abs(t3[r1_new][total]) <= 1", "不支持函数"),
        ("t3[r1_new][total] <= 1e3", "不支持科学计数法"),
        ("share <= 1", "不是单元格，也不是 terms 中定义的名字"),
        ("t3[r1_new][total] <=", "表达式不完整"),
    ],
)
def test_each_unsupported_construct_is_named(text, words):
    with pytest.raises(ValueError, match=words):
        compile_relation(text)


@pytest.mark.parametrize("text", ["1 <= 2", "t3[r1_new][total] <= 1 且 2 == 2"])
def test_a_relation_rule_may_not_compare_constants_alone(text):
    with pytest.raises(ValueError, match="没有引用任何单元格"):
        require_cells(compile_relation(text))


def _grid(values):
    report = build_report("v2021", values, year=2023)
    parsed = parse_text(render(report, "tabs"), "<t>")
    template = next(t for t in Linter().templates if t.id == "v2021")
    return number_grid(parsed), {t.key: t for t in template.tables}


def test_the_evaluator_divides_exactly_and_records_its_cells():
    grid, specs = _grid({"t3": {"r1_new": {"total": 1}, "r4_carry_next": {"total": 2}}})
    ev = Evaluator(specs, {}, grid)
    used: list = []
    assert ev.value(parse_term("t3[r1_new][total] / 3"), {}, "left", used) == Fraction(1, 3)
    assert [u.row.key for u in used] == ["r1_new"]
    assert ev.value(parse_term("-t3[r1_new][total] + t3[r4_carry_next][total] * 2"), {}, "left", None) == 3
    with pytest.raises(ZeroDivisor):
        compile_term(parse_term("t3[r1_new][total] / t3[r3_2_partial][total]"), specs, {})(grid, {}, None, "left")
    assert ev.value(parse_term("t3[r1_new][total] / t3[r3_2_partial][total]"), {}, "left", None) is None  # not judged


@pytest.mark.parametrize("value, text", [(3, "3"), (Fraction(1, 4), "0.25"), (Fraction(1, 3), "0.33"), (Fraction(5, 2), "2.5"), (Fraction(200, 3), "66.67")])
def test_values_are_shown_as_decimals(value, text):
    assert str(shown(value)) == text


RULE = """\
id: AG050
name: agency.open_share
title: 予以公开占比
message: "{message}"
severity: warning
rationale: 测试用。
check:
  kind: relation
  table: t3
  terms: {{open: "t3[r3_1_open][total]", done: "t3[r3_7_total][total]"}}
  assert: "{assertion}"
examples:
  pass: [{{name: ok}}]
  fail: [{{name: bad}}]
"""


def _lint(tmp_path, assertion, message, values):
    (tmp_path / "AG050.yaml").write_text(RULE.format(assertion=assertion, message=message), encoding="utf-8")
    linter = Linter(extra_rule_dirs=[tmp_path])
    text = render(build_report("v2021", values, year=2023), "tabs")
    return [d for d in lint_text(text, "<t>", linter=linter).diagnostics if d.rule == "AG050"]


def test_a_share_rule_fills_named_terms_unscaled_values_and_percent(tmp_path):
    values = {"t3": {"r3_1_open": {"total": 1}, "r3_2_partial": {"total": 2}}}
    found = _lint(tmp_path, "open * 2 >= done", "予以公开 {open} 件，占 {done} 件的 {percent}%（{left} < {right}，{left_value}）", values)
    assert [d.message for d in found] == ["予以公开 1 件，占 3 件的 33.33%（2 < 3，1）"]
    found = _lint(tmp_path, "open / done >= 50%", "{left} / {right}", values)
    assert [d.message for d in found] == ["0.33 / 0.5"]


def test_a_zero_divisor_is_one_note_not_a_finding_nor_a_crash(tmp_path):
    found = _lint(tmp_path, "open / done >= 50%", "{left}", {"t3": {"r3_1_open": {"total": 0}}})
    assert len(found) == 1 and found[0].severity.label == "info" and "除数 t3[r3_7_total][total] 在本报告中为 0" in found[0].message


def test_a_decimal_cell_is_compared_exactly(tmp_path):
    rule = RULE.replace("table: t3", "table: t2_8").replace("rationale:", "applies_to: {{templates: [v2021]}}\nrationale:").replace('  terms: {{open: "t3[r3_1_open][total]", done: "t3[r3_7_total][total]"}}\n', "")
    (tmp_path / "AG050.yaml").write_text(rule.format(assertion="t2_8[fees][fee_amount] * 3 <= 1", message="{left}"), encoding="utf-8")
    linter = Linter(extra_rule_dirs=[tmp_path])
    text = render(build_report("v2021", {"t2_8": {"fees": {"fee_amount": Decimal("0.34")}}}, year=2023), "tabs")
    assert [d.message for d in lint_text(text, "<t>", linter=linter).diagnostics if d.rule == "AG050"] == ["1.02"]
