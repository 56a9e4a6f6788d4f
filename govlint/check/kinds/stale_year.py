"""``stale_year``: a sentence of this report that opens with an earlier year (spec §6.5 xy.stale_year).

    check: {kind: stale_year, sections: [s1, s6], back: 3}

A report copied forward keeps last year's 「2023年，我局……」 or 「2023年，无收取信息处理费情况」.  A
sentence that *opens* with a year before the report's (「Y年，」「Y年度，」「Y年以来，」), up to ``back``
years before it, in the given sections is reported; a year mentioned inside a sentence (「较2023年增长」)
is not, nor a later year (「2025年，我们将……」 in 五 is a plan).  One finding per sentence, at the year.
Nothing is said when the report's year is unknown.  Placeholders: ``found``, ``expected``, ``sentence``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ._text import SECTIONS_SCHEMA, section_flow, sections_of

_OPENING = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?(?:以来)?[，,]")
MAX_SENTENCE = 60


class StaleYearKind:
    name = "stale_year"
    placeholders = ("found", "expected", "sentence")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "sections"],
        "properties": {
            "kind": {"const": "stale_year"},
            "sections": SECTIONS_SCHEMA,
            "back": {"type": "integer", "minimum": 1, "maximum": 10},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[tuple[str, ...], int]:
        return tuple(params["sections"]), int(params.get("back", 3))

    def run(self, context: CheckContext, prepared: tuple[tuple[str, ...], int]) -> Iterable[Finding]:
        keys, back = prepared
        year = context.report.year.value
        if not isinstance(year, int):
            return
        for section in sections_of(context.report, keys):
            text = section_flow(context, section)
            for match in _OPENING.finditer(text.text):
                found = int(match.group(1))
                start = text.sentence_start(match.start())
                if not year - back <= found < year or text.text[start : match.start()].strip(" （(一二三四五六七八九十)）、.0123456789"):
                    continue  # a later year, an old one, or a year inside the sentence
                end = min((i for c in "。；\n" if (i := text.text.find(c, match.end())) >= 0), default=len(text.text))
                yield Finding(
                    text.span(match.start(1), match.end(1)),
                    {"found": found, "expected": year, "sentence": text.text[start : min(end + 1, start + MAX_SENTENCE)]},
                    Location(section=section.key, heading=section.heading.text),
                    expected=year,
                    actual=found,
                )
