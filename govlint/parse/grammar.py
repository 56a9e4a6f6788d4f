"""The Lark LALR parser over classified lines, built once per process."""

from __future__ import annotations

from functools import cache
from typing import Iterator

from lark import Lark, Token
from lark.lexer import Lexer

from .._data import data_dir
from ..cache import lark_cache
from .lines import Line
from .tree import Shape


# A run of these kinds is one token: the grammar only ever continues a run of table lines in the
# table it is in (a row after a row, a header after a header), and makes each text line a block
# of its own, so one token stands for the whole run (Lark's work is per token).
_RUN_OF = {"ROW": "ROW", "ROWLABEL": "ROW", "HEADER": "HEADER", "TEXT": "TEXT"}


class LineLexer(Lexer):
    """Feeds Lark one token per classified line, or per run of table rows, header lines or text lines;
    the token's value is the line's index, or ``first:last`` for a run (see :func:`tree.indexes`)."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, lines: list[Line]) -> Iterator[Token]:  # type: ignore[override]
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            run = _RUN_OF.get(line.kind)
            last = index
            while run is not None and last + 1 < count and _RUN_OF.get(lines[last + 1].kind) == run:
                last += 1
            value = str(index) if last == index else f"{index}:{last}"
            yield Token(run or line.kind, value, line=line.number, column=line.column)
            index = last + 1


@cache
def report_parser() -> Lark:
    grammar = (data_dir("grammars") / "report.lark").read_text(encoding="utf-8")
    return Lark(
        grammar, parser="lalr", lexer=LineLexer, maybe_placeholders=False, transformer=Shape(), cache=lark_cache("report")
    )
