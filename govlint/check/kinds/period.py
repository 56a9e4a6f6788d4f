"""``period``: the statistics period written in the text is not the report's year (docs/spec.md §6.8).

    check:
      kind: period
      pattern: '统计(?:期限|时限|期间)[^。\\d]{0,4}(?P<year>\\d{4})年1月1日(?:起)?(?:至|到|-|—)(?:(?P<year2>\\d{4})年)?12月31日'

Every named group whose name starts with ``year`` is a year; a period whose years differ from the
report's year (as the parser decided it) is one finding, at the first wrong year, naming them all.  Searched in
the text before 一 and in the paragraphs of every section (full-width digits made half-width).
Nothing is said when the report's year is unknown.  Placeholders: ``found``, ``expected``, ``text``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ._text import compile_patterns, report_flows


class PeriodKind:
    name = "period"
    placeholders = ("found", "expected", "text")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "pattern"],
        "properties": {"kind": {"const": "period"}, "pattern": {"type": "string", "minLength": 1, "x-refers": "regex"}},
    }

    def prepare(self, params: Mapping[str, Any]) -> re.Pattern[str]:
        (pattern,) = compile_patterns(params["pattern"])
        if not any(name.startswith("year") for name in pattern.groupindex):
            raise ValueError(f"正则表达式缺少以 year 开头的命名分组：{params['pattern']}")
        return pattern

    def run(self, context: CheckContext, pattern: re.Pattern[str]) -> Iterable[Finding]:
        report = context.report
        year = report.year.value
        if not isinstance(year, int):
            return
        for text_flow in report_flows(context):
            for match in pattern.finditer(text_flow.text):
                if "\n" in match.group(0):
                    continue
                phrase = match.group(0)
                names = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
                wrong = [n for n in names if n.startswith("year") and match.group(n) and int(match.group(n)) != year]
                if not wrong:
                    continue
                found = list(dict.fromkeys(int(match.group(n)) for n in wrong))
                yield Finding(
                    span=text_flow.span(match.start(wrong[0]), match.end(wrong[0])),
                    values={"found": "、".join(map(str, found)), "expected": year, "text": phrase},
                    location=Location(section=text_flow.section or None, heading=phrase),
                    expected=year,
                    actual=found[0],
                )
