"""The check's per-report shortcuts give exactly what the plain way gives.

Each shortcut skips work when it can tell the answer is the same (a flow of Chinese-numeral
counts that has none, a paragraph without a count word, a section's searched text taken from
its flow, a doubled word searched in the whole flow by a pattern that enters no repeat to fail,
a line's label keys worked out once per text, a grid built with its keys made once): each is
compared here with the plain way, written out as it was, on generated input.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.api import Linter
from govlint.check.base import CheckContext, type_problem, unfilled, usable_rows
from govlint.check.evaluate import number_grid
from govlint.check.rules import FORMATTER, render_message
from govlint.check.kinds import mentions, placeholders, relation, text_quality
from govlint.check.kinds._numerals import _COUNT, has_counts
from govlint.check.kinds._text import Flow, make_flow, only_placeholders, section_flow
from govlint.check.kinds.cells import CellsKind
from govlint.check.kinds.cells import _shown as cells_shown
from govlint.check.kinds.table_labels import _cells
from govlint.check.kinds.text_quality import _DOUBLED, MAX_PAIRING_ROUNDS, _all_paired, _at, _first_unpaired, _paragraph_brackets
from govlint.model import CellKind, Decision, Heading, LabelMatch, Paragraph, Report, RowStatus, Section, Span
from govlint.normalize import halfwidth, label_key
from govlint.testing import build_report, render

# Chinese numerals and what makes them a count (件, 百分之), what stops one (第), sentence ends,
# list marks, brackets, full-width characters, and words that can be written twice.
_PROSE = st.sampled_from(["一", "二", "十", "百", "点", "五", "第", "件", "条", "起", "百分之", "。", "；", "\n", "（", "）", "(", ")",
                          "《", "》", "“", "”", "【", "】", "１", "2", " ", "　", "公开", "申请", "（一）", "1.", "政府", "信息", "年"])
_TEXTS = st.lists(_PROSE, max_size=14).map("".join).filter(lambda t: "\n" not in t)


def _blocks(texts: list[tuple[bool, str]]) -> tuple[Heading | Paragraph, ...]:
    return tuple(Heading(t, Span(n, 1, len(t) + 1)) if heading else Paragraph(t, Span(n, 1, len(t) + 1)) for n, (heading, t) in enumerate(texts, 2))


def _context(blocks: tuple[Heading | Paragraph, ...]) -> tuple[CheckContext, Section]:
    section = Section("s1", Heading("一、总体情况", Span(1, 1, 7)), LabelMatch.EXACT, blocks)
    report = Report("r.md", None, None, Decision(2023), Decision(None), (), (section,), line_count=len(blocks) + 1)
    return CheckContext(report, None), section


_SECTIONS = st.lists(st.tuples(st.booleans(), _TEXTS), max_size=6)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(texts=_SECTIONS)
def test_a_flow_of_numeral_counts_is_the_one_built_for_them(texts: list[tuple[bool, str]]) -> None:
    """With no count in Chinese numerals in any block, the plain flow stands for it; with one
    (a block of its own or run on from the one before), the flow is built with the counts read."""
    blocks = _blocks(texts)
    context, section = _context(blocks)
    assert section_flow(context, section, numerals=True) == make_flow("s1", blocks, numerals=True)
    assert section_flow(context, section) == make_flow("s1", blocks)


def _in_flow_by_paragraph(section: Section, text_flow: Flow, mode: str) -> Iterator[object]:
    """text_quality's modes judged paragraph by paragraph, as before the shortcuts."""
    offset = 0
    paragraphs = text_flow.text.split("\n")
    for index, paragraph in enumerate(paragraphs):
        if mode == "doubled":
            for match in _DOUBLED.finditer(paragraph):
                if len(set(match.group(1))) == 1:
                    continue
                yield _at(section, text_flow, offset + match.start(), offset + match.end(), match.group(0), match.group(1))
        elif mode == "brackets":
            problem = _unpaired_every_kind(paragraph)
            if problem is not None:
                yield _at(section, text_flow, offset + problem[0], offset + problem[0] + 1, paragraph[problem[0]], problem[1])
        elif index == len(paragraphs) - 1:
            text = paragraph.rstrip()
            if len(text) >= text_quality.MIN_CUT and not text.endswith(text_quality._ENDS) and not text_quality._PAREN.match(text) and not text_quality._ARABIC.match(text):
                yield _at(section, text_flow, offset + len(text) - 1, offset + len(text), text[-8:], "。")
        offset += len(paragraph) + 1


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(["一", "十", "百", "千", "万", "两", "点", "第", "件", "条", "宗", "起", "百分", "之", "分之", " ", "\n", "公开", "。"]),
                     max_size=12).map("".join))
