"""Fixes: the one certain correction of a defect, in JSON and SARIF, made by `--fix`, shown by `--diff`."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import Linter, lint_text
from govlint.api_types import FileResult
from govlint.autofix import fix_file, fixes_of
from govlint.check.fixes import solve, written
from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main
from govlint.diagnostics import Fix
from govlint.model import Span
from govlint.read.docx import element_origins
from govlint.testing import CLEAN_LAYOUTS, build_report, fill_template_docx, render_bytes, render_html, render_with_positions

from .test_formats import context, sarif  # noqa: F401 - the fixture and the validating SARIF writer
from .test_formats_end_to_end import real

ARITHMETIC = {"GL101", "GL102", "GL103", "GL104", "GL105", "GL106", "GL110", "GL017"}
NEW = ("t3", "r1_new", "natural")  # in its row's total (GL102) and its column's balance (GL101)
TOTAL = ("t3", "r3_7_total", "total")  # in GL101, GL102 and GL103 at once


def _wrong(cell=NEW, by: int = 3, seed: int = 2):
    report = build_report("v2021", seed=seed)
    return report, report.with_value(*cell, int(report.value(*cell)) + by)


def _arithmetic(result: FileResult) -> list:
    assert result.error is None, result.error
    return [d for d in result.diagnostics if d.rule in ARITHMETIC]


# --------------------------------------------------------------------------- which findings carry a fix


@pytest.mark.parametrize("cell", [NEW, TOTAL])
@pytest.mark.parametrize("layout", CLEAN_LAYOUTS)
def test_one_wrong_cell_carries_its_correction_in_every_clean_layout(layout: str, cell) -> None:
    right, wrong = _wrong(cell)
    text, where = render_with_positions(wrong, layout)
    found = _arithmetic(lint_text(text, "draft.md"))
    assert len(found) >= 2 and {d.fix for d in found} == {found[0].fix} and found[0].fix is not None
    fix = found[0].fix
    line, column = where[cell]
    assert (fix.span.line, fix.span.column) == (line, column)
    assert text.splitlines()[line - 1][column - 1 : fix.span.end_column - 1] == fix.old
    assert Decimal(fix.new.translate(str.maketrans("０１２３４５６７８９，", "0123456789,")).replace(",", "")) == right.value(*cell)
    assert found[0].to_dict()["fix"] == {"line": line, "column": column, "end_column": fix.span.end_column, "old": fix.old, "new": fix.new, "place": None}
    fixed = _apply(text, [fix])
    assert not _arithmetic(lint_text(fixed, "draft.md"))


def _apply(text: str, fixes: list[Fix]) -> str:
    from govlint.autofix import edited_lines

    lines, made = edited_lines(text.split("\n"), fixes)
    assert made == fixes
    return "\n".join(lines)


def test_a_relation_broken_alone_gets_no_fix() -> None:
    """A wrong 复议 total breaks only GL104: the total or any of its parts could be the wrong cell."""
    _, wrong = _wrong(("t4", "cases", "rv_total"), by=1)
    text, _ = render_with_positions(wrong, "pipes")
    found = _arithmetic(lint_text(text, "draft.md"))
    assert [d.rule for d in found] == ["GL104"] and found[0].fix is None


def test_two_wrong_cells_of_one_row_get_no_fix() -> None:
    """Two cells of a row wrong: the row's total and two balances break, and no cell is in all three."""
    _, wrong = _wrong(NEW, by=1)
    wrong = wrong.with_value("t3", "r1_new", "commercial", int(wrong.value("t3", "r1_new", "commercial")) + 1)
    text, _ = render_with_positions(wrong, "pipes")
    found = _arithmetic(lint_text(text, "draft.md"))
    assert len(found) == 3 and all(d.fix is None for d in found)


def test_a_suppressed_finding_brings_no_fix() -> None:
    """With GL101 silenced on the balance row, GL102 is left alone: nothing is certain, no fix."""
    _, wrong = _wrong(NEW)
    text, where = render_with_positions(wrong, "pipes")
    found = _arithmetic(lint_text(text, "draft.md"))
    balance = next(d for d in found if d.rule == "GL101")
    lines = text.split("\n")
    lines.insert(balance.line - 1, "<!-- govlint-disable-next-line GL101：与统计科核对过 -->")
    kept = _arithmetic(lint_text("\n".join(lines), "draft.md"))
    assert [d.rule for d in kept] == ["GL102"] and kept[0].fix is None


