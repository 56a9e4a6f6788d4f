"""The ``sarif`` format: SARIF 2.1.0 for GitHub code scanning and other viewers.

One run; ``tool.driver.rules`` describes every rule that has a result; each result carries
a ``partialFingerprints`` entry made from the rule and the finding's *logical* location
(table/row/column/heading), so it survives lines being inserted above it.  Columns count
Unicode code points (``columnKind: unicodeCodePoints``), 1-based, end exclusive.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

from .. import __version__
from .._data import data_dir
from ..api_types import FileResult
from ..diagnostics import Diagnostic, Evidence, Fix, Severity, group_members
from ..output import without_surrogates
from .base import FormatContext, Spool, StreamedFormat, Totals

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/govlint/govlint"
RULES_DOC_URI = "https://github.com/govlint/govlint/blob/main/docs/rules.md"
FINGERPRINT_KEY = "govlintLogicalLocation/v1"  # bump the suffix if the recipe ever changes

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def tool_version() -> str:
    """The package's version, which pyproject.toml takes from ``govlint.__version__``: read there,
    without importing importlib.metadata (about 20 ms) for every SARIF run."""
    return __version__


def help_uri(rule_id: str) -> str:
    return f"{RULES_DOC_URI}#{rule_id.lower()}"


def artifact_uri(path: str) -> str:
    """The path as given, with forward slashes, percent-encoded as a URI reference.

    Bytes of a file name that are not UTF-8 are U+FFFD, as in every other format.
    """
    path = without_surrogates(path).replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", path):
        return "file:///" + quote(path, safe="/:")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


def fingerprint_key(d: Diagnostic) -> str:
    """What identifies a finding independent of line numbers: rule + logical location."""
    where = d.location.key()
    return f"{d.rule}|{where}" if where else f"{d.rule}||{d.message}"


def _region(line: int, column: int, end_column: int) -> dict[str, int] | None:
    if line < 1:
        return None
    region = {"startLine": line}
    if column >= 1:
        region["startColumn"] = column
        if end_column > column:
            region["endColumn"] = end_column
    return region


def _physical(uri: str, line: int, column: int, end_column: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    region = _region(line, column, end_column)
    if region:
        physical["region"] = region
    return physical


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, (int, str)) else str(value)


def rule_descriptor(rule_id: str, rule: Any | None, fallback_name: str, severity: Severity) -> dict[str, Any]:
    if rule is None:  # a finding from a rule the context does not describe (e.g. a plugin's)
        return {
            "id": rule_id,
            "name": fallback_name,
            "shortDescription": {"text": fallback_name},
            "defaultConfiguration": {"level": LEVELS[severity]},
        }
    uri = getattr(rule, "url", "") or (help_uri(rule.id) if _builtin(rule) else "")  # govlint's page lists only its own rules
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {
            "text": "\n\n".join(p for p in (rule.title, rule.rationale, uri) if p),
            "markdown": "\n\n".join(p for p in (f"**{rule.title}**", rule.rationale, uri and f"[{rule.id}]({uri})") if p),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if uri:
        descriptor["helpUri"] = uri
    if rule.groups:
        descriptor["properties"] = {"tags": list(rule.groups)}
    return descriptor


def _builtin(rule: Any) -> bool:
    """A rule shipped with govlint (documented on its rules page), not one of a plugin or folder."""
    path = getattr(rule, "path", "")
    return bool(path) and Path(path).resolve().is_relative_to(data_dir("rules").resolve())


def _related(uri: str, index: int, e: Evidence) -> dict[str, Any]:
    end = e.span.end_column if e.span.end_column > e.span.column else e.span.column + len(e.raw)
    where = " ".join(part for part in (e.table, e.row, e.column) if part)
    text = f"{e.role}: {e.raw}" + (f"（{where}）" if where else "")
    return {"id": index, "physicalLocation": _physical(uri, e.span.line, e.span.column, end), "message": {"text": text}}


def _member(uri: str, index: int, d: Diagnostic) -> dict[str, Any]:
    """Another finding about the same defect (it is also a result of its own)."""
    text = f"同一问题 related: {d.severity.label} [{d.rule}] {d.message}"
    return {"id": index, "physicalLocation": _physical(uri, d.span.line, d.span.column, d.span.end_column), "message": {"text": text}}


def _result(d: Diagnostic, rule_index: int, occurrence: int, group: tuple[Diagnostic, tuple[Diagnostic, ...]] | None) -> dict[str, Any]:
    uri = artifact_uri(d.path)
    location: dict[str, Any] = {"physicalLocation": _physical(uri, d.span.line, d.span.column, d.span.end_column)}
    if d.location.key():
        location["logicalLocations"] = [{"fullyQualifiedName": d.location.key()}]
    digest = hashlib.sha256(without_surrogates(fingerprint_key(d)).encode("utf-8")).hexdigest()[:32]
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": f"{d.message}（位置：{d.place}）" if d.place else d.message},  # Word/PDF: the line is govlint's
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{occurrence}"},
    }
    related = [_related(uri, i, e) for i, e in enumerate(d.evidence, start=1)]
    others = group[1] if group else ()
    related += [_member(uri, i, other) for i, other in enumerate(others, start=len(related) + 1)]
    if related:
        result["relatedLocations"] = related
    if d.fix is not None and not d.fix.place:  # a Word cell (with a place) has no text region to edit
        result["fixes"] = [_fix(uri, d.fix)]
    properties = {
        "name": d.name,
        "place": d.place or None,
        "hint": d.hint,
        "expected": _plain(d.expected),
        "actual": _plain(d.actual),
        "difference": _plain(d.difference),
        "group": {"id": d.group, "primary": d is group[0]} if group else None,
    }
    properties = {k: v for k, v in properties.items() if v is not None}
    if properties:
        result["properties"] = properties
    return result


def _fix(uri: str, fix: Fix) -> dict[str, Any]:
    """The correction as a SARIF fix: the old number's region replaced by the new one."""
    region = _region(fix.span.line, fix.span.column, fix.span.end_column)
    return {
        "description": {"text": f"将「{fix.old}」改为「{fix.new}」 / replace {fix.old} with {fix.new}"},
        "artifactChanges": [
            {"artifactLocation": {"uri": uri}, "replacements": [{"deletedRegion": region, "insertedContent": {"text": fix.new}}]}
        ],
    }


