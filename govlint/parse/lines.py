"""The lexer's first half: classify each source line and cut it into cells with positions.

A report is line-shaped, so the token stream has one token per meaningful line
(TITLE, SECTION, SUBHEAD, TEXT, CAPTION, HEADER, ROW, ROWLABEL).  Cells keep the
1-based column of their first character in the original line; full-width characters
are compared as half-width but never change a position.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from typing import NamedTuple, TypedDict

from ..model import CellKind, LabelMatch, Number, Span
from ..span import new_span
from ..normalize import arabic_years, cached_for_short, halfwidth, label_key
from ..templates import Template

_NUMBER = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元)?$")
_PLACEHOLDER = frozenset({"/", "／", "—", "——", "-", "－", "–", "无", "×", "\\", "万"})  # 「万」 alone: a unit, no number
_GLUED = re.compile(r"^(.*[^\d\s.,+\-])(\d+(?:\.\d+)?(?:万元|元)?)$")
_TOP_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)[、.,]")
_SUB_NUMERAL = re.compile(r"^(\([一二三四五六七八九十]+\)|\d+[.、])")
_CAPTION = re.compile(r"^第[一二三四五六七八九十]+条第\([一二三四五六七八九十]+\)项$")  # also items no template has
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s*|>\s*|\*\*)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TABLE_RULE = re.compile(r"\|?[\s|:\-]+\|?")  # Markdown's |---|---| line
# Page footers and headers of a PDF's text: 「- 3 -」, 「— 5 —」, 「·3·」, 「第 3 页」, 「第3页 共6页」, 「3 / 6」, 「Page 3 of 6」.
_DASHES = r"[-—–‐‑−－~～_·•]"
_FOOTER = re.compile(
    rf"{_DASHES}+\s*(?:第\s*)?\d{{1,4}}\s*(?:页\s*)?(?:/\s*\d{{1,4}}\s*)?{_DASHES}+"
    r"|(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page\s*)?(\d{1,4})\s*(?:/|of)\s*(\d{1,4})|page\s*\d{1,4}",
    re.IGNORECASE,
)
_UNIT_WORDS = frozenset({"件", "个", "次", "人", "人次", "条", "项", "篇", "场", "元", "万元"})  # a 计量单位 cell, never a label
MAX_HEADING = 100  # characters: longer lines are prose
MAX_FOOTER = 20  # characters: a page footer is short
MAX_LABEL_CELLS = 3  # a row label split over cells: numbering, category and item at most
# Cells a report's lines are cut into, all together: a report has about 500, a whole table pasted
# onto one line a few hundred more.  Past this budget a line is not cut into cells (a run of
# 200,000 「0\t」 repeated 50 times would make ten million cell objects: 34 s of CPU).
MAX_REPORT_CELLS = 500_000
# Digits before the decimal point: no report holds a count or amount of 10^15, and a longer
# run of digits would make arithmetic on unbounded integers (and Python refuses to format
# one of more than 4,300 digits).  Such a cell is a number without a value (GL021).
MAX_NUMBER_DIGITS = 15
# Digits after the point: amounts are written to 元 or 万元 with a few decimals; more would make
# sums lose digits in ``decimal``'s 28-digit precision.  Such a cell is a number without a value too.
MAX_DECIMALS = 6


class RawCell(NamedTuple):
    text: str
    column: int  # 1-based, in the original line
    line: int = 0  # the source line, when not its row's own (a row rebuilt from one cell per line)


class _Where(TypedDict):
    """Where a classified line is: the fields every :class:`Line` kind shares."""

    number: int
    text: str
    column: int


class Line(NamedTuple):
    """One classified source line (a tuple: built for every line, so cheap to make)."""

    kind: str
    number: int
    text: str  # stripped original text
    column: int  # column of the first non-space character
    layout: str = "space"
    label: RawCell | None = None  # ROW / ROWLABEL: the row label as written
    cells: tuple[RawCell, ...] = ()  # ROW: the value cells (blank cells have text "")
    section: str | None = None  # SECTION: section key
    section_match: LabelMatch = LabelMatch.UNMATCHED
    numeral: str = ""
    edges: tuple[tuple[RawCell, ...], tuple[RawCell, ...]] = ((), ())  # blank cells trimmed off each end

    @property
    def span(self) -> Span:
        """The line's text in the source: from its first visible character to its end."""
        return new_span(Span, (self.number, self.column, self.column + len(self.text)))


