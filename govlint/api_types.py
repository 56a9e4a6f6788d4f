"""Result values of the library API (kept apart so output formats need not import the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Mapping

from .diagnostics import Diagnostic, Severity, group_members

if TYPE_CHECKING:
    from .parsed_file import ParsedFile


@dataclass(frozen=True, slots=True)
class FileResult:
    """What linting one file gave: its diagnostics, or why it was not checked."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None  # input error: the file could not be read (exit code 2)
    skipped: str | None = None  # found by a directory walk but not a report: a note, not an error
    lines: Mapping[int, str] = field(default_factory=dict)  # the lines of the file as opened that diagnostics point at (HTML: its source lines)
    suppressed: int = 0  # findings silenced by an inline directive (configuration ignores are not counted)
    baselined: int = 0  # findings hidden because the baseline knows them
    baseline_fixed: int = 0  # the file's baseline entries that no finding matches any more
    parsed: ParsedFile | None = field(default=None, compare=False, repr=False)  # only when asked for (``keep_model``)

    @property
    def status(self) -> Literal["checked", "clean", "skipped", "unreadable"]:
        """``checked`` (with findings), ``clean`` (checked, none), ``skipped`` or ``unreadable``."""
        if self.error is not None:
            return "unreadable"
        if self.skipped is not None:
            return "skipped"
        return "checked" if self.diagnostics else "clean"

    def to_dict(self) -> dict[str, Any]:
        """The file as the ``json`` format writes it (docs/output-formats.md): its status, why it
        was not checked, and every finding in order; a member of a group also names the others."""
        # Only a finding with a group number can have other members: most files have none, and
        # looking a finding up hashes all its fields and evidence.
        members = group_members(self.diagnostics) if any(d.group is not None for d in self.diagnostics) else {}
        findings = []
        for d in sorted(self.diagnostics, key=Diagnostic.sort_key):
            finding = d.to_dict()
            primary, others = members.get(d, (d, ())) if d.group is not None else (d, ())
            finding["group"] = {"id": d.group, "primary": d is primary, "related": [_reference(o) for o in others]} if others else None
            findings.append(finding)
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.error if self.error is not None else self.skipped,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "baseline_fixed": self.baseline_fixed,
            "findings": findings,
        }

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)


def _reference(d: Diagnostic) -> dict[str, Any]:
    return {"rule": d.rule, "line": d.line, "column": d.column, "severity": d.severity.label, "message": d.message}


def __getattr__(name: str) -> Any:
    """``ParsedFile`` and ``Span3`` lived here: importers keep working, and the module is loaded
    only when one is asked for (:mod:`govlint.parsed_file` says why it stands apart)."""
    if name in ("ParsedFile", "Span3"):
        from . import parsed_file

        return getattr(parsed_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
