"""Write a :class:`GeneratedReport` out as report text, in the layouts real reports come in.

Each layout copies one seen in the seed reports (``../shared/corpus/seeds``), so a parser
that reads every layout back reads the real ones too.  The renderer records where it wrote
each number, so round-trip tests check positions, not only values:

=========================  ==================================================================
``spaces``                 cells joined by one space; category rows on lines of their own (seed 000 tidied)
``tabs``                   tab-separated grid with the empty cells of merged headers (seed 002)
``pipes``                  Markdown pipe tables, ``|---|`` after the first row, no lost cells (seed 003 repaired)
``wrapped``                seed 000/004 as pasted: header cells broken over lines, blank lines, wrapped prose
``fullwidth``              ``spaces`` with full-width digits and ``（）：．－`` everywhere, numbers included
``title_after_heading``    ``spaces``, but the first line is 「一、总体情况」 and the title follows (seed 000)
``pdf_footers``            a PDF's text: prose hard-wrapped, page footers (「- 3 -」「— 5 —」「第 3 页」「3 / 6」) between any lines
``pdf_text``               ``pdf_footers`` with 三 as a PDF prints it: label cells wrapped around their numbers,
                           merged row headers one piece per line or in front of rows, header cells split
                           (``../shared/corpus/real/huaian-2024-pdftext.txt``)
``md_headings``            Markdown: every row of 三 under a heading repeating its label, over a one-row table
``pipes_split``            ``pipes`` with labels split over cells: 「| （七） | 总计 |」, 「| 三、本年度办理结果 | | （一） | 予以公开 |」
``cells_per_line``         a crawler's text of a web page (三明 2022): a metadata header, then every table cell
                           on a line of its own, labels cut at brackets and numbering, blank cells dropped
``flattened_spaced``       a crawler's text with whitespace collapsed: the metadata header, then the whole
                           report on one line, cells one space apart
=========================  ==================================================================

:data:`LOSSY_LAYOUTS` lose what no reader can restore, so a linter can only say so:

=========================  ==================================================================
``flattened``              the report on one line with every cell run together (平潭 2023): 「规章025」
``flattened_tables``       paragraphs on their lines, but each section's tables on one line, cells run together
``cells_per_line_broken``  ``cells_per_line`` with one number of table 三 broken over two lines (「1」, 「62」)
=========================  ==================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence, Union

from ..templates import ColumnSpec, TableSpec, Template
from ._prose import paragraphs
from .generate import GeneratedReport, Key, Number

__all__ = [
    "CLEAN_LAYOUTS",
    "ENCODINGS",
    "LAYOUTS",
    "LOSSY_LAYOUTS",
    "Positions",
    "positions",
    "render",
    "render_bytes",
    "render_with_positions",
]

LAYOUTS: tuple[str, ...] = (
    "spaces", "tabs", "pipes", "wrapped", "fullwidth", "title_after_heading", "pdf_footers", "pdf_text", "md_headings",
    "pipes_split", "cells_per_line", "flattened_spaced",
)  # fmt: skip
#: Layouts that lose cell boundaries (cells run together, a number broken over two lines).
LOSSY_LAYOUTS: tuple[str, ...] = ("flattened", "flattened_tables", "cells_per_line_broken")
#: Layouts in which a consistent report deserves no diagnostic at all.  ``title_after_heading``
#: copies a real defect (title below 「一、总体情况」) that a linter may rightly point out.
CLEAN_LAYOUTS: tuple[str, ...] = tuple(layout for layout in LAYOUTS if layout != "title_after_heading")
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16", "gbk")
Positions = dict[Key, tuple[int, int]]  # (table, row, column) → (line, column), both 1-based

Cell = Union[str, tuple[str, Key]]  # plain text, or a number's text and the cell it belongs to

_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICANTS, _ORGS, _LITIGATION = "申请人情况", "法人或其他组织", "行政诉讼"
# Seed 000 lines 88–106 (and 004 lines 84–102): the 三 header as a web page pastes it.
_WRAPPED_T3_HEADER = (
    _NOTE, "", _APPLICANTS, "", "自然人", "", _ORGS, "", "总计",
    "商业企业 科研机构", "", "社会公益", "", "组织", "", "法律服务", "", "机构", "其他", "",
)  # fmt: skip
_FULLWIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789().:-+%"})
_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_NUMBERING = re.compile(r"^(?:（[一二三四五六七八九十]+）|\d+\.|[一二三四五六七八九十]+、)")
# Page footers as PDFs print them; 「{total}」 is filled in when the page count is known.
_FOOTERS = ("- {page} -", "— {page} —", "第 {page} 页", "{page} / {total}", "第{page}页 共{total}页")
FOOTER_EVERY = 17  # lines of a page
PDF_LABEL_WIDTH = 13  # characters on a line of 三's label cell in a printed table
_PIECES = re.compile(r"^\d+\.|[（）():：，,]")  # where a crawler cut a label cell into lines (三明 2022)
_BODY = "==================== 正文 ===================="


@dataclass(frozen=True, slots=True)
class _Style:
    cells: str = "space"  # space | tab | pipe
    airy: bool = False  # a blank line after every table line, as web pages paste
    wrap: int = 0  # hard-wrap paragraphs at this many characters; 0 = never
    fullwidth: bool = False
    title_after_heading: bool = False
    footers: bool = False  # a page footer every FOOTER_EVERY lines
    pdf: bool = False  # table 三 as a PDF's text gives it
    md_headings: bool = False  # table 三 as one heading and one-row table per row
    split_labels: bool = False  # grid labels split over cells: numbering, then the words
    crawled: bool = False  # a metadata header, then the body (the title only in the header)
    flat: str | None = None  # join the body onto one line with this separator
    flat_tables: bool = False  # join each section's tables onto one line
    broken: bool = False  # one number of table 三 broken over two lines


_STYLES = {
    "spaces": _Style(),
    "tabs": _Style(cells="tab"),
    "pipes": _Style(cells="pipe"),
    "wrapped": _Style(airy=True, wrap=38),
    "fullwidth": _Style(fullwidth=True),
    "title_after_heading": _Style(title_after_heading=True),
    "pdf_footers": _Style(wrap=30, footers=True),
    "pdf_text": _Style(wrap=30, footers=True, pdf=True),
    "md_headings": _Style(cells="pipe", md_headings=True),
    "pipes_split": _Style(cells="pipe", split_labels=True),
    "cells_per_line": _Style(cells="line", crawled=True),
    "cells_per_line_broken": _Style(cells="line", crawled=True, broken=True),
    "flattened_spaced": _Style(crawled=True, flat=" "),
    "flattened": _Style(cells="glued", crawled=True, flat=""),
    "flattened_tables": _Style(cells="glued", crawled=True, flat_tables=True),
}


class _Doc:
    """Lines being written, and where each number landed."""

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.lines: list[str] = []
        self.positions: Positions = {}
        self.footers: list[int] = []  # indices of footer lines
        self.to_break = style.broken  # a number still to be broken over two lines

    def text(self, *lines: str) -> None:
        for line in lines:
            self._append(line)

    def _append(self, line: str) -> None:
        self.lines.append(line)
        if self.style.footers and len(self.lines) % FOOTER_EVERY == 0:
            self.footers.append(len(self.lines))
            self.lines.append("")

    def finish(self) -> list[str]:
        """The lines, footers numbered now that the page count is known."""
        total = len(self.footers) + 1
        for page, index in enumerate(self.footers, start=1):
            self.lines[index] = _FOOTERS[page % len(_FOOTERS)].format(page=page, total=total)
        return self.lines

    def header(self, *lines: str) -> None:
        """Header lines of space-separated cells (one cell per line in the ``line`` style)."""
        if self.style.cells != "line":
            self.text(*lines)
            return
        for line in lines:
            self.row(line.split())

    def row(self, cells: Sequence[Cell], indent: str = "", airy: bool | None = None) -> None:
        """One table line in the layout's cell style; records each number's 1-based column."""
        if self.style.cells == "line":
            self._cell_lines(cells)
            return
        line = indent if self.style.cells != "pipe" else "|"
        for index, cell in enumerate(cells):
            text, key = (cell, None) if isinstance(cell, str) else cell
            if self.style.cells == "pipe":
                line += " " if text else ""
            elif index and self.style.cells != "glued":
                line += "\t" if self.style.cells == "tab" else " "
            if key is not None:
                self.positions[key] = (len(self.lines) + 1, len(line) + 1)
            line += text
            if self.style.cells == "pipe":
                line += " |"
        self._append(line)
        if self.style.airy if airy is None else airy:
            self._append("")

    def _cell_lines(self, cells: Sequence[Cell]) -> None:
        """Every cell on a line of its own, a blank cell on none; words cut at brackets and
        numbering as a crawler cuts them."""
        for cell in cells:
            text, key = (cell, None) if isinstance(cell, str) else cell
            if key is None:
                self.lines.extend(_pieces(text))
                continue
            if not text:
                continue  # a blank cell leaves no line
            self.positions[key] = (len(self.lines) + 1, 1)
            if self.to_break and key[0] == "t3" and len(text) > 1:
                self.lines.extend([text[:1], text[1:]])
                self.to_break = False
            else:
                self.lines.append(text)

    def separator(self, width: int) -> None:
        if self.style.cells == "pipe":
            self.lines.append("|" + "---|" * width)


def _pieces(text: str) -> list[str]:
    """A label cell as a crawler cuts it into lines: brackets, colons and commas on lines of
    their own, and a leading 「1.」 too."""
    parts: list[str] = []
    position = 0
    for match in _PIECES.finditer(text):
        parts += [text[position : match.start()], match.group()]
        position = match.end()
    parts.append(text[position:])
    return [part.strip() for part in parts if part.strip()]


def _header_label(column: ColumnSpec) -> str:
    """The column header as careful drafters write it: an amount without a unit gets one (万元)."""
    if column.type == "decimal" and "单位" not in column.label:
        return f"{column.label}（单位：万元）"
    return column.label


def _number(value: Number) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _numbers(report: GeneratedReport, spec: TableSpec, row: str) -> list[Cell]:
    return [(_number(report.value(spec.key, row, c.key)), (spec.key, row, c.key)) for c in spec.columns]


def _grid(style: _Style) -> bool:
    return style.cells in ("tab", "pipe")


def _section2(doc: _Doc, report: GeneratedReport, specs: Sequence[TableSpec]) -> None:
    """The 第二十条 sub-tables; in grid layouts one table of equal-width rows, as seeds 001–003 have."""
    width = 1 + max(len(s.columns) for s in specs)
    pad = (lambda cells: list(cells) + [""] * (width - len(cells))) if _grid(doc.style) else list
    for index, spec in enumerate(specs):
        doc.row(pad([spec.title]))
        if index == 0:
            doc.separator(width)
        doc.row(pad(["信息内容"] + [_header_label(c) for c in spec.columns]))
        for row in spec.data_rows:
            doc.row(pad([row.label] + _numbers(report, spec, row.key)))


def _table3(doc: _Doc, report: GeneratedReport, spec: TableSpec) -> None:
    labels = {c.key: c.label for c in spec.columns}
    applicants = [labels[c.key] for c in spec.columns if c.key != "total"]
    if _grid(doc.style):
        lead = [""] * (3 if doc.style.split_labels else 2)  # label columns after the first
        doc.row([_NOTE, *lead, _APPLICANTS] + [""] * 6)
        doc.separator(len(lead) + 8)
        doc.row(["", *lead, applicants[0], _ORGS, "", "", "", "", labels["total"]])
        doc.row(["", *lead, ""] + applicants[1:] + [""])
    elif doc.style.airy:
        doc.text(*_WRAPPED_T3_HEADER)
    else:
        doc.header(f"{_NOTE} {_APPLICANTS}", f"{applicants[0]} {_ORGS} {labels['total']}", " ".join(applicants[1:]))
    pending: dict[int, str] = {}
    for row in spec.rows:
        level = _level(row.label)
        if _grid(doc.style):  # merged row headers sit in the first row they span (seed 002)
            if not row.data:
                pending[level] = row.label
                continue
            heads = [pending.pop(i, "") for i in range(3)]
            heads[level] = row.label
            if doc.style.split_labels:  # 「| 三、本年度办理结果 | | （一） | 予以公开 |」
                numbering = _NUMBERING.match(row.label)
                heads[level:] = [numbering.group(), row.label[numbering.end() :]] if numbering else [row.label, ""]
            doc.row(heads + _numbers(report, spec, row.key))
        elif not row.data:
            doc.row([row.label])
        else:
            doc.row([row.label] + _numbers(report, spec, row.key))


def _level(label: str) -> int:
    """0 for 「一、…」, 1 for 「（一）…」, 2 for 「1.…」: the label column a row's label stands in."""
    return 0 if _TOP_LEVEL.match(label) else 1 if label.startswith(("（", "(")) else 2


