"""The rule relation language (grammars/expr.lark): parsed into named tuples, never Python.

A relation is one or more comparisons (chained, ``a <= b <= c``, or joined with 且 / ``and``);
each side is arithmetic over cells: ``+ - * /``, a leading minus, numbers and percentages
(``50%``), ``sum(…)`` over key sets and the rule's named terms.  Numbers are exact: integers
stay integers, decimals and quotients are :class:`~fractions.Fraction` values.
:mod:`govlint.check.evaluate` evaluates what this module builds.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Union

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedEOF, VisitError

from .._data import data_dir
from ..cache import lark_cache

Value = Union[int, Fraction]


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Key(NamedTuple):
    """A row or column key as written: a name, or a ``$variable`` of the rule's ``for_each``."""

    name: str
    variable: bool = False

    def text(self) -> str:
        return ("$" if self.variable else "") + self.name


class KeySet(NamedTuple):
    """The rows or columns ``sum(…)`` adds: one key, ``*``, a ``{…}`` list or a template's ``@group``."""

    kind: str  # key | every | literal | named
    keys: tuple[Key, ...] = ()
    name: str = ""

    def text(self) -> str:
        if self.kind == "every":
            return "*"
        if self.kind == "named":
            return f"@{self.name}"
        texts = [k.text() for k in self.keys]
        return texts[0] if self.kind == "key" else "{" + ", ".join(texts) + "}"


class CellRef(NamedTuple):
    """One cell of this report, ``table[row][column]``, or of last year's, ``prev.table[row][column]``."""

    table: str
    row: Key
    column: Key
    previous: bool = False

    def text(self) -> str:
        return f"{PREVIOUS if self.previous else ''}{self.table}[{self.row.text()}][{self.column.text()}]"

    @property
    def grid_table(self) -> str:
        """The table's key in a number grid: last year's cells are filed under ``prev.<table>``."""
        return PREVIOUS + self.table if self.previous else self.table


PREVIOUS = "prev."


class CellSum(NamedTuple):
    """``sum(table[rows][columns])``: the cells of a table that both key sets name."""

    table: str
    rows: KeySet
    columns: KeySet

    def text(self) -> str:
        return f"sum({self.table}[{self.rows.text()}][{self.columns.text()}])"


class Const(NamedTuple):
    """An exact number: an integer, or a fraction (decimals, percentages, quotients)."""

    value: Value


class Neg(NamedTuple):
    """A leading minus before a term that is not a number."""

    term: "Term"


class Binary(NamedTuple):
    """Two terms joined by ``+ - * /`` (cell × cell is refused when parsed)."""

    op: str  # + - * /
    left: "Term"
    right: "Term"


class Named(NamedTuple):
    """One of the rule's named terms (``terms: {open: t3[r3_1_open][total]}``), used by name."""

    name: str
    term: "Term"


Term = Union[CellRef, CellSum, Const, Neg, Binary, Named]


class Comparison(NamedTuple):
    """One comparison of two sides; a chain ``a <= b <= c`` is two of them."""

    left: Term
    op: str
    right: Term


class Relation(NamedTuple):
    """A rule's relation: every comparison must hold.  ``text`` is the relation as written."""

    comparisons: tuple[Comparison, ...]
    text: str


def walk(term: Term) -> Iterator[Term]:
    """The term and every term inside it, in the order written."""
    yield term
    if isinstance(term, (Neg, Named)):
        yield from walk(term.term)
    elif isinstance(term, Binary):
        yield from walk(term.left)
        yield from walk(term.right)


def cells_of(term: Term) -> list[CellRef | CellSum]:
    """The cell references of a term, in the order written."""
    return [node for node in walk(term) if isinstance(node, (CellRef, CellSum))]


def names_previous(relation: Relation) -> bool:
    """Whether the relation names a cell of last year's report (the rule needs one to run)."""
    return any(cell.previous for cell in previous_cells(relation))


def previous_cells(relation: Relation) -> list[CellRef]:
    """The ``prev.`` cells of a relation, in the order written."""
    return [
        node for c in relation.comparisons for side in (c.left, c.right) for node in walk(side) if isinstance(node, CellRef) and node.previous
    ]


def unscaled(term: Term) -> Term:
    """The term without its constant factors and divisors (``a * 10`` → ``a``, ``2 * (a + b)`` → ``a + b``)."""
    while isinstance(term, Binary) and term.op in "*/":
        if isinstance(term.right, Const):
            term = term.left
        elif isinstance(term.left, Const) and term.op == "*":
            term = term.right
        else:
            break
    return term


def star_axis(variable: str) -> str:
    """The axis a ``for_each`` variable bound to "*" ranges over: names starting with ``row`` take
    the data rows of the rule's table, any other name its columns."""
    return "rows" if variable.startswith("row") else "columns"


