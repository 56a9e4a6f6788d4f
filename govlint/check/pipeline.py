"""After the check: the one order every finding of a file goes through.

1. Inline directives (``govlint-disable…``) silence the findings they cover, and add GL901
   (a directive that silences nothing), GL902 (one without a reason), GL904 (a misspelt or
   malformed one) and GL905 (a range never ended).
2. The configuration: per-file ignores and severity overrides, GL901/GL902 included.
3. Grouping (:mod:`govlint.check.consolidate`): findings about one defect share a group
   number; none is dropped or merged into another.
4. Places: positions in the file as opened (an HTML file's own line and column), and
   「表3 第5行 第2列」 for Word, HTML and PDF inputs.
5. The baseline hides the findings it knows, each by its own entry, so a new member of a
   baselined group is reported.

Grouping comes after directives and configuration, so a finding switched off there neither
makes a group nor hides in one; the baseline comes last, so it sees the findings exactly as
``--write-baseline`` recorded them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from ..diagnostics import Diagnostic, Severity
from ..model import Span
from .consolidate import group_findings, origin
from .rules import Rule, RuleIndex

if TYPE_CHECKING:
    from ..baseline import Baseline  # only a run with --baseline reads one
    from .suppress import CommentDirective  # only a file with a directive imports the directives' module


Span3 = tuple[int, int, int]  # line, column, end column
FileSpans = Callable[[Iterable[Span3]], Mapping[Span3, Span3]]


@dataclass(frozen=True)
class Settings:
    """What the configuration (and the command line) says for one file."""

    rules: Mapping[str, Rule]  # the selected rules, by id
    ignored: frozenset[str] = frozenset()  # ids of the rules per-file ignores switch off for this file
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id → severity label (see :func:`severity_levels`)
    baseline: Baseline | None = None
    index: RuleIndex | None = None  # every rule, selected or not: a directive naming an unselected rule is no mistake


def severity_levels(index: RuleIndex, severity: Mapping[str, str]) -> dict[str, str]:
    """Rule id → the configured severity label; the first selector naming a rule wins.

    Resolved once per configuration, so a finding looks its level up instead of trying every
    selector (linear in the configuration, not in configuration × findings).
    """
    levels: dict[str, str] = {}
    for selector, label in severity.items():
        for rule_id in index.resolve(selector):
            levels.setdefault(rule_id, label)
    return levels


@dataclass(frozen=True)
class Finished:
    """One file's diagnostics once directives, configuration and baseline had their say, and what each hid."""

    diagnostics: tuple[Diagnostic, ...]
    suppressed: int  # silenced by an inline directive
    baselined: int  # hidden because the baseline knows them
    baseline_fixed: int  # the file's baseline entries no finding matched any more


def finish(
    diagnostics: Sequence[Diagnostic],
    settings: Settings,
    *,
    path: str,
    lines: tuple[str, ...],
    describe: Callable[[int, int], str],
    file_spans: FileSpans | None = None,
    comments: Sequence[CommentDirective] = (),
    fixes: bool = False,
) -> Finished:
    """Directives → configuration → grouping → places → baseline (see the module's docstring).

    ``lines`` are the source's text lines (for directives) and ``describe`` names a place the
    way the input's reader does; ``file_spans`` maps spans of ``lines`` to spans of the file as
    opened (HTML); ``comments`` are directives the reader found outside ``lines`` (HTML comments,
    Word review comments); the caller passes them all, so this stage never reads files.  ``fixes``:
    the input's cells can be edited where they are (text, Markdown, Word), so a defect with one
    certain correction carries it (:mod:`govlint.check.fixes`).
    """
    kept, suppressed = _directed(diagnostics, settings, path, lines, comments)
    kept = _configured(kept, settings)
    kept = group_findings(kept, lambda d: origin(settings.rules.get(d.rule)), describe, fixes=fixes)
    kept = _placed(kept, describe, file_spans)
    baselined = fixed = 0
    if settings.baseline is not None:
        kept, baselined, fixed = settings.baseline.hide(path, kept)
    return Finished(tuple(kept), suppressed, baselined, fixed)


def _directed(
    diagnostics: Sequence[Diagnostic], settings: Settings, path: str, lines: tuple[str, ...], comments: Sequence[CommentDirective]
) -> tuple[list[Diagnostic], int]:
    """The inline directives applied (:func:`govlint.check.suppress.apply_suppressions`), their module imported only
    for a file that may have one: a directive, or a misspelt one, is an HTML comment in the text or a reader's comment."""
    if not comments and "<!--" not in "\n".join(lines):  # one search, not one per line
        return list(diagnostics), 0
    from .suppress import apply_suppressions

    return apply_suppressions(diagnostics, lines, settings.rules, path, index=settings.index, comments=comments)


def _configured(diagnostics: list[Diagnostic], settings: Settings) -> list[Diagnostic]:
    """Per-file ignores and severity overrides from the configuration."""
    out = []
    for d in diagnostics:
        if d.rule in settings.ignored:
            continue
        level = settings.severity.get(d.rule)
        out.append(replace(d, severity=Severity.parse(level)) if level else d)
    return out


def _placed(diagnostics: list[Diagnostic], describe: Callable[[int, int], str], file_spans: FileSpans | None) -> list[Diagnostic]:
    """Positions in the file as opened, and the place a Word, HTML or PDF user can find
    (「表3 第5行 第2列」; nothing for text files)."""
    spans = file_spans(s for d in diagnostics for s in (d.span, *(e.span for e in d.evidence))) if file_spans else {}
    out = []
    for d in diagnostics:
        place = describe(d.line, d.column)
        if place:
            d = replace(d, place=place)
        if spans and (spans[d.span] != d.span or any(spans[e.span] != e.span for e in d.evidence)):
            evidence = tuple(replace(e, span=Span(*spans[e.span])) for e in d.evidence)
            d = replace(d, span=Span(*spans[d.span]), evidence=evidence)
        out.append(d)
    return out
