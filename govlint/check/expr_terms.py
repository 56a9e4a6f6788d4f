"""The relation language's terms (grammars/expr.lark, :data:`GRAMMAR`): the named tuples a relation is parsed into
(:mod:`.expr_grammar`), kept in the prepared rule pack (:mod:`.expr`) and evaluated (:mod:`.evaluate`), and the walks
over them."""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator, NamedTuple, Union

from .._data import data_dir

GRAMMAR = data_dir("grammars") / "expr.lark"

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