@cached_for_short(maxsize=4096)
def parse_number(text: str) -> Number | None:
    """The value of a numeric cell: int, or Decimal when written with decimals; None when it
    has more than :data:`MAX_NUMBER_DIGITS` digits before the point or :data:`MAX_DECIMALS` after it."""
    text = halfwidth(text).replace("−", "-").replace(",", "").removesuffix("万元").removesuffix("元")
    whole, _, fraction = text.partition(".")
    if len(whole.lstrip("+-")) > MAX_NUMBER_DIGITS or len(fraction) > MAX_DECIMALS:
        return None
    if "." in text:
        return Decimal(text)
    return int(text)


@cached_for_short(maxsize=4096)
def cell_value(text: str) -> tuple[CellKind, Number | None]:
    """A cell's kind and value, computed once per distinct text (most cells are 「0」)."""
    if text.isascii() and text.isdigit():  # most counts: no width to fold, no pattern to try
        return CellKind.NUMBER, int(text) if len(text) <= MAX_NUMBER_DIGITS else None
    kind = cell_kind(text)
    return kind, parse_number(text) if kind is CellKind.NUMBER else None


@cached_for_short(maxsize=4096)
def cell_kind(text: str) -> CellKind:
    if not text:
        return CellKind.BLANK
    if text.isascii() and text.isdigit():  # most counts: no width to fold, no pattern to try
        return CellKind.NUMBER
    text = halfwidth(text)
    return CellKind.NUMBER if _NUMBER.match(text) else CellKind.TEXT  # any length: a long one has no value (GL021)


class Vocabulary:
    """What the lexer must know from the templates: section titles, header words, row labels."""

    def __init__(self, templates: tuple[Template, ...]) -> None:
        self.sections: dict[str, tuple[str, LabelMatch]] = {}
        self.section_titles: dict[str, str] = {}
        self.section_number: dict[str, str] = {}
        header: set[str] = {"信息内容"}
        self.row_labels: set[str] = set()
        self.whole_labels: set[str] = set()  # row labels and their aliases: what wrapped fragments may rebuild
        self.categories: set[str] = set()  # row headers without numbers (「三、本年度办理结果」)
        self.table_sections: set[str | None] = {None}  # tables may also stand before any heading
        titles: set[str] = set()
        for template in templates:
            for spec in template.sections:
                self.sections[label_key(spec.title)] = (spec.key, LabelMatch.EXACT)
                self.section_titles.setdefault(spec.number, label_key(spec.title))
                self.section_number.setdefault(spec.number, spec.key)
                for alias in spec.aliases:
                    self.sections.setdefault(label_key(alias), (spec.key, LabelMatch.ALIAS))
            for table in template.tables:
                self.table_sections.add(table.section)
                titles.add(label_key(table.title))
                header.update(label_key(w) for w in table.header_words)
                for column in table.columns:
                    header.update(label_key(part) for part in column.label.split())
                    header.update(label_key(a) for a in column.aliases)
                self.row_labels.update(label_key(r.label) for r in table.rows if not r.numbers_only)
                self.categories.update(label_key(r.label) for r in table.rows if not r.data)
                for row in table.rows:
                    if not row.numbers_only:
                        self.whole_labels.update(label_key(text) for text in (row.label, *row.aliases))
        self.header = tuple(sorted(header, key=len, reverse=True))
        # the pieces a merged row header may be printed in: every part of one shorter than it
        self.category_parts = frozenset(c[i:j] for c in self.categories for i in range(len(c)) for j in range(i + 1, len(c) + 1)) - self.categories
        self.captions = frozenset(titles - set(self.sections))  # sub-table captions, not section titles
        self._header_cells: dict[str, bool] = {}

    def is_header_cell(self, key: str) -> bool:
        known = self._header_cells.get(key)
        if known is None:
            fragment = len(key) >= 2 and bool(_CJK.search(key))  # 「组织」 of 「社会公益 / 组织」, not 「/」
            core = key.split("(", 1)[0] if "(" in key else ""  # 「本年收费金额(单位:万元,保留2位小数)」: the report's own note
            known = any(
                key == word or (fragment and key in word) or key.startswith(word + "(") or (core and word.split("(", 1)[0] == core)
                for word in self.header
            )
            self._header_cells[key] = known
        return known

    def is_header_line(self, keys: list[str]) -> bool:
        """Every cell is a header word or a piece of one.  A header cell wrapped over lines leaves
        single characters (「业 构 组织 机构」 under 「商业企 科研机 社会公益 法律服务」); they count
        when a longer piece stands beside them, so a lone 「年」 of a merged row label is no header."""
        if all(self.is_header_cell(k) for k in keys):
            return True
        single = [k for k in keys if len(k) == 1 and _CJK.match(k)]
        return len(single) < len(keys) and all(
            self.is_header_cell(k) or (k in single and any(k in word for word in self.header)) for k in keys
        )

    def section_of(self, key: str) -> tuple[str, LabelMatch, str] | None:
        """Section key, how well the title matched, and the numeral as written."""
        numeral_match = _TOP_NUMERAL.match(key)
        numeral = numeral_match.group(1) if numeral_match else ""
        written = numeral_match.group(0) if numeral_match else ""  # 「一、」, as sub-headings keep it
        rest = key[numeral_match.end():] if numeral_match else key
        if rest in self.sections:
            section, how = self.sections[rest]
            return section, how, written
        if numeral in self.section_titles and rest:
            title = self.section_titles[numeral]
            if SequenceMatcher(None, rest, title).ratio() >= 0.8:
                return self.section_number[numeral], LabelMatch.FUZZY, written
        return None


