"""``cells``: every cell of a complete row holds the kind of number its column takes.

    check: {kind: cells, mode: blank | type}

``blank``: empty, 「/」 or words where a number is due; the relations that need the cell are
not judged, and this is the one diagnostic for it.  ``type``: a count that is negative or
has decimals, a signed column with decimals, a negative amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ...diagnostics import Location
from ...model import CellKind
from ..base import CheckContext, Finding, ModeKind, cell_evidence, row_name, usable_rows


class CellsKind(ModeKind):
    name = "cells"
    modes = ("blank", "type")

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        for table in context.report.tables:
            types = {c.key: c for c in table.columns}
            for row in usable_rows(table):
                for cell in row.cells:
                    column = types.get(cell.column or "")
                    if column is None:
                        continue
                    problem = _blank(cell.kind) if mode == "blank" else _type(column.value_type, cell.value)
                    if problem:
                        yield Finding(
                            cell.span,
                            {"table": table.title, "row": row_name(row), "column": column.label, "raw": cell.raw, "problem": problem},
                            Location(section=table.section, table=table.key, row=row.key, column=cell.column),
                            actual=cell.raw,
                            evidence=(cell_evidence("cell", table, row, cell),),
                        )


def _blank(kind: CellKind) -> str:
    return {CellKind.BLANK: "为空", CellKind.TEXT: "不是数字"}.get(kind, "")


def _type(value_type: str, value: int | Decimal | None) -> str:
    if value is None:
        return ""
    if value_type in ("count", "signed") and isinstance(value, Decimal):
        return "应为整数"
    if value_type in ("count", "decimal") and value < 0:
        return "不应为负数"
    return ""
