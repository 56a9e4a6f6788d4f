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


class LineLexer(Lexer):
    """Feeds Lark one token per classified line; the token's value is the line's index (a source
    line flattened into many logical lines gives them all one line number)."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, lines: list[Line]) -> Iterator[Token]:  # type: ignore[override]
        for index, line in enumerate(lines):
            yield Token(line.kind, str(index), line=line.number, column=line.column)


@cache
def report_parser() -> Lark:
    grammar = (data_dir("grammars") / "report.lark").read_text(encoding="utf-8")
    return Lark(
        grammar, parser="lalr", lexer=LineLexer, maybe_placeholders=False, transformer=Shape(), cache=lark_cache("report")
    )
