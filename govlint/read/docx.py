"""Word (.docx) reports: paragraphs and tables, in document order, as lines.

Drafters fill in the national template in Word, so this is the format most reports start
as.  Each body paragraph becomes a line; each table row becomes one line of tab-separated
cells laid out on the table's grid (a merged cell keeps its text in its first grid
position and leaves the covered positions empty), which is what the parser reads.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import InputError
from .directive_comments import looks_like_directive
from .headings import section_heading
from .source import LineBuilder, Source

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of a report, images included, fit easily
# The XML parts are parsed into trees about twenty times their size; a report's document.xml
# is a few hundred kilobytes.
MAX_XML = 12 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 300  # deflate tops out near 1000:1; real Word XML stays well under 100:1
RATIO_FLOOR = 5 * 1024 * 1024  # small parts may compress absurdly well without harm
MAX_ROW_CELLS = 2000  # grid positions in one row; report tables have at most 15
MAX_TABLE_CELLS = 500_000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, T = (f"{{{_W}}}{name}" for name in ("p", "tbl", "tr", "tc", "t"))
_TAB, _BR, _CR = (f"{{{_W}}}{name}" for name in ("tab", "br", "cr"))
_NO_BREAK_HYPHEN, _SOFT_HYPHEN = f"{{{_W}}}noBreakHyphen", f"{{{_W}}}softHyphen"
# Wrappers whose children belong to the parent's flow (content controls, custom XML,
# tracked insertions, smart tags).
_TRANSPARENT = {f"{{{_W}}}{name}" for name in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo")}
# Subtrees that are not visible text: deleted revisions, text boxes, field codes, fallbacks.
_SKIP = {f"{{{_W}}}{name}" for name in ("del", "moveFrom", "txbxContent", "pPr", "rPr", "instrText", "delText")}
_SKIP.add(f"{{{_MC}}}Fallback")
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")


class DocxReader:
    """Reads Word 2007+ files (a ZIP holding ``word/document.xml``)."""

    name = "docx"
    priority = 100
    suffixes = (".docx",)  # what folder walks collect

    def sniff(self, path: str, head: bytes) -> bool:
        """A ZIP whose first entries name Word parts; the central directory is not in the head."""
        if not head.startswith(b"PK\x03\x04"):
            return False
        if b"word/" in head:
            return True
        try:  # the head may be all [Content_Types].xml; look at the file itself if there is one
            with zipfile.ZipFile(path) as archive:
                return "word/document.xml" in archive.namelist()
        except Exception:  # noqa: BLE001 - sniffing must never fail
            return False

    def read(self, path: str, data: bytes) -> Source:
        _check_archive(data)
        try:
            import docx  # python-docx
        except ImportError:  # pragma: no cover - a declared dependency
            raise InputError("读取 Word 文件需要安装 python-docx / install python-docx to read .docx files") from None
        try:
            document = docx.Document(io.BytesIO(data))
            body = document.element.body
        except InputError:
            raise
        except ValueError as error:
            if "content type" in str(error):
                raise InputError("不是 Word 文档（.docx），请另存为 .docx / not a Word .docx document") from None
            reason = (str(error).splitlines() or [""])[0][:120]
            raise InputError(f"Word 文件已损坏：{reason} / corrupt Word file") from None
        except Exception as error:  # noqa: BLE001 - python-docx and lxml raise many kinds on broken parts
            raise InputError(f"Word 文件已损坏：{type(error).__name__} / corrupt Word file") from None
        builder = _Builder(body)
        try:
            builder.blocks(body)
            comments = word_directives(document, builder.origin_of, builder.out.extras)
        except InputError:
            raise
        except RecursionError:
            raise InputError("Word 文件嵌套过深 / Word file nested too deeply") from None
        except Exception as error:  # noqa: BLE001 - a reader reports bad input, never crashes
            raise InputError(f"Word 文件无法读取（{type(error).__name__}） / cannot read the Word file") from None
        return replace(builder.source(path), directive_comments=comments)


def _check_archive(data: bytes) -> None:
    """Refuse corrupt archives and zip bombs before python-docx decompresses anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if len(members) <= MAX_MEMBERS:
                markup = sum(m.file_size for m in members if _is_markup(archive, m))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error, RuntimeError):
        raise InputError("Word 文件已损坏（不是完整的 ZIP 压缩包） / corrupt Word file (bad ZIP archive)") from None
    if "word/document.xml" not in names:
        raise InputError("压缩包中没有 word/document.xml，不是 Word 文档 / a ZIP archive without word/document.xml: not a .docx")
    if len(members) > MAX_MEMBERS:
        raise InputError(f"Word 文件中的部件过多（{len(members)} 个） / too many parts in the Word file")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"Word 文件解压后过大（{total // (1024 * 1024)} MB，上限 {MAX_UNCOMPRESSED // (1024 * 1024)} MB） / Word file too large when uncompressed")
    if markup > MAX_XML:
        raise InputError(f"Word 文件的 XML 部件解压后共 {markup // (1024 * 1024)} MB，上限 {MAX_XML // (1024 * 1024)} MB / the Word file's XML is too large when uncompressed")
    compressed = sum(member.compress_size for member in members)
    too_packed = [m for m in members if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1)]
    if too_packed or (total > RATIO_FLOOR and total > MAX_RATIO * max(compressed, 1)):  # one part, or many small ones
        raise InputError("Word 文件压缩比异常（疑似压缩炸弹） / abnormal compression ratio in the Word file (zip bomb?)")


