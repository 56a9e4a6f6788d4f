"""The ``gitlab`` format: a GitLab Code Quality report (a JSON array), for merge-request widgets.

Each finding is ``{description, check_name, fingerprint, severity, location: {path, lines:
{begin}}}``.  The fingerprint is a hash of the baseline's key (file, rule, logical location:
no line number), so editing text above a table does not make every finding look new; a key
that occurs twice gets its occurrence number, as GitLab wants fingerprints unique.  Severities:
error → major, warning → minor, info → info; a file that could not be read is critical.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Iterable

from ..api_types import FileResult
from ..baseline import finding_key, portable_path
from ..diagnostics import Diagnostic, Severity
from .base import FormatContext, StreamedFormat, Totals

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(key: str, occurrence: int) -> str:
    return hashlib.sha256(f"{key}#{occurrence}".encode("utf-8", "surrogatepass")).hexdigest()


def _issue(description: str, check_name: str, key: str, occurrence: int, severity: str, path: str, line: int) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": description,
        "check_name": check_name,
        "fingerprint": fingerprint(key, occurrence),
        "severity": severity,
        "location": {"path": path, "lines": {"begin": max(line, 1)}},
    }


class GitlabWriter:
    """The array's issues as each file finishes, one per line (the C encoder)."""

    def __init__(self, context: FormatContext) -> None:
        self.first = True

    def begin(self) -> str:
        return "["

    def file(self, result: FileResult) -> str:
        issues: list[dict[str, Any]] = []
        seen: Counter[str] = Counter()  # keys name the file: occurrences count within it
        path = portable_path(result.path)
        if result.error:
            key = f"{path}|unreadable"
            seen[key] += 1
            issues.append(_issue(f"无法读取 / unreadable: {result.error}", "govlint/unreadable", key, seen[key], "critical", path, 1))
        for d in sorted(result.diagnostics, key=Diagnostic.sort_key):
            key = finding_key(result.path, d)
            seen[key] += 1
            issues.append(_issue(f"[{d.rule}] {d.message}", d.rule, key, seen[key], SEVERITIES[d.severity], path, d.line))
        out = []
        for issue in issues:
            out.append(("\n  " if self.first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
            self.first = False
        return "".join(out)

    def end(self, totals: Totals) -> Iterable[str]:
        return ["]\n" if self.first else "\n]\n"]


class GitlabFormat(StreamedFormat):
    """GitLab Code Quality JSON (``artifacts: reports: codequality``)."""

    name = "gitlab"

    def writer(self, context: FormatContext) -> GitlabWriter:
        return GitlabWriter(context)
