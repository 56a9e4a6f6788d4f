"""Web pages: the published report inside a site's navigation, scripts and footer.

Most reports are read by the public on the government site, often as a Word document
exported to HTML.  The reader drops page furniture, finds the element that holds the
report (its section headings and tables), and lays it out as lines: one per block
element, one per table row with the row's cells tab-separated on the table's grid.
Places are the line in the HTML file (「HTML第230行」), so a web editor can find them, and
every line and column is mapped back to the HTML file (:mod:`.html_positions`).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..errors import InputError
from .directive_comments import with_html_directives
from .headings import section_heading
from .html_positions import HtmlPositions, Origin, Pieces, clean_pieces, number_elements, origin_of, shift
from .source import LineBuilder, Source

# Never content.  (Not <form>: ASP.NET pages wrap the whole page in one.)
_DROP = ("head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
         "select", "button", "textarea", "input", "dialog")
# Page furniture, unless it holds the report (an <article>'s own <header> holds its title).
_FURNITURE = ("nav", "header", "footer", "aside")
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
    "article", "main", "blockquote", "pre", "address", "figure", "figcaption", "center", "hr", "tr",
    "td", "th", "caption", "tbody", "thead", "tfoot", "table", "fieldset", "legend", "details", "summary",
})
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|footer|foot|header|sidebar|share|"
    r"toolbar|copyright|banner|search|topbar|bottom|links?|friendlinks?)(?:$|[\s_-])"
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE = re.compile(r"年度报告")
_NUMERAL = re.compile(r"[一二三四五六七八][、.．]")
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_SNIFF_TOKENS = ("<html", "<!doctype html", "<table", "<body")
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "x-euc-cn", "csgb2312"}
_MAX_SPAN = 1000
_MAX_GRID = 200_000  # cells in one table; the largest report table has about 300
# Tags in a page: a report's page has a few thousand (Word's HTML export a few tens of
# thousands); each is a tree node of about a kilobyte once parsed.
MAX_TAGS = 150_000


_LEADING_COMMENTS = re.compile(r"^(?:\s*<!--.*?-->)+\s*", re.DOTALL)
_SCRIPT_STRING = re.compile(r"(?:(?:var|let|const)\s+)?[A-Za-z_$][\w$.]{0,80}\s*[=(:]\s*[`'\"]|\{\s*\"[\w$-]{1,80}\"\s*:\s*\"")


class HtmlReader:
    """Reads HTML pages (and Word documents saved as web pages)."""

    name = "html"
    priority = 500  # after binary formats, before the plain-text fallback
    suffixes = (".html", ".htm")  # what folder walks collect

    def sniff(self, path: str, head: bytes) -> bool:
        """Markup that starts with a tag (or a script string that does) and, anywhere in the
        file, looks like a page or a table, whatever the file is called: a crawled page's first
        ``<table>`` may stand after kilobytes of scripts and navigation.

        Requiring the first character to be ``<`` keeps Markdown drafts that merely
        contain an HTML table with the text reader, which keeps their line structure.
        """
        text = _LEADING_COMMENTS.sub("", _lenient(head).lstrip("\ufeff \t\r\n"))
        script = _SCRIPT_STRING.match(text)  # document.write('<div>…'), var html = "<table>…"
        if script is not None:
            text = text[script.end() :].lstrip()
        if not text.startswith("<"):
            return False  # a Markdown draft that opens with a govlint directive comment stays text
        lowered = text.lower()
        return any(token in lowered for token in _SNIFF_TOKENS)

    def read(self, path: str, data: bytes) -> Source:
        tags = data.count(b"<")
        if tags > MAX_TAGS:
            raise InputError(f"网页的标签过多（{tags} 个，上限 {MAX_TAGS} 个），不像一份报告 / too many tags in the HTML page")
        text, encoding = decode_html(data)
        text = _editor_line_ends(text)
        try:
            import lxml.html
            from lxml import etree
        except ImportError:  # pragma: no cover - a declared dependency
            raise InputError("读取网页需要安装 lxml / install lxml to read HTML files") from None
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
            number_elements(root)
            _strip_furniture(root)
            region = _find_report(root)
            out = _Lines()
            out.walk(region)
            out.flush()
            if not out.starts_with_title():
                title = _title_before(region)
                if title is not None:
                    out.prepend(*clean_pieces(_block_pieces(title)), f"HTML第{title.sourceline or 0}行")
        except InputError:
            raise
        except RecursionError:
            raise InputError("网页嵌套过深 / HTML nested too deeply") from None
        except (etree.ParserError, etree.LxmlError, ValueError) as error:
            reason = (str(error).splitlines() or [""])[0][:120]
            raise InputError(f"网页无法解析：{reason} / cannot parse the HTML page") from None
        except Exception as error:  # noqa: BLE001 - a reader reports bad input, never crashes
            raise InputError(f"网页无法读取（{type(error).__name__}） / cannot read the HTML page") from None
        return with_html_directives(out.source(path, encoding, text), text)


def _lenient(head: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode by BOM, then the declared charset, then UTF-8, then GB18030 (GBK's superset)."""
    if not data.strip():
        raise InputError("文件为空 / the file is empty")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    candidates: list[str] = []
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        name = "gb18030" if name in _GB_ALIASES else name
        try:
            declared_codec = codecs.lookup(name).name
        except LookupError:
            declared_codec = ""
        # The declaration was found by reading ASCII, so a UTF-16/32 one is wrong; a Western
        # single-byte one decodes anything, so it is tried only after UTF-8 and GB18030.
        if declared_codec and not declared_codec.startswith(("utf-16", "utf-32")):
            candidates.append(declared_codec)
    candidates += ["utf-8", "gb18030"]
    if candidates[0] in ("latin-1", "iso8859-1", "cp1252", "ascii"):
        candidates.append(candidates.pop(0))
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    # A page with a few broken bytes is still worth reading; mark them rather than give up.
    codec = candidates[0]
    return data.decode(codec, errors="replace"), codec


