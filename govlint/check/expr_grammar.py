"""Parsing the rule relation language (grammars/expr.lark) with Lark, and explaining its syntax errors.

Apart from :mod:`govlint.check.expr_terms`, which holds what a relation is made of, and :mod:`govlint.check.expr`,
which compiles and keeps relations: a start that reads the rules' relations compiled from the rule pack never imports
Lark.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any, Mapping

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedEOF, VisitError

from ..cache import lark_cache
from .expr_terms import GRAMMAR, Binary, CellRef, CellSum, Comparison, Const, Key, KeySet, Named, Neg, Term, Value, cells_of


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


@cache
def _parser() -> Lark:
    grammar = GRAMMAR.read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", start="start", propagate_positions=True, cache=lark_cache("expr"))


def parse(text: str, terms: Mapping[str, Term]) -> tuple[Comparison, ...]:
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
