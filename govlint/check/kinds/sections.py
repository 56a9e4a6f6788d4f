"""``sections``: the six top-level sections are there, once each, in order, titled as the template says.

    check: {kind: sections, mode: missing | order | duplicate | alias | renamed | numbering}

``numbering``: the sections are found by their titles, so a report that renumbers them (二…六
written 一…五 when 一 is left out, an ordinal skipped or repeated) still parses; the numbers as
written are compared with the template's (「一、」), and every wrong one is named in one finding, at
the first.  Two ways of numbering mixed (「一、」 and 「二.」) count as wrong too.
Placeholders: ``numbers`` (「一、主动公开政府信息情况（应为二）」…), ``count``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ...diagnostics import Evidence, Location
from ...model import LabelMatch, Section
from ..base import CheckContext, Finding, ModeKind

MODES = ("missing", "order", "duplicate", "alias", "renamed", "numbering")
_NUMERAL = re.compile(r"[一二三四五六七八九十]+")


class SectionsKind(ModeKind):
    name = "sections"
    modes = MODES
    placeholders = {
        "missing": ("section",), "order": ("section",), "duplicate": ("section",),
        "alias": ("section", "expected"), "renamed": ("section", "expected"), "numbering": ("numbers", "count"),
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
        elif mode == "numbering":
            yield from _numbering(found, specs)
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


def _numbering(found: tuple[Section, ...], specs: dict[str, Any]) -> Iterable[Finding]:
    wrong = []
    marks = {section.heading.number[-1:] for section in found if section.heading.number}
    for section in found:
        written = _NUMERAL.match(section.heading.number or "")
        spec = specs.get(section.key)
        if spec is None or written is None:
            continue
        if written.group(0) != spec.number or (len(marks) > 1 and not section.heading.number.endswith("、")):
            wrong.append((section, spec.number))  # a wrong ordinal, or 「二.」 among 「一、」: two ways of numbering
    if wrong:
        first = wrong[0][0]
        numbers = "；".join(f"「{s.heading.text.strip()}」应为「{n}、」" for s, n in wrong)
        finding = _at(first, {"numbers": numbers, "count": len(wrong)})
        yield Finding(
            finding.span,
            finding.values,
            finding.location,
            expected="、".join(n for _, n in wrong),
            actual=first.heading.number,
            evidence=tuple(Evidence("heading", s.heading.span, s.heading.text) for s, _ in wrong),
        )
