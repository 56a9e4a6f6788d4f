"""One file's result as JSON data and back, exactly: what the result cache (:mod:`govlint.result_cache`) keeps.

Data, never pickle: a cache entry is read back into the same frozen values (a ``Decimal`` keeps
its digits and exponent, a lone surrogate stays one), so every output format prints the same
bytes from it as from the run that made it.  A value of a type this module does not know is
:class:`Uncacheable`, never guessed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from .api_types import FileResult
from .diagnostics import Diagnostic, Evidence, Fix, Location, Severity
from .span import Span


class Uncacheable(Exception):
    """The result holds something this module cannot write and read back exactly: it is not cached."""


class RuleInfo(NamedTuple):
    """What the output formats read of a rule (:class:`govlint.report.base.RuleDescription`), kept with a result."""

    id: str
    name: str
    title: str
    rationale: str
    severity: Severity
    groups: tuple[str, ...]
    path: str
    url: str


def rule_to_data(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.id, "name": rule.name, "title": rule.title, "rationale": rule.rationale, "severity": rule.severity.label,
        "groups": list(rule.groups), "path": rule.path, "url": getattr(rule, "url", ""),
    }


def rule_from_data(data: dict[str, Any]) -> RuleInfo:
    return RuleInfo(
        _str(data["id"]), _str(data["name"]), _str(data["title"]), _str(data["rationale"]), Severity.parse(data["severity"]),
        tuple(map(_str, data["groups"])), _str(data["path"]), _str(data["url"]),
    )


def result_to_data(result: FileResult) -> dict[str, Any]:
    """A checked (or skipped) file's result as JSON data; raises :class:`Uncacheable`."""
    if result.parsed is not None:
        raise Uncacheable("a parsed model is kept")
    return {
        "path": result.path,
        "diagnostics": [_diagnostic(d) for d in result.diagnostics],
        "error": result.error,
        "skipped": result.skipped,
        "lines": [[number, text] for number, text in result.lines.items()],
        "suppressed": result.suppressed,
        "baselined": result.baselined,
        "baseline_fixed": result.baseline_fixed,
    }


def result_from_data(data: dict[str, Any]) -> FileResult:
    """The result again; a malformed entry raises (KeyError, TypeError, ValueError): the caller treats it as a miss."""
    return FileResult(
        _str(data["path"]),
        tuple(_diagnostic_from(d) for d in data["diagnostics"]),
        error=_optional_str(data["error"]),
        skipped=_optional_str(data["skipped"]),
        lines={_int(number): _str(text) for number, text in data["lines"]},
        suppressed=_int(data["suppressed"]),
        baselined=_int(data["baselined"]),
        baseline_fixed=_int(data["baseline_fixed"]),
    )


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {
        "rule": d.rule, "name": d.name, "severity": d.severity.label, "message": d.message, "path": d.path, "span": _span(d.span),
        "location": [d.location.section, d.location.table, d.location.row, d.location.column, d.location.heading],
        "expected": _value(d.expected), "actual": _value(d.actual), "evidence": [_evidence(e) for e in d.evidence],
        "hint": d.hint, "place": d.place, "group": d.group,
        "fix": None if d.fix is None else {"span": _span(d.fix.span), "old": d.fix.old, "new": d.fix.new, "place": d.fix.place},
    }


def _diagnostic_from(data: dict[str, Any]) -> Diagnostic:
    fix = data["fix"]
    return Diagnostic(
        rule=_str(data["rule"]), name=_str(data["name"]), severity=Severity.parse(data["severity"]), message=_str(data["message"]),
        path=_str(data["path"]), span=_span_from(data["span"]), location=Location(*map(_optional_str, _exactly(data["location"], 5))),
        expected=_value_from(data["expected"]), actual=_value_from(data["actual"]),
        evidence=tuple(_evidence_from(e) for e in data["evidence"]), hint=_optional_str(data["hint"]), place=_str(data["place"]),
        group=None if data["group"] is None else _int(data["group"]),
        fix=None if fix is None else Fix(_span_from(fix["span"]), _str(fix["old"]), _str(fix["new"]), _str(fix["place"])),
    )


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"role": e.role, "span": _span(e.span), "raw": e.raw, "value": _value(e.value), "table": e.table, "row": e.row, "column": e.column, "fits": _value(e.fits)}


def _evidence_from(data: dict[str, Any]) -> Evidence:
    value, fits = _value_from(data["value"]), _value_from(data["fits"])
    if isinstance(value, str) or isinstance(fits, str):
        raise ValueError("an evidence value is a number")
    return Evidence(
        _str(data["role"]), _span_from(data["span"]), _str(data["raw"]), value,
        _optional_str(data["table"]), _optional_str(data["row"]), _optional_str(data["column"]), fits,
    )


def _span(span: Span) -> list[int]:
    return [span.line, span.column, span.end_column]


def _span_from(data: Iterable[Any]) -> Span:
    return Span(*map(_int, _exactly(data, 3)))


def _value(value: Any) -> Any:
    """None, a whole number, a string, or a Decimal tagged with its exact digits."""
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    raise Uncacheable(f"a value of type {type(value).__name__}")


def _value_from(data: Any) -> int | Decimal | str | None:
    if data is None or isinstance(data, str):
        return data
    if isinstance(data, dict):
        number = Decimal(_str(data["decimal"]))  # text that is no number: decimal.InvalidOperation, an ArithmeticError
        if not number.is_finite():
            raise ValueError("a value govlint never stores")  # NaN, sNaN (which cannot be hashed), infinity
        return number
    return _int(data)


def _exactly(data: Iterable[Any], count: int) -> list[Any]:
    items = list(data)
    if len(items) != count:
        raise ValueError(f"expected {count} items")
    return items


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected a whole number")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)
