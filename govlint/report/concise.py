"""The ``concise`` format: one line per finding, ``path:line:col: ID message`` (as ruff's).

For grep, editors' quickfix lists and terminals that want no source excerpts; an unreadable
file is one line too, and the summary line of the ``text`` format ends the output.
"""

from __future__ import annotations

from typing import Iterable

from ..api_types import FileResult
from ..diagnostics import Diagnostic
from .base import FormatContext, StreamedFormat, Totals
from .text import summary


def concise_line(d: Diagnostic) -> str:
    """``path:line:col: GL101 message`` with line breaks of the message folded into spaces."""
    return f"{d.path}:{d.line}:{d.column}: {d.rule} {' '.join(d.message.splitlines())}"


class ConciseWriter:
    def __init__(self, context: FormatContext) -> None:
        self.context = context

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        lines = [f"{result.path}:0:0: 无法读取 / unreadable: {result.error}"] if result.error else []
        lines.extend(concise_line(d) for d in sorted(result.diagnostics, key=Diagnostic.sort_key))
        return "".join(line + "\n" for line in lines)

    def end(self, totals: Totals) -> Iterable[str]:
        return [summary(totals, self.context)]


class ConciseFormat(StreamedFormat):
    """One line per finding, then the summary."""

    name = "concise"

    def writer(self, context: FormatContext) -> ConciseWriter:
        return ConciseWriter(context)