def _notification(text: str, level: str, path: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class SarifWriter:
    """One run whose ``results`` are written as each file finishes; the rules that had a result
    (bounded by the rule pack) and the notifications (spooled) close the run."""

    def __init__(self, context: FormatContext) -> None:
        self.rules = context.rules
        self.first_of_rule: list[tuple[str, str, Severity]] = []  # (rule id, name, severity) of each rule's first result
        self.rule_index: dict[str, int] = {}
        self.notifications = Spool()
        self.unreadable = False
        self.written = 0

    def begin(self) -> str:
        head = {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION}
        run = {"language": "zh-CN", "columnKind": "unicodeCodePoints"}
        return f'{_dumps(head)[:-1]},\n  "runs": [\n    {_dumps(run)[:-1]},\n      "results": ['

    def file(self, result: FileResult) -> str:
        if result.error or result.skipped:
            note = _notification(result.error or result.skipped or "", "error" if result.error else "note", result.path)
            self.notifications.write(("," if not self.notifications.empty else "") + f"\n          {_dumps(note)}")
            self.unreadable = self.unreadable or bool(result.error)
        diagnostics = sorted(result.diagnostics, key=Diagnostic.sort_key)
        members = group_members(diagnostics)
        seen: Counter[str] = Counter()
        lines = []
        for d in diagnostics:
            index = self._rule_index(d)
            key = fingerprint_key(d)
            seen[key] += 1
            separator = ",\n        " if self.written else "\n        "
            lines.append(separator + _dumps(_result(d, index, seen[key], members.get(d))))
            self.written += 1
        return "".join(lines)

    def _rule_index(self, d: Diagnostic) -> int:
        """Rules are described in the order of their first result, so a result's index is known when it is written."""
        if d.rule not in self.rule_index:
            self.rule_index[d.rule] = len(self.first_of_rule)
            self.first_of_rule.append((d.rule, d.name, d.severity))
        return self.rule_index[d.rule]

    def end(self, totals: Totals) -> Iterator[str]:
        descriptors = [rule_descriptor(i, self.rules.get(i), name, severity) for i, name, severity in self.first_of_rule]
        driver = {"name": "govlint", "version": tool_version(), "informationUri": INFORMATION_URI, "rules": descriptors}
        yield f'\n      ],\n      "tool": {{"driver": {_dumps(driver)}}},\n'
        yield f'      "invocations": [{{"executionSuccessful": {_dumps(not self.unreadable)}'
        if not self.notifications.empty:
            yield ', "toolExecutionNotifications": ['
            yield from self.notifications.read()
            yield "\n        ]"
        yield "}]\n    }\n  ]\n}\n"


class SarifFormat(StreamedFormat):
    """SARIF 2.1.0 (one run) for GitHub code scanning."""

    name = "sarif"

    def writer(self, context: FormatContext) -> SarifWriter:
        return SarifWriter(context)