def test_html_and_pdf_positions_are_rendered_so_they_carry_no_fix() -> None:
    _, wrong = _wrong(TOTAL)
    result = Linter().lint_bytes(render_html(wrong).encode("utf-8"), "draft.html")
    found = _arithmetic(result)
    assert len(found) == 3 and found[0].group is not None and all(d.fix is None for d in found)


def test_solve_reads_sign_scale_and_column_type() -> None:
    assert solve(10, 3, 1, "count") == 7  # a total three too high
    assert solve(10, 3, -1, "count") == 13  # a part three too low
    assert solve(10, 4, 2, "count") == 8  # a cell named twice
    assert solve(10, 3, 2, "count") is None  # no whole number fits
    assert solve(2, 3, 1, "count") is None and solve(2, 3, 1, "signed") == -1  # counts are never negative
    assert solve(Decimal("1.50"), Decimal("0.25"), 1, "decimal") == Decimal("1.25")
    assert solve(Decimal("1.5"), Decimal("0.25"), 1, "decimal") is None  # more decimals than the cell writes
    assert solve(10, 3, 0, "count") is None


def test_written_keeps_the_way_the_number_is_written() -> None:
    assert written("519", 516) == "516"
    assert written("1,304", 1301) == "1,301" and written("999", 1000) == "1000"
    assert written("５１９", 516) == "５１６" and written("１，３０４", 1301) == "１，３０１"
    assert written("12.50元", Decimal("12.25")) == "12.25元"
    assert written("-3", -1) == "-1" and written("+3", 2) is None
    assert written("5１9", 516) is None and written("1，304", 1301) is None  # half- and full-width mixed


# --------------------------------------------------------------------------- --fix and --diff on files


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8", "\n"), ("gbk", "\r\n"), ("utf-16", "\r\n"), ("utf-8-sig", "\n")])
def test_fix_writes_a_text_file_back_in_its_own_encoding_and_line_endings(tmp_path: Path, encoding: str, newline: str, capsys) -> None:
    right, wrong = _wrong(NEW)
    path = tmp_path / "draft.txt"
    path.write_bytes(render_bytes(wrong, "spaces", encoding, newline))
    assert main(["check", str(path), "--fix", "--no-progress"]) == EXIT_OK
    assert path.read_bytes() == render_bytes(right, "spaces", encoding, newline)
    err = capsys.readouterr().err
    assert f"+++ {path}" in err and "已修正 1 处" in err
    assert not _arithmetic(Linter().lint_file(path))


def test_diff_shows_the_change_and_changes_nothing(tmp_path: Path, capsys) -> None:
    right, wrong = _wrong(NEW)
    path = tmp_path / "draft.md"
    path.write_bytes(render_bytes(wrong, "pipes"))
    before = path.read_bytes()
    assert main(["check", str(path), "--diff"]) == EXIT_FINDINGS
    assert path.read_bytes() == before
    out = capsys.readouterr().out
    old, new = str(wrong.value(*NEW)), str(right.value(*NEW))
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 1 and removed[0][1:].replace(f" {old} ", f" {new} ") == added[0][1:]
    path.write_bytes(render_bytes(right, "pipes"))
    assert main(["check", str(path), "--diff"]) == EXIT_OK
    assert capsys.readouterr().out == ""


def test_a_sigterm_lost_in_a_fork_fixes_no_file(tmp_path: Path, sigterm_lost_in_a_fork) -> None:
    """os.fork swallows the KeyboardInterrupt of a SIGTERM that came while it ran: the run still
    ends (exit 2) before --fix rewrites any file."""
    _, wrong = _wrong(NEW)
    paths = [tmp_path / f"draft{n}.md" for n in range(2)]
    for path in paths:
        path.write_bytes(render_bytes(wrong, "pipes"))
    assert main(["check", "-j1", "--no-progress", "--fix", *map(str, paths)]) == EXIT_ERROR
    assert all(path.read_bytes() == render_bytes(wrong, "pipes") for path in paths)


