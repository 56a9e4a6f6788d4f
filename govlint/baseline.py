"""Baselines: record today's findings, then report only new ones.

A finding is keyed by file, rule and *logical* location (section, table, row and column
keys, or heading), never by line number, so editing text above a table keeps the
baseline valid.  Counts are kept per key, so a second identical finding is still new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from .api_types import FileResult
from .diagnostics import Diagnostic
from .errors import ConfigError
from .output import without_surrogates, write_atomically

BASELINE_VERSION = 1


def finding_key(path: str, diagnostic: Diagnostic) -> str:
    where = diagnostic.location.key() or f"message={diagnostic.message}"
    return without_surrogates(f"{_portable(path)}|{diagnostic.rule}|{where}")  # as written to the file


def _portable(path: str) -> str:
    """Paths relative to the working directory where possible, with forward slashes."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def write_baseline(results: Iterable[FileResult], path: Path) -> int:
    """Record the findings (atomically: a failed write leaves the old baseline); raises OSError."""
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
    document = {"version": BASELINE_VERSION, "tool": "govlint", "findings": findings}
    write_atomically(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return sum(counts.values())


def load_baseline(path: Path) -> Counter[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("version") != BASELINE_VERSION:
            raise ValueError(f"version {document.get('version')!r}")
        return Counter({item["key"]: int(item["count"]) for item in document["findings"]})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"无法读取基线文件 / cannot read baseline: {error}", path=str(path)) from None


def apply_baseline(results: Sequence[FileResult], baseline: Counter[str]) -> tuple[list[FileResult], int]:
    """Hide baselined findings; return the results and how many baselined findings are fixed."""
    remaining = Counter(baseline)
    seen_paths = {_portable(r.path) for r in results}
    filtered = []
    for result in results:
        kept = []
        for diagnostic in result.diagnostics:
            key = finding_key(result.path, diagnostic)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(diagnostic)
        hidden = len(result.diagnostics) - len(kept)
        filtered.append(replace(result, diagnostics=tuple(kept), baselined=result.baselined + hidden))
    fixed = sum(count for key, count in remaining.items() if key.split("|", 1)[0] in seen_paths)
    return filtered, fixed
