"""The fast way into a PDF: pypdfium2 reads the characters and ruling paths, pdfplumber lays them out.

pdfminer's content-stream interpreter (written in Python) was three quarters of the time
spent on a PDF.  PDFium (in C, installed with pdfplumber) reads the same characters and
paths many times faster.  This module turns what PDFium reads into the objects pdfplumber
makes from pdfminer's (chars, lines, rects and curves, in the same coordinates and with the
same classification of paths, turned as the page is shown), so pdfplumber's table finder and
text lines, and everything the PDF reader does after them, work on either unchanged.  Pages
it cannot box the way pdfminer would (rotated or mirrored text, a media box off the origin)
raise :class:`Unsupported`, and the reader falls back to pdfplumber for the file.
"""

from __future__ import annotations

import ctypes
import math
from functools import lru_cache
from typing import Any, Iterator

from pdfplumber.page import Page

from .pdf_budget import MAX_PAGES, Budget, too_many_pages

Point = tuple[float, float]
Object = dict[str, Any]  # a char, line, rect or curve as pdfplumber has it
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 15  # nested form XObjects followed, as pypdfium2 does by default


class Unsupported(Exception):
    """PDFium opened the file but this reader would not lay it out as pdfminer does."""


class PdfiumPage(Page):
    """A pdfplumber page whose objects come from PDFium rather than from pdfminer's layout."""

    def __init__(self, number: int, width: float, height: float, doctop: float, objects: dict[str, list[Object]]):
        self.pdf = None  # type: ignore[assignment]  # nothing below reads the document
        self.root_page = self
        self.page_obj = None  # type: ignore[assignment]
        self.page_number = number
        self.initial_doctop = doctop
        self.rotation = 0
        self.mediabox = self.cropbox = self.bbox = (0, 0, width, height)
        self._pdfium_objects = objects
        self.get_textmap = lru_cache()(self._get_textmap)

    @property
    def objects(self) -> dict[str, list[Object]]:
        return self._pdfium_objects


def open_pages(data: bytes, budget: Budget) -> list[PdfiumPage]:
    """The pages, laid out as pdfplumber's (PDFium's document is closed: they hold plain
    objects); each character and path read is counted in ``budget``.

    Raises ``pypdfium2.PdfiumError`` when PDFium cannot open the file, :class:`Unsupported`
    when a page needs pdfminer's own handling, ``InputError`` past :data:`MAX_PAGES`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if len(document) > MAX_PAGES:
            raise too_many_pages()
        pages: list[PdfiumPage] = []
        doctop = 0.0
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page(page, index + 1, doctop, budget))
            finally:
                page.close()
            doctop += pages[-1].height
        return pages
    finally:
        document.close()


def _page(page: Any, number: int, doctop: float, budget: Budget) -> PdfiumPage:
    import pypdfium2.raw as c

    left, bottom, right, top = page.get_mediabox()
    if (left, bottom) != (0, 0) or page.get_cropbox() != (left, bottom, right, top):
        raise Unsupported("a page box off the origin")
    turn = _turn(page.get_rotation(), right, top)
    width, height = (top, right) if page.get_rotation() in (90, 270) else (right, top)
    objects: dict[str, list[Object]] = {"char": [], "line": [], "rect": [], "curve": []}
    textpage = page.get_textpage()
    try:
        objects["char"] = list(_chars(c, textpage.raw, turn, number, height, doctop, budget))
    finally:
        textpage.close()

    def emit(kind: str, item: Object) -> None:
        budget.object()
        objects[kind].append(_shape_object(kind, item, number, height, doctop))

    _paths(c, page.raw, c.FPDFPage_CountObjects, c.FPDFPage_GetObject, turn, 0, emit)
    return PdfiumPage(number, width, height, doctop, objects)


def _turn(rotation: int, right: float, top: float) -> Matrix:
    """pdfminer's matrix from the page's space to the page as shown (``/Rotate``), media box at the origin."""
    return {90: (0.0, -1.0, 1.0, 0.0, 0.0, right), 180: (-1.0, 0.0, 0.0, -1.0, right, top),
            270: (0.0, 1.0, -1.0, 0.0, top, 0.0)}.get(rotation, _IDENTITY)


def _chars(c: Any, text: Any, turn: Matrix, number: int, height: float, doctop: float, budget: Budget) -> Iterator[Object]:
    """Characters as pdfminer boxes them: PDFium's loose box across (the advance width), from
    the font's descent (its /Descent, which pdfminer reads too) up by the font size, turned
    as the page is shown.  A character without a Unicode mapping reads 「(cid:N)」, as
    pdfminer writes it."""
    count = c.FPDFText_CountChars(text)
    budget.objects_read(count)
    units = (ctypes.c_ushort * (count + 1))()
    c.FPDFText_GetText(text, 0, count, units)  # the page's text at once: one UTF-16 unit a character
    box, x, y = c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    matrix = c.FS_MATRIX()
    states: dict[tuple[Any, ...], tuple[float, float | None]] = {}  # by font, font size and matrix
    pending = ""
    for index in range(count):
        code = units[index]
        if chr(code).isspace() and c.FPDFText_IsGenerated(text, index):
            continue  # spaces and line ends PDFium inferred: pdfminer has no such characters
        if 0xD800 <= code < 0xDC00:  # the first half of a character beyond the BMP
            pending = chr(code)
            continue
        glyph = (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16") if pending else chr(code)
        pending = ""
        if c.FPDFText_HasUnicodeMapError(text, index):
            glyph = f"(cid:{code})"
        font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(text, index))
        c.FPDFText_GetMatrix(text, index, matrix)
        key = (ctypes.c_void_p.from_buffer(font).value if font else None, c.FPDFText_GetFontSize(text, index),
               matrix.a, matrix.b, matrix.c, matrix.d)
        if key not in states:
            states[key] = _text_state(c, font, key[1], _compose((*key[2:], 0.0, 0.0), turn))
        size, descent = states[key]
        c.FPDFText_GetLooseCharBox(text, index, box)
        (x0, y0), (x1, y_across) = _apply(turn, box.left, box.bottom), _apply(turn, box.right, box.top)
        x0, x1, y0 = min(x0, x1), max(x0, x1), min(y0, y_across)
        if descent is not None and c.FPDFText_GetCharOrigin(text, index, x, y):
            y0 = _apply(turn, x.value, y.value)[1] + descent
        y1 = y0 + size
        yield {
            "object_type": "char", "page_number": number, "text": glyph, "upright": True, "size": size,
            "x0": x0, "x1": x1, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
            "top": height - y1, "bottom": height - y0, "doctop": doctop + height - y1,
        }


def _text_state(c: Any, font: Any, fontsize: float, shown: Matrix) -> tuple[float, float | None]:
    """The size (font size times the vertical scale) and descent in page units of the
    characters set in ``font`` at ``fontsize`` with matrix ``shown`` (as the page is shown);
    text rotated or mirrored there is :class:`Unsupported` (pdfminer boxes it otherwise)."""
    a, b, cc, d = shown[:4]
    if b or cc or a * d <= 0:
        raise Unsupported("rotated or mirrored text")
    descent = ctypes.c_float()
    known = bool(font) and c.FPDFFont_GetDescent(font, ctypes.c_float(fontsize), descent)
    return fontsize * d, descent.value * d if known else None


def _paths(c: Any, parent: Any, count: Any, get: Any, outer: Matrix, depth: int, emit: Any) -> None:
    """Every painted path of a page or form, in page coordinates, cut into pdfminer's shapes."""
    for index in range(count(parent)):
        obj = get(parent, index)
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            _paths(c, obj, c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject, _compose(_matrix(c, obj), outer), depth + 1, emit)
        elif kind == c.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            c.FPDFPath_GetDrawMode(obj, fill, stroke)
            if not fill.value and not stroke.value:
                continue
            matrix = _compose(_matrix(c, obj), outer)
            segments = _segments(c, obj, matrix)
            for subpath in _subpaths(segments):
                emit(*_classify(subpath, bool(stroke.value), bool(fill.value)))


