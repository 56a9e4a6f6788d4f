"""``mentions``: a text section must speak of certain things (docs/spec.md §2.3).

    check:
      kind: mentions
      section: s1                     # or sections: [s1, s5, s6]: any of them may mention it
      groups:
        - {name: 主动公开, any: [主动公开]}
        - {name: 依申请公开, any: [依申请公开, 政府信息公开申请]}

Each group is satisfied by any one of its keywords (plain text, or regexes with ``regex: true``),
searched in the paragraphs and sub-headings with whitespace and character width ignored.  One
finding per section, at its heading, naming every unsatisfied group (「主动公开」「监督保障」).  A section with no text, or
only the template's 「（文字描述）」, is left to ``empty_section`` and ``placeholders``.
Placeholders: ``section``, ``group``, ``keywords``.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, Iterable, Mapping, NamedTuple

from ...diagnostics import Location
from ...model import Section
from ...normalize import halfwidth
from ..base import CheckContext, Finding
from ._text import (
    SECTION_SCHEMA,
    SECTIONS_SCHEMA,
    only_placeholders,
    section_blocks,
    section_flow,
    sections_of,
)

_SPACE = re.compile(r"\s+")


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Group(NamedTuple):
    name: str
    keywords: tuple[str, ...]
    literals: tuple[str, ...] = ()  # plain keywords as searched (without whitespace, half-width)
    pattern: re.Pattern[str] | None = None  # the keywords as regexes (``regex: true``)

    def found_in(self, text: str) -> bool:
        """Plain keywords are looked for as substrings: one regex of their alternatives was tried
        at every character of the section, and took most of the rule's time."""
        if self.pattern is not None:
            return self.pattern.search(text) is not None
        return any(word in text for word in self.literals)


class MentionsKind:
    name = "mentions"
    placeholders = ("section", "group", "keywords")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "groups"],
        "oneOf": [{"required": ["section"]}, {"required": ["sections"]}],
        "properties": {
            "kind": {"const": "mentions"},
            "section": SECTION_SCHEMA,
            "sections": SECTIONS_SCHEMA,
            "regex": {"type": "boolean"},
            "groups": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "any"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "any": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                    },
                },
            },
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Group, ...]]:
        keys = tuple(params.get("sections") or [params["section"]])
        groups = []
        for group in params["groups"]:
            words = tuple(group["any"])
            if not params.get("regex"):
                literals = tuple(_SPACE.sub("", halfwidth(w)) for w in words)
                if "" in literals:  # found in every text: the group could never be missing
                    raise ValueError(
                        f"关键词组「{group['name']}」有只含空白的关键词，任何文字都算提到，规则永远不会报告 / "
                        f"keyword group {group['name']!r} has a keyword of whitespace only: every text mentions it"
                    )
                groups.append(Group(group["name"], words, literals))
                continue
            try:
                pattern = re.compile("|".join(f"(?:{w})" for w in words))
            except re.error as error:
                raise ValueError(f"关键词「{group['name']}」的正则表达式无效：{error}") from None
            groups.append(Group(group["name"], words, pattern=pattern))
        return keys, tuple(groups)

    def run(self, context: CheckContext, prepared: tuple[tuple[str, ...], tuple[Group, ...]]) -> Iterable[Finding]:
        keys, groups = prepared
        sections = list(sections_of(context.report, keys))
        if not sections:
            return
        texts: list[tuple[bool, str]] = [context.remember(("mentions-text", id(s)), partial(_searched_text, context, s)) for s in sections]
        if all(empty for empty, _ in texts):
            return  # empty sections, or a template not filled in: other rules say so
        text = "".join(text for _, text in texts)
        anchor = sections[0]
        missing = [group for group in groups if not group.found_in(text)]
        if missing:  # one finding for the section, naming every missing part
            names = "」「".join(g.name for g in missing)
            yield Finding(
                span=anchor.heading.span,
                values={"section": anchor.heading.text, "group": names, "keywords": "、".join(k for g in missing for k in g.keywords[:3])},
                location=Location(section=anchor.key, heading="mentions"),
                expected=names,
            )


def _searched_text(context: CheckContext, section: Section) -> tuple[bool, str]:
    """Whether the section holds nothing but the template's placeholders, and its text without
    whitespace, half-width: made once for every rule that reads the section, from its flow (the
    same blocks made half-width, joined by line breaks or nothing: the same text once whitespace
    is gone), not by making the whole section half-width again.  ``str.split`` cuts at what
    ``\\s`` matches, four times as fast as the regex."""
    text = "".join(section_flow(context, section).text.split())
    # Without 「文字描述」 there is no template marker: the section holds nothing but markers only
    # when it holds nothing at all (the markers' search tried every character of every block).
    return only_placeholders(section_blocks(context, section)) if "文字描述" in text else not text, text
