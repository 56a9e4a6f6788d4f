"""The grammar's structure as raw blocks, built while parsing (no intermediate parse tree).

The LALR parser (:mod:`.grammar`) applies :class:`Shape` as it parses, so each rule becomes a small tuple of
line indexes at once; :func:`resolve` then swaps indexes for the classified lines.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .lines import Line
from .lalr import Token


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class RawTable(NamedTuple):
    """A run of table lines, before it is bound to a template table."""

    lines: tuple[Line, ...]
    section: str | None


class RawSection(NamedTuple):
    heading: Line
    blocks: tuple[Line | RawTable, ...]


class RawDocument(NamedTuple):
    front: tuple[Line | RawTable, ...]
    sections: tuple[RawSection, ...]


Shaped = tuple[list[int | tuple[int, ...]], list[tuple[int, list[int | tuple[int, ...]]]]]


class Shape:
    """Rule callbacks: a block is a line index, a table a tuple of them, a section a pair."""

    def title(self, children: list[Token]) -> int:
        return int(children[0])

    subhead = title

    def text(self, children: list[Token]) -> range:
        return indexes(children[0])  # a run of text lines: a block each (see ``_blocks``)

    def table(self, children: list[Token]) -> tuple[int, ...]:
        return tuple(index for token in children for index in indexes(token))

    def front(self, children: list[int | range | tuple[int, ...]]) -> list[int | tuple[int, ...]]:
        return _blocks(children)

    def section(self, children: list[Any]) -> tuple[int, list[int | tuple[int, ...]]]:
        return int(children[0]), _blocks(children[1:])

    def start(self, children: list[Any]) -> Shaped:
        return children[0], children[1:]


def _blocks(children: list[int | range | tuple[int, ...]]) -> list[int | tuple[int, ...]]:
    """The blocks in order, each line of a run of text lines a block of its own."""
    blocks: list[int | tuple[int, ...]] = []
    for child in children:
        if isinstance(child, range):
            blocks.extend(child)
        else:
            blocks.append(child)
    return blocks


def indexes(value: str) -> range:
    """The line indexes a token stands for: one line ``n``, or a run ``first:last``."""
    first, _, last = value.partition(":")
    return range(int(first), int(last or first) + 1)


def resolve(shape: Shaped, lines: list[Line]) -> RawDocument:
    """Line indexes → lines; tables learn the section they stand in."""

    def block(item: int | tuple[int, ...], section: str | None) -> Line | RawTable:
        if isinstance(item, tuple):
            return RawTable(tuple(lines[n] for n in item), section)
        return lines[item]

    front, sections = shape
    return RawDocument(
        front=tuple(block(b, None) for b in front),
        sections=tuple(
            RawSection(lines[head], tuple(block(b, lines[head].section) for b in blocks)) for head, blocks in sections
        ),
    )
