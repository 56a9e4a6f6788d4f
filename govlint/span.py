"""A place in a source file: apart from :mod:`govlint.model` (which re-exports it) so that
what only points at places (diagnostics, a run answered from the result cache) does not
create the model's classes."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Span", "new_span"]


class Span(NamedTuple):
    """A place in the source: 1-based line and column, end column exclusive.

    A named tuple, not a dataclass: every number of every report gets one, so it must be cheap
    to make; it is just as immutable, and compares and sorts by position.
    """

    line: int
    column: int
    end_column: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, "end_column": self.end_column}


# ``new_span(Span, (line, column, end_column))`` makes what ``Span(line, column, end_column)`` makes,
# without the named tuple's Python-level ``__new__``: the parser makes one for every cell and line.
new_span = tuple.__new__