def test_fix_reports_what_is_left(tmp_path: Path, capsys) -> None:
    """A defect with a fix and one without: the first is made, the second is still reported."""
    _, wrong = _wrong(NEW)
    wrong = wrong.with_value("t4", "cases", "rv_total", int(wrong.value("t4", "cases", "rv_total")) + 1)
    path = tmp_path / "draft.md"
    path.write_bytes(render_bytes(wrong, "pipes"))
    assert main(["check", str(path), "--fix", "--format", "json"]) == EXIT_FINDINGS
    (checked,) = json.loads(capsys.readouterr().out)["files"]
    (left,) = [d for d in checked["findings"] if d["rule"] in ARITHMETIC]
    assert left["rule"] == "GL104" and left["fix"] is None
    assert [d.rule for d in _arithmetic(Linter().lint_file(path))] == ["GL104"]


def test_a_baselined_defect_is_not_fixed(tmp_path: Path) -> None:
    _, wrong = _wrong(NEW)
    path = tmp_path / "draft.md"
    path.write_bytes(render_bytes(wrong, "pipes"))
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(path), "--write-baseline", str(baseline)]) == EXIT_OK
    before = path.read_bytes()
    assert main(["check", str(path), "--baseline", str(baseline), "--fix"]) == EXIT_OK
    assert path.read_bytes() == before


