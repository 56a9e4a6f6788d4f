"""Reports whose layout a crawler destroyed: flattened onto one line, or one table cell per line.

Generated reports are rendered in those layouts (``govlint.testing``): what the text still
holds is read back exactly, at its place in the file as written; what it lost is reported
once per table, honestly, and never guessed.  The two real files in ../shared/corpus/real are
checked too: every relation holds in them, so no arithmetic error and no missing section.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import lint_text
from govlint.diagnostics import Severity
from govlint.model import RowStatus
from govlint.parse import parse_text
from govlint.read import read_bytes
from govlint.read.text import TextReader
from govlint.testing import GeneratedReport, build_report, mutate_one, pick_from_draw, render, render_bytes, render_with_positions, reports

from .conftest import REAL, Linter, needs_shared

LINTER = Linter()
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECTIONS = ("s1", "s2", "s3", "s4", "s5", "s6")


def _read(text: str, report: GeneratedReport) -> dict[tuple[str, str, str], object]:
    """Every generated cell as the parser read it: (value, line, column), or the row's status."""
    model = parse_text(text)
    found: dict[tuple[str, str, str], object] = {}
    for key, _ in report.cells():
        table = model.table(key[0])
        row = table.row(key[1]) if table else None
        cell = row.cell(key[2]) if row else None
        found[key] = (cell.value, cell.span.line, cell.span.column) if cell else (row.status if row else None)
    return found


# --------------------------------------------------------------------------- flattened onto one line


@SETTINGS
@given(reports(), st.sampled_from(["flattened", "flattened_tables"]))
def test_flattened_report_reads_its_headings_and_one_column_tables_and_reports_each_glued_table_once(report, layout):
    text, where = render_with_positions(report, layout)
    lines = text.split("\n")
    model = parse_text(text)
    assert [s.key for s in model.sections] == list(SECTIONS)
    for section in model.sections:  # each heading found inside the long line, at its own column
        span = section.heading.span
        assert lines[span.line - 1][span.column - 1 :].startswith(section.heading.text)
    wide = {t.key for t in report.template.tables if len(t.columns) > 1}
    read = _read(text, report)
    for key, value in report.cells():
        if key[0] in wide:
            assert read[key] == RowStatus.GLUED, key  # never split into guessed cells
        else:
            assert read[key] == (value, *where[key]), key
    found = [(d.rule, d.location.table) for d in lint_text(text, linter=LINTER).diagnostics]
    assert sorted(found) == sorted(("GL016", t) for t in wide), found


def test_flattened_glued_table_names_the_rows_and_what_to_read_instead():
    text = render(build_report("v2021", seed=1), "flattened")
    (finding,) = [d for d in lint_text(text, linter=LINTER).diagnostics if d.location.table == "t3"]
    assert finding.rule == "GL016" and finding.severity is Severity.ERROR
    assert "等 25 行" in finding.message and "HTML、Word 或 PDF" in finding.hint
    assert len(finding.evidence) == 25  # every glued row is there, none hidden


def test_flattened_headings_and_row_labels_worded_otherwise_are_still_found():
    text = render(build_report("v2021", seed=1), "flattened")
    for old, new in (
        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"),  # 平潭 2022
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
        ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开"),
    ):
        text = text.replace(old, new)
    found = {(d.rule, d.location.table or d.location.section) for d in lint_text(text, linter=LINTER).diagnostics}
    assert found == {("GL016", "t2_1"), ("GL016", "t3"), ("GL016", "t4"), ("GL005", "s4"), ("GL014", "t3")}, found
    t3 = parse_text(text).table("t3")
    assert {r.key for r in t3.rows} == {r.key for r in build_report("v2021").template.table("t3").rows}


@SETTINGS
@given(reports())
def test_whitespace_collapsed_to_spaces_reads_every_number_and_heading_at_its_place(report):
    text, where = render_with_positions(report, "flattened_spaced")
    assert _read(text, report) == {key: (value, *where[key]) for key, value in report.cells()}
    line = text.split("\n")[5]
    model = parse_text(text)
    assert [s.key for s in model.sections] == list(SECTIONS)
    for heading in (s.heading for s in model.sections):
        assert line[heading.span.column - 1 :].startswith(heading.text), heading.text
    for row in (r for t in model.tables for r in t.rows if r.label):
        assert line[row.span.column - 1 :].startswith(row.label), row.label


# --------------------------------------------------------------------------- one cell per line


@SETTINGS
@given(reports(), st.sampled_from(["\n", "\r\n"]))
def test_one_cell_per_line_reads_every_number_at_its_own_line(report, newline):
    source = read_bytes(render_bytes(report, "cells_per_line", "utf-8", newline), "page.txt", [TextReader()])
    text, where = render_with_positions(report, "cells_per_line")
    assert source.lines == tuple(text.split("\n")[:-1])
    assert _read(text, report) == {key: (value, *where[key]) for key, value in report.cells()}
    assert all(t.layout == "cells" for t in parse_text(text).tables if t.key)


