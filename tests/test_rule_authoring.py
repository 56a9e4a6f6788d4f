"""Rule authoring without pytest: ``govlint rules --test`` and ``--example``, example bases and
``rebalance``, and two rule folders that meet."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main
from govlint.errors import RuleFileError
from govlint.testing.examples import Example, ExampleError, base_report, example_report, example_text, iter_examples
from govlint.testing.relations import broken_relations

ROOT = Path(__file__).resolve().parents[1]

CEILING = """\
id: QHC003
name: city.disposal_ceiling
title: 办理总数超过本市阈值
message: （七）总计 {left} 件，超过阈值 {right} 件
severity: warning
rationale: 测试用。
check:
  kind: relation
  table: t3
  assert: "t3[r3_7_total][total] <= 110"
examples:
  pass:
    - {name: few, base: small}
  fail:
    - name: many
      base: zeros
      rebalance: true
      set: {t3.r3_1_open.total: 180}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_rules_test_passes_a_good_folder_and_prints_each_example(tmp_path, capsys):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING)
    assert main(["rules", "--test", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "ok   QHC003_pass_few" in out and "ok   QHC003_fail_many" in out and "2 examples: 2 passed, 0 failed" in out


def test_a_silent_relation_says_where_and_what_it_evaluated(tmp_path, capsys):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING.replace("t3.r3_1_open.total: 180", "t3.r3_1_open.total: 100"))
    assert main(["rules", "--test", str(folder)]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert "FAIL QHC003_fail_many: expected QHC003 at t3[r3_7_total][total], it did not fire; the relation evaluated 100 <= 110" in out
    assert "1 examples: 1 passed, 1 failed" not in out and "2 examples: 1 passed, 1 failed" in out


def test_a_folder_without_rules_or_an_unknown_pack_is_exit_2(tmp_path, capsys):
    assert main(["rules", "--test", str(tmp_path)]) == EXIT_ERROR
    assert main(["rules", "--test", "no-such-pack"]) == EXIT_ERROR
    assert "installed pack named 'no-such-pack'" in capsys.readouterr().err


def test_rules_example_prints_the_report_the_example_builds(tmp_path, capsys):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING)
    assert main(["rules", "--rules", str(folder), "--example", "QHC003", "many"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "（七）总计" in text and "\t180" in text
    assert main(["rules", "--rules", str(folder), "--example", "QHC003", "nothing"]) == EXIT_ERROR


def _example(data: dict) -> Example:
    rule = next(r for r in Linter().all_rules if r.id == "GL101")
    return Example(rule, "fail", {"name": "x", **data})


@pytest.mark.parametrize("base", ["zeros", "small", "generated", 12])
def test_every_base_is_a_consistent_report(base):
    report = base_report("v2021", base)
    assert not broken_relations(report)
    if base == "zeros":
        assert all(v == 0 for _, v in report.cells())
    if base == "small":
        assert 0 < max(report.value("t3", "r3_7_total", c) for c in ("natural", "total")) <= 10


def test_rebalance_keeps_every_other_relation_and_the_cells_set():
    report = example_report(_example({"base": "small", "rebalance": True, "set": {"t3.r3_2_partial.legal": 40}}))
    assert report.value("t3", "r3_2_partial", "legal") == 40 and not broken_relations(report)
    plain = example_report(_example({"base": "small", "set": {"t3.r3_2_partial.legal": 40}}))
    assert broken_relations(plain)  # without rebalance only the named cell changes


def test_a_rebalance_that_cannot_hold_says_which_relation():
    contradiction = {"t3.r1_new.natural": 5, "t3.r1_new.commercial": 1, "t3.r1_new.total": 2}
    with pytest.raises(ExampleError, match=r"rebalance 无法让其余关系保持成立：t3\.row_total（r1_new）"):
        example_text(_example({"base": "zeros", "rebalance": True, "set": contradiction}))


def test_the_folder_you_name_wins_over_an_installed_pack_with_one_note(tmp_path, monkeypatch):
    pack = write(tmp_path / "pack", "QHC003.yaml", CEILING)
    mine = write(tmp_path / "mine", "QHC003.yaml", CEILING.replace("<= 110", "<= 120"))
    monkeypatch.setattr("govlint.plugin.manager.Plugins.rule_paths", lambda self: [ROOT / "rules", pack])
    linter = Linter(extra_rule_dirs=[mine])
    rule = next(r for r in linter.all_rules if r.id == "QHC003")
    assert "<= 120" in rule.check["assert"] and len(linter.notes) == 1 and "the folder you named wins" in linter.notes[0]
    with pytest.raises(RuleFileError, match="duplicate rule id"):  # two folders you named: no choice to make
        _ = Linter(extra_rule_dirs=[mine, pack]).all_rules


def test_a_builtin_rule_id_is_never_replaced(tmp_path):
    folder = write(tmp_path / "mine", "GL101.yaml", CEILING.replace("QHC003", "GL101"))
    with pytest.raises(RuleFileError, match="GL101"):
        _ = Linter(extra_rule_dirs=[folder]).all_rules


def test_the_same_folder_named_twice_is_loaded_once(tmp_path):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING)
    assert [r.id for r in Linter(extra_rule_dirs=[folder, folder]).all_rules].count("QHC003") == 1


def test_a_rules_documentation_url_is_the_sarif_help_uri_and_shown_by_rules(tmp_path, capsys):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING.replace("rationale:", "url: https://rules.example.invalid/QHC003\nrationale:"))
    assert main(["rules", "QHC003", "--rules", str(folder)]) == EXIT_OK
    assert "文档 / documentation: https://rules.example.invalid/QHC003" in capsys.readouterr().out
    draft = tmp_path / "draft.md"
    draft.write_text(example_text(next(e for e in iter_examples(Linter(extra_rule_dirs=[folder]).all_rules) if e.id == "QHC003_fail_many")), encoding="utf-8")
    main(["check", "--rules", str(folder), "--format", "sarif", "--select", "QHC003", str(draft)])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules if r["id"] == "QHC003"] == ["https://rules.example.invalid/QHC003"]


