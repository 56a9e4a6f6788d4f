"""The ``json`` format: a JSON array with one object per diagnostic (shape: docs/output-formats.md).

Within one ``format_version`` keys are only ever added, never removed or renamed.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic, group_members
from .base import FormatContext

JSON_FORMAT_VERSION = 1


def diagnostic_object(diagnostic: Diagnostic, group: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**diagnostic.to_dict(), "group": group, "format_version": JSON_FORMAT_VERSION}


def _reference(d: Diagnostic) -> dict[str, Any]:
    return {"rule": d.rule, "line": d.line, "column": d.column, "severity": d.severity.label, "message": d.message}


def _objects(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """Every finding its own object; a member of a group also names the others of its defect."""
    members = group_members(diagnostics)
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        primary, others = members.get(d, (d, ()))
        group = {"id": d.group, "primary": d is primary, "related": [_reference(o) for o in others]} if others else None
        out.append(diagnostic_object(d, group))
    return out


class JsonFormat:
    """Diagnostics as a JSON array; keys include path, line, column, rule, severity, message."""

    name = "json"

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str:
        items = [item for r in results for item in _objects(r.diagnostics)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