def test_a_text_without_a_count_word_is_not_searched_and_the_answer_is_the_same(text: str) -> None:
    """:func:`has_counts` looks for a count word first: it says what the search says."""
    assert has_counts(text) is (_COUNT.search(text) is not None)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(texts=st.lists(st.tuples(st.booleans(), st.lists(_PROSE | st.sampled_from(["\t", "\u3000", "（文字描述）", "ａ", "Ｂ", "\u2003", "\xa0", "\x1f", "\u200b", "\u2028"]), max_size=10).map("".join)),
                      max_size=6))
def test_a_sections_searched_text_is_made_from_its_flow_as_from_its_blocks(texts: list[tuple[bool, str]]) -> None:
    """mentions searches the section's flow without whitespace: the text its blocks, joined and
    made half-width, gave without whitespace."""
    blocks = _blocks(texts)
    context, section = _context(blocks)
    plain = only_placeholders(blocks), re.sub(r"\s+", "", halfwidth("\n".join(b.text for b in blocks)))
    assert mentions._searched_text(context, section) == plain


@settings(max_examples=600, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(["公", "开", "公开", "信息", "年", "年年", "工作", "资金", "数", "a", "1", " ", "\n", "。"]), max_size=16).map("".join))
def test_doubled_words_are_the_matches_of_the_pattern_as_first_written(text: str) -> None:
    """``_DOUBLED`` spells 「\\1+」 as 「\\1(?:\\1)*」: the same matches, spans and words."""
    written = re.compile(r"([\u4e00-\u9fff]{2,4})\1+")
    assert [(m.span(), m.group(1)) for m in _DOUBLED.finditer(text)] == [(m.span(), m.group(1)) for m in written.finditer(text)]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(texts=_SECTIONS, mode=st.sampled_from(["doubled", "brackets", "cut_off"]))
def test_text_quality_finds_what_it_found_paragraph_by_paragraph(texts: list[tuple[bool, str]], mode: str) -> None:
    blocks = _blocks(texts)
    context, section = _context(blocks)
    text_flow = section_flow(context, section)
    assert list(text_quality._in_flow(section, text_flow, mode)) == list(_in_flow_by_paragraph(section, text_flow, mode))


def test_doubled_words_and_brackets_are_found_in_every_paragraph() -> None:
    """The whole-flow searches still see each paragraph: a doubled word in the second, an
    unpaired bracket in the last (and none when the flow has no bracket at all)."""
    blocks = _blocks([(False, "第一段。"), (False, "公开公开了信息。"), (False, "已经（办理。")])
    context, section = _context(blocks)
    text_flow = section_flow(context, section)
    assert [f.actual for f in text_quality._in_flow(section, text_flow, "doubled")] == ["公开公开"]
    assert [(f.span, f.expected) for f in text_quality._in_flow(section, text_flow, "brackets")] == [(Span(4, 3, 4), ")")]
    assert list(_paragraph_brackets("没有括号。\n")) == []


def _unpaired_every_kind(text: str) -> tuple[int, str] | None:
    """text_quality's bracket check over every kind of bracket and every character, with a stack."""
    for opening, closing in text_quality._PAIRS:
        opened: list[int] = []
        for index, char in enumerate(text):
            if char == opening:
                opened.append(index)
            elif char == closing and not opened:
                return index, opening
            elif char == closing:
                opened.pop()
        if opened:
            return opened[0], closing
    return None


@settings(max_examples=500, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(["(", ")", "《", "》", "【", "】", "“", "”", "字"]), max_size=12).map("".join))
def test_brackets_walked_only_for_the_kinds_used_give_the_same_answer(text: str) -> None:
    brackets = [(index, char) for index, char in enumerate(text) if any(char in pair for pair in text_quality._PAIRS)]
    assert _first_unpaired(brackets) == _unpaired_every_kind(text)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(["(", ")", "《", "》", "【", "】", "“", "”", "字", "\n"]), max_size=2 * MAX_PAIRING_ROUNDS).map("".join))
def test_brackets_taken_out_pair_by_pair_say_what_the_walk_says(text: str) -> None:
    """:func:`_all_paired` (pairs side by side taken out) is true exactly when no paragraph has an
    unpaired bracket, for paragraphs nested no deeper than it takes apart."""
    assert _all_paired(text) is all(_first_unpaired(brackets) is None for brackets in _paragraph_brackets(text))


