"""The caches of normalised text are bounded in bytes: a long text is computed, never kept.

A long-running process (the language server, a program embedding govlint, the fuzz run) lints
many documents; an LRU cache bounded only by its number of entries kept thousands of their
longest paragraphs (20 MB each at worst) and grew by gigabytes.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.normalize import _QUOTES, halfwidth, label_key


def test_short_texts_are_cached_and_long_ones_are_not():
    for function in (halfwidth, label_key):
        long_text = "全角ＡＢＣ文字" * (function.longest // 7 + 1)
        before = function.cache_info()
        assert function(long_text) == function(long_text)
        after = function.cache_info()
        assert (after.hits, after.misses) == (before.hits, before.misses)  # computed, never looked up nor kept

        short = f"（一）全角１２３ {id(function)}"
        function(short)
        function(short)
        now = function.cache_info()
        assert (now.misses, now.hits) == (after.misses + 1, after.hits + 1)  # kept once, then found


def test_results_do_not_depend_on_the_cache():
    text = "（一）　全角１２３，“引号”：" * 50  # longer than label_key keeps, shorter than halfwidth does
    assert halfwidth(text) == text.translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20})
    assert label_key(text) == label_key(text[:]) and "　" not in label_key(text)


_LABEL_PARTS = ["1", "12", "٣", "、", ".", ",", "．", "：", ":", "。", "；", ";", "，", " ", "　", "\t", "*", "#", ">", "“", "”", "‘", "’",
                "「", "」", "〔", "〕", "【", "】", "（", "）", "(", "一", "１", "ａ", "Ａ", "Ｅ", "ｷ", "①", "⑴", "㈠", "\u00a0", "\u0301",
                "\u0308", "\u3099", "\uff9e", "カ", "公开", "申请"]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_LABEL_PARTS), max_size=12).map("".join)
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(_TEXTS)
def test_a_label_key_is_the_plain_way_s(text: str) -> None:
    """label_key makes full-width forms ASCII before NFKC (which makes them so), replaces quotes only
    where there are some and rewrites a list mark from its match: the plain way, written out as it
    was, gives the same key (a combining mark after a full-width letter composes with its ASCII one)."""
    plain = unicodedata.normalize("NFKC", text).translate(str.maketrans(_QUOTES))
    plain = re.sub(r"\s+", "", plain).strip("*#>")
    plain = re.sub(r"^(\d+)[、.,．]", r"\1.", plain)
    assert label_key.__wrapped__(text) == re.sub(r"[:：。;；,，]+$", "", plain)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_TEXTS)
def test_halfwidth_is_a_translation(text: str) -> None:
    assert halfwidth.__wrapped__(text) == text.translate(_FULL_WIDTH)
