"""``recycled``: a section near-identical to the same section of last year's report (spec §6.5 xy.recycled).

    check: {kind: recycled, section: s5}

Both notices: 「不得出现敷衍了事甚至年年雷同现象」.  Similarity is the Dice coefficient of the two texts'
character 3-grams (whitespace and punctuation dropped), linear in the texts' length, so a long
section costs no more than reading it; the threshold is the configuration's ``recycled_threshold``.
Runs only with last year's report.  The finding is at the section's heading.
Placeholders: ``section``, ``similarity`` (「93%」), ``threshold``, ``previous``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ._text import SECTION_SCHEMA, flow

_NOISE = re.compile(r"[\s\W_]+")
SHINGLE = 3


class RecycledKind:
    name = "recycled"
    placeholders = ("section", "similarity", "threshold", "previous")
    needs_previous = True
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "section"],
        "properties": {"kind": {"const": "recycled"}, "section": SECTION_SCHEMA},
    }

    def prepare(self, params: Mapping[str, Any]) -> str:
        return str(params["section"])

    def run(self, context: CheckContext, key: str) -> Iterable[Finding]:
        last = context.previous
        now = context.report.section(key)
        before = last.section(key) if last is not None else None
        if now is None or before is None or last is None:
            return
        score = similarity(flow(context.report, now).text, flow(last, before).text)
        threshold = context.cycle.recycled_threshold
        if score is None or score < threshold:
            return
        yield Finding(
            now.heading.span,
            {
                "section": now.heading.text,
                "similarity": f"{score:.0%}",
                "threshold": f"{threshold:.0%}",
                "previous": f"{last.year.value}年报告 {last.path}",
            },
            Location(section=key, heading=now.heading.text),
            expected=f"< {threshold:.2f}",
            actual=f"{score:.2f}",
        )


def similarity(a: str, b: str) -> float | None:
    """Dice coefficient of the character 3-gram multisets (0 to 1); None when a text is too short to judge."""
    grams_a, grams_b = _grams(a), _grams(b)
    total = sum(grams_a.values()) + sum(grams_b.values())
    if not grams_a or not grams_b:
        return None
    return 2 * sum((grams_a & grams_b).values()) / total


def _grams(text: str) -> Counter[str]:
    text = _NOISE.sub("", text)
    return Counter(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))
