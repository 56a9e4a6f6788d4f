"""The ``text`` format: one header line per finding, the source line with carets, a summary.

::

    examples/sample-report.md:65:15: error [GL103] 「自然人」列：（七）总计 37 ≠ 各办理结果之和 38（相差 -1）
        | （七）总计 | | | 37 | 3 | …
                          ^^
    提示：…

    检查了 1 个文件：2 个错误，3 个警告，0 个提示 / 1 file checked: 2 errors, 3 warnings, 0 infos

Carets are placed by *display* width: CJK and full-width characters take two terminal
columns, combining and format characters none.  A source line wider than
:data:`WINDOW_WIDTH` is cut to a window around the column, with 「…」 where it was cut (as
ruff and rustc do): a report flattened onto one line, or an HTML file's long lines, print a
bounded excerpt per finding and cost time in proportion to the window, not the line.
ANSI colour only when the context asks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic, Severity, grouped
from .base import FormatContext, StreamedFormat, Totals

INDENT = "    "
WINDOW_WIDTH = 120  # display columns of source shown per finding
ELLIPSIS = "…"

_RESET = "\033[0m"
_STYLES = {
    "error": "\033[1;31m",
    "warning": "\033[1;33m",
    "info": "\033[1;36m",
    "path": "\033[1m",
    "rule": "\033[35m",
    "dim": "\033[2m",
    "hint": "\033[32m",
    "ok": "\033[1;32m",
}


@lru_cache(maxsize=8192)  # a property of the character: a few thousand distinct ones make up every report
def char_width(char: str) -> int:
    """Terminal columns one character takes: 2 for wide/full-width, 0 for marks and format chars."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns of ``text`` (ASCII: one each, as it has no wide, mark or format character)."""
    return len(text) if text.isascii() else sum(map(char_width, text))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly


def _printable(line: str) -> str:
    """The line as shown: tabs and other control characters become one space each (columns stay put)."""
    return _CONTROL.sub(" ", line.rstrip("\r\n"))


