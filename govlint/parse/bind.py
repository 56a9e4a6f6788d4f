"""Bind a run of table lines to the template table it represents.

Binding never repairs: a row with too few numbers is marked SHORT and its cells get no
column; a label that fits no template row is kept as UNMATCHED; nothing is shifted,
zero-filled or dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import repeat
from threading import Lock
from typing import NamedTuple

from ..model import (
    Cell,
    Column,
    HeaderLine,
    LabelMatch,
    Row,
    RowStatus,
    Span,
    Table,
)
from ..normalize import cached_for_short, label_key
from ..span import new_span
from ..templates import RowSpec, TableSpec, Template
from .flattened import LAYOUT as FLATTENED
from .lines import Line, RawCell, cell_value, split_cells
from .memo import ByIdentity
from .tree import RawTable

_NUMBERING = re.compile(r"^(?:\([一二三四五六七八九十]+\)|\d+\.|[一二三四五六七八九十]+、)")
_QUOTES = re.compile(r"[\"'“”‘’「」]")
FUZZY_RATIO = 0.75
_SIGNED_RUN = re.compile(r"[\d.+\-−]+")
MAX_TAIL_WORDS = 12  # a template label written with spaces has a few words; a category in front adds one or two


@cached_for_short(maxsize=8192)
def loose_key(text: str) -> str:
    """Label key without numbering and quotes: 「3.危及"三安全一稳定"」 → 「危及三安全一稳定」."""
    return _QUOTES.sub("", _NUMBERING.sub("", label_key(text)))


def bind_table(raw: RawTable, template: Template | None, *, grid: bool = False) -> Table:
    """``grid``: the reader kept the document's table grid (Word, HTML, PDF), so a blank cell at
    the end of a row is that column's empty cell, not a leftover of pasting."""
    caption = raw.lines[0] if raw.lines[0].kind == "CAPTION" else None
    header = tuple(HeaderLine(line.text, line.span) for line in raw.lines if line.kind == "HEADER")
    row_lines = [line for line in raw.lines if line.kind in ("ROW", "ROWLABEL")]
    caption_text = _caption_text(caption) if caption else ""
    spec = _choose_spec(raw, caption_text if caption else None, row_lines, template)
    rows = _bind_rows(row_lines, spec, grid, _tab_width(row_lines, spec))
    first = raw.lines[0]
    return Table(
        key=spec.key if spec else None,
        title=spec.title if spec else caption_text,
        section=raw.section,
        span=first.span,
        layout=_layout(raw),
        caption=HeaderLine(caption_text, Span(caption.number, caption.column, caption.column + len(caption_text))) if caption else None,
        header=header,
        columns=_columns(spec) if spec else (),
        rows=rows,
    )


def _columns_of(spec: TableSpec) -> tuple[Column, ...]:
    return tuple(Column(c.key, c.label, c.type) for c in spec.columns)


_columns = ByIdentity(_columns_of, size=256)  # made once per template table, shared by its tables (immutable)


def _layout(raw: RawTable) -> str:
    layouts = {line.layout for line in raw.lines if line.kind == "ROW"}
    for layout in ("cells", "flattened", "pipe", "tab"):
        if layout in layouts:
            return layout
    return "space"


def _caption_text(line: Line) -> str:
    """A grid caption is its first cell; a space-separated one is the whole line (「第二十条 第（一）项」)."""
    layout, cells = split_cells(line.text)
    if layout == "space":
        return line.text
    return next((c.text for c in cells if c.text), line.text)


def _choose_spec(raw: RawTable, caption: str | None, rows: list[Line], template: Template | None) -> TableSpec | None:
    """``caption``: the text of the table's caption (:func:`_caption_text`), None when it has none."""
    if template is None:
        return None
    if caption is not None:
        key = label_key(caption)
        return next((t for t in template.tables if label_key(t.title) == key), None)
    candidates = [t for t in template.tables if t.section == raw.section] or list(template.tables)
    if raw.section is not None and len(candidates) == 1:
        return candidates[0]  # the section's only table (三, 四)

    def score(spec: TableSpec) -> int:
        hits = 0
        index = _index(spec.rows)
        for line in rows:
            if line.label is None:
                hits += any(r.numbers_only for r in spec.rows) and len(line.cells) == len(spec.columns)
            else:
                hits += _match(loose_key(line.label.text), label_key(line.label.text), spec.rows, index, set())[0] is not None
        return hits

    scores = {spec.key: score(spec) for spec in candidates}  # once each: a table may have 200,000 rows
    best = max(candidates, key=lambda spec: scores[spec.key], default=None)
    return best if best is not None and scores[best.key] > 0 else None