def _editor_line_ends(text: str) -> str:
    """Every line end as LF, so lxml's line numbers are the ones an editor shows.

    libxml2 counts only LF: a page saved with old Mac CR line ends would be all 「HTML第1行」.
    Editors end a line at CRLF, CR or LF alike; each becomes one LF, so no line is added or lost.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean(text: str) -> str:
    """Collapse whitespace (including &nbsp; and full-width spaces) to single spaces."""
    return " ".join(text.split())


def _classes(element: Any) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def _holds_report(element: Any) -> bool:
    if element.tag == "table" or next(element.iter("table"), None) is not None:
        return True
    return _mentions_report(element.text_content())


def _mentions_report(text: str) -> bool:
    """A report's title word, or one of its section headings (「一、总体情况」)."""
    return "年度报告" in text or section_heading().search(clean(text)) is not None


def _holds_sections(element: Any) -> bool:
    if next(element.iter("table"), None) is not None:
        return True
    return section_heading().search(clean(element.text_content())) is not None


def _strip_furniture(root: Any) -> None:
    """Drop scripts, navigation, footers and hidden parts that do not hold the report."""
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(root.iter(*_FURNITURE)):
        in_article = element.tag == "header" and any(a.tag in ("article", "main") for a in element.iterancestors())
        if element.getparent() is not None and not in_article and not _holds_sections(element):
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        hidden = _HIDDEN.search(element.get("style") or "") or element.get("hidden") is not None
        if (hidden or _BOILERPLATE.search(_classes(element))) and not _holds_report(element):
            element.drop_tree()


def _is_data_table(table: Any) -> bool:
    """A table of cells, not page layout: it has rows and is not a layout table."""
    return bool(_rows(table)) and not _is_layout_table(table)


def _is_layout_table(table: Any) -> bool:
    """A table that lays out the page around the report rather than being one of its tables.

    Old sites wrap the whole article in a table; that table holds the report's tables (rows
    of numbers) or its section headings, or is one column wrapping everything, and is read as
    the blocks inside it.  A small table inside a cell (「（单位：件）」 under 「申请人情况」)
    does not make its table layout: its text is read as part of the cell that holds it.
    """
    inner = list(table.iterdescendants("table"))
    if not inner:
        return False
    if all(len(row.xpath("./td|./th")) <= 1 for row in _rows(table)):
        return True
    if any(sum(_has_number(row) for row in _rows(t)) >= 2 for t in inner):
        return True
    return len(set(section_heading().findall(clean(table.text_content())))) >= 2


