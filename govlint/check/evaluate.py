"""The one evaluator of the relation language: a term compiled once per rule and template into
closures over the report's number grid.

The same closure serves both paths: with ``used=None`` (the hot path of relations that hold) it
only computes; with a list it also records each cell taken part, the evidence of a finding.
A term whose inputs are not all usable numbers is *not judged*: its value is None and the row
and cell rules report why.  A zero divisor raises :class:`ZeroDivisor`: the relation cannot be
judged there, and the caller says so once.
"""

from __future__ import annotations

import operator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Callable, Iterator, Mapping, NamedTuple, Sequence

from ..model import Cell, CellKind, Report, Row, RowStatus, Table
from ..templates import TableSpec
from .base import type_problem
from .expr import PREVIOUS, Binary, CellRef, CellSum, Const, KeySet, Named, Neg, Term, Value

COMPARATORS: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Used(NamedTuple):
    """A cell that took part in an evaluation, with its place in the model."""

    table: Table
    row: Row
    cell: Cell
    side: str
    previous: bool = False  # a cell of last year's report: its span is in that file


class ZeroDivisor(ArithmeticError):
    """A divisor evaluated to 0 for this report: the comparison has no value to judge."""

    def __init__(self, divisor: Term) -> None:
        super().__init__("division by zero")
        self.divisor = divisor


Grid = dict[tuple[str, str, str], tuple[Table, Row, Cell]]
Bindings = Mapping[str, str]
Compiled = Callable[[Grid, Bindings, "list[Used] | None", str], "Value | None"]


def number_grid(report: Report, prefix: str = "") -> Grid:
    """Every usable number of the report by (table, row, column): complete rows, numbers of the
    right type only (the first of repeated rows).  ``prefix`` files the tables under another key
    (:data:`~govlint.check.expr.PREVIOUS` for last year's report, whose grid joins this year's)."""
    grid: Grid = {}
    number, ok = CellKind.NUMBER, RowStatus.OK
    for table in report.tables:
        if table.key is None:
            continue
        types = {c.key: c.value_type for c in table.columns}
        table_key = prefix + table.key
        for row in table.rows:
            row_key = row.key
            if row_key is None or row.status is not ok:
                continue
            for cell in row.cells:
                value, column = cell.value, cell.column
                if cell.kind is not number or value is None or column is None:
                    continue
                key = (table_key, row_key, column)
                if key in grid:
                    continue  # the first of repeated rows
                plain = type(value) is int and value >= 0 and not cell.raw.endswith("元")  # the usual case, quickly
                if plain or not type_problem(types.get(column, "count"), cell):  # a bad number has its own finding
                    grid[key] = (table, row, cell)
    return grid


