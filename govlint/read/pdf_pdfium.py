"""The fast way into a PDF: pypdfium2 reads the characters and ruling paths, ``pdf_layout`` lays them out.

pdfminer's content-stream interpreter (written in Python) was three quarters of the time
spent on a PDF.  PDFium (in C, installed with pdfplumber) reads the same characters and
paths many times faster.  This module turns what PDFium reads into what pdfplumber makes
from pdfminer's objects (characters and the edges of lines, rects and curves, in the same
coordinates and with the same classification of paths, turned as the page is shown), and
``pdf_layout`` finds tables and text lines in them as pdfplumber does, so everything the PDF
reader does after them works on either way in unchanged.  Pages it cannot box the way
pdfminer would (rotated or mirrored text, a media box off the origin or inherited from the
page tree, a character or path whose coordinates are not finite, a character PDFium's text
leaves out or skips, forms nested deeper than :data:`MAX_FORM_DEPTH`) raise :class:`Unsupported`,
and the reader falls back to pdfplumber for the file.  PDFium expands form XObjects without a bound
when it loads a page: it reads a file that may have forms (``pdf_forms.may_have_forms``) only in
a capped child process (``pdf_isolated``, ``forms=True``); in the reader's own process a form
found on a page all the same is refused (:func:`_objects`).
"""

from __future__ import annotations

import ctypes
import functools
import math
import struct
import threading
from dataclasses import dataclass
from typing import Any, Iterator, cast

from ..errors import InputError
from . import pdf_layout
from .pdf_budget import MAX_PAGES, Budget, too_many_pages
from .pdf_layout import Bbox, Char, Edge

Point = tuple[float, float]
Object = dict[str, Any]  # a line, rect or curve as pdfplumber has it
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PDFIUM_SKIPS_NARROWER = 0.011  # CPDF_TextPage::ProcessTextObject skips a text object narrower than 0.01 (a float): a little over
MAX_FORM_DEPTH = 15  # nested form XObjects followed, as pypdfium2 does by default; deeper: pdfminer reads the file
_PLACE = struct.Struct("4f2d")  # a character's loose box (FS_RECTF: four C floats) and origin (two C doubles)
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one thread at a time calls it, whatever the document


class Unsupported(Exception):
    """PDFium opened the file but this reader would not lay it out as pdfminer does."""


@dataclass
class PdfiumPage:
    """A page as PDFium read it: characters and ruling edges as pdfplumber would have them
    (top-down coordinates, page order), laid out by ``pdf_layout`` as pdfplumber lays out its pages."""

    page_number: int
    height: float
    chars: list[Char]
    edges: list[Edge | None]  # pdfplumber's page edges: lines, then rectangles' sides, then curves' pieces

    def __post_init__(self) -> None:
        self.vertical, self.horizontal = pdf_layout.prefiltered(self.edges)

    def ruling_positions(self) -> tuple[int, int]:
        """How many heights horizontal rules are at, and how many places vertical ones are at (3 points apart)."""
        return len({round(edge.top / 3) for edge in self.horizontal}), len({round(edge.x0 / 3) for edge in self.vertical})

    @functools.cached_property
    def by_centre(self) -> pdf_layout.Centred:
        """The characters by the height of their centre: made for the first table, kept for the text lines around tables."""
        return pdf_layout.centred(self.chars)

    def tables(self) -> list[tuple[Bbox, list[list[str | None]]]]:
        tables = pdf_layout.find_tables(self.vertical, self.horizontal)
        if not tables:  # most pages: their characters' centres are never sorted
            return []
        return [(table.bbox, cells) for table, cells in zip(tables, pdf_layout.table_cells(tables, self.by_centre))]

    def text_lines(self, boxes: list[Bbox]) -> list[tuple[str, float, float, float, float]]:
        """Text lines of the characters whose centre is outside every box (the tables)."""
        return pdf_layout.text_lines(pdf_layout.outside(self.chars, boxes, self.by_centre) if boxes else self.chars)