def test_a_folder_rule_without_url_has_no_help_uri_pointing_at_govlints_own_rules_page(tmp_path, capsys):
    folder = write(tmp_path / "city", "QHC003.yaml", CEILING)
    draft = tmp_path / "draft.md"
    draft.write_text(example_text(next(e for e in iter_examples(Linter(extra_rule_dirs=[folder]).all_rules) if e.id == "QHC003_fail_many")), encoding="utf-8")
    main(["check", "--rules", str(folder), "--format", "sarif", str(draft)])
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]}
    assert "helpUri" not in rules["QHC003"] and "](" not in rules["QHC003"]["help"]["markdown"]
    assert all(r["helpUri"].endswith(f"#{i.lower()}") for i, r in rules.items() if i.startswith("GL"))


def test_builtin_rationales_cite_sections_of_the_shipped_spec():
    spec = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"(?m)^#{2,3} (\d+(?:\.\d+)?)\.? ", spec))
    for rule in Linter().all_rules:
        assert "format-spec" not in rule.rationale, rule.id
        for cited in re.findall(r"docs/spec\.md ((?:§[\d.]+[、,]?\s*)+)", rule.rationale):
            for section in re.findall(r"§(\d+(?:\.\d+)?)", cited):
                assert section in headings, f"{rule.id} cites §{section}, which docs/spec.md does not have"


def test_rules_of_a_configured_pack_that_is_not_installed_are_a_warning_naming_it(tmp_path, capsys):
    config = tmp_path / ".govlint.yaml"
    config.write_text("plugins: [govlint-example-agency]\nselect: [GL1, EX001]\nseverity: {EX001: info}\n", encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text((ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "--config", str(config), str(draft)]) in (EXIT_OK, EXIT_FINDINGS)
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "「EX001」" in err and "govlint-example-agency 没有安装" in err
    config.write_text("select: [GL1, EX001]\n", encoding="utf-8")  # no pack declared: a typo stays an error
    assert main(["check", "--config", str(config), str(draft)]) == EXIT_ERROR


def test_the_city_pack_of_writing_rules_md_passes_rules_test_as_written(tmp_path, capsys):
    """Done when: a city's three rules (a cell threshold, a mention in section 一, a share between
    two rows), taken from the docs alone, pass ``govlint rules --test``."""
    doc = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    files = re.findall(r"```yaml\n(# city-rules/(\S+\.yaml)\n.*?)```", doc, re.S)
    assert sorted(name for _, name in files) == ["QHC001.yaml", "QHC002.yaml", "QHC003.yaml"]
    folder = tmp_path / "city-rules"
    for text, name in files:
        write(folder, name, text)
    kinds = {r.id: r.check["kind"] for r in Linter(extra_rule_dirs=[folder]).all_rules if r.id.startswith("QHC")}
    assert kinds == {"QHC001": "relation", "QHC002": "mentions", "QHC003": "relation"}
    assert main(["rules", "--test", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "6 examples: 6 passed, 0 failed" in out and "FAIL" not in out
    documented = re.search(r"```text\n\$ govlint rules --test city-rules\n(.*?)```", doc, re.S).group(1)  # type: ignore[union-attr]
    assert out == documented


def test_a_message_may_use_the_rules_named_terms_and_no_other_name(tmp_path):
    share = CEILING.replace('assert: "t3[r3_7_total][total] <= 110"', 'terms: {done: "t3[r3_7_total][total]"}\n  assert: "done <= 110"')
    write(tmp_path / "ok", "QHC003.yaml", share.replace("（七）总计 {left} 件", "（七）总计 {done} 件"))
    assert "QHC003" in {r.id for r in Linter(extra_rule_dirs=[tmp_path / "ok"]).all_rules}
    write(tmp_path / "bad", "QHC003.yaml", share.replace("（七）总计 {left} 件", "（七）总计 {dnoe} 件"))
    with pytest.raises(RuleFileError, match="第4行 message.*dnoe"):
        _ = Linter(extra_rule_dirs=[tmp_path / "bad"]).all_rules
    write(tmp_path / "unused", "QHC003.yaml", share.replace('terms: {done: "t3[r3_7_total][total]"}', 'terms: {done: "t3[r3_7_total][total]", open: "t3[r3_1_open][total]"}'))
    with pytest.raises(RuleFileError, match="terms 中的 open 在表达式中没有用到"):
        _ = Linter(extra_rule_dirs=[tmp_path / "unused"]).all_rules
