"""Counts written in Chinese numerals, read as digits: 「三十件」 → 「30件」, 「百分之六十」 → 「60%」.

Narrative rules look for digits; reports also write 「予以公开十件」.  Only a numeral right before a
count word (件、条、起、宗) or after 「百分之」 is read, never 「一是」「十分」「第十条」.  The rewritten text
keeps, for each character, its offset in the original, so a finding still points at 「三十」.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "零〇一二两三四五六七八九十百千万"
_COUNT = re.compile(rf"(?<![第{_NUMERAL}])([{_NUMERAL}]+)(?=\s*(?:件|条|宗|起))|百分之([{_NUMERAL}]+(?:点[{_NUMERAL}]+)?)")


def chinese_number(text: str) -> int | None:
    """「三十」 → 30, 「一百零五」 → 105, 「两千三百」 → 2300, 「一二三」 → None (not a number)."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0 and _DIGITS[char] != 0:
                return None  # 「一二」: two digits in a row is not how counts are written
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _decimal(text: str) -> str | None:
    whole, _, fraction = text.partition("点")
    number = chinese_number(whole)
    if number is None or any(c not in _DIGITS for c in fraction):
        return None
    return f"{number}.{''.join(str(_DIGITS[c]) for c in fraction)}" if fraction else str(number)


def has_counts(text: str) -> bool:
    """Whether :func:`arabic_counts` has a count in Chinese numerals to look at in ``text``.

    Every count is followed by a count word or follows 「百分之」: a text without any (most
    paragraphs) is not searched, a search that starts at every character (its lookbehind)."""
    return ("件" in text or "条" in text or "宗" in text or "起" in text or "百分之" in text) and _COUNT.search(text) is not None


def arabic_counts(text: str) -> tuple[str, tuple[int, ...] | None]:
    """The text with Chinese-numeral counts as digits, and each new offset's offset in ``text``
    (None when nothing changed, the common case)."""
    if not has_counts(text):
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _COUNT.finditer(text):
        if match.group(1):
            value = chinese_number(match.group(1))
            new = None if value is None or (match.group(1) == "一" and text[match.end() :].lstrip()[:1] == "起") else str(value)
        else:
            number = _decimal(match.group(2))
            new = None if number is None else number + "%"
        if new is None:
            continue
        parts.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        parts.append(new)
        origin.extend(min(match.start() + i, match.end() - 1) for i in range(len(new)))
        position = match.end()
    parts.append(text[position:])
    origin.extend(range(position, len(text) + 1))
    return "".join(parts), tuple(origin)
