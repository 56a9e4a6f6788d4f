"""Shared helpers of the text kinds: a section's prose as one searchable string, with positions.

Reports pasted from web pages hard-wrap lines mid-sentence (seed 000: 「其中，予以公开1393件；部」 /
「分公开5件」), so the paragraphs of a section are joined back into a *flow*: a paragraph that does
not end a sentence runs on into the next one (no separator); real paragraph breaks become ``\\n``.
Full-width characters are made half-width (same length), and every offset in the flow maps back
to the exact line and column of the original file.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Iterator, Sequence

from ...diagnostics import Evidence
from ...model import Heading, Paragraph, Report, Section, Span
from ...normalize import MAX_DIGITS, halfwidth
from ..base import CheckContext
from ..evaluate import Evaluator, Used, number_grid
from ..expr import Term
from ..expr import compile_term as _compile_term
from ..needles import prepared
from ._numerals import arabic_counts, has_counts

# Section keys a rule names are checked against its templates when it loads (govlint.check.validate).
SECTION_SCHEMA = {"type": "string", "minLength": 1, "x-refers": "section"}
SECTIONS_SCHEMA = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}, "x-refers": "section"}
_SENTENCE_END = tuple("。；;！!？?：:")
_LIST_START = re.compile(r"^(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+[是、.．])")


def is_title(report: Report, block: Heading | Paragraph) -> bool:
    """The report's own title, which some reports put inside section 一 (seeds 000, 004)."""
    return isinstance(block, Heading) and report.title is not None and block.span == report.title.span


def text_blocks(report: Report, section: Section) -> list[Heading | Paragraph]:
    """The section's paragraphs and sub-headings in order, without tables and the report title
    (:func:`is_title`, its span looked up once for the section, not for each block)."""
    title = report.title.span if report.title is not None else None
    return [b for b in section.blocks if isinstance(b, Paragraph) or (isinstance(b, Heading) and b.span != title)]


_MARKER = re.compile(r"[(（]\s*文字描述[^)）]{0,60}[)）]|\s+")


def only_placeholders(blocks: Iterable[Heading | Paragraph]) -> bool:
    """True when the blocks hold nothing but the template's 「（文字描述）」 markers (or nothing)."""
    return not any(_MARKER.sub("", halfwidth(b.text)) for b in blocks)


def default_sections(context: CheckContext, text_only: bool = False) -> tuple[str, ...]:
    """The sections a rule that names none reads: those of the report's template (of every loaded
    template when it is unknown), in order; ``text_only``: those without a table (一、五、六).
    Worked out once per report."""
    found: tuple[str, ...] = context.remember(("default-sections", text_only), lambda: _default_sections(context, text_only))
    return found


def _default_sections(context: CheckContext, text_only: bool) -> tuple[str, ...]:
    templates = [context.template] if context.template else context.templates
    keys: dict[str, None] = {}
    for template in templates:
        tabled = {table.section for table in template.tables}
        keys.update((s.key, None) for s in template.sections if not (text_only and s.key in tabled))
    return tuple(keys)


def sections_of(report: Report, keys: Iterable[str]) -> Iterator[Section]:
    for key in keys:
        section = report.section(key)
        if section is not None:
            yield section


@dataclass(frozen=True)
class Flow:
    """A section's text as one string (half-width), and where each character came from."""

    section: str
    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each block starts
    blocks: tuple[Heading | Paragraph, ...]
    origins: tuple[tuple[int, ...] | None, ...] = ()  # per block, when numerals were rewritten: new offset → written offset

    def span(self, start: int, end: int) -> Span:
        index = max(bisect_right(self.starts, start) - 1, 0)
        block = self.blocks[index]
        local, local_end = start - self.starts[index], end - self.starts[index]
        origin = self.origins[index] if self.origins else None
        if origin is not None:
            local, local_end = origin[min(local, len(origin) - 1)], origin[min(local_end - 1, len(origin) - 1)] + 1
        column = block.span.column + local
        return Span(block.span.line, column, block.span.column + min(local_end, len(block.text)))

    def block_texts(self) -> Iterator[str]:
        """Each block's text as this flow holds it, cut from the flow rather than made half-width
        again: as long as written (half-width keeps lengths).  Only of a flow whose numerals were
        not rewritten: a rewritten block has another length."""
        if self.origins:
            raise ValueError("block_texts: a flow with rewritten numerals")
        text = self.text
        for start, block in zip(self.starts, self.blocks):
            yield text[start : start + len(block.text)]

    def sentence_start(self, offset: int) -> int:
        """Offset just after the last sentence end or paragraph break before ``offset``.

        Found by bisection in boundaries listed once: searching the prefix back for each match
        was quadratic on a long report (7.6 MB took 8 s)."""
        return _after_last(self._sentence_cuts, offset)

    def paragraph_start(self, offset: int) -> int:
        return _after_last(self._paragraph_cuts, offset)

    @cached_property
    def _sentence_cuts(self) -> list[int]:
        return [m.start() for m in _SENTENCE_CUT.finditer(self.text)]

    @cached_property
    def _paragraph_cuts(self) -> list[int]:
        return [m.start() for m in _PARAGRAPH_CUT.finditer(self.text)]


