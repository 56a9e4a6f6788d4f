"""``placeholders``: template markers and blanks left in a draft (「（文字描述）」, 「XX」, 「此处填写」).

    check:
      kind: placeholders
      patterns: ['[(（]文字描述[^)）]{0,40}[)）]', '(?<![A-Za-z])(?:[Xx]{2,}|[×╳]{2,})(?![A-Za-z])']

Regexes are searched, after full-width characters are made half-width, in the title, the text
before 一 and the paragraphs and sub-headings of every section (table cells are the table rules').
One finding per occurrence, at its exact line and column.  Placeholders: ``found``, ``section``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Mapping

from ...diagnostics import Location
from ...model import Heading, Paragraph, Report, Span
from ...normalize import halfwidth
from ..base import CheckContext, Finding
from ._text import compile_patterns


class PlaceholdersKind:
    name = "placeholders"
    placeholders = ("found", "section")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "patterns"],
        "properties": {
            "kind": {"const": "placeholders"},
            "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}, "x-refers": "regex"},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> tuple[re.Pattern[str], ...]:
        return compile_patterns(params["patterns"])

    def run(self, context: CheckContext, patterns: tuple[re.Pattern[str], ...]) -> Iterable[Finding]:
        seen: set[tuple[int, int]] = set()
        for key, name, block in _blocks(context.report):
            text = halfwidth(block.text)
            for pattern in patterns:
                for match in pattern.finditer(text):
                    where = (block.span.line, block.span.column + match.start())
                    if where in seen or not match.group(0).strip():
                        continue
                    seen.add(where)
                    found = block.text[match.start() : match.end()]
                    yield Finding(
                        span=Span(where[0], where[1], block.span.column + match.end()),
                        values={"found": found, "section": name},
                        location=Location(section=key, heading=found),
                        actual=found,
                    )


def _blocks(report: Report) -> Iterator[tuple[str | None, str, Heading | Paragraph]]:
    done: set[Any] = set()
    title = report.title.span if report.title is not None else None
    for block in report.preamble:
        if isinstance(block, (Heading, Paragraph)):
            done.add(block.span)
            yield None, "报告标题" if block.span == title else "报告开头", block
    if report.title is not None and report.title.span not in done:
        done.add(report.title.span)
        yield None, "报告标题", report.title
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, (Heading, Paragraph)) and block.span not in done:
                yield section.key, section.heading.text, block
