"""Compile and evaluate the rule relation language (grammars/expr.lark).

Compiled relations are plain frozen dataclasses; evaluation looks cells up in the
report model and never evaluates Python.  A relation whose inputs are not all numbers
in complete rows is *not judged*: evaluation returns None and the rules on rows and
cells report why.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Callable, Mapping, Sequence, Union

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from .._data import data_dir
from ..model import Cell, CellKind, Report, Row, RowStatus, Table
from ..templates import TableSpec

Value = Union[int, Decimal]
COMPARATORS: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    variable: bool = False


@dataclass(frozen=True, slots=True)
class KeySet:
    kind: str  # key | every | literal | named
    keys: tuple[Key, ...] = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class CellRef:
    table: str
    row: Key
    column: Key

    def text(self) -> str:
        return f"{self.table}[{_key_text(self.row)}][{_key_text(self.column)}]"


@dataclass(frozen=True, slots=True)
class CellSum:
    table: str
    rows: KeySet
    columns: KeySet


@dataclass(frozen=True, slots=True)
class Const:
    value: Value


@dataclass(frozen=True, slots=True)
class Scaled:
    factor: Value
    term: "Term"


@dataclass(frozen=True, slots=True)
class Sum:
    terms: tuple[tuple[int, "Term"], ...]  # (+1 or -1, term)


Term = Union[CellRef, CellSum, Const, Scaled, Sum]


@dataclass(frozen=True, slots=True)
class Relation:
    left: Sum
    op: str
    right: Sum
    text: str

    def first_cell(self) -> CellRef | None:
        return _first_cell(self.left) or _first_cell(self.right)


def _key_text(key: Key) -> str:
    return ("$" if key.variable else "") + key.name


def _first_cell(term: Term) -> CellRef | None:
    if isinstance(term, CellRef):
        return term
    if isinstance(term, Sum):
        for _, inner in term.terms:
            found = _first_cell(inner)
            if found:
                return found
    if isinstance(term, Scaled):
        return _first_cell(term.term)
    return None


def _number(token: Token) -> Value:
    return Decimal(str(token)) if "." in token else int(token)


class _Build(Transformer):
    def relation(self, c: list) -> tuple:
        return (c[0], str(c[1]), c[2])

    def sum(self, c: list) -> Sum:
        terms = [(1, c[0])]
        for i in range(1, len(c), 2):
            terms.append((1 if c[i] == "+" else -1, c[i + 1]))
        return Sum(tuple(terms))

    def signed(self, c: list) -> Term:
        return c[0]

    def scaled(self, c: list) -> Scaled:
        return Scaled(_number(c[1]), c[0])

    def scaled_left(self, c: list) -> Scaled:
        return Scaled(_number(c[0]), c[1])

    def const(self, c: list) -> Const:
        return Const(_number(c[0]))

    def total(self, c: list) -> CellSum:
        return c[0]

    def cell(self, c: list) -> CellRef:
        return CellRef(str(c[0]), c[1], c[2])

    def cells(self, c: list) -> CellSum:
        return CellSum(str(c[0]), _as_set(c[1]), _as_set(c[2]))

    def key(self, c: list) -> Key:
        text = str(c[0])
        return Key(text[1:], True) if text.startswith("$") else Key(text)

    def every(self, c: list) -> KeySet:
        return KeySet("every")

    def literal(self, c: list) -> KeySet:
        return KeySet("literal", tuple(c))

    def named(self, c: list) -> KeySet:
        return KeySet("named", name=str(c[0]))


def _as_set(item: Key | KeySet) -> KeySet:
    return KeySet("key", (item,)) if isinstance(item, Key) else item


@cache
def _parser() -> Lark:
    grammar = (data_dir("grammars") / "expr.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", start="start")


@cache
def compile_relation(text: str) -> Relation:
    """Parse a relation; raise ``ValueError`` naming the column of the error."""
    try:
        left, op, right = _Build().transform(_parser().parse(text))
    except LarkError as error:
        column = getattr(error, "column", "?")
        raise ValueError(f"表达式第{column}个字符处语法错误 / expression syntax error at column {column}: {text!r}") from None
    return Relation(left, op, right, text)


@dataclass(frozen=True, slots=True)
class Used:
    """A cell that took part in an evaluation, with its place in the model."""

    table: Table
    row: Row
    cell: Cell
    side: str


class Evaluator:
    """Evaluates terms against one report with variable bindings and named lists."""

    def __init__(self, report: Report, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> None:
        self.report = report
        self.specs = specs
        self.lists = lists

    def value(self, term: Term, bindings: Mapping[str, str], side: str, used: list[Used]) -> Value | None:
        """The term's value, or None when any input is missing or not a number."""
        if isinstance(term, Const):
            return term.value
        if isinstance(term, Scaled):
            inner = self.value(term.term, bindings, side, used)
            return None if inner is None else inner * term.factor
        if isinstance(term, Sum):
            total: Value = 0
            for sign, inner in term.terms:
                part = self.value(inner, bindings, side, used)
                if part is None:
                    return None
                total += sign * part
            return total
        if isinstance(term, CellRef):
            return self._cell(term.table, self._key(term.row, bindings), self._key(term.column, bindings), side, used)
        total = 0
        for row in self.keys(term.table, term.rows, bindings, "rows"):
            for column in self.keys(term.table, term.columns, bindings, "columns"):
                part = self._cell(term.table, row, column, side, used)
                if part is None:
                    return None
                total += part
        return total

    def keys(self, table: str, keyset: KeySet, bindings: Mapping[str, str], axis: str) -> list[str]:
        if keyset.kind == "every":
            spec = self.specs.get(table)
            if spec is None:
                return []
            return [r.key for r in spec.data_rows] if axis == "rows" else [c.key for c in spec.columns]
        if keyset.kind == "named":
            return list(self.lists.get(keyset.name, ()))
        return [self._key(k, bindings) for k in keyset.keys]

    @staticmethod
    def _key(key: Key, bindings: Mapping[str, str]) -> str:
        return bindings.get(key.name, "") if key.variable else key.name

    def _cell(self, table_key: str, row_key: str, column: str, side: str, used: list[Used]) -> Value | None:
        table = self.report.table(table_key)
        row = table.row(row_key) if table else None
        if table is None or row is None or row.status is not RowStatus.OK:
            return None
        cell = row.cell(column)
        if cell is None or cell.kind is not CellKind.NUMBER or cell.value is None:
            return None
        used.append(Used(table, row, cell, side))
        return cell.value
