"""The report grammar's LALR parser over classified lines, built once per process.

It is the parse table Lark makes of grammars/report.lark (:mod:`.report_lalr`) run by :mod:`.lalr`, which loads
without importing the lark package; the tokens are our own, one per classified line or run of lines.
"""

from __future__ import annotations

from functools import cache
from typing import Iterator, cast

from . import report_lalr
from .lalr import Parser, Token
from .lines import Line
from .tree import Shape, Shaped


# A run of these kinds is one token: the grammar only ever continues a run of table lines in the
# table it is in (a row after a row, a header after a header), and makes each text line a block
# of its own, so one token stands for the whole run (Lark's work is per token).
_RUN_OF = {"ROW": "ROW", "ROWLABEL": "ROW", "HEADER": "HEADER", "TEXT": "TEXT"}


def line_tokens(lines: list[Line]) -> Iterator[Token]:
    """One token per classified line, or per run of table rows, header lines or text lines;
    the token's value is the line's index, or ``first:last`` for a run (see :func:`tree.indexes`)."""
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        run = _RUN_OF.get(line.kind)
        last = index
        while run is not None and last + 1 < count and _RUN_OF.get(lines[last + 1].kind) == run:
            last += 1
        value = str(index) if last == index else f"{index}:{last}"
        yield Token(run or line.kind, value, line.number, line.column)
        index = last + 1


@cache
def report_parser() -> Parser:
    return Parser(report_lalr.DATA, report_lalr.MEMO, Shape())


def parse_lines(lines: list[Line]) -> Shaped:
    """The report's shape: the parser applies :class:`Shape` as it parses (LALR), token by token."""
    return cast(Shaped, report_parser().parse(line_tokens(lines)))