def split_cells(line: str) -> tuple[str, list[RawCell]]:
    """Cut a line into cells: Markdown pipes, tabs, or runs of spaces, in that order of preference."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return "pipe", _split_on(line, "|", drop_edges=True)
    if "\t" in line:  # a tab is never stripped with the spaces around the line
        return "tab", _split_on(line, "\t", drop_edges=False)
    return "space", _words(line)


def _words(line: str) -> list[RawCell]:
    """The runs of non-space characters and their columns: ``str.split`` cuts at C speed (on the
    same characters as the regex ``\\S+``), and each word is found where the last one ended."""
    cells = []
    at = 0
    find = line.find
    for word in line.split():
        at = find(word, at)
        cells.append(RawCell(word, at + 1))
        at += len(word)
    return cells


def _split_on(line: str, sep: str, *, drop_edges: bool) -> list[RawCell]:
    cells: list[RawCell] = []
    start = 0
    for part in line.split(sep):
        text = part.strip()
        offset = part.find(text) if text else 0
        cells.append(RawCell(text, start + offset + 1))
        start += len(part) + 1
    if drop_edges:
        if cells and not cells[0].text:
            cells.pop(0)
        if cells and not cells[-1].text and line.rstrip().endswith(sep):
            cells.pop()
    return cells


def separators(line: str) -> int:
    """About how many cells the line would be cut into (counted at C speed, before cutting)."""
    return max(line.count("\t"), line.count("|"), line.count(" ") // 2)


def classify(number: int, line: str, section: str | None, vocab: Vocabulary, *, cut: bool = True) -> Line | None:
    """Classify one line; None for blank lines, comments and Markdown table rules (|---|).

    ``cut`` False: the report's cell budget is spent, the line is not cut into cells.  A line's
    class depends on its text and on whether tables may stand where it is, never on its number:
    it is worked out once per text (reports repeat their template's headings, captions, header
    lines and rows of zeros, report after report) and given the line's number."""
    found = _classified(line, section in vocab.table_sections, cut, vocab)
    return None if found is None else _new_line(Line, (found[0], number, *found[2:]))


_new_line = tuple.__new__  # the cached line with its number, as Line._make makes it, without that call per line


