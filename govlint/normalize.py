"""How labels are compared: width, spaces, quotes and list punctuation do not matter.

Reports are pasted from Word, web pages and PDFs, so 「（一）」 and 「(一)」, 「1．」 and
「1、」, 「商业 企业」 and 「商业企业」 must all compare equal.  Positions are never taken from
normalised text: it is only for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, update_wrapper
from typing import Any, Callable, Mapping, Protocol, Sequence, TypeVar, cast

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

# The most digits a number may have: far more than any count or amount in a report, far fewer
# than the 4300 Python's int() accepts, so a run of digits pasted by mistake is text, not a crash.
MAX_DIGITS = 1000


class ShortTextCache(Protocol[T_co]):
    """A function of a text (and other hashable arguments) with an LRU cache that keeps only texts
    of at most ``longest`` characters.

    Bounded in bytes, not only in entries: a long-running process (the language server, a
    library embedding govlint, the fuzz) would otherwise keep thousands of its inputs' longest
    lines and cells, 20 MB each at worst.  Longer texts are computed each time: they rarely recur.
    """

    longest: int

    def __call__(self, text: str, /, *rest: Any) -> T_co: ...

    def cache_info(self) -> Any: ...

    def many(self, texts: list[str]) -> Sequence[T_co]:
        """The function of each text, in order (mapped at C speed when every text is short)."""


def cached_for_short(maxsize: int, longest: int = 256) -> Callable[[Callable[..., T]], ShortTextCache[T]]:
    """The decorator of :class:`ShortTextCache`; 256 characters is far more than any label or cell.

    It makes a plain function, not an object with ``__call__``: the parser calls these for every
    cell and label, and a function call costs a third of a call through a class."""

    def decorate(function: Callable[..., T]) -> ShortTextCache[T]:
        cached = lru_cache(maxsize=maxsize)(function)

        def call(text: str, *rest: Any) -> T:
            return cached(text, *rest) if len(text) <= longest else function(text, *rest)

        def call_alone(text: str) -> T:  # most take the text alone: no tuple of the rest to pack
            return cached(text) if len(text) <= longest else function(text)

        def many(texts: list[str]) -> list[T]:
            return list(map(cached, texts)) if max(map(len, texts), default=0) <= longest else list(map(call, texts))

        wrapper = cast(Any, call_alone if getattr(function, "__code__").co_argcount == 1 else call)
        update_wrapper(wrapper, function)
        wrapper.longest, wrapper.cache_info, wrapper.many = longest, cached.cache_info, many
        return cast(ShortTextCache[T], wrapper)

    return decorate


def _replace_each(text: str, found: re.Pattern[str], by: Mapping[str, str]) -> str:
    """``text`` with each character that ``found`` matches replaced by its own in ``by``: one replace
    (at C speed) per character met, where ``str.translate`` looks up every character of the text,
    raising KeyError for each one the table lacks (most of a Chinese text).  The cold start works
    out every label and paragraph of its report once."""
    for char in set(found.findall(text)):
        text = text.replace(char, by[char])
    return text


_HALF = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL = re.compile("[\uff01-\uff5e\u3000]")
_SPACE = re.compile(r"\s+")
_QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〔": "[", "〕": "]", "【": "[", "】": "]"}
_QUOTE_MARKS = re.compile(f"[{''.join(map(re.escape, _QUOTES))}]")
_LIST_MARK = re.compile(r"^(\d+)[、.,．]")
_TRAILING = re.compile(r"[:：。;；,，]+$")


@cached_for_short(maxsize=16384, longest=256)  # labels: 16,384 short texts at most
def label_key(text: str) -> str:
    """The comparison key of a label or heading (cached: the same labels recur in every report).

    NFKC makes full-width forms ASCII, as :func:`halfwidth` does: made so first, most labels are
    normalised already and NFKC only checks them (it composes each character of a text it must
    change, the full-width comma and brackets of nearly every label).  A list mark is rewritten
    from its match: ``sub`` with a group in its template calls back into Python's ``re`` each time."""
    text = _replace_each(unicodedata.normalize("NFKC", _replace_each(text, _FULL, _HALF)), _QUOTE_MARKS, _QUOTES)
    text = _SPACE.sub("", text).strip("*#>")
    mark = _LIST_MARK.match(text)  # anchored: one at most
    if mark:
        text = f"{mark.group(1)}.{text[mark.end():]}"
    return _TRAILING.sub("", text)


_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=年)")


def arabic_years(text: str) -> str:
    """「二〇二四年」 as 「2024年」 (same length), so a year in Chinese numerals is found like any other."""
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text) if "年" in text else text


@cached_for_short(maxsize=1024, longest=4096)  # paragraphs read by several rules
def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII, one character for one character.

    Keeps string length, so a column in the result is a column in the original.  Cached:
    several rules read the same paragraph.
    """
    return _replace_each(text, _FULL, _HALF)
