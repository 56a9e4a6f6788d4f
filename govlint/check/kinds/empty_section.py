"""``empty_section``: a text section whose heading is followed directly by the next heading.

    check: {kind: empty_section, sections: [s1, s5, s6]}

A section counts as empty when it has no paragraph or sub-heading with any visible character
(the report title, which seeds 000/004 put inside 一, does not count).  A template placeholder
such as 「（文字描述）」 is content here: ``placeholders`` reports it.  Finding at the section
heading; placeholder ``section``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ._text import SECTIONS_SCHEMA, default_sections, section_blocks, sections_of


class EmptySectionKind:
    name = "empty_section"
    placeholders = ("section",)
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {"kind": {"const": "empty_section"}, "sections": SECTIONS_SCHEMA},
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(params.get("sections", ()))  # none: the template's text sections

    def run(self, context: CheckContext, keys: tuple[str, ...]) -> Iterable[Finding]:
        for section in sections_of(context.report, keys or default_sections(context, text_only=True)):
            if any(b.text.strip() for b in section_blocks(context, section)):
                continue
            yield Finding(
                span=section.heading.span,
                values={"section": section.heading.text},
                location=Location(section=section.key, heading=section.heading.text),
            )
