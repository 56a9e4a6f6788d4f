"""How labels are compared: width, spaces, quotes and list punctuation do not matter.

Reports are pasted from Word, web pages and PDFs, so 「（一）」 and 「(一)」, 「1．」 and
「1、」, 「商业 企业」 and 「商业企业」 must all compare equal.  Positions are never taken from
normalised text: it is only for matching.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〔": "[", "〕": "]", "【": "[", "】": "]"})
_LIST_MARK = re.compile(r"^(\d+)[、.,．]")
_TRAILING = re.compile(r"[:：。;；,，]+$")


def label_key(text: str) -> str:
    """The comparison key of a label or heading."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub("", text).strip("*#>")
    text = _LIST_MARK.sub(r"\1.", text)
    return _TRAILING.sub("", text)


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII, one character for one character.

    Keeps string length, so a column in the result is a column in the original.
    """
    return "".join(_half(c) for c in text)


def _half(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return char
