"""Fixes: the one cell whose correction makes every broken relation of a defect hold.

A fix is offered only when it is certain which cell is wrong and what it should be: the
findings of one defect (see :mod:`govlint.check.consolidate`) all pass through exactly one
cell, and each of them needs the same value there.  A relation broken alone never gets a fix
(any of its cells could be the wrong one), nor does a defect whose relations need different
values in the shared cell, nor a value the column cannot hold (a negative count, a fraction of
a case), nor a number written in a way this module cannot write back exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Iterable

from ..diagnostics import Diagnostic, Evidence, Fix

Number = int | Decimal  # a cell's value
Exact = int | Fraction | Decimal  # what relations compute with
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．－＋", "0123456789,.-+")
_HALF_WIDTH = str.maketrans("0123456789,.-+", "０１２３４５６７８９，．－＋")
_WRITTEN = re.compile(r"(?P<sign>[+\-−]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?P<unit>万元|元)?")


def solve(old: Number, difference: Exact, weight: Exact | None, value_type: str) -> Number | None:
    """The value a cell must take for a broken equality to hold, every other cell as written.

    ``difference`` is left minus right as the report has it; ``weight`` is how much that
    difference grows when the cell grows by one (its sign and scale in the relation).  None
    when no value of the column's type (``count``, ``signed``, ``decimal``) fits.
    """
    if not weight:
        return None
    if type(old) is int and type(difference) is int and type(weight) is int:  # the usual case, without fractions
        steps, remainder = divmod(difference, weight)
        whole = old - steps
        return None if remainder or (whole < 0 and value_type != "signed") else whole
    new = Fraction(old) - Fraction(difference) / Fraction(weight)
    if new < 0 and value_type != "signed":
        return None
    if isinstance(old, int):
        return int(new) if new.denominator == 1 else None
    exponent = int(old.as_tuple().exponent)
    scaled = new * Fraction(10) ** -exponent  # the cell's own number of decimals
    return Decimal(int(scaled)).scaleb(exponent) if scaled.denominator == 1 else None


def one_cell_fix(findings: Iterable[Diagnostic], culprit: Evidence) -> Fix | None:
    """The fix of a defect whose findings all pass through ``culprit``: the value every one of
    them needs there, written the way the cell writes its number; None when they disagree."""
    cell = (culprit.span.line, culprit.span.column)
    needed = {e.fits for d in findings for e in d.evidence if (e.span.line, e.span.column) == cell}
    if len(needed) != 1:
        return None
    value = needed.pop()
    if value is None or value == culprit.value:
        return None
    new = written(culprit.raw, value)
    return None if new is None else Fix(culprit.span, culprit.raw, new)


def written(raw: str, value: Number) -> str | None:
    """``value`` written as ``raw`` writes its number: thousands separators, decimals, a unit,
    full-width digits; None for a way of writing that cannot be reproduced exactly."""
    full = any("０" <= ch <= "９" for ch in raw)
    plain = raw.translate(_FULL_WIDTH)
    if any("0" <= ch <= "9" for ch in raw) if full else plain != raw:
        return None  # half-width and full-width characters mixed
    match = _WRITTEN.fullmatch(plain)
    if match is None or match["sign"] not in ("", "-"):
        return None
    decimals = len(match["decimals"]) - 1 if match["decimals"] else 0
    grouped = "," in match["digits"]
    number = format(Decimal(value), f"{',' if grouped else ''}.{decimals}f")
    return (number.translate(_HALF_WIDTH) if full else number) + (match["unit"] or "")