def open_pages(data: bytes, budget: Budget, forms: bool = False) -> list[PdfiumPage]:
    """The pages (PDFium's document is closed: they hold plain objects); each character and
    path read is counted in ``budget``; paths in form XObjects are read where ``forms`` (in a
    capped child process), else a form is refused.  Threads read one file at a time here (PDFium keeps
    state shared by all documents: two threads in it at once crash the process).

    Raises ``pypdfium2.PdfiumError`` when PDFium cannot open the file, :class:`Unsupported`
    when a page needs pdfminer's own handling, ``InputError`` past :data:`MAX_PAGES` or on a
    form XObject (:func:`_objects`)."""
    import pypdfium2 as pdfium  # its import starts PDFium
    import pypdfium2.raw as c

    with _PDFIUM:  # PDFium's own calls: pypdfium2's document, page and text page objects (kept track of, finalised) cost more
        document = c.FPDF_LoadMemDocument64(data, len(data), None)
        try:
            count = c.FPDF_GetPageCount(document)
            if count < 1:  # as ``pypdfium2.PdfDocument`` refuses it
                raise pdfium.PdfiumError("Failed to load document.")
            if count > MAX_PAGES:
                raise too_many_pages()
            pages: list[PdfiumPage] = []
            for index in range(count):
                page = c.FPDF_LoadPage(document, index)
                if not page:
                    raise pdfium.PdfiumError("Failed to load page.")
                try:
                    pages.append(_page(c, page, index + 1, budget, forms))
                finally:
                    c.FPDF_ClosePage(page)
            return pages
        finally:
            if document:
                c.FPDF_CloseDocument(document)


def _page(c: Any, page: Any, number: int, budget: Budget, forms: bool) -> PdfiumPage:
    left, bottom, right, top = _box(c.FPDFPage_GetMediaBox, page) or (0, 0, 612, 792)  # pypdfium2's default
    if (left, bottom) != (0, 0) or (_box(c.FPDFPage_GetCropBox, page) or (left, bottom, right, top)) != (left, bottom, right, top):
        raise Unsupported("a page box off the origin")
    if _bounds(c, page) != (left, bottom, right, top):  # a box taken from /Pages: pdfminer's page is that size
        raise Unsupported("a page box inherited from the page tree")
    rotation = _rotation(c, page)
    turn = _turn(rotation, right, top)
    height = right if rotation in (90, 270) else top
    textpage = c.FPDFText_LoadPage(page)
    if not textpage:
        import pypdfium2 as pdfium

        raise pdfium.PdfiumError("Failed to load text page.")
    read: set[int] = set()  # the text objects the text page read characters of
    try:
        chars = _chars(c, textpage, turn, height, budget, read)
    finally:
        c.FPDFText_ClosePage(textpage)
    if not math.isfinite(sum([char[1] + char[2] + char[3] + char[4] for char in chars])):
        raise Unsupported("a character off every page")
    lines: list[Edge | None] = []
    rects: list[Edge | None] = []
    curves: list[Edge | None] = []

    def emit(kind: str, item: Object) -> None:
        shaped = _shape_object(kind, item, height)
        if kind == "line":
            lines.append(pdf_layout.line_edge(shaped))
        elif kind == "rect":
            rects.extend(pdf_layout.rect_edges(shaped))
        else:
            curves.extend(pdf_layout.curve_edges(shaped))

    call = _calls()
    _objects(c, ctypes.cast(page, ctypes.c_void_p), call["page_count"], call["page_object"], turn, 0 if forms else None, emit,
           budget, read)
    return PdfiumPage(number, height, chars, lines + rects + curves)


def _box(get: Any, page: Any) -> tuple[float, float, float, float] | None:
    """A page box (media or crop) as pypdfium2 reads it: None when the page has none of its own."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    return (left.value, bottom.value, right.value, top.value) if get(page, left, bottom, right, top) else None


def _bounds(c: Any, page: Any) -> tuple[float, float, float, float]:
    """The page's crop box within its media box as PDFium lays the page out: unlike
    ``FPDFPage_GetMediaBox``, it takes either box from the page tree when the page has none of its own."""
    rect = c.FS_RECTF()
    c.FPDF_GetPageBoundingBox(page, ctypes.byref(rect))
    return (rect.left, rect.bottom, rect.right, rect.top)


def _rotation(c: Any, page: Any) -> int:
    """The page's ``/Rotate`` in degrees, as pypdfium2 reads it."""
    import pypdfium2 as pdfium

    turns: int = c.FPDFPage_GetRotation(page)
    if turns not in (0, 1, 2, 3):
        raise pdfium.PdfiumError("Failed to get page rotation.")
    return 90 * turns


