"""Inline suppressions, baselines and batch runs, through the library API and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from govlint.api import lint_text
from govlint.runner import Options, lint_paths
from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"
TEXT = SAMPLE.read_text(encoding="utf-8")
T4_ROW = "| 2 | 1 | 0 | 0 | 4 |"


def rules(result) -> list[str]:
    return [d.rule for d in result.diagnostics]


def test_disable_next_line_with_reason_silences_only_that_line():
    text = TEXT.replace("\n" + T4_ROW, "\n<!-- govlint-disable-next-line GL104：复议数按上级口径 -->\n" + T4_ROW)
    result = lint_text(text)
    assert "GL104" not in rules(result) and "GL103" in rules(result)
    assert result.suppressed == 1 and "GL901" not in rules(result)


def test_disable_line_at_the_end_of_a_table_row_keeps_columns_right():
    line = next(l for l in TEXT.split("\n") if l.startswith(T4_ROW))
    text = TEXT.replace(line, line + " <!-- govlint-disable-line t4：已核实 -->")
    result = lint_text(text)
    assert "GL104" not in rules(result)


def test_file_level_directive_by_group_and_unused_and_reasonless_directives():
    text = "<!-- govlint-disable-file arithmetic：汇总口径 -->\n" + TEXT
    assert not {"GL103", "GL104"} & set(rules(lint_text(text)))
    stale = TEXT.replace("五、存在的主要问题", "<!-- govlint-disable-next-line GL101 -->\n五、存在的主要问题")
    found = lint_text(stale)
    assert {"GL901", "GL902"} <= set(rules(found))
    gl901 = next(d for d in found.diagnostics if d.rule == "GL901")
    assert stale.split("\n")[gl901.line - 1].startswith("<!-- govlint-disable-next-line")


def test_baseline_survives_edits_above_and_reports_only_new_findings(tmp_path):
    report = tmp_path / "2024.md"
    report.write_text(TEXT, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--write-baseline", str(baseline), str(report)]) == EXIT_OK
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["version"] == 1 and all("line=" not in f["key"] for f in document["findings"])
    # Text inserted above the tables moves every line; the baseline still matches.
    report.write_text(TEXT.replace("一、总体情况\n", "一、总体情况\n\n新增的一段说明文字。\n\n"), encoding="utf-8")
    assert main(["check", "--baseline", str(baseline), str(report)]) == EXIT_OK
    # A new defect is reported with the narrative finding it makes doubtful (GL311, one group);
    # the fixed one is counted as fixed, with the narrative finding it had made doubtful (GL310).
    report.write_text(TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", "| 2 | 1 | 0 | 0 | 3 |").replace("| 1 | 0 | 0 | 1 | 2 |", "| 1 | 0 | 0 | 1 | 5 |"), encoding="utf-8")
    (result,) = lint_paths([report], options=Options(baseline=str(baseline)))
    assert [d.rule for d in result.diagnostics] == ["GL311", "GL105"] and result.baseline_fixed == 2
    assert len({d.group for d in result.diagnostics}) == 1 and result.diagnostics[0].group is not None


def test_batch_directories_globs_skips_and_unreadable_files(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.md", "b.md", "c.txt"):
        shutil.copy(SAMPLE, folder / name)
    (folder / "notes.txt").write_text("会议纪要：下周二开会。\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (folder / "image.png").write_bytes(b"\x89PNG")
    results = lint_paths([folder])
    names = [Path(r.path).name for r in results]
    assert names == sorted(names) and "image.png" not in names
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["notes.txt"].skipped and not by_name["notes.txt"].error
    assert by_name["broken.txt"].error and by_name["c.txt"].diagnostics
    assert [Path(r.path).name for r in lint_paths([str(folder / "*.md")])] == ["a.md", "b.md"]
    assert main(["check", str(folder)]) == EXIT_ERROR  # one unreadable file: the run finishes, exit 2
    out = capsys.readouterr()
    assert "c.txt" in out.out and "broken.txt" in out.err and "跳过" in out.out


def test_jobs_give_identical_results_in_the_same_order(tmp_path):
    for index in range(12):
        text = TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", f"| 2 | 1 | 0 | 0 | {4 + index} |")
        (tmp_path / f"r{index:02}.md").write_text(text, encoding="utf-8")
    serial = lint_paths([tmp_path], jobs=1)
    parallel = lint_paths([tmp_path], jobs=2)
    assert serial == parallel


def test_fail_level_and_output_files(tmp_path):
    warn_only = TEXT.replace("| 10 | 2 | 0 | 0 | 0 | 0 | 12 |", "| 9 | 2 | 0 | 0 | 0 | 0 | 11 |").replace(T4_ROW, "| 2 | 1 | 0 | 0 | 3 |")
    report = tmp_path / "r.md"
    report.write_text(warn_only, encoding="utf-8")
    assert main(["check", str(report)]) == EXIT_OK
    assert main(["check", "--fail-level", "warning", str(report)]) == EXIT_FINDINGS
    sarif, junit = tmp_path / "out.sarif", tmp_path / "junit.xml"
    main(["check", "--format", "json", "--output-file", f"sarif={sarif}", "--output-file", f"junit={junit}", str(report)])
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert junit.read_text(encoding="utf-8").lstrip().startswith("<")