def _is_markup(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """A part python-docx may parse as XML: by its name, or by its first bytes whatever its name."""
    if member.filename.lower().endswith((".xml", ".rels")):
        return True
    if member.is_dir() or member.file_size == 0:
        return False
    with archive.open(member) as part:
        return part.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def clean(text: str) -> str:
    """Collapse runs of whitespace (full-width spaces and line breaks too) to one space."""
    return " ".join(text.split())


def paragraph_text(element: Any) -> str:
    """Visible text of a ``w:p`` (or any subtree): runs, tabs and breaks as spaces."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag in (_TAB, _BR, _CR):
            parts.append(" ")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _SOFT_HYPHEN:
            continue
        elif tag in (P, TBL):  # nested block (e.g. a table inside a cell): keep words apart
            parts.append(" ")
            _collect(child, parts)
            parts.append(" ")
        else:
            _collect(child, parts)


def _attr(element: Any, path: str, default: str | None = None) -> str | None:
    """The ``w:val`` of the first element at ``path`` (``w:`` prefixed, relative)."""
    found = element.find(path, {"w": _W})
    if found is None:
        return default
    return str(found.get(f"{{{_W}}}val", ""))


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def _flatten(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and other wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _flatten(child, tag)


def _is_layout_table(table: Any) -> bool:
    """A table that lays out the page around the report rather than being one of its tables.

    Such a table holds the report's tables (rows of numbers) or its section headings, or is
    one column wrapping everything; it is read as the blocks inside it.  A small table inside
    a cell (「（单位：件）」 under 「申请人情况」) does not make its table layout: its text is
    read as part of the cell that holds it (:func:`paragraph_text` keeps nested tables' text).
    """
    inner = list(table.iterdescendants(TBL))
    if not inner:
        return False
    rows = list(_flatten(table, TR))
    if all(sum(1 for _ in _flatten(row, TC)) <= 1 for row in rows):
        return True
    if any(sum(_has_number(row) for row in _flatten(t, TR)) >= 2 for t in inner):
        return True
    return len(set(section_heading().findall(clean(paragraph_text(table))))) >= 2  # two section headings


def _has_number(row: Any) -> bool:
    return any(_NUMBER.match(clean(paragraph_text(cell))) for cell in _flatten(row, TC))


class _Builder:
    """Walks the body into lines with their places and origins (:class:`LineBuilder`)."""

    def __init__(self, body: Any) -> None:
        self.out: LineBuilder[tuple[str, ...]] = LineBuilder(blank_extra=())
        self.origin_of = element_origins(body)
        self.paragraphs = 0
        self.tables = 0

    def blocks(self, parent: Any) -> None:
        """Body, cell or wrapper content, in document order."""
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in _TRANSPARENT:
                self.blocks(child)

    def paragraph(self, element: Any) -> None:
        text = clean(paragraph_text(element))
        if not text:
            self.out.blank()
            return
        self.paragraphs += 1  # counts paragraphs a reader can see, not empty ones
        self.out.add(text, f"第{self.paragraphs}段", (), (self.origin_of[element],))

    def table(self, element: Any) -> None:
        if _is_layout_table(element):
            for row in _flatten(element, TR):
                for cell in _flatten(row, TC):
                    self.blocks(cell)
            return
        self.tables += 1
        number = self.tables
        rows = [_row_cells(row, self.origin_of) for row in _flatten(element, TR)]
        if sum(len(row) for row in rows) > MAX_TABLE_CELLS:
            raise InputError("Word 文件中的表格过大 / a table in the Word file is too large")
        # Word's grid gains columns where cell borders do not line up; a grid column in which
        # no cell starts holds nothing, so it is dropped and the rows match the printed table.
        columns = sorted({column for row in rows for column, (_, starts, _) in enumerate(row) if starts})
        self.out.blank()
        for index, cells in enumerate(rows, start=1):
            row = [cells[c] if c < len(cells) else ("", False, "") for c in columns if c >= len(cells) or cells[c][1] is not None]
            self.out.table_row([text for text, _, _ in row], f"表{number} 第{index}行", tuple(origin for _, _, origin in row))
        self.out.blank()

    def source(self, path: str) -> Source:
        out = self.out.trimmed()
        if not any(out.lines):
            raise InputError("Word 文件中没有文字 / the Word file contains no text")
        return out.source(path, "docx", origins=tuple(out.extras))


def element_origins(body: Any) -> dict[Any, Any]:
    """Each ``w:p`` and ``w:tc`` of the body → its origin name (「p:3」: the body's fourth ``w:p``
    in document order, nested ones included), which finds the element again in the same file."""
    counts = {P: 0, TC: 0}
    names = {}
    for element in body.iter(P, TC):
        tag = element.tag
        names[element] = f"{'p' if tag == P else 'tc'}:{counts[tag]}"
        counts[tag] += 1
    return names


def _row_cells(row: Any, origin_of: dict[Any, Any]) -> list[tuple[str, bool | None, str]]:
    """One table row on the grid as ``(text, a cell starts here, origin of the w:tc)``.

    gridBefore/After are empty; the positions a gridSpan covers are ``None`` (part of the cell
    to their left, so they are not cells of the printed row); a vertically merged
    continuation cell is empty (its text is in the cell above).
    """
    cells: list[tuple[str, bool | None, str]] = [("", False, "")] * _int(_attr(row, "w:trPr/w:gridBefore"), 0)
    for cell in _flatten(row, TC):
        span = min(_int(_attr(cell, "w:tcPr/w:gridSpan"), 1) or 1, 1000)
        merge = _attr(cell, "w:tcPr/w:vMerge")
        continued = merge is not None and merge != "restart"
        legacy = _attr(cell, "w:tcPr/w:hMerge")  # old Word and WPS merge across with hMerge
        if legacy is not None and legacy != "restart":
            cells.extend([("", None, "")] * span)
            continue
        cells.append(("" if continued else clean(paragraph_text(cell)), True, origin_of[cell]))
        cells.extend([("", None, "")] * (span - 1))
        if len(cells) > MAX_ROW_CELLS:
            raise InputError("Word 文件中的表格过宽 / a table in the Word file is too wide")
    return cells


def word_directives(document: Any, origin_of: dict[Any, str], line_origins: list[tuple[str, ...]]) -> tuple[tuple[int, bool, str], ...]:
    """The Word document's review comments that are directives, each anchored to the line of the
    paragraph or table row it is attached to (or before the next line, when it is attached to
    something that made no line)."""
    start_tag, reference_tag = f"{{{_W}}}commentRangeStart", f"{{{_W}}}commentReference"
    body = document.element.body
    if next(body.iter(start_tag, reference_tag), None) is None:
        return ()
    texts = {str(c.comment_id): c.text for c in document.comments if looks_like_directive(c.text or "")}
    if not texts:
        return ()
    line_of = {origin: number for number, origins in enumerate(line_origins, 1) for origin in origins if origin}
    anchored: dict[str, tuple[int, bool]] = {}
    last = 0
    for element in body.iter(P, TC, start_tag, reference_tag):
        if element.tag in (P, TC):
            last = line_of.get(origin_of.get(element, ""), last)
            continue
        comment = element.get(f"{{{_W}}}id", "")
        if comment not in texts or comment in anchored:
            continue
        line = next((line_of[o] for a in element.iterancestors(P, TC) if (o := origin_of.get(a)) in line_of), None)
        anchored[comment] = (line, True) if line is not None else (last + 1, False)
    return tuple((line, inline, texts[c]) for c, (line, inline) in anchored.items())
