"""Inline suppressions that survive in Markdown, text and Word drafts.

    <!-- govlint-disable-next-line GL101：上年结转数按财政口径填报，已与主管部门确认 -->
    <!-- govlint-disable-line GL014：沿用省里模板的行名 -->
    <!-- govlint-disable-file narrative：本报告为汇总报告，正文口径不同 -->

Rules are named as in the configuration (id, id prefix, dotted name, group) separated by
commas or spaces; the reason follows a colon (「：」 or 「:」) and is required.  A directive
that silences nothing is reported (GL901), and so is one without a reason (GL902), so
stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..config import matches
from ..diagnostics import Diagnostic, Location
from ..model import Span
from .rules import Rule, render_message

# The body is bounded, so a line of many unclosed directives cannot take quadratic time.
DIRECTIVE = re.compile(r"<!--\s*govlint-(disable-next-line|disable-line|disable-file)\b([^\n]{0,500}?)-->")
UNUSED_RULE = "GL901"
NO_REASON_RULE = "GL902"


@dataclass
class Directive:
    kind: str
    selectors: tuple[str, ...]
    reason: str
    span: Span
    target: int | None  # the line it covers: None for disable-file, and for a next line that does not exist
    used: bool = field(default=False)

    def covers(self, diagnostic: Diagnostic, rule: Rule | None) -> bool:
        if self.kind != "disable-file" and diagnostic.line != self.target:
            return False
        if not self.selectors:
            return True
        names = rule.selectors() if rule else {diagnostic.rule, diagnostic.name}
        return matches(self.selectors, names, diagnostic.rule)


def find_directives(lines: tuple[str, ...]) -> list[Directive]:
    directives: list[Directive] = []
    following = _next_lines(lines)
    for index, line in enumerate(lines):
        if "govlint-" not in line:
            continue
        for match in DIRECTIVE.finditer(line):
            kind, body = match.group(1), match.group(2).strip()
            names, _, reason = re.split(r"([:：])", body, maxsplit=1) if re.search(r"[:：]", body) else (body, "", "")
            selectors = tuple(s for s in re.split(r"[\s,，、]+", names) if s)
            target = {"disable-line": index + 1, "disable-next-line": following[index], "disable-file": None}[kind]
            span = Span(index + 1, match.start() + 1, match.end() + 1)
            directives.append(Directive(kind, selectors, reason.strip(), span, target))
    return directives


def _next_lines(lines: tuple[str, ...]) -> list[int | None]:
    """For each line, the number of the next line with something besides directives (one pass
    from the end, so thousands of directives in a row stay linear)."""
    following: list[int | None] = [None] * len(lines)
    after: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = after
        line = lines[index]
        if line.strip() and (("govlint-" not in line) or DIRECTIVE.sub("", line).strip()):
            after = index + 1
    return following


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], lines: tuple[str, ...], rules: Mapping[str, Rule], path: str
) -> tuple[list[Diagnostic], int]:
    """Drop suppressed diagnostics; add GL901/GL902 findings about the directives themselves."""
    directives = find_directives(lines)
    if not directives:
        return list(diagnostics), 0
    by_line: dict[int, list[Directive]] = {}
    whole_file: list[Directive] = []
    for directive in directives:
        if directive.kind == "disable-file":
            whole_file.append(directive)
        elif directive.target is not None:  # a next line that does not exist covers nothing
            by_line.setdefault(directive.target, []).append(directive)
    kept: list[Diagnostic] = []
    silenced = 0
    for diagnostic in diagnostics:
        candidates = [*by_line.get(diagnostic.line, ()), *whole_file]
        covering = [d for d in candidates if d.covers(diagnostic, rules.get(diagnostic.rule))]
        for directive in covering:
            directive.used = True
        if covering:
            silenced += 1
        else:
            kept.append(diagnostic)
    for directive in directives:
        if not directive.used and UNUSED_RULE in rules:
            kept.append(_meta(rules[UNUSED_RULE], directive, path))
        if not directive.reason and NO_REASON_RULE in rules:
            kept.append(_meta(rules[NO_REASON_RULE], directive, path))
    return sorted(kept, key=Diagnostic.sort_key), silenced


def _meta(rule: Rule, directive: Directive, path: str) -> Diagnostic:
    values = {"directive": directive.kind, "rules": "、".join(directive.selectors) or "全部规则"}
    return Diagnostic(
        rule=rule.id,
        name=rule.name,
        severity=rule.severity,
        message=render_message(rule, values),
        path=path,
        span=directive.span,
        location=Location(heading=f"{directive.kind} {' '.join(directive.selectors)}"),
    )
