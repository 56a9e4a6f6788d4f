"""Readers share one builder of lines and places, and a Source says whether it carries a cell grid (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.read import read_bytes
from govlint.read.docx import DocxReader
from govlint.read.html import HtmlReader
from govlint.read.pdf import PdfReader
from govlint.read.source import LineBuilder
from govlint.read.text import TextReader
from govlint.testing import render_docx, render_html, render_pdf, sample_reports
from govlint.testing.render import render_bytes

PARSE = Path(__file__).resolve().parents[1] / "govlint" / "parse"


def test_the_builder_keeps_its_columns_in_step():
    out: LineBuilder[tuple[str, ...]] = LineBuilder(blank_extra=())
    out.blank()  # nothing yet: no leading blank line
    out.add("一、总体情况", "第1段", (), ("p:0",))
    out.blank()
    out.blank()  # never two blank lines in a row
    out.table_row(["（一）予以公开", "7", ""], "表1 第3行", ("tc:0", "tc:1", "tc:2"))
    out.add("")
    out.prepend("青岚市2023年年度报告", "第0段", ("p:9",))
    source = out.trimmed().source("r.docx", "docx", origins=tuple(out.extras))
    assert source.lines == ("青岚市2023年年度报告", "一、总体情况", "", "（一）予以公开\t7\t")
    assert source.cell_places[3] == ("表1 第3行 第1列", "表1 第3行 第2列", "表1 第3行 第3列")
    assert source.origins == (("p:9",), ("p:0",), (), ("tc:0", "tc:1", "tc:2"))
    assert source.grid and source.describe(4, 10) == "表1 第3行 第2列"


@pytest.fixture(scope="module")
def report():
    return sample_reports(1, seed=3)[0]


@pytest.mark.parametrize(
    "reader, render, grid",
    [
        (DocxReader(), lambda r: render_docx(r), True),
        (HtmlReader(), lambda r: render_html(r).encode("utf-8"), True),
        (PdfReader(), lambda r: render_pdf(r), True),
        (TextReader(), lambda r: render_bytes(r, "spaces"), False),
    ],
    ids=["docx", "html", "pdf", "text"],
)
def test_each_reader_says_whether_it_kept_the_grid(report, reader, render, grid):
    source = read_bytes(render(report), f"r.{reader.name}", [reader])
    assert source.grid is grid
    assert len(source.line_places) == len(source.lines) if grid else not source.line_places


def test_a_plugin_readers_grid_is_bound_by_position_without_naming_its_format():
    """A reader govlint does not know (format 「ofd」) that keeps the grid: its blank cells are cells."""
    from govlint.read.source import Source
    from govlint.read.text import split_lines

    from .test_template_extends import report

    row = "（一）予以公开\t\t\t\t\t\t\t7"  # six blank cells, then the total
    lines = tuple(row if line.startswith("（一）予以公开") else line for line in split_lines(report(2023, fourth=None, total=20, told_other=3)))

    def cells(grid: bool) -> list[tuple[str | None, str]]:
        parsed = Linter().parse(Source("r.ofd", lines, format="ofd", grid=grid))
        (bound,) = [r for t in parsed.tables if t.key == "t3" for r in t.rows if r.key == "r3_1_open"]
        return [(c.column, c.raw) for c in bound.cells]

    assert cells(True)[-2:] == [("other_org", ""), ("total", "7")]
    assert cells(False) == [(None, "7")]  # a lone number in a text line is not put in a column by guess


def test_parse_names_no_input_format():
    for path in PARSE.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"[\"'](?:docx|html|pdf)[\"']", code), path.name
