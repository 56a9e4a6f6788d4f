"""Compile and evaluate the rule relation language (grammars/expr.lark).

Compiled relations are plain frozen dataclasses; evaluation looks cells up in the
report model and never evaluates Python.  A relation whose inputs are not all numbers
in complete rows is *not judged*: evaluation returns None and the rules on rows and
cells report why.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Callable, Mapping, Sequence, Union

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedEOF

from .._data import data_dir
from ..cache import lark_cache
from ..model import Cell, CellKind, Report, Row, RowStatus, Table
from ..templates import TableSpec
from .base import type_problem

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

    def names_cells(self) -> bool:
        """Whether any cell takes part: a relation of constants alone is a mistake in the rule."""
        return _names_cells(self.left) or _names_cells(self.right)


def star_axis(variable: str) -> str:
    """The axis a ``for_each`` variable bound to "*" ranges over: names starting with ``row`` take
    the data rows of the rule's table, any other name its columns."""
    return "rows" if variable.startswith("row") else "columns"


def _key_text(key: Key) -> str:
    return ("$" if key.variable else "") + key.name


def _names_cells(term: Term) -> bool:
    if isinstance(term, (CellRef, CellSum)):
        return True
    if isinstance(term, Sum):
        return any(_names_cells(inner) for _, inner in term.terms)
    return isinstance(term, Scaled) and _names_cells(term.term)


def _number(token: Token) -> Value:
    """「12」, 「0.5」; 「1e5」 (which the grammar's NUMBER admits) fails, and :func:`explain` says why."""
    if "e" in token.lower():
        raise ValueError(f"exponent in {token!r}")
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
    return Lark(grammar, parser="lalr", start="start", cache=lark_cache("expr"))


@cache
def compile_relation(text: str) -> Relation:
    """Parse a relation; raise ``ValueError`` naming the column of the error and what is not allowed there.

    The text is bounded before it is parsed (length and bracket depth), so a rule of 2,000
    nested parentheses is a clear error, not a recursion overflow in the tree transformer.
    """
    _check_bounds(text)
    try:
        left, op, right = _Build().transform(_parser().parse(text))
    except LarkError as error:
        column, chinese, english = explain(text, error)
        raise ValueError(
            f"表达式第{column}个字符处语法错误：{chinese} / expression syntax error at column {column}: {english}: {text!r}"
        ) from None
    return Relation(left, op, right, text)


MAX_EXPRESSION_CHARS = 4000  # the longest built-in relation has about 150
MAX_NESTING = 16  # brackets and parentheses inside one another


def _check_bounds(text: str) -> None:
    if len(text) > MAX_EXPRESSION_CHARS:
        raise ValueError(f"表达式超过 {MAX_EXPRESSION_CHARS} 个字符 / expression longer than {MAX_EXPRESSION_CHARS} characters")
    level = 0
    for column, char in enumerate(text, start=1):
        level += (char in "([{") - (char in ")]}")
        if level > MAX_NESTING:
            raise ValueError(
                f"表达式第{column}个字符处括号嵌套超过 {MAX_NESTING} 层 / expression nested deeper than {MAX_NESTING} levels at column {column}"
            )


# Constructs the language does not have, found anywhere in a text that failed to parse.
_NOT_ALLOWED: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"%"), "不支持百分号，请写成 * 100", "no percent sign: write * 100"),
    (re.compile(r"\*\*|\^"), "不支持乘方", "no powers"),
    (re.compile(r"\b\d+(?:\.\d+)?[eE][+\-]?\d+"), "不支持科学计数法，请写出整个数", "no exponent notation: write the number out"),
    (re.compile(r"/"), "不支持除法，请把除数乘到另一边（a / b >= 0.1 写成 a >= b * 0.1）", "no division: multiply the other side instead"),
    (re.compile(r"(?<![=!<>])=(?!=)"), "相等请写成 ==", "write == for equality"),
    (re.compile(r"[（）［］【】｛｝＋－＊／＝＜＞≤≥≠×÷，＄＠％]"), "不支持全角符号，请改用半角（( ) [ ] + - * == <= , 等）", "full-width symbol: use the ASCII one"),
    (re.compile(r"[\'\"]"), "不支持引号，键名直接写", "no quotes: write keys bare"),
    (re.compile(r"\b(?:and|or|not)\b|&&|\|\|"), "一条规则只写一个关系式，不支持 and、or、not", "one relation per rule: no and, or, not"),
    (re.compile(r"\b(?!sum\b)[A-Za-z_]\w*\s*\("), "不支持函数，只有 sum(…)", "no functions but sum(…)"),
)
_SYMBOLS = {  # grammar terminal → (Chinese, English)
    "NUMBER": ("数字", "a number"), "NAME": ("键名", "a key"), "VAR": ("$变量", "a $variable"),
    "COMPARE": ("比较符", "a comparison"), "ADDOP": ("+ -", "+ -"), "$END": ("表达式结束", "the end"),
    "RSQB": ("]", "]"), "LSQB": ("[", "["), "RPAR": (")", ")"), "LPAR": ("(", "("), "RBRACE": ("}", "}"),
    "COMMA": (",", ","), "STAR": ("*", "*"), "SUM": ("sum", "sum"),
}