def _number(token: Token) -> Value:
    """「12」, 「0.5」 exactly; 「1e5」 (which the grammar's NUMBER admits) fails, and :func:`explain` says why."""
    if "e" in token.lower():
        raise ValueError(f"exponent in {token!r}")
    value = Fraction(Decimal(str(token)))
    return value.numerator if value.denominator == 1 else value


class _Refused(ValueError):
    """A construct that parses but has no meaning (cell × cell, a division by zero, an unknown name)."""

    def __init__(self, column: int, chinese: str, english: str) -> None:
        super().__init__(chinese)
        self.column, self.chinese, self.english = column, chinese, english


@v_args(meta=True)
class _Build(Transformer[Token, Any]):
    def __init__(self, text: str, terms: Mapping[str, Term]) -> None:
        super().__init__()
        self.text = text
        self.terms = terms

    def relation(self, meta: object, c: list[Any]) -> tuple[Comparison, ...]:
        return tuple(comparison for chain in c if not isinstance(chain, Token) for comparison in chain)

    def comparison(self, meta: object, c: list[Any]) -> list[Comparison]:
        return [Comparison(c[i], str(c[i + 1]), c[i + 2]) for i in range(0, len(c) - 1, 2)]

    def add(self, meta: object, c: list[Any]) -> Term:
        return _fold("+", c[0], c[1])

    def sub(self, meta: object, c: list[Any]) -> Term:
        return _fold("-", c[0], c[1])

    def mul(self, meta: object, c: list[Any]) -> Term:
        if cells_of(c[0]) and cells_of(c[1]):
            star = self.text.find("*", meta.start_pos) + 1  # type: ignore[attr-defined]
            raise _Refused(star, "不支持两个单元格相乘，「*」的一边须是数", "no cell times cell: one side of * must be a number")
        return _fold("*", c[0], c[1])

    def div(self, meta: object, c: list[Any]) -> Term:
        if isinstance(c[1], Const) and c[1].value == 0:
            raise _Refused(meta.column, "除数是 0", "division by zero")  # type: ignore[attr-defined]
        return _fold("/", c[0], c[1])

    def neg(self, meta: object, c: list[Any]) -> Term:
        return Const(-c[0].value) if isinstance(c[0], Const) else Neg(c[0])

    def const(self, meta: object, c: list[Any]) -> Const:
        return Const(_number(c[0]))

    def percent(self, meta: object, c: list[Any]) -> Const:
        value = Fraction(Decimal(str(c[0])[:-1])) / 100
        return Const(value.numerator if value.denominator == 1 else value)

    def term(self, meta: object, c: list[Any]) -> Named:
        name = str(c[0])
        if name not in self.terms:
            known = "、".join(self.terms) or "无"
            raise _Refused(meta.column, f"「{name}」不是单元格，也不是 terms 中定义的名字（已定义：{known}）；单元格写作 表[行][列]",  # type: ignore[attr-defined]
                           f"{name!r} is neither a cell nor a named term")
        return Named(name, self.terms[name])

    def total(self, meta: object, c: list[Any]) -> CellSum:
        cells: CellSum = c[0]
        return cells

    def cell(self, meta: object, c: list[Any]) -> CellRef:
        return CellRef(str(c[0]), c[1], c[2])

    def prev_cell(self, meta: object, c: list[Any]) -> CellRef:
        return CellRef(str(c[0]), c[1], c[2], previous=True)

    def cells(self, meta: object, c: list[Any]) -> CellSum:
        return CellSum(str(c[0]), _as_set(c[1]), _as_set(c[2]))

    def key(self, meta: object, c: list[Any]) -> Key:
        text = str(c[0])
        return Key(text[1:], True) if text.startswith("$") else Key(text)

    def every(self, meta: object, c: list[Any]) -> KeySet:
        return KeySet("every")

    def literal(self, meta: object, c: list[Any]) -> KeySet:
        return KeySet("literal", tuple(c))

    def named(self, meta: object, c: list[Any]) -> KeySet:
        return KeySet("named", name=str(c[0]))


def _fold(op: str, left: Term, right: Term) -> Term:
    """Constants computed once, exactly (``10 * 3`` → 30, ``1 / 3`` stays a fraction)."""
    if isinstance(left, Const) and isinstance(right, Const):
        a, b = left.value, right.value
        value = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else Fraction(a) / b
        return Const(value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value)
    return Binary(op, left, right)


def _as_set(item: Key | KeySet) -> KeySet:
    return KeySet("key", (item,)) if isinstance(item, Key) else item


GRAMMAR = data_dir("grammars") / "expr.lark"