def _match_label(text: str, specs: tuple[RowSpec, ...], index: _Index, used: set[str]) -> tuple[RowSpec | None, LabelMatch]:
    """Match a row label; a space-separated label that carries its category in front
    (「三、本年度办理结果 （一）予以公开」, pasted from Word or PDF) is matched by its last words.
    ``index``: :func:`_index` of ``specs``."""
    exact = label_key(text)
    if exact in index.exact:  # most labels: as the template writes them, so no loose key to make
        return index.exact[exact], LabelMatch.EXACT
    found = _match(loose_key(text), exact, specs, index, used)
    words = text.split()
    for start in range(max(1, len(words) - MAX_TAIL_WORDS), len(words)):  # linear in a label of 10,000 words
        if found[1] in (LabelMatch.EXACT, LabelMatch.ALIAS):
            break
        tail = " ".join(words[start:])
        candidate = _match(loose_key(tail), label_key(tail), specs, index, used, fuzzy=False)
        if candidate[0] is not None:
            found = candidate
    return found


def _match(
    loose: str, exact: str, specs: tuple[RowSpec, ...], index: _Index, used: set[str], *, fuzzy: bool = True
) -> tuple[RowSpec | None, LabelMatch]:
    if exact in index.exact:
        return index.exact[exact], LabelMatch.EXACT
    by_alias, by_loose = index.alias.get(exact), index.loose.get(loose)
    if by_alias or by_loose:  # the first template row that matches either way
        return min((found for found in (by_alias, by_loose) if found), key=lambda pair: pair[0])[1], LabelMatch.ALIAS
    if not fuzzy:
        return None, LabelMatch.UNMATCHED
    best, best_ratio = None, FUZZY_RATIO
    for spec, ratio in zip(specs, _ratios(loose, index.loose_labels)):
        if spec.key in used or spec.numbers_only:
            continue
        if ratio >= best_ratio:
            best, best_ratio = spec, ratio
    return (best, LabelMatch.FUZZY) if best else (None, LabelMatch.UNMATCHED)


class _Index(NamedTuple):
    exact: dict[str, RowSpec]  # label key → first row with that label
    alias: dict[str, tuple[int, RowSpec]]  # alias key → (position, first row with that alias)
    loose: dict[str, tuple[int, RowSpec]]  # loose key of the label → (position, first row)
    loose_labels: tuple[str, ...]  # per row, in order


def _index_of(specs: tuple[RowSpec, ...]) -> _Index:
    """Template rows by key, built once per table spec (every row of a table is looked up)."""
    exact: dict[str, RowSpec] = {}
    alias: dict[str, tuple[int, RowSpec]] = {}
    loose: dict[str, tuple[int, RowSpec]] = {}
    for position, spec in enumerate(specs):
        exact.setdefault(label_key(spec.label), spec)
        loose.setdefault(loose_key(spec.label), (position, spec))
        for name in spec.aliases:
            alias.setdefault(label_key(name), (position, spec))
    return _Index(exact, alias, loose, tuple(loose_key(spec.label) for spec in specs))


_index = ByIdentity(_index_of, size=256)


_MATCHING = Lock()  # taken once per distinct label text (the ratios are cached): no contention to speak of


@cached_for_short(maxsize=8192)
def _ratios(loose: str, labels: tuple[str, ...]) -> tuple[float, ...]:
    """``SequenceMatcher`` similarity of a label to each template label, 0 where the cheap upper
    bounds show it cannot reach :data:`FUZZY_RATIO`.  Cached: a long table repeats its labels,
    and each row would otherwise be compared with every template row again."""
    ratios = []
    with _MATCHING:  # the matchers are shared: another thread's set_seq1 mid-ratio gave a wrong ratio, or an IndexError
        for label in labels:
            matcher = _matcher(label)
            matcher.set_seq1(loose)
            fits = matcher.real_quick_ratio() >= FUZZY_RATIO and matcher.quick_ratio() >= FUZZY_RATIO
            ratios.append(matcher.ratio() if fits else 0.0)
    return tuple(ratios)


@lru_cache(maxsize=1024)
def _matcher(label: str) -> SequenceMatcher[str]:
    """One matcher per template label: difflib indexes its second sequence once."""
    return SequenceMatcher(None, "", label)


def _tab_fields(line: Line) -> int:
    """How many tab-separated fields the source line had, blank ones at both ends included."""
    return line.column + line.text.count("\t") + len(line.edges[1])


def _tab_width(lines: list[Line], spec: TableSpec | None) -> int | None:
    """The field count of a tab table's complete rows, when they agree on one: a short row with
    that many fields keeps its blank end cells, since the tab positions show their columns."""
    if spec is None:
        return None
    complete = [line for line in lines if line.layout == "tab" and len(line.cells) == len(spec.columns)]
    if not complete:  # most tables: not laid out with tabs (no Counter made for nothing)
        return None
    return Counter(_tab_fields(line) for line in complete).most_common(1)[0][0]


