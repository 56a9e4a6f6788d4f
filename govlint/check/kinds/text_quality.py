"""``text_quality``: slips a proof-reader catches, in the prose of every section.

    check: {kind: text_quality, mode: ordinals | doubled | brackets | cut_off}

Read in the text sections (一、五、六), where the prose is; tables and their labels are the table
rules'.  Hard-wrapped lines are joined back first, so a bracket or a sentence is judged whole.

``ordinals``: sub-headings numbered （一）（二）… or 1. 2. … that skip or repeat a number (a
「1.」 list starts again under each 「（N）」); one finding per wrong heading.  ``doubled``: a word
of two to four characters written twice in a row (「资金资金」); reduplications of one character
(「年年」「层层」) are words.  ``brackets``: a paragraph whose （）《》【】“” do not pair up.
``cut_off``: the last paragraph of a section ends in the middle of a sentence (no 。！？；： or
closing bracket) and is long enough to be a sentence.  Low severity: wording, not numbers.
Placeholders: ``section``, ``found``, ``expected``, ``text``.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ...diagnostics import Location
from ...model import Heading, Paragraph, Section, Span
from ..base import CheckContext, Finding, ModeKind
from ._numerals import chinese_number
from ._text import Flow, default_sections, section_blocks, section_flow, sections_of

_PAREN = re.compile(r"^\s*[(（]([一二三四五六七八九十]+)[)）]")
_ARABIC = re.compile(r"^\s*(\d{1,2})[.、．]")
_NUMBERED = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")  # what _PAREN or _ARABIC matches: one try per block
# A whole run of repeats is one match: 「\1\1*」 is 「\1+」, but tries the first repeat without
# entering a repeat (which the regex engine sets up anew at each try): twice as fast.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1(?:\1)*")
_PAIRS = (("(", ")"), ("《", "》"), ("【", "】"), ("“", "”"))  # the flow is half-width: （） are ()
_BRACKET_OR_BREAK = re.compile("[" + re.escape("".join(o + c for o, c in _PAIRS)) + "\n]")
_NOT_BRACKET = re.compile("[^" + re.escape("".join(o + c for o, c in _PAIRS)) + "\n]+")
_SIDE_BY_SIDE = tuple(o + c for o, c in _PAIRS)  # 「()」: a pair with no bracket between
MAX_PAIRING_ROUNDS = 8  # levels of nesting :func:`_all_paired` takes apart; deeper paragraphs are walked
_ENDS = tuple("。！？!?；;：:）)」》”…") + ("......",)
MIN_CUT = 20  # characters: a shorter last line is a signature or a date, not a sentence


class TextQualityKind(ModeKind):
    name = "text_quality"
    modes = ("ordinals", "doubled", "brackets", "cut_off")
    placeholders = ("section", "found", "expected", "text")

    def run(self, context: CheckContext, mode: str) -> Iterable[Finding]:
        for section in sections_of(context.report, default_sections(context, text_only=True)):
            if mode == "ordinals":
                blocks = section_blocks(context, section)
                yield from _ordinals(section, [b for b in blocks if _NUMBERED.match(b.text)])
                continue
            text_flow = section_flow(context, section)
            yield from _in_flow(section, text_flow, mode)


def _in_flow(section: Section, text_flow: Flow, mode: str) -> Iterator[Finding]:
    """Each paragraph of the flow (its ``\\n``-separated parts) judged: a doubled word never spans
    a break (the pattern takes Chinese characters only), so it is searched in the whole text at
    once; only the last paragraph can be cut off; a flow without brackets has none unpaired."""
    text = text_flow.text
    if mode == "doubled":
        for match in _DOUBLED.finditer(text):
            if len(set(match.group(1))) == 1:
                continue  # 「数数」「年年年年」: one character repeated, not a word written twice
            yield _at(section, text_flow, match.start(), match.end(), match.group(0), match.group(1))
    elif mode == "brackets":
        if _all_paired(text):
            return  # most flows: no paragraph to walk bracket by bracket
        for brackets in _paragraph_brackets(text):
            problem = _first_unpaired(brackets)
            if problem is not None:
                yield _at(section, text_flow, problem[0], problem[0] + 1, text[problem[0]], problem[1])
    else:
        offset = text.rfind("\n") + 1
        last = text[offset:].rstrip()
        if len(last) >= MIN_CUT and not last.endswith(_ENDS) and not _PAREN.match(last) and not _ARABIC.match(last):
            yield _at(section, text_flow, offset + len(last) - 1, offset + len(last), last[-8:], "。")


def _at(section: Section, text_flow: Flow, start: int, end: int, found: str, expected: str) -> Finding:
    return Finding(
        text_flow.span(start, end),
        {"section": section.heading.text.strip(), "found": found, "expected": expected, "text": found},
        Location(section=section.key, heading=found),
        expected=expected,
        actual=found,
    )


def _ordinals(section: Section, blocks: list[Heading | Paragraph]) -> Iterator[Finding]:
    last_paren, last_arabic = 0, 0
    for block in blocks:
        paren, arabic = _PAREN.match(block.text), _ARABIC.match(block.text)
        if paren:
            number, previous = chinese_number(paren.group(1)), last_paren
            last_paren, last_arabic = number or last_paren, 0
        elif arabic:
            number, previous = int(arabic.group(1)), last_arabic
            last_arabic = number
        else:
            continue
        if number is not None and number != previous + 1:
            written = (paren or arabic).group(0).strip()  # type: ignore[union-attr]
            expected = f"（{_CN[previous + 1]}）" if paren and previous + 1 < len(_CN) else str(previous + 1)
            yield _finding(section, block, 0, len(written), written, expected)


_CN = ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def _paragraph_brackets(text: str) -> Iterator[list[tuple[int, str]]]:
    """The brackets of each paragraph of ``text`` (its ``\\n``-separated parts) that has any, each
    with its offset in ``text``: found by one search of the whole flow, not one per paragraph."""
    brackets: list[tuple[int, str]] = []
    for match in _BRACKET_OR_BREAK.finditer(text):
        char = match.group()
        if char != "\n":
            brackets.append((match.start(), char))
        elif brackets:
            yield brackets
            brackets = []
    if brackets:
        yield brackets


def _all_paired(text: str) -> bool:
    """True when every paragraph's brackets of each kind pair up (False: maybe not; walk them).

    Each paragraph is cut to its brackets, and pairs that stand side by side (「()」「《》」) are
    taken out, at C speed, until none is left: then every bracket had its partner of its kind
    after it.  Only :data:`MAX_PAIRING_ROUNDS` rounds, one per level of nesting, so a paragraph
    of deep brackets stays linear: it is walked as before."""
    for brackets in _NOT_BRACKET.sub("", text).split("\n"):
        for _ in range(MAX_PAIRING_ROUNDS):
            if not brackets:
                break
            fewer = brackets
            for pair in _SIDE_BY_SIDE:
                fewer = fewer.replace(pair, "")
            if len(fewer) == len(brackets):
                return False
            brackets = fewer
        if brackets:
            return False
    return True


def _first_unpaired(brackets: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(offset of the first bracket of a paragraph that does not pair up, the bracket it lacks),
    or None, given the paragraph's brackets (offset, bracket) in order.

    Only the brackets themselves are walked, not every character, and only for the kinds of
    bracket the paragraph uses (most paragraphs use one kind, or none)."""
    used = {char for _, char in brackets}
    for opening, closing in _PAIRS:
        if opening not in used and closing not in used:
            continue
        depth, first_open = 0, -1
        for index, char in brackets:
            if char == opening:
                first_open = index if depth == 0 else first_open
                depth += 1
            elif char == closing:
                if depth == 0:
                    return index, opening
                depth -= 1
        if depth > 0:
            return first_open, closing
    return None


def _finding(section: Section, block: Heading | Paragraph, start: int, end: int, found: str, expected: str) -> Finding:
    span = block.span
    return Finding(
        Span(span.line, span.column + start, span.column + end),
        {"section": section.heading.text.strip(), "found": found, "expected": expected, "text": block.text.strip()[:40]},
        Location(section=section.key, heading=found),
        expected=expected,
        actual=found,
    )
