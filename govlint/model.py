"""The typed, immutable report model: what every rule looks at.

The parser builds it once; nothing mutates it afterwards.  Every heading, row and
number carries a :class:`Span` in the *original* file (1-based line and column), so
a diagnostic can point at the exact character a user has to fix.  This module is the
bottom layer of govlint and imports nothing else from it but :class:`Span` (kept in
:mod:`govlint.span`, for what points at places without the model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Iterator, Union

from .span import Span as Span  # re-exported: the model's own name for it

Number = Union[int, Decimal]


class LabelMatch(str, Enum):
    """How a written label relates to the template's official label."""

    EXACT = "exact"  # equal after normalisation (width, spaces, punctuation)
    ALIAS = "alias"  # a documented variant
    FUZZY = "fuzzy"  # close enough to identify, but worded differently: worth a warning
    UNMATCHED = "unmatched"  # no template row or heading fits


class RowStatus(str, Enum):
    """Whether a row's numbers line up with the template's columns."""

    OK = "ok"
    CATEGORY = "category"  # a row header that carries no numbers by design
    SHORT = "short"  # fewer cells than columns: never shifted, never zero-filled
    LONG = "long"  # more cells than columns
    GLUED = "glued"  # digits run together with no separator (「数量640020470」)
    UNMATCHED = "unmatched"  # label fits no template row


class CellKind(str, Enum):
    NUMBER = "number"
    BLANK = "blank"  # an empty cell where a number is due
    TEXT = "text"  # 「/」, 「—」, words: not a number


@dataclass(frozen=True, slots=True, init=False)
class Cell:
    """One table cell as written: the raw text, its value if it is a number, and where it is."""

    raw: str
    value: Number | None
    kind: CellKind
    span: Span
    column: str | None = None  # template column key; None while the row does not line up

    def __init__(self, raw: str, value: Number | None, kind: CellKind, span: Span, column: str | None = None) -> None:
        # Written out, not generated: every number of every report is a Cell, and a frozen
        # dataclass's own __init__ sets each field through object.__setattr__ by name, which costs
        # twice what setting its slot does (:func:`_slot_setters`).
        _cell_raw(self, raw)
        _cell_value(self, value)
        _cell_kind(self, kind)
        _cell_span(self, span)
        _cell_column(self, column)


@dataclass(frozen=True, slots=True, init=False)
class Row:
    """A table row: its label as written, the template row it matched, and its cells."""

    label: str
    span: Span
    cells: tuple[Cell, ...]
    key: str | None = None
    template_label: str | None = None
    label_match: LabelMatch = LabelMatch.UNMATCHED
    status: RowStatus = RowStatus.OK
    expected_cells: int = 0
    _by_column: dict[str, Cell] | None = field(init=False, repr=False, compare=False)  # made once, by the first cell()

    def __init__(
        self,
        label: str,
        span: Span,
        cells: tuple[Cell, ...],
        key: str | None = None,
        template_label: str | None = None,
        label_match: LabelMatch = LabelMatch.UNMATCHED,
        status: RowStatus = RowStatus.OK,
        expected_cells: int = 0,
    ) -> None:
        # Written out, not generated, as Cell's (a report has dozens of rows, a table 200,000 at most).
        _row_label(self, label)
        _row_span(self, span)
        _row_cells(self, cells)
        _row_key(self, key)
        _row_template_label(self, template_label)
        _row_label_match(self, label_match)
        _row_status(self, status)
        _row_expected_cells(self, expected_cells)
        _row_by_column(self, None)  # every slot set (a model is pickled in a batch that pairs); filled by cell()

    def cell(self, column: str) -> Cell | None:
        by_column = self._by_column
        if by_column is None:  # made when first asked for: the checks read most rows cell by cell, never by column
            by_column = {c.column: c for c in self.cells if c.column is not None}
            _row_by_column(self, by_column)
        return by_column.get(column)


def _slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """What sets each named slot of a frozen class's new instance (its member descriptor's
    ``__set__``): for the written-out ``__init__`` of the classes made by the thousand."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_cell_raw, _cell_value, _cell_kind, _cell_span, _cell_column = _slot_setters(Cell, "raw", "value", "kind", "span", "column")
(
    _row_label, _row_span, _row_cells, _row_key, _row_template_label, _row_label_match, _row_status, _row_expected_cells, _row_by_column
) = _slot_setters(Row, "label", "span", "cells", "key", "template_label", "label_match", "status", "expected_cells", "_by_column")


@dataclass(frozen=True, slots=True)
class Column:
    """A table column as the template names it."""

    key: str
    label: str
    value_type: str = "count"  # count | signed | decimal


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """A line of a table's header (or its caption) as written."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table bound to the template table it represents (``key`` None when unknown)."""

    key: str | None
    title: str
    section: str | None
    span: Span
    layout: str  # space | tab | pipe | flattened | cells (rebuilt from one cell per line)
    caption: HeaderLine | None
    header: tuple[HeaderLine, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    _by_key: dict[str, Row] = field(init=False, repr=False, compare=False)  # set once, by __post_init__

    def __post_init__(self) -> None:
        index: dict[str, Row] = {}
        for row in self.rows:
            kept = index.get(row.key) if row.key is not None else None
            if row.key is not None and (kept is None or (row.cells and not kept.cells)):
                index[row.key] = row  # the first row wins, as a reader reads it; unless only a later one has numbers
        object.__setattr__(self, "_by_key", index)

    def row(self, key: str) -> Row | None:
        return self._by_key.get(key)


@dataclass(frozen=True, slots=True)
class Heading:
    """The report's title or a sub-heading, as written."""

    text: str
    span: Span
    number: str = ""  # the numbering as written: 「一、」, 「（三）」, 「1.」


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of prose."""

    text: str
    span: Span


Block = Union[Paragraph, Heading, Table]


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six top-level sections, found by its title."""

    key: str  # s1 … s6
    heading: Heading
    title_match: LabelMatch
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def subheadings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))


@dataclass(frozen=True, slots=True)
class Decision:
    """A value the parser decided, and the evidence it used: never a silent guess."""

    value: str | int | None
    evidence: tuple[str, ...] = ()
    span: Span | None = None  # where the value is written (the year in the title), when it is written


@dataclass(frozen=True, slots=True)
class Report:
    """A whole annual report."""

    path: str
    title: Heading | None
    agency: str | None
    year: Decision
    template: Decision
    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]
    line_count: int = 0
    agency_span: Span | None = None  # where the title names the agency
    published: Decision = Decision(None)  # the page's own 发布时间/发布日期 (ISO date), with where it was read
    tables: tuple[Table, ...] = field(default=(), init=False, repr=False, compare=False)
    _by_key: dict[str, Table] = field(init=False, repr=False, compare=False)  # set once, by __post_init__

    def __post_init__(self) -> None:
        tables = tuple(b for b in self.blocks() if isinstance(b, Table))
        object.__setattr__(self, "tables", tables)
        index: dict[str, Table] = {}
        for table in tables:
            if table.key is not None:
                index.setdefault(table.key, table)
        object.__setattr__(self, "_by_key", index)

    def section(self, key: str) -> Section | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None

    def table(self, key: str) -> Table | None:
        """The first table bound to the template table ``key``."""
        return self._by_key.get(key)

    def blocks(self) -> Iterator[Block]:
        yield from self.preamble
        for section in self.sections:
            yield from section.blocks
