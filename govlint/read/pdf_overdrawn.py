"""Text drawn over itself (fake bold) read once through pdfminer, as PDFium's text reads it.

A producer without a bold face (some Word and WPS exports) sets bold text by drawing it
twice, the second time a fraction of a point to the side.  PDFium's text page leaves out a
text object (what one ``Tj``, ``TJ``, ``'`` or ``"`` shows) that repeats one of the five text
objects drawn before it in the same content, the page's or one form's
(``CPDF_TextPage::IsSameAsPreTextObject`` and ``IsSameTextObject``, PDFium 8149 as pypdfium2 5.15
bundles it): the same character codes (how a ``TJ`` cuts its strings aside) at the same font
size, the boxes overlapping by at least half the earlier one's width, the origin at most 0.9
of the last character's width (in text space) across and an eighth of the overlap's width,
height or the font size, whichever is largest, up or down.  pdfminer drew both, so a bold
「1234」 read 「11223344」 there: a number made up, and the two ways into a PDF read the file
differently.  :class:`DrawnOnce` is pdfplumber's own device that drops, as it draws them, the
characters of a string PDFium's text leaves out.

What stands in for what PDFium measures: its box of a text object is the union of its glyphs'
ink; here it is the union of the characters' boxes as pdfminer boxes them (the advance width,
from the font's descent up by the font size).  They agree on fake bold (a fraction of a point
apart) and on a repeat a character's width or more away; a single glyph drawn again between
half its ink's width and half its advance away, or a long string repeated less than a font size
below itself, may be judged otherwise.  A string of white space only has no ink: it is never
left out, and no string repeats it.  Character codes of one font are compared as its bytes; of
two fonts, as pdfminer decodes them (the codes themselves, but CIDs in a Type0 font with a CMap
other than Identity, a file PDFium never reads here).  PDFium's text also leaves out a single character repeating one of the last seven of
its line within 0.07 of the font size, in its own order of the line (``ProcessTextObjectItems``):
that is not done here.

Only fake bold is left out, not all PDFium leaves out: a copy whose origin is more than
:data:`FAKE_BOLD` of an em from the earlier one's, across or up, stays.  Between that and PDFium's
reach the stand-in boxes judge otherwise than ink does (half-width digits of a font without widths,
each placed half an em after the one before: 「2000 11 100」 read 「20 1 10」; a line repeated a little
less than a font size below itself, left out whole), and a number read twice is found by the
checks where a digit left out silently makes another number: there both are kept, as pdfminer drew
them, and the two ways may read the file differently.  Vertical writing is never left out (its
characters' widths are the vertical advance, and PDFium's reach is taken across).
"""

from __future__ import annotations

import functools
from collections import deque
from typing import Any

from pdfminer.layout import LTPage
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFTextState
from pdfminer.utils import Matrix, apply_matrix_pt, mult_matrix
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

FAKE_BOLD = 0.06  # of an em: the farthest a copy left out is from the earlier one, across and up (fake bold: 0.02 to 0.05)
LOOKBACK = 5  # the text objects before it that PDFium compares a text object with
NARROWEST = 0.01  # a text object narrower than this PDFium's text skips, compared with none (kSizeEpsilon)
Box = tuple[float, float, float, float]  # left, bottom, right, top
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Shown:
    """A text object as PDFium compares it, in its content's space (the page's, or a form's).
    Its codes, box and origin are worked out only when its size and bytes may repeat another's:
    most strings of a page repeat none of the five before them."""

    def __init__(self, font: PDFFont, strings: tuple[bytes, ...], size: float, chars: list[Any],
                 drawn: tuple[tuple[Matrix, float, float], list[Any], tuple[float, float], Matrix, Matrix]) -> None:
        self.font = font
        self.strings = strings  # the non-empty strings it shows
        self.raw = b"".join(strings)
        self.size = size  # the font size (Tf), in text space
        self.chars = chars  # the characters pdfminer drew of it
        self._drawn = drawn  # how: its text matrix, rise and scaling, the items shown, where, the CTM, page space to its content's

    @functools.cached_property
    def codes(self) -> tuple[int, ...]:
        return tuple(code for string in self.strings for code in self.font.decode(string))

    @functools.cached_property
    def em(self) -> float:
        """Its font size in its content's space (through its text matrix, the CTM and into its content)."""
        (matrix, _, _), _, _, ctm, to_own = self._drawn
        a, b, c, d, _, _ = mult_matrix(mult_matrix(matrix, ctm), to_own)
        return float(self.size * abs(a * d - b * c) ** 0.5)

    @functools.cached_property
    def origin(self) -> tuple[float, float]:
        """Its first character's origin, moved by the numbers before the first string and raised
        by the rise (where PDFium puts a text object), in its content's space."""
        (matrix, rise, scaling), items, (x, y), ctm, to_own = self._drawn
        kerning = 0.0
        for item in items:
            if isinstance(item, bytes):
                if item:
                    break
            elif isinstance(item, (int, float)):
                kerning += item
        step = kerning * 0.001 * self.size
        x, y = (x, y - step) if self.font.is_vertical() else (x - step * scaling * 0.01, y)
        return apply_matrix_pt(mult_matrix(mult_matrix(matrix, ctm), to_own), (x, y + rise))

    @functools.cached_property
    def box(self) -> Box | None:
        """The characters' boxes, all together; None: no ink (white space only, or nothing drawn)."""
        chars, to_own = self.chars, self._drawn[4]
        if all(char.get_text().isspace() for char in chars):
            return None
        if len(chars) == 1:  # most strings of a Word PDF: a character each
            left, bottom, right, top = chars[0].bbox
        else:
            left, bottom = min(char.x0 for char in chars), min(char.y0 for char in chars)
            right, top = max(char.x1 for char in chars), max(char.y1 for char in chars)
        if to_own == _IDENTITY:  # the page's own content, drawn at the origin
            return left, bottom, right, top
        corners = [apply_matrix_pt(to_own, (x, y)) for x in (left, right) for y in (bottom, top)]
        return min(x for x, _ in corners), min(y for _, y in corners), max(x for x, _ in corners), max(y for _, y in corners)

    def wide(self) -> bool:
        """Whether PDFium's text reads it at all (its box at least :data:`NARROWEST` wide)."""
        return self.box is not None and self.box[2] - self.box[0] >= NARROWEST

    def same_codes(self, other: Shown) -> bool:
        """Whether both show the same character codes: in one font, the same bytes (quicker than
        decoding them; a string cut inside a code of several bytes aside), else the same codes as
        pdfminer decodes them."""
        return self.raw == other.raw if self.font is other.font else self.codes == other.codes