def explain(text: str, error: LarkError) -> tuple[int | str, str, str]:
    """Column, Chinese and English words for what is wrong: the construct that is not
    allowed when one can be named, else what the grammar expected at that point."""
    found = [(m.start(), m.group(0).strip(), zh, en) for pattern, zh, en in _NOT_ALLOWED if (m := pattern.search(text))]
    if found:
        start, construct, zh, en = min(found)
        return start + 1, f"{zh}（「{construct}」）", f"{en} ({construct!r})"
    token = getattr(error, "token", None)
    expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    column = getattr(error, "column", "?")
    value = str(token) if token is not None else ""
    before = text[: column - 1].rstrip() if isinstance(column, int) and column > 0 else ""
    if token is not None and token.type == "$END" or not value and isinstance(error, UnexpectedEOF):
        column = len(text) + 1
        if expected == {"COMPARE"}:
            return column, "缺少比较符（== != <= >= < >）", "no comparison (== != <= >= < >)"
        return column, "表达式不完整", "the expression ends too early"
    if expected == {"NUMBER"} and before.endswith("*"):
        return column, "「*」后只能是一个数：不支持两个单元格相乘，也不支持乘以括号", "* takes a number: no cell times cell"
    if value == "*" and "STAR" not in expected:
        return column, "一项只能乘一个数，请把几个数乘成一个", "one factor per term: multiply the numbers together"
    if token is not None and token.type == "COMPARE" and "$END" in expected:
        return column, "一个关系式只能有一个比较符", "one comparison per relation"
    if value in ("{", "@", "*") and before.endswith("["):
        return column, "{…}、@列表 和 * 只能用在 sum(…) 里", "{…}, @list and * only inside sum(…)"
    if value in ("-", "+") and (not before or before.endswith(("(", "=", "<", ">"))):
        return column, "不支持正负号开头，请移项（-a + b 写成 b - a）", "no leading sign: write b - a"
    if expected == {"LSQB"} and before.endswith("]") and value != "]":
        return column, "单元格写作 表[行][列]，这里缺少列", "a cell is table[row][column]: the column is missing"
    if expected == {"RPAR"} and "sum(" in before:
        return column, "sum(…) 里只能写一组单元格：表[行][列]", "sum(…) holds one set of cells: table[rows][columns]"
    names = [_SYMBOLS.get(name, (name, name)) for name in sorted(expected)]
    return (
        column,
        f"此处是「{value}」，应为 {'、'.join(zh for zh, _ in names) or '?'}",
        f"found {value!r}, expected {', '.join(en for _, en in names) or '?'}",
    )


@dataclass(frozen=True, slots=True)
class Used:
    """A cell that took part in an evaluation, with its place in the model."""

    table: Table
    row: Row
    cell: Cell
    side: str


Grid = dict[tuple[str, str, str], tuple[Table, Row, Cell]]


def number_grid(report: Report) -> Grid:
    """Every usable number of the report by (table, row, column): complete rows, numbers of the
    right type only (the first of repeated rows)."""
    grid: Grid = {}
    for table in report.tables:
        if table.key is None:
            continue
        types = {c.key: c.value_type for c in table.columns}
        for row in table.rows:
            if row.key is None or row.status is not RowStatus.OK:
                continue
            for cell in row.cells:
                value = cell.value
                if cell.kind is not CellKind.NUMBER or value is None or cell.column is None:
                    continue
                plain = type(value) is int and value >= 0 and not cell.raw.endswith("元")  # the usual case, quickly
                if plain or not type_problem(types.get(cell.column, "count"), cell):  # a bad number has its own finding
                    grid.setdefault((table.key, row.key, cell.column), (table, row, cell))
    return grid


