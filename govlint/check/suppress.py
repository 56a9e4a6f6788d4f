"""Inline suppressions that survive in Markdown, text, HTML and Word drafts.

    <!-- govlint-disable-next-line GL101：上年结转数按财政口径填报，已与主管部门确认 -->
    <!-- govlint-disable-line GL014：沿用省里模板的行名 -->
    <!-- govlint-disable-file narrative：本报告为汇总报告，正文口径不同 -->
    <!-- govlint-disable GL101,GL102：表三按上级口径填报 -->  …  <!-- govlint-enable -->

Rules are named as in the configuration (id, id prefix, dotted name, group) separated by
commas or spaces; no rules means every rule.  The reason follows a colon (「：」 or 「:」) and is
required on every ``disable…``.  ``govlint-enable`` ends every open range, ``govlint-enable
RULES`` those whose rules it names.  Directives are read from the text lines and, for formats
whose comments are not text (HTML comments, Word review comments), from the reader's
:attr:`Source.directive_comments`.

Directives never fail silently: one that silences nothing is reported (GL901), one without a
reason (GL902), a misspelt or malformed one, one naming no rule, an enable with nothing to end
(GL904), and a range never ended (GL905; it covers the rest of the file).  Applying them is
linear: each range is an interval of lines, matched against the findings of each rule by
binary search, never by rescanning lines.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from ..diagnostics import Diagnostic, Location
from ..model import Span
from .rules import Rule, RuleIndex, render_message

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
# The body is bounded, so a line of many unclosed comments cannot take quadratic time.
COMMENT = re.compile(r"<!--\s*(govlint[\w-]*)([^\n]{0,500}?)-->", re.IGNORECASE)
_OPEN = re.compile(r"<!--\s*govlint", re.IGNORECASE)
# A comment that looks like a directive with the tool's name misspelt (「govlnit-disable」).
_LOOKALIKE = re.compile(r"<!--\s*([A-Za-z][A-Za-z_-]{1,20}?)[-_ ](disable|enable)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,，、]+")
UNUSED_RULE = "GL901"
NO_REASON_RULE = "GL902"
INVALID_RULE = "GL904"
UNCLOSED_RULE = "GL905"
END = 1 << 62  # "to the end of the file"

CommentDirective = tuple[int, bool, str]  # (line, inside that line rather than before it, text)


@dataclass
class Directive:
    """One ``govlint-disable…``/``govlint-enable`` comment as read, and what it turned out to cover and silence."""

    kind: str
    selectors: tuple[str, ...]
    reason: str
    span: Span
    line: int  # the line it is on, or (a comment outside the text) the line it stands before
    inline: bool
    ids: frozenset[str] | None = None  # the rules its selectors name; None: every rule
    start: int | None = None  # the lines it covers, inclusive; None: none
    end: int = 0
    used: bool = field(default=False)


@dataclass(frozen=True)
class Problem:
    """A directive that cannot be applied as written (GL904)."""

    text: str
    why: str
    span: Span


def apply_suppressions(
    diagnostics: Iterable[Diagnostic],
    lines: tuple[str, ...],
    rules: Mapping[str, Rule],
    path: str,
    *,
    index: RuleIndex | None = None,
    comments: Sequence[CommentDirective] = (),
) -> tuple[list[Diagnostic], int]:
    """Drop suppressed diagnostics; add GL901/GL902/GL904/GL905 findings about the directives themselves.

    ``index`` knows every rule, selected or not (a directive naming an unselected rule is no
    mistake); ``rules`` are the selected ones, by id.
    """
    diagnostics = list(diagnostics)
    if not comments and "<!--" not in "\n".join(lines):  # one search, not one per line
        return diagnostics, 0
    index = index or RuleIndex(rules.values())
    directives, problems = find_directives(lines, comments, index)
    if not directives and not problems:
        return diagnostics, 0
    covered = _covered(diagnostics, directives)
    kept = [d for i, d in enumerate(diagnostics) if i not in covered]
    for directive in directives:
        if directive.kind == "enable":
            continue
        if not directive.used and UNUSED_RULE in rules:
            kept.append(_meta(rules[UNUSED_RULE], directive, path))
        if not directive.reason and NO_REASON_RULE in rules:
            kept.append(_meta(rules[NO_REASON_RULE], directive, path))
        if directive.kind == "disable" and directive.end == END and UNCLOSED_RULE in rules:
            kept.append(_meta(rules[UNCLOSED_RULE], directive, path))
    if INVALID_RULE in rules:
        kept.extend(_invalid(rules[INVALID_RULE], problem, path) for problem in problems)
    return sorted(kept, key=Diagnostic.sort_key), len(covered)


def find_directives(
    lines: Sequence[str], comments: Sequence[CommentDirective], index: RuleIndex
) -> tuple[list[Directive], list[Problem]]:
    """Every directive, in document order and with the lines it covers, and the malformed ones."""
    found: list[tuple[tuple[int, int, int], str, Span, int, bool]] = []  # (order, text, span, line, inline)
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if "<!--" not in line:
            continue
        comments_here = list(COMMENT.finditer(line))
        for match in comments_here:
            span = Span(number, match.start() + 1, match.end() + 1)
            found.append(((number, 1, match.start()), match.group(1) + match.group(2), span, number, True))
        ends = [m.end() for m in comments_here]
        for opener in _OPEN.finditer(line):
            at = bisect_right(ends, opener.start())  # the first comment that ends after this opener
            if at == len(comments_here) or comments_here[at].start() > opener.start():  # the rest of the line is inside it: one problem
                text = line[opener.start() : opener.start() + 60].split("<!--")[1]
                problems.append(Problem("<!--" + text, "注释没有闭合（缺少「-->」）", Span(number, opener.start() + 1, len(line) + 1)))
                break
        problems.extend(_lookalikes(line, number))
    for number, inline, text in comments:
        body = text.strip().removeprefix("<!--").removesuffix("-->").strip()
        shown = max(min(number, len(lines)), 1)  # a comment after the last line is shown on it
        found.append(((number, 1 if inline else 0, 0), body, Span(shown, 1, 0), number, inline))
    directives: list[Directive] = []
    for _, body, span, number, inline in sorted(found, key=lambda item: item[0]):
        directive = _parse(body, span, number, inline, index, problems)
        if directive is not None:
            directives.append(directive)
    _place(directives, lines, problems)
    return directives, problems


def _lookalikes(line: str, number: int) -> Iterable[Problem]:
    """Comments like 「<!-- govlnit-disable … -->」: a directive whose tool name is misspelt."""
    for match in _LOOKALIKE.finditer(line):
        word = match.group(1).lower()
        if word != "govlint" and difflib.SequenceMatcher(None, word, "govlint").ratio() >= 0.6:
            text = line[match.start() : match.start() + 60]
            yield Problem(text, f"「{match.group(1)}」应为「govlint」", Span(number, match.start() + 1, match.end() + 1))


def _parse(body: str, span: Span, line: int, inline: bool, index: RuleIndex, problems: list[Problem]) -> Directive | None:
    """One directive's words: ``govlint-KIND RULES：reason``; a mistake in them is a problem, never ignored."""
    match = re.match(r"govlint[\w-]*", body, re.IGNORECASE)
    word = match.group(0) if match else body.split(maxsplit=1)[0] if body.split() else body
    rest = body[len(word) :]
    kind = word.lower().removeprefix("govlint").removeprefix("-")
    if kind not in KINDS:
        close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.5)
        hint = f"，是否应为 govlint-{close[0]}" if close else f"；可用：{'、'.join(KINDS)}"
        problems.append(Problem(body, f"「{word}」不是 govlint 的指令{hint}", span))
        return None
    names, colon, reason = re.split(r"([:：])", rest, maxsplit=1) if re.search(r"[:：]", rest) else (rest, "", "")
    selectors = tuple(s for s in _SEPARATORS.split(names) if s)
    unknown = [s for s in selectors if not index.resolve(s)]
    for selector in unknown:
        problems.append(Problem(body, f"「{selector}」不是任何规则的编号、名称或分组", span))
    known = tuple(s for s in selectors if s not in unknown)
    if unknown and not known:
        return None  # it names only rules that do not exist: it can silence nothing
    ids = frozenset(index.ids(known)) if known else None
    return Directive(kind, known, reason.strip(), span, line, inline, ids)