_SENTENCE_CUT = re.compile("[" + re.escape("".join(_SENTENCE_END)) + "\n]")
_PARAGRAPH_CUT = re.compile("\n")


def _after_last(cuts: list[int], offset: int) -> int:
    """Just after the last of the sorted ``cuts`` before ``offset``; 0 when there is none."""
    index = bisect_left(cuts, offset)
    return cuts[index - 1] + 1 if index else 0


def flow(report: Report, section: Section, *, numerals: bool = False) -> Flow:
    """``numerals``: counts in Chinese numerals read as digits (「十件」 → 「10件」), positions kept."""
    return make_flow(section.key, text_blocks(report, section), numerals=numerals)


def section_flow(context: CheckContext, section: Section, *, numerals: bool = False) -> Flow:
    """The flow of a section of the report under check, built once for every rule that reads it
    (by the section itself, not its key: a report may repeat a section)."""
    built: Flow = context.remember(
        ("flow", id(section), numerals), lambda: _counted(context, section) if numerals else flow(context.report, section)
    )
    return built


def _counted(context: CheckContext, section: Section) -> Flow:
    """The flow with counts in Chinese numerals read as digits: the section's plain flow itself
    when no block holds such a count (most sections), not the same flow built a second time."""
    plain = section_flow(context, section)
    if any(has_counts(text) for text in plain.block_texts()):
        return flow(context.report, section, numerals=True)
    return plain


def section_blocks(context: CheckContext, section: Section) -> tuple[Heading | Paragraph, ...]:
    """:func:`text_blocks` of a section of the report under check: its flow's, picked out once
    for every rule that reads the section (the flow is built anyway)."""
    return section_flow(context, section).blocks


def section_flows(context: CheckContext, keys: tuple[str, ...], *, numerals: bool = False) -> tuple[Flow, ...]:
    """The flows of the sections ``keys`` names that the report has, in order: looked up once per
    report for the many rules that read the same sections, not section by section for each."""
    flows: tuple[Flow, ...] = context.remember(
        ("flows", keys, numerals), lambda: tuple(section_flow(context, s, numerals=numerals) for s in sections_of(context.report, keys))
    )
    return flows


def flows_text(context: CheckContext, keys: tuple[str, ...], *, numerals: bool = False) -> str:
    """The text of every flow of :func:`section_flows` in one string: a needle it does not hold
    is in none of them, so a rule whose patterns' needles are nowhere in the report is done after
    one search each, not one per section (most rules find nothing in most reports)."""
    text: str = context.remember(
        ("flows-text", keys, numerals), lambda: "\n".join(f.text for f in section_flows(context, keys, numerals=numerals))
    )
    return text


def report_flows(context: CheckContext) -> list[Flow]:
    """The flows of the preamble and of every section of the report under check, in order, each
    built once for every rule that reads it."""
    report = context.report
    return [context.remember("preamble-flow", lambda: preamble_flow(report)), *(section_flow(context, s) for s in report.sections)]


def preamble_flow(report: Report) -> Flow:
    """The text before 「一、总体情况」 (the title excluded)."""
    blocks = [b for b in report.preamble if isinstance(b, (Heading, Paragraph)) and not is_title(report, b)]
    return make_flow("", blocks)