def _section2_headings(doc: _Doc, report: GeneratedReport, specs: Sequence[TableSpec]) -> None:
    for spec in specs:
        doc.text(f"### {spec.title}", "")
        doc.row(["信息内容"] + [_header_label(c) for c in spec.columns])
        doc.separator(1 + len(spec.columns))
        for row in spec.data_rows:
            doc.row([row.label] + _numbers(report, spec, row.key))
        doc.text("")


def _table3_headings(doc: _Doc, report: GeneratedReport, spec: TableSpec) -> None:
    """Every row under a Markdown heading that repeats its label, its numbers in a one-row table."""
    for row in spec.rows:
        doc.text(f"{'#' * (3 + _level(row.label))} {row.label}", "")
        if row.data:
            doc.row([c.label for c in spec.columns])
            doc.separator(len(spec.columns))
            doc.row(_numbers(report, spec, row.key))
            doc.text("")


def _table3_pdf(doc: _Doc, report: GeneratedReport, spec: TableSpec) -> None:
    """三 as text taken out of a PDF (huaian-2024-pdftext.txt): header cells and label cells wrapped
    in their columns, the numbers on the middle line of a wrapped label (pdfplumber) or after it
    (pdfium, pypdf: every other row here), merged row headers printed
    in pieces around the rows they span: 「三、」「本」「年」… on lines of their own or in front of a row,
    「（三）不」 in front of a row and 「予公开」 after it."""
    labels = {c.key: c.label for c in spec.columns}
    applicants = [labels[c.key] for c in spec.columns if c.key != "total"]
    cut = len(_NOTE) // 2
    split = [(a[:3], a[3:]) for a in applicants[1:] if len(a) > 3]
    doc.text(_APPLICANTS, f"{_NOTE[:cut]} {_ORGS}", _NOTE[cut:], f"{applicants[0]} {labels['total']}")
    doc.text(" ".join(h for h, _ in split), *(a for a in applicants[1:] if len(a) <= 3), " ".join(t for _, t in split))
    blocks: list[list[list[Cell]]] = []  # each data row's lines, each line its cells
    members: dict[str, list[int]] = {}  # merged row header → the blocks it spans
    spanning: dict[int, str] = {}  # level → the merged row header open there
    for row in spec.rows:
        level = _level(row.label)
        spanning = {at: head for at, head in spanning.items() if at < level}
        if not row.data:
            spanning[level], members[row.label] = row.label, []
            continue
        for head in spanning.values():
            members[head].append(len(blocks))
        parts = [row.label[i : i + PDF_LABEL_WIDTH] for i in range(0, len(row.label), PDF_LABEL_WIDTH)]
        middle = len(parts) // 2 if len(parts) > 2 else 1
        lines: list[list[Cell]] = [[part] for part in parts]
        numbers = _numbers(report, spec, row.key)
        if len(parts) == 1:
            lines[0] += numbers
        elif len(blocks) % 2:  # every other row as pdfium and pypdf give it: the whole label, then the numbers
            lines.append(numbers)
        elif len(parts) == 2:
            lines.insert(1, numbers)
        else:
            lines[middle] += numbers
        blocks.append(lines)
    for head in sorted(members, key=_level, reverse=True):  # the leftmost column's pieces go in front last
        spanned = members[head]
        if not spanned:
            continue
        if _level(head) > 0:  # 「（三）不」 in front of the middle row, 「予公开」 on a line after it
            half = len(head) // 2 + 1
            block = blocks[spanned[(len(spanned) - 1) // 2]]
            block[0].insert(0, head[:half])
            block.append([head[half:]])
        else:
            _vertical(head, [blocks[i] for i in spanned])
    for lines in blocks:
        for line in lines:
            doc.row(line)


def _vertical(head: str, blocks: list[list[list[Cell]]]) -> None:
    """A header merged down many rows, one piece per printed line around the middle of its span:
    every other piece on a line of its own, the others in front of the line it stands beside."""
    pieces = [head[:2], *head[2:]]  # 「三、」 then one character a line
    places = [(b, i) for b, block in enumerate(blocks) for i in range(len(block))]
    start = max(0, (len(places) - len(pieces)) // 2)
    inserted: dict[int, int] = {}
    for number, piece in enumerate(pieces):
        b, i = places[min(start + number, len(places) - 1)]
        at = i + inserted.get(b, 0)
        if number % 2:
            blocks[b][at].insert(0, piece)
        else:
            blocks[b].insert(at, [piece])
            inserted[b] = inserted.get(b, 0) + 1


def _table4(doc: _Doc, report: GeneratedReport, spec: TableSpec) -> None:
    groups: dict[str, list[str]] = {}
    for column in spec.columns:
        group, _, part = column.label.partition(" ")
        groups.setdefault(group, []).append(part)
    (review, first), *suits = groups.items()
    numbers = _numbers(report, spec, spec.data_rows[0].key)
    if _grid(doc.style):
        split = (lambda part: f"{part[:2]} {part[2:]}" if len(part) == 4 else part) if doc.style.cells == "tab" else str
        doc.row([review] + [""] * (len(first) - 1) + [_LITIGATION] + [""] * (len(numbers) - len(first) - 1))
        doc.separator(len(numbers))
        doc.row([split(p) for p in first] + [c for name, parts in suits for c in [name] + [""] * (len(parts) - 1)])
        doc.row([""] * len(first) + [split(p) for _, parts in suits for p in parts])
        doc.row(numbers)
    elif doc.style.airy:  # seed 000 lines 164–170, including the stray space before the numbers
        doc.text(f"{review} {_LITIGATION}", "", " ".join(first), " ".join(name for name, _ in suits), "")
        doc.text(" ".join(p for _, parts in suits for p in parts))
        doc.row(numbers, indent=" ", airy=False)
    else:
        doc.header(f"{review} {_LITIGATION}", " ".join(first + [name for name, _ in suits]))
        doc.header(" ".join(p for _, parts in suits for p in parts))
        doc.row(numbers)


def _wrap(text: str, width: int) -> list[str]:
    """Hard-wrap like a PDF paste, but never inside a number or before a line-opening mark."""
    lines: list[str] = []
    while len(text) > width:
        cut = width
        while cut < len(text) and (
            text[cut].isdigit() or text[cut - 1].isdigit() or text[cut] in "（(，。、；：" or _TOP_LEVEL.match(text[cut:])
        ):
            cut += 1
        lines.append(text[:cut])
        text = text[cut:]
    return lines + [text] if text else lines


def render_with_positions(report: GeneratedReport, layout: str) -> tuple[str, Positions]:
    """The report as text in ``layout`` (one of :data:`LAYOUTS` or :data:`LOSSY_LAYOUTS`), and where
    each number was written."""
    try:
        style = _STYLES[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS + LOSSY_LAYOUTS)}") from None
    template: Template = report.template
    doc = _Doc(style)
    table_lines: list[tuple[int, int]] = []  # each section's table lines: [first, end)
    prose = paragraphs(report)
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    heading = {s.key: f"{s.number}、{s.title}" for s in template.sections}
    if style.md_headings:
        title, heading = f"# {title}", {key: f"## {text}" for key, text in heading.items()}
    if style.crawled:
        doc.text(heading["s1"], "")
    else:
        doc.text(*((heading["s1"], "", title, "") if style.title_after_heading else (title, "", heading["s1"], "")))
    for key in ("s1", "s2", "s3", "s4", "s5", "s6"):
        if key != "s1":
            doc.text(heading[key], "")
        for paragraph in prose.get(key, []):
            doc.text(*(_wrap(paragraph, style.wrap) if style.wrap else [paragraph]), "")
        tables = [t for t in template.tables if t.section == key]
        first = len(doc.lines)
        if key == "s2":
            (_section2_headings if style.md_headings else _section2)(doc, report, tables)
        elif key == "s3":
            (_table3_pdf if style.pdf else _table3_headings if style.md_headings else _table3)(doc, report, tables[0])
        elif key == "s4":
            _table4(doc, report, tables[0])
        if tables:
            table_lines.append((first, len(doc.lines)))
        if tables and doc.lines[-1]:
            doc.text("")
    lines = doc.finish()
    while not lines[-1]:
        lines.pop()
    lines = [line.translate(_FULLWIDTH) for line in lines] if style.fullwidth else lines
    where = doc.positions
    if style.flat is not None:
        lines, where = _joined(lines, where, [(0, len(lines))], style.flat)
    elif style.flat_tables:
        lines, where = _joined(lines, where, table_lines, "")
    if style.crawled:  # a crawler's metadata header, the title only there
        header = [f"标题：{title}", "发布时间：", f"发布机构：{report.agency}", "", _BODY]
        lines, where = header + lines, {key: (line + len(header), column) for key, (line, column) in where.items()}
    return "\n".join(lines) + "\n", where


def _joined(lines: list[str], where: Positions, ranges: list[tuple[int, int]], separator: str) -> tuple[list[str], Positions]:
    """Each range of lines ([first, end), 0-based) joined into one line, blank lines dropped, as a
    crawler that collapses line breaks writes them; positions moved along."""
    out: list[str] = []
    moved: dict[int, tuple[int, int]] = {}  # old line (1-based) → (new line, columns added)
    done = 0
    for first, end in [*ranges, (len(lines), len(lines))]:
        for index in range(done, first):
            out.append(lines[index])
            moved[index + 1] = (len(out), 0)
        joined = ""
        for index in range(first, end):
            if lines[index]:
                joined += separator if joined else ""
                moved[index + 1] = (len(out) + 1, len(joined))
                joined += lines[index]
        if first < end:
            out.append(joined)
        done = end
    return out, {key: (moved[line][0], moved[line][1] + column) for key, (line, column) in where.items()}


def render(report: GeneratedReport, layout: str) -> str:
    """The report as text in ``layout``."""
    return render_with_positions(report, layout)[0]


def positions(report: GeneratedReport, layout: str) -> Positions:
    """Where :func:`render` writes each number: ``(table, row, column) → (line, column)``, 1-based."""
    return render_with_positions(report, layout)[1]


def render_bytes(report: GeneratedReport, layout: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    """The rendered text as a file would hold it: ``utf-8``, ``utf-8-sig``, ``utf-16`` (with BOM) or ``gbk``.

    A byte-order mark is not a character of the text, so positions from :func:`positions` still apply;
    so do they with ``newline="\\r\\n"``.
    """
    if encoding.lower() not in ENCODINGS:
        raise ValueError(f"unsupported encoding {encoding!r}; choose from {', '.join(ENCODINGS)}")
    return render(report, layout).replace("\n", newline).encode(encoding)