@cache
def _parser() -> Lark:
    grammar = GRAMMAR.read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", start="start", propagate_positions=True, cache=lark_cache("expr"))


def compile_relation(text: str, terms: Mapping[str, str] | None = None) -> Relation:
    """Parse a relation (with the rule's named ``terms``); raise ``ValueError`` naming the column
    of the error and the construct that is not allowed there.

    The text is bounded before it is parsed (length and bracket depth), so a rule of 2,000
    nested parentheses is a clear error, not a recursion overflow in the tree transformer.
    """
    return _compile(text, tuple((terms or {}).items()))


Source = tuple[str, tuple[tuple[str, str], ...]]  # a relation's text and the rule's named terms
_COMPILED: dict[Source, Relation] = {}  # every relation this process parsed or read back (:func:`remember`)
_RECORDERS: list[set[Source]] = []  # the open :func:`recording` blocks


def _compile(text: str, terms: tuple[tuple[str, str], ...]) -> Relation:
    for recorder in _RECORDERS:
        recorder.add((text, terms))
    relation = _COMPILED.get((text, terms))
    if relation is None:
        relation = _COMPILED[text, terms] = _parsed(text, terms)
    return relation


@contextmanager
def recording() -> Iterator[set[Source]]:
    """The relations compiled inside the block (a rule pack being validated), to store with it."""
    found: set[Source] = set()
    _RECORDERS.append(found)
    try:
        yield found
    finally:
        _RECORDERS.remove(found)


def stored(sources: Iterable[Source]) -> list[Any]:
    """The compiled relations of ``sources`` as JSON data (:func:`remember` reads it back): so that
    a warm start neither loads the expression grammar nor parses a rule's relation again."""
    return [[text, [list(t) for t in terms], [_comparison_data(c) for c in _COMPILED[text, terms].comparisons]] for text, terms in sorted(sources)]


def remember(data: Any) -> None:
    """Relations stored by :func:`stored`, known from now on as if parsed; data that is not such a
    list (a cache of another version) is ignored, and each relation is then parsed when used."""
    try:
        relations = {(text, tuple((name, term) for name, term in terms)): Relation(tuple(map(_comparison, comparisons)), text) for text, terms, comparisons in data}
    except (TypeError, ValueError, KeyError):
        return
    for source, relation in relations.items():
        _COMPILED.setdefault(source, relation)


def _comparison_data(comparison: Comparison) -> list[Any]:
    return [_term_data(comparison.left), comparison.op, _term_data(comparison.right)]


def _comparison(data: Any) -> Comparison:
    left, op, right = data
    if op not in COMPARISON_OPS:
        raise ValueError(op)
    return Comparison(_term(left), op, _term(right))


COMPARISON_OPS = ("==", "!=", "<=", ">=", "<", ">")


def _term_data(term: Term) -> list[Any]:
    """A term as nested lists of strings, numbers and booleans, its kind first."""
    if isinstance(term, CellRef):
        return ["cell", term.table, _key_data(term.row), _key_data(term.column), term.previous]
    if isinstance(term, CellSum):
        return ["sum", term.table, _set_data(term.rows), _set_data(term.columns)]
    if isinstance(term, Const):
        value = Fraction(term.value)
        return ["const", value.numerator, value.denominator]
    if isinstance(term, Neg):
        return ["neg", _term_data(term.term)]
    if isinstance(term, Binary):
        return ["binary", term.op, _term_data(term.left), _term_data(term.right)]
    return ["named", term.name, _term_data(term.term)]


def _term(data: Any) -> Term:
    kind, *parts = data
    if kind == "cell":
        table, row, column, previous = parts
        return CellRef(_text(table), _key(row), _key(column), previous is True)
    if kind == "sum":
        table, rows, columns = parts
        return CellSum(_text(table), _set(rows), _set(columns))
    if kind == "const":
        numerator, denominator = parts
        value = Fraction(numerator, denominator)  # int parts only: a float or text raises TypeError
        return Const(value.numerator if value.denominator == 1 else value)
    if kind == "neg":
        return Neg(_term(parts[0]))
    if kind == "binary" and parts[0] in ("+", "-", "*", "/"):
        return Binary(parts[0], _term(parts[1]), _term(parts[2]))
    if kind == "named":
        return Named(_text(parts[0]), _term(parts[1]))
    raise ValueError(kind)


def _key_data(key: Key) -> list[Any]:
    return [key.name, key.variable]


def _key(data: Any) -> Key:
    name, variable = data
    return Key(_text(name), variable is True)


def _set_data(keys: KeySet) -> list[Any]:
    return [keys.kind, [_key_data(k) for k in keys.keys], keys.name]


