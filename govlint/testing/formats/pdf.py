"""PDF: :func:`render_pdf` prints a report as Word does, tables cut at page ends; needs ``reportlab``.

Without a font file the text is set in Adobe's STSong-Light CID font, which PDF readers know
without it being embedded, so no font file is needed to write or to extract the text.
"""

from __future__ import annotations

import functools
import html
import io
from pathlib import Path
from typing import Any

from ..generate import GeneratedReport
from .grid import Grid, _outline, report_grids, title_of

__all__ = ["render_pdf"]

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
            width, height = self.table.wrap(available_width, available_height)
            self.size = (float(width), float(height))
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