@cached_for_short(maxsize=2048, longest=MAX_HEADING)  # headings and rows; prose rarely repeats
def _classified(line: str, in_tables: bool, cut: bool, vocab: Vocabulary) -> Line | None:
    """:func:`classify` of a line numbered 0."""
    if "<!--" in line:
        line = blank_comments(line)
    stripped = line.strip()
    if not stripped or ("-" in stripped or "|" in stripped) and _TABLE_RULE.fullmatch(stripped):
        return None
    if len(stripped) <= MAX_FOOTER and is_footer(stripped):
        return None  # a page footer between rows neither is a row nor cuts the table
    column = len(line) - len(line.lstrip()) + 1
    base: _Where = {"number": 0, "text": stripped, "column": column}
    layout = "space"
    cells: list[RawCell] = []
    if in_tables and cut:
        layout, cells = split_cells(line)
        row = _as_row(line, layout, cells, vocab, base)
        if row is not None:
            return row
    if len(stripped) > MAX_HEADING:  # prose: no heading, title or row label is this long
        numeral = _TOP_NUMERAL.match(halfwidth(stripped[:8]))
        return Line("SUBHEAD", numeral=numeral.group(0), **base) if numeral else Line("TEXT", **base)
    key = label_key(_MD_PREFIX.sub("", stripped) if stripped.startswith(("#", ">", "**")) else stripped)
    found = vocab.section_of(key)
    if found is not None:
        return Line("SECTION", section=found[0], section_match=found[1], numeral=found[2], **base)
    if _is_title(key):
        return Line("TITLE", **base)
    if in_tables:
        keys = [label_key(c.text) for c in cells if c.text]
        if (len(keys) == 1 or layout == "space") and (key in vocab.captions or _CAPTION.match(key)):
            return Line("CAPTION", layout=layout, **base)  # 「第二十条 第（一）项」 too
        if keys and vocab.is_header_line(keys):
            return Line("HEADER", layout=layout, **base)
        run = _known_run([c for c in cells if c.text], vocab) if layout != "space" else None
        if run is not None:
            return Line("ROWLABEL", layout=layout, label=run[0], **base)
        if key in vocab.row_labels:
            return Line("ROWLABEL", layout=layout, label=RawCell(stripped, column), **base)
    numeral = _TOP_NUMERAL.match(key)
    if numeral:
        return Line("SUBHEAD", numeral=numeral.group(0), **base)
    sub = _SUB_NUMERAL.match(key)
    if sub and len(key) <= 30 and "。" not in key[:-1]:
        return Line("SUBHEAD", numeral=sub.group(0), **base)
    return Line("TEXT", **base)


def is_footer(text: str) -> bool:
    """A PDF page footer: the page number and nothing else (「3 / 6」 only when 3 ≤ 6)."""
    if len(text) > MAX_FOOTER:
        return False
    match = _FOOTER.fullmatch(halfwidth(text).strip())
    return match is not None and (match.group(1) is None or 0 < int(match.group(1)) <= int(match.group(2)))


def blank_comments(line: str) -> str:
    """HTML comments replaced by spaces of the same length, so columns stay right.

    A scan, not a regex: a line of many unclosed 「<!--」 must not take quadratic time.
    """
    parts: list[str] = []
    position = 0
    while (start := line.find("<!--", position)) != -1:
        end = line.find("-->", start + 4)
        if end == -1:
            break  # unclosed: the rest is text
        parts += [line[position:start], " " * (end + 3 - start)]
        position = end + 3
    parts.append(line[position:])
    return "".join(parts)


def _is_title(key: str) -> bool:
    """「…2023年政府信息公开工作年度报告」, 「二〇二四年…年报」, 「…2023年度政府信息公开工作报告」."""
    named = "年度报告" in key or "年报" in key or ("信息公开" in key and key.endswith("工作报告"))
    return named and len(key) <= 60 and not key.endswith("。") and bool(_YEAR.search(arabic_years(key)))