def _turn(rotation: int, right: float, top: float) -> Matrix:
    """pdfminer's matrix from the page's space to the page as shown (``/Rotate``), media box at the origin."""
    return {90: (0.0, -1.0, 1.0, 0.0, 0.0, right), 180: (-1.0, 0.0, 0.0, -1.0, right, top),
            270: (0.0, 1.0, -1.0, 0.0, top, 0.0)}.get(rotation, _IDENTITY)


def _pointer(address: int | None) -> Any:
    """A PDFium object at ``address`` as an argument made once for all the calls given it: ctypes
    passes a ``byref`` as it is, where it converts a ``c_void_p`` (or an array) into one on every
    call, which cost a fifth of a call.  The ``c_char`` at the address is never read: it only lends
    ``byref`` the address."""
    return ctypes.byref(ctypes.c_char.from_address(address or 0))


class _Handle(ctypes.c_void_p):
    """A PDFium object as a call returns it: ctypes keeps it as it is (it turns a plain
    ``c_void_p`` into an int), so it is passed on to the next call unconverted."""


@functools.cache
def _calls() -> dict[str, Any]:
    """PDFium's per-character and per-object functions called with untyped pointers: pypdfium2's
    own bindings convert typed pointer arguments on every call, which cost as much as the calls.
    They keep the GIL (``PYFUNCTYPE``): each returns within a microsecond, less than letting the
    GIL go and taking it back costs.  Most declare no arguments: their caller passes PDFium's
    objects as ctypes pointers (a text page, or a page or form whose objects are listed, as the
    :func:`_pointer` made for it, a path's segment as the :class:`_Handle` it comes as, a page's or
    form's object as the int it comes as made a ``c_void_p``: most are text objects, only compared
    with ints; never a Python int, which ctypes would pass as a 32-bit C int), the places to write
    as ``byref`` of ctypes arrays (a character's) or arrays, and an index as an int, which ctypes passes as a C int without
    converting through declared types (about half the cost of a checked call).  ``font`` and
    ``descent`` declare theirs (they are given addresses as ints), ``form_object`` too (its
    index is an unsigned long).  Those whose result is never looked at return nothing to Python
    (``ignored``): ctypes then builds no int from it, a tenth of such a call."""
    import pypdfium2.raw as c

    address, index, double, ignored = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, None

    def bind(function: Any, result: Any, *arguments: Any) -> Any:
        return ctypes.PYFUNCTYPE(result, *arguments)(cast(int, ctypes.cast(function, address).value))

    return {
        "generated": bind(c.FPDFText_IsGenerated, index),  # (text page, index)
        "unmapped": bind(c.FPDFText_HasUnicodeMapError, index),  # (text page, index)
        "object": bind(c.FPDFText_GetTextObject, address),  # (text page, index)
        "font": bind(c.FPDFTextObj_GetFont, address, address),
        "size": bind(c.FPDFText_GetFontSize, double),  # (text page, index)
        "matrix": bind(c.FPDFText_GetMatrix, ignored),  # (text page, index, 6 floats)
        "box": bind(c.FPDFText_GetLooseCharBox, ignored),  # (text page, index, 4 floats)
        "origin": bind(c.FPDFText_GetCharOrigin, ignored),  # (text page, index, a double, a double): fails on no page's index
        "descent": bind(c.FPDFFont_GetDescent, index, address, ctypes.c_float, address),
        "page_count": bind(c.FPDFPage_CountObjects, index),  # (page)
        "page_object": bind(c.FPDFPage_GetObject, address),  # (page, index): an int, as ``object`` gives (see _objects)
        "form_count": bind(c.FPDFFormObj_CountObjects, index),  # (form)
        "form_object": bind(c.FPDFFormObj_GetObject, address, address, ctypes.c_ulong),  # its index is no C int; an int
        "type": bind(c.FPDFPageObj_GetType, index),  # (object)
        "bounds": bind(c.FPDFPageObj_GetBounds, index),  # (object, a float for each side)
        "object_matrix": bind(c.FPDFPageObj_GetMatrix, ignored),  # (object, 6 floats)
        "draw_mode": bind(c.FPDFPath_GetDrawMode, ignored),  # (path, an int, an int)
        "segment_count": bind(c.FPDFPath_CountSegments, index),  # (path)
        "segment": bind(c.FPDFPath_GetPathSegment, _Handle),  # (path, index)
        "point": bind(c.FPDFPathSegment_GetPoint, ignored),  # (segment, a float, a float)
        "segment_type": bind(c.FPDFPathSegment_GetType, index),  # (segment)
        "close": bind(c.FPDFPathSegment_GetClose, index),  # (segment)
    }