def test_brackets_nested_deeper_than_the_rounds_are_walked() -> None:
    """Too deep to take apart: not called paired, so the walk decides (and finds them paired)."""
    deep = "(" * (MAX_PAIRING_ROUNDS + 1) + ")" * (MAX_PAIRING_ROUNDS + 1)
    assert not _all_paired(deep)
    assert all(_first_unpaired(brackets) is None for brackets in _paragraph_brackets(deep))
    assert _all_paired("(" * MAX_PAIRING_ROUNDS + ")" * MAX_PAIRING_ROUNDS + "\n《》")


def _cells_as_split(text: str) -> list[str]:
    separator = next((s for s in ("\t", "|", "  ", " ") if s in text), None)
    parts = text.split(separator) if separator else [text]
    return [label_key(part) for part in parts if part.strip()]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(["申请", "件数", "\t", "|", " ", "  ", "　", "（一）", "1.", "总计"]), max_size=10).map("".join))
def test_label_keys_of_a_line_are_its_cells_keys(text: str) -> None:
    span = Span(3, 1, 2)
    assert list(_cells(text, span)) == [(span, key) for key in _cells_as_split(text)]
    assert list(_cells(text, span)) == list(_cells(text, span))  # the second time from the cache, the same


def _grid_as_before(report: Report) -> dict[tuple[str, str, str], object]:
    grid: dict[tuple[str, str, str], object] = {}
    for table in report.tables:
        if table.key is None:
            continue
        types = {c.key: c.value_type for c in table.columns}
        for row in table.rows:
            if row.key is None or row.status is not RowStatus.OK:
                continue
            for cell in row.cells:
                value = cell.value
                if cell.kind is not CellKind.NUMBER or value is None or cell.column is None:
                    continue
                plain = type(value) is int and value >= 0 and not cell.raw.endswith("元")
                if plain or not type_problem(types.get(cell.column, "count"), cell):
                    grid.setdefault((table.key, row.key, cell.column), (table, row, cell))
    return grid


_LINTER = Linter()
_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 50), at=st.integers(0, 10**6), written=st.sampled_from(["-3", "1.5", "7元", "0", "12"]))
def test_the_grid_is_the_one_built_cell_by_cell(seed: int, at: int, written: str) -> None:
    """A table row repeated, its first copy with a number of the wrong type (negative, decimal,
    an amount in a count column) or not: the grid holds what the plain way kept (the first usable one)."""
    text = render(build_report("v2021", seed=seed), "pipes")
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("|") and _NUMBER.search(line)]
    i = rows[at % len(rows)]
    lines.insert(i, _NUMBER.sub(written, lines[i], count=1))
    report = _LINTER.parse(_LINTER.read_bytes("\n".join(lines).encode(), "r.md"))
    assert number_grid(report) == _grid_as_before(report)
    assert number_grid(report, "prev.") == {("prev." + k[0], *k[1:]): v for k, v in _grid_as_before(report).items()}


def _cells_as_before(report: Report, mode: str) -> Iterator[object]:
    """The cells kind reading every cell of every usable row, once per mode, as before the shortcut."""
    kind = CellsKind()
    for table in report.tables:
        if mode == "blank" and unfilled(table):
            continue
        types = {c.key: c for c in table.columns}
        for row in usable_rows(table):
            if mode == "blank":
                yield from kind._blanks(table, row, types, [c for c in row.cells if c.column in types and c.kind is not CellKind.NUMBER])
                continue
            for cell in row.cells:
                value = cell.value
                if cell.kind is not CellKind.NUMBER or (type(value) is int and value >= 0 and not cell.raw.endswith("元")):
                    continue
                column = types.get(cell.column or "")
                problem = type_problem(column.value_type, cell) if column else ""
                if problem and column:
                    yield kind._finding(table, row, cell, f"「{column.label}」列", problem, cells_shown(cell.raw))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 50), changes=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["-3", "1.5", "7元", "/", "无", "—", "12"])), max_size=6))
def test_cells_read_once_for_both_modes_find_what_each_mode_found(seed: int, changes: list[tuple[int, str]]) -> None:
    """Blanks, words, negative counts, decimals and amounts written anywhere in the tables: each
    mode finds what it found reading every cell itself."""
    lines = render(build_report("v2021", seed=seed), "pipes").split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("|") and _NUMBER.search(line)]
    for at, written in changes:
        i = rows[at % len(rows)]
        numbers = list(_NUMBER.finditer(lines[i]))
        chosen = numbers[at % len(numbers)] if numbers else None
        if chosen is not None:
            lines[i] = lines[i][: chosen.start()] + written + lines[i][chosen.end() :]
    report = _LINTER.parse(_LINTER.read_bytes("\n".join(lines).encode(), "r.md"))
    context = CheckContext(report, _LINTER.templates[0])
    for mode in ("blank", "type"):
        assert list(CellsKind().run(context, mode)) == list(_cells_as_before(report, mode))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from([" ", "\u3000", "(", "（", ")", "）", "一", "十", "二", "1", "12", "123", ".", "、", "．", "公开"]), max_size=8).map("".join))
