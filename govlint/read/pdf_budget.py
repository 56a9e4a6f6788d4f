"""Bounds on what reading one PDF may cost, so a broken or hostile file ends within seconds.

pdfminer reads a PDF whose cross-reference table is broken by scanning the whole file line by
line and parsing every object it finds token by token; a line is built by concatenating 4 KB
buffers (quadratic in a giant line), and junk inside or between objects is parsed token by
token, more than once.  pdfplumber's table finder is quadratic in the crossings of ruling
lines on a page (a 8 KB page of a dense grid took a minute).  The bounds:

* the bytes outside streams (objects, dictionaries, cross-reference tables: a report has a few
  hundred kilobytes of them) are limited before pdfminer starts (:func:`check_skeleton`);
* while pdfminer reads (:func:`limits`), the tokens it parses (and the codes a ToUnicode map
  maps) and the buffers it fills are counted, and the time checked, in its own tokenizer;
* the characters, path pieces and images either reads are counted (PDFium's path pieces before
  they are fetched; pdfminer's as its layout makes each, with its clock: one string of three
  million characters took it 15 s and 1.4 GB, one token);
* the crossings of ruling lines are counted per page and, squared as the table finder's
  work is, over the file.

Past a bound reading stops with :class:`OverBudget`, which the reader reports as one line.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
import time
from typing import Any, Callable, Iterator

from ..errors import InputError

MAX_PAGES = 200  # a report is a handful of pages; this bounds the time spent on odd files
# What the compressed streams of a PDF may inflate to, all together: a report's text and a
# few images are a few megabytes; a flate bomb inflates a few hundred kilobytes to gigabytes.
MAX_INFLATED = 64 * 1024 * 1024
MAX_SKELETON = 4 * 1024 * 1024  # bytes outside streams
MAX_TOKENS = 3_000_000  # pdfminer's; a report page is about 7,000
MAX_READ = 256 * 1024 * 1024  # bytes pdfminer's parsers read, re-reads included
MAX_SECONDS = 6.0  # pdfminer's reading
# Content PDFium parses when it loads pages (pages' content streams, Type3 glyphs' procedures,
# decoded): it builds every object, graphics state and operand of a page at once, before any
# count here, up to a hundred times the bytes ("q " twenty million times: 1.4 GB, then a page
# read silently short).  A report's pages have a few hundred kilobytes; past this pdfminer
# reads the file, under its tokens and clock.
MAX_PDFIUM_CONTENT = 4 * 1024 * 1024
MAX_OBJECTS = 500_000  # characters and path pieces PDFium reads; a report page has about 600
MAX_CROSSINGS = 4_000  # ruling-line crossings on a page; a report's fullest table page has about 800
MAX_TABLE_WORK = 3 * MAX_CROSSINGS**2  # crossings squared, summed over the pages
_CHECK_EVERY = 4096  # tokens between clock readings

_STREAM_START = re.compile(rb"stream\r?\n")
_STREAM_END = b"endstream"


class OverBudget(Exception):
    """Reading went past one of the bounds on this file."""


class Budget:
    """What has been spent on one file: pdfminer's tokens, bytes and time, PDFium's objects,
    the table finder's crossings."""

    def __init__(self) -> None:
        self.tokens = 0
        self.read = 0
        self.objects = 0
        self.decoded = 0
        self.table_work = 0
        self.deadline: float | None = None

    def start_clock(self) -> None:
        """pdfminer starts: from now it has :data:`MAX_SECONDS`."""
        self.deadline = time.monotonic() + MAX_SECONDS

    def token(self) -> None:
        self.tokens += 1
        if self.tokens > MAX_TOKENS:
            raise OverBudget(f"超过 {MAX_TOKENS:,} 个记号 / over {MAX_TOKENS:,} tokens")
        if self.tokens % _CHECK_EVERY == 0:
            self.clock()

    def buffer(self, size: int) -> None:
        self.read += size
        if self.read > MAX_READ:
            raise OverBudget(f"读取超过 {MAX_READ // 2**20} MB / over {MAX_READ // 2**20} MB read")
        self.clock()

    def clock(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverBudget(f"超过 {MAX_SECONDS:.0f} 秒 / over {MAX_SECONDS:.0f} s")

    def spend_decoded(self, size: int) -> None:
        """pdfminer decoded ``size`` bytes more of a stream (``pdf_filters``): all together at most
        :data:`MAX_INFLATED`, whatever the bomb check before it counted."""
        self.decoded += size
        if self.decoded > MAX_INFLATED:
            raise OverBudget(f"压缩内容解压后超过 {MAX_INFLATED // 2**20} MB（疑似压缩炸弹） "
                             f"/ compressed streams inflate past {MAX_INFLATED // 2**20} MB (a compression bomb?)")

    def objects_read(self, count: int) -> None:
        before = self.objects
        self.objects += count
        if self.objects > MAX_OBJECTS:
            raise OverBudget(f"超过 {MAX_OBJECTS:,} 个字符和线条 / over {MAX_OBJECTS:,} characters and paths")
        if self.objects // _CHECK_EVERY != before // _CHECK_EVERY:
            self.clock()

    def grid(self, page: int, rows: int, columns: int) -> None:
        """A page with ``rows`` horizontal and ``columns`` vertical ruling positions."""
        crossings = rows * columns
        if crossings > MAX_CROSSINGS:
            raise OverBudget(f"第 {page} 页的表格线有 {crossings:,} 个交点，超过 {MAX_CROSSINGS:,} "
                             f"/ page {page} has {crossings:,} rule crossings")
        self.table_work += crossings**2
        if self.table_work > MAX_TABLE_WORK:
            raise OverBudget(f"表格线交点过多 / too many rule crossings (page {page})")


_local = threading.local()


@contextlib.contextmanager
def limits() -> Iterator[Budget]:
    """Count what pdfminer does in this thread until the block ends; the budget is also
    for the caller to spend on work of its own."""
    install()
    _local.budget = budget = Budget()
    try:
        yield budget
    finally:
        _local.budget = None


def clock() -> None:
    """Stop past this thread's clock (:func:`limits`, once pdfminer has started): for work of ours
    between pdfminer's tokens, which the tokenizer's count does not see (the walk of forms)."""
    budget = getattr(_local, "budget", None)
    if budget is not None:
        budget.clock()


def spend_decoded(size: int) -> None:
    """pdfminer decoded ``size`` bytes of a stream, counted in this thread's :func:`limits`."""
    budget = getattr(_local, "budget", None)
    if budget is not None:
        budget.spend_decoded(size)


def pdfium_may_parse(content: int | None) -> bool:
    """Whether PDFium may read a file whose content (``pdf_streams.check``: None, not known) is so long."""
    return content is not None and content <= MAX_PDFIUM_CONTENT


def too_many_pages() -> InputError:
    return InputError(f"PDF 页数过多（超过 {MAX_PAGES} 页） / too many pages (over {MAX_PAGES})")


def pdfminer_pages(document: Any) -> list[Any]:
    """pdfminer's pages of ``document``, refused past :data:`MAX_PAGES` before more are built."""
    from pdfminer.pdfpage import PDFPage

    pages = list(itertools.islice(PDFPage.create_pages(document), MAX_PAGES + 1))
    if len(pages) > MAX_PAGES:
        raise too_many_pages()
    return pages


def over_budget(error: OverBudget) -> InputError:
    return InputError(f"PDF 结构损坏或过于复杂，读取已停止（{error}） / the PDF is broken or too complex to read within bounds")


def check_skeleton(data: bytes) -> None:
    """Refuse a PDF with more than :data:`MAX_SKELETON` bytes outside its streams."""
    inside = 0
    position = 0
    while (start := _STREAM_START.search(data, position)) is not None:
        end = data.find(_STREAM_END, start.end())
        if end < 0:
            break
        inside += end - start.end()
        position = end + len(_STREAM_END)
    outside = len(data) - inside
    if outside > MAX_SKELETON:
        raise InputError(
            f"PDF 流以外的内容过大（{outside / 2**20:.1f} MB，上限 {MAX_SKELETON // 2**20} MB），疑似损坏 "
            f"/ the PDF has {outside / 2**20:.1f} MB outside its streams (limit {MAX_SKELETON // 2**20} MB): broken?"
        )


_installed: list[bool] = []


def install() -> None:
    """Wrap pdfminer's tokenizer, buffer filling and the layout's making of characters, paths
    and images once; they count only inside :func:`limits`."""
    if _installed:
        return
    from pdfminer.cmapdb import FileCMap, FileUnicodeMap
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFContentParser
    from pdfminer.psparser import PSBaseParser

    setattr(PSBaseParser, "nexttoken", _counting_tokens(PSBaseParser.nexttoken))
    setattr(FileUnicodeMap, "add_cid2unichr", _counting_codes(FileUnicodeMap.add_cid2unichr))
    setattr(FileCMap, "add_code2cid", _counting_codes(FileCMap.add_code2cid))  # an encoding CMap's ranges too
    setattr(PSBaseParser, "fillbuf", _counting_buffers(PSBaseParser.fillbuf))
    setattr(PDFContentParser, "fillbuf", _counting_buffers(PDFContentParser.fillbuf))
    setattr(PDFLayoutAnalyzer, "render_char", _counting_objects(PDFLayoutAnalyzer.render_char, lambda *args: 1))
    # a path's pieces: one that is split into subpaths is counted again, each subpath (at most twice in all)
    setattr(PDFLayoutAnalyzer, "paint_path", _counting_objects(PDFLayoutAnalyzer.paint_path, lambda *args: len(args[-1])))
    setattr(PDFLayoutAnalyzer, "render_image", _counting_objects(PDFLayoutAnalyzer.render_image, lambda *args: 1))
    _installed.append(True)


def _counting_objects(make: Callable[..., Any], count: Callable[..., int]) -> Callable[..., Any]:
    """``make`` (a layout's method), counted: ``count`` of its arguments objects made."""
    def counted(self: Any, *args: Any) -> Any:
        budget = getattr(_local, "budget", None)
        if budget is not None:
            budget.objects_read(count(*args))
        return make(self, *args)

    return counted


def _counting_tokens(nexttoken: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def counted(self: Any) -> Any:
        budget = getattr(_local, "budget", None)
        if budget is not None:
            budget.token()
        return nexttoken(self)

    return counted


def _counting_codes(add: Callable[[Any, Any, Any], None]) -> Callable[[Any, Any, Any], None]:
    """Each code a ToUnicode map (or an encoding CMap) maps counts as a token: one range of a map
    can map billions of codes (pdfminer maps them one by one, in minutes and gigabytes), no more
    than a few tokens."""
    def counted(self: Any, key: Any, value: Any) -> None:
        budget = getattr(_local, "budget", None)
        if budget is not None:
            budget.token()
        add(self, key, value)

    return counted


def _counting_buffers(fillbuf: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def counted(self: Any) -> bool:
        if self.charpos < len(self.buf):  # pdfminer's own first test: the buffer is not used up
            return False
        budget = getattr(_local, "budget", None)
        changed = fillbuf(self)
        if budget is None:
            return changed
        budget.buffer(len(self.buf))
        return changed

    return counted
