"""``not_run``: the rules that could not judge this report, and why, in one finding.

    check: {kind: not_run}

A rule that needs the agency (「人民政府」 reports only) when the title names none, or a rule of
one template when the template could not be decided, would otherwise be skipped in silence.
The finding is at the title (or line 1).  Placeholders: ``reasons`` (「未能…：GL203、GL…」), ``count``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ...model import Span
from ..base import CheckContext, Finding

SHOWN = 8  # rule ids named per reason; the rest are counted


class NotRunKind:
    name = "not_run"
    placeholders = ("reasons", "count")
    schema = {"type": "object", "additionalProperties": False, "required": ["kind"], "properties": {"kind": {"const": "not_run"}}}

    def prepare(self, params: Mapping[str, Any]) -> None:
        return None

    def run(self, context: CheckContext, prepared: None) -> Iterable[Finding]:
        if not context.not_run:
            return
        by_reason: dict[str, list[str]] = {}
        for rule, reason in context.not_run:
            by_reason.setdefault(reason, []).append(rule)
        parts = []
        for reason, rules in by_reason.items():
            more = f" 等 {len(rules)} 条" if len(rules) > SHOWN else ""
            parts.append(f"{reason}，{'、'.join(rules[:SHOWN])}{more}未运行")
        title = context.report.title
        yield Finding(
            title.span if title is not None else Span(1, 1, 1),
            {"reasons": "；".join(parts), "count": len(context.not_run)},
            Location(heading="not-run"),
            actual="、".join(rule for rule, _ in context.not_run),
        )
