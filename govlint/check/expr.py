"""The rule relation language (grammars/expr.lark): parsed into named tuples, never Python.

A relation is one or more comparisons (chained, ``a <= b <= c``, or joined with 且 / ``and``);
each side is arithmetic over cells: ``+ - * /``, a leading minus, numbers and percentages
(``50%``), ``sum(…)`` over key sets and the rule's named terms.  Numbers are exact: integers
stay integers, decimals and quotients are :class:`~fractions.Fraction` values.
:mod:`govlint.check.expr_grammar` parses a relation's text with Lark into the terms of :mod:`govlint.check.expr_terms`,
this module compiles and keeps relations, and :mod:`govlint.check.evaluate` evaluates them.
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction
from typing import Any, Iterable, Iterator, Mapping

# The terms live in :mod:`.expr_terms`, which the parser (:mod:`.expr_grammar`) builds without importing this module;
# they are this module's too, as they always were, for rule authors and plugins.
from .expr_terms import GRAMMAR as GRAMMAR
from .expr_terms import PREVIOUS as PREVIOUS
from .expr_terms import Binary as Binary
from .expr_terms import CellRef as CellRef
from .expr_terms import CellSum as CellSum
from .expr_terms import Comparison as Comparison
from .expr_terms import Const as Const
from .expr_terms import Key as Key
from .expr_terms import KeySet as KeySet
from .expr_terms import Named as Named
from .expr_terms import Neg as Neg
from .expr_terms import Relation as Relation
from .expr_terms import Term as Term
from .expr_terms import Value as Value
from .expr_terms import cells_of as cells_of
from .expr_terms import walk as walk


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
    from .expr_grammar import parse as _parse  # Lark loads only for a relation not known already (:func:`remember`)

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
