"""Output formats: each turns a list of file results into one string."""

from __future__ import annotations

import json
from typing import Sequence

from ..api_types import FileResult

JSON_FORMAT_VERSION = 1


class TextFormat:
    """``path:line:col: severity rule-id message``, one line each, for editors and people."""

    name = "text"

    def format(self, results: Sequence[FileResult]) -> str:
        out: list[str] = []
        for result in results:
            if result.error:
                out.append(f"{result.path}: error {result.error}")
            for d in result.diagnostics:
                place = f"（{d.place}）" if d.place else ""
                hint = f"\n    提示：{d.hint}" if d.hint else ""
                out.append(f"{d.path}:{d.line}:{d.column}: {d.severity.label} {d.rule} {d.message}{place}{hint}")
        return "\n".join(out) + ("\n" if out else "")


class JsonFormat:
    """A JSON array of diagnostics with at least path, line, column, rule, severity, message."""

    name = "json"

    def format(self, results: Sequence[FileResult]) -> str:
        items = [d.to_dict() for r in results for d in r.diagnostics]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


BUILTIN_FORMATTERS: tuple[type, ...] = (TextFormat, JsonFormat)
