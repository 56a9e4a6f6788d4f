"""Findings about a report, as frozen values (never exceptions), ready for any output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import Any, Iterable

from .span import Span


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _LABELS[self]  # looked up: an enum's name is a descriptor, four times slower

    @property
    def chinese(self) -> str:
        return {1: "提示", 2: "警告", 3: "错误"}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


_LABELS = {severity: severity.name.lower() for severity in Severity}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cell (or heading) that took part in a finding, so a viewer can highlight it."""

    role: str  # left | right | cell | heading
    span: Span
    raw: str
    value: int | Decimal | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    # The value this cell would need for the finding's relation to hold, every other cell as
    # written (None when unknown or when no such value fits the column): what a fix is made of.
    fits: int | Decimal | None = None


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace the text ``old`` by ``new`` at ``span``: the one cell whose change makes every
    broken relation of a defect hold (see :mod:`govlint.check.fixes`).

    In a text or Markdown file ``span`` is the file's own line and columns.  In a Word file it
    is the cell's place in the text the reader laid out, named by ``place`` (「表3 第5行 第2列」),
    and the fix is applied to that cell's runs.
    """

    span: Span
    old: str
    new: str
    place: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.span.line,
            "column": self.span.column,
            "end_column": self.span.end_column,
            "old": self.old,
            "new": self.new,
            "place": self.place or None,
        }


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is, logically: stable when text above it is edited (used by baselines)."""

    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    heading: str | None = None

    def key(self) -> str:
        return "/".join(f"{k}={v}" for k, v in self.items())

    def items(self) -> list[tuple[str, str]]:
        """The fields that are set, in order (``asdict`` deep-copies: 2% of a batch's JSON output)."""
        return [(f, v) for f, v in (("section", self.section), ("table", self.table), ("row", self.row), ("column", self.column), ("heading", self.heading)) if v]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: which rule, how severe, what it says, and the exact place in the file."""

    rule: str  # stable id, e.g. GL101
    name: str  # dotted name, e.g. t3.balance
    severity: Severity
    message: str
    path: str
    span: Span
    location: Location = field(default_factory=Location)
    expected: int | Decimal | str | None = None
    actual: int | Decimal | str | None = None
    evidence: tuple[Evidence, ...] = ()
    hint: str | None = None
    place: str = ""  # a human place for non-text inputs: 「表3 第5行 第2列」
    group: int | None = None  # findings about one defect share a number (1, 2, … per file); see grouped()
    fix: Fix | None = None  # the one-cell correction of this defect, when there is exactly one

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def difference(self) -> int | Decimal | None:
        if isinstance(self.expected, (int, Decimal)) and isinstance(self.actual, (int, Decimal)):
            return self.actual - self.expected
        return None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        span = self.span
        return {
            "path": self.path,
            "line": span.line,
            "column": span.column,
            "end_column": span.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "place": self.place or None,
            "location": dict(self.location.items()),
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "difference": _plain(self.difference),
            "hint": self.hint,
            "fix": self.fix.to_dict() if self.fix else None,
            "evidence": [
                {
                    "role": e.role,
                    "line": e.span.line,
                    "column": e.span.column,
                    "raw": e.raw,
                    "value": _plain(e.value),
                    "table": e.table,
                    "row": e.row,
                    "column_key": e.column,
                }
                for e in self.evidence
            ],
        }


def _plain(value: Any) -> Any:
    """A number as JSON writes it: a Decimal as its text (JSON floats would round it), the rest as they are."""
    return str(value) if isinstance(value, Decimal) else value


def grouped(diagnostics: Iterable[Diagnostic]) -> list[tuple[Diagnostic, tuple[Diagnostic, ...]]]:
    """Each defect once, for display: ``(primary, related)`` in the primary's file order.

    The primary of a group is its most severe member, the first in the file among equals;
    the related findings follow in file order.  A finding without a group stands alone, and
    so does the one member a baseline or a suppression left of a group.  Every finding
    appears exactly once, so counting the pairs' members counts every finding.
    """
    members: dict[tuple[str, int], list[Diagnostic]] = {}
    alone: list[list[Diagnostic]] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d.group is None:
            alone.append([d])
        else:
            members.setdefault((d.path, d.group), []).append(d)
    out = []
    for group in [*alone, *members.values()]:
        primary = max(group, key=lambda d: d.severity)  # max keeps the first of equals
        out.append((primary, tuple(d for d in group if d is not primary)))
    return sorted(out, key=lambda pair: pair[0].sort_key())


def group_members(diagnostics: Iterable[Diagnostic]) -> dict[Diagnostic, tuple[Diagnostic, tuple[Diagnostic, ...]]]:
    """For each finding in a group of two or more: ``(the group's primary, the other members)``,
    the others in display order (the primary first)."""
    out: dict[Diagnostic, tuple[Diagnostic, tuple[Diagnostic, ...]]] = {}
    for primary, related in grouped(diagnostics):
        members = (primary, *related)
        for d in members if related else ():
            out[d] = (primary, tuple(other for other in members if other is not d))
    return out
