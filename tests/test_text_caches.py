"""The caches of normalised text are bounded in bytes: a long text is computed, never kept.

A long-running process (the language server, a program embedding govlint, the fuzz run) lints
many documents; an LRU cache bounded only by its number of entries kept thousands of their
longest paragraphs (20 MB each at worst) and grew by gigabytes.
"""

from __future__ import annotations

from govlint.normalize import halfwidth, label_key


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