def repeats(earlier: Shown, current: Shown) -> bool:
    """Whether ``current`` is fake bold of ``earlier`` (within :data:`FAKE_BOLD`) that PDFium's text
    leaves out as a repeat (``IsSameTextObject``; the quick tests first)."""
    if current.size != earlier.size or not current.same_codes(earlier) or earlier.box is None or current.box is None:
        return False
    left, bottom, right, top = (max(earlier.box[0], current.box[0]), max(earlier.box[1], current.box[1]),
                                min(earlier.box[2], current.box[2]), min(earlier.box[3], current.box[3]))
    if left >= right or bottom >= top:
        return False  # the boxes do not overlap
    width = earlier.box[2] - earlier.box[0]
    if abs((right - left) - width) > width / 2:
        return False
    across, up = abs(earlier.origin[0] - current.origin[0]), abs(earlier.origin[1] - current.origin[1])
    if max(across, up) > FAKE_BOLD * current.em:
        return False  # no fake bold: kept, whatever PDFium's text does (the module's docstring)
    reach = 0.9 * current.font.char_width(current.codes[-1]) * current.size  # 0.9 of its last character's width
    return across <= reach and up <= max(top - bottom, right - left, current.size) / 8


class _Content:
    """One content PDFium's text compares text objects within: the page's, or one form's; its
    space is pdfminer's page space through the inverse of ``base`` (the matrix it is drawn with)."""

    def __init__(self, base: Matrix) -> None:
        a, b, c, d, e, f = base
        det = a * d - b * c
        self.to_own: Matrix = (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det) \
            if det else _IDENTITY
        self.recent: deque[Shown] = deque(maxlen=LOOKBACK)


class DrawnOnce(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, leaving out the characters of each string PDFium's text leaves out."""

    def begin_page(self, page: Any, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        self._contents = [_Content(ctm)]
        self._started = False  # PDFium compares the first text object of a page it reads with none

    def begin_figure(self, name: str, bbox: Any, matrix: Matrix) -> None:
        self._contents.append(_Content(self.ctm))  # a form's space has its /Matrix: the CTM where it is drawn is left
        super().begin_figure(name, bbox, matrix)

    def end_figure(self, name: str) -> None:
        super().end_figure(name)
        self._contents.pop()

    def render_string(self, textstate: PDFTextState, seq: PDFTextSeq, ncs: PDFColorSpace, graphicstate: PDFGraphicState) -> None:
        items = seq if isinstance(seq, list) else list(seq)  # the interpreter's list, or one made of what was given
        strings = tuple(item for item in items if isinstance(item, bytes) and item)
        font = textstate.font
        if font is None or not strings:  # PDFium makes no text object of it: no font, or no string but empty ones
            super().render_string(textstate, items, ncs, graphicstate)
            return
        at = textstate.linematrix
        drawn = self.cur_item._objs
        start = len(drawn)
        super().render_string(textstate, items, ncs, graphicstate)
        content = self._contents[-1]
        size = textstate.fontsize
        shown = Shown(font, strings, size, drawn[start:],
                      ((textstate.matrix, textstate.rise, textstate.scaling), items, at, self.ctm, content.to_own))
        if not self._started:
            self._started = shown.wide()
        else:
            for earlier in content.recent:  # the quick tests of ``repeats`` first, inline: most strings fail them
                if earlier.size == size and (earlier.font is not font or earlier.raw == shown.raw) \
                        and repeats(earlier, shown) and shown.wide():
                    del drawn[start:]
                    break
        content.recent.append(shown)


class DrawnOncePage(Page):
    """pdfplumber's page, laid out by :class:`DrawnOnce` (pdfplumber's ``layout``, with that device)."""

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            device = DrawnOnce(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams)
            try:
                PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            except Exception as error:  # noqa: BLE001 - as pdfplumber wraps what pdfminer raises
                raise PdfminerException(error) from error
            self._layout = device.get_result()
        return self._layout
