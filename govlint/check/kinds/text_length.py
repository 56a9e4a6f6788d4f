"""``text_length``: a text section longer than the notice allows (v2021 一: 「篇幅原则上不超过一千字」).

    check: {kind: text_length, section: s1, max_chars: 1000}

Counts the characters of the section's paragraphs and sub-headings, whitespace excluded (the
report title, when a report puts it inside section 一, does not count).  The finding is at the
section heading; message placeholders: ``section``, ``count``, ``max``, ``excess``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ._text import SECTION_SCHEMA, section_blocks

_SPACE = re.compile(r"\s+")


class TextLengthKind:
    name = "text_length"
    placeholders = ("section", "count", "max", "excess")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "section", "max_chars"],
        "properties": {
            "kind": {"const": "text_length"},
            "section": SECTION_SCHEMA,
            "max_chars": {"type": "integer", "minimum": 1},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[str, int]:
        return str(params["section"]), int(params["max_chars"])

    def run(self, context: CheckContext, prepared: tuple[str, int]) -> Iterable[Finding]:
        key, limit = prepared
        section = context.report.section(key)
        if section is None:
            return
        count = sum(len(_SPACE.sub("", b.text)) for b in section_blocks(context, section))
        if count > limit:
            yield Finding(
                span=section.heading.span,
                values={"section": section.heading.text, "count": count, "max": limit, "excess": count - limit},
                location=Location(section=key, heading=section.heading.text),
                expected=f"<= {limit}",
                actual=count,
            )
