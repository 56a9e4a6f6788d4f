"""``placeholders``: template markers and blanks left in a draft (「（文字描述）」, 「XX」, 「此处填写」).

    check:
      kind: placeholders
      patterns: ['[(（]文字描述[^)）]{0,40}[)）]', '(?<![A-Za-z])(?:[Xx]{2,}|[×╳]{2,})(?![A-Za-z])']

Regexes are searched, after full-width characters are made half-width, in the title, the text
before 一 and the paragraphs and sub-headings of every section (table cells are the table rules').
One finding per placeholder text and line, at its first occurrence's exact line and column;
the same text repeated on the line is counted in that finding (a line of 200,000 「（文字描述）」
is one finding, not 200,000 whose outputs take gigabytes).  A line with more than
:data:`MAX_PER_LINE` different texts lists the first ones and says, in the last finding, exactly
how many occurrences were not listed.  Placeholders: ``found``, ``section``, ``repeats`` (empty
for a single occurrence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

from ...diagnostics import Location
from ...model import Heading, Paragraph, Report, Span
from ...normalize import halfwidth
from ..base import CheckContext, Finding
from ..needles import holds_one, needles
from ._text import compile_patterns, report_flows

MAX_PER_LINE = 50  # different placeholder texts listed one by one on one line; a template line has one or two


class PlaceholdersKind:
    name = "placeholders"
    placeholders = ("found", "section", "repeats")
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
        # A pattern none of whose needles the whole report holds is in none of its lines: looked for once.
        prose = _prose(context)  # joined once for every pattern, not once for each
        wanted = [(pattern, strings) for pattern in patterns if holds_one(strings := needles(pattern), prose)]
        if not wanted:
            return
        blocks = list(_blocks(context.report))
        texts = [halfwidth(block.text) for _, _, block in blocks]
        for (key, name, block), text in zip(blocks, texts):
            occurrences = _occurrences(text, wanted)
            if not occurrences:
                continue
            listed = list(occurrences.values())[:MAX_PER_LINE]
            unlisted = sum(o.count for o in list(occurrences.values())[MAX_PER_LINE:])
            for index, occurrence in enumerate(listed):
                start, end = occurrence.first
                found = block.text[start:end]
                repeats = f"（本行共出现 {occurrence.count} 次，此处为第一次）" if occurrence.count > 1 else ""
                if unlisted and index == len(listed) - 1:
                    repeats += f"（本行另有 {unlisted} 处其他占位符未逐一列出）"
                yield Finding(
                    span=Span(block.span.line, block.span.column + start, block.span.column + end),
                    values={"found": found, "section": name, "repeats": repeats},
                    location=Location(section=key, heading=found),
                    actual=found,
                )


@dataclass
class _Occurrence:
    """One placeholder text on one line: where it first is and how many times it is there."""

    first: tuple[int, int]
    count: int = field(default=1)


def _occurrences(text: str, patterns: list[tuple[re.Pattern[str], tuple[str, ...] | None]]) -> dict[str, _Occurrence]:
    """Every placeholder in ``text`` (each start once, whichever pattern finds it first), by its text,
    in order of first occurrence.  Each pattern comes with its needles (:func:`needles`)."""
    seen: set[int] = set()
    found: dict[str, _Occurrence] = {}
    for pattern, pattern_needles in patterns:
        if not holds_one(pattern_needles, text):
            continue
        for match in pattern.finditer(text):
            if match.start() in seen or not match.group(0).strip():
                continue
            seen.add(match.start())
            if match.group(0) in found:
                found[match.group(0)].count += 1
            else:
                found[match.group(0)] = _Occurrence((match.start(), match.end()))
    return dict(sorted(found.items(), key=lambda item: item[1].first))


def _prose(context: CheckContext) -> str:
    """Every text :func:`_blocks` gives, half-width, within one string: the title and the flows of
    the preamble and of each section, which other rules build anyway (a block's half-width text
    is part of its flow), rather than each block made half-width again."""
    title = [halfwidth(context.report.title.text)] if context.report.title is not None else []
    return "\n".join([*title, *(f.text for f in report_flows(context))])


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
