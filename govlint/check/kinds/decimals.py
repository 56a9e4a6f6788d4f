"""``decimals``: numbers written with the precision their column asks for.

    check: {kind: decimals, from_header: true}            # 「（单位：万元，保留4位小数）」 in the header
    check: {kind: decimals, table: t2_8, column: fee_amount, max: 4}

The national template states no precision for 采购总金额; provincial versions of it do, in the
column header, so the rule honours whatever the report's own header says.  A unit written after
the number (「5243.7000万元」) is not decimals.  With ``max``, an amount written in 元
(「365200元」) in a column the template counts in 万元 is reported too.  Placeholders: ``raw``,
``found``, ``expected``, ``problem`` (what is wrong, in words).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ...model import CellKind, Table
from ...normalize import label_key
from ..base import CheckContext, Finding, cell_evidence, row_name, usable_rows

_STATED = re.compile(r"保留(\d+)位小数")
_UNIT = re.compile(r"[^\d.]+$")


class DecimalsKind:
    name = "decimals"
    placeholders = ("table", "row", "raw", "expected", "found", "problem")
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
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
            if not wanted:
                continue  # no column of this table states its decimals (most tables): no cell to read
            for row in usable_rows(table):
                for cell in row.cells:
                    if cell.column not in wanted or cell.kind is not CellKind.NUMBER:
                        continue
                    places, how = wanted[cell.column]
                    number = _UNIT.sub("", cell.raw)
                    written = len(number.split(".", 1)[1]) if "." in number else 0
                    in_yuan = how == "max" and cell.raw.endswith("元") and not cell.raw.endswith("万元")
                    if not in_yuan and (written == places if how == "exact" else written <= places):
                        continue
                    problem = "写的单位是「元」" if in_yuan else f"有 {written} 位小数"
                    yield Finding(
                        cell.span,
                        {"table": table.title, "row": row_name(row), "raw": cell.raw, "expected": places, "found": written, "problem": problem},
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
            nearest = max(table.columns, key=lambda c: before.rfind(_core(c.label)), default=None)
            if nearest is not None and _core(nearest.label) in before:
                stated[nearest.key] = int(match.group(1))
    return stated


def _core(label: str) -> str:
    """A column label without its bracketed note: the report may rewrite 「（单位：万元）」 as
    「（单位：万元，保留2位小数）」, which must still name the column."""
    return label_key(label).split("(", 1)[0]