def _matrix(c: Any, obj: Any) -> Matrix:
    m = c.FS_MATRIX()
    c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (row vectors, as PDF writes matrices)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _segments(c: Any, obj: Any, matrix: Matrix) -> list[tuple[str, Point]]:
    """The path as pdfminer's operators: ``m``, ``l``, ``c`` (a Bézier's three points, its end
    kept), ``h`` after a closed point; points in page coordinates."""
    out: list[tuple[str, Point]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for index in range(c.FPDFPath_CountSegments(obj)):
        segment = c.FPDFPath_GetPathSegment(obj, index)
        c.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = c.FPDFPathSegment_GetType(segment)
        if kind == c.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3
            if bezier:
                continue  # a control point
            out.append(("c", point))
        else:
            out.append(("m" if kind == c.FPDF_SEGMENT_MOVETO else "l", point))
        if c.FPDFPathSegment_GetClose(segment):
            out.append(("h", point))
    return out


def _subpaths(segments: list[tuple[str, Point]]) -> Iterator[list[tuple[str, Point]]]:
    """pdfminer paints each subpath (from one ``m`` to the next) as an object of its own."""
    start = None
    for index, (op, _) in enumerate(segments):
        if op == "m":
            if start is not None:
                yield segments[start:index]
            start = index
    if start is not None:
        yield segments[start:]


def _classify(path: list[tuple[str, Point]], stroke: bool, fill: bool) -> tuple[str, Object]:
    """A line, a rectangle or a curve, by pdfminer's rules (``PDFLayoutAnalyzer.paint_path``)."""
    shape = "".join(op for op, _ in path)
    points = [point if op != "h" else path[0][1] for op, point in path]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    item = {"stroke": stroke, "fill": fill, "pts": points}
    if shape in {"mlh", "ml"}:
        item["pts"] = points[:2]
        return "line", item
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == points[4] and square:
            item["pts"] = [points[0], points[2]]
            return "rect", item
    return "curve", item


def _shape_object(kind: str, item: Object, number: int, height: float, doctop: float) -> Object:
    """pdfplumber's dictionary for a line, rect or curve: box from the points, top-down."""
    xs = [x for x, _ in item["pts"]]
    ys = [y for _, y in item["pts"]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    out = {
        "object_type": kind, "page_number": number, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
        "width": x1 - x0, "height": y1 - y0, "top": height - y1, "bottom": height - y0, "doctop": doctop + height - y1,
        "stroke": item["stroke"], "fill": item["fill"],
    }
    if kind != "rect":
        out["pts"] = [(x, height - y) for x, y in item["pts"]]
    if any(math.isnan(value) or math.isinf(value) for value in (x0, x1, y0, y1)):
        raise Unsupported("a path off every page")
    return out
