"""Published PDF reports: page text and ruled tables back into lines.

The final report is usually published as a PDF printed from Word or WPS.  The reader
takes each page's ruled tables (found as pdfplumber finds them) as tab-separated rows, the remaining words
as text lines in reading order, drops page numbers and running headers, joins lines
that wrap inside a paragraph, and lets a table broken by a page break continue.

Characters and ruling paths are read by PDFium (``pdf_pdfium``: many times faster than
pdfminer's interpreter) and laid out as pdfplumber lays pages out (``pdf_layout``, on
tuples); a file PDFium cannot open, with a page it would box differently, or with a font's
ToUnicode map the two read otherwise (``pdf_cmaps``), goes through pdfplumber and pdfminer,
opened once and bounded (``pdf_budget``).  Both ways give the same lines, cells and places.
PDFium expands form XObjects without a bound when it loads a page (a form bomb would abort the
process): a file that may have forms is read by PDFium only in a child process the operating
system caps (``pdf_isolated``), else, or when that fails, by pdfplumber (a few times slower),
whose forms are bounded before it interprets a page (``pdf_forms``).
pdfplumber and pypdfium2 are an optional extra (``govlint[pdf]``), imported only when a PDF is read.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import InputError
from . import pdf_budget, pdf_crypt, pdf_filters, pdf_forms, pdf_isolated, pdf_streams
from .pdf_budget import MAX_INFLATED, MAX_PAGES  # noqa: F401 - the reader's bounds, named here for its callers
from .source import LineBuilder, Source


_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_WHITE = re.compile(r"\s")  # what ``str.split``, ``strip`` and ``splitlines`` cut at (every line break is white space)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·•\s]*\d{1,4}[-—–－~·•\s]*"  # - 1 -, — 2 —, 3
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 1 页, 第1页 共6页
    r"|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 1/6
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_ENUMERATOR = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十\d]+)"
)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")  # starts a paragraph
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_MARGIN = 0.1  # top and bottom tenth of a page: where headers and footers live


@dataclass
class _Text:
    page: int
    number: int  # line on its page, counting text lines only
    x0: float
    x1: float
    top: float
    height: float
    text: str
    margin: bool = False  # in the top or bottom tenth of the page


@dataclass
class _Table:
    page: int
    top: float
    rows: list[list[str]]
    extra: dict[str, Any] = field(default_factory=dict)  # bbox; covered: cell is part of a merge


class PdfReader:
    """Reads PDF files that have a text layer (not scans)."""

    name = "pdf"
    priority = 100
    suffixes = (".pdf",)  # what folder walks collect

    def sniff(self, path: str, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def read(self, path: str, data: bytes) -> Source:
        try:
            import pdfplumber  # noqa: F401 - both ways in lay pages out with it
        except ImportError:
            raise InputError("读取 PDF 需要安装 govlint[pdf] / install govlint[pdf] to read PDF files") from None
        # PDFium would expand a form bomb without bound, and may decrypt otherwise than the bomb check counted
        encrypted = pdf_crypt.may_be_encrypted(data)
        try:
            # bombs behind any filter, in inline images, encrypted: before either way decodes a stream
            streams = pdf_streams.check(data, encrypted)
            # or a stream the check could not find (written otherwise)
            capped = encrypted or streams.unplaced or pdf_forms.may_have_forms(data)
            # PDFium builds a page at once: content it may parse; ToUnicode maps it reads as pdfminer does (pdf_cmaps)
            fast = streams.maps_alike and pdf_budget.pdfium_may_parse(streams.content)
            with _quiet("pdfminer"), pdf_budget.limits() as budget:
                items, chars = (_read_fast(data, budget, capped) if fast else None) or _read_pdfminer(data, budget)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on broken files
            raise _explain(error) from None
        if chars["text"] < 10 * max(chars["pages"], 1) // 2 or chars["text"] < 10:
            raise InputError("PDF 没有文字层（可能是扫描件），无法检查 / scanned PDF without a text layer")
        if chars["cid"] * 3 > chars["text"]:
            raise InputError("PDF 的字体缺少字符编码，文字无法提取 / the PDF's fonts have no Unicode mapping: text cannot be extracted")
        try:
            return _build(path, items)
        except Exception as error:  # noqa: BLE001 - a reader reports bad input, never crashes
            raise InputError(f"PDF 无法读取（{type(error).__name__}） / cannot read the PDF") from None


def _read_fast(data: bytes, budget: pdf_budget.Budget, capped: bool) -> tuple[list[Any], dict[str, int]] | None:
    """Pages read by PDFium: a file PDFium may expand without a bound of ours (forms, encryption, a
    stream the bomb check could not find: ``capped``) in a capped child process, where there can be
    one, its forms walked; None when PDFium does not read the file."""
    if not capped:
        return _read_pdfium(data, budget)
    if not pdf_isolated.available():
        return None
    import pypdfium2  # noqa: F401 - PDFium started, its reader imported, in this process once, not in every child

    from . import pdf_pdfium  # noqa: F401

    read = pdf_isolated.run(lambda: _read_pdfium(data, budget, forms=True), (_Text, _Table))
    return read if read is None or _a_reading(read) else None


def _a_reading(read: object) -> bool:
    """Whether what a child sent has the shape of a reading: a damaged one may send any plain
    data (the counts are looked at before anything else could fail in a way ``read`` explains)."""
    return (isinstance(read, tuple) and len(read) == 2 and isinstance(read[0], list) and isinstance(read[1], dict)
            and all(isinstance(item, (_Text, _Table)) for item in read[0])
            and all(type(read[1].get(key)) is int for key in ("text", "pages", "cid")))


def _read_pdfium(data: bytes, budget: pdf_budget.Budget, forms: bool = False) -> tuple[list[Any], dict[str, int]] | None:
    """Pages read by PDFium (fast), forms too where ``forms`` (only in a capped child process),
    or None when it cannot open the file or would not lay a page out as pdfminer does: then
    pdfminer reads it."""
    import pypdfium2

    from . import pdf_pdfium

    try:
        pages = pdf_pdfium.open_pages(data, budget, forms)
    except (pypdfium2.PdfiumError, pdf_pdfium.Unsupported):
        return None
    return _extract(pages, budget)


def _read_pdfminer(data: bytes, budget: pdf_budget.Budget) -> tuple[list[Any], dict[str, int]]:
    """Pages read by pdfminer through pdfplumber: the file opened once, its pages counted
    lazily before any is built (pdfplumber's own ``pages`` builds all of them, 100,000 in minutes),
    their form XObjects bounded before any is interpreted (``pdf_forms.check``, whatever sent
    the file here: pdfminer may see forms where PDFium sees none); text drawn over itself (fake
    bold) is read once, as PDFium's text reads it (``pdf_overdrawn``)."""
    from pdfplumber.pdf import PDF

    from .pdf_overdrawn import DrawnOncePage

    pdf_budget.check_skeleton(data)
    pdf_filters.install()
    pdf_crypt.install()
    budget.start_clock()
    pdf = PDF(io.BytesIO(data))
    pdf._pages = pages = []  # what ``pdf.pages`` (and ``close``) would otherwise build from every page
    try:
        doctop = 0.0
        found = pdf_budget.pdfminer_pages(pdf.doc)
        pdf_forms.check(found)
        for number, page in enumerate(found, start=1):
            pages.append(DrawnOncePage(pdf, page, page_number=number, initial_doctop=doctop))
            doctop += pages[-1].height
        return _extract([_PlumberPage(page) for page in pages], budget)
    finally:
        pdf.close()


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """pdfminer logs warnings about odd files; the reader's own one-line error says it all.
    (Raising the level, not disabling the logger, also quiets its child loggers.)"""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _explain(error: BaseException) -> InputError:
    """Turn pdfminer's exceptions (often wrapped by pdfplumber) into one bilingual line."""
    inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
    if isinstance(inner, pdf_budget.OverBudget):
        return pdf_budget.over_budget(inner)
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind:
        return InputError(pdf_crypt.NEEDS_PASSWORD)
    return InputError(f"PDF 文件已损坏或无法解析（{kind}） / corrupt or unreadable PDF")


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def tidy(text: str) -> str:
    """Collapse whitespace; drop the gaps PDF justification leaves between Chinese characters."""
    return _CJK_SPACE.sub("", " ".join(text.split()))


def _cell(text: str | None) -> str:
    """A table cell: wrapped lines joined (no space inside Chinese text), then tidied."""
    if not text:
        return ""
    if not _WHITE.search(text):  # most cells: a number or one line of Chinese, nothing to join or tidy
        return text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return tidy(out)


class _PlumberPage:
    """A page pdfplumber laid out from pdfminer's objects, seen as ``pdf_pdfium.PdfiumPage`` is:
    rule positions, tables (box and cell texts) and text lines outside given boxes."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.page_number: int = page.page_number
        self.height = float(page.height)

    def ruling_positions(self) -> tuple[int, int]:
        """How many heights horizontal rules are at, and how many places vertical ones are at
        (3 points apart, pdfplumber's snapping distance): the grid its table finder works on."""
        from pdfplumber.utils.geometry import filter_edges

        rows = {round(edge["top"] / 3) for edge in filter_edges(self.page.edges, "h")}
        columns = {round(edge["x0"] / 3) for edge in filter_edges(self.page.edges, "v")}
        return len(rows), len(columns)

    def tables(self) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
        return [(table.bbox, _table_text(self.page, table)) for table in self.page.find_tables()]

    def text_lines(self, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, float, float, float, float]]:
        """Text lines of the characters whose centre is outside every box (the tables)."""
        page = self.page
        if boxes:
            page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
        return [(line["text"], float(line["x0"]), float(line["top"]), float(line["x1"]), float(line["bottom"]))
                for line in page.extract_text_lines(return_chars=False)]


def _table_text(page: Any, table: Any) -> list[list[str | None]]:
    """pdfplumber's ``table.extract()`` (a character belongs to the row, then the cell, its
    centre is in; cells keep page order), with the characters found by their height through
    bisection: pdfplumber tests every character of the page against each row, which was a
    third of the time spent on a PDF."""
    from pdfplumber.utils.text import extract_text

    centres = sorted(((obj["top"] + obj["bottom"]) / 2, (obj["x0"] + obj["x1"]) / 2, index, obj)
                     for index, obj in enumerate(page.chars))
    heights = [centre[0] for centre in centres]
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        found = sorted(centres[bisect.bisect_left(heights, top) : bisect.bisect_left(heights, bottom)], key=lambda item: item[2])
        found = [item for item in found if x0 <= item[1] < x1]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            chars = [obj for y, x, _, obj in found if cell[0] <= x < cell[2] and cell[1] <= y < cell[3]]
            cells.append(extract_text(chars) if chars else "")
        rows.append(cells)
    return rows


def _extract(pages: list[Any], budget: pdf_budget.Budget) -> tuple[list[Any], dict[str, int]]:
    """Per page (a ``pdf_pdfium.PdfiumPage`` or a :class:`_PlumberPage`), in reading order:
    text lines and tables (a table replaces its region)."""
    items: list[Any] = []
    chars = {"text": 0, "cid": 0, "pages": len(pages)}
    margins: list[tuple[int, str]] = []
    for page in pages:
        height = page.height or 1.0
        tables = []
        budget.grid(page.page_number, *page.ruling_positions())
        for bbox, raw in page.tables():
            real = max((sum(cell is not None for cell in row) for row in raw), default=0)
            rows = [[_cell(cell) for cell in row] for row in raw]
            if real >= 2 and any(any(row) for row in rows):  # one-column "tables" are framed text
                covered = [[cell is None for cell in row] for row in raw]
                tables.append(_Table(page.page_number, float(bbox[1]), rows, extra={"bbox": bbox, "covered": covered}))
                chars["text"] += sum(len(cell) for row in rows for cell in row)
        lines = []
        for raw_text, x0, top, x1, bottom in page.text_lines([table.extra["bbox"] for table in tables]):
            text = tidy(raw_text)
            if not text:
                continue
            chars["text"] += len(text.replace(" ", ""))
            chars["cid"] += 5 * text.count("(cid:")
            in_margin = top < _MARGIN * height or bottom > (1 - _MARGIN) * height
            if in_margin and _PAGE_NUMBER.match(text):
                continue
            lines.append(_Text(page.page_number, 0, x0, x1, top, bottom - top, text, in_margin))
            if in_margin:
                margins.append((page.page_number, _shape(text)))
        items.append((lines, tables))
    running = _running_lines(margins, len(pages))
    ordered: list[Any] = []
    for lines, tables in items:
        lines = [line for line in lines if not (line.margin and _shape(line.text) in running)]
        for number, line in enumerate(lines, start=1):
            line.number = number
        ordered.extend(sorted([*lines, *tables], key=lambda item: item.top))
    return ordered, chars


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _running_lines(margins: list[tuple[int, str]], pages: int) -> set[str]:
    """Header or footer text (numbers aside) repeated on at least half of the pages, 3 or more."""
    if pages < 3:
        return set()
    counts = Counter(text for _, text in set(margins))
    return {text for text, count in counts.items() if count >= max(3, pages // 2)}


@dataclass
class _Logical:
    """A table as printed, possibly over several pages: rows, each row's page and its number there.

    Places name the page a row is printed on, so the row number must be counted on that page
    too (repeated header rows included: the user sees them); counted from the table's top it
    would point at another row of the page.
    """

    number: int
    rows: list[list[str]]
    pages: list[int]
    printed: list[int] = field(default_factory=list)  # row number within its page's part of the table

    def __post_init__(self) -> None:
        if not self.printed:
            self.printed = list(range(1, len(self.rows) + 1))

    def extend(self, part: _Table) -> None:
        """Rows of a table broken by a page break join the table they continue."""
        rows = [list(row) for row in part.rows]
        repeated = 0  # header rows Word repeats on each page
        while repeated < min(len(rows) - 1, len(self.rows)) and _same(rows[repeated], self.rows[repeated]):
            repeated += 1
        rows = rows[repeated:]
        covered = part.extra.get("covered", [])[repeated:]
        if rows and self.rows:
            _join_split_row(self.rows[-1], rows, covered)
        first = len(part.rows) - len(rows) + 1  # after the repeated header and a tail joined to the row above
        self.rows.extend(rows)
        self.pages.extend([part.page] * len(rows))
        self.printed.extend(range(first, first + len(rows)))


def _same(row: list[str], other: list[str]) -> bool:
    """Rows with the same texts in the same order, empty cells aside.

    Parts of a table may be found with different column counts: a part whose rows all have
    one merged label cell has no rules between the label columns, so its header rows have
    fewer cells than the same header repeated above a part with 「1.属于国家秘密」 rows.
    """
    texts = [cell for cell in row if cell]
    return bool(texts) and texts == [cell for cell in other if cell]


def _join_split_row(last: list[str], rows: list[list[str]], covered: list[list[bool]]) -> None:
    """Text a page break cut in two goes back to the cell it began in.

    Row labels in a report start with an enumerator (「（四）」「2.」).  Two cases:

    * a data row (it has numbers) whose label wrapped onto the next page: the new page's
      first row holds only label tails, no numbers, so it is appended to that row;
    * a label cell merged over several rows (「（四）无法提供」), cut after 「（四）无」: on
      the new page its tail 「法提供」 does not start with an enumerator and still spans
      the next row, so the tail goes back to the label.
    """
    first = rows[0]

    def tail(c: int, text: str) -> bool:
        return bool(text) and c < len(last) and bool(last[c]) and not _NUMBER.match(last[c]) \
            and not _NUMBER.match(text) and not _ENUMERATOR.match(text)

    tails = [c for c, text in enumerate(first) if tail(c, text)]
    if not tails:
        return
    numbers_above = any(_NUMBER.match(text) for text in last)
    if numbers_above and all(not text or c in tails for c, text in enumerate(first)):
        for c in tails:
            last[c] += first[c]
        rows.pop(0)
        if covered:
            covered.pop(0)
        return
    below = covered[1] if len(covered) > 1 else []
    for c in tails:
        spans_down = c < len(below) and below[c]
        if spans_down and _ENUMERATOR.match(last[c]):
            last[c] += first[c]
            first[c] = ""


def _build(path: str, items: list[Any]) -> Source:
    """Fold text lines into paragraphs and table parts into tables, then lay out lines."""
    texts = [item for item in items if isinstance(item, _Text)]
    left = _mode([line.x0 for line in texts])
    right = _mode([line.x1 for line in texts])
    size = statistics.median([line.height for line in texts]) if texts else 12.0
    blocks: list[Any] = []  # [first _Text, text, wraps] paragraphs and _Logical tables
    previous: Any = None
    for item in items:
        if isinstance(item, _Table):
            if isinstance(previous, _Table) and item.page == previous.page + 1 and isinstance(blocks[-1], _Logical):
                blocks[-1].extend(item)
            else:
                count = sum(isinstance(block, _Logical) for block in blocks)
                blocks.append(_Logical(count + 1, [list(row) for row in item.rows], [item.page] * len(item.rows)))
        elif (
            not isinstance(previous, _Text)
            or item.x0 > left + 0.8 * size  # first-line indent
            or previous.x1 < right - 1.5 * size  # the line before ended short
            or _HEADING.match(item.text)
            or (item.page == previous.page and item.top - previous.top > 2.5 * size)
        ):
            blocks.append([item, item.text, [(1, _place(item))]])
        else:
            text = blocks[-1][1]
            ascii_gap = text[-1].isascii() and text[-1].isalnum() and item.text[0].isascii() and item.text[0].isalnum()
            text += " " if ascii_gap else ""
            blocks[-1][1] = text + item.text
            blocks[-1][2].append((len(text) + 1, _place(item)))  # a number far into the paragraph is on this line
        previous = item
    out: LineBuilder[tuple[tuple[int, str], ...]] = LineBuilder(blank_extra=())  # per line: the printed lines it joins
    for block in blocks:
        if isinstance(block, _Logical):
            out.blank()
            width = max(len(row) for row in block.rows)
            for row, page, printed in zip(block.rows, block.pages, block.printed):
                out.table_row(row + [""] * (width - len(row)), f"第{page}页 表{block.number} 第{printed}行")
            out.add("")
        else:
            first, text, starts = block
            out.add(text, _place(first), (), tuple(starts) if len(starts) > 1 else ())
    out = out.trimmed()
    return out.source(path, "pdf", wrap_places=tuple(out.extras))


def _place(line: _Text) -> str:
    return f"第{line.page}页 第{line.number}行"


def _mode(values: list[float]) -> float:
    """The most common rounded value: the body text's margin, not a centred title's."""
    if not values:
        return 0.0
    return float(Counter(round(value) for value in values).most_common(1)[0][0])
