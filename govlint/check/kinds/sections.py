"""``sections``: the six top-level sections are there, once each, in order, titled as the template says.

    check: {kind: sections, mode: missing | order | duplicate | alias | renamed}
"""

from __future__ import annotations

from typing import Any, Iterable

from ...diagnostics import Evidence, Location
from ...model import LabelMatch, Section
from ..base import CheckContext, Finding, ModeKind

MODES = ("missing", "order", "duplicate", "alias", "renamed")


class SectionsKind(ModeKind):
    name = "sections"
    modes = MODES
    placeholders = {
        "missing": ("section",), "order": ("section",), "duplicate": ("section",),
        "alias": ("section", "expected"), "renamed": ("section", "expected"),
    }

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        specs = {s.key: s for s in context.sections}
        order = list(specs)
        found = context.report.sections
        if mode == "missing":
            present = {s.key for s in found}
            for index, key in enumerate(order):
                if key in present:
                    continue
                later = [s for s in found if s.key in order[index + 1 :]]
                span = later[0].heading.span if later else context.end_span()
                spec = specs[key]
                yield Finding(span, {"section": f"{spec.number}、{spec.title}"}, Location(section=key))
        elif mode == "order":
            last = -1
            for section in found:
                rank = order.index(section.key) if section.key in order else -1
                if rank < last:
                    yield _at(section, {"section": section.heading.text})
                last = max(last, rank)
        elif mode == "duplicate":
            seen: set[str] = set()
            for section in found:
                if section.key in seen:
                    yield _at(section, {"section": section.heading.text})
                seen.add(section.key)
        else:
            wanted = LabelMatch.ALIAS if mode == "alias" else LabelMatch.FUZZY
            for section in found:
                if section.title_match is wanted and section.key in specs:
                    spec = specs[section.key]
                    yield _at(section, {"section": section.heading.text, "expected": f"{spec.number}、{spec.title}"})


def _at(section: Section, values: dict[str, Any]) -> Finding:
    heading = section.heading
    return Finding(
        heading.span,
        values,
        Location(section=section.key, heading=heading.text),
        expected=values.get("expected"),
        actual=heading.text,
        evidence=(Evidence("heading", heading.span, heading.text),),
    )
