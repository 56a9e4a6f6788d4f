"""The 勾稽关系 of docs/spec.md §6.2/§6.3 computed directly on a :class:`GeneratedReport`.

An oracle independent of the parser and the rule engine: it says which relations a (mutated)
report breaks, so a test can demand that the linter reports exactly those, at the right cells.
"""

from __future__ import annotations

from .generate import GeneratedReport, applicant_columns, disposal_rows, t4_groups

__all__ = ["Broken", "broken_relations"]

Broken = tuple[str, str]  # (relation id as in docs/spec.md §6, the row, column or group it failed for)


def broken_relations(report: GeneratedReport) -> list[Broken]:
    """Every failing ``t3.row_total`` (per row), ``t3.disposal_sum`` and ``t3.balance`` (per column)
    and ``t4.<group>_total`` (per group); empty for every report :func:`consistent_values` makes."""
    template = report.template
    t3 = {row: {col: int(v) for col, v in cells.items()} for row, cells in report.values["t3"].items()}
    applicants = applicant_columns(template)
    broken: list[Broken] = []
    for row, cells in t3.items():
        if cells["total"] != sum(cells[c] for c in applicants):
            broken.append(("t3.row_total", row))
    for col in (*applicants, "total"):
        if t3["r3_7_total"][col] != sum(t3[r][col] for r in disposal_rows(template)):
            broken.append(("t3.disposal_sum", col))
        if t3["r1_new"][col] + t3["r2_carried"][col] != t3["r3_7_total"][col] + t3["r4_carry_next"][col]:
            broken.append(("t3.balance", col))
    cases = {col: int(v) for col, v in report.values["t4"]["cases"].items()}
    for group in t4_groups(template):
        parts = sum(cases[f"{group}_{p}"] for p in ("keep", "fix", "other", "pending"))
        if cases[f"{group}_total"] != parts:
            broken.append((f"t4.{group}_total", group))
    return broken