class Keys:
    """Resolves key sets (a key, $variable, {literal}, @list, *) to row or column keys."""

    def __init__(self, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> None:
        self.specs = specs
        self.lists = lists

    def keys(self, table: str, keyset: KeySet, bindings: Bindings, axis: str) -> list[str]:
        if keyset.kind == "every":
            spec = self.specs.get(table)
            if spec is None:
                return []
            return [r.key for r in spec.data_rows] if axis == "rows" else [c.key for c in spec.columns]
        if keyset.kind == "named":
            return list(self.lists.get(keyset.name, ()))
        return [bindings.get(k.name, "") if k.variable else k.name for k in keyset.keys]


def compile_term(term: Term, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> Compiled:
    """The term as a closure ``(grid, bindings, used, side) -> value``, with fixed keys and lists
    resolved here, once."""
    if isinstance(term, CellRef):
        return _cell(term)
    if isinstance(term, CellSum):
        return _cells(term, Keys(specs, lists))
    if isinstance(term, Const):
        constant = term.value
        return lambda grid, b, used, side: constant
    if isinstance(term, Named):
        return compile_term(term.term, specs, lists)
    if isinstance(term, Neg):
        inner = compile_term(term.term, specs, lists)
        return lambda grid, b, used, side: None if (v := inner(grid, b, used, side)) is None else -v
    return _binary(term, specs, lists)


def _binary(term: Binary, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> Compiled:
    if term.op in "+-":
        return _sum(tuple(_addends(term, 1, specs, lists)))
    left, right = compile_term(term.left, specs, lists), compile_term(term.right, specs, lists)
    if term.op == "*":
        def mul(grid: Grid, b: Bindings, used: list[Used] | None, side: str) -> Value | None:
            x = left(grid, b, used, side)
            if x is None:
                return None
            y = right(grid, b, used, side)
            return None if y is None else x * y

        return mul
    divisor = term.right

    def div(grid: Grid, b: Bindings, used: list[Used] | None, side: str) -> Value | None:
        x = left(grid, b, used, side)
        if x is None:
            return None
        y = right(grid, b, used, side)
        if y is None:
            return None
        if y == 0:
            raise ZeroDivisor(divisor)
        quotient = Fraction(x) / y
        return quotient.numerator if quotient.denominator == 1 else quotient

    return div


def _addends(term: Term, sign: int, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> Iterator[tuple[int, Compiled]]:
    """A chain of + and - as flat (sign, term) pairs: one loop, not a closure per operator."""
    if isinstance(term, Binary) and term.op in "+-":
        yield from _addends(term.left, sign, specs, lists)
        yield from _addends(term.right, sign if term.op == "+" else -sign, specs, lists)
    else:
        yield sign, compile_term(term, specs, lists)


def _sum(parts: tuple[tuple[int, Compiled], ...]) -> Compiled:
    def total(grid: Grid, b: Bindings, used: list[Used] | None, side: str) -> Value | None:
        result: Value = 0
        for sign, part in parts:
            value = part(grid, b, used, side)
            if value is None:
                return None
            result += sign * value
        return result

    return total


def _lookup(grid: Grid, key: tuple[str, str, str], used: list[Used] | None, side: str) -> Value | None:
    found = grid.get(key)
    if found is None:
        return None
    if used is not None:
        used.append(Used(*found, side, key[0].startswith(PREVIOUS)))
    value = found[2].value
    return value if type(value) is int else Fraction(value)  # type: ignore[arg-type]  # decimals exactly


def _cell(term: CellRef) -> Compiled:
    table, row, column = term.grid_table, term.row, term.column
    fixed = None if row.variable or column.variable else (table, row.name, column.name)
    row_name, row_variable, column_name, column_variable = row.name, row.variable, column.name, column.variable  # read once, not per call

    def cell(grid: Grid, b: Bindings, used: list[Used] | None, side: str) -> Value | None:
        key = fixed or (table, b.get(row_name, "") if row_variable else row_name, b.get(column_name, "") if column_variable else column_name)
        found = grid.get(key)
        if found is None or used is not None:
            return _lookup(grid, key, used, side)
        value = found[2].value
        return value if type(value) is int else Fraction(value)  # type: ignore[arg-type]

    return cell


def _cells(term: CellSum, resolver: Keys) -> Compiled:
    table, row_set, column_set = term.table, term.rows, term.columns
    # Key sets without variables are the same for every binding: resolve them once, here.
    fixed_rows = None if _variable(row_set) else resolver.keys(table, row_set, {}, "rows")
    fixed_columns = None if _variable(column_set) else resolver.keys(table, column_set, {}, "columns")

    fixed = None if fixed_rows is None or fixed_columns is None else tuple((table, r, c) for r in fixed_rows for c in fixed_columns)
    variables = tuple(k.name for k in (*row_set.keys, *column_set.keys) if k.variable)
    unbound = ("",) * len(variables)  # what a variable the bindings lack stands for
    bound: dict[tuple[str, ...], tuple[tuple[str, str, str], ...]] = {}  # the cells for each value of the variables

    def cells(grid: Grid, b: Bindings, used: list[Used] | None, side: str) -> Value | None:
        keys = fixed
        if keys is None:
            values = tuple(map(b.get, variables, unbound))
            keys = bound.get(values)
            if keys is None:
                rows = fixed_rows if fixed_rows is not None else resolver.keys(table, row_set, b, "rows")
                columns = fixed_columns if fixed_columns is not None else resolver.keys(table, column_set, b, "columns")
                keys = bound[values] = tuple((table, row, column) for row in rows for column in columns)
        if used is None:
            return _total(grid, keys)
        result: Value = 0
        for key in keys:
            value = _lookup(grid, key, used, side)
            if value is None:
                return None
            result += value
        return result

    return cells


def _total(grid: Grid, keys: Sequence[tuple[str, str, str]]) -> Value | None:
    """The sum of the cells at ``keys`` (None when one is not a usable number), nothing recorded:
    the hot path of a sum, with no call per cell."""
    result: Value = 0
    for key in keys:
        found = grid.get(key)
        if found is None:
            return None
        value = found[2].value
        result += value if type(value) is int else Fraction(value)  # type: ignore[arg-type]  # decimals exactly
    return result


def _variable(keyset: KeySet) -> bool:
    return any(k.variable for k in keyset.keys)


class Evaluator:
    """Terms evaluated against one report's grid (the text kinds' entry point); each term is
    compiled on first use, into ``compiled`` when given (shared by the reports of one template)."""

    def __init__(
        self, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]], grid: Grid, compiled: dict[Term, Compiled] | None = None
    ) -> None:
        self.specs = specs
        self.lists = lists
        self.grid = grid
        self._compiled: dict[Term, Compiled] = {} if compiled is None else compiled

    def value(self, term: Term, bindings: Bindings, side: str, used: list[Used] | None) -> Value | None:
        """The term's value (None: an input is missing or a divisor is 0); ``used`` collects the cells."""
        compiled = self._compiled.get(term)
        if compiled is None:
            compiled = self._compiled[term] = compile_term(term, self.specs, self.lists)
        try:
            return compiled(self.grid, bindings, used, side)
        except ZeroDivisor:
            return None


def shown(value: Value) -> int | Decimal:
    """A value as a message shows it: integers as they are, a fraction as a decimal (exact when it
    has at most four places, else rounded to two)."""
    if isinstance(value, int):
        return value
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if exact.as_tuple().exponent >= -4:  # type: ignore[operator]  # a terminating decimal: 28 digits hold it
        return exact.normalize() if exact != exact.to_integral() else exact.quantize(Decimal(1))
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