def _as_row(line: str, layout: str, cells: list[RawCell], vocab: Vocabulary, base: _Where) -> Line | None:
    """A table row: a label (possibly empty) followed by number cells, placeholders and blanks."""
    texts = [c.text for c in cells]
    kinds = cell_kind.many(texts)
    valued = [k is CellKind.NUMBER or text in _PLACEHOLDER for text, k in zip(texts, kinds)]
    if CellKind.NUMBER not in kinds:
        return _as_placeholder_row(layout, cells, valued, vocab, base) or _as_glued(line, layout, vocab, base)
    found = None
    if layout == "space":
        # The label may contain spaces: take the trailing run of numbers and placeholders.
        first = len(cells)
        while first > 0 and valued[first - 1]:
            first -= 1
        if first == len(cells) or CellKind.NUMBER not in kinds[first:]:
            return None
    else:
        # Cells fix the columns: the label is the last word cell before the first number (the
        # last known row label among them, so 「20件」 stays a cell), and a 「/」, a blank or
        # a word after it is a cell of the row, not part of the label.
        # a word or 「/」 after it is a cell of the row, not part of the label.  A label may
        # span cells (「（七）| 总计」): the run of word cells that makes a known label counts.
        number = kinds.index(CellKind.NUMBER)
        words = [i for i in range(number) if cells[i].text and not valued[i] and cells[i].text not in _UNIT_WORDS]
        found = _known_run([cells[i] for i in words], vocab)
        first = (words[found[1]] if found else (words or [-1])[-1]) + 1
    spaced = layout == "space"  # words: never blank, and every one after ``first`` a number or placeholder
    values, edges = (cells[first:], _NO_EDGES) if spaced else _trim_blanks(cells[first:])
    label_cells = cells[:first] if spaced else [c for c in cells[:first] if c.text]
    if spaced and label_cells:
        start = label_cells[0].column
        end = label_cells[-1].column + len(label_cells[-1].text)
        label: RawCell | None = RawCell(line[start - 1 : end - 1], start)
    else:
        label = found[0] if found else (label_cells[-1] if label_cells else None)
    known = label is not None and label_key(label.text) in vocab.row_labels
    if not known and not spaced and any(cell_kind(c.text) is CellKind.TEXT and c.text not in _PLACEHOLDER for c in values):
        return None  # words among the numbers of an unknown line: prose, not a row
    if label is not None and not known and vocab.is_header_cell(label_key(label.text)):
        return None  # a header line that happens to hold a digit (「保留4位小数」)
    return Line("ROW", layout=layout, label=label, cells=tuple(values), edges=edges, **base)


def _known_run(cells: list[RawCell], vocab: Vocabulary) -> tuple[RawCell, int] | None:
    """The row label among a grid line's word cells, and the index of its last cell.  A label may
    span cells: 「（七）| 总计」, 「三、本年度办理结果 | （一）| 予以公开」.  The latest label wins
    (a category before it is a merged cell), and of those the longest run of cells."""
    for end in range(len(cells), 0, -1):
        for start in range(max(0, end - MAX_LABEL_CELLS), end):
            text = "".join(c.text for c in cells[start:end])
            if label_key(text) in vocab.row_labels:
                return RawCell(text, cells[start].column), end - 1
    return None


_NO_EDGES: tuple[tuple[RawCell, ...], tuple[RawCell, ...]] = ((), ())


def _trim_blanks(cells: list[RawCell]) -> tuple[list[RawCell], tuple[tuple[RawCell, ...], tuple[RawCell, ...]]]:
    """Blanks between numbers are cells; blanks at either end may be merged-cell leftovers of a
    pasted table, so they are set aside, and only a reader that keeps the grid trusts them."""
    start, end = 0, len(cells)
    while start < end and not cells[start].text:
        start += 1
    while end > start and not cells[end - 1].text:
        end -= 1
    return cells[start:end], (tuple(cells[:start]), tuple(cells[end:]))


def _as_placeholder_row(layout: str, cells: list[RawCell], valued: list[bool], vocab: Vocabulary, base: _Where) -> Line | None:
    """A known row filled with 「/」 or 「—」 only: a row whose every cell GL020 must name; or such a
    line with no label and two or more cells (table 四's one row of numbers has no label)."""
    if not any(valued):
        return None
    first = valued.index(True)
    found = _known_run([c for c in cells[:first] if c.text], vocab)
    label = found[0] if found else None
    values, edges = _trim_blanks(cells[first:])
    if not all(v or not c.text for c, v in zip(cells[first:], valued[first:])):
        return None
    if label is None and (any(c.text for c in cells[:first]) or sum(valued) < 2):
        return None
    return Line("ROW", layout=layout, label=label, cells=tuple(values), edges=edges, **base)


def _as_glued(line: str, layout: str, vocab: Vocabulary, base: _Where) -> Line | None:
    """「一、本年新收政府信息公开申请数量640020470」: a row label with its digits run together."""
    stripped = line.strip()
    match = _GLUED.match(stripped)
    if not match or layout != "space" or " " in stripped:
        return None
    label = match.group(1)
    if label_key(label) not in vocab.row_labels:
        return None
    start = base["column"]
    digits = RawCell(match.group(2), start + len(label))
    return Line("ROW", layout=layout, label=RawCell(label, start), cells=(digits,), **base)