def _chars(c: Any, text: Any, turn: Matrix, height: float, budget: Budget, read: set[int]) -> list[Char]:
    """Characters as pdfminer boxes them: PDFium's loose box across (the advance width), from
    the font's descent (its /Descent, which pdfminer reads too) up by the font size, turned
    as the page is shown.  A character without a Unicode mapping reads 「(cid:N)」, as
    pdfminer writes it; one PDFium's text leaves out (U+FFFE there: a hyphen PDFium took as
    joining a word over a line end, a code mapped to U+0000) is :class:`Unsupported`.  The page's text is fetched at once; a character's size and descent
    are the last character's when both are of one text object, else (a Word PDF has a text
    object per character) looked up by its font, font size and matrix.  Each text object whose
    characters it reads is added to ``read``."""
    count = c.FPDFText_CountChars(text)
    budget.objects_read(count)
    units = (ctypes.c_ushort * (count + 1))()
    if c.FPDFText_GetText(text, 0, count, units) != count + 1:  # the page's text at once: one UTF-16 unit a character
        units[:count] = [_unit(c.FPDFText_GetUnicode(text, index)) for index in range(count)]  # but it left some out
    call = _calls()
    generated, unmapped, text_object, get_font = call["generated"], call["unmapped"], call["object"], call["font"]
    get_size, get_matrix, loose_box, get_origin = call["size"], call["matrix"], call["box"], call["origin"]
    page = _pointer(ctypes.cast(text, ctypes.c_void_p).value)
    written = ctypes.create_string_buffer(_PLACE.size)  # a character's box and origin, read at once
    box, x, y = ctypes.byref(written), ctypes.byref(written, 16), ctypes.byref(written, 24)  # left, top, right, bottom; x; y
    read_place = _PLACE.unpack_from
    matrix = (ctypes.c_float * 6)()
    scale = (ctypes.c_char * 16).from_buffer(matrix)  # the matrix's a, b, c, d as bytes: a quicker key than four floats
    matrix_at = ctypes.byref(matrix)
    ta, tb, tc, td, te, tf = turn
    states: dict[tuple[Any, ...], tuple[float, float | None]] = {}  # by font, font size and matrix
    last: int | None = None  # the text object of the last character: PDFium gives its characters its font, size and matrix
    size, descent = 0.0, None
    last_font: int | None = None
    last_size, last_scale = 0.0, b""
    out: list[Char] = []
    append, add_read = out.append, read.add
    pending = ""
    for index, code in enumerate(units[:count]):
        glyph = chr(code)
        if code <= 0x3000 and glyph.isspace() and generated(page, index):  # no space is past U+3000
            continue  # spaces and line ends PDFium inferred: pdfminer has no such characters
        if code >= 0xD800 or pending:  # U+FFFE and halves of characters are past U+D7FF: the checks below skipped for most
            if code == 0xFFFE:  # none in PDFium's text: a hyphen it took as joining words over a line end, a code mapped to 0
                raise Unsupported("a character PDFium's text leaves out")  # pdfminer reads it as it is printed
            if pending or 0xD800 <= code < 0xE000:  # half of a character beyond the BMP, or the one after it
                if 0xD800 <= code < 0xDC00:  # the first half
                    pending = glyph
                    continue
                if not pending or not 0xDC00 <= code < 0xE000:  # half a character: pdfminer drops it, so it reads the file
                    raise Unsupported("half of a character beyond the BMP without its other half")
                glyph = (pending + glyph).encode("utf-16", "surrogatepass").decode("utf-16")
                pending = ""
        if unmapped(page, index):
            glyph = f"(cid:{code})"
        obj = text_object(page, index)
        if obj != last or not obj:
            font = get_font(obj)
            get_matrix(page, index, matrix_at)
            fontsize, raw = get_size(page, index), scale.raw
            if fontsize != last_size or raw != last_scale or font != last_font:  # most are set as the one before: no lookup
                key = (font, fontsize, raw)
                found = states.get(key)
                if found is None:
                    shown = _compose((matrix[0], matrix[1], matrix[2], matrix[3], 0.0, 0.0), turn)
                    found = states[key] = _text_state(call["descent"], font, fontsize, shown)
                size, descent = found
                last_font, last_size, last_scale = key
            last = obj
            add_read(obj)
        loose_box(page, index, box)
        if descent is not None:
            get_origin(page, index, x, y)  # it fails only on a text page or an index PDFium does not have: written, always
            left, top, right, bottom, across, up = read_place(written)
            y0 = tb * across + td * up + tf + descent
        else:
            left, top, right, bottom, _, _ = read_place(written)
            y0, y_across = tb * left + td * bottom + tf, tb * right + td * top + tf
            y0 = y_across if y_across < y0 else y0
        x0, x1 = ta * left + tc * bottom + te, ta * right + tc * top + te  # the turn applied, inlined
        x0, x1 = (x1 if x1 < x0 else x0), (x1 if x1 > x0 else x0)  # min and max, as the builtins choose (NaN too)
        append((glyph, x0, height - (y0 + size), x1, height - y0))
    return out


