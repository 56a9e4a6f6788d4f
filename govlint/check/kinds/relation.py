"""``relation``: an equality or inequality over table cells, for each row or column.

    check:
      kind: relation
      table: t3
      for_each: {col: "*"}            # "*" = every column of the table (or every data row for a row var)
      lists: {disposal: {v2019: [...], v2021: [...]}}
      assert: "t3[r3_7_total][$col] == sum(t3[@disposal][$col])"

The diagnostic points at the first cell of the left side: write totals on the left.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Iterable, Mapping

from ...diagnostics import Evidence, Location
from ..base import CheckContext, Finding, row_name
from ..expr import COMPARATORS, Evaluator, Relation, Used, compile_relation


@dataclass(frozen=True, slots=True)
class Prepared:
    table: str
    relation: Relation
    for_each: tuple[tuple[str, Any], ...]
    lists: Mapping[str, Any]


class RelationKind:
    name = "relation"
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "table", "assert"],
        "properties": {
            "kind": {"const": "relation"},
            "table": {"type": "string"},
            "assert": {"type": "string"},
            "for_each": {
                "type": "object",
                "additionalProperties": {"oneOf": [{"const": "*"}, {"type": "array", "items": {"type": "string"}}, {"type": "string", "pattern": "^@"}]},
            },
            "lists": {
                "type": "object",
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
        return Prepared(params["table"], relation, tuple(params.get("for_each", {}).items()), params.get("lists", {}))

    def run(self, context: CheckContext, prepared: Prepared) -> Iterable[Finding]:
        template = context.template
        if template is None:
            return
        lists = {
            name: value.get(template.id, ()) if isinstance(value, Mapping) else value
            for name, value in prepared.lists.items()
        }
        specs = {t.key: t for t in template.tables}
        evaluator = Evaluator(context.report, specs, lists)
        names = [name for name, _ in prepared.for_each]
        domains = [self._domain(evaluator, prepared, name, spec) for name, spec in prepared.for_each]
        for combo in product(*domains):
            bindings = dict(zip(names, combo))
            finding = self._check(evaluator, prepared.relation, bindings)
            if finding is not None:
                yield finding

    @staticmethod
    def _domain(evaluator: Evaluator, prepared: Prepared, name: str, spec: Any) -> list[str]:
        if isinstance(spec, list):
            return spec
        if spec.startswith("@"):
            return list(evaluator.lists.get(spec[1:], ()))
        table = evaluator.specs.get(prepared.table)
        if table is None:
            return []
        is_row = name.startswith("row")
        return [r.key for r in table.data_rows] if is_row else [c.key for c in table.columns]

    @staticmethod
    def _check(evaluator: Evaluator, relation: Relation, bindings: Mapping[str, str]) -> Finding | None:
        used: list[Used] = []
        left = evaluator.value(relation.left, bindings, "left", used)
        right = evaluator.value(relation.right, bindings, "right", used)
        if left is None or right is None or COMPARATORS[relation.op](left, right):
            return None
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
            },
            location=Location(section=anchor.table.section, table=anchor.table.key, row=anchor.row.key, column=anchor.cell.column),
            expected=expected,
            actual=left,
            evidence=evidence,
        )
