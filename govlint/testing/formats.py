"""Write a :class:`GeneratedReport` as the documents people publish: Word, HTML and PDF.

:func:`render` writes text layouts; real reports reach the linter as a ``.docx`` filled in
from the national template, as a web page around an article, or as a PDF printed from
Word.  Their tables are where readers go wrong (merged cells, tables cut by page breaks),
so each renderer here copies the national template's table structure: the 二 tables
stacked in one table under caption rows that span every column, 三's three-row header
with its label columns merged down (vMerge/rowspan) and across (gridSpan/colspan), and
四's four-row header.  All three renderers draw the same :class:`Grid`, so a number that
comes back wrong from one format and right from another points at that format's reader.

Options copy layouts seen in the wild: ``split_t3`` (Word, HTML) cuts 三 into two tables;
``render_pdf(page_break_before=…, repeat_header=…)`` puts a page break inside 三 and repeats
its header rows on the next page, as Word's 「标题行重复」 does; :func:`fill_template_docx`
types the numbers into the real national template.

python-docx is a dependency of govlint; :func:`render_pdf` needs ``reportlab`` (a test
dependency), and uses Adobe's STSong-Light CID font, which PDF readers know without it
being embedded, so no font file is needed to write or to extract the text.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..templates import TableSpec
from ._prose import paragraphs
from .generate import GeneratedReport, Key, Number
from .render import (
    _header_label,  # the text layouts' headers: the same words in every format
)

__all__ = ["Grid", "GridCell", "fill_template_docx", "render_docx", "render_html", "render_pdf", "report_grids", "title_of"]

_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_SECTIONS = ("s1", "s2", "s3", "s4", "s5", "s6")


# --------------------------------------------------------------------------- the tables as grids


@dataclass(frozen=True, slots=True)
class GridCell:
    """A printed cell: its text, how many grid rows and columns it covers, and the number it holds."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: Key | None = None  # (table, row, column) of the number written here
    header: bool = False


