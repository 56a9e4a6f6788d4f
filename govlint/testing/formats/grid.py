"""The model every renderer draws: the report's title, its outline, and its tables as :class:`Grid` s.

Tables 二, 三 and 四 are laid out once here with the national template's structure (merged
captions, multi-row headers, label columns merged down and across); Word, HTML and PDF
only print these grids, so the three formats cannot disagree about where a number sits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ...templates import TableSpec
from .._prose import paragraphs
from ..generate import GeneratedReport, Key, Number
from ..render import (
    _header_label,  # the text layouts' headers: the same words in every format
)

__all__ = ["Grid", "GridCell", "report_grids", "title_of"]

_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_SECTIONS = ("s1", "s2", "s3", "s4", "s5", "s6")


# --------------------------------------------------------------------------- the tables as grids


@dataclass(frozen=True, slots=True)
class GridCell:
    """A printed cell: its text, how many grid rows and columns it covers, and the number it holds."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: Key | None = None  # (table, row, column) of the number written here
    header: bool = False


@dataclass
class Grid:
    """One printed table: rows of the cells that start in them (HTML's convention), on ``width`` columns."""

    section: str
    width: int
    rows: list[list[GridCell]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # relative column widths
    header_rows: int = 0  # rows a paginated table may repeat at the top of each page

    def placed(self) -> Iterator[tuple[int, int, GridCell]]:
        """``(row, column, cell)`` for every cell, columns counted on the grid."""
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while (r, column) in covered:
                    column += 1
                yield r, column, cell
                covered.update((r + dr, column + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                column += cell.colspan

    def cut(self, start: int, stop: int) -> Grid:
        """Rows ``start:stop`` as a table of their own, as a page break cuts a Word table.

        A merged cell that began above ``start`` continues as an empty merged cell (its text
        stays where it was printed); one that reaches past ``stop`` ends there.
        """
        placed: list[list[tuple[int, GridCell]]] = [[] for _ in range(start, stop)]
        for r, c, cell in self.placed():
            end = r + cell.rowspan
            if end <= start or r >= stop:
                continue
            top, kept = max(r, start), r >= start
            rest = GridCell(cell.text if kept else "", min(end, stop) - top, cell.colspan, cell.key if kept else None, cell.header)
            placed[top - start].append((c, rest))
        rows = [[cell for _, cell in sorted(row, key=lambda item: item[0])] for row in placed]
        return Grid(self.section, self.width, rows, self.widths, self.header_rows if start == 0 else 0)

    def continued(self, start: int, repeat_header: bool) -> Grid:
        """Rows from ``start`` on, for the next page: with the header rows on top when Word repeats them."""
        rest = self.cut(start, len(self.rows))
        if repeat_header and 0 < self.header_rows <= start:
            rest.rows[:0] = self.rows[: self.header_rows]  # header spans end inside the header
            rest.header_rows = self.header_rows
        return rest


def _number(value: Number) -> str:
    return format(value, "f") if not isinstance(value, int) else str(value)


def _numbers(report: GeneratedReport, spec: TableSpec, row: str) -> list[GridCell]:
    return [GridCell(_number(report.value(spec.key, row, c.key)), key=(spec.key, row, c.key)) for c in spec.columns]


def _stretch(cells: list[GridCell], width: int) -> list[GridCell]:
    """The last cell takes the columns a short row leaves, as the template's 二 rows do."""
    used = sum(cell.colspan for cell in cells)
    last = cells[-1]
    return cells[:-1] + [GridCell(last.text, last.rowspan, last.colspan + width - used, last.key, last.header)]


def _grid_s2(report: GeneratedReport, specs: Sequence[TableSpec]) -> Grid:
    width = 1 + max(len(spec.columns) for spec in specs)
    grid = Grid("s2", width, widths=(1.0,) * width)
    for spec in specs:
        grid.rows.append([GridCell(spec.title, colspan=width, header=True)])
        header = [GridCell("信息内容", header=True)] + [GridCell(_header_label(c), header=True) for c in spec.columns]
        grid.rows.append(_stretch(header, width))
        for row in spec.data_rows:
            grid.rows.append(_stretch([GridCell(row.label, header=True)] + _numbers(report, spec, row.key), width))
    return grid


def _level(label: str) -> int:
    return 0 if _TOP_LEVEL.match(label) else 1 if label.startswith(("（", "(")) else 2


def _grid_s3(report: GeneratedReport, spec: TableSpec) -> Grid:
    labels = [c.label for c in spec.columns]
    grid = Grid("s3", 10, widths=(1.2, 1.5, 2.9) + (1.0,) * 7, header_rows=3)
    grid.rows.append([GridCell(_NOTE, 3, 3, header=True), GridCell("申请人情况", colspan=7, header=True)])
    grid.rows.append([GridCell(labels[0], rowspan=2, header=True), GridCell("法人或其他组织", colspan=5, header=True),
                      GridCell(labels[-1], rowspan=2, header=True)])
    grid.rows.append([GridCell(label, header=True) for label in labels[1:-1]])
    rows = list(spec.rows)
    pending: list[GridCell] = []
    for index, row in enumerate(rows):
        level = _level(row.label)
        if not row.data:  # a category: merged down over the data rows it heads
            below = 0
            for later in rows[index + 1:]:
                if _level(later.label) <= level:
                    break
                below += later.data
            pending.append(GridCell(row.label, rowspan=max(below, 1), header=True))
            continue
        label = GridCell(row.label, colspan=3 - level, header=True)
        grid.rows.append(pending + [label] + _numbers(report, spec, row.key))
        pending = []
    return grid


def _grid_s4(report: GeneratedReport, spec: TableSpec) -> Grid:
    groups: dict[str, list[str]] = {}
    for column in spec.columns:
        group, _, part = column.label.partition(" ")
        groups.setdefault(group, []).append(part)
    (review, first), *suits = groups.items()
    rest = sum(len(parts) for _, parts in suits)
    grid = Grid("s4", len(spec.columns), widths=(1.0,) * len(spec.columns), header_rows=3)
    grid.rows.append([GridCell(review, colspan=len(first), header=True), GridCell("行政诉讼", colspan=rest, header=True)])
    grid.rows.append([GridCell(part, rowspan=2, header=True) for part in first]
                     + [GridCell(name, colspan=len(parts), header=True) for name, parts in suits])
    grid.rows.append([GridCell(part, header=True) for _, parts in suits for part in parts])
    grid.rows.append(_numbers(report, spec, spec.data_rows[0].key))
    return grid


def report_grids(report: GeneratedReport) -> dict[str, Grid]:
    """The tables of sections 二, 三 and 四 as printed, keyed by section."""
    tables = report.template.tables
    by_section = {key: [t for t in tables if t.section == key] for key in ("s2", "s3", "s4")}
    return {
        "s2": _grid_s2(report, by_section["s2"]),
        "s3": _grid_s3(report, by_section["s3"][0]),
        "s4": _grid_s4(report, by_section["s4"][0]),
    }


def title_of(report: GeneratedReport) -> str:
    """The report's title, as printed at the top of every format."""
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _outline(report: GeneratedReport) -> Iterator[tuple[str, str, list[str]]]:
    """``(section key, heading, paragraphs)`` in order."""
    prose = paragraphs(report)
    for section in report.template.sections:
        if section.key in _SECTIONS:
            yield section.key, f"{section.number}、{section.title}", prose.get(section.key, [])


def _split_row(grid: Grid) -> int:
    """The grid row of the second data row under （四）, or the middle of the table."""
    for r, row in enumerate(grid.rows):
        if any(cell.key and cell.key[1] == "r3_4_2" for cell in row):
            return r
    return len(grid.rows) // 2
