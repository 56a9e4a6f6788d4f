"""The command line end to end: exit codes, formats, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main
from govlint.testing import build_report, render_with_positions

from .conftest import needs_shared, seed

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, text=True, cwd=ROOT)


@needs_shared
def test_parse_json_has_the_documented_shape():
    result = run("parse", "--format", "json", str(seed("002")))
    assert result.returncode == EXIT_OK, result.stderr
    model = json.loads(result.stdout)
    t3 = next(t for t in model["tables"] if t["key"] == "t3")
    row = next(r for r in t3["rows"] if r["key"] == "r1_new")
    assert row["label"] == "一、本年新收政府信息公开申请数量" and row["line"] == 39
    assert {k: row["cells"][-1][k] for k in ("value", "raw", "line", "column", "column_key")} == {
        "value": 110, "raw": "110", "line": 39, "column": 35, "column_key": "total"
    }


def test_sample_report_shows_findings_and_fails():
    result = run("check", str(SAMPLE))
    assert result.returncode == EXIT_FINDINGS
    assert "GL103" in result.stdout and "GL104" in result.stdout


def test_json_output_keys(tmp_path):
    result = run("check", "--format", "json", str(SAMPLE))
    items = json.loads(result.stdout)["files"][0]["findings"]
    assert items and {"path", "line", "column", "rule", "severity", "message"} <= set(items[0])


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02binary\x00", b"PK\x03\x04 not really a zip", "纯文本，不是报告。".encode("gbk")[:3] + b"\xff\xff\xff"],
)
def test_bad_input_exit_2_one_line_no_traceback(tmp_path, content):
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == EXIT_ERROR
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and " / " in result.stderr


def test_text_that_is_not_a_report_is_an_input_error(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("今天天气很好。\n明天开会。\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == EXIT_ERROR and "不像是政府信息公开工作年度报告" in result.stderr


def test_a_truncated_report_parses_as_far_as_it_goes_and_says_what_is_missing(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "truncated.md"
    path.write_text(text[: text.index("（五）不予处理")], encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == EXIT_FINDINGS
    for words in ("GL001", "缺少必备章节「四、政府信息公开行政复议、行政诉讼情况」", "GL012"):
        assert words in result.stdout


def test_missing_file_is_an_input_error(tmp_path):
    assert main(["check", str(tmp_path / "nope.txt")]) == EXIT_ERROR


def test_rules_lists_and_explains(capsys):
    assert main(["rules"]) == EXIT_OK
    assert "GL101" in capsys.readouterr().out
    assert main(["rules", "t3.balance"]) == EXIT_OK
    assert "勾稽关系" in capsys.readouterr().out
    assert main(["rules", "GL999"]) == EXIT_ERROR


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    result = run("check", str(path))
    assert result.returncode == EXIT_ERROR and "文件过大" in result.stderr and "Traceback" not in result.stderr


def test_a_gbk_draft_is_read_not_refused(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    result = run("check", str(path))
    assert result.returncode == EXIT_FINDINGS and "GL104" in result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (["--rules", "/nonexistent-folder"], "规则目录不存在"),
        (["--template", "v1999"], "没有模板「v1999」"),
        (["--output-file", "junit=/nonexistent-folder/x.xml"], "无法写入"),
    ],
)
def test_bad_options_are_errors_not_tracebacks(args, words):
    result = run("check", *args, str(SAMPLE))
    assert result.returncode == EXIT_ERROR and words in result.stderr and "Traceback" not in result.stderr


def test_space_layout_row_with_its_category_in_front(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n"
        "三、本年度办理结果  （一）予以公开  1 0 0 0 0 0 1\n（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0\n",
        encoding="utf-8",
    )
    model = json.loads(run("parse", "--format", "json", str(path)).stdout)
    t3 = next(t for t in model["tables"] if t["key"] == "t3")
    assert [(r["key"], r["status"]) for r in t3["rows"]] == [("r3_1_open", "ok"), ("r3_3_1", "ok")]


def test_version():
    result = run("--version")
    assert result.returncode == EXIT_OK and result.stdout.startswith("govlint ")


def test_pre_commit_style_runs_skip_named_non_reports(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# 说明\n本仓库存放年度报告草稿。\n", encoding="utf-8")
    plain = run("check", str(readme), str(SAMPLE))
    assert plain.returncode == EXIT_ERROR
    skipping = run("check", "--skip-non-reports", str(readme), str(SAMPLE))
    assert skipping.returncode == EXIT_FINDINGS and "跳过" in skipping.stdout


def test_a_file_named_twice_is_linted_once(tmp_path):
    result = run("check", "--format", "json", str(SAMPLE), str(SAMPLE), str(SAMPLE.parent / "*.md"))
    files = json.loads(result.stdout)["files"]
    assert len(files) == 1 and len([i for i in files[0]["findings"] if i["rule"] == "GL104"]) == 1


def test_a_crashing_check_kind_fails_that_file_not_the_run(tmp_path, monkeypatch):
    from govlint.api import Linter
    from govlint.check.kinds.cells import CellsKind

    def broken(self, context, mode):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(CellsKind, "run", broken)
    result = Linter().lint_file(SAMPLE)
    assert result.error and "GL02" in result.error and "ZeroDivisionError" in result.error


@pytest.mark.parametrize("number", ["1" * 5000, "1" + ",000" * 2000])
def test_a_number_too_long_for_any_report_is_a_finding_not_a_traceback(tmp_path, number):
    report = build_report("v2021", seed=7)
    text, where = render_with_positions(report, "tabs")
    lines = text.split("\n")
    line, column = where[("t3", "r3_7_total", "total")]  # （七）总计 总计, a cell every sum goes through
    cell = str(report.value("t3", "r3_7_total", "total"))
    lines[line - 1] = lines[line - 1][: column - 1] + number + lines[line - 1][column - 1 + len(cell) :]
    text = "\n".join(lines).replace("申请", f"共收到申请{'9' * 5000}件。", 1)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True, text=True)
    assert "Traceback" not in done.stderr and "出错" not in done.stderr
    assert "[GL021]" in done.stdout and "位整数" in done.stdout and done.returncode == 1


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "40", "200"])
def test_help_is_as_wide_as_argparse_makes_it(monkeypatch, capsys, columns):
    """The command line's formatter asks for the terminal's width without shutil, and gets shutil's answer."""
    import argparse
    import shutil

    from govlint import cli

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._terminal_columns() == shutil.get_terminal_size().columns
    texts = []
    for formatter in (cli._HelpFormatter, argparse.HelpFormatter):
        monkeypatch.setattr(cli, "_HelpFormatter", formatter)
        for args in (["--help"], ["check", "--help"], ["pairs", "--help"]):
            with pytest.raises(SystemExit):
                cli._parser().parse_args(args)
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1] and "--no-cache" in texts[0]


def test_a_check_imports_no_shutil(tmp_path):
    """argparse's formatters import shutil for the terminal's width (with bz2 and lzma): govlint's do not (the second
    run: the first, with an empty cache folder, looks up the installed plugins and validates the rules).  The child
    starts without ``site`` (``-S``) and with this process's import path: an environment's ``.pth`` file may import
    shutil at every start of the interpreter (one that imports certifi does, through importlib.resources)."""
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = f"import sys; sys.path[:] = {sys.path!r}; from govlint.cli import main; main(sys.argv[1:]); print('shutil' in sys.modules)"
    command = [sys.executable, "-S", "-c", code, "check", "--no-cache", "--jobs", "1", str(SAMPLE)]
    first, second = (subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for _ in range(2))
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1] and second.stdout.splitlines()[-1] == "False", second.stderr