@SETTINGS
@given(st.data(), reports())
def test_one_cell_per_line_catches_a_changed_number_at_its_line(data, report):
    changed, key = mutate_one(report, pick_from_draw(data.draw))
    text, where = render_with_positions(changed, "cells_per_line")
    errors = [d for d in lint_text(text, linter=LINTER).diagnostics if d.severity is Severity.ERROR]
    assert any(d.rule.startswith("GL1") for d in errors), key
    places = {(d.line, d.column) for d in errors} | {(e.span.line, e.span.column) for d in errors for e in d.evidence}
    assert where[key] in places, key  # the changed number, at its own line


@SETTINGS
@given(st.data(), reports())
def test_dropped_blank_cells_are_one_finding_per_table_never_guessed(data, report):
    rows = [r.key for r in report.template.table("t3").data_rows]
    chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=6, unique=True))
    column = data.draw(st.sampled_from([c.key for c in report.template.table("t3").columns]))
    text, where = render_with_positions(report, "cells_per_line")
    lines = text.split("\n")
    for row in chosen:  # the crawler drops a blank cell's line
        lines[where[("t3", row, column)][0] - 1] = ""
    text = "\n".join(lines)
    found = lint_text(text, linter=LINTER).diagnostics
    assert [(d.rule, d.location.table) for d in found] == [("GL015", "t3")], [d.message for d in found]
    read = _read(text, report)
    for row in rows:
        for c in report.template.table("t3").columns:
            key = ("t3", row, c.key)
            expected = RowStatus.SHORT if row in chosen else (report.value(*key), *where[key])
            assert read[key] == expected, key


def test_a_number_broken_over_two_lines_makes_its_row_unreadable_once():
    report = build_report("v2021", seed=2)
    text = render(report, "cells_per_line_broken")
    found = lint_text(text, linter=LINTER).diagnostics
    assert [(d.rule, d.location.table) for d in found] == [("GL015", "t3")]
    assert "多出" in found[0].message and not [d for d in found if d.rule.startswith("GL1")]


def test_header_cells_on_their_own_lines_are_header_not_rows():
    model = parse_text(render(build_report("v2021", seed=4), "cells_per_line"))
    t3 = model.table("t3")
    assert {"自然人", "总计", "商业企业"} <= {h.text for h in t3.header}
    assert all(row.key is not None for row in t3.rows)


def test_detection_is_by_content_not_by_file_name():
    text = render(build_report("v2019", seed=5), "cells_per_line")
    as_markdown, as_text = parse_text(text, "report.md"), parse_text(text, "page.txt")
    assert as_markdown.sections == as_text.sections and as_markdown.tables[-1].layout == "cells"


# --------------------------------------------------------------------------- the real files


def _real(name: str) -> list:
    return lint_text((REAL / name).read_text(encoding="utf-8"), name, linter=LINTER).diagnostics


@needs_shared
def test_real_flattened_report_finds_its_sections_and_reports_each_glued_table_once():
    found = _real("pingtan-2023-flattened.txt")
    rules = [d.rule for d in found]
    assert not [r for r in rules if r.startswith("GL1") or r == "GL001"], rules
    assert sorted((d.rule, d.location.table) for d in found if d.severity is Severity.ERROR) == [
        ("GL016", "t2_1"), ("GL016", "t3"), ("GL016", "t4")
    ]
    assert len(found) <= 5
    line = (REAL / "pingtan-2023-flattened.txt").read_text(encoding="utf-8").split("\n")[9]
    model = parse_text((REAL / "pingtan-2023-flattened.txt").read_text(encoding="utf-8"))
    assert [s.key for s in model.sections] == list(SECTIONS)
    for section in model.sections:
        assert section.heading.span.line == 10
        assert line[section.heading.span.column - 1 :].startswith(section.heading.text)
    assert model.table("t2_5").row("licensing").cell("decisions").value == 2629  # one column: no guess needed


@needs_shared
def test_real_one_cell_per_line_report_reads_every_row():
    found = _real("sanming-2022-cells.txt")
    assert not [d for d in found if d.severity is Severity.ERROR], [d.message for d in found]
    assert len(found) <= 3
    model = parse_text((REAL / "sanming-2022-cells.txt").read_text(encoding="utf-8"))
    t3 = model.table("t3")
    assert all(r.status in (RowStatus.OK, RowStatus.CATEGORY) for r in t3.rows) and len(t3.rows) == 30
    total = t3.row("r3_7_total")
    assert [c.value for c in total.cells] == [336, 5, 0, 1, 0, 4, 346]
    assert [c.span.line for c in total.cells] == list(range(444, 451))
    assert model.table("t4").row("cases").cells[0].span.line == 479
