"""``decimals``: numbers written with the precision their column asks for.

    check: {kind: decimals, from_header: true}            # 「（单位：万元，保留4位小数）」 in the header
    check: {kind: decimals, table: t2_8, column: fee_amount, max: 4}

The national template states no precision for 采购总金额; provincial versions of it do, in the
column header, so the rule honours whatever the report's own header says.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ...model import CellKind, Table
from ...normalize import label_key
from ..base import CheckContext, Finding, cell_evidence, row_name, usable_rows

_STATED = re.compile(r"保留(\d+)位小数")


class DecimalsKind:
    name = "decimals"
    placeholders = ("table", "row", "raw", "expected", "found")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {
            "kind": {"const": "decimals"},
            "from_header": {"type": "boolean"},
            "table": {"type": "string", "x-refers": "table"},
            "column": {"type": "string", "x-refers": "column"},
            "max": {"type": "integer", "minimum": 0},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        if not params.get("from_header") and not ("table" in params and "column" in params and "max" in params):
            raise ValueError("decimals 需要 from_header: true，或同时给出 table、column 和 max")
        return params

    def run(self, context: CheckContext, params: Mapping[str, Any]) -> Iterable[Finding]:
        for table in context.report.tables:
            if params.get("from_header"):
                wanted = {key: (places, "exact") for key, places in _stated(table).items()}
            elif table.key == params["table"]:
                wanted = {params["column"]: (params["max"], "max")}
            else:
                continue
            for row in usable_rows(table):
                for cell in row.cells:
                    if cell.column not in wanted or cell.kind is not CellKind.NUMBER:
                        continue
                    places, how = wanted[cell.column]
                    written = len(cell.raw.split(".", 1)[1]) if "." in cell.raw else 0
                    if written == places if how == "exact" else written <= places:
                        continue
                    yield Finding(
                        cell.span,
                        {"table": table.title, "row": row_name(row), "raw": cell.raw, "expected": places, "found": written},
                        Location(section=table.section, table=table.key, row=row.key, column=cell.column),
                        expected=places,
                        actual=written,
                        evidence=(cell_evidence("cell", table, row, cell),),
                    )


def _stated(table: Table) -> dict[str, int]:
    """Column key → decimal places stated in that column's header text."""
    stated: dict[str, int] = {}
    for line in table.header:
        text = label_key(line.text)
        for match in _STATED.finditer(text):
            before = text[: match.start()]
            nearest = max(table.columns, key=lambda c: before.rfind(label_key(c.label)), default=None)
            if nearest is not None and label_key(nearest.label) in before:
                stated[nearest.key] = int(match.group(1))
    return stated