def _unit(code: int) -> int:
    """A character's code as one UTF-16 unit: PDFium's text leaves out the control codes it
    keeps for itself (U+0002, U+0003, U+0093, U+0094, U+0096 to U+0098), which pdfminer reads
    as they are, so a page's text with one of them is read a character at a time."""
    if code > 0xFFFF:  # never seen: PDFium gives a character beyond the BMP as two halves
        raise Unsupported("a character beyond the BMP in one piece")
    return code


def _text_state(get_descent: Any, font: int | None, fontsize: float, shown: Matrix) -> tuple[float, float | None]:
    """The size (font size times the vertical scale) and descent in page units of the
    characters set in ``font`` at ``fontsize`` with matrix ``shown`` (as the page is shown);
    text rotated or mirrored there is :class:`Unsupported` (pdfminer boxes it otherwise)."""
    a, b, cc, d = shown[:4]
    if b or cc or a * d <= 0:
        raise Unsupported("rotated or mirrored text")
    descent = ctypes.c_float()
    known = bool(font) and get_descent(font, fontsize, ctypes.addressof(descent))
    return fontsize * d, descent.value * d if known else None


def _objects(c: Any, parent: ctypes.c_void_p, count: Any, get: Any, outer: Matrix, depth: int | None, emit: Any,
             budget: Budget, read: set[int]) -> None:
    """The objects of a page or form (with the fast ``_calls`` that count and get them): every
    painted path, in page coordinates (as shown: the page's ``outer`` is its turn), cut into
    pdfminer's shapes; every text object of whose characters the text page ``read`` none,
    measured: one narrower than :data:`PDFIUM_SKIPS_NARROWER` is :class:`Unsupported`, as
    PDFium's text page leaves it out, characters and all.  One character of a font the file
    does not embed is that narrow where the machine's own fonts, which PDFium reads it with,
    have no glyph for it (「自然人」 read 「自然」 on a machine without a Chinese font); pdfminer
    reads the characters from the file alone.  Forms are walked into (``depth``: how deep this
    one is) only in a capped child process; ``depth`` None: the reader's own process.  The
    objects, and each path's pieces, are counted in ``budget`` before any is fetched: two million
    rectangles on a page took 10 s to go through, one path of five million pieces 1.3 GB as
    Python tuples."""
    call = _calls()
    get_type, draw_mode, segment_count, bounds = call["type"], call["draw_mode"], call["segment_count"], call["bounds"]
    text, path, form = c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM
    fill_mode, stroke_mode = (ctypes.c_int * 1)(), (ctypes.c_int * 1)()
    left, bottom, right, top = (ctypes.c_float * 1)(), (ctypes.c_float * 1)(), (ctypes.c_float * 1)(), (ctypes.c_float * 1)()
    scratch = _Scratch()
    objects = count(parent)
    budget.objects_read(objects)
    holder = _pointer(parent.value)
    for index in range(objects):
        handle = get(holder, index)  # an int: compared as it comes (a pointer object costs a third of the call)
        if handle in read:  # a text object the text page read (the same handle): nothing to do, its type not asked
            continue
        address = ctypes.c_void_p(handle)
        kind = get_type(address)
        if kind == text:
            if bounds(address, left, bottom, right, top) and not abs(right[0] - left[0]) >= PDFIUM_SKIPS_NARROWER:
                raise Unsupported("a text object PDFium's text leaves out (a glyph the font it was read with lacks)")
        elif kind == form:
            if depth is None:
                # The reader gives PDFium no file that may have forms in its own process: this one
                # slipped past ``pdf_forms.may_have_forms``, and PDFium expanded it, unbounded, when it
                # loaded the page.  The file is refused, not read by pdfminer: that reading would hide
                # the hole, which the next such file (a bomb) passes to abort the process.
                raise InputError("PDF 含有读取前未能识别的表单对象，不予读取（请报告此文件） "
                                 "/ the PDF has a form XObject the check before reading missed: not read (please report the file)")
            if depth >= MAX_FORM_DEPTH:  # pdfminer follows every form: its paths would be lost here
                raise Unsupported("form XObjects nested too deep")
            _objects(c, address, call["form_count"], call["form_object"], _compose(_matrix(address, scratch), outer), depth + 1,
                     emit, budget, read)
        elif kind == path:  # not an image nor a shading
            draw_mode(address, fill_mode, stroke_mode)
            fill, stroke = fill_mode[0], stroke_mode[0]
            if not fill and not stroke:
                continue
            pieces = segment_count(address)
            budget.objects_read(pieces)
            for subpath in _subpaths(_segments(c, address, pieces, _compose(_matrix(address, scratch), outer), scratch)):
                emit(*_classify(subpath, bool(stroke), bool(fill)))


