"""Baselines: record today's findings, then report only new ones.

A finding is keyed by file, rule and *logical* location (section, table, row and column
keys, or heading), never by line number, so editing text above a table keeps the
baseline valid.  Counts are kept per key, so a second identical finding is still new.
Each finding is matched on its own: one that belongs to a group (see
:mod:`govlint.check.consolidate`) is hidden only by its own entry, never by another member's.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .diagnostics import Diagnostic
from .errors import ConfigError
from .output import without_surrogates, write_atomically

if TYPE_CHECKING:
    from .api_types import FileResult

BASELINE_VERSION = 1


def finding_key(path: str, diagnostic: Diagnostic) -> str:
    where = diagnostic.location.key() or f"message={diagnostic.message}"
    return without_surrogates(f"{portable_path(path)}|{diagnostic.rule}|{where}")  # as written to the file


def portable_path(path: str) -> str:
    """Paths relative to the working directory where possible, with forward slashes."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


@dataclass(frozen=True)
class Baseline:
    """The known findings, counted per key and filed by path."""

    known: Mapping[str, Counter[str]] = field(default_factory=dict)  # portable path → key → count

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Baseline:
        """The baseline that ``write_baseline`` would write for these results."""
        return _from_document(_document(results))

    def hide(self, path: str, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], int, int]:
        """``(new findings, how many were hidden, how many of the file's entries are fixed)``."""
        remaining = Counter(self.known.get(without_surrogates(portable_path(path)), {}))
        kept = []
        for diagnostic in diagnostics:
            key = finding_key(path, diagnostic)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(diagnostic)
        return kept, len(diagnostics) - len(kept), sum(remaining.values())


def _document(results: Iterable[FileResult]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    examples: dict[str, Diagnostic] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            key = finding_key(result.path, diagnostic)
            counts[key] += 1
            examples.setdefault(key, diagnostic)
    findings = [
        {"key": key, "rule": examples[key].rule, "path": key.split("|", 1)[0], "count": count, "message": examples[key].message}
        for key, count in sorted(counts.items())
    ]
    return {"version": BASELINE_VERSION, "tool": "govlint", "findings": findings}


def _from_document(document: Any) -> Baseline:
    if document.get("version") != BASELINE_VERSION:
        raise ValueError(f"version {document.get('version')!r}")
    known: dict[str, Counter[str]] = {}
    for item in document["findings"]:
        known.setdefault(item["key"].split("|", 1)[0], Counter())[item["key"]] += int(item["count"])
    return Baseline(known)


def write_baseline(results: Iterable[FileResult], path: Path) -> int:
    """Record every finding in ``path``, atomically (a failed write leaves the old baseline); returns how many.

    Raises :class:`OSError` when the file cannot be written.
    """
    document = _document(results)
    write_atomically(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return sum(item["count"] for item in document["findings"])


def load_baseline(path: Path) -> Baseline:
    try:
        return _from_document(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"无法读取基线文件 / cannot read baseline: {error}", path=str(path)) from None
