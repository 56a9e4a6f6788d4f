"""Characters drawn over themselves (fake bold) kept once, as PDFium's text keeps them.

A producer without a bold face draws bold text twice, the second time a little to the side.
PDFium's text leaves out a text object that repeats one drawn just before it at nearly its
place (``CPDF_TextPage::IsSameTextObject``: the same codes and font size, at most 0.9 of a
character's width across and an eighth of the font size up or down); pdfminer keeps both,
so a bold 「1234」 read 「11223344」 through pdfplumber, a number made up.  pdfplumber's own
``dedupe_chars`` uses a fixed distance and restores the page's order with ``list.index``
(quadratic in the characters); this keeps the first of the characters that share text, font
and size within PDFium's distances, in one pass over a grid of those distances.  PDFium
compares whole text objects, which pdfminer's characters do not show: a character of no width
is left as it is (the characters of one object may all stand at one place), and a character
repeating only part of an object is dropped here where PDFium would keep it.
"""

from __future__ import annotations

import math
from typing import Any

Char = dict[str, Any]  # a character as pdfplumber has it


def drawn_once(page: Any) -> Any:
    """``page`` (a pdfplumber page) without the characters that repeat one drawn before them."""
    repeats = _repeats(page.chars)
    if not repeats:
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in repeats)


def _repeats(chars: list[Char]) -> set[int]:
    """The ``id`` of each character within PDFium's distances of an earlier one of the same
    text, font, size, direction and distances.  The grid's cells are those distances: a cell
    holds at most one character kept, and each character is looked for in the nine around it,
    so the pass is linear."""
    kept: dict[tuple[Any, ...], Char] = {}
    repeats: set[int] = set()
    for char in chars:
        x, y = char["x0"], char["doctop"]
        across, up = round(0.9 * abs(char["x1"] - x), 3), round(abs(char["size"]) / 8, 3)  # a width less a float's error
        if not (across > 0 and all(map(math.isfinite, (x, y, across, up)))):
            continue  # no width (PDFium keeps such characters of one text object all) or no place: as pdfminer read it
        key = (char["text"], char["fontname"], char["size"], char["upright"], across, up)
        column, row = math.floor(x / across), math.floor(y / up) if up > 0 else y
        near = (kept.get((*key, column + dx, row + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        if any(other is not None and abs(x - other["x0"]) <= across and abs(y - other["doctop"]) <= up for other in near):
            repeats.add(id(char))
        else:
            kept[(*key, column, row)] = char
    return repeats