class _Scratch:
    """The places PDFium writes a page's or form's paths' matrices and points to, made once for all of them."""

    def __init__(self) -> None:
        self.matrix = (ctypes.c_float * 6)()
        self.point = (ctypes.c_float * 2)()
        self.x, self.y = ctypes.byref(self.point), ctypes.byref(self.point, 4)


def _matrix(obj: ctypes.c_void_p, scratch: _Scratch) -> Matrix:
    _calls()["object_matrix"](obj, scratch.matrix)
    return cast(Matrix, tuple(scratch.matrix[:]))


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (row vectors, as PDF writes matrices)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _segments(c: Any, obj: ctypes.c_void_p, count: int, matrix: Matrix, scratch: _Scratch) -> list[tuple[str, Point]]:
    """The path (of ``count`` segments) as pdfminer's operators: ``m``, ``l``, ``c`` (a Bézier's
    three points, its end kept), ``h`` after a closed point; points in page coordinates (``matrix`` applied inline)."""
    call = _calls()
    get_segment, get_point, get_type, get_close = call["segment"], call["point"], call["segment_type"], call["close"]
    out: list[tuple[str, Point]] = []
    xy, x, y = scratch.point, scratch.x, scratch.y
    a, b, cc, d, e, f = matrix
    bezier_to, move_to = c.FPDF_SEGMENT_BEZIERTO, c.FPDF_SEGMENT_MOVETO
    bezier = 0
    for index in range(count):
        segment = get_segment(obj, index)
        kind = get_type(segment)
        if kind == bezier_to:
            bezier = (bezier + 1) % 3
            if bezier:
                continue  # a control point: not fetched
            op = "c"
        else:
            op = "m" if kind == move_to else "l"
        get_point(segment, x, y)
        px, py = xy[0], xy[1]
        point = (a * px + cc * py + e, b * px + d * py + f)
        out.append((op, point))
        if get_close(segment):
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
    shape = "".join([op for op, _ in path])
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


def _shape_object(kind: str, item: Object, height: float) -> Object:
    """pdfplumber's dictionary for a line, rect or curve, as far as its edges need it: box from the points, top-down."""
    xs, ys = zip(*item["pts"])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    out = {"x0": x0, "x1": x1, "width": x1 - x0, "height": y1 - y0, "top": height - y1, "bottom": height - y0}
    if kind == "curve":  # only a curve's edges are its points' (a line's and a rect's are its box's)
        out["pts"] = [(x, height - y) for x, y in item["pts"]]
    if not all(map(math.isfinite, (x0, x1, y0, y1))):
        raise Unsupported("a path off every page")
    return out
