"""``rows``: every row of a bound table lines up with the template.

    check: {kind: rows, mode: missing | unmatched | relabelled | incomplete | glued | subtotal}

A row that is incomplete is reported once, here, and the relations that use it are not
judged (they skip rows that do not line up), so one defect gives one diagnostic.  In a table the
parser rebuilt from flattened or one-cell-per-line text, the rows that do not line up share one
cause, the lost cell boundaries, and are one finding for the table.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations, islice
from typing import Any, Iterable, Iterator, Mapping

from ...diagnostics import Evidence, Location
from ...model import CellKind, LabelMatch, Row, RowStatus, Table
from ...parse.bind import loose_key
from ...templates import RowSpec, TableSpec
from ..base import CheckContext, Finding, cell_evidence, row_name, unfilled

MODES = ("missing", "unmatched", "relabelled", "incomplete", "glued", "subtotal", "duplicate")
MANY = 3  # this many rows missing or repeated at once are one defect (a cut or twice-pasted table)
HINT_RATIO = 0.5  # label likeness (difflib ratio) that names a missing row as the candidate
HINT_MARGIN = 0.15  # and by this much more than any other missing row
MAX_GLUED_DIGITS = 20  # beyond this, counting splits costs more than the hint is worth
MAX_EVIDENCE_CELLS = 100  # cells a finding names as its evidence; its message gives the true count
# Tables the parser rebuilt from text that lost the cell boundaries, and what was lost.
REBUILT = {
    "flattened": "全文被压成一行，表格单元格之间没有分隔符",
    "cells": "表格是每格一行的文本，其中空白单元格会消失、数字可能断成两行",
}


class RowsKind:
    name = "rows"
    placeholders = {
        "missing": ("table", "row"),
        "duplicate": ("table", "row", "first_line"),
        "unmatched": ("table", "row", "candidate"),
        "relabelled": ("table", "row", "expected"),
        "incomplete": ("table", "row", "expected", "found", "which"),
        "glued": ("table", "row", "digits", "expected"),
        "subtotal": ("table", "row", "column", "expected", "found"),
    }
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "mode"],
        "properties": {
            "kind": {"const": "rows"},
            "mode": {"enum": list(MODES)},
            "tables": {"type": "array", "items": {"type": "string"}, "x-refers": "table"},
            "total_column": {"type": "string", "description": "glued: the column that is the sum of the others", "x-refers": "column"},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return params

    def run(self, context: CheckContext, params: Mapping[str, Any]) -> Iterable[Finding]:
        wanted = params.get("tables")
        judge = getattr(self, "_" + params["mode"])
        for table in context.report.tables:
            spec = context.table_spec(table.key) if table.key else None
            if spec is None or (wanted and table.key not in wanted):
                continue
            yield from judge(context, table, spec, params)

    def _missing(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        if unfilled(table):
            return  # reported once as table.unfilled
        _, missing = _pairs(context, table, spec)
        if len(missing) >= MANY:
            names = "、".join(r.label for r in missing[:3])
            yield Finding(table.span, {"table": table.title, "row": f"{names} 等 {len(missing)} 行"}, _loc(table, None, "missing-rows"))
            return
        for row_spec in missing:
            yield Finding(table.span, {"table": table.title, "row": row_spec.label}, _loc(table, row_spec.key))

    def _duplicate(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        # Every occurrence but the one the checks read (the first, or the one with the numbers) is
        # the repeat: the row that holds the data is never the one the user is told to delete.
        # A merged header printed again after a page break (docs/spec.md §11) holds no numbers: not a repeat.
        headers: set[str] = context.remember_for_template(("header-rows", spec.key), lambda: {r.key for r in spec.rows if not r.data})
        repeated = [
            (row, kept)
            for row in table.rows
            if row.key is not None and not (row.key in headers and not row.cells) and (kept := table.row(row.key)) is not row
        ]
        if len(repeated) >= MANY:
            row, first = repeated[0]
            assert first is not None  # a repeated row's key names a kept row
            yield Finding(row.span, {"table": table.title, "row": f"{row_name(row)} 等 {len(repeated)} 行", "first_line": context.line_in_file(first.span)},
                          _loc(table, None, "repeated-rows"))
            return
        for row, first in repeated:
            assert first is not None
            yield Finding(row.span, {"table": table.title, "row": row_name(row), "first_line": context.line_in_file(first.span)}, _loc(table, row.key, "repeated"))

    def _unmatched(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        pairs, _ = _pairs(context, table, spec)
        for row, candidate in pairs:
            guess = f"模板中缺少「{candidate.label}」，可能就是这一行" if candidate else "模板中没有对应的行"
            yield Finding(
                row.span,
                {"table": table.title, "row": row.label or "（无标签的数字行）", "candidate": guess},
                _loc(table, candidate.key if candidate else None, row.label),
                expected=candidate.label if candidate else None,
                actual=row.label,
            )

    def _relabelled(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        for row in table.rows:
            if row.label_match is LabelMatch.FUZZY:
                yield Finding(
                    row.span,
                    {"table": table.title, "row": row.label, "expected": row.template_label},
                    _loc(table, row.key),
                    expected=row.template_label,
                    actual=row.label,
                )

    def _incomplete(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        if unfilled(table):
            return  # an unfilled table is one finding (table.unfilled), not one per row
        if table.layout in REBUILT:
            yield from _once_per_table(table, [r for r in table.rows if r.status in (RowStatus.SHORT, RowStatus.LONG)])
            return
        total = params.get("total_column")
        for row in table.rows:
            if row.status in (RowStatus.SHORT, RowStatus.LONG):
                which = "缺少" if row.status is RowStatus.SHORT else "多出"
                yield Finding(
                    row.span,
                    {"table": table.title, "row": row_name(row), "expected": row.expected_cells, "found": len(row.cells), "which": which},
                    _loc(table, row.key),
                    expected=row.expected_cells,
                    actual=len(row.cells),
                    evidence=_cells_evidence(table, [row]),
                    hint=_split_hint(row, spec, total) if row.status is RowStatus.LONG else None,
                )

    def _glued(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        glued = [row for row in table.rows if row.status is RowStatus.GLUED]
        if not glued:
            return  # no row of run-together digits (most tables)
        total = params.get("total_column")
        keys = [c.key for c in spec.columns]
        if table.layout in REBUILT:
            sure = sum(total in keys and len(list(_sum_splits(r.cells[0].raw, len(keys), keys, total))) == 1 for r in glued)
            yield from _once_per_table(table, glued, f"其中 {sure} 行有唯一满足本行合计的拆分，" if sure else "")
            return
        for row in glued:
            digits = row.cells[0].raw
            splits = list(_sum_splits(digits, len(keys), keys, total)) if total in keys else []  # a table with a 总计
            hint = None
            if len(splits) == 1:
                pairs = "、".join(f"{c.label} {v}" for c, v in zip(spec.columns, splits[0]))
                hint = f"唯一满足本行合计的拆分是：{pairs}（仅供核对，未作为数值使用）"
            yield Finding(
                row.cells[0].span,
                {"table": table.title, "row": row_name(row), "digits": digits, "expected": row.expected_cells},
                _loc(table, row.key),
                actual=digits,
                evidence=(cell_evidence("cell", table, row, row.cells[0]),),
                hint=hint,
            )

    def _subtotal(self, context: CheckContext, table: Table, spec: TableSpec, params: Mapping[str, Any]) -> Iterator[Finding]:
        # The first row of a key wins, as a search from the top; the template's, worked out once for its reports.
        by_key: dict[str, RowSpec] = context.remember_for_template(("rows-by-key", spec.key), lambda: {r.key: r for r in reversed(spec.rows)})
        for row in table.rows:
            row_spec = by_key.get(row.key) if row.key is not None else None
            if row_spec is None or row_spec.data or row.status is not RowStatus.OK:
                continue
            members = _members(spec, row_spec)
            for cell in row.cells:
                parts = [(r.cell(cell.column) if (r := table.row(m)) and cell.column else None) for m in members]
                if cell.value is None or any(p is None or p.value is None for p in parts):
                    continue
                expected = sum(p.value for p in parts)  # type: ignore[union-attr, misc]
                if expected != cell.value:
                    column = next((c.label for c in spec.columns if c.key == cell.column), cell.column)
                    yield Finding(
                        cell.span,
                        {"table": table.title, "row": row_name(row), "column": column, "expected": expected, "found": cell.value},
                        _loc(table, row.key, column=cell.column),
                        expected=expected,
                        actual=cell.value,
                        evidence=(Evidence("left", cell.span, cell.raw, cell.value, table.key, row.key, cell.column, expected),),
                    )


def _once_per_table(table: Table, rows: list[Row], note: str = "") -> Iterator[Finding]:
    """The rows of a table rebuilt from flattened or one-cell-per-line text whose numbers do not
    line up: one cause (the layout lost the cell boundaries), so one finding for the table,
    with every such row's cells as evidence and what to read instead."""
    if not rows:
        return
    first = rows[0]
    counts = sorted({len(r.cells) for r in rows})
    found = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    statuses = {r.status for r in rows}
    which = "缺少" if statuses == {RowStatus.SHORT} else "多出" if statuses == {RowStatus.LONG} else "缺少或多出"
    values = {
        "table": table.title,
        "row": row_name(first) if len(rows) == 1 else f"{row_name(first)} 等 {len(rows)} 行",
        "expected": first.expected_cells,
        "found": found,
        "which": which,
        "digits": first.cells[0].raw if first.cells else "",
    }
    yield Finding(
        first.cells[0].span if first.status is RowStatus.GLUED else first.span,
        values,
        _loc(table, first.key if len(rows) == 1 else None, None if len(rows) == 1 else "rebuilt-rows"),
        expected=first.expected_cells,
        actual=(first.cells[0].raw if first.cells else "") if first.status is RowStatus.GLUED else found,
        evidence=_cells_evidence(table, rows),
        hint=f"{REBUILT[table.layout]}，本表有 {len(rows)} 行的数字对不上列，{note}均未作为数值使用；请改用原始的 HTML、Word 或 PDF 文件检查此表。",
    )


