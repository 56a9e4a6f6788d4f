"""Super-linear time on hostile input: many directives, many repeated rows."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from govlint.api import Linter, lint_text
from govlint.read import MAX_LINES
from govlint.testing import build_report, render

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
T3_ROW = "| | | 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"


def _timed(text: str):
    """The CPU time of one lint: the ratios below compare two sizes, and wall time on a shared
    machine counts other processes' load (one busy moment made a linear run look quadratic)."""
    start = time.process_time()
    result = lint_text(text, linter=Linter())
    return result, time.process_time() - start


def test_20000_disable_next_line_directives_take_linear_time():
    directives = "<!-- govlint-disable-next-line GL103：已核实 -->\n" * 20_000
    result, seconds = _timed(TEXT.replace("一、总体情况\n", "一、总体情况\n" + directives, 1))
    assert seconds < 15  # 81 s when each directive searched forward for its line
    assert sum(d.rule == "GL901" for d in result.diagnostics) == 20_000


def test_a_next_line_directive_on_the_last_line_covers_nothing():
    plain = {d.rule for d in lint_text(TEXT).diagnostics}
    result = lint_text(TEXT.rstrip("\n") + "\n<!-- govlint-disable-next-line GL103：已核实 -->")
    assert "GL103" in plain and "GL103" in {d.rule for d in result.diagnostics}
    assert result.suppressed == 0 and "GL901" in {d.rule for d in result.diagnostics}


def _repeated(text: str, count: int, label: str | None = None) -> str:
    """``text`` with its 3.其他 row of table 3 followed by ``count`` copies of it, relabelled ``label``."""
    row = next(line for line in text.splitlines(keepends=True) if "3.其他" in line and "0" in line)
    return text.replace(row, row + (row.replace("3.其他", label) if label else row) * count, 1)


PASTED = [("pipes", "3.其他事项"), ("tabs", "3.其他事项"), ("spaces", "3.其他事项"), ("tabs", None), ("spaces", None)]


@pytest.mark.parametrize(("layout", "label"), PASTED, ids=[f"{layout}-{'unknown' if label else 'known'}" for layout, label in PASTED])
def test_repeated_and_relabelled_rows_cost_the_same_per_row(layout, label):
    """Row labels are matched through an index and cached similarity: 10,000 rows of an unknown
    label (GL013 each) or of a known one (one GL019) cost per row what 1,000 do, in every layout
    (difflib used to run per row and template row, and each unknown row searched the table for itself)."""
    text = TEXT if layout == "pipes" else render(build_report("v2021"), layout)
    _, small = _timed(_repeated(text, 1_000, label))
    result, large = _timed(_repeated(text, 10_000, label))
    assert result.error is None and large < 15 * small + 2
    rules = Counter(d.rule for d in result.diagnostics)
    assert (rules["GL013"], rules["GL019"]) == ((10_000, 0) if label else (0, 1))


def _findings(text: str) -> list[tuple[str, int, str]]:
    return [(d.rule, d.line, d.message) for d in lint_text(text).diagnostics]


def test_a_thousand_unknown_rows_are_a_thousand_findings_and_change_no_other():
    """Each pasted row is its own GL013 on its own line; every other finding stays as it was (shifted)."""
    row_line = TEXT.splitlines().index(T3_ROW.rstrip("\n")) + 1
    plain, pasted = _findings(TEXT), _findings(_repeated(TEXT, 1_000, "3.其他事项"))
    unknown = [f for f in pasted if f[0] == "GL013"]
    assert [line for _, line, _ in unknown] == list(range(row_line + 1, row_line + 1_001))
    assert all("「3.其他事项」" in message and "模板中没有对应的行" in message for _, _, message in unknown)
    shifted = [(rule, line + 1_000 if line > row_line else line, message) for rule, line, message in plain]
    assert [f for f in pasted if f[0] != "GL013"] == shifted


def test_a_relabelled_row_keeps_its_candidate_among_a_thousand_unknown_rows():
    """The row standing where one template row is missing still names it (by place), however many
    unknown rows sit elsewhere, and that template row is not reported missing as well."""
    relabelled = TEXT.replace("| 2.重复申请 |", "| 2.重复提交的申请 |", 1)
    findings = _findings(_repeated(relabelled, 1_000, "3.其他事项"))
    named = [f for f in findings if f[0] == "GL013" and "模板中缺少「2.重复申请」" in f[2]]
    assert len(named) == 1 and "「2.重复提交的申请」" in named[0][2]
    assert sum(f[0] == "GL013" for f in findings) == 1_001 and not any(f[0] == "GL012" for f in findings)