def _place(directives: list[Directive], lines: Sequence[str], problems: list[Problem]) -> None:
    """The lines each directive covers; ranges pair in document order (see the module's docstring)."""
    following = _next_lines(lines)
    ranges = _OpenRanges()
    for directive in directives:
        line, kind = directive.line, directive.kind
        if kind == "disable-file":
            directive.start, directive.end = 0, END
        elif kind == "disable-line":
            if directive.inline:
                directive.start = directive.end = line
        elif kind == "disable-next-line":
            inside = 1 <= line <= len(lines)
            target = line if not directive.inline and _has_content(lines, line) else following[line - 1] if inside else None
            if target is not None:
                directive.start = directive.end = target
        elif kind == "disable":
            directive.start, directive.end = line, END
            ranges.open(directive)
        else:
            closing = ranges.close(directive.ids)
            if not closing:
                problems.append(Problem(f"govlint-enable {' '.join(directive.selectors)}".strip(), "前面没有与之对应的 govlint-disable", directive.span))
            for opened in closing:
                opened.end = max(line if directive.inline else line - 1, opened.start or 0)


class _OpenRanges:
    """The ``govlint-disable`` ranges not yet ended, filed so that an enable finds the ones it ends
    without trying every open range: by their rule set, each set under its smallest rule id."""

    def __init__(self) -> None:
        self._by_rules: dict[frozenset[str] | None, list[Directive]] = {}
        self._by_first: dict[str, set[frozenset[str]]] = {}

    def open(self, directive: Directive) -> None:
        key = directive.ids
        self._by_rules.setdefault(key, []).append(directive)
        if key:
            self._by_first.setdefault(min(key), set()).add(key)

    def close(self, ids: frozenset[str] | None) -> list[Directive]:
        """End the ranges whose rules ``ids`` all name (every range when ``ids`` is None)."""
        if ids is None:
            keys = list(self._by_rules)
        else:
            keys = [key for rule in ids for key in self._by_first.get(rule, ()) if key <= ids]
        closed: list[Directive] = []
        for key in keys:
            closed.extend(self._by_rules.pop(key, ()))
            if key:
                self._by_first.get(min(key), set()).discard(key)
        return closed