def _has_number(row: Any) -> bool:
    return any(_NUMBER.match(clean(cell.text_content())) for cell in row.xpath("./td|./th"))


def _rows(table: Any) -> list[Any]:
    return list(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"))


def _find_report(root: Any) -> Any:
    """The smallest element holding the report's section headings and the tables between them."""
    body = root.find("body")
    if body is None:
        body = root
    order = {element: index for index, element in enumerate(body.iter())}
    headings = _headings(body, order)
    tables = [el for el in body.iter("table") if _is_data_table(el)]
    if len(headings) >= 2:
        first, last = order[headings[0]], order[headings[-1]]
        anchors = headings + [t for t in tables if first < order[t] < last]
    elif tables:
        anchors = headings + tables
    else:
        anchors = []
    if not anchors:
        text = body.text_content()
        if not _mentions_report(text):
            raise InputError("网页中没有找到年度报告正文 / no report found in the HTML page")
        return body
    return _common_ancestor(anchors) if len(anchors) > 1 else body


def _headings(body: Any, order: dict[Any, int]) -> list[Any]:
    """Innermost elements whose whole text is a section heading such as 「一、总体情况」.

    Only elements with a numeral-and-comma in their own text, and up to three ancestors
    (「<p><span>一、</span><span>总体情况</span></p>」), are examined: cheap on big pages.
    """
    found = {}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        if not _NUMERAL.search(own):
            continue
        for candidate in (element, *list(element.iterancestors())[:3]):
            if candidate.tag in ("html", "body", "table", "tr", "tbody"):
                break
            text = clean(candidate.text_content())
            if len(text) > 40:
                break
            if section_heading().match(text):
                found[candidate] = True
                break
    return sorted(found, key=order.__getitem__)


def _common_ancestor(elements: list[Any]) -> Any:
    chains = [list(reversed([el, *el.iterancestors()])) for el in elements]
    common = None
    for level in zip(*chains):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common if common is not None else elements[0].getroottree().getroot()


def _title_before(region: Any) -> Any:
    """The report's title (「…年度报告」) when the page shows it above the body, outside it."""
    ancestor, child = region.getparent(), region
    for _ in range(6):
        if ancestor is None or ancestor.tag in ("body", "html"):
            return None
        best = None
        for element in ancestor.iter():
            if element is child:
                break  # only what comes before the body
            if element.tag in ("table", "tr", "td", "th") or not isinstance(element.tag, str):
                continue
            text = clean(element.text_content())
            if 8 <= len(text) <= 60 and _TITLE.search(text):
                best = element
        if best is not None:
            return best
        ancestor, child = ancestor.getparent(), ancestor
    return None


def _block_pieces(element: Any) -> list[tuple[str, Origin | None]]:
    """The texts of an element, each with the element it comes from, and block boundaries and
    line breaks as spaces (several <p> in a cell); :func:`clean_pieces` joins them."""
    parts: list[tuple[str, Origin | None]] = []

    def visit(node: Any) -> None:
        block = node.tag in _BLOCK or node.tag == "br"
        if block:
            parts.append((" ", None))
        if node.text and isinstance(node.tag, str):
            parts.append((node.text, origin_of(node)))
        for child in node:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                parts.append((child.tail, origin_of(child, tail=True)))
        if block:
            parts.append((" ", None))

    visit(element)
    return parts


def _span(value: str | None, limit: int) -> int:
    try:
        number = int((value or "1").strip().rstrip(";"))
    except ValueError:
        return 1
    if number <= 0:  # rowspan=0 reaches to the end of the table
        return limit
    return min(number, limit, _MAX_SPAN)


def table_grid(rows: list[Any]) -> list[list[tuple[str, int, Pieces]]]:
    """Rows of ``(text, source line, pieces)`` on the table's grid, merged cells expanded.

    A cell spanning rows keeps its text at its top position and leaves empty strings below; the
    positions a colspan covers are not cells of the printed row, so they are left out (an empty
    cell there would read as a blank number).
    """
    cells: dict[tuple[int, int], tuple[str, int, Pieces]] = {}
    covered: set[tuple[int, int]] = set()
    spanned: set[tuple[int, int]] = set()  # right of a cell's first column: part of that cell
    for r, row in enumerate(rows):
        column = 0
        for cell in row.xpath("./td|./th"):
            while (r, column) in covered:
                column += 1
            rowspan = _span(cell.get("rowspan"), len(rows) - r)
            colspan = _span(cell.get("colspan"), _MAX_SPAN)
            cells[(r, column)] = _cell(cell, row)
            if len(covered) + rowspan * colspan > _MAX_GRID:
                raise InputError("网页中的表格过大 / a table in the HTML page is too large")
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, column + dc))
                    if dc:
                        spanned.add((r + dr, column + dc))
            column += colspan
    # Word's HTML export splits grid columns where borders do not line up; a column in which
    # no cell starts holds nothing, so it is dropped and the grid matches the printed table.
    columns = sorted({c for _, c in cells})
    grid = []
    for r, row in enumerate(rows):
        line = row.sourceline or 0
        grid.append([cells.get((r, c), ("", line, ())) for c in columns if (r, c) not in spanned])
    return grid