def _bind_rows(lines: list[Line], spec: TableSpec | None, grid: bool, tab_width: int | None = None) -> tuple[Row, ...]:
    used: set[str] = set()
    rows = []
    index = _index(spec.rows) if spec is not None else None
    keys = _column_keys(spec) if spec is not None else ()
    for position, line in enumerate(lines):
        label = line.label
        after = lines[position + 1] if position + 1 < len(lines) else None
        if len(keys) == 1 and label is not None and not line.cells and not (after and after.label is None):
            # A one-column row with nothing after its label (and no number on the next line): the blank is its cell.
            line = line._replace(cells=(RawCell("", label.column + len(label.text)),))
        if spec is None or index is None:
            row_spec, how = None, LabelMatch.UNMATCHED
        elif label is None:
            row_spec = next((r for r in spec.rows if r.numbers_only), None)
            how = LabelMatch.EXACT if row_spec else LabelMatch.UNMATCHED
        else:
            row_spec, how = _match_label(label.text, spec.rows, index, used)
        if row_spec is not None:
            used.add(row_spec.key)
        rows.append(_row(line, label, row_spec, how, keys, grid, _tab_aligned(line, keys, grid, tab_width)))
    return tuple(rows)


def _tab_aligned(line: Line, keys: tuple[str, ...], grid: bool, tab_width: int | None) -> bool:
    """A short tab row with as many fields as the table's complete rows (``tab_width``): its blank
    fields are its empty cells.  A row with all its cells needs none, so only a short one's are counted."""
    if tab_width is None or grid or line.layout != "tab" or len(line.cells) >= len(keys):
        return False
    return _tab_fields(line) == tab_width


def _column_keys_of(spec: TableSpec) -> tuple[str, ...]:
    return tuple(c.key for c in spec.columns)


_column_keys = ByIdentity(_column_keys_of, size=256)  # every row of a table that lines up takes them


def _row(
    line: Line, label: RawCell | None, spec: RowSpec | None, how: LabelMatch, keys: tuple[str, ...], grid: bool, tab_aligned: bool = False
) -> Row:
    """``keys``: the table's column keys (none when it has no template table)."""
    expected = len(keys) if spec is not None and (spec.data or line.cells) else 0
    raw_cells = _fitted(line, expected) if grid else _tab_fitted(line, expected) if tab_aligned else line.cells
    status = _status(raw_cells, spec, expected, flattened=line.layout == FLATTENED)
    number = line.number
    cells: list[Cell] = []
    for (text, at, source), key in zip(raw_cells, keys if status is RowStatus.OK else repeat(None)):
        # a loop, not a call per cell: every number of a report passes here
        kind, value = cell_value(text)
        cells.append(Cell(text, value, kind, new_span(Span, (source or number, at, at + (len(text) or 1))), key))
    start = label if label is not None else (line.cells[0] if line.cells else RawCell(line.text, line.column))
    end = min(start.column + len(start.text), line.column + len(line.text))  # a label rebuilt from wrapped lines is longer
    span = new_span(Span, (number, start.column, max(end, start.column + 1)))
    row_key, official = (spec.key, spec.label) if spec else (None, None)
    # Row's fields in order: passed by keyword, they cost a third more than the Row's making
    return Row(label.text if label else "", span, tuple(cells), row_key, official, how, status, expected)


def _fitted(line: Line, expected: int) -> tuple[RawCell, ...]:
    """A grid row short of numbers gets back the blank cells at its ends, when they fill it
    exactly from one side (or together): those are the template's empty cells.  Anything else
    stays short: a missing cell is never guessed into a column."""
    cells, (lead, trail) = line.cells, line.edges
    missing = expected - len(cells)
    if missing <= 0 or not (lead or trail):
        return cells
    if not lead and len(trail) >= missing:
        return cells + trail[:missing]
    if not trail and len(lead) >= missing:
        return lead[len(lead) - missing :] + cells
    if len(lead) + len(trail) == missing:
        return lead + cells + trail
    return cells


def _tab_fitted(line: Line, expected: int) -> tuple[RawCell, ...]:
    """A tab row with as many fields as the table's complete rows: its last ``expected`` fields
    are the template's columns, blank ones included (unless a label would fall among them)."""
    cells, (lead, trail) = line.cells, line.edges
    fields = lead + cells + trail
    if len(cells) < expected and len(cells) + len(trail) <= expected <= len(fields):
        return fields[len(fields) - expected :]
    return cells


def _status(cells: tuple[RawCell, ...], spec: RowSpec | None, expected: int, *, flattened: bool = False) -> RowStatus:
    count = len(cells)
    if spec is None:
        return RowStatus.UNMATCHED
    if not spec.data and count == 0:
        return RowStatus.CATEGORY
    if count == expected:
        return RowStatus.OK
    if count == 1 and expected > 1 and _run_digits(cells[0].text, flattened) >= expected:
        return RowStatus.GLUED
    return RowStatus.SHORT if count < expected else RowStatus.LONG


def _run_digits(text: str, flattened: bool) -> int:
    """The digits of a cell that may be several run together (0 when it is not such a cell); in
    flattened text signs and decimal points run together with them (「102-2120」, 「04950.77」)."""
    if text.isdigit():
        return len(text)
    return sum(c.isdigit() for c in text) if flattened and _SIGNED_RUN.fullmatch(text) else 0

