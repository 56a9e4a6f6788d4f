"""``relation``: an equality or inequality over table cells, for each row or column.

    check:
      kind: relation
      table: t3
      for_each: {col: "*"}            # "*" = every column of the table (or every data row for a row var)
      lists: {disposal: {v2019: [...], v2021: [...]}}
      assert: "t3[r3_7_total][$col] == sum(t3[@disposal][$col])"

The diagnostic points at the first cell of the left side: write totals on the left.
Placeholders: ``left``, ``right`` (each side's value, scaled as written: ``* 10`` included),
``left_cells``, ``right_cells`` (the numbers the user sees in those cells, 「4」 or 「3+5」),
``op``, ``table``, ``row``, ``column``, ``difference``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any, Iterable, Mapping

from ...diagnostics import Evidence, Location
from ...templates import TableSpec, Template
from ..base import CheckContext, Finding, row_name
from ..expr import (
    COMPARATORS,
    Evaluator,
    Fast,
    Relation,
    Used,
    compile_fast,
    compile_relation,
    number_grid,
    star_axis,
)


@dataclass(frozen=True, slots=True)
class Prepared:
    table: str
    relation: Relation
    for_each: tuple[tuple[str, Any], ...]
    lists: Mapping[str, Any]
    plans: dict[str, Plan] = field(default_factory=dict, compare=False)  # per template id, built once


@dataclass(frozen=True, slots=True)
class Plan:
    """What a relation needs of one template: its lists resolved and every binding to try."""

    specs: Mapping[str, TableSpec]
    lists: Mapping[str, Any]
    bindings: tuple[Mapping[str, str], ...]
    left: Fast
    right: Fast


class RelationKind:
    name = "relation"
    placeholders = ("left", "right", "left_cells", "right_cells", "op", "difference", "table", "row", "column")
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "table", "assert"],
        "properties": {
            "kind": {"const": "relation"},
            "table": {"type": "string", "x-refers": "table"},
            "assert": {"type": "string", "x-refers": "relation"},
            "for_each": {
                "type": "object",
                "x-refers": "for_each",
                "additionalProperties": {"oneOf": [{"const": "*"}, {"type": "array", "items": {"type": "string"}}, {"type": "string", "pattern": "^@"}]},
            },
            "lists": {
                "type": "object",
                "x-refers": "lists",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "array", "items": {"type": "string"}},
                        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                    ]
                },
            },
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Prepared:
        relation = compile_relation(params["assert"])
        if not relation.names_cells():
            raise ValueError(f"关系式没有引用任何单元格 / the relation names no cell: {relation.text}")
        return Prepared(params["table"], relation, tuple(params.get("for_each", {}).items()), params.get("lists", {}))

    def run(self, context: CheckContext, prepared: Prepared) -> Iterable[Finding]:
        template = context.template
        if template is None:
            return
        plan = prepared.plans.get(template.id)
        if plan is None:
            plan = prepared.plans[template.id] = self._plan(prepared, template)
        grid = context.remember("grid", lambda: number_grid(context.report))
        holds = COMPARATORS[prepared.relation.op]
        for bindings in plan.bindings:
            left, right = plan.left(grid, bindings), plan.right(grid, bindings)
            if left is None or right is None or holds(left, right):
                continue  # holds, or not judged: a missing input is reported by the row and cell rules
            evaluator = Evaluator(context.report, plan.specs, plan.lists, grid)
            finding = self._finding(evaluator, prepared.relation, bindings, left, right)
            if finding is not None:
                yield finding

    @staticmethod
    def _plan(prepared: Prepared, template: Template) -> Plan:
        lists = {
            name: value.get(template.id, ()) if isinstance(value, Mapping) else value
            for name, value in prepared.lists.items()
        }
        specs = {t.key: t for t in template.tables}
        table = specs.get(prepared.table)
        domains = []
        for name, spec in prepared.for_each:
            if isinstance(spec, list):
                domains.append(spec)
            elif spec.startswith("@"):
                domains.append(list(lists.get(spec[1:], ())))
            elif table is None:
                domains.append([])
            else:  # "*": variables named row… range over data rows, others over columns
                domains.append([r.key for r in table.data_rows] if star_axis(name) == "rows" else [c.key for c in table.columns])
        names = [name for name, _ in prepared.for_each]
        bindings = tuple(dict(zip(names, combo)) for combo in product(*domains))
        relation = prepared.relation
        return Plan(specs, lists, bindings, compile_fast(relation.left, specs, lists), compile_fast(relation.right, specs, lists))

    @staticmethod
    def _finding(evaluator: Evaluator, relation: Relation, bindings: Mapping[str, str], left: Any, right: Any) -> Finding | None:
        used: list[Used] = []  # evaluate again, this time keeping the evidence
        evaluator.value(relation.left, bindings, "left", used)
        evaluator.value(relation.right, bindings, "right", used)
        if not used:
            return None  # only empty sums took part: there is no cell to point at
        anchor = used[0]
        column = next((c for c in anchor.table.columns if c.key == anchor.cell.column), None)
        evidence = tuple(
            Evidence(u.side, u.cell.span, u.cell.raw, u.cell.value, u.table.key, u.row.key, u.cell.column) for u in used
        )
        expected: Any = right if relation.op == "==" else f"{relation.op} {right}"
        return Finding(
            span=anchor.cell.span,
            values={
                "left": left,
                "right": right,
                "op": relation.op,
                "table": anchor.table.title,
                "row": row_name(anchor.row),
                "column": column.label if column else anchor.cell.column,
                "difference": left - right,
                "left_cells": _cells(used, "left"),
                "right_cells": _cells(used, "right"),
            },
            location=Location(section=anchor.table.section, table=anchor.table.key, row=anchor.row.key, column=anchor.cell.column),
            expected=expected,
            actual=left,
            evidence=evidence,
        )


def _cells(used: list[Used], side: str) -> str:
    """The numbers of one side as written in the report, so a message never shows a scaled value."""
    return "+".join(u.cell.raw for u in used if u.side == side)