def _cell(cell: Any, row: Any) -> tuple[str, int, Pieces]:
    text, pieces = clean_pieces(_block_pieces(cell))
    return text, cell.sourceline or row.sourceline or 0, pieces


class _Lines:
    """Lines with their places, built while walking the report element."""

    def __init__(self) -> None:
        self.out: LineBuilder[Pieces] = LineBuilder(blank_extra=())  # per line: where its texts are in the HTML file
        self.buffer: list[tuple[str, Origin | None]] = []
        self.started = False  # the buffer holds visible text; self.start is its source line
        self.start = 0
        self.tables = 0

    def text(self, text: str | None, line: int | None, origin: Origin | None) -> None:
        if not text:
            return
        if not self.started and text.strip():
            self.start, self.started = line or self.start, True
        self.buffer.append((text, origin))

    def starts_with_title(self) -> bool:
        first = next((line for line in self.out.lines if line), "")
        return len(first) <= 60 and bool(_TITLE.search(first)) and "\t" not in first

    def prepend(self, text: str, pieces: Pieces, place: str) -> None:
        self.out.prepend(text, place, pieces)

    def flush(self) -> None:
        text, pieces = clean_pieces(self.buffer)
        self.buffer, self.started = [], False
        if text:
            self.out.add(text, f"HTML第{self.start}行", (), pieces)

    def walk(self, element: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag == "table" and _is_data_table(element):
            self.flush()
            self.table(element)
            return
        block = tag in _BLOCK or tag == "br"
        if block:
            self.flush()
        self.text(element.text, element.sourceline, origin_of(element))
        for child in element:
            self.walk(child)
            self.text(child.tail, child.sourceline, origin_of(child, tail=True))
        if block:
            self.flush()

    def table(self, element: Any) -> None:
        self.tables += 1
        self.out.blank()
        caption = element.find("caption")
        title, pieces = clean_pieces(_block_pieces(caption)) if caption is not None else ("", ())
        if title:
            self.out.add(title, f"HTML第{caption.sourceline or 0}行", (), pieces)
        rows = _rows(element)
        for r, (tr, row) in enumerate(zip(rows, table_grid(rows)), start=1):
            place = f"HTML第{tr.sourceline or 0}行 表{self.tables} 第{r}行"
            texts = [text for text, _, _ in row]
            row_pieces: list[tuple[int, Origin]] = []
            column = 0
            for text, _, cell_pieces in row:
                row_pieces += shift(cell_pieces, column)
                column += len(text) + 1
            self.out.add(
                "\t".join(texts),
                place,
                tuple(f"HTML第{line}行 表{self.tables} 第{r}行 第{c}列" for c, (_, line, _) in enumerate(row, start=1)),
                tuple(row_pieces),
            )
        self.out.blank()

    def source(self, path: str, encoding: str, html: str) -> Source:
        out = self.out.trimmed()
        if not out.lines:
            raise InputError("网页中没有找到年度报告正文 / no report found in the HTML page")
        return out.source(path, "html", encoding, file_map=HtmlPositions(html, out.extras))


__all__ = ["HtmlReader", "decode_html", "table_grid"]
