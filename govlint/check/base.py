"""What a check kind sees and returns.

A check kind is a small plugin: it validates its own parameters (``schema``), compiles
them once (``prepare``), and for each report yields :class:`Finding` values.  The engine
turns findings into :class:`~govlint.diagnostics.Diagnostic` values with the rule's id,
severity and Chinese message template, so a kind never formats severities or ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any, Callable, Iterable, Mapping, Protocol

from ..diagnostics import Evidence, Location
from ..model import Cell, CellKind, Report, Row, RowStatus, Span, Table
from ..normalize import halfwidth
from ..parse.lines import MAX_DECIMALS, MAX_NUMBER_DIGITS
from ..templates import SectionSpec, TableSpec, Template
from .cycle import CycleSettings


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect found by a check kind, before the rule's metadata is applied."""

    span: Span
    values: Mapping[str, Any] = field(default_factory=dict)  # placeholders for the rule's message
    location: Location = field(default_factory=Location)
    expected: int | Decimal | str | None = None
    actual: int | Decimal | str | None = None
    evidence: tuple[Evidence, ...] = ()
    hint: str | None = None
    # A part the rule could not judge on this report (a divisor of 0), said once: an info-level
    # note with this message instead of the rule's, never a finding of the rule's severity.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CheckContext:
    """The report under check and the template it was bound to (None when undetected)."""

    report: Report
    template: Template | None
    fallback: Template | None = None  # for section checks when the template is unknown
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)  # derived data kinds share
    not_run: tuple[tuple[str, str], ...] = ()  # (rule id, why in Chinese): rules this report gave no footing
    templates: tuple[Template, ...] = ()  # every template in use, for checks that compare them
    # The line of the file as opened for a span, for a message that names another line (HTML
    # files: not the line of the extracted text); the span's own line by default.
    line_in_file: Callable[[Span], int] = field(default=attrgetter("line"), compare=False, repr=False)
    previous: Report | None = None  # last year's report of the same agency, when one is given (issue 10)
    cycle: CycleSettings = field(default_factory=CycleSettings)  # aliases, levels, dates, thresholds
    # Derived data of ``template`` the kinds share across every report one checker checks (terms
    # compiled against it); ``memo`` is this report's.
    template_memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute something about this report once for all rules (a section's joined text, say).

        Asked some 150 times per report, nearly always for something already there: looked up
        directly, the miss caught, rather than fetched with a default and compared."""
        try:
            return self.memo[key]
        except KeyError:
            found = self.memo[key] = compute()
            return found

    def remember_for_template(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute something about the template once for every report checked against it (a
        term compiled against its tables, its labels)."""
        if key not in self.template_memo:
            self.template_memo[key] = compute()
        return self.template_memo[key]

    def table_spec(self, key: str) -> TableSpec | None:
        return self.template.table(key) if self.template else None

    @property
    def sections(self) -> tuple[SectionSpec, ...]:
        """The six required sections: the same in every template so far."""
        template = self.template or self.fallback
        return template.sections if template else ()

    def end_span(self) -> Span:
        """Where something missing at the end of the report would be."""
        return Span(max(self.report.line_count, 1), 1, 1)


class CheckKind(Protocol):
    """A kind of check. Plugins return instances from the ``govlint_check_kinds`` hook."""

    name: str
    schema: Mapping[str, Any]  # JSON Schema for the rule's ``check`` mapping (``kind`` included)

    def prepare(self, params: Mapping[str, Any]) -> Any:
        """Compile parameters once; raise ``ValueError`` with a Chinese message if they are wrong."""
        ...

    def run(self, context: CheckContext, prepared: Any) -> Iterable[Finding]: ...


class ModeKind:
    """Base of kinds whose only parameter is a ``mode``: the schema and ``prepare`` come from
    ``name`` and ``modes``, and ``prepare`` gives the mode itself."""

    name: str
    modes: tuple[str, ...]

    @property
    def schema(self) -> Mapping[str, Any]:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "mode"],
            "properties": {"kind": {"const": self.name}, "mode": {"enum": list(self.modes)}},
        }

    def prepare(self, params: Mapping[str, Any]) -> str:
        return str(params["mode"])


def type_problem(value_type: str, cell: Cell) -> str:
    """What is wrong with a number for its column's type, in Chinese; empty when nothing is.

    Counts are non-negative integers without a unit; 本年增/减 (signed) may be negative;
    amounts (decimal) may have decimals.  A cell with a problem is not used in relations:
    its one diagnostic is this one.
    """
    value = cell.value
    if value is None:  # a number too long to be one a report holds (see parse.lines.MAX_NUMBER_DIGITS)
        return _too_long(cell.raw) if cell.kind is CellKind.NUMBER else ""
    if value_type in ("count", "signed") and cell.raw.endswith("元"):
        return "带有金额单位，而本列是件数"
    if value_type in ("count", "signed") and isinstance(value, Decimal):
        return "应为整数"
    if value_type in ("count", "decimal") and value < 0:
        return "不应为负数"
    return ""


def _too_long(raw: str) -> str:
    """Why a number has no value: too many digits before the point, or too many after it."""
    whole, _, fraction = halfwidth(raw).partition(".")
    digits = sum(ch.isdigit() for ch in whole)
    if digits > MAX_NUMBER_DIGITS:
        return f"有{digits}位整数，不是报告中可能出现的数，不参与计算"
    decimals = sum(ch.isdigit() for ch in fraction)
    return f"有{decimals}位小数（最多{MAX_DECIMALS}位），不参与计算"


def cell_evidence(role: str, table: Table, row: Row, cell: Cell) -> Evidence:
    return Evidence(role, cell.span, cell.raw, cell.value, table.key, row.key, cell.column)


def row_name(row: Row) -> str:
    """How messages name a row: its official label, else the label as written."""
    return row.template_label or row.label or "（数字行）"


def unfilled(table: Table) -> bool:
    """A table with nothing written in any cell (a blank template): one finding, not one per row
    or cell.  A table of 「/」 or 「—」 is filled in, with placeholders: GL020 names them."""
    return not any(cell.raw for row in table.rows for cell in row.cells)


def usable_rows(table: Table) -> Iterable[Row]:
    """Rows whose cells line up with the template's columns."""
    return (row for row in table.rows if row.status is RowStatus.OK)