class Keys:
    """Resolves key sets (a key, $variable, {literal}, @list, *) to row or column keys."""

    def __init__(self, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> None:
        self.specs = specs
        self.lists = lists
        self._keys: dict[tuple[str, KeySet, str], list[str]] = {}

    def keys(self, table: str, keyset: KeySet, bindings: Mapping[str, str], axis: str) -> list[str]:
        if _variable(keyset):
            return [self.key(k, bindings) for k in keyset.keys]
        memo = (table, keyset, axis)
        if memo not in self._keys:
            self._keys[memo] = self._fixed_keys(table, keyset, bindings, axis)
        return self._keys[memo]

    def _fixed_keys(self, table: str, keyset: KeySet, bindings: Mapping[str, str], axis: str) -> list[str]:
        if keyset.kind == "every":
            spec = self.specs.get(table)
            if spec is None:
                return []
            return [r.key for r in spec.data_rows] if axis == "rows" else [c.key for c in spec.columns]
        if keyset.kind == "named":
            return list(self.lists.get(keyset.name, ()))
        return [self.key(k, bindings) for k in keyset.keys]

    @staticmethod
    def key(key: Key, bindings: Mapping[str, str]) -> str:
        return bindings.get(key.name, "") if key.variable else key.name


class Evaluator:
    """Evaluates terms against one report with variable bindings and named lists."""

    def __init__(
        self, report: Report, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]], grid: Grid | None = None
    ) -> None:
        self.report = report
        self.specs = specs
        self.lists = lists
        self.grid = grid if grid is not None else number_grid(report)
        self.resolve = Keys(specs, lists)

    def value(self, term: Term, bindings: Mapping[str, str], side: str, used: list[Used] | None) -> Value | None:
        """The term's value, or None when any input is missing or not a number.

        ``used`` collects the cells taken part; pass None to skip that bookkeeping (most
        relations hold, and only a broken one needs its evidence).
        """
        if isinstance(term, CellRef):
            return self._cell(term.table, Keys.key(term.row, bindings), Keys.key(term.column, bindings), side, used)
        if isinstance(term, Sum):
            total: Value = 0
            for sign, inner in term.terms:
                part = self.value(inner, bindings, side, used)
                if part is None:
                    return None
                total += sign * part
            return total
        if isinstance(term, Const):
            return term.value
        if isinstance(term, Scaled):
            inner = self.value(term.term, bindings, side, used)
            return None if inner is None else inner * term.factor
        total = 0  # a CellSum
        for row in self.resolve.keys(term.table, term.rows, bindings, "rows"):
            for column in self.resolve.keys(term.table, term.columns, bindings, "columns"):
                part = self._cell(term.table, row, column, side, used)
                if part is None:
                    return None
                total += part
        return total

    def _cell(self, table_key: str, row_key: str, column: str, side: str, used: list[Used] | None) -> Value | None:
        found = self.grid.get((table_key, row_key, column))
        if found is None:
            return None
        if used is not None:
            used.append(Used(*found, side))
        return found[2].value


Fast = Callable[[Grid, Mapping[str, str]], "Value | None"]


def compile_fast(term: Term, specs: Mapping[str, TableSpec], lists: Mapping[str, Sequence[str]]) -> Fast:
    """The term as a closure over (grid, bindings): the hot path of relations that hold.

    Built once per rule and template from the compiled relation (never from text), with
    fixed keys and lists resolved in advance; :class:`Evaluator` is still what gathers the
    evidence of a relation that fails.
    """
    resolver = Keys(specs, lists)
    if isinstance(term, CellRef):
        table, row, column = term.table, term.row, term.column
        if not row.variable and not column.variable:
            fixed = (table, row.name, column.name)
            return lambda grid, b: _value_of(grid.get(fixed))
        return lambda grid, b: _value_of(
            grid.get((table, b.get(row.name, "") if row.variable else row.name, b.get(column.name, "") if column.variable else column.name))
        )
    if isinstance(term, Sum):
        parts = tuple((sign, compile_fast(inner, specs, lists)) for sign, inner in term.terms)

        def total(grid: Grid, b: Mapping[str, str]) -> Value | None:
            result: Value = 0
            for sign, part in parts:
                value = part(grid, b)
                if value is None:
                    return None
                result += sign * value
            return result

        return total
    if isinstance(term, Const):
        constant = term.value
        return lambda grid, b: constant
    if isinstance(term, Scaled):
        inner, factor = compile_fast(term.term, specs, lists), term.factor
        return lambda grid, b: None if (v := inner(grid, b)) is None else v * factor
    table_key, row_set, column_set = term.table, term.rows, term.columns
    # Key sets without variables are the same for every binding: resolve them once, here.
    fixed_rows = None if _variable(row_set) else resolver.keys(table_key, row_set, {}, "rows")
    fixed_columns = None if _variable(column_set) else resolver.keys(table_key, column_set, {}, "columns")

    def cells(grid: Grid, b: Mapping[str, str]) -> Value | None:
        result: Value = 0
        rows = fixed_rows if fixed_rows is not None else resolver.keys(table_key, row_set, b, "rows")
        columns = fixed_columns if fixed_columns is not None else resolver.keys(table_key, column_set, b, "columns")
        for row in rows:
            for column in columns:
                value = _value_of(grid.get((table_key, row, column)))
                if value is None:
                    return None
                result += value
        return result

    return cells


def _variable(keyset: KeySet) -> bool:
    return any(k.variable for k in keyset.keys)


def _value_of(found: tuple[Table, Row, Cell] | None) -> Value | None:
    return None if found is None else found[2].value
