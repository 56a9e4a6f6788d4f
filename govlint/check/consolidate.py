"""One defect, one diagnostic: fold the consequences of a wrong number into its first report.

A single wrong cell usually breaks several relations at once (its row total, its column's
（七）总计, the balance).  When all error-level relation findings of a connected group share a
cell, they are one defect: the first is kept, the others become a hint naming the shared
cell.  A lower-severity finding whose primary cell (its first evidence) is a total that an
error has shown to be inconsistent (a narrative number compared with a wrong total) is
dropped: fixing the error settles it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from ..diagnostics import Diagnostic, Evidence, Severity

Cell = tuple[int, int]


def _cells(diagnostic: Diagnostic) -> set[Cell]:
    return {(e.span.line, e.span.column) for e in diagnostic.evidence if e.role in ("left", "right")}


def consolidate(diagnostics: Iterable[Diagnostic], describe: Callable[[int, int], str] | None = None) -> list[Diagnostic]:
    """``describe`` names a place the way the input's reader does (「表2 第27行 第9列」 for Word)."""
    items = list(diagnostics)
    relations = [d for d in items if d.severity is Severity.ERROR and _cells(d)]
    merged: dict[int, Diagnostic] = {}
    dropped: set[int] = set()
    for group in _groups(relations):
        common = set.intersection(*(_cells(d) for d in group))
        if len(group) < 2 or len(common) != 1:
            continue
        first, rest = group[0], group[1:]
        culprit = _evidence_at(first, next(iter(common)))
        also = "；".join(f"{d.rule}「{d.message}」" for d in rest)
        where = (describe(culprit.span.line, culprit.span.column) if describe else "") or (
            f"第{culprit.span.line}行第{culprit.span.column}列"
        )
        note = f"同一个数字也使以下关系不成立：{also}。最可能有误的是{where}的「{culprit.raw}」"
        merged[id(first)] = replace(first, hint=f"{first.hint}；{note}" if first.hint else note)
        dropped.update(id(d) for d in rest)
    suspect = {(d.span.line, d.span.column) for d in relations}
    kept = []
    for d in items:
        if id(d) in dropped:
            continue
        if d.severity < Severity.ERROR and d.evidence and (d.evidence[0].span.line, d.evidence[0].span.column) in suspect:
            continue
        kept.append(merged.get(id(d), d))
    return kept


def _groups(diagnostics: list[Diagnostic]) -> list[list[Diagnostic]]:
    """Connected components of findings that share an evidence cell, in their original order."""
    parent = list(range(len(diagnostics)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Cell, int] = {}
    for index, diagnostic in enumerate(diagnostics):
        for cell in _cells(diagnostic):
            if cell in owner:
                parent[find(index)] = find(owner[cell])
            else:
                owner[cell] = index
    groups: dict[int, list[Diagnostic]] = {}
    for index, diagnostic in enumerate(diagnostics):
        groups.setdefault(find(index), []).append(diagnostic)
    return list(groups.values())


def _evidence_at(diagnostic: Diagnostic, cell: Cell) -> Evidence:
    return next(e for e in diagnostic.evidence if (e.span.line, e.span.column) == cell)
