"""``cells``: every cell of a complete row holds the kind of number its column takes.

    check: {kind: cells, mode: blank | type}

``blank``: empty, 「/」 or words where a number is due; the relations that need the cell are
not judged, and this is the one diagnostic for it.  ``type``: a count that is negative or
has decimals, a signed column with decimals, a negative amount.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ...diagnostics import Location
from ...model import Cell, CellKind, Column, Report, Row, Table
from ..base import (
    CheckContext,
    Finding,
    ModeKind,
    cell_evidence,
    row_name,
    type_problem,
    unfilled,
    usable_rows,
)


SHOWN_CHARS = 24  # the longest number a report holds, with separators, fits


class CellsKind(ModeKind):
    name = "cells"
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    modes = ("blank", "type")
    placeholders = ("table", "row", "column", "raw", "problem")

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        for table, types, rows in context.remember("cells-read", lambda: _irregular_rows(context.report)):
            if mode == "blank" and unfilled(table):
                continue  # a blank template table is one finding (table.unfilled), not one per cell
            for row, blanks, numbers in rows:
                if mode == "blank":
                    yield from self._blanks(table, row, types, blanks)
                    continue
                for cell in numbers:
                    column = types.get(cell.column or "")
                    problem = type_problem(column.value_type, cell) if column else ""
                    if problem and column:
                        yield self._finding(table, row, cell, f"「{column.label}」列", problem, _shown(cell.raw))

    def _blanks(self, table: Table, row: Row, types: dict[str, Column], cells: list[Cell]) -> Iterator[Finding]:
        if not cells:
            return
        if len(cells) == len(row.cells) > 1:  # a row left unfilled is one finding, not one per cell
            written = "、".join(f"「{raw}」" for raw in dict.fromkeys(c.raw for c in cells if c.raw))
            problem = f"都没有填写数字（写的是{written}）" if written else "都是空白"
            yield self._finding(table, row, cells[0], "各列", problem, written)
            return
        for cell in cells:
            yield self._finding(table, row, cell, f"「{types[cell.column or ''].label}」列", _blank(cell), cell.raw)

    @staticmethod
    def _finding(table: Table, row: Row, cell: Cell, column: str, problem: str, raw: str) -> Finding:
        return Finding(
            cell.span,
            {"table": table.title, "row": row_name(row), "column": column, "raw": raw, "problem": problem},
            Location(section=table.section, table=table.key, row=row.key, column=cell.column),
            actual=raw,
            evidence=(cell_evidence("cell", table, row, cell),),
        )


def _irregular_rows(report: Report) -> list[tuple[Table, dict[str, Column], list[tuple[Row, list[Cell], list[Cell]]]]]:
    """Each table with its columns by key and its usable rows that hold something other than a
    plain count, each with its cells of the template's columns that hold no number (``blank``) and
    its numbers that are not plain counts (``type``): the cells read once for both modes, and the
    rows of plain counts (most) not read again."""
    number = CellKind.NUMBER
    found = []
    for table in report.tables:
        types = {c.key: c for c in table.columns}
        rows = []
        for row in usable_rows(table):
            blanks: list[Cell] = []
            numbers: list[Cell] = []
            for cell in row.cells:
                value = cell.value
                if cell.kind is not number:
                    if cell.column in types:
                        blanks.append(cell)
                elif not (type(value) is int and value >= 0 and not cell.raw.endswith("元")):
                    numbers.append(cell)
            if blanks or numbers:
                rows.append((row, blanks, numbers))
        found.append((table, types, rows))
    return found


def _shown(raw: str) -> str:
    """The cell as written, cut short when it is a run of thousands of digits."""
    return raw if len(raw) <= SHOWN_CHARS else f"{raw[:SHOWN_CHARS]}…"


def _blank(cell: Cell) -> str:
    return "为空" if cell.kind is CellKind.BLANK else f"不是数字（「{cell.raw}」）"
