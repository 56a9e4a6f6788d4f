"""Output formats: text (carets by display width, colour, summary), json, sarif, github, junit."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker, validators

from govlint.api import lint_text
from govlint.api_types import FileResult
from govlint.diagnostics import Diagnostic, Evidence, Location, Severity, grouped
from govlint.model import Span
from govlint.plugin.manager import plugins
from govlint.report.base import FormatContext
from govlint.report.formats import (
    BUILTIN_FORMATTERS,
    JSON_FORMAT_VERSION,
    GithubFormat,
    JsonFormat,
    JunitFormat,
    SarifFormat,
    TextFormat,
)
from govlint.report.github import escape_data, escape_property
from govlint.report.sarif import FINGERPRINT_KEY, artifact_uri
from govlint.report.text import caret_line, display_width

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SAMPLE_PATH = "examples/sample-report.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def with_lines(result: FileResult, text: str) -> FileResult:
    """What the API will fill in: the source text of each line a diagnostic points at."""
    source = text.splitlines()
    return replace(result, lines={d.line: source[d.line - 1] for d in result.diagnostics if 1 <= d.line <= len(source)})


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(linter, sample_text) -> FileResult:
    result = with_lines(lint_text(sample_text, SAMPLE_PATH, linter=linter), sample_text)
    assert result.diagnostics, "the sample report is meant to have findings"
    return result


@pytest.fixture(scope="module")
def context(linter) -> FormatContext:
    return FormatContext(rules={r.id: r for r in linter.rules})


def diagnostic(**changes) -> Diagnostic:
    base = Diagnostic(
        rule="GL103",
        name="t3.disposal_sum",
        severity=Severity.ERROR,
        message="「自然人」列：（七）总计 37 ≠ 各办理结果之和 38（相差 -1）",
        path="report.md",
        span=Span(3, 9, 11),
        location=Location(section="s3", table="t3", row="r3_7_total", column="natural"),
        expected=38,
        actual=37,
    )
    return replace(base, **changes)


# --- registration -------------------------------------------------------------------------


def test_all_builtin_formats_are_registered_through_the_plugin_hook():
    names = set(plugins().formatters())
    assert {"text", "concise", "json", "sarif", "github", "gitlab", "junit", "html"} <= names
    assert {cls.name for cls in BUILTIN_FORMATTERS} == {"text", "concise", "json", "sarif", "github", "gitlab", "junit", "html"}


# --- text ---------------------------------------------------------------------------------


def test_display_width_counts_cjk_and_full_width_as_two():
    assert display_width("abc") == 3
    assert display_width("总计") == 4
    assert display_width("（七）") == 6  # full-width brackets
    assert display_width("ｱ") == 1  # half-width katakana
    assert display_width("e\u0301") == 1  # combining accent takes no column


def test_caret_sits_under_the_number_after_cjk_text():
    line = "| （七）总计 | 37 | 42 |"
    column = line.index("37") + 1
    carets = caret_line(line, column, column + 2)
    assert carets == " " * display_width("| （七）总计 | ") + "^^"
    assert carets.index("^") == 15  # 2 + 6 + 4 + 3


def test_caret_covers_wide_characters_twice_and_never_vanishes():
    assert caret_line("标签「总计」", 3, 5) == "    ^^^^"
    assert caret_line("abc", 2, 0) == " ^"  # no end column: one caret
    assert caret_line("abc", 9, 0) == "   ^"  # past the end: at the end


def test_text_shows_source_line_and_caret_under_the_offending_number(sample, context):
    out = TextFormat().format([sample], context)
    lines = out.splitlines()
    for d, related in grouped(sample.diagnostics):
        for r in related:  # the same defect: under its primary, one line each
            assert f"    同一问题 related: {r.path}:{r.line}:{r.column}: {r.severity.label} [{r.rule}] {r.message}" in lines
        header = f"{d.path}:{d.line}:{d.column}: {d.severity.label} [{d.rule}] {d.message}"
        assert header in lines
        at = lines.index(header)
        source, carets = lines[at + 1], lines[at + 2]
        assert source == "    " + sample.lines[d.line]
        start = carets.index("^")
        assert start == 4 + display_width(sample.lines[d.line][: d.column - 1])
        assert len(carets) - start == max(display_width(sample.lines[d.line][d.column - 1 : d.span.end_column - 1]), 1)


def test_text_for_a_cjk_line_puts_the_caret_by_display_width():
    text = "（二）依申请公开。本年共收到政府信息公开申请45件。"
    column = text.index("45") + 1
    result = FileResult("r.md", (diagnostic(path="r.md", span=Span(1, column, column + 2), severity=Severity.WARNING),), lines={1: text})
    out = TextFormat().format([result], FormatContext())
    caret = out.splitlines()[2]
    assert caret == "    " + " " * (2 * (column - 1)) + "^^"


def test_text_without_lines_hint_and_place(sample, context):
    bare = replace(sample, lines={})
    out = TextFormat().format([bare], context)
    assert "^" not in out
    d = diagnostic(hint="检查「（七）总计」行", place="表3 第12行 第4列")
    out = TextFormat().format([FileResult("report.docx", (d,))], context)
    assert "    提示：检查「（七）总计」行" in out
    assert "    位置：「表3 第12行 第4列」" in out


def test_colour_is_off_by_default_and_on_when_asked(sample, context):
    plain = TextFormat().format([sample], context)
    assert "\x1b[" not in plain
    coloured = TextFormat().format([sample], replace(context, color=True))
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_summary_counts_in_chinese_and_english(sample, context):
    errors, warnings, infos = (sample.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    out = TextFormat().format([sample, FileResult("clean.md")], context)
    last = out.splitlines()[-1]
    assert last.startswith(f"检查了 2 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示 / 2 files checked: ")
    assert f"{errors} error" in last and f"{warnings} warning" in last


def test_empty_result_is_just_the_summary():
    assert TextFormat().format([], FormatContext()) == (
        "检查了 0 个文件：0 个错误，0 个警告，0 个提示 / 0 files checked: 0 errors, 0 warnings, 0 infos\n"
    )
    assert TextFormat().format([FileResult("a.md")], FormatContext()) == (
        "检查了 1 个文件：0 个错误，0 个警告，0 个提示 / 1 file checked: 0 errors, 0 warnings, 0 infos\n"
    )


def test_input_errors_skips_suppressed_baselined_and_fixed_counts():
    results = [
        FileResult("bad.txt", error="文件为空 / the file is empty"),
        FileResult("notes.txt", skipped="不像是年度报告 / not a report"),
        FileResult("a.md", (diagnostic(path="a.md"),), suppressed=2, baselined=3),
    ]
    out = TextFormat().format(results, FormatContext(baseline_fixed=4))
    assert "bad.txt" not in out.splitlines()[0]  # unreadable files go to stderr (the CLI), counted here
    assert "notes.txt: 跳过 skipped 不像是年度报告 / not a report" in out
    *_, summary, extra = out.splitlines()
    assert summary.startswith("检查了 1 个文件：1 个错误，0 个警告，0 个提示；1 个文件无法读取；跳过 1 个文件 / 1 file checked: 1 error")
    assert extra == "已抑制 2 条，基线中已知 3 条，基线中已修复 4 条 / 2 suppressed, 3 baselined, 4 baselined findings fixed"


def test_statistics_table_before_the_summary(sample, context):
    out = TextFormat().format([sample], replace(context, statistics=True))
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("规则 rule"))
    assert lines[-1].startswith("检查了")
    counts = {}
    for d in sample.diagnostics:
        counts[d.rule] = counts.get(d.rule, 0) + 1
    table = lines[header + 1 : header + 1 + len(counts)]
    for row in table:
        rule_id, count, severity, title = row.split(maxsplit=3)
        assert int(count) == counts[rule_id]
        assert severity in ("error", "warning", "info")
        assert title == context.rules[rule_id].title
    assert [int(r.split()[1]) for r in table] == sorted(counts.values(), reverse=True)


# --- json ---------------------------------------------------------------------------------


def test_json_is_an_envelope_with_every_file_its_status_and_a_summary(sample, context):
    results = [sample, FileResult("bad.txt", error="x"), FileResult("notes.txt", skipped="不像是年度报告"), FileResult("clean.md")]
    document = json.loads(JsonFormat().format(results, replace(context, baseline_fixed=2)))
    assert document["version"] == JSON_FORMAT_VERSION == 2
    assert [(f["path"], f["status"], f["reason"]) for f in document["files"]] == [
        (sample.path, "checked", None), ("bad.txt", "unreadable", "x"), ("notes.txt", "skipped", "不像是年度报告"), ("clean.md", "clean", None)
    ]
    items = document["files"][0]["findings"]
    assert len(items) == len(sample.diagnostics) and all(not f["findings"] for f in document["files"][1:])
    for item in items:
        assert {"path", "line", "column", "rule", "severity", "message"} <= set(item)
        assert item["severity"] in ("error", "warning", "info")
    errors = sum(1 for d in sample.diagnostics if d.severity == Severity.ERROR)
    assert document["summary"] == {
        "files": 4, "checked": 1, "clean": 1, "skipped": 1, "unreadable": 1,
        "findings": {"error": errors, "warning": len(items) - errors, "info": 0},
        "suppressed": 0, "baselined": 0, "baseline_fixed": 2,
    }
    assert [json.loads(JsonFormat().format([r], context))["files"][0] for r in results] == [r.to_dict() for r in results]


def test_json_is_written_one_finding_a_line(sample, context):
    """Each finding is one line (the C encoder, greppable); an empty batch is still a document."""
    lines = JsonFormat().format([sample], context).splitlines()
    assert sum(1 for line in lines if line.startswith('      {"path": ')) == len(sample.diagnostics)
    assert json.loads(JsonFormat().format([], context))["files"] == []


def test_json_keys_are_all_documented(sample, context):
    doc = (ROOT / "docs" / "output-formats.md").read_text(encoding="utf-8")
    document = json.loads(JsonFormat().format([sample], context))
    items = document["files"][0]["findings"]
    keys = {k for k in document} | {f"files[].{k}" for k in document["files"][0]} | {f"summary.{k}" for k in document["summary"]}
    keys |= {k for item in items for k in item}
    keys |= {f"location.{k}" for item in items for k in item["location"]}
    keys |= {f"evidence[].{k}" for item in items for e in item["evidence"] for k in e}
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"undocumented JSON keys: {missing}"


# --- sarif --------------------------------------------------------------------------------

_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def sarif_validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    assert cls is Draft4Validator  # the OASIS schema declares draft-04
    cls.check_schema(schema)
    checker = FormatChecker()
    checker.checks("uri")(lambda v: not isinstance(v, str) or (_URI_CHARS.match(v) is not None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v) is not None))
    checker.checks("uri-reference")(lambda v: not isinstance(v, str) or _URI_CHARS.match(v) is not None)
    return cls(schema, format_checker=checker)


def sarif(results, context) -> dict:
    log = json.loads(SarifFormat().format(results, context))
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return log


def test_the_vendored_schema_is_the_official_one():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def test_sarif_is_valid_and_describes_the_rules(sample, context):
    log = sarif([sample], context)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "govlint" and driver["version"] and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == list(dict.fromkeys(d.rule for d in sorted(sample.diagnostics, key=Diagnostic.sort_key)))  # in the order of their first result
    for descriptor in driver["rules"]:
        rule = context.rules[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.rationale
        assert descriptor["helpUri"].endswith(f"docs/rules.md#{rule.id.lower()}")
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.label]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert len(run["results"]) == len(sample.diagnostics)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == SAMPLE_PATH
    with_evidence = [r for r, d in zip(run["results"], sorted(sample.diagnostics, key=Diagnostic.sort_key)) if d.evidence]
    assert all(r["relatedLocations"] for r in with_evidence)


def test_sarif_regions_are_the_diagnostic_spans(context):
    d = diagnostic(span=Span(7, 12, 14), evidence=(Evidence("left", Span(7, 12), "37", 37, "t3", "r3_7_total", "natural"),))
    (result,) = sarif([FileResult("report.md", (d,))], context)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 12, "endColumn": 14}
    assert result["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 12, "endColumn": 14}
    assert result["level"] == "error" and result["message"]["text"] == d.message


def test_sarif_input_errors_are_tool_notifications(context):
    results = [FileResult("报告 草稿.txt", error="文件为空 / the file is empty"), FileResult("a.md", skipped="not a report")]
    invocation = sarif(results, context)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    levels = [n["level"] for n in invocation["toolExecutionNotifications"]]
    assert levels == ["error", "note"]
    assert invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E6%8A%A5%E5%91%8A%20%E8%8D%89%E7%A8%BF.txt"
    )


def test_sarif_without_results_and_rules_unknown_to_the_context():
    assert sarif([], FormatContext())["runs"][0]["results"] == []
    d = diagnostic(rule="ACME001", name="acme.custom", severity=Severity.INFO, location=Location())
    log = sarif([FileResult("a.md", (d,))], FormatContext())
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "ACME001"
    assert log["runs"][0]["results"][0]["level"] == "note"


def test_artifact_uris_use_forward_slashes_and_are_uri_references():
    assert artifact_uri("reports\\2024\\a.md") == "reports/2024/a.md"
    assert artifact_uri("C:\\reports\\a.md") == "file:///C:/reports/a.md"
    assert artifact_uri("/srv/reports/a b.md") == "file:///srv/reports/a%20b.md"
    assert artifact_uri("年报.md") == "%E5%B9%B4%E6%8A%A5.md"


def test_sarif_fingerprints_survive_a_line_inserted_above(linter, sample_text, context):
    def fingerprints(text: str) -> dict[str, int]:
        log = sarif([lint_text(text, SAMPLE_PATH, linter=linter)], context)
        results = log["runs"][0]["results"]
        return {r["partialFingerprints"][FINGERPRINT_KEY]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}

    before = fingerprints(sample_text)
    lines = sample_text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("一、总体情况"))
    after = fingerprints("".join(lines[:at] + ["\n"] + lines[at:]))
    assert len(before) == len(after) > 0  # every fingerprint distinct
    assert set(before) == set(after)
    assert all(after[key] == line + 1 for key, line in before.items())


def test_sarif_fingerprints_distinguish_repeated_findings(context):
    d = diagnostic(location=Location())
    results = sarif([FileResult("a.md", (d, replace(d, span=Span(9, 1, 2))))], context)["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(set(prints)) == 2 and prints[0].endswith(":1") and prints[1].endswith(":2")


# --- github -------------------------------------------------------------------------------


def test_github_escaping_follows_the_actions_toolkit():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(sample, context):
    out = GithubFormat().format([sample], context)
    annotations = [line for line in out.splitlines() if line.startswith("::") and not line.startswith("::group") and line != "::endgroup::"]
    assert len(annotations) == len(sample.diagnostics)
    for line, d in zip(annotations, sorted(sample.diagnostics, key=Diagnostic.sort_key)):
        command = {"error": "error", "warning": "warning", "info": "notice"}[d.severity.label]
        expected = f"::{command} file={SAMPLE_PATH},line={d.line},col={d.column},"
        assert line.startswith(expected)
        assert f"title={d.rule} " in line
    assert "::group::" in out and out.rstrip().endswith("::endgroup::")


def test_github_escapes_message_and_properties():
    d = diagnostic(
        path="dir,odd:name\\r.md",
        severity=Severity.INFO,
        message="合计 100% 不符\n第二行",
        hint="核对",
        span=Span(2, 3, 5),
    )
    out = GithubFormat().format([FileResult(d.path, (d,))], FormatContext())
    first = out.splitlines()[0]
    assert first == (
        "::notice file=dir%2Codd%3Aname/r.md,line=2,col=3,endColumn=5,title=GL103 t3.disposal_sum"
        "::合计 100%25 不符%0A第二行%0A提示：核对"
    )


def test_github_unreadable_file_is_an_error_annotation():
    out = GithubFormat().format([FileResult("bad.txt", error="文件为空 / the file is empty")], FormatContext())
    assert out.splitlines()[0].startswith("::error file=bad.txt,title=")
    assert out.splitlines()[0].endswith("::文件为空 / the file is empty")


# --- junit --------------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(sample, context):
    results = [
        sample,
        FileResult("clean.md"),
        FileResult("info-only.md", (diagnostic(path="info-only.md", severity=Severity.INFO),)),
        FileResult("bad.txt", error="文件为空 / the file is empty"),
        FileResult("notes.txt", skipped="not a report"),
    ]
    root = ET.fromstring(JunitFormat().format(results, context).encode("utf-8"))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "govlint"
    failing = [d for d in sample.diagnostics if d.severity >= Severity.WARNING]
    failures = suite.findall("testcase/failure")
    assert len(failures) == len(failing) == int(suite.get("failures"))
    assert sorted(f.get("type") for f in failures) == sorted(d.rule for d in failing)
    assert {c.get("classname") for c in suite.findall("testcase") if c.find("failure") is not None} == {SAMPLE_PATH}
    passing = [c for c in suite.findall("testcase") if len(c) == 0]
    assert {c.get("classname") for c in passing} == {"clean.md", "info-only.md"}
    assert len(suite.findall("testcase/error")) == 1 == int(suite.get("errors"))
    assert len(suite.findall("testcase/skipped")) == 1 == int(suite.get("skipped"))
    assert int(suite.get("tests")) == len(suite.findall("testcase"))
    assert "info-only.md" in suite.find("system-out").text


def test_junit_survives_characters_xml_cannot_carry():
    d = diagnostic(message="坏字符\x0b在这里")
    out = JunitFormat().format([FileResult("a.md", (d,))], FormatContext())
    failure = ET.fromstring(out.encode("utf-8")).find("testsuite/testcase/failure")
    assert "\ufffd" in failure.get("message")


def test_github_log_has_no_colour_codes_even_on_a_terminal(sample, context):
    assert "\x1b[" not in GithubFormat().format([sample], replace(context, color=True))