def _cells_evidence(table: Table, rows: list[Row]) -> tuple[Evidence, ...]:
    """The cells of ``rows`` as evidence, the first :data:`MAX_EVIDENCE_CELLS` of them: a pasted
    row of 200,000 numbers named 200,000 related places (1 GB of SARIF); the message counts all."""
    cells = ((row, cell) for row in rows for cell in row.cells)
    return tuple(cell_evidence("cell", table, row, cell) for row, cell in islice(cells, MAX_EVIDENCE_CELLS))


def _pairs(context: CheckContext, table: Table, spec: TableSpec) -> tuple[list[tuple[Row, RowSpec | None]], list[RowSpec]]:
    """:func:`_pair_unknown_with_missing` of one table of the report, worked out once for the
    rules of both its halves (unknown rows and missing rows)."""
    found: tuple[list[tuple[Row, RowSpec | None]], list[RowSpec]] = context.remember(
        ("row-pairs", id(table)), lambda: _pair_unknown_with_missing(table, spec)
    )
    return found


def _pair_unknown_with_missing(table: Table, spec: TableSpec) -> tuple[list[tuple[Row, RowSpec | None]], list[RowSpec]]:
    """Rows no template row fits, each with the missing template row it most likely is.

    A relabelled row is one defect: it shows up once, as an unknown row that names the
    template row it probably stands for, not again as that row missing.  A candidate is named
    only on evidence, never by rank (one stray line would shift every later guess): a label
    like one missing row's and no other's, or a place where exactly one missing row belongs.
    Linear in the rows: the label likeness is computed once per distinct label (a pasted
    block repeats one label thousands of times) and each row's neighbours are read by position.
    """
    present = {row.key for row in table.rows}
    missing = [r for r in spec.data_rows if r.key not in present]
    pairs_at = [(at, row) for at, row in enumerate(table.rows) if row.status is RowStatus.UNMATCHED]
    if not pairs_at:
        return [], missing  # every row matched one of the template's (most tables): nothing to pair
    order = {r.key: i for i, r in enumerate(spec.rows)}
    by_label: dict[str, RowSpec | None] = {}
    guesses = [_by_label(row, missing, by_label) or _by_place(table, spec, order, at, missing) for at, row in pairs_at]
    claimed = Counter(g.key for g in guesses if g is not None)
    pairs = [(row, g if g is not None and claimed[g.key] == 1 else None) for (_, row), g in zip(pairs_at, guesses)]
    named = {g.key for _, g in pairs if g is not None}
    return pairs, [r for r in missing if r.key not in named]