def _has_content(lines: Sequence[str], number: int) -> bool:
    """Whether line ``number`` exists and holds something besides directives."""
    return 1 <= number <= len(lines) and _content(lines[number - 1])


def _content(line: str) -> bool:
    return bool(line.strip()) and (("<!--" not in line) or bool(COMMENT.sub("", line).strip()))


def _next_lines(lines: Sequence[str]) -> list[int | None]:
    """For each line, the number of the next line with something besides directives (one pass
    from the end, so thousands of directives in a row stay linear)."""
    following: list[int | None] = [None] * len(lines)
    after: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = after
        if _content(lines[index]):
            after = index + 1
    return following


def _covered(diagnostics: Sequence[Diagnostic], directives: Sequence[Directive]) -> set[int]:
    """Indexes of the diagnostics some directive covers; marks the directives that cover one.

    Per rule: its findings' lines, sorted; a directive is used when one of them lies in its
    interval (one binary search), a finding is covered when it lies in the union of the
    intervals (one more).  Linear in directives × rules plus findings, up to the logarithms.
    """
    by_rule: dict[str, list[int]] = {}
    for position, diagnostic in enumerate(diagnostics):
        by_rule.setdefault(diagnostic.rule, []).append(position)
    intervals: dict[str, list[Directive]] = {rule: [] for rule in by_rule}
    for directive in directives:
        if directive.start is None:
            continue
        for rule in by_rule if directive.ids is None else directive.ids & by_rule.keys():
            intervals[rule].append(directive)
    covered: set[int] = set()
    for rule, positions in by_rule.items():
        ranges = [(d.start, d.end, d) for d in intervals[rule] if d.start is not None]
        if not ranges:
            continue
        lines = sorted(diagnostics[p].line for p in positions)
        for start, end, directive in ranges:
            at = bisect_left(lines, start)
            if at < len(lines) and lines[at] <= end:
                directive.used = True
        starts, ends = _union((start, end) for start, end, _ in ranges)
        for position in positions:
            line = diagnostics[position].line
            at = bisect_right(starts, line) - 1
            if at >= 0 and line <= ends[at]:
                covered.add(position)
    return covered


def _union(intervals: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping or touching intervals merged, as sorted starts and their ends."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(intervals):
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


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


def _invalid(rule: Rule, problem: Problem, path: str) -> Diagnostic:
    return Diagnostic(
        rule=rule.id,
        name=rule.name,
        severity=rule.severity,
        message=render_message(rule, {"directive": problem.text.strip(), "problem": problem.why}),
        path=path,
        span=problem.span,
        location=Location(heading=problem.text.strip()),
    )