def source_window(line: str, column: int, end_column: int, width: int = WINDOW_WIDTH) -> tuple[str, str]:
    """The line as shown and its caret line; a line wider than ``width`` is cut around the mark.

    Only the characters near the mark are looked at, so each finding costs the same however
    long its line is.
    """
    if len(line) * 2 <= width:
        shown = _printable(line)
        return shown, caret_line(shown, column, end_column)
    start = min(max(column, 1) - 1, len(line))
    end = min(max(end_column - 1, start + 1) if end_column > column else start + 1, len(line))
    budget = width - 2 * char_width(ELLIPSIS)
    mark_end, used = start, 0
    while mark_end < end and used + char_width(line[mark_end]) <= budget * 2 // 3:  # a huge mark keeps some context
        used += char_width(line[mark_end])
        mark_end += 1
    left, spare = _grow(line, start, -1, (budget - used) // 2)
    right, spare = _grow(line, mark_end, 1, spare + (budget - used) - (budget - used) // 2)
    left, _ = _grow(line, left, -1, spare)  # near the end of the line: the room left over goes left
    head = ELLIPSIS if left > 0 else ""
    tail = ELLIPSIS if right < len(line) else ""
    shown = head + _printable(line[left:right]) + tail
    at = start - left + len(head) + 1
    return shown, caret_line(shown, at, at + (mark_end - start) if end_column > column else 0)


def _grow(line: str, index: int, step: int, spare: int) -> tuple[int, int]:
    """Move a window edge one character at a time (``step`` -1: left, 1: right) while they fit in ``spare`` columns."""
    while 0 < index if step < 0 else index < len(line):
        width = char_width(line[index - 1] if step < 0 else line[index])
        if width > spare:
            break
        spare -= width
        index += step
    return index, spare


def caret_line(line: str, column: int, end_column: int) -> str:
    """Spaces up to ``column`` and carets under ``column … end_column`` (1-based, end exclusive)."""
    start = max(column, 1) - 1
    end = end_column - 1 if end_column > column else start + 1
    start = min(start, len(line))
    marked = line[start:end]
    return " " * display_width(line[:start]) + "^" * max(display_width(marked), 1)


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.enabled and text else text


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


class TextWriter:
    def __init__(self, context: FormatContext) -> None:
        self.context = context
        self.paint = _Paint(context.color)
        self.open_block = False  # the last block written ends without a blank line

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        """The file's findings, each with its source line (unreadable files: the CLI reports them on stderr)."""
        blocks: list[str] = []
        if result.skipped:
            blocks.append(f"{self.paint('path', result.path)}: {self.paint('dim', '跳过 skipped')} {result.skipped}")
        for primary, related in grouped(result.diagnostics):
            blocks.append(_diagnostic(primary, result, self.paint, related))
        if blocks:
            self.open_block = "\n" not in blocks[-1]
        return "".join(b + "\n\n" if "\n" in b else b + "\n" for b in blocks)

    def end(self, totals: Totals) -> Iterable[str]:
        out = ["\n"] if self.open_block else []
        if self.context.statistics:
            out.append(statistics_table(totals, self.context))
        out.append(summary(totals, self.context, self.paint))
        return out


class TextFormat(StreamedFormat):
    """``path:line:col: severity [rule] message`` plus source context, for people and editors."""

    name = "text"

    def writer(self, context: FormatContext) -> TextWriter:
        return TextWriter(context)


def _header(d: Diagnostic, paint: _Paint) -> str:
    label = d.severity.label
    return f"{paint('path', d.path)}:{d.line}:{d.column}: {paint(label, label)} {paint('rule', f'[{d.rule}]')} {d.message}"


def _diagnostic(d: Diagnostic, result: FileResult, paint: _Paint, related: Sequence[Diagnostic] = ()) -> str:
    """A finding with its source line, hint and place; the findings of the same defect follow, indented."""
    label = d.severity.label
    lines = [_header(d, paint)]
    source = result.lines.get(d.line) if d.line > 0 else None
    if source is not None:
        shown, carets = source_window(source, d.column, d.span.end_column)
        lines.append(INDENT + shown)
        lines.append(INDENT + paint(label, carets))
    if d.hint:
        lines.append(INDENT + paint("hint", f"提示：{d.hint}"))
    if d.fix is not None:
        lines.append(INDENT + paint("hint", f"可自动修正：将「{d.fix.old}」改为「{d.fix.new}」（govlint check --fix） / fixable"))
    if d.place:
        place = d.place if d.place.startswith("「") else f"「{d.place}」"
        lines.append(INDENT + f"位置：{place}")
    lines.extend(INDENT + f"同一问题 related: {_header(r, paint)}" for r in related)
    return "\n".join(lines)


def statistics_table(totals: Totals, context: FormatContext) -> str:
    """Counts per rule, most frequent first: ``rule  count  severity  title``."""
    if not totals.rules:
        return ""
    rows = [("规则 rule", "数量 count", "级别 severity", "说明 title")]
    for rule_id, seen in sorted(totals.rules.items(), key=lambda item: (-item[1].count, item[0])):
        rule = context.rules.get(rule_id)
        rows.append((rule_id, str(seen.count), seen.severity.label, rule.title if rule else seen.name))
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]

    def pad(text: str, width: int, right: bool = False) -> str:
        gap = " " * (width - display_width(text))
        return gap + text if right else text + gap

    lines = [f"{pad(a, widths[0])}  {pad(b, widths[1], right=True)}  {pad(c, widths[2])}  {d}".rstrip() for a, b, c, d in rows]
    return "\n".join(lines) + "\n\n"


def summary(totals: Totals, context: FormatContext, paint: _Paint | None = None) -> str:
    """「检查了 N 个文件：…」 / "N files checked: …", plus a line for suppressed/baselined counts."""
    paint = paint or _Paint(False)
    checked, unreadable, skipped = totals.checked, totals.statuses["unreadable"], totals.statuses["skipped"]
    errors, warnings, infos = (totals.severities[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    zh = f"检查了 {checked} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示"
    en = f"{_plural(checked, 'file')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}, {_plural(infos, 'info')}"
    if unreadable:
        zh += f"；{unreadable} 个文件无法读取"
        en += f"; {_plural(unreadable, 'file')} unreadable"
    if skipped:
        zh += f"；跳过 {skipped} 个文件"
        en += f"; {skipped} skipped"
    style = "error" if errors or unreadable else "warning" if warnings else "ok"
    out = paint(style, f"{zh} / {en}") + "\n"

    suppressed, baselined, fixed = totals.suppressed, totals.baselined, totals.baseline_fixed + context.baseline_fixed
    extra_zh: list[str] = []
    extra_en: list[str] = []
    if suppressed:
        extra_zh.append(f"已抑制 {suppressed} 条")
        extra_en.append(f"{suppressed} suppressed")
    if baselined:
        extra_zh.append(f"基线中已知 {baselined} 条")
        extra_en.append(f"{baselined} baselined")
    if fixed:
        extra_zh.append(f"基线中已修复 {fixed} 条")
        extra_en.append(f"{_plural(fixed, 'baselined finding')} fixed")
    if extra_zh:
        out += paint("dim", f"{'，'.join(extra_zh)} / {', '.join(extra_en)}") + "\n"
    return out
