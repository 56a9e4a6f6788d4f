"""Lark tree → raw blocks: the grammar's structure, with each token resolved to its line."""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Transformer

from .lines import Line


@dataclass(frozen=True, slots=True)
class RawTable:
    """A run of table lines, before it is bound to a template table."""

    lines: tuple[Line, ...]
    section: str | None


@dataclass(frozen=True, slots=True)
class RawSection:
    heading: Line
    blocks: tuple[Line | RawTable, ...]


@dataclass(frozen=True, slots=True)
class RawDocument:
    front: tuple[Line | RawTable, ...]
    sections: tuple[RawSection, ...]


class ToRaw(Transformer):
    """Resolves tokens (whose value is a line number) to :class:`Line` objects."""

    def __init__(self, lines: dict[int, Line]) -> None:
        super().__init__()
        self._lines = lines

    def _line(self, token: Token) -> Line:
        return self._lines[int(token)]

    def title(self, children: list[Token]) -> Line:
        return self._line(children[0])

    text = subhead = title

    def table(self, children: list[Token]) -> RawTable:
        return RawTable(tuple(self._line(t) for t in children), section=None)

    def front(self, children: list) -> tuple:
        return tuple(children)

    def section(self, children: list) -> RawSection:
        heading = self._line(children[0])
        blocks = tuple(
            RawTable(b.lines, heading.section) if isinstance(b, RawTable) else b for b in children[1:]
        )
        return RawSection(heading, blocks)

    def start(self, children: list) -> RawDocument:
        return RawDocument(front=children[0], sections=tuple(children[1:]))
