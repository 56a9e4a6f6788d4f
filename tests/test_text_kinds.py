"""The text kinds (GL2xx) and the narrative-vs-table kind (GL3xx): seeds, positions, parameters.

Seed expectations come from ``../shared/corpus/seeds/EXPECTED.md``: what a careful reader
finds in five real reports, and what a careless linter gets wrong on them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govlint.api import Linter, lint_text
from govlint.check.kinds._text import percent_candidates
from govlint.check.kinds.mentions import MentionsKind
from govlint.check.kinds.narrative import NarrativeKind
from govlint.check.kinds.period import PeriodKind
from govlint.check.kinds.placeholders import PlaceholdersKind
from govlint.normalize import halfwidth
from govlint.testing import build_report, render
from govlint.testing.examples import check_example, iter_examples

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
REAL = SHARED / "corpus" / "real"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not available ({SEEDS} is absent)")
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real report files not available ({REAL} is absent)")


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _seed(name: str) -> Path:
    return next(SEEDS.glob(f"{name}_*.txt"))


def _found(linter: Linter, path: Path, prefix: str) -> list[tuple[str, int, int]]:
    result = linter.lint_file(path)
    assert result.error is None, result.error
    return [(d.rule, d.line, d.column) for d in result.diagnostics if d.rule.startswith(prefix)]


def _lint(linter: Linter, text: str, rule: str) -> list:
    return [d for d in lint_text(text, linter=linter).diagnostics if d.rule == rule]


# --- rule files: every example of every text and narrative rule behaves as declared ------------


def test_text_and_narrative_examples(linter: Linter) -> None:
    mine = [e for e in iter_examples(linter.rules) if e.rule.id[:3] in ("GL2", "GL3")]
    assert len({e.rule.id for e in mine}) >= 25
    problems = [m for e in mine if (m := check_example(e, linter))]
    assert problems == []


def test_generated_reports_are_clean(linter: Linter) -> None:
    """Consistent generated reports (every layout) get no text or narrative finding but GL210 for its layout."""
    for template in ("v2019", "v2021"):
        report = build_report(template, seed=3)
        for layout in ("spaces", "tabs", "pipes", "wrapped", "fullwidth", "title_after_heading"):
            found = {d.rule for d in lint_text(render(report, layout), linter=linter).diagnostics if d.rule[:3] in ("GL2", "GL3")}
            assert found == ({"GL210"} if layout == "title_after_heading" else set()), (template, layout)


# --- the five seeds ----------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seeds_no_narrative_finding(linter: Linter, name: str) -> None:
    assert _found(linter, _seed(name), "GL3") == []


@needs_seeds
def test_seed_numbered_subheadings(linter: Linter) -> None:
    def lines(name: str) -> list[int]:
        return [line for rule, line, _ in _found(linter, _seed(name), "GL208")]

    assert lines("003") == [9, 13, 17, 21, 25, 29]
    assert lines("004") == [9, 176]
    assert lines("000") == lines("001") == lines("002") == []


@needs_seeds
def test_seed_title_after_heading(linter: Linter) -> None:
    assert [f for f in _found(linter, _seed("000"), "GL21") if f[0] == "GL210"] == [("GL210", 3, 1)]
    assert [f for f in _found(linter, _seed("004"), "GL21") if f[0] == "GL210"] == [("GL210", 3, 1)]
    for name in ("001", "002", "003"):
        assert not [f for f in _found(linter, _seed(name), "GL2") if f[0] in ("GL209", "GL210")]


@needs_seeds
@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seeds_no_text_errors(linter: Linter, name: str) -> None:
    """No placeholder, empty section, wrong period or missing title in any seed; 002 reports the fee."""
    rules = {rule for rule, _, _ in _found(linter, _seed(name), "GL2")}
    assert not rules & {"GL201", "GL204", "GL205", "GL206", "GL207", "GL209", "GL211"}


@needs_seeds
def test_seed_000_statistics_period_checked(linter: Linter) -> None:
    """Seed 000 states 2020年1月1日至2020年12月31日 (line 7): silent; a stale year is found at its column."""
    text = _seed("000").read_text(encoding="utf-8")
    assert _lint(linter, text, "GL211") == []
    stale = _lint(linter, text.replace("统计期限为2020年1月1日", "统计期限为2019年1月1日"), "GL211")
    line7 = text.split("\n")[6]
    assert [(d.line, d.column) for d in stale] == [(7, line7.index("2020年1月1日") + 1)]


@needs_seeds
@pytest.mark.parametrize(
    ("old", "new", "rule", "line", "anchor"),
    [
        ("予以公开1393件", "予以公开1394件", "GL303", 22, "予以公开"),
        ("分公开5件", "分公开6件", "GL304", 24, "分公开"),  # 「部」 ends line 22: the phrase is wrapped
        ("不予公开175件", "不予公开176件", "GL305", 24, "不予公开"),
        ("其他处理15件", "其他处理16件", "GL308", 24, "其他处理"),
        ("申请1785件", "申请1786件", "GL301", 22, "申请"),
    ],
)
def test_seed_000_narrative_numbers_are_judged(linter: Linter, old: str, new: str, rule: str, line: int, anchor: str) -> None:
    """The seed's numbers agree with its table; change one and the rule points at that number."""
    text = _seed("000").read_text(encoding="utf-8")
    assert _lint(linter, text, rule) == []
    found = _lint(linter, text.replace(old, new), rule)
    source_line = text.split("\n")[line - 1]
    column = source_line.index(old) + len(anchor) + 1
    assert [(d.line, d.column) for d in found] == [(line, column)]
    assert found[0].evidence and found[0].evidence[0].table == "t3"


