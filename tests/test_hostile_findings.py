"""Inputs that repeat one defect many times on a line: findings and outputs stay small."""

from __future__ import annotations

import time
from pathlib import Path

from govlint.api import Linter
from govlint.check.kinds.placeholders import MAX_PER_LINE
from govlint.check.kinds.rows import MAX_EVIDENCE_CELLS
from govlint.testing.fuzz import lint_input

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
LINE = "一、总体情况\n"


def _placeholders(text: str) -> list:
    return [d for d in Linter().lint_bytes(text.encode("utf-8"), "r.md").diagnostics if d.rule == "GL206"]


def test_200000_identical_placeholders_on_a_line_are_one_finding_in_every_format():
    """A line of 200,000 「（文字描述）」 made 200,002 findings and about 2 GB of JSON and SARIF."""
    line = "（文字描述）" * 200_000
    text = TEXT.replace(LINE, f"{LINE}\n{line}\n", 1)
    start = time.monotonic()
    result = lint_input(text.encode("utf-8"))  # every output format too
    assert time.monotonic() - start < 30  # about 2 s
    found = [d for d in result.diagnostics if d.rule == "GL206"]
    assert len(found) == 1
    assert found[0].column == 1 and found[0].span.end_column == 7
    assert "「（文字描述）」（本行共出现 200000 次，此处为第一次）" in found[0].message


def test_each_different_placeholder_on_a_line_is_its_own_finding_with_its_count():
    line = "本年度（文字描述）培训XX次，（文字描述）发文××份，XX。"
    found = _placeholders(TEXT.replace(LINE, f"{LINE}\n{line}\n", 1))
    assert [(d.column, d.actual) for d in found] == [(4, "（文字描述）"), (12, "XX"), (24, "××")]
    assert "共出现 2 次" in found[0].message and "共出现 2 次" in found[1].message
    assert "共出现" not in found[2].message


def test_a_line_of_too_many_different_placeholders_says_how_many_are_not_listed():
    line = "".join(f"（文字描述第{n}段）" for n in range(MAX_PER_LINE + 30)) + "（文字描述第0段）"
    found = _placeholders(TEXT.replace(LINE, f"{LINE}\n{line}\n", 1))
    assert len(found) == MAX_PER_LINE
    assert all("另有" not in d.message for d in found[:-1])
    assert "（本行另有 30 处其他占位符未逐一列出）" in found[-1].message
    assert "共出现 2 次" in found[0].message


def test_a_row_of_200000_numbers_is_one_finding_with_bounded_evidence_in_every_format():
    """GL015 named every cell of the row as evidence: 200,006 related places, 1 GB of SARIF."""
    row = "| | | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    assert row in TEXT
    text = TEXT.replace(row, row.rstrip("|\n") + " | 1" * 200_000 + " |\n", 1)
    start = time.monotonic()
    result = lint_input(text.encode("utf-8"))  # every output format too
    assert time.monotonic() - start < 30  # about 3 s
    (long,) = [d for d in result.diagnostics if d.rule == "GL015"]
    assert "实际有 200007 个" in long.message
    assert len(long.evidence) == MAX_EVIDENCE_CELLS


def test_a_label_pasted_with_megabytes_of_tabs_is_quoted_shortened_everywhere():
    """The fuzz's tabs pasted into a one-cell-per-line report made a row label of 20 MB, quoted whole
    in GL013's message and location: every output of that one finding was 20–40 MB (36 s, 3.5 GB)."""
    import json

    from govlint.check.rules import MAX_QUOTED
    from govlint.testing.fuzz import Base

    base = Base.get("cells_per_line:utf-8-sig")
    at = int(len(base) * 0.33)
    data = base[:at] + b"\t" * 10_000 + base[at:]
    lines = data.split(b"\n")
    row = next(i for i, line in enumerate(lines) if b"\t" in line)
    lines[row : row + 1] = [lines[row]] * 200
    result = Linter().lint_bytes(b"\n".join(lines), "cells.txt")
    assert result.error is None and result.diagnostics
    for finding in result.diagnostics:
        assert len(finding.message) < 2 * MAX_QUOTED + 200
        assert len(json.dumps(finding.to_dict(), ensure_ascii=False, default=str)) < 20_000
    assert any("字）" in d.message for d in result.diagnostics)  # the long label, shortened, with its length
