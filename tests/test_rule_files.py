"""Bad rule files fail with the file, the line and the key path, never a traceback."""

from __future__ import annotations

import pytest

from govlint.api import Linter
from govlint.cli import EXIT_ERROR, main
from govlint.errors import RuleFileError

GOOD = """\
id: AG001
name: agency.normative_in_force
title: 现行有效规范性文件不少于本年制发
message: 现行有效 {left} 少于本年制发 {right}
severity: warning
rationale: 本机关的工作要求（示例）。
applies_to: {templates: [v2021]}
check:
  kind: relation
  table: t2_1
  assert: "t2_1[normative][in_force] >= t2_1[normative][issued]"
examples:
  pass: [{name: ok}]
  fail: [{name: fewer, set: {"t2_1.normative.in_force": 0, "t2_1.normative.issued": 5}}]
"""


def load(tmp_path, text):
    (tmp_path / "rule.yaml").write_text(text, encoding="utf-8")
    return Linter(extra_rule_dirs=[tmp_path]).rules


def test_a_custom_rule_loads_and_runs(tmp_path):
    rules = load(tmp_path, GOOD)
    assert "AG001" in {r.id for r in rules}


@pytest.mark.parametrize(
    "change, words",
    [
        (("severity: warning", "severity: fatal"), "第5行 severity"),
        (("title:", "titel:"), "Additional properties"),
        (("kind: relation", "kind: telepathy"), "未知的检查类型"),
        (('assert: "t2_1[normative][in_force] >= t2_1[normative][issued]"', 'assert: "t2_1[normative] >="'), "语法错误"),
        (("table: t2_1", "tabel: t2_1"), "check"),
        (("id: AG001", "id: 12"), "id"),
        (("name: agency.normative_in_force", "name: [unclosed"), "YAML"),
    ],
)
def test_bad_rule_files_are_located(tmp_path, change, words):
    with pytest.raises(RuleFileError) as info:
        load(tmp_path, GOOD.replace(*change))
    assert words in str(info.value) and "rule.yaml" in str(info.value)


def test_duplicate_rule_id_is_refused(tmp_path):
    with pytest.raises(RuleFileError, match="GL101"):
        load(tmp_path, GOOD.replace("AG001", "GL101"))


def test_cli_reports_a_bad_rule_file_with_exit_2(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text(GOOD.replace("severity: warning", "severity: 7"), encoding="utf-8")
    assert main(["check", "--rules", str(tmp_path), "examples/sample-report.md"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "severity" in err


def test_message_placeholders_cannot_reach_into_objects(tmp_path):
    with pytest.raises(RuleFileError, match="占位符"):
        load(tmp_path, GOOD.replace("现行有效 {left}", "现行有效 {left.__class__}"))