@needs_seeds
def test_seed_001_received_and_wording(linter: Linter) -> None:
    """「新收到…申请231件，结转上年度办理3件，其余228件均…办结」: 231 = 一, the rest is not judged."""
    text = _seed("001").read_text(encoding="utf-8")
    found = _lint(linter, text.replace("申请231件", "申请232件"), "GL301")
    assert [(d.line, d.expected, d.actual) for d in found] == [(13, 231, 232)]
    assert "232" in found[0].message and "231" in found[0].message and "228" in found[0].message


@needs_seeds
def test_seed_000_messages_of_netizens_not_judged(linter: Linter) -> None:
    text = _seed("000").read_text(encoding="utf-8")
    assert _lint(linter, text.replace("办结1777件", "办结1776件"), "GL314") == []


@needs_seeds
def test_seed_002_fee_section_required(linter: Linter) -> None:
    text = _seed("002").read_text(encoding="utf-8")
    assert _lint(linter, text, "GL204") == []
    fee = "认真贯彻执行国务院办公厅《政府信息公开信息处理费管理办法》和《关于政府信息公开处理费管理有关事项的通知》。2024 年市政府办公室未收取信息处理费。"
    assert fee in text
    found = _lint(linter, text.replace(fee, "无"), "GL204")
    assert [(d.line, d.column) for d in found] == [(78, 1)]


# --- real files in other formats ---------------------------------------------------------------


@needs_real
def test_blank_template_placeholders(linter: Linter) -> None:
    """The national blank template: three 「（文字描述…）」 markers, title missing, no content warnings."""
    found = _found(linter, REAL / "template-2021.docx", "GL2")
    assert [f for f in found if f[0] == "GL206"] == [("GL206", 4, 1), ("GL206", 62, 1), ("GL206", 64, 1)]
    assert {f[0] for f in found} == {"GL206", "GL209"}


@needs_real
def test_pingtan_2021_narrative_agrees(linter: Linter) -> None:
    """平潭 2021: 「共收到70件申请，…办结69件，1件结转下年度继续办理」 all agree with the tables."""
    assert _found(linter, REAL / "pingtan-2021.html", "GL3") == []


# --- kind parameters and arithmetic ------------------------------------------------------------


def test_percent_rounding_and_truncation() -> None:
    assert percent_candidates(1777, [1795], Decimal("98.9")) is None  # 98.997…: truncated
    assert percent_candidates(1777, [1795], Decimal("99.0")) is None  # rounded
    assert percent_candidates(42, [81], Decimal("51.85")) is None  # 平潭 2023
    assert percent_candidates(29, [41], Decimal("71")) is None  # seed 002: 70.7 → 71
    assert percent_candidates(29, [41], Decimal("70")) is None  # truncated
    assert percent_candidates(10, [15], Decimal("66.8")) == [Decimal("66.7")]
    assert percent_candidates(10, [15, 10], Decimal("100")) is None  # any denominator may fit


