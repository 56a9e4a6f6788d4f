"""A rule that cannot work is refused when it loads (issue 8 §2, issue 13): file, line and construct, exit 2."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.check.expr import compile_relation
from govlint.check.kinds import BUILTIN_KINDS
from govlint.check.rules import load_rule, load_rules
from govlint.check.validate import declared_placeholders
from govlint.cli import EXIT_ERROR, EXIT_OK, main
from govlint.errors import RuleFileError
from govlint.plugin.lazy import load_target
from govlint.plugin.manager import plugins

ROOT = Path(__file__).resolve().parents[1]
RULE = """\
id: AG001
name: agency.city_check
title: 城市规则
message: 「{column}」列：{left} 与 {right}
severity: error
rationale: 本机关的核对要求（示例）。
check:
  kind: relation
  table: t3
  for_each: {col: "*"}
  assert: "sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col]) * 2 <= t3[r3_7_total][$col]"
examples:
  pass: [{name: ok}]
  fail: [{name: bad}]
"""


def refused(tmp_path: Path, old: str, new: str) -> str:
    """The one-line error for RULE with ``old`` replaced by ``new``."""
    assert old in RULE
    (tmp_path / "AG001.yaml").write_text(RULE.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        _ = Linter(extra_rule_dirs=[tmp_path]).all_rules
    return str(info.value)


def test_the_example_rule_loads(tmp_path):
    (tmp_path / "AG001.yaml").write_text(RULE, encoding="utf-8")
    assert "AG001" in {r.id for r in Linter(extra_rule_dirs=[tmp_path]).rules}


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("t3[r3_7_total][$col]", "t3[r3_7_totl][$col]", 11, ["没有行 r3_7_totl", "t3[r3_7_totl][$col]", "是不是 r3_7_total", "no row"]),
        ("t3[r3_7_total][$col]", "t3[r3_7_total][totl]", 11, ["没有列 totl", "是不是 total", "no column"]),
        ("table: t3", "table: t5", 9, ["没有表 t5", "no table"]),
        ("t3[r3_7_total][$col]", "t3[r3_7_total][$rw]", 11, ["$rw", "for_each", "not bound"]),
        ("t3[r3_7_total][$col]", "t3[$col][total]", 10, ["取表 t3 的各列", "行位置", "used as a row"]),
        ('for_each: {col: "*"}', 'for_each: {col: [natural, totl]}', 10, ["totl 不是模板", "的列"]),
        ('for_each: {col: "*"}', 'for_each: {col: "*", x: "*"}', 10, ["变量 x 在表达式中没有用到"]),
        ('for_each: {col: "*"}', 'for_each: {col: []}', 10, ["没有取值", "never be checked"]),
        ('for_each: {col: "*"}', 'for_each: {col: "@cols"}', 10, ["没有行组 @cols", "for_each", "groups: [cols]", "no row group"]),
        ("{r3_4_1, r3_4_2, r3_4_3}", "@parts", 11, ["没有行组 @parts", "sum(t3[@parts][$col])", "no row group"]),
        ("{r3_4_1, r3_4_2, r3_4_3}", "@unavailabel", 11, ["是不是 unavailable"]),
        ('for_each: {col: "*"}', 'for_each: {col: "*"}\n  lists: {cols: [natural]}', 11, ["check.lists", "'lists' was unexpected"]),
        ("{column}", "{colum}", 4, ["「{colum}」不是这个检查类型提供的", "是不是 column", "no placeholder"]),
        ("rationale:", "applies_to: {templates: [v2022]}\nrationale:", 6, ["没有模板「v2022」", "unknown template"]),
        ("fail: [{name: bad}]", "fail: [{name: bad, set: {t3.r1_nw.total: 5}}]", 14, ["没有单元格 t3.r1_nw.total", "examples.fail.0.set"]),
        ("fail: [{name: bad}]", "fail: [{name: bad, template: v2012}]", 14, ["没有模板「v2012」", "examples.fail.0.template"]),
    ],
)
def test_references_that_resolve_nowhere_are_refused(tmp_path, old, new, line, words):
    error = refused(tmp_path, old, new)
    assert "AG001.yaml" in error and f"第{line}行" in error and f"line {line}" in error, error
    for word in words:
        assert word in error, error


def test_a_row_group_sums_the_templates_rows(tmp_path):
    """@unavailable is （四）无法提供 1—3 in each template: the rule names no template's rows itself."""
    text = RULE.replace("{r3_4_1, r3_4_2, r3_4_3}", "@unavailable")
    (tmp_path / "AG001.yaml").write_text(text, encoding="utf-8")
    (rule,) = [r for r in Linter(extra_rule_dirs=[tmp_path]).all_rules if r.id == "AG001"]
    assert rule.templates == ()  # every template has the group


