"""The ``github`` format: GitHub Actions workflow commands that become annotations.

``::error file=PATH,line=L,col=C,endColumn=E,title=GL103 title::message`` (warning →
``::warning``, info → ``::notice``).  GitHub shows only a few annotations per step (10 of
each type), so the full text report follows in a collapsed ``::group::``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ..api_types import FileResult
from ..diagnostics import Diagnostic, Severity
from .base import FormatContext, Spool, StreamedFormat, Totals
from .text import TextWriter

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part, as actions/toolkit escapes it: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: also ``:`` and ``,``, which delimit the command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value not in (None, ""))
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def _annotation(d: Diagnostic, context: FormatContext) -> str:
    rule = context.rules.get(d.rule)
    properties: dict[str, object] = {"file": d.path.replace("\\", "/")}
    if d.line >= 1:
        properties["line"] = d.line
        if d.column >= 1:
            properties["col"] = d.column
            if d.span.end_column > d.column:
                properties["endColumn"] = d.span.end_column
    properties["title"] = f"{d.rule} {rule.title if rule else d.name}"
    message = d.message
    if d.hint:
        message += f"\n提示：{d.hint}"
    if d.place:
        message += f"\n位置：{d.place}"
    return command(COMMANDS[d.severity], properties, message)


class GithubWriter:
    """Annotations as each file finishes; the text report is held in a spool for the closing group."""

    def __init__(self, context: FormatContext) -> None:
        self.context = context
        self.text = TextWriter(replace(context, color=False))  # logs keep no ANSI codes
        self.report = Spool()

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        lines: list[str] = []
        if result.error:
            lines.append(command("error", {"file": result.path.replace("\\", "/"), "title": "govlint 无法读取 / unreadable"}, result.error))
        lines.extend(_annotation(d, self.context) for d in sorted(result.diagnostics, key=Diagnostic.sort_key))
        self.report.write(self.text.file(result))
        return "".join(line + "\n" for line in lines)

    def end(self, totals: Totals) -> Iterator[str]:
        yield "::group::govlint 检查结果 / report\n"
        yield from self.report.read()
        yield "".join(self.text.end(totals)).rstrip("\n") + "\n"
        yield "::endgroup::\n"


class GithubFormat(StreamedFormat):
    """Workflow-command annotations, then the text report in a collapsed group."""

    name = "github"

    def writer(self, context: FormatContext) -> GithubWriter:
        return GithubWriter(context)