@dataclass
class Grid:
    """One printed table: rows of the cells that start in them (HTML's convention), on ``width`` columns."""

    section: str
    width: int
    rows: list[list[GridCell]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # relative column widths
    header_rows: int = 0  # rows a paginated table may repeat at the top of each page

    def placed(self) -> Iterator[tuple[int, int, GridCell]]:
        """``(row, column, cell)`` for every cell, columns counted on the grid."""
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while (r, column) in covered:
                    column += 1
                yield r, column, cell
                covered.update((r + dr, column + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                column += cell.colspan

    def cut(self, start: int, stop: int) -> Grid:
        """Rows ``start:stop`` as a table of their own, as a page break cuts a Word table.

        A merged cell that began above ``start`` continues as an empty merged cell (its text
        stays where it was printed); one that reaches past ``stop`` ends there.
        """
        placed: list[list[tuple[int, GridCell]]] = [[] for _ in range(start, stop)]
        for r, c, cell in self.placed():
            end = r + cell.rowspan
            if end <= start or r >= stop:
                continue
            top, kept = max(r, start), r >= start
            rest = GridCell(cell.text if kept else "", min(end, stop) - top, cell.colspan, cell.key if kept else None, cell.header)
            placed[top - start].append((c, rest))
        rows = [[cell for _, cell in sorted(row, key=lambda item: item[0])] for row in placed]
        return Grid(self.section, self.width, rows, self.widths, self.header_rows if start == 0 else 0)

    def continued(self, start: int, repeat_header: bool) -> Grid:
        """Rows from ``start`` on, for the next page: with the header rows on top when Word repeats them."""
        rest = self.cut(start, len(self.rows))
        if repeat_header and 0 < self.header_rows <= start:
            rest.rows[:0] = self.rows[: self.header_rows]  # header spans end inside the header
            rest.header_rows = self.header_rows
        return rest


def _number(value: Number) -> str:
    return format(value, "f") if not isinstance(value, int) else str(value)


def _numbers(report: GeneratedReport, spec: TableSpec, row: str) -> list[GridCell]:
    return [GridCell(_number(report.value(spec.key, row, c.key)), key=(spec.key, row, c.key)) for c in spec.columns]


def _stretch(cells: list[GridCell], width: int) -> list[GridCell]:
    """The last cell takes the columns a short row leaves, as the template's 二 rows do."""
    used = sum(cell.colspan for cell in cells)
    last = cells[-1]
    return cells[:-1] + [GridCell(last.text, last.rowspan, last.colspan + width - used, last.key, last.header)]


def _grid_s2(report: GeneratedReport, specs: Sequence[TableSpec]) -> Grid:
    width = 1 + max(len(spec.columns) for spec in specs)
    grid = Grid("s2", width, widths=(1.0,) * width)
    for spec in specs:
        grid.rows.append([GridCell(spec.title, colspan=width, header=True)])
        header = [GridCell("信息内容", header=True)] + [GridCell(_header_label(c), header=True) for c in spec.columns]
        grid.rows.append(_stretch(header, width))
        for row in spec.data_rows:
            grid.rows.append(_stretch([GridCell(row.label, header=True)] + _numbers(report, spec, row.key), width))
    return grid


def _level(label: str) -> int:
    return 0 if _TOP_LEVEL.match(label) else 1 if label.startswith(("（", "(")) else 2


def _grid_s3(report: GeneratedReport, spec: TableSpec) -> Grid:
    labels = [c.label for c in spec.columns]
    grid = Grid("s3", 10, widths=(1.2, 1.5, 2.9) + (1.0,) * 7, header_rows=3)
    grid.rows.append([GridCell(_NOTE, 3, 3, header=True), GridCell("申请人情况", colspan=7, header=True)])
    grid.rows.append([GridCell(labels[0], rowspan=2, header=True), GridCell("法人或其他组织", colspan=5, header=True),
                      GridCell(labels[-1], rowspan=2, header=True)])
    grid.rows.append([GridCell(label, header=True) for label in labels[1:-1]])
    rows = list(spec.rows)
    pending: list[GridCell] = []
    for index, row in enumerate(rows):
        level = _level(row.label)
        if not row.data:  # a category: merged down over the data rows it heads
            below = 0
            for later in rows[index + 1:]:
                if _level(later.label) <= level:
                    break
                below += later.data
            pending.append(GridCell(row.label, rowspan=max(below, 1), header=True))
            continue
        label = GridCell(row.label, colspan=3 - level, header=True)
        grid.rows.append(pending + [label] + _numbers(report, spec, row.key))
        pending = []
    return grid


def _grid_s4(report: GeneratedReport, spec: TableSpec) -> Grid:
    groups: dict[str, list[str]] = {}
    for column in spec.columns:
        group, _, part = column.label.partition(" ")
        groups.setdefault(group, []).append(part)
    (review, first), *suits = groups.items()
    rest = sum(len(parts) for _, parts in suits)
    grid = Grid("s4", len(spec.columns), widths=(1.0,) * len(spec.columns), header_rows=3)
    grid.rows.append([GridCell(review, colspan=len(first), header=True), GridCell("行政诉讼", colspan=rest, header=True)])
    grid.rows.append([GridCell(part, rowspan=2, header=True) for part in first]
                     + [GridCell(name, colspan=len(parts), header=True) for name, parts in suits])
    grid.rows.append([GridCell(part, header=True) for _, parts in suits for part in parts])
    grid.rows.append(_numbers(report, spec, spec.data_rows[0].key))
    return grid


def report_grids(report: GeneratedReport) -> dict[str, Grid]:
    """The tables of sections 二, 三 and 四 as printed, keyed by section."""
    tables = report.template.tables
    by_section = {key: [t for t in tables if t.section == key] for key in ("s2", "s3", "s4")}
    return {
        "s2": _grid_s2(report, by_section["s2"]),
        "s3": _grid_s3(report, by_section["s3"][0]),
        "s4": _grid_s4(report, by_section["s4"][0]),
    }


def title_of(report: GeneratedReport) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _outline(report: GeneratedReport) -> Iterator[tuple[str, str, list[str]]]:
    """``(section key, heading, paragraphs)`` in order."""
    prose = paragraphs(report)
    for section in report.template.sections:
        if section.key in _SECTIONS:
            yield section.key, f"{section.number}、{section.title}", prose.get(section.key, [])


# --------------------------------------------------------------------------- Word


def render_docx(report: GeneratedReport, *, split_t3: bool = False) -> bytes:
    """A Word file as a drafter lays it out: title, six headings, prose, the three tables with merged cells.

    ``split_t3`` cuts table 三 in two (before the second row under 「（四）无法提供」) with an
    empty paragraph between, as happens when a drafter presses Enter inside the table.
    """
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asian(normal.element.get_or_add_rPr(), "仿宋")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(title_of(report))
    run.bold, run.font.size = True, Pt(18)
    _east_asian(run._r.get_or_add_rPr(), "宋体")
    grids = report_grids(report)
    for key, heading, texts in _outline(report):
        run = document.add_paragraph().add_run(heading)
        run.bold = True
        _east_asian(run._r.get_or_add_rPr(), "黑体")
        for text in texts:
            document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
        grid = grids.get(key)
        if grid is None:
            continue
        parts = [grid]
        if key == "s3" and split_t3:
            cut = _split_row(grid)
            parts = [grid.cut(0, cut), grid.cut(cut, len(grid.rows))]
        for part in parts:
            _docx_table(document, part, WD_TABLE_ALIGNMENT.CENTER, WD_ALIGN_PARAGRAPH.CENTER)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _east_asian(rpr: Any, font: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _docx_table(document: Any, grid: Grid, table_align: Any, center: Any) -> None:
    """Merge first (python-docx's ``merge`` writes gridSpan and vMerge), then write each cell's text."""
    from docx.shared import Pt, Twips

    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = table_align
    total = sum(grid.widths)
    for column, weight in zip(table.columns, grid.widths):
        column.width = Twips(int(9000 * weight / total))
    cells = table._cells  # one lookup: table.cell() rebuilds this list on every call
    for r, c, spec in grid.placed():
        cell = cells[r * grid.width + c]
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(cells[(r + spec.rowspan - 1) * grid.width + c + spec.colspan - 1])
        paragraph = cell.paragraphs[0]
        paragraph.alignment = center if spec.key is not None or spec.header and len(spec.text) < 12 else None
        run = paragraph.add_run(spec.text)
        run.font.size = Pt(10)


def fill_template_docx(template_path: str | Path, report: GeneratedReport) -> bytes:
    """The national Word template (``template-2021.docx``) filled in as a drafter does it.

    The title replaces 「政府信息公开工作年度报告格式模板」, prose replaces the 「（文字描述…）」
    placeholders, and each number is typed into its empty cell, keeping the cell's formatting
    (the template's blank cells hold a run of full-width spaces, which the number replaces).
    """
    import docx

    if report.template_id != "v2021":
        raise ValueError(f"the national Word template is the 2021 format; {report.template_id} reports cannot fill it")
    document = docx.Document(str(template_path))
    prose = {heading: texts for _, heading, texts in _outline(report)}
    body = list(document.paragraphs)
    for index, paragraph in enumerate(body):
        text = paragraph.text.strip()
        if text.endswith("年度报告格式模板"):
            _retype(paragraph, title_of(report))
        elif text.startswith("（文字描述"):
            heading = next((p.text.strip() for p in reversed(body[:index]) if p.text.strip()), "")
            texts = prose.get(heading) or ["无。"]
            _retype(paragraph, texts[0])
            anchor = paragraph
            for more in texts[1:]:
                anchor = _paragraph_after(anchor, more)
    specs = report.template.tables
    _fill_s2(document.tables[0], report, [s for s in specs if s.section == "s2"])
    _fill_rows(document.tables[1], report, next(s for s in specs if s.section == "s3"))
    t4 = next(s for s in specs if s.section == "s4")
    _fill_cells(document.tables[2].rows[-1], [_number(report.value(t4.key, t4.data_rows[0].key, c.key)) for c in t4.columns])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _retype(paragraph: Any, text: str) -> None:
    """Replace a paragraph's text, keeping its first run's formatting."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _paragraph_after(paragraph: Any, text: str) -> Any:
    import copy

    from docx.text.paragraph import Paragraph

    element = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(element)
    new = Paragraph(element, paragraph._parent)
    _retype(new, text)
    return new


def _unique_cells(row: Any) -> list[Any]:
    """A row's printed cells: python-docx repeats a gridSpan cell once per grid column it covers."""
    seen: list[Any] = []
    for cell in row.cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return seen


def _fill_cells(row: Any, texts: Sequence[str]) -> None:
    cells = _unique_cells(row)[-len(texts):]
    for cell, text in zip(cells, texts):
        _retype(cell.paragraphs[0], text)


def _row_label(row: Any) -> str:
    texts = [cell.text.strip() for cell in _unique_cells(row)]
    labels = [text for text in texts if text and not text.replace(".", "").isdigit()]
    return labels[-1] if labels else ""


def _fill_s2(table: Any, report: GeneratedReport, specs: Sequence[TableSpec]) -> None:
    spec: TableSpec | None = None
    for row in table.rows:
        label = _row_label(row)
        spec = next((s for s in specs if s.title == label), spec)
        data = next((r for r in spec.data_rows if r.label == label), None) if spec else None
        if spec and data:
            _fill_cells(row, [_number(report.value(spec.key, data.key, c.key)) for c in spec.columns])


def _fill_rows(table: Any, report: GeneratedReport, spec: TableSpec) -> None:
    by_label = {row.label: row.key for row in spec.data_rows}
    for row in table.rows:
        key = by_label.get(_row_label(row))
        if key:
            _fill_cells(row, [_number(report.value(spec.key, key, c.key)) for c in spec.columns])


# --------------------------------------------------------------------------- HTML

_PAGE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>body{{font-family:SimSun,serif}} .article table{{border-collapse:collapse}} td{{border:1px solid #000}}</style>
<script>var siteMenu = ["首页", "政务公开", "一、总体情况"];</script>
</head>
<body>
<div class="topbar">无障碍浏览 | 长者模式 | 登录</div>
<nav class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="main">
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布日期：{year}-01-20　来源：{agency}</div>
<div class="article-content">
"""
_PAGE_FOOT = """</div>
</div>
</div>
<div class="footer">主办：{agency}　版权所有　网站标识码：0000000000　<a href="/sitemap/">网站地图</a></div>
</body>
</html>
"""


def render_html(report: GeneratedReport, *, split_t3: bool = False) -> str:
    """A government site's page: navigation and footer around the article, tables with rowspan/colspan.

    Every table cell is on a line of its own, as Word's HTML export writes them, so a place
    「HTML第N行」 points at the very cell.  ``split_t3`` cuts table 三 into two ``<table>``
    elements (before the second row under 「（四）无法提供」), as pages pasted from a
    paginated document have it.
    """
    esc = html.escape
    out = [_PAGE_HEAD.format(title=esc(title_of(report)), year=report.year + 1, agency=esc(report.agency))]
    grids = report_grids(report)
    for key, heading, texts in _outline(report):
        out.append(f'<p class="heading"><strong>{esc(heading)}</strong></p>\n')
        out.extend(f'<p style="text-indent:2em">{esc(text)}</p>\n' for text in texts)
        grid = grids.get(key)
        if grid is None:
            continue
        if key == "s3" and split_t3:
            cut = _split_row(grid)
            out += [_html_table(grid.cut(0, cut)), _html_table(grid.cut(cut, len(grid.rows)))]
        else:
            out.append(_html_table(grid))
    out.append(_PAGE_FOOT.format(agency=esc(report.agency)))
    return "".join(out)


def _split_row(grid: Grid) -> int:
    """The grid row of the second data row under （四）, or the middle of the table."""
    for r, row in enumerate(grid.rows):
        if any(cell.key and cell.key[1] == "r3_4_2" for cell in row):
            return r
    return len(grid.rows) // 2


def _html_table(grid: Grid) -> str:
    esc = html.escape
    lines = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
    for row in grid.rows:
        lines.append("<tr>")
        for cell in row:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)
            align = ' align="center"' if cell.key or len(cell.text) < 12 else ""
            lines.append(f'<td{spans} valign="middle"><p{align}><span>{esc(cell.text)}</span></p></td>')
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- PDF

_CID_FONT = "STSong-Light"  # an Adobe CJK CID font: PDF readers map it without the font being embedded


def render_pdf(
    report: GeneratedReport,
    *,
    font: str | Path | None = None,
    page_break_before: str | None = None,
    repeat_header: bool = False,
) -> bytes:
    """A PDF as Word prints one: text layer, ruled tables cut by page breaks, footers 「- N -」.

    Needs ``reportlab``.  A table that reaches the page end is cut there, merged label cells
    included (the part on the next page starts with an empty merged cell), as Word does.
    ``page_break_before`` (a row key such as ``"r3_4_2"``) ends the page before that row, so
    a test can put the cut where it wants it.  ``repeat_header`` repeats the header rows of 三
    and 四 at the top of each page, as Word's 「标题行重复」 does.  Without ``font`` the text is set in the CID font
    STSong-Light, which needs no font file; its text layer is exact, but only viewers with
    Adobe's CJK fonts draw the glyphs.  ``font`` (a TrueType ``.ttf``/``.ttc``, e.g. Debian's
    ``fonts-wqy-microhei``) is embedded instead, for PDFs that look right everywhere.
    """
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    name = _register_font(font)
    body = ParagraphStyle("body", fontName=name, fontSize=10.5, leading=18, firstLineIndent=21,
                          wordWrap="CJK", alignment=TA_JUSTIFY)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, firstLineIndent=0, spaceBefore=6, spaceAfter=4)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=26, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=10)
    cell = ParagraphStyle("cell", fontName=name, fontSize=8, leading=10, wordWrap="CJK", alignment=TA_CENTER)
    label = ParagraphStyle("label", parent=cell, alignment=0)
    esc = html.escape
    width = A4[0] - 50 * mm
    story: list[Any] = [Paragraph(esc(title_of(report)), title)]
    grids, flowable = report_grids(report), _pdf_grid_class()
    for key, text, texts in _outline(report):
        story.append(Paragraph(esc(text), heading))
        story.extend(Paragraph(esc(paragraph), body) for paragraph in texts)
        grid = grids.get(key)
        if grid is None:
            continue
        cut = next((r for r, row in enumerate(grid.rows) if any(c.key and c.key[1] == page_break_before for c in row)), 0)
        if cut:
            story += [flowable(grid.cut(0, cut), cell, label, width, name, repeat_header), PageBreak()]
            grid = grid.continued(cut, repeat_header)
        story += [flowable(grid, cell, label, width, name, repeat_header), Spacer(1, 8)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                                 bottomMargin=25 * mm, title=title_of(report), author=report.agency)
    footer = functools.partial(_footer, name)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _register_font(font: str | Path | None) -> str:
    from reportlab.pdfbase import pdfmetrics

    if font is None:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        if _CID_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(_CID_FONT))
        return _CID_FONT
    from reportlab.pdfbase.ttfonts import TTFont

    path = Path(font)
    name = f"govlint-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def _footer(font: str, canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFont(font, 10.5)
    canvas.drawCentredString(document.pagesize[0] / 2, 36, f"- {document.page} -")  # in the bottom margin
    canvas.restoreState()


@functools.cache
def _pdf_grid_class() -> type:
    """A flowable that cuts its grid at a page end itself: reportlab's own Table will not split a rowspan."""
    from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

    class PdfGrid(Flowable):  # type: ignore[misc]
        def __init__(self, grid: Grid, cell: Any, label: Any, width: float, font: str, repeat: bool) -> None:
            super().__init__()
            self.grid, self.cell, self.label, self.width_, self.font, self.repeat = grid, cell, label, width, font, repeat
            self.table = self._table(grid)

        def part(self, grid: Grid) -> Any:
            return PdfGrid(grid, self.cell, self.label, self.width_, self.font, self.repeat)

        def _table(self, grid: Grid) -> Any:
            data: list[list[Any]] = [[""] * grid.width for _ in grid.rows]
            style = [("FONT", (0, 0), (-1, -1), self.font, 8), ("GRID", (0, 0), (-1, -1), 0.6, "black"),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                     ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
            for r, c, spec in grid.placed():
                centered = spec.key is not None or len(spec.text) < 12
                data[r][c] = Paragraph(html.escape(spec.text), self.cell if centered else self.label) if spec.text else ""
                if spec.rowspan > 1 or spec.colspan > 1:
                    style.append(("SPAN", (c, r), (c + spec.colspan - 1, r + spec.rowspan - 1)))
            total = sum(grid.widths)
            table = Table(data, colWidths=[self.width_ * w / total for w in grid.widths], style=TableStyle(style))
            table.hAlign = "CENTER"
            return table

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.size = self.table.wrap(available_width, available_height)
            return self.size

        def draw(self) -> None:
            self.table.drawOn(self.canv, 0, 0)

        def split(self, available_width: float, available_height: float) -> list[Any]:
            """The rows that fit on this page, and the rest; ``[]`` moves the whole table on."""
            self.table.wrap(available_width, available_height)
            heights, used, rows = self.table._rowHeights, 0.0, 0
            while rows < len(heights) and used + heights[rows] <= available_height:
                used += heights[rows]
                rows += 1
            if rows >= len(self.grid.rows):
                return [self]
            while rows > self.grid.header_rows:  # a cut part may need taller rows (a merged label now spans fewer)
                head = self.part(self.grid.cut(0, rows))
                if head.wrap(available_width, available_height)[1] <= available_height:
                    return [head, self.part(self.grid.continued(rows, self.repeat))]
                rows -= 1
            return []

    return PdfGrid