def test_a_fix_whose_text_moved_is_not_made(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text("一行\n519 件\n", encoding="utf-8")
    stale = Fix(Span(2, 2, 5), "519", "516")
    done = fix_file(str(path), [stale, Fix(Span(2, 1, 4), "519", "516")], Linter().read_bytes)
    assert done.count == 1 and done.data.decode("utf-8") == "一行\n516 件\n"


# --------------------------------------------------------------------------- Word


def _filled_wrong(tmp_path: Path):
    right, wrong = _wrong(TOTAL)
    path = tmp_path / "draft.docx"
    path.write_bytes(fill_template_docx(real("template-2021.docx"), wrong))
    return right, wrong, path


def _cells(path: Path) -> dict[str, tuple[str, list[bytes]]]:
    """Every table cell of a Word file: its text and its runs' formatting (rPr) as XML."""
    from lxml import etree

    body = docx.Document(str(path)).element.body
    out = {}
    for element, name in element_origins(body).items():
        if name.startswith("tc:"):
            runs = element.iter(qn("w:r"))
            formats = [etree.tostring(r.find(qn("w:rPr"))) if r.find(qn("w:rPr")) is not None else b"" for r in runs]
            out[name] = ("".join(t.text or "" for t in element.iter(qn("w:t"))), formats)
    return out


def test_fix_corrects_a_filled_word_template_in_the_cell_keeping_its_formatting(tmp_path: Path, capsys) -> None:
    right, wrong, path = _filled_wrong(tmp_path)
    found = _arithmetic(Linter().lint_file(path))
    assert {d.rule for d in found} == {"GL101", "GL102", "GL103"}
    fix = found[0].fix
    assert fix is not None and fix.place == found[0].place and fix.place.startswith("表")
    before = _cells(path)
    assert main(["check", str(path), "--fix"]) in (EXIT_OK, EXIT_FINDINGS)
    assert f"+++ {path}" in capsys.readouterr().err
    after = _cells(path)
    changed = {name for name in before if before[name] != after[name]}
    assert len(changed) == 1
    (name,) = changed
    assert before[name][0] == str(wrong.value(*TOTAL)) and after[name][0] == str(right.value(*TOTAL))
    assert before[name][1] == after[name][1]  # the cell's runs keep their font and size
    assert not _arithmetic(Linter().lint_file(path))


def test_sarif_carries_text_fixes_only(tmp_path: Path, context) -> None:  # noqa: F811 - the fixture
    _, wrong = _wrong(NEW)
    text, where = render_with_positions(wrong, "pipes")
    result = lint_text(text, "draft.md")
    results = sarif([result], context)["runs"][0]["results"]
    fixes = [r["fixes"] for r in results if "fixes" in r]
    assert len(fixes) == 2
    (change,) = fixes[0][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    line, column = where[NEW]
    assert replacement["deletedRegion"] == {"startLine": line, "startColumn": column, "endColumn": column + len(str(wrong.value(*NEW)))}
    assert replacement["insertedContent"]["text"] == str(wrong.value(*NEW) - 3)
    _, _, path = _filled_wrong(tmp_path)
    word = sarif([Linter().lint_file(path)], context)["runs"][0]["results"]
    assert not any("fixes" in r for r in word)


def test_fixes_of_gives_each_correction_once() -> None:
    _, wrong = _wrong(TOTAL)
    text, _ = render_with_positions(wrong, "pipes")
    result = lint_text(text, "draft.md")
    assert len([d for d in result.diagnostics if d.fix]) == 3 and len(fixes_of(result.diagnostics)) == 1


def test_replace_in_runs_splits_nothing_it_need_not() -> None:
    """An old number typed over two runs: the first run takes the new number, the second loses its share."""
    from govlint.autofix import replace_in_runs

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    paragraph = cell.paragraphs[0]
    paragraph.add_run("30").bold = True
    paragraph.add_run("125件")
    assert replace_in_runs(cell._tc, "30125", "30124")
    assert [r.text for r in paragraph.runs] == ["30124", "件"] and paragraph.runs[0].bold
    assert not replace_in_runs(cell._tc, "30125", "1")  # no longer there
    twice = document.add_table(rows=1, cols=1).cell(0, 0)
    twice.paragraphs[0].add_run("5 或 5")
    assert not replace_in_runs(twice._tc, "5", "6")  # in the cell twice: which one is meant is unknown


def test_a_file_that_cannot_be_fixed_is_reported_and_the_others_are_fixed(tmp_path: Path, capsys, monkeypatch) -> None:
    import govlint.autofix
    from govlint.errors import InputError

    _, wrong = _wrong(NEW)
    gone, kept = tmp_path / "gone.md", tmp_path / "kept.md"
    for path in (gone, kept):
        path.write_bytes(render_bytes(wrong, "pipes"))
    real_fix_file = govlint.autofix.fix_file

    def vanishing(path: str, fixes: list[Fix], read):
        if path == str(gone):  # removed between the lint and the fix
            raise InputError("无法读取文件：No such file or directory / cannot read file", path=path)
        return real_fix_file(path, fixes, read)

    monkeypatch.setattr(govlint.autofix, "fix_file", vanishing)
    assert main(["check", str(gone), str(kept), "--fix", "--jobs", "1"]) == 2
    assert f"{gone}: 无法读取文件" in capsys.readouterr().err
    assert not _arithmetic(Linter().lint_file(kept))
    assert _arithmetic(Linter().lint_file(gone))


@pytest.mark.parametrize(
    ("form", "says"),
    [("text", "可自动修正：将「{old}」改为「{new}」（govlint check --fix）"), ("html", "确定的改法：把「{old}」改为「<b>{new}</b>」")],
)
def test_the_text_output_and_the_html_page_say_what_fix_would_make(tmp_path: Path, capsys, form: str, says: str) -> None:
    right, wrong = _wrong(NEW)
    path = tmp_path / "draft.md"
    path.write_bytes(render_bytes(wrong, "pipes"))
    assert main(["check", str(path), "--format", form, "--color", "never"]) == EXIT_FINDINGS
    assert says.format(old=wrong.value(*NEW), new=right.value(*NEW)) in capsys.readouterr().out


def test_each_cell_of_a_broken_equality_knows_the_value_it_alone_would_need() -> None:
    """Read through the relation's sign and scale, and checked by evaluating the relation again,
    so a cell the relation divides by never gets a value that does not make it hold."""
    from govlint.check.base import CheckContext
    from govlint.check.kinds.relation import RelationKind
    from govlint.read.source import Source
    from govlint.read.text import split_lines
    from govlint.testing import render

    generated = build_report("v2021", seed=2)
    linter = Linter()
    report = linter.parse(Source(path="draft.md", lines=split_lines(render(generated, "pipes"))))
    context = CheckContext(report, next(t for t in linter.templates if t.id == "v2021"))
    new, carried = generated.value("t3", "r1_new", "total"), generated.value("t3", "r2_carried", "total")
    kind = RelationKind()

    def fits(assertion: str) -> dict:
        (finding,) = kind.run(context, kind.prepare({"kind": "relation", "table": "t3", "assert": assertion}))
        return {e.row: e.fits for e in finding.evidence}

    assert fits("t3[r1_new][total] - t3[r2_carried][total] * 2 == 0") == {
        "r1_new": 2 * carried, "r2_carried": new // 2 if new % 2 == 0 else None,
    }
    divided = fits("t3[r1_new][total] / t3[r2_carried][total] == 2")
    assert divided["r1_new"] == 2 * carried
    assert divided["r2_carried"] is None or new / divided["r2_carried"] == 2


def test_standard_input_is_diffed_and_never_written(tmp_path: Path, monkeypatch, capsys) -> None:
    """`govlint check - --stdin-filename draft.md --diff` shows the change; --fix would have to
    write the file the name stands for, which is not what was checked: refused."""
    import io
    import sys

    _, wrong = _wrong(NEW)
    data = render_bytes(wrong, "pipes")
    named = tmp_path / "draft.md"
    named.write_bytes(b"an older copy on disk\n")
    for flag, code in (("--diff", EXIT_FINDINGS), ("--fix", 2)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert main(["check", "-", "--stdin-filename", str(named), flag]) == code
        captured = capsys.readouterr()
        assert (f"+++ {named}" in captured.out) == (flag == "--diff")
        assert named.read_bytes() == b"an older copy on disk\n"


def test_only_sums_of_cells_times_constants_count_as_linear() -> None:
    """A value solved from a linear comparison is not evaluated against it again; a comparison
    that divides by a cell is, so a cell it divides by never gets a value that does not make it hold."""
    from govlint.check.expr import compile_relation
    from govlint.check.kinds.relation import _linear

    def linear(assertion: str) -> list[bool]:
        return [_linear(c.left) and _linear(c.right) for c in compile_relation(assertion).comparisons]

    assert linear("t3[r1_new][total] - t3[r2_carried][total] * 2 == 0") == [True]
    assert linear("sum(t3[r1_new][{total, natural}]) / 10 == -t3[r1_new][total] + 3") == [True]
    assert linear("t3[r1_new][total] / t3[r2_carried][total] == 2") == [False]
    assert linear("t3[r1_new][total] * 2 == 10 / (t3[r2_carried][total] + 1)") == [False]


@pytest.mark.parametrize(
    "assertion",
    [
        "t3[r3_7_total][total] == sum(t3[@disposal][total])",
        "t3[r1_new][total] - t3[r2_carried][total] * 2 == 0",
        "sum(t3[r1_new][{total, natural}]) / 10 == -t3[r1_new][total] + 3",
        "2 * (t3[r1_new][total] - t3[r2_carried][total]) == t3[r1_new][total] / 4",
    ],
)
def test_the_weights_read_off_a_linear_relation_are_what_a_cell_grown_by_one_changes(assertion: str) -> None:
    """A broken linear equality's fits come from each cell's weight read off the relation once;
    each weight is exactly what evaluating the relation with that cell one larger gives."""
    from dataclasses import replace as changed

    from govlint.check.evaluate import number_grid
    from govlint.check.kinds.relation import RelationKind
    from govlint.read.source import Source
    from govlint.read.text import split_lines
    from govlint.testing import render

    linter = Linter()
    report = linter.parse(Source(path="draft.md", lines=split_lines(render(build_report("v2021", seed=3), "pipes"))))
    grid = number_grid(report)
    plan = RelationKind.plan(RelationKind().prepare({"kind": "relation", "table": "t3", "assert": assertion}), next(t for t in linter.templates if t.id == "v2021"))
    (check,) = plan.checks
    assert check.linear
    weights = plan.cell_weights(check, {})
    assert weights
    before = check.left(grid, {}, None, "") - check.right(grid, {}, None, "")
    for key, weight in weights.items():
        table, row, cell = grid[key]
        grown = {**grid, key: (table, row, changed(cell, value=cell.value + 1))}
        assert check.left(grown, {}, None, "") - check.right(grown, {}, None, "") - before == weight


_ROWS = ("r1_new", "r2_carried", "r3_1_open", "r3_7_total", "$row")
_COLUMNS = ("natural", "total", "commercial", "$col")
_CONSTANTS = ("2", "3", "0.5", "1.25", "50%", "7%", "1", "0", "(1 - 3)", "10 / 4")


def _keyset(keys: tuple[str, ...]) -> st.SearchStrategy[str]:
    listed = st.lists(st.sampled_from(keys), min_size=1, max_size=3).map(lambda chosen: "{" + ", ".join(chosen) + "}")
    return st.one_of(st.sampled_from(keys), st.just("*"), listed)


_CELL = st.one_of(
    st.builds("t3[{}][{}]".format, st.sampled_from(_ROWS), st.sampled_from(_COLUMNS)),
    st.builds("sum(t3[{}][{}])".format, st.one_of(_keyset(_ROWS), st.just("@disposal")), _keyset(_COLUMNS)),
    st.sampled_from(["t2_8[fees][fee_amount]", "prev.t3[r4_carry_next][$col]", "done"]),  # a decimal, last year's, a named term
)
_SIDE = st.recursive(
    _CELL,
    lambda inner: st.one_of(
        st.builds("({} + {})".format, inner, inner),
        st.builds("({} - {})".format, inner, inner),
        st.builds("-{}".format, inner),
        st.builds("({} * {})".format, inner, st.sampled_from(_CONSTANTS)),
        st.builds("({} * {})".format, st.sampled_from(_CONSTANTS), inner),
        st.builds("({} / {})".format, inner, st.sampled_from([c for c in _CONSTANTS if c != "0"])),
        st.builds("({} + {})".format, inner, st.sampled_from(_CONSTANTS)),
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(left=_SIDE, right=_SIDE)
def test_weights_of_any_linear_relation_are_what_each_cell_grown_by_one_changes(left: str, right: str) -> None:
    """The weights read off a linear relation once per binding (``for_each`` variables, row groups,
    lists, ``*``, a cell twice or on both sides, constants, percentages, a decimal cell, last year's
    cells, a named term) are exactly what the evaluation with that one cell one larger gives: the
    fits of a finding, and so its fix, are what evaluating the relation for every cell gave."""
    from dataclasses import replace as changed

    from govlint.check.expr import PREVIOUS
    from govlint.check.kinds.relation import RelationKind

    linter, grid = _weighed()
    prepared = RelationKind().prepare({
        "kind": "relation", "table": "t3", "assert": f"{left} == {right}", "terms": {"done": "t3[r3_7_total][$col] * 2"},
        "for_each": {"col": ["natural", "total"], "row": ["r1_new", "r3_7_total"]},
    })
    plan = RelationKind.plan(prepared, next(t for t in linter.templates if t.id == "v2021"))
    (check,) = plan.checks
    if not check.linear:
        return
    for bindings in plan.bindings:
        used: list = []
        before = check.left(grid, bindings, used, "left") - check.right(grid, bindings, used, "right")
        weights = plan.cell_weights(check, bindings)
        for u in used:
            key = ((PREVIOUS if u.previous else "") + u.table.key, u.row.key, u.cell.column)
            table, row, cell = grid[key]
            grown = {**grid, key: (table, row, changed(cell, value=cell.value + 1))}
            assert check.left(grown, bindings, None, "") - check.right(grown, bindings, None, "") - before == weights.get(key, 0), (key, bindings)


@cache
def _weighed() -> tuple[Linter, dict]:
    """A generated report's grid, last year's cells (the same report) included."""
    from govlint.check.evaluate import number_grid
    from govlint.check.expr import PREVIOUS
    from govlint.read.source import Source
    from govlint.read.text import split_lines
    from govlint.testing import render

    linter = Linter()
    report = linter.parse(Source(path="draft.md", lines=split_lines(render(build_report("v2021", seed=3), "pipes"))))
    return linter, {**number_grid(report), **number_grid(report, PREVIOUS)}