def _set(data: Any) -> KeySet:
    kind, keys, name = data
    if kind not in ("key", "every", "literal", "named"):
        raise ValueError(kind)
    return KeySet(kind, tuple(map(_key, keys)), _text(name))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _parsed(text: str, terms: tuple[tuple[str, str], ...]) -> Relation:
    named: dict[str, Term] = {}
    for name, term_text in terms:  # a term may use the terms defined before it
        try:
            named[name] = _parse(f"{term_text} == 0", named)[0].left
        except ValueError as error:
            raise ValueError(f"terms.{name}: {error}") from None
    return Relation(_parse(text, named), text)


def require_cells(relation: Relation) -> None:
    """A comparison of constants alone is a mistake in the rule: it would hold or fail everywhere."""
    for comparison in relation.comparisons:
        if not cells_of(comparison.left) and not cells_of(comparison.right):
            raise ValueError(f"比较式没有引用任何单元格 / the comparison names no cell: {relation.text}")


def compile_term(text: str) -> Term:
    """A bare term (「t3[r1_new][total] + t3[r2_carried][total]」), without a comparison."""
    return _compile(f"{text} == 0", ()).comparisons[0].left


def _parse(text: str, terms: Mapping[str, Term]) -> tuple[Comparison, ...]:
    _check_bounds(text)
    column: int | str
    try:
        comparisons: tuple[Comparison, ...] = _Build(text, terms).transform(_parser().parse(text))
        return comparisons
    except VisitError as wrapped:
        refused = wrapped.orig_exc
        if isinstance(refused, _Refused):
            column, chinese, english = refused.column, refused.chinese, refused.english
        else:  # a number the grammar admits and the language does not (1e3)
            column, chinese, english = explain(text, wrapped)
    except LarkError as error:
        column, chinese, english = explain(text, error)
    raise ValueError(
        f"表达式第{column}个字符处语法错误：{chinese} / expression syntax error at column {column}: {english}: {text!r}"
    ) from None


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
# Regular expressions as text: compiled only when a rule has an error to explain.
_NOT_ALLOWED: tuple[tuple[str, str, str], ...] = (
    (r"(?<![\d.])%", "百分号只能紧跟在数后（50%）", "% only right after a number (50%)"),
    (r"\*\*|\^", "不支持乘方", "no powers"),
    (r"\b\d+(?:\.\d+)?[eE][+\-]?\d+", "不支持科学计数法，请写出整个数", "no exponent notation: write the number out"),
    (r"(?<![=!<>])=(?!=)", "相等请写成 ==", "write == for equality"),
    (r"[（）［］【】｛｝＋－＊／＝＜＞≤≥≠×÷，＄＠％]", "不支持全角符号，请改用半角（( ) [ ] + - * / == <= , 等）", "full-width symbol: use the ASCII one"),
    (r"[\'\"]", "不支持引号，键名直接写", "no quotes: write keys bare"),
    (r"\b(?:or|not)\b|&&|\|\||或", "不支持 or、not：几个比较式只能用 且 / and 连接，须全部成立", "no or, not: comparisons join with and (all must hold)"),
    (r"\b(?!sum\b)[A-Za-z_]\w*\s*\(", "不支持函数，只有 sum(…)", "no functions but sum(…)"),
)
_SYMBOLS = {  # grammar terminal → (Chinese, English)
    "NUMBER": ("数字", "a number"), "NAME": ("键名", "a key"), "VAR": ("$变量", "a $variable"),
    "COMPARE": ("比较符", "a comparison"), "PLUS": ("+", "+"), "MINUS": ("-", "-"), "$END": ("表达式结束", "the end"),
    "RSQB": ("]", "]"), "LSQB": ("[", "["), "RPAR": (")", ")"), "LPAR": ("(", "("), "RBRACE": ("}", "}"),
    "COMMA": (",", ","), "STAR": ("*", "*"), "SLASH": ("/", "/"), "SUM": ("sum", "sum"), "PERCENT": ("百分数", "a percentage"),
    "AND": ("且", "and"),
}


def explain(text: str, error: LarkError) -> tuple[int | str, str, str]:
    """Column, Chinese and English words for what is wrong: the construct that is not
    allowed when one can be named, else what the grammar expected at that point."""
    found = [(m.start(), m.group(0).strip(), zh, en) for pattern, zh, en in _NOT_ALLOWED if (m := re.search(pattern, text))]
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
        if "COMPARE" in expected and "AND" not in expected:
            return column, "缺少比较符（== != <= >= < >）", "no comparison (== != <= >= < >)"
        return column, "表达式不完整", "the expression ends too early"
    if value in ("{", "@", "*") and before.endswith("["):
        return column, "{…}、@列表 和 * 只能用在 sum(…) 里", "{…}, @list and * only inside sum(…)"
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
