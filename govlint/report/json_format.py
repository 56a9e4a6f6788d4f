"""The ``json`` format: a JSON array with one object per diagnostic (shape: docs/output-formats.md).

Within one ``format_version`` keys are only ever added, never removed or renamed.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic
from .base import FormatContext

JSON_FORMAT_VERSION = 1


def diagnostic_object(diagnostic: Diagnostic) -> dict[str, Any]:
    return {**diagnostic.to_dict(), "format_version": JSON_FORMAT_VERSION}


class JsonFormat:
    """Diagnostics as a JSON array; keys include path, line, column, rule, severity, message."""

    name = "json"

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str:
        items = [diagnostic_object(d) for r in results for d in sorted(r.diagnostics, key=Diagnostic.sort_key)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