def _by_label(row: Row, missing: list[RowSpec], seen: dict[str, RowSpec | None]) -> RowSpec | None:
    """The missing row whose label is clearly the most like this one's (``seen``: by label, already judged)."""
    if not row.label or not missing:
        return None
    if row.label not in seen:
        key = loose_key(row.label)
        scored = sorted(((SequenceMatcher(None, key, loose_key(m.label)).ratio(), i) for i, m in enumerate(missing)), reverse=True)
        best, index = scored[0]
        clear = best >= HINT_RATIO and (len(scored) == 1 or best - scored[1][0] >= HINT_MARGIN)
        seen[row.label] = missing[index] if clear else None
    return seen[row.label]


def _by_place(table: Table, spec: TableSpec, order: Mapping[str, int], at: int, missing: list[RowSpec]) -> RowSpec | None:
    """The one missing row that belongs between the template rows standing right above and below
    the row at position ``at`` (``order``: each template row's position)."""
    above = table.rows[at - 1] if at else None
    below = table.rows[at + 1] if at + 1 < len(table.rows) else None
    if (above is not None and above.key is None) or (below is not None and below.key is None):
        return None  # unknown rows side by side: no place is certain
    low = order.get(above.key, -1) if above is not None and above.key else -1
    high = order.get(below.key, len(spec.rows)) if below is not None and below.key else len(spec.rows)
    between = [m for m in missing if low < order[m.key] < high]
    return between[0] if len(between) == 1 else None


