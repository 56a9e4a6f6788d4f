"""Stage 3, check: run every applicable rule over one report and collect diagnostics.

The diagnostics come out raw and sorted; :mod:`govlint.check.pipeline` then takes each one
through inline directives, the configuration, grouping, places and the baseline, in that order.
"""

from __future__ import annotations

import re
from dataclasses import replace
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..diagnostics import Diagnostic, Location, Severity
from ..errors import CheckError
from ..model import Report, Span
from ..templates import Template
from .base import CheckContext, CheckKind, Finding
from .cycle import CycleSettings, Previous, comparable
from .rules import MAX_QUOTED, Rule, quoted, render_message


MAX_APPLYING = 64  # (template, year) pairs whose applicable rules are kept; a batch has a handful


# One applicable rule as the loop over a report's rules needs it, looked up once per template and
# year, not in four tables for each of the ~70 rules of every report: the rule, its severity for
# the year, its kind's run and prepared check, whether it compares with last year's report, and
# whether its kind may say it cannot judge the report (``cannot_judge``).  A plain tuple: a named
# tuple's class would be made at every start.
_Step = tuple[Rule, Severity, Callable[[CheckContext, Any], Iterable[Finding]], Any, bool, bool]


class Checker:
    """Rules compiled once, applied to many reports."""

    def __init__(
        self, rules: Iterable[Rule], kinds: Mapping[str, CheckKind], templates: Iterable[Template], cycle: CycleSettings | None = None
    ) -> None:
        self.rules = tuple(rules)
        self.kinds = kinds
        self.templates = {t.id: t for t in templates}
        self.cycle = cycle or CycleSettings()
        self._prepared: dict[str, Any] = {r.id: kinds[r.check["kind"]].prepare(r.check) for r in self.rules}
        # Each rule's kind asked once what it needs: a kind is a lazy proxy (govlint.plugin.lazy), and
        # asking it again for every rule of every report cost as much as some of the checks.
        self._runs: dict[str, Callable[[CheckContext, Any], Iterable[Finding]]] = {r.id: kinds[r.check["kind"]].run for r in self.rules}
        self._needs_template = frozenset(r.id for r in self.rules if r.templates or getattr(kinds[r.check["kind"]], "needs_template", False))
        self.cross_year = tuple(r.id for r in self.rules if _needs_previous(kinds[r.check["kind"]], self._prepared[r.id]))
        self._judging = tuple(r for r in self.rules if hasattr(kinds[r.check["kind"]], "cannot_judge"))
        self._judging_ids = frozenset(r.id for r in self._judging)
        self._cross_year_rules = tuple(r for r in self.rules if r.id in self.cross_year)
        self._agency_rules = tuple(r for r in self.rules if r.agency_pattern)
        self._template_memos: dict[str, dict[Any, Any]] = {t: {} for t in self.templates}
        self._template_list = tuple(self.templates.values())
        self._applying: dict[tuple[str | None, int | None], tuple[_Step, ...]] = {}

    def check(
        self, report: Report, line_in_file: Callable[[Span], int] = attrgetter("line"), previous: Previous = Previous()
    ) -> list[Diagnostic]:
        """``line_in_file`` numbers a line a message names as the file does (HTML: see
        :meth:`govlint.read.source.Source.line_in_file`); by default the report's own lines.

        Rules that compare with last year's report run only with ``previous.report``; when one was
        looked for and not found, or cannot be compared, GL903 says so once."""
        template_id = report.template.value if isinstance(report.template.value, str) else None
        year = report.year.value if isinstance(report.year.value, int) else None
        last = previous.report
        why_not = comparable(report, last, self.cycle) if last is not None else previous.missing
        not_run = (*self._not_run(report, template_id, year), *self._not_compared(report, last, why_not))
        context = CheckContext(
            report, self.templates.get(template_id or ""), next(iter(self.templates.values()), None), not_run=not_run,
            templates=self._template_list, line_in_file=line_in_file,
            previous=None if why_not else last, cycle=self.cycle, template_memo=self._template_memos.get(template_id or "", {}),
        )
        unjudged = tuple(self._cannot_judge(context, template_id, year))
        if unjudged:
            context = replace(context, not_run=context.not_run + unjudged)
        skipped = {rule for rule, _ in context.not_run}
        found: dict[tuple[str, int, int, str], Diagnostic] = {}
        for rule, severity, run, prepared, cross_year, judging in self._applicable(template_id, year):
            if (cross_year or judging) and rule.id in skipped:
                continue
            if cross_year and context.previous is None:
                continue
            if rule.agency_pattern and not re.search(rule.agency_pattern, report.agency or ""):
                continue
            for finding in self._run(rule, run, prepared, context):
                message = finding.note or render_message(rule, finding.values)
                diagnostic = Diagnostic(
                    rule=rule.id,
                    name=rule.name,
                    severity=Severity.INFO if finding.note else severity,
                    message=message,
                    path=report.path,
                    span=finding.span,
                    location=_shortened(finding.location),
                    expected=finding.expected,
                    actual=quoted(finding.actual),
                    evidence=finding.evidence,
                    hint=finding.hint,
                )
                found.setdefault((rule.id, finding.span.line, finding.span.column, message), diagnostic)
        return sorted(found.values(), key=Diagnostic.sort_key)

    def _applicable(self, template_id: str | None, year: int | None) -> tuple[_Step, ...]:
        """The rules that apply to a report of this template and year, in order, each with its
        severity for the year: worked out once per template and year, not per rule and report."""
        key = (template_id, year)
        found = self._applying.get(key)
        if found is None:
            if len(self._applying) >= MAX_APPLYING:
                self._applying.clear()
            found = self._applying[key] = tuple(
                (r, r.severity_for(year), self._runs[r.id], self._prepared[r.id], r.id in self.cross_year, r.id in self._judging_ids)
                for r in self.rules
                if r.applies(template_id, year)
            )
        return found

    def _not_run(self, report: Report, template: str | None, year: int | None) -> Iterator[tuple[str, str]]:
        """Rules that would have judged this report had the parser found what they need: said once
        (kind ``not_run``), never skipped in silence.  A kind that reads tables through the template
        declares ``needs_template``."""
        if template is None:
            candidates: tuple[Rule, ...] = self.rules
        else:  # with a template, only a rule that names agencies can lack its footing, and only when the agency is unknown
            candidates = self._agency_rules if report.agency is None else ()
        for rule in candidates:
            if template is None and rule.id in self._needs_template:
                yield rule.id, "未能确定报告所用的模板"
            elif rule.agency_pattern and report.agency is None and rule.applies(template, year):
                yield rule.id, "未能从标题中识别发布机关"

    def _cannot_judge(self, context: CheckContext, template_id: str | None, year: int | None) -> Iterator[tuple[str, str]]:
        """Rules whose kind can tell, for this report, that it lacks an input (``cannot_judge``: a
        deadline with a publication date but no reporter level)."""
        for rule in self._judging:
            if rule.applies(template_id, year):
                reason = self.kinds[rule.check["kind"]].cannot_judge(context, self._prepared[rule.id])  # type: ignore[attr-defined]
                if reason:
                    yield rule.id, reason

    def _not_compared(self, report: Report, last: Report | None, why_not: str) -> Iterator[tuple[str, str]]:
        """Cross-year rules that apply to this report and cannot compare: no comparable previous
        report (when one was looked for), or last year's template measures the cells differently."""
        template_id = report.template.value if isinstance(report.template.value, str) else None
        year = report.year.value if isinstance(report.year.value, int) else None
        applying = [r for r in self._cross_year_rules if r.applies(template_id, year)]
        if why_not:
            yield from ((rule.id, why_not) for rule in applying)
            return
        if last is None:
            return
        mine, theirs = self.templates.get(template_id or ""), self.templates.get(str(last.template.value))
        for rule in applying:
            kind = self.kinds[rule.check["kind"]]
            compares = getattr(kind, "compares", None)
            if mine is None or theirs is None or (compares is not None and not compares(self._prepared[rule.id], mine, theirs)):
                yield rule.id, f"上一年度报告用 {last.template.value or '未知'} 模板、本报告用 {template_id or '未知'} 模板，两者口径不同，不作比较"

    @staticmethod
    def _run(rule: Rule, run: Callable[[CheckContext, Any], Iterable[Finding]], prepared: Any, context: CheckContext) -> list[Finding]:
        """The rule's findings; a check kind that breaks (a bug, most likely in a plugin) fails
        this file with a message naming the rule, and the rest of a batch goes on."""
        try:
            return list(run(context, prepared))
        except Exception as error:  # noqa: BLE001 - any bug in a check kind
            raise CheckError(
                f"规则 {rule.id} 检查时出错（{type(error).__name__}: {error}），请报告此问题 / rule {rule.id} failed",
                path=context.report.path,
            ) from error


def _needs_previous(kind: CheckKind, prepared: Any) -> bool:
    """Whether a rule compares with last year's report: its kind says so (``needs_previous``, a
    flag or a function of the prepared check, as a relation naming ``prev.`` cells)."""
    needs = getattr(kind, "needs_previous", False)
    return bool(needs(prepared) if callable(needs) else needs)


def _shortened(location: Location) -> Location:
    """A location whose heading quotes the report's text, shortened like a message's quotes."""
    heading = location.heading
    return replace(location, heading=quoted(heading)) if heading and len(heading) > MAX_QUOTED else location

