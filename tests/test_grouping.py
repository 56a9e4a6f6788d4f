"""A finding never swallows another: one defect is one group, every member a finding of its own.

The order after the check (directives → configuration → grouping → places → baseline) is
:mod:`govlint.check.pipeline`; these tests drive it through the CLI and the library API.
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import Linter, lint_text
from govlint.runner import Options, lint_paths
from govlint.baseline import Baseline
from govlint.check.consolidate import ARITHMETIC, origin
from govlint.cli import EXIT_FINDINGS, EXIT_OK, main
from govlint.config import Config
from govlint.diagnostics import Severity, grouped
from govlint.report.base import FormatContext
from govlint.report.formats import GithubFormat, JsonFormat, JunitFormat, SarifFormat, TextFormat
from govlint.testing import CLEAN_LAYOUTS, build_report, extra_rule_yaml, extra_rules, mutate_one, pick_from_draw, render, reports

from .conftest import needs_shared, seed
from .test_formats import sarif

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
CITY_SHARE = "sum(t3[{r3_4_1, r3_4_2, r3_4_3}][total]) * 2 <= t3[r3_7_total][total]"
BUILTIN = Linter()
BUILTIN_RULES = {r.id: r for r in BUILTIN.rules}
SHARED_TOTALS = (("t3", "r3_7_total", "total"), ("t3", "r1_new", "total"), ("t4", "cases", "rv_total"))


def rule_folder(folder: Path, assertion: str, severity: str = "error", groups: tuple[str, ...] = ("extra",)) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "XT001.yaml").write_text(extra_rule_yaml(assertion, severity, groups), encoding="utf-8")
    return folder


def wrong_total() -> str:
    """The sample's v2021 numbers, generated: （七）总计 总计 one too many breaks GL101, GL102, GL103."""
    report = build_report("v2021", seed=7)
    return render(report.with_value("t3", "r3_7_total", "total", report.value("t3", "r3_7_total", "total") + 1), "tabs")


@needs_shared
def test_a_baselined_city_rule_does_not_hide_a_new_arithmetic_error(tmp_path, capsys, monkeypatch):
    """The reproduction of issue 8: seed 002, one city relation rule, a baseline, then 110 → 111."""
    monkeypatch.chdir(tmp_path)
    rules = rule_folder(tmp_path / "city", CITY_SHARE)
    report = tmp_path / "002.txt"
    text = seed("002").read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    assert main(["check", "--rules", str(rules), "--write-baseline", "base.json", str(report)]) == EXIT_OK
    assert [f["rule"] for f in json.loads(Path("base.json").read_text(encoding="utf-8"))["findings"]] == ["XT001"]
    lines = text.split("\n")
    assert lines[61].endswith("\t110")
    lines[61] = lines[61][: -len("110")] + "111"
    report.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--rules", str(rules), "--baseline", "base.json", "--format", "json", str(report)]) == EXIT_FINDINGS
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in found] == [("GL101", 62), ("GL102", 62), ("GL103", 62)]
    assert {f["group"]["id"] for f in found} == {1} and [f["group"]["primary"] for f in found] == [True, False, False]


def test_a_threshold_rule_on_the_same_cell_absorbs_nothing(tmp_path):
    """A custom rule that flags the wrong total itself (even one claiming ``arithmetic``) stands alone."""
    for severity in ("error", "warning"):
        rules = rule_folder(tmp_path / severity, "t3[r3_7_total][total] <= 1", severity, ("extra", "arithmetic"))
        result = lint_text(wrong_total(), linter=Linter(extra_rule_dirs=[rules]))
        by_rule = {d.rule: d for d in result.diagnostics}
        assert {"GL101", "GL102", "GL103", "XT001"} <= set(by_rule)
        assert by_rule["XT001"].group is None and by_rule["XT001"].severity.label == severity
        assert len({by_rule[r].group for r in ("GL101", "GL102", "GL103")}) == 1 and by_rule["GL101"].group
        (primary, related), *_ = [pair for pair in grouped(result.diagnostics) if pair[0].group]
        assert sorted(d.rule for d in (primary, *related)) == ["GL101", "GL102", "GL103"]


def test_a_narrative_finding_about_a_wrong_total_is_related_not_dropped():
    result = lint_text(SAMPLE, "sample.md")
    gl104 = next(d for d in result.diagnostics if d.rule == "GL104")
    gl310 = next(d for d in result.diagnostics if d.rule == "GL310")
    assert gl104.group is not None and gl310.group == gl104.group and gl310.severity < gl104.severity
    assert "GL104" in gl310.hint
    assert (gl104, (gl310,)) in grouped(result.diagnostics)


def test_a_group_is_hidden_only_when_every_member_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = wrong_total()
    full = lint_text(text, "r.txt")
    members = [d for d in full.diagnostics if d.group]
    assert len(members) >= 3
    everything = Baseline.of([full])
    assert not lint_text(text, "r.txt", linter=Linter(baseline=everything)).diagnostics
    # A baseline that knows only the primary: the others are new, and reported.
    primary = grouped(full.diagnostics)[0][0]
    partial = Baseline.of([type(full)("r.txt", (primary,))])
    left = lint_text(text, "r.txt", linter=Linter(baseline=partial))
    assert [d.rule for d in left.diagnostics] == [d.rule for d in full.diagnostics if d is not primary]
    assert left.baselined == 1 and left.baseline_fixed == 0


