"""Word: :func:`render_docx` lays a report out as a drafter does; :func:`fill_template_docx` fills in
the national template.

Tables are written with python-docx's cell merges (gridSpan and vMerge), so a reader meets
the same merged cells as in real ``.docx`` reports.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...templates import TableSpec
from ..generate import GeneratedReport
from .grid import Grid, _number, _outline, _split_row, report_grids, title_of

__all__ = ["fill_template_docx", "render_docx"]


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