def test_a_numbered_heading_is_one_either_numbering_pattern_matches(text: str) -> None:
    """text_quality picks the numbered blocks with one pattern: those either pattern it reads them with matches."""
    numbered = text_quality._PAREN.match(text) or text_quality._ARABIC.match(text)
    assert (text_quality._NUMBERED.match(text) is not None) is (numbered is not None)


_FIELDS = st.sampled_from(["{a}", "{b!r}", "{c:>6}", "{a!s:^9}", "{missing}", "{{", "}}", "「", "行", " "])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    message=st.lists(_FIELDS, max_size=8).map("".join),
    values=st.fixed_dictionaries({"a": st.sampled_from(["甲", "x" * 300, 7, Decimal("1.50")]), "b": st.sampled_from(["乙", 3]), "c": st.sampled_from([12, "丙"])}),
)
def test_a_message_is_rendered_as_the_safe_formatter_renders_it(message: str, values: dict[str, object]) -> None:
    """render_message fills a message's plain fields itself: what ``vformat`` through the safe
    formatter gives (quotes shortened, a missing value shown as 「?」)."""
    rule = SimpleNamespace(message=message)
    assert render_message(rule, values) == FORMATTER.vformat(message, (), values)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 50), template=st.sampled_from(["v2019", "v2021"]), title_inside=st.booleans(),
       extra=st.sampled_from(["", "（文字描述）", "XX公司", "此处填写"]))
def test_placeholders_look_for_needles_in_text_that_holds_every_blocks(seed: int, template: str, title_inside: bool, extra: str) -> None:
    """placeholders looks for its needles once, in the report's flows: each block it reads, made
    half-width, is in that text (the title too, inside section 一 or not), so a needle found in a
    block is found there."""
    text = render(build_report(template, seed=seed), "pipes")
    lines = text.split("\n")
    lines.insert(3 if title_inside else 1, f"本机关{extra}认真落实。")
    if title_inside:
        lines.insert(4, lines[0])  # the title again inside section 一, as some reports have it
    report = _LINTER.parse(_LINTER.read_bytes("\n".join(lines).encode(), "r.md"))
    context = CheckContext(report, _LINTER.checker.templates.get(str(report.template.value)), templates=_LINTER.checker._template_list)
    prose = placeholders._prose(context)
    for _, _, block in placeholders._blocks(report):
        assert halfwidth(block.text) in prose


_RELATIONS = [rule for rule in _LINTER._loaded().rules if rule.check["kind"] == "relation"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    template=st.sampled_from(["v2019", "v2021"]), seed=st.integers(0, 50), at=st.integers(0, 10**6),
    written=st.sampled_from(["-3", "1.5", "2.25", "7元", "0", "12", "/", "１２"]),
)
def test_a_relation_summed_over_its_cells_is_what_its_compiled_sides_give(template: str, seed: int, at: int, written: str) -> None:
    """A relation whose sides only add and take away cells is summed over their keys, worked out
    once per template: the same value, of the same type (int, or Fraction when a decimal takes
    part), or None, as the compiled sides give on a report with one number rewritten."""
    text = render(build_report(template, seed=seed), "pipes")
    numbers = list(_NUMBER.finditer(text))
    number = numbers[at % len(numbers)]
    report = _LINTER.parse(_LINTER.read_bytes((text[: number.start()] + written + text[number.end() :]).encode(), "r.md"))
    grid = {**number_grid(report), **number_grid(report, "prev.")}
    spec = _LINTER._loaded().templates[template]
    summed = 0
    for rule in _RELATIONS:
        prepared = _LINTER._loaded()._prepared[rule.id]
        plan = relation.RelationKind.plan(prepared, spec)
        for check in plan.checks:
            if check.summed is None:
                assert "*" in rule.check["assert"] or "/" in rule.check["assert"]  # a constant factor: evaluated
                continue
            for index, bindings in enumerate(plan.bindings):
                for cells, side in zip(check.summed[index], (check.left, check.right)):
                    found, expected = relation._summed(grid, cells), side(grid, bindings, None, "")
                    assert found == expected and type(found) is type(expected)
                    summed += 1
    assert summed