def test_bad_parameters_are_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="命名分组 n"):
        NarrativeKind().prepare({"kind": "narrative", "pattern": r"收到(\d+)件", "equals_any": ["t3[r1_new][total]"]})
    with pytest.raises(ValueError, match="表达式无效"):
        NarrativeKind().prepare({"kind": "narrative", "pattern": r"(?P<n>\d+)件", "equals_any": ["t3[r1_new]"]})
    with pytest.raises(ValueError, match="正则表达式无效"):
        PlaceholdersKind().prepare({"kind": "placeholders", "patterns": ["(未闭合"]})
    with pytest.raises(ValueError, match="year"):
        PeriodKind().prepare({"kind": "period", "pattern": r"(?P<y>\d{4})年"})
    with pytest.raises(ValueError, match="正则表达式无效"):
        MentionsKind().prepare({"kind": "mentions", "section": "s1", "regex": True, "groups": [{"name": "x", "any": ["("]}]})
    with pytest.raises(ValueError, match="只含空白"):  # found in every text: the rule could never report
        MentionsKind().prepare({"kind": "mentions", "section": "s1", "groups": [{"name": "x", "any": ["公开", " \u3000\t"]}]})


def test_fullwidth_digits_keep_their_columns(linter: Linter) -> None:
    text = render(build_report("v2021", seed=3), "spaces").replace(
        "扎实推进主动公开", "统计期限为２０２２年１月１日至２０２２年１２月３１日。扎实推进主动公开"
    )
    found = _lint(linter, text, "GL211")
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "统计期限" in l)
    column = text.split("\n")[line - 1].index("２０２２年１月") + 1
    assert [(d.line, d.column) for d in found] == [(line, column)]  # one phrase, one finding, at its first wrong year


def test_mention_keywords_are_words_unless_regexes(linter: Linter) -> None:
    """A plain keyword is found as written (its 「.」 and 「(」 are characters, its spaces and width
    ignored); with ``regex: true`` the keywords are regexes.  The sections read are joined."""
    from govlint.check.base import CheckContext
    from govlint.read.source import Source
    from govlint.read.text import split_lines

    report = linter.parse(Source(path="draft.md", lines=split_lines(render(build_report("v2021", seed=3), "pipes"))))
    context = CheckContext(report, next(t for t in linter.templates if t.id == "v2021"))
    kind = MentionsKind()

    def missing(words: list[str], **params: object) -> str:
        groups = [{"name": word, "any": [word]} for word in words]
        prepared = kind.prepare({"kind": "mentions", "sections": ["s1", "s6"], "groups": groups, **params})
        return "".join(f.values["group"] for f in kind.run(context, prepared))

    assert missing(["主动 公开", "主动.开", "公开(", "ＸＹＺ"]) == "主动.开」「公开(」「ＸＹＺ"
    assert missing(["主动.开", "公开[(]"], regex=True) == "公开[(]"


_MENTION_CHARS = st.sampled_from(list("主动公开开.(（)*+?\\|^$[]{} 　\nＡAaｘx"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(words=st.lists(st.text(_MENTION_CHARS, min_size=1, max_size=4), min_size=1, max_size=4), text=st.text(_MENTION_CHARS, max_size=30))
def test_plain_mention_keywords_are_found_where_their_regex_of_literals_was(words: list[str], text: str) -> None:
    """A group of plain keywords is satisfied exactly when the regex of their escaped alternatives
    (what cb199a0 searched) finds one: metacharacters, spaces, width, a keyword inside another."""
    space = re.compile(r"\s+")
    searched = space.sub("", halfwidth(text))
    assume(all(space.sub("", halfwidth(w)) for w in words))  # a keyword of whitespace only is refused (above)
    (group,) = MentionsKind().prepare({"kind": "mentions", "section": "s1", "groups": [{"name": "g", "any": words}]})[1]
    regex = re.compile("|".join(f"(?:{re.escape(space.sub('', halfwidth(w)))})" for w in words))
    assert group.found_in(searched) == (regex.search(searched) is not None)