def make_flow(key: str, blocks: Sequence[Heading | Paragraph], *, numerals: bool = False) -> Flow:
    parts: list[str] = []
    starts: list[int] = []
    origins: list[tuple[int, ...] | None] = []
    length = 0
    previous: Heading | Paragraph | None = None
    for block in blocks:
        text = halfwidth(block.text)
        runs_on = (
            isinstance(previous, Paragraph)
            and isinstance(block, Paragraph)
            and not previous.text.rstrip().endswith(_SENTENCE_END)
            and not _LIST_START.match(text)
        )
        if previous is not None and not runs_on:
            parts.append("\n")
            length += 1
        starts.append(length)
        origin = None
        if numerals:
            text, origin = arabic_counts(text)
        origins.append(origin)
        parts.append(text)
        length += len(text)
        previous = block
    return Flow(key, "".join(parts), tuple(starts), tuple(blocks), tuple(origins) if any(origins) else ())


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def names_other_year(text: str, year: object) -> bool:
    """The text names a year other than the report's: its numbers are not this report's tables."""
    return isinstance(year, int) and any(int(y) != year for y in _YEAR.findall(text))


def compile_term(text: str) -> Term:
    """A bare sum of cells (「t3[r1_new][total] + t3[r2_carried][total]」), compiled once."""
    try:
        return _compile_term(text)
    except ValueError as error:
        raise ValueError(f"表达式无效：{text}（{error}）") from None


def evaluator(context: CheckContext) -> Evaluator | None:
    """Sums of cells of the report's template, its row groups standing for ``@name``: one
    evaluator for every rule of the report, its terms compiled once for every report of the template."""
    template = context.template
    if template is None:
        return None
    grid = context.remember("grid", lambda: number_grid(context.report))
    shared: Evaluator = context.remember(
        "evaluator",
        lambda: Evaluator({t.key: t for t in template.tables}, template.group_rows(), grid, context.remember_for_template("terms", dict)),
    )
    return shared


def evaluate(ev: Evaluator, term: Term) -> tuple[int | None, list[Used]]:
    used: list[Used] = []
    value = ev.value(term, {}, "cell", used)
    return value, used  # type: ignore[return-value]


def compile_patterns(patterns: str | Sequence[str], groups: Sequence[str] = ()) -> tuple[re.Pattern[str], ...]:
    """Regexes of a rule, checked for the named groups the kind needs."""
    compiled = []
    for text in [patterns] if isinstance(patterns, str) else patterns:
        try:
            pattern = re.compile(text)
        except re.error as error:
            raise ValueError(f"正则表达式无效：{text}（{error}）") from None
        missing = [g for g in groups if g not in pattern.groupindex]
        if missing:
            raise ValueError(f"正则表达式缺少命名分组 {'、'.join(missing)}：{text}")
        prepared(pattern)
        compiled.append(pattern)
    return tuple(compiled)


def all_values(ev: Evaluator, terms: Sequence[Term]) -> tuple[list[int] | None, list[Used]]:
    """Every term's value, or None when any one cannot be computed (then nothing is judged)."""
    values: list[int] = []
    used: list[Used] = []
    for term in terms:
        value, cells = evaluate(ev, term)
        if value is None:
            return None, []
        values.append(value)
        used.extend(cells)
    return values, used


def parse_count(text: str) -> int | None:
    """「1785」, 「1,785」 → 1785; anything else (「²」, a run of digits no count has) → None."""
    digits = re.sub(r"[\s,，]", "", text)
    return int(digits) if digits.isdecimal() and len(digits) <= MAX_DIGITS else None


def _decimal(value: int | Fraction) -> Decimal:
    """A count, or a term's exact quotient (a rule may divide), as a decimal."""
    return Decimal(value) if isinstance(value, int) else Decimal(value.numerator) / Decimal(value.denominator)


def percent_candidates(numerator: int | Fraction, denominators: Sequence[int | Fraction], written: Decimal) -> list[Decimal] | None:
    """None when ``written`` % is 100·n/d for some d, rounded or truncated to its own decimals;
    else each candidate rate rounded to those decimals (the first is the expected one)."""
    unit = Decimal(1).scaleb(written.as_tuple().exponent)  # type: ignore[arg-type]
    exact = [_decimal(numerator) * 100 / _decimal(d) for d in denominators]
    if any(-unit / 2 <= value - written < unit for value in exact):
        return None
    return [value.quantize(unit, rounding=ROUND_HALF_UP) for value in exact]


def cells_evidence(used: Sequence[Used]) -> tuple[Evidence, ...]:
    seen: set[Span] = set()
    out: list[Evidence] = []
    for u in used:
        if u.cell.span not in seen:
            seen.add(u.cell.span)
            out.append(Evidence("cell", u.cell.span, u.cell.raw, u.cell.value, u.table.key, u.row.key, u.cell.column))
    return tuple(out)
