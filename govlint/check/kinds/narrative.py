"""``narrative``: a number written in the text must match the tables (docs/spec.md §6.6).

    check:
      kind: narrative
      sections: [s1]                                   # default: every section's prose (tables aside)
      pattern: '收到[^。；，,\\n\\d]{0,12}?政府信息公开申请(?P<n>\\d+)\\s*件'   # or a list of regexes
      equals_any: ['t3[r1_new][total]', 't3[r1_new][total] + t3[r2_carried][total]']   # or sum(t3[@other][total]): a row group
      context: {pattern: 申请, window: 100}             # must appear shortly before (window 0: same sentence)
      skip_if: 其中|本级                                # not judged when the sentence so far says this

or, for a percentage, ``percent: {denominators: [...], numerator: <expr>}`` with a group ``p``
(and ``n`` when there is no ``numerator``): p must equal 100·n/denominator for one of the
denominators, written rounded or truncated to its own number of decimals.

Counts in Chinese numerals are read as digits (「予以公开十件」, 「百分之六十」).  The scope of a
sentence is decided before its number is compared: a figure of other bodies (「全市行政复议机关共
办理」, 「法院」) or about a conversion (「依申请公开向主动公开转化」) is not this agency's table, and
is not judged.  (「全市」 alone is: a 人民政府's report and its tables cover the whole region, seed
000.)  Rules exclude sub-items with ``skip_if`` (「因涉及第三方合法权益不予公开1件」).

Conservative by design: a match is not judged when any alternative cannot be computed (cells
missing or not numbers), when the sentence names a year other than the report's, or when
``skip_if`` matches.  The finding is at the written number.  Placeholders: ``found``,
``expected``, ``v1``… (each alternative), ``values``, ``text``; for percentages also
``numerator`` and ``denominator``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ..evaluate import Evaluator, Used
from ..expr import Term
from ..needles import holds_one, needles
from ._text import (
    SECTIONS_SCHEMA,
    Flow,
    all_values,
    cells_evidence,
    compile_patterns,
    compile_term,
    default_sections,
    evaluate,
    evaluator,
    flows_text,
    names_other_year,
    parse_count,
    percent_candidates,
    section_flows,
)

# A sentence about other bodies' figures, or about a conversion: not this agency's table.
_OTHER_SCOPE = re.compile(r"复议机关|法院|转化|转为主动")
_EXPRS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Prepared(NamedTuple):
    sections: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    alternatives: tuple[Term, ...]
    denominators: tuple[Term, ...]
    numerator: Term | None
    context: re.Pattern[str] | None
    window: int
    skip_if: re.Pattern[str] | None


class NarrativeKind:
    name = "narrative"
    placeholders = ("found", "expected", "values", "text", "v*", "numerator", "denominator")
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "pattern"],
        "oneOf": [{"required": ["equals_any"]}, {"required": ["percent"]}],
        "properties": {
            "kind": {"const": "narrative"},
            "sections": SECTIONS_SCHEMA,
            "pattern": {"oneOf": [{"type": "string", "minLength": 1}, _EXPRS], "x-refers": "regex"},
            "equals_any": {**_EXPRS, "x-refers": "term"},
            "percent": {
                "type": "object",
                "additionalProperties": False,
                "required": ["denominators"],
                "properties": {"denominators": {**_EXPRS, "x-refers": "term"}, "numerator": {"type": "string", "minLength": 1, "x-refers": "term"}},
            },
            "context": {
                "type": "object",
                "additionalProperties": False,
                "required": ["pattern"],
                "properties": {"pattern": {"type": "string", "x-refers": "regex"}, "window": {"type": "integer", "minimum": 0}},
            },
            "skip_if": {"type": "string", "minLength": 1, "x-refers": "regex"},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Prepared:
        percent = params.get("percent")
        numerator = compile_term(percent["numerator"]) if percent and "numerator" in percent else None
        groups = ("p",) if numerator else ("n", "p") if percent else ("n",)
        context = params.get("context")
        return Prepared(
            sections=tuple(params.get("sections", ())),  # none: every section of the template
            patterns=compile_patterns(params["pattern"], groups),
            alternatives=tuple(compile_term(t) for t in params.get("equals_any", ())),
            denominators=tuple(compile_term(t) for t in percent["denominators"]) if percent else (),
            numerator=numerator,
            context=compile_patterns(context["pattern"])[0] if context else None,
            window=int(context.get("window", 0)) if context else 0,
            skip_if=compile_patterns(params["skip_if"])[0] if "skip_if" in params else None,
        )

    def run(self, context: CheckContext, prepared: Prepared) -> Iterable[Finding]:
        if context.template is None:
            return  # no tables to compare with
        keys = prepared.sections or default_sections(context)
        whole = flows_text(context, keys, numerals=True)
        wanted = [(pattern, strings) for pattern in prepared.patterns if holds_one(strings := needles(pattern), whole)]
        if not wanted:
            return  # the text holds no sentence the rule reads (most rules, most reports)
        ev = evaluator(context)
        assert ev is not None  # a report with a template has one
        year = context.report.year.value
        for text_flow in section_flows(context, keys, numerals=True):
            for pattern, pattern_needles in wanted:
                if not holds_one(pattern_needles, text_flow.text):
                    continue
                for match in pattern.finditer(text_flow.text):
                    if self._judged(text_flow, match, prepared, year):
                        finding = self._check(ev, text_flow, match, prepared)
                        if finding is not None:
                            yield finding

    @staticmethod
    def _judged(text_flow: Flow, match: re.Match[str], prepared: Prepared, year: Any) -> bool:
        text = text_flow.text
        if "\n" in match.group(0):
            return False
        start = text_flow.sentence_start(match.start())
        before = text[start : match.start()]
        if prepared.skip_if and prepared.skip_if.search(before):
            return False
        if _OTHER_SCOPE.search(before + match.group(0)):
            return False  # not this agency's table
        if names_other_year(before + match.group(0), year):
            return False
        if prepared.context is not None:
            if prepared.window:
                start = max(match.start() - prepared.window, text_flow.paragraph_start(match.start()))
            if not prepared.context.search(text[start : match.end()]):
                return False
        return True

    @staticmethod
    def _check(ev: Evaluator, text_flow: Flow, match: re.Match[str], prepared: Prepared) -> Finding | None:
        written = parse_count(match.group("n")) if "n" in match.re.groupindex and match.group("n") else None
        extra: dict[str, Any] = {}
        values: Sequence[int | Decimal] | None
        if prepared.denominators:  # the percentage p is judged, at p
            group, used = "p", list[Used]()
            numerator: int | None = written
            if prepared.numerator is not None:
                numerator, used = evaluate(ev, prepared.numerator)
            denominators, more = all_values(ev, prepared.denominators)
            if numerator is None or denominators is None or 0 in denominators or not match.group("p"):
                return None
            found: Any = Decimal(match.group("p"))
            values = percent_candidates(numerator, denominators, found)
            used += more
            extra = {"numerator": numerator, "denominator": denominators[0], "found": match.group("p")}
        else:  # the count n must equal one of the alternatives
            group, found = "n", written
            values, used = all_values(ev, prepared.alternatives)
            if found is None or values is None or found in values:
                return None
        if values is None:
            return None
        phrase = re.sub(r"\s+", "", match.group(0))
        names = {f"v{i}": v for i, v in enumerate(values, start=1)}
        return Finding(
            span=text_flow.span(match.start(group), match.end(group)),
            values={"found": found, "expected": values[0], "values": "、".join(map(str, values)), "text": phrase, **names, **extra},
            location=Location(section=text_flow.section, heading=phrase),
            expected=values[0],
            actual=found,
            evidence=cells_evidence(used),
        )