def test_a_directive_silences_one_member_and_the_rest_stay_grouped():
    text = wrong_total()
    lines = text.split("\n")
    at = next(d.line for d in lint_text(text).diagnostics if d.rule == "GL103")
    lines.insert(at - 1, "<!-- govlint-disable-next-line GL102：已与统计口径核对 -->")
    result = lint_text("\n".join(lines))
    rules = {d.rule: d for d in result.diagnostics}
    assert "GL102" not in rules and result.suppressed == 1
    assert rules["GL101"].group == rules["GL103"].group is not None


def test_configuration_applies_to_directive_findings_and_before_grouping():
    stale = SAMPLE.replace("五、存在的主要问题", "<!-- govlint-disable-next-line GL101：旧说明 -->\n五、存在的主要问题")
    config = Config({"severity": {"GL901": "error", "GL104": "info"}}, {})
    result = lint_text(stale, linter=Linter(config=config))
    by_rule = {d.rule: d for d in result.diagnostics}
    assert by_rule["GL901"].severity is Severity.ERROR
    # GL104 turned into info: GL310 (warning) is no longer of lower severity, so it stands alone.
    assert by_rule["GL104"].severity is Severity.INFO and by_rule["GL310"].group is None
    ignored = Linter(config=Config({"per_file_ignores": {"*": ["GL901"]}}, {}))
    assert "GL901" not in {d.rule for d in lint_text(stale, "x.md", linter=ignored).diagnostics}


def test_every_format_carries_every_member(linter):
    result = lint_text(wrong_total(), "r.txt", linter=linter)
    members = [d for d in result.diagnostics if d.group]
    context = FormatContext(rules={r.id: r for r in linter.rules})
    text = TextFormat().format([result], context)
    primary, related = grouped(result.diagnostics)[0]
    assert text.count("同一问题 related: r.txt:") == len(related) == len(members) - 1
    assert f"{len(result.diagnostics)} 个错误" in text
    items = json.loads(JsonFormat().format([result], context))["files"][0]["findings"]
    assert len(items) == len(result.diagnostics)
    for item in items:
        assert {r["rule"] for r in item["group"]["related"]} | {item["rule"]} == {d.rule for d in members}
    log = sarif([result], context)["runs"][0]["results"]
    assert len(log) == len(result.diagnostics)
    head = next(r for r in log if r["properties"]["group"]["primary"])
    members_there = [loc["message"]["text"] for loc in head["relatedLocations"] if loc["message"]["text"].startswith("同一问题")]
    assert members_there == [f"同一问题 related: {d.severity.label} [{d.rule}] {d.message}" for d in related]
    assert GithubFormat().format([result], context).count("::error ") == len(result.diagnostics)
    suite = ET.fromstring(JunitFormat().format([result], context)).find("testsuite")
    assert int(suite.get("failures")) == len(result.diagnostics)


def test_origin_knows_the_builtin_pack_from_a_custom_one(tmp_path):
    rules = {r.id: r for r in Linter(extra_rule_dirs=[rule_folder(tmp_path / "x", "t3[r1_new][total] <= 1", groups=("arithmetic",))]).rules}
    assert origin(rules["GL101"]) == ARITHMETIC and origin(rules["GL301"]) == "builtin" and origin(rules["XT001"]) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), report=reports(), layout=st.sampled_from(CLEAN_LAYOUTS))
def test_a_changed_number_is_reported_whatever_the_pack_and_the_baseline(data, report, layout):
    """Any report, the built-in pack plus any extra rule, any baseline written before one number changes:
    every arithmetic finding about the change is reported, whatever the extra rule and the baseline say.
    Half of the changes hit a total that several relations share, where groups form."""
    shared = data.draw(st.one_of(st.none(), st.sampled_from(SHARED_TOTALS)))
    changed, (table, row, column) = mutate_one(report, pick_from_draw(data.draw), shared)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "XT001.yaml").write_text(data.draw(extra_rules(report)), encoding="utf-8")
        before = lint_text(render(report, layout), "report.txt", linter=Linter(extra_rule_dirs=[Path(folder)]))
        baseline = Baseline.of([before])
        after = lint_text(render(changed, layout), "report.txt", linter=Linter(extra_rule_dirs=[Path(folder)], baseline=baseline))
    expected = [d for d in lint_text(render(changed, layout), "report.txt", linter=BUILTIN).diagnostics if origin(BUILTIN_RULES[d.rule]) == ARITHMETIC]
    assert any((e.table, e.row, e.column) == (table, row, column) for d in expected for e in d.evidence), "the oracle"
    reported = {(d.rule, d.line, d.column, d.message) for d in after.diagnostics}
    missing = [d for d in expected if (d.rule, d.line, d.column, d.message) not in reported]
    assert not missing, [f"{d.rule} {d.line}:{d.column} {d.message}" for d in missing]
    assert all(d.group is None for d in after.diagnostics if d.rule == "XT001")


def test_lint_paths_applies_the_baseline_per_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(wrong_total(), encoding="utf-8")
    Path("b.txt").write_text(render(build_report("v2021", seed=7), "tabs"), encoding="utf-8")
    assert main(["check", "--write-baseline", "base.json", "a.txt"]) == EXIT_OK
    results = lint_paths(["a.txt", "b.txt"], options=Options(baseline="base.json"), jobs=2)
    assert [r.diagnostics for r in results] == [(), ()] and results[0].baselined >= 3