def test_pasted_copies_of_known_rows_mixed_with_unknown_ones_are_one_repeat_finding():
    """A block cycling through known, unknown and unlabelled rows: the known copies are one GL019
    (counted), every other row its own GL013, none paired with a template row (none is missing)."""
    labels = ["3.其他事项", "3.其他", "", "完全无关的一行"]
    row = next(line for line in TEXT.splitlines(keepends=True) if line == T3_ROW)
    block = "".join(row.replace("3.其他", labels[i % 4], 1) if labels[i % 4] != "3.其他" else row for i in range(1_000))
    findings = _findings(TEXT.replace(T3_ROW, T3_ROW + block, 1))
    repeats = [f for f in findings if f[0] == "GL019"]
    assert len(repeats) == 1 and "「3.其他 等 250 行」" in repeats[0][2]
    unknown = [f for f in findings if f[0] == "GL013"]
    assert len(unknown) == 750 and all("模板中没有对应的行" in f[2] for f in unknown)


def test_more_lines_than_a_report_can_hold_are_one_error():
    result = Linter().lint_bytes((TEXT.replace(T3_ROW, T3_ROW * (MAX_LINES + 1), 1)).encode("utf-8"), "rows.md")
    assert "行数过多" in result.error


def test_a_row_with_thousands_of_words_in_its_label_costs_linear_time():
    """A giant run of words pasted into a row (the fuzz's 「XX 」 × 200,000 in a wrapped layout)
    made the wrapped-label pass key every suffix of the label: quadratic (8,000 words took 3.8 s)."""
    lines = render(build_report("v2019", seed=0), "wrapped").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("规范性文件 "))
    head, tail = lines[at].rsplit(" ", 1)

    def pasted(words: int) -> str:
        return "\n".join([*lines[:at], f"{head}{'XX ' * words} {tail}", *lines[at + 1 :]])

    _, small = _timed(pasted(2_000))
    result, large = _timed(pasted(32_000))
    assert result.error is None and result.diagnostics
    assert large < 16 * small + 2  # quadratic: 256 times the time


def test_a_long_section_of_narrative_counts_takes_linear_time():
    """Each count in the text looked back for its sentence's start over the whole prefix: a report of
    8,000 such paragraphs (1 MB) took 30 s, quadratic; boundaries are now listed once and bisected."""
    paragraph = "（二）依申请公开。本年共收到政府信息公开申请45件，上年结转2件，办结42件，结转下年度继续办理7件，均在法定期限内答复。\n\n"

    def longer(count: int) -> str:
        return TEXT.replace("（三）政府信息管理。", paragraph * count + "（三）政府信息管理。", 1)

    _, small = _timed(longer(2_000))
    result, large = _timed(longer(8_000))
    assert large < 6 * small + 1
    assert sum(d.rule == "GL301" for d in result.diagnostics) >= 8_000



def test_lines_past_the_reports_cell_budget_are_not_cut_into_cells():
    """The fuzz pasted 「0\t」 × 200,000 into a table row and the row was repeated 50 times: ten
    million cells, 34 s of parsing.  The first rows are cut (one is still one GL015 naming its
    count), the rest, past the report's budget of cells, are not."""
    from govlint.parse.lines import MAX_REPORT_CELLS

    giant = "（一）予以公开\t" + "0\t" * 200_000 + "\n"
    assert 2 * 200_000 <= MAX_REPORT_CELLS < 50 * 200_000
    result = lint_text(TEXT.replace(T3_ROW, T3_ROW + giant * 50, 1))
    assert result.error is None and all(len(d.message) < 2000 for d in result.diagnostics)
    assert len([d for d in result.diagnostics if d.rule == "GL015" and "实际有 200000 个" in d.message]) == 2
    (unread,) = [d for d in result.diagnostics if d.rule == "GL011"]  # the rest: said once, not checked
    assert "48 行" in unread.message and "未对其作任何核对" in unread.message
