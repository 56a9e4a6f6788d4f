"""Which cells of 三 and 四 add up to which, and how to re-derive the ones a caller left open.

Split from :mod:`generate` to keep both small.  Keys come from the template; the relation
structure (``r1_new`` … ``r4_carry_next``, ``rv_``/``ld_``/``lr_`` groups) is docs/spec.md §6.2/§6.3.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

from ..templates import TableSpec, Template

__all__ = ["T4_PARTS", "Key", "Number", "Values", "applicant_columns", "derive", "disposal_rows", "t4_groups", "zeros"]

Number = Union[int, Decimal]
Values = dict[str, dict[str, dict[str, Number]]]  # table → row → column → value
Key = tuple[str, str, str]  # (table, row, column)
T4_PARTS = ("keep", "fix", "other", "pending")


# --------------------------------------------------------------------------- keys of 三 and 四


def disposal_rows(template: Template) -> tuple[str, ...]:
    """The 办理结果 rows summed by （七）总计: the template's row group ``disposal`` (as GL103 sums them)."""
    return template.group_rows().get("disposal", ())


def applicant_columns(template: Template) -> tuple[str, ...]:
    return tuple(c.key for c in _spec(template, "t3").columns if c.key != "total")


def t4_groups(template: Template) -> tuple[str, ...]:
    """``rv``, ``ld``, ``lr``: the prefixes of table 四's column keys, in order."""
    return tuple(dict.fromkeys(c.key.split("_")[0] for c in _spec(template, "t4").columns))


def _spec(template: Template, key: str) -> TableSpec:
    spec = template.table(key)
    if spec is None:
        raise KeyError(f"template {template.id} has no table {key}")
    return spec


# --------------------------------------------------------------------------- deriving what is not given


def derive(template: Template, values: Values, explicit: frozenset[Key]) -> None:
    """Recompute every derived cell the caller did not set, so the relations hold wherever they can."""
    t3 = values["t3"]
    given = set(explicit)
    cols = applicant_columns(template)
    # A total given alone goes to 自然人: the other columns of its row keep their numbers (0 unless
    # seeded; （七）总计's follow their disposal rows) and balance elsewhere.
    alone = [r for r in t3 if ("t3", r, "total") in given and not any(("t3", r, c) in given for c in cols)]
    for row in alone:
        source = [row] if row != "r3_7_total" else list(disposal_rows(template))
        if sum(int(t3[r][c]) for r in source for c in cols[1:]) > int(t3[row]["total"]):  # seeded numbers
            for r, c in ((r, c) for r in source for c in cols[1:]):
                t3[r][c] = t3[r][c] if ("t3", r, c) in given else 0
        for c in cols[1:]:
            t3[row][c] = sum(int(t3[r][c]) for r in source)
            given.add(("t3", row, c))
    for col in cols[1:]:
        _derive_column(template, t3, col, given)
    for row in alone:
        t3[row][cols[0]] = max(int(t3[row]["total"]) - sum(int(t3[row][c]) for c in cols[1:]), 0)
        given.add(("t3", row, cols[0]))
    _derive_column(template, t3, cols[0], given)
    for row, cells in t3.items():
        if ("t3", row, "total") not in given:
            cells["total"] = sum(int(cells[c]) for c in cols)
    for group in t4_groups(template):
        cells = values["t4"]["cases"]
        parts = [f"{group}_{p}" for p in T4_PARTS]
        total = f"{group}_total"
        if ("t4", "cases", total) in given and not any(("t4", "cases", p) in given for p in parts):
            if sum(int(cells[p]) for p in parts[1:]) > int(cells[total]):
                cells.update({p: 0 for p in parts[1:]})
            cells[parts[0]] = int(cells[total]) - sum(int(cells[p]) for p in parts[1:])
        elif ("t4", "cases", total) not in given:
            cells[total] = sum(int(cells[p]) for p in parts)


def _derive_column(template: Template, t3: dict[str, dict[str, Number]], col: str, given: set[Key]) -> None:
    """One applicant column: （七）总计 = Σ disposal rows, then 一 + 二 = （七） + 四, through free cells only."""

    def v(row: str) -> int:
        return int(t3[row][col])

    free = [r for r in disposal_rows(template) if ("t3", r, col) not in given]

    def move_disposal(delta: int) -> int:
        """Add to the first free disposal row, or take from the free ones last first; returns what moved."""
        if delta >= 0:
            if free:
                t3[free[0]][col] = v(free[0]) + delta
            return delta if free else 0
        moved = 0
        for row in reversed(free):
            cut = min(-delta - moved, v(row))
            t3[row][col] = v(row) - cut
            moved += cut
        return -moved

    done = sum(v(r) for r in disposal_rows(template))
    if ("t3", "r3_7_total", col) not in given:
        t3["r3_7_total"][col] = done
    else:
        move_disposal(v("r3_7_total") - done)
    gap = v("r1_new") + v("r2_carried") - v("r3_7_total") - v("r4_carry_next")
    # Preference: 一 absorbs the difference; else more or fewer are handled (first free disposal row,
    # usually （一）予以公开); else 四、结转下年度; else 二、上年结转.
    for row, sign in (("r1_new", 1), ("r3_7_total", -1), ("r4_carry_next", -1), ("r2_carried", 1)):
        if gap == 0 or ("t3", row, col) in given:
            continue
        if row == "r3_7_total":
            moved = move_disposal(gap)
            t3[row][col] = v(row) + moved
        else:
            moved = max(v(row) - gap * sign, 0) - v(row)
            t3[row][col] = v(row) + moved
        gap += sign * moved


def zeros(template: Template) -> Values:
    return {
        spec.key: {
            row.key: {col.key: (Decimal(0) if col.type == "decimal" else 0) for col in spec.columns}
            for row in spec.data_rows
        }
        for spec in template.tables
    }
