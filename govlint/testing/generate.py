"""Reports with known numbers: the raw material of round-trip, rule and benchmark tests.

Every generated report satisfies all 勾稽关系 of docs/spec.md §6.2/§6.3, so a rule that fires
on one is a false positive, and a report changed by :func:`mutate_one` must be caught.
Table, row and column keys come from the template YAML, so a new template needs no code
here as long as it keeps the §三/§四 key scheme (``r1_new`` … ``r4_carry_next``, ``rv_``/``ld_``/``lr_``).

Randomness comes from a *pick* ``(lo, hi) -> int``: a :class:`random.Random` (fast, for the
benchmark) or a Hypothesis ``draw`` wrapped by :func:`pick_from_draw` (shrinkable, for tests).
Hypothesis is imported only inside :func:`reports`, so this module works without it.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..templates import Template, builtin_templates
from ._derive import (
    T4_PARTS,
    Key,
    Number,
    Values,
    applicant_columns,
    derive,
    disposal_rows,
    t4_groups,
    zeros,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "AGENCIES",
    "GeneratedReport",
    "Key",
    "Number",
    "Pick",
    "Values",
    "applicant_columns",
    "as_pick",
    "build_report",
    "consistent_values",
    "disposal_rows",
    "get_template",
    "mutate_one",
    "pick_from_draw",
    "reports",
    "t4_groups",
    "template_years",
]

Pick = Callable[[int, int], int]  # an integer in [lo, hi], both inclusive

#: Invented agencies (no real place names), in the shapes real reports use: 市/县/区 governments,
#: their offices, bureaus and a 乡镇 and 街道.
AGENCIES: tuple[str, ...] = (
    "青岚市人民政府",
    "青岚市人民政府办公室",
    "青岚市生态环境局",
    "青岚市自然资源和规划局",
    "云溪县人民政府",
    "云溪县市场监督管理局",
    "南屿区卫生健康委员会",
    "望川市交通运输局",
    "石桥镇人民政府",
    "东湄街道办事处",
)

#: Last year to generate for a template without an end year (v2021 is still in force).
OPEN_END_YEAR = 2026
_DEFAULT_YEAR = {"v2019": 2020, "v2021": 2023}


@dataclass(frozen=True)
class GeneratedReport:
    """A report as numbers: what a renderer writes and what a parser must give back.

    ``values`` covers every data row and column of every table of the template.
    """

    template_id: str
    year: int
    agency: str
    values: Values
    problems: tuple[str, ...] = ()  # section 五's paragraphs, when not the usual ones (another year's report)

    @property
    def template(self) -> Template:
        return get_template(self.template_id)

    def value(self, table: str, row: str, column: str) -> Number:
        return self.values[table][row][column]

    def cells(self) -> list[tuple[tuple[str, str, str], Number]]:
        """Every ``((table, row, column), value)``, in template order."""
        return [((t, r, c), v) for t, rows in self.values.items() for r, cols in rows.items() for c, v in cols.items()]

    def with_value(self, table: str, row: str, column: str, value: Number) -> GeneratedReport:
        """A copy with one cell changed and nothing re-derived: for deliberately wrong reports."""
        if column not in self.values.get(table, {}).get(row, {}):
            raise KeyError(f"no cell {table}/{row}/{column} in template {self.template_id}")
        values = copy.deepcopy(self.values)
        values[table][row][column] = value
        return GeneratedReport(self.template_id, self.year, self.agency, values, self.problems)


def get_template(template_id: str) -> Template:
    for template in builtin_templates():
        if template.id == template_id:
            return template
    raise KeyError(f"unknown template {template_id!r}")


def template_years(template: Template) -> range:
    """The report years a template is used for (open-ended templates stop at :data:`OPEN_END_YEAR`)."""
    return range(template.year_from, (template.year_to or OPEN_END_YEAR) + 1)


def as_pick(source: random.Random | Pick) -> Pick:
    """Accept a :class:`random.Random` or a ready pick function."""
    return source.randint if isinstance(source, random.Random) else source


def pick_from_draw(draw: Callable[[Any], Any]) -> Pick:
    """Turn a Hypothesis ``draw`` into a pick, so generated reports shrink towards zeros."""
    from hypothesis import strategies as st

    return lambda lo, hi: draw(st.integers(lo, hi))


# --------------------------------------------------------------------------- consistent numbers


def _count(pick: Pick) -> int:
    """Mostly zeros and small counts, now and then a large one: the shape of real tables."""
    bucket = pick(0, 9)
    if bucket < 5:
        return 0
    if bucket < 8:
        return pick(1, 30)
    return pick(31, 500) if bucket < 9 else pick(501, 5000)


def _decimal(pick: Pick, high: int) -> Decimal:
    """Up to four decimals, kept as written (``12.50``), and never in exponent form, so ``str`` is the text."""
    places = pick(0, 4)
    return Decimal(format(Decimal(pick(0, high * 10**places)).scaleb(-places), "f"))


def _section2(template: Template, pick: Pick) -> Values:
    out: Values = {}
    for spec in template.tables:
        if spec.section != "s2":
            continue
        out[spec.key] = {}
        for row in spec.data_rows:
            cells: dict[str, Number] = {}
            for col in spec.columns:
                if col.type == "signed":
                    cells[col.key] = pick(-500, 500)
                elif col.type == "decimal":
                    cells[col.key] = _decimal(pick, 9999)
                else:
                    cells[col.key] = _count(pick)
            out[spec.key][row.key] = cells
        if spec.key == "t2_1" and template.id == "v2019":  # 本年新公开数量 ≤ 对外公开总数量 (spec §6.4)
            for cells in out[spec.key].values():
                cells["total_published"] = int(cells["total_published"]) + int(cells["published"])
    return out


def consistent_values(template: Template | str, source: random.Random | Pick) -> Values:
    """Numbers for every cell of ``template`` that satisfy every 勾稽关系.

    Draws the disposal rows, 四、结转 and 二、上年结转 per applicant column (二 at most 一's room,
    so that ``r1_new = r3_7_total + r4_carry_next − r2_carried`` stays ≥ 0), then derives the
    totals.  Table 四: four parts per group, total their sum.
    """
    template = get_template(template) if isinstance(template, str) else template
    pick = as_pick(source)
    values = _section2(template, pick)
    base = zeros(template)  # fixes every row's column order to the template's
    t3 = base["t3"]
    # v2019's single （六）其他处理 row; v2021's sub-items are left alone, which also keeps the
    # numbers of build_report(seed=…) that rule examples were written against.
    other = [r for r in disposal_rows(template) if r == "r3_6_other"]
    for col in applicant_columns(template):
        for row in disposal_rows(template):
            t3[row][col] = _count(pick)
        room = sum(int(t3[r][col]) for r in disposal_rows(template) if r not in other) // 9
        for row in other:  # at most a tenth of （七）总计: a clean report must not look 「偏高」 (spec §6.2)
            t3[row][col] = min(int(t3[row][col]), room)
            room -= int(t3[row][col])
        t3["r4_carry_next"][col] = _count(pick)
        done = sum(int(t3[row][col]) for row in disposal_rows(template))
        t3["r2_carried"][col] = pick(0, done + int(t3["r4_carry_next"][col]))
    values["t3"] = t3
    values["t4"] = base["t4"]
    values["t4"]["cases"].update({f"{g}_{part}": _count(pick) for g in t4_groups(template) for part in T4_PARTS})
    derive(template, values, explicit=frozenset())
    return values


def build_report(
    template_id: str,
    values: Mapping[str, Mapping[str, Mapping[str, Number]]] | None = None,
    *,
    year: int | None = None,
    agency: str | None = None,
    seed: int | None = None,
) -> GeneratedReport:
    """A report with the numbers you choose and every other number filled in consistently.

    Unset cells start at 0 (or, with ``seed``, at random consistent numbers).  Then totals, （七）总计
    and the balance cells you did not set are re-derived, so the relations hold unless the numbers
    you set themselves break one: ``build_report("v2021", {"t3": {"r1_new": {"total": 9}}})`` has
    自然人 9, handled as （一）予以公开 9; setting ``r1_new.total`` *and* ``r1_new.natural`` to
    different numbers gives a report with a wrong row total, on purpose.

    :raises KeyError: a table, row or column that the template does not have (typos fail loudly).
    """
    template = get_template(template_id)
    base = consistent_values(template, random.Random(seed)) if seed is not None else zeros(template)
    explicit: set[Key] = set()
    for table, rows in (values or {}).items():
        for row, cols in rows.items():
            for col, value in cols.items():
                if col not in base.get(table, {}).get(row, {}):
                    raise KeyError(f"no cell {table}/{row}/{col} in template {template_id}")
                base[table][row][col] = value
                explicit.add((table, row, col))
    derive(template, base, frozenset(explicit))
    return GeneratedReport(
        template_id=template_id,
        year=year if year is not None else _DEFAULT_YEAR.get(template_id, template.year_from),
        agency=agency if agency is not None else AGENCIES[0],
        values=base,
    )


def mutate_one(report: GeneratedReport, source: random.Random | Pick, key: Key | None = None) -> tuple[GeneratedReport, Key]:
    """Change exactly one number of table 三 or 四 (``key``, or one picked) by ``k ≠ 0``, keeping it ≥ 0.

    Every such change breaks at least one relation (each cell is in a row sum or a group sum), so
    "any single changed number is caught" is a property a rule set must have.
    """
    pick = as_pick(source)
    if key is None:
        keys = [cell for cell, _ in report.cells() if cell[0] in ("t3", "t4")]
        key = keys[pick(0, len(keys) - 1)]
    old = int(report.value(*key))
    delta = pick(-old, 50 - 1)  # [-old, -1] ∪ [1, 50]: the 0 slot is shifted up
    delta = delta + 1 if delta >= 0 else delta
    return report.with_value(*key, old + delta), key


# --------------------------------------------------------------------------- hypothesis


def sample_reports(count: int, seed: int = 1, *, wrong_every: int = 10) -> list[GeneratedReport]:
    """A reproducible mixed corpus: templates alternate, and every ``wrong_every``-th report has
    one number changed (for benches and batch tests that need some findings to report)."""
    rng = random.Random(seed)
    reports = []
    for index in range(count):
        report = build_report(("v2019", "v2021")[index % 2], seed=rng.randrange(10**6))
        if index % wrong_every == 0:
            report, _ = mutate_one(report, rng)
        reports.append(report)
    return reports


def reports(template_id: str | None = None) -> SearchStrategy[GeneratedReport]:
    """Hypothesis strategy: consistent reports of one template, or of either when ``template_id`` is None."""
    from hypothesis import strategies as st

    ids = (template_id,) if template_id else tuple(t.id for t in builtin_templates())

    @st.composite
    def build(draw: Callable[[Any], Any]) -> GeneratedReport:
        template = get_template(draw(st.sampled_from(ids)))
        year = draw(st.sampled_from(template_years(template)))
        agency = draw(st.sampled_from(AGENCIES))
        return GeneratedReport(template.id, year, agency, consistent_values(template, pick_from_draw(draw)))

    return build()
