"""``numbered_headings``: sub-headings numbered like the six top-level sections (「一、加强组织领导」).

    check: {kind: numbered_headings, sections: [s1, s5, s6]}

Inside a section, a sub-heading written 「一、」…「十、」 reads as a new top-level section (seed 003
numbers the parts of 一 as 一、…六、; seed 004 puts 「三、下一步工作建议及打算：」 inside 六).
「（一）」, 「1.」 and the report title (seeds 000/004 put it after 「一、总体情况」) are not flagged.
One finding per heading, at the heading.  Placeholders: ``section``, ``heading``, ``number``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ...diagnostics import Evidence, Location
from ...model import Heading
from ..base import CheckContext, Finding
from ._text import SECTIONS_SCHEMA, default_sections, is_title, sections_of

_TOP = re.compile(r"^[一二三四五六七八九十]+[、.,，．]")


class NumberedHeadingsKind:
    name = "numbered_headings"
    placeholders = ("section", "heading", "number")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {"kind": {"const": "numbered_headings"}, "sections": SECTIONS_SCHEMA},
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(params.get("sections", ()))  # none: the template's text sections

    def run(self, context: CheckContext, keys: tuple[str, ...]) -> Iterable[Finding]:
        for section in sections_of(context.report, keys or default_sections(context, text_only=True)):
            for block in section.blocks:
                if not isinstance(block, Heading) or is_title(context.report, block):
                    continue
                match = _TOP.match(block.number or "") or _TOP.match(block.text.strip())
                if not match:
                    continue
                number = match.group(0)
                yield Finding(
                    span=block.span,
                    values={"section": section.heading.text, "heading": block.text.strip(), "number": number},
                    location=Location(section=section.key, heading=block.text.strip()),
                    evidence=(Evidence("heading", section.heading.span, section.heading.text),),
                    actual=number,
                )