def test_a_row_group_is_used_on_its_own_tables_rows(tmp_path):
    error = refused(tmp_path, "sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col])", "sum(t3[r3_1_open][@withheld])")
    assert "第11行" in error and "行组 @withheld 是模板 v2019 表 t3 的行" in error and "的列位置" in error and "not columns" in error
    error = refused(tmp_path, "sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col])", "sum(t4[@withheld][rv_total])")
    assert "不能用在 sum(t4[@withheld][rv_total]) 的表 t4 的行位置" in error, error


@pytest.mark.parametrize(
    "assertion, words",
    [
        ("t3[r1_new][total] * t3[r2_carried][total] <= t3[r3_7_total][total]", "不支持两个单元格相乘"),
        ("t3[r1_new][total] % <= t3[r3_7_total][total]", "百分号只能紧跟在数后"),
        ("t3[r1_new][total] / 0 <= t3[r3_7_total][total]", "除数是 0"),
        ("t3[r1_new][total] * 1e3 <= t3[r3_7_total][total]", "不支持科学计数法"),
        ("t3[r1_new][total] = t3[r3_7_total][total]", "相等请写成 =="),
        ("t3[r1_new][total]", "缺少比较符"),
        ("nonsense <= t3[r3_7_total][total]", "不是单元格，也不是 terms 中定义的名字"),
        ("t3[{r1_new, r2_carried}][total] <= 5", "只能用在 sum(…) 里"),
        ("max(t3[r1_new][total]) <= 5", "不支持函数"),
        ("t3[r1_new][total] <= t3[r3_7_total][total] or t3[r1_new][total] == 1", "不支持 or、not"),
        ("t3［r1_new］[total] <= 5", "不支持全角符号"),
        ("t3[r1_new] <= 5", "缺少列"),
        ("sum(t3[r1_new][total] + 1) <= 5", "sum(…) 里只能写一组单元格"),
    ],
)
def test_syntax_errors_say_what_is_not_allowed(tmp_path, assertion, words):
    error = refused(tmp_path, 'assert: "sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col]) * 2 <= t3[r3_7_total][$col]"', f'assert: "{assertion}"')
    assert words in error and "第11行 check.assert" in error and "表达式第" in error, error


def test_a_deeply_nested_expression_is_a_clear_error_not_a_recursion_error(tmp_path):
    started = time.monotonic()
    deep = "(" * 2000 + "t3[r1_new][total]" + ")" * 2000
    error = refused(tmp_path, 'sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col]) * 2 <= t3[r3_7_total][$col]', f"{deep} <= 5")
    assert "超过 4000 个字符" in error
    error = refused(tmp_path, 'sum(t3[{r3_4_1, r3_4_2, r3_4_3}][$col]) * 2 <= t3[r3_7_total][$col]', "(" * 900 + "1" + ")" * 900 + " <= 5")
    assert "嵌套超过" in error and "第11行" in error
    assert time.monotonic() - started < 5


def test_the_nesting_bound_leaves_room_for_real_rules():
    assert compile_relation("(" * 10 + "t3[r1_new][total]" + ")" * 10 + " * 2 <= t3[r3_7_total][total]").comparisons


@pytest.mark.parametrize(
    "message, words",
    [
        ("{left:s}", "不支持格式说明"),
        ("{left:>999999999}", "不支持格式说明"),
        ("{left!r}", "不支持格式说明"),
        ("{left.__class__}", "占位符"),
        ("{left[0]}", "占位符"),
        ("{}", "占位符"),
        ("{0}", "占位符"),
        ("{left", "没有配对的 }"),
        ("} 件", "单独的 }"),
    ],
)
def test_message_placeholders_are_plain_names(tmp_path, message, words):
    error = refused(tmp_path, "「{column}」列：{left} 与 {right}", f"差额 {message}")
    assert words in error and "第4行 message" in error, error


def test_literal_braces_are_written_twice(tmp_path):
    (tmp_path / "AG001.yaml").write_text(RULE.replace("与 {right}", "与 {{{right}}}"), encoding="utf-8")
    assert "AG001" in {r.id for r in Linter(extra_rule_dirs=[tmp_path]).all_rules}


def test_an_invalid_agency_pattern_is_refused_when_the_rule_loads(tmp_path):
    error = refused(tmp_path, "rationale:", 'applies_to: {agency_pattern: "青禾(["}\nrationale:')
    assert "第6行 applies_to.agency_pattern" in error and "正则表达式无效" in error


