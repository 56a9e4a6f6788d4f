"""An example agency rule pack (青禾市, invented): one YAML rule and one new check kind, registered
through govlint's hooks.  Copy it under your own name and id prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from govlint.check.base import CheckContext, Finding, usable_rows
from govlint.diagnostics import Location
from govlint.plugin import hookimpl


class CellMaximumKind:
    """``cell_maximum``: a table cell must not exceed a ceiling the office has set."""

    name = "cell_maximum"
    placeholders = ("value", "max")  # what a rule's message may use: checked when the rule loads
    schema = {  # "x-refers": the keys are checked against the templates when the rule loads
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "table", "row", "column", "max"],
        "properties": {
            "kind": {"const": "cell_maximum"},
            "table": {"type": "string", "x-refers": "table"},
            "row": {"type": "string", "x-refers": "row"},
            "column": {"type": "string", "x-refers": "column"},
            "max": {"type": "integer"},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return params

    def run(self, context: CheckContext, params: Mapping[str, Any]) -> Iterable[Finding]:
        table = context.report.table(params["table"])
        if table is None:
            return
        for row in usable_rows(table):
            cell = row.cell(params["column"]) if row.key == params["row"] else None
            if cell is not None and cell.value is not None and cell.value > params["max"]:
                yield Finding(
                    cell.span,
                    {"value": cell.value, "max": params["max"]},
                    Location(section=table.section, table=table.key, row=row.key, column=cell.column),
                    expected=f"<= {params['max']}",
                    actual=cell.value,
                )


@hookimpl
def govlint_check_kinds() -> list[Any]:
    return [CellMaximumKind()]


@hookimpl
def govlint_rule_paths() -> list[Path]:
    return [Path(__file__).parent / "rules"]
