"""A text skipped because it holds none of a pattern's needles must have no match (the shortcut
of the text rules may never hide a finding)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.api import Linter
from govlint.check.needles import could_match, holds_one, needles

EXAMPLES = [
    (r"(?<!不)予以(?:全部)?公开\s*(?P<n>\d[\d,]*)\s*(?:件|条)", ("予以公开", "予以全部公开")),
    (r"(?<![A-Za-z])[Xx]{2,6}(?![A-Za-z])", ("X", "x")),
    (r"(?:此处|在此)(?:填写|填报)|(?<![邀申])请填写", ("在此填写", "在此填报", "此处填写", "此处填报", "请填写")),
    (r"其中|本级|(?<![\d])\d{1,3}月", ("其中", "月", "本级")),
    (r"结转(?:至|到)?下", ("结转下", "结转到下", "结转至下")),
    (r"(?i)abc", None),  # case-insensitive: no shortcut
    (r"(?i:abc)d", ("d",)),
    (r"\d+件|[a-c]", None),  # a branch without fixed text
    (r"(\w)\1", None),
    (r"a?b?", None),  # matches the empty string
]


@pytest.mark.parametrize(("pattern", "expected"), EXAMPLES)
def test_needles_of_known_shapes(pattern: str, expected: tuple[str, ...] | None) -> None:
    found = needles(re.compile(pattern))
    assert found == expected if expected is None else set(found or ()) == set(expected)


def _rule_patterns() -> list[re.Pattern[str]]:
    """Every regex the built-in rules prepare."""
    checker = Linter().checker
    found: dict[str, re.Pattern[str]] = {}

    def collect(value: object) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault(value.pattern, value)
        elif isinstance(value, (tuple, list)):  # a kind's prepared check is a named tuple
            for item in value:
                collect(item)

    for prepared in checker._prepared.values():
        collect(prepared)
    return list(found.values())


PATTERNS = _rule_patterns()
ALPHABET = sorted({ch for p in PATTERNS for ch in p.pattern if not ch.isascii() or ch.isalnum()} | set(" ,.(%\n0123456789"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join), st.sampled_from(PATTERNS) if PATTERNS else st.nothing())
def test_no_needle_means_no_match(text: str, pattern: re.Pattern[str]) -> None:
    if not could_match(pattern, text):
        assert pattern.search(text) is None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS) if PATTERNS else st.nothing(), st.data())
def test_every_match_holds_a_needle(pattern: re.Pattern[str], data: st.DataObject) -> None:
    """Texts built from the pattern's own pieces, so that many of them match."""
    pieces = re.findall(r"[^\x00-\x7f]+|\d", pattern.pattern) or ["x"]
    text = "".join(data.draw(st.lists(st.sampled_from([*pieces, " ", "1", "不", "。"]), max_size=12)))
    match = pattern.search(text)
    found = needles(pattern)
    if match is not None and found is not None:
        assert any(needle in match.group(0) for needle in found)


def test_rule_patterns_mostly_have_needles() -> None:
    """The shortcut is worth having: nearly every built-in text pattern has needles."""
    assert PATTERNS
    assert sum(needles(p) is not None for p in PATTERNS) >= 0.8 * len(PATTERNS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="件条申请结转下.*|(", min_size=1, max_size=4), min_size=1, max_size=8, unique=True).map(tuple)
    | st.lists(st.text(alphabet="件条申请结转下.*|(", max_size=3).map("不".__add__), min_size=2, max_size=3, unique=True).map(tuple),
    st.text(alphabet="不件条申请结转下.*|( ", max_size=30),
)
def test_a_text_holds_one_of_many_needles_exactly_when_it_contains_one(found: tuple[str, ...], text: str) -> None:
    """Many needles, or needles that start alike, are looked for in one search (a pattern of them,
    regex characters escaped): the same answer as looking for each."""
    assert holds_one(found, text) is any(needle in text for needle in found)