def _split_hint(row: Row, spec: TableSpec, total: str | None) -> str | None:
    """A number broken over two cells (「1」 「62」 where 162 is due): the one merge of two
    neighbouring cells after which the row's total equals the sum of the others, if only one does."""
    keys = [c.key for c in spec.columns]
    cells = row.cells
    if total not in keys or len(cells) != len(keys) + 1 or any(c.kind is not CellKind.NUMBER or not c.raw.isdigit() for c in cells):
        return None
    target = keys.index(total)
    merges = []
    for i in range(len(cells) - 1):
        values = [int(c.raw) for c in cells[:i]] + [int(cells[i].raw + cells[i + 1].raw)] + [int(c.raw) for c in cells[i + 2 :]]
        if values[target] == sum(values) - values[target]:
            merges.append(i)
    if len(merges) != 1:
        return None
    a, b = cells[merges[0]], cells[merges[0] + 1]
    return f"「{a.raw}」和「{b.raw}」可能是同一个数「{a.raw}{b.raw}」被拆成了两格：合并后本行合计成立（仅供核对，未作为数值使用）"


def _members(spec: TableSpec, head: RowSpec) -> list[str]:
    """The numbered sub-items that follow a category row in the template."""
    index = spec.rows.index(head)
    members = []
    for row in spec.rows[index + 1 :]:
        if not row.label[:1].isdigit():
            break
        members.append(row.key)
    return members


def _sum_splits(digits: str, parts: int, keys: list[str], total: str) -> Iterator[list[int]]:
    """Every way to cut ``digits`` into ``parts`` numbers whose ``total`` equals the sum of the rest."""
    if len(digits) > MAX_GLUED_DIGITS or len(digits) < parts or not digits.isdigit():
        return
    target = keys.index(total)
    for cuts in combinations(range(1, len(digits)), parts - 1):
        pieces = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)))]
        if any(len(p) > 1 and p[0] == "0" for p in pieces):
            continue
        values = [int(p) for p in pieces]
        if values[target] == sum(values) - values[target]:
            yield values


def _loc(table: Table, row: str | None, heading: str | None = None, column: str | None = None) -> Location:
    return Location(section=table.section, table=table.key, row=row, column=column, heading=heading)

