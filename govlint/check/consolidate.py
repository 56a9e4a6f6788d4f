"""One defect, one group: findings about the same wrong number are grouped, never folded away.

A single wrong cell usually breaks several built-in relations at once (its row total, its
column's （七）总计, the balance).  When built-in arithmetic findings that share cells all pass
through one cell, they are one defect and get one group number; a reader sees the primary with
the others under it.  A lower-severity finding of govlint's own pack whose first evidence is
the cell an arithmetic finding points at (a narrative number compared with a wrong total) joins
that finding's group as a related finding: fixing the error settles it.

Every member stays a finding of its own, with its rule id, cell, severity, suppression and
baseline entry, so a group is hidden only when each member is.  Only built-in arithmetic
relations make groups, and the primary is always one of them; a rule of a custom or plugin
pack (a threshold, a share, whatever group it claims) is never grouped, so it cannot absorb one.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Callable, Sequence

from .._data import data_dir
from ..diagnostics import Diagnostic, Evidence, Fix
from .fixes import one_cell_fix
from .rules import Rule

Cell = tuple[int, int]
ARITHMETIC = "arithmetic"  # a relation of govlint's own pack in its ``arithmetic`` group: 表格的勾稽关系
BUILTIN = "builtin"  # any other rule of govlint's own pack


@cache
def _shipped(rule_path: str) -> bool:
    """The rule file is one of govlint's own pack (not a ``--rules`` folder or a plugin's)."""
    return Path(rule_path).is_relative_to(data_dir("rules"))


def origin(rule: Rule | None) -> str | None:
    """How a rule's findings may group: :data:`ARITHMETIC`, :data:`BUILTIN`, or None (a custom or plugin pack)."""
    if rule is None or not _shipped(rule.path):
        return None
    return ARITHMETIC if ARITHMETIC in rule.groups else BUILTIN


def group_findings(
    diagnostics: Sequence[Diagnostic],
    origin: Callable[[Diagnostic], str | None],
    describe: Callable[[int, int], str],
    *,
    fixes: bool = False,
) -> list[Diagnostic]:
    """The same findings, in the same order, with ``group`` set and a hint naming the shared cell.

    ``origin`` says where a finding's rule comes from (see :func:`origin`); ``describe`` names
    a place the way the input's reader does (「表2 第27行 第9列」 for Word).  With ``fixes``
    (an input whose cells can be edited where they are), the arithmetic findings of a group
    whose shared cell needs one value carry that correction (:mod:`govlint.check.fixes`).
    """
    items = list(diagnostics)
    cells = {i: found for i, d in enumerate(items) if origin(d) == ARITHMETIC and (found := _cells(d))}  # each finding's, once
    relations = list(cells)
    groups: list[list[int]] = []
    notes: dict[int, str] = {}
    corrections: dict[int, Fix] = {}
    for component in _components(cells):
        common = set.intersection(*(cells[i] for i in component))
        if len(component) < 2 or len(common) != 1:
            continue
        culprit = _evidence_at(items[component[0]], next(iter(common)))
        rules = "、".join(dict.fromkeys(items[i].rule for i in component))
        note = f"同一个数字使 {rules} 都不成立，最可能有误的是{_where(culprit, describe)}的「{culprit.raw}」"
        notes.update((i, note) for i in component)
        groups.append(component)
        fix = one_cell_fix((items[i] for i in component), culprit) if fixes else None
        if fix is not None:
            corrections.update((i, replace(fix, place=describe(fix.span.line, fix.span.column))) for i in component)
    joining = [i for i, d in enumerate(items) if origin(d) is not None]
    _join_lower_severity(items, relations, joining, groups, notes, describe)
    number = {i: n for n, members in enumerate(sorted(groups, key=min), start=1) for i in members}
    return [
        replace(d, group=number[i], hint=_joined(d.hint, notes.get(i)), fix=corrections.get(i)) if i in number else d
        for i, d in enumerate(items)
    ]


def _join_lower_severity(
    items: list[Diagnostic],
    relations: list[int],
    joining: list[int],
    groups: list[list[int]],
    notes: dict[int, str],
    describe: Callable[[int, int], str],
) -> None:
    """A built-in finding of lower severity whose first evidence is the cell an arithmetic finding
    points at joins that finding's group (making one when it stood alone)."""
    at: dict[Cell, int] = {}
    for i in relations:
        at.setdefault((items[i].line, items[i].column), i)
    owner = {i: members for members in groups for i in members}
    for index in joining:
        d = items[index]
        if index in owner or not d.evidence:
            continue
        first = d.evidence[0]
        cause = at.get((first.span.line, first.span.column))
        if cause is None or d.severity >= items[cause].severity:
            continue
        if cause not in owner:
            owner[cause] = [cause]
            groups.append(owner[cause])
        owner[cause].append(index)
        owner[index] = owner[cause]
        where = _where(first, describe)
        notes[index] = f"所比较的{where}的「{first.raw}」本身使 {items[cause].rule} 不成立，请先改正它再核对本条"


def _joined(hint: str | None, note: str | None) -> str | None:
    return f"{hint}；{note}" if hint and note else hint or note


def _where(evidence: Evidence, describe: Callable[[int, int], str]) -> str:
    return describe(evidence.span.line, evidence.span.column) or f"第{evidence.span.line}行第{evidence.span.column}列"


def _cells(diagnostic: Diagnostic) -> set[Cell]:
    return {(e.span.line, e.span.column) for e in diagnostic.evidence if e.role in ("left", "right")}


def _components(cells: dict[int, set[Cell]]) -> list[list[int]]:
    """Connected components of findings (by index, with their cells) that share an evidence
    cell, in their original order."""
    indices = list(cells)
    parent = {i: i for i in indices}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Cell, int] = {}
    for index in indices:
        for cell in cells[index]:
            if cell in owner:
                parent[find(index)] = find(owner[cell])
            else:
                owner[cell] = index
    components: dict[int, list[int]] = {}
    for index in indices:
        components.setdefault(find(index), []).append(index)
    return list(components.values())


def _evidence_at(diagnostic: Diagnostic, cell: Cell) -> Evidence:
    return next(e for e in diagnostic.evidence if (e.span.line, e.span.column) == cell)
