"""The ``concise`` format: one line per finding, ``path:line:col: ID message`` (as ruff's).

For grep, editors' quickfix lists and terminals that want no source excerpts; an unreadable
file is one line too, and the summary line of the ``text`` format ends the output.
"""

from __future__ import annotations

from typing import Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic
from .base import FormatContext
from .text import summary


def concise_line(d: Diagnostic) -> str:
    """``path:line:col: GL101 message`` with line breaks of the message folded into spaces."""
    return f"{d.path}:{d.line}:{d.column}: {d.rule} {' '.join(d.message.splitlines())}"


class ConciseFormat:
    """One line per finding, then the summary."""

    name = "concise"

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str:
        lines: list[str] = []
        for result in results:
            if result.error:
                lines.append(f"{result.path}:0:0: 无法读取 / unreadable: {result.error}")
            lines.extend(concise_line(d) for d in sorted(result.diagnostics, key=Diagnostic.sort_key))
        lines.append(summary(results, context).rstrip("\n"))
        return "\n".join(lines) + "\n"