@pytest.mark.parametrize("command", [["rules"], ["check", "examples/sample-report.md"]])
def test_the_cli_exits_2_with_one_line_and_no_traceback(tmp_path, capsys, command):
    (tmp_path / "AG001.yaml").write_text(RULE.replace("t3[r3_7_total][$col]", "t3[r3_7_totl][$col]"), encoding="utf-8")
    assert main([*command, "--rules", str(tmp_path)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "AG001.yaml" in err and "第11行" in err and "Traceback" not in err


@pytest.mark.parametrize("path", sorted((ROOT / "rules").rglob("GL*.yaml")), ids=lambda p: p.stem)
def test_every_built_in_rule_passes_the_validation(path):
    linter = Linter()
    rule = load_rule(path, plugins().check_kinds(), linter.templates)
    assert rule.id == path.stem


def test_every_built_in_kind_declares_its_placeholders_and_the_rules_use_only_those():
    for name, target in BUILTIN_KINDS.items():
        kind_class = load_target(target)
        assert kind_class.name == name and getattr(kind_class, "placeholders", None) is not None, target
    kinds = plugins().check_kinds()
    for rule in Linter().all_rules:
        assert declared_placeholders(kinds[rule.check["kind"]], rule.check) is not None, rule.id


def test_a_templates_folder_inside_a_rule_folder_holds_templates(tmp_path):
    folder = tmp_path / "agency"
    (folder / "templates").mkdir(parents=True)
    text = (ROOT / "rules" / "templates" / "v2021.yaml").read_text(encoding="utf-8")
    (folder / "templates" / "qh2021.yaml").write_text(text.replace("\nid: v2021", "\nid: qh2021"), encoding="utf-8")
    (folder / "AG001.yaml").write_text(RULE.replace("rationale:", "applies_to: {templates: [qh2021]}\nrationale:"), encoding="utf-8")
    linter = Linter(extra_rule_dirs=[folder])
    assert "qh2021" in {t.id for t in linter.templates}
    assert {r.id: r.templates for r in linter.all_rules}["AG001"] == ("qh2021",)


def test_a_template_that_repeats_a_known_id_names_both_files(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "copy.yaml").write_bytes((ROOT / "rules" / "templates" / "v2021.yaml").read_bytes())
    with pytest.raises(RuleFileError) as info:
        _ = Linter(extra_rule_dirs=[tmp_path]).all_rules
    assert "copy.yaml" in str(info.value) and "v2021.yaml" in str(info.value) and "模板编号 v2021 重复" in str(info.value)


def test_a_broken_template_in_a_rule_folder_is_an_error_not_skipped(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.yaml").write_text("id: qh\ntitle: 不完整的模板\n", encoding="utf-8")
    assert main(["rules", "--rules", str(tmp_path)]) == EXIT_ERROR
    assert "bad.yaml" in capsys.readouterr().err


def test_the_example_plugin_kind_declares_its_references(tmp_path):
    sys.path.insert(0, str(ROOT / "examples" / "govlint-example-agency"))
    try:
        from govlint_example_agency import CellMaximumKind
    finally:
        sys.path.pop(0)
    kinds = {**plugins().check_kinds(), "cell_maximum": CellMaximumKind()}
    source = ROOT / "examples" / "govlint-example-agency" / "govlint_example_agency" / "rules" / "EX001.yaml"
    templates = Linter().templates
    assert [r.id for r in load_rules([source], kinds, templates)] == ["EX001"]
    broken = tmp_path / "EX001.yaml"
    broken.write_text(source.read_text(encoding="utf-8").replace("column: rv_total", "column: rv_totl"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="第12行 check.column.*没有列 rv_totl"):
        load_rules([broken], kinds, templates)
    broken.write_text(source.read_text(encoding="utf-8").replace("{value}", "{valeu}"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="valeu"):
        load_rules([broken], kinds, templates)


def test_built_in_rules_still_list(capsys):
    assert main(["rules"]) == EXIT_OK
    assert "GL101" in capsys.readouterr().out


def test_an_invalid_regex_in_a_check_points_at_its_own_line(tmp_path):
    text = (ROOT / "rules" / "text" / "GL206.yaml").read_text(encoding="utf-8")
    broken = text.replace("id: GL206", "id: AG206").replace("\n  patterns:\n  - ", "\n  patterns:\n  - '(['\n  - ", 1)
    (tmp_path / "AG206.yaml").write_text(broken, encoding="utf-8")
    line = broken.split("\n").index("  - '(['") + 1
    with pytest.raises(RuleFileError, match=rf"第{line}行 check\.patterns\.0: 正则表达式无效"):
        _ = Linter(extra_rule_dirs=[tmp_path]).all_rules
