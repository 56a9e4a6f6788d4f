"""``govlint server``: a Language Server that lints Markdown and text drafts as they are typed.

Editors speak the Language Server Protocol over stdio; each opened, changed or saved document
is linted with the configuration found for its path (as ``govlint check`` would) and its
findings are published as diagnostics: the exact range of the offending number, the rule id as
the code, the Chinese message with its hint, and the other findings of the same defect and the
cells that took part as related information.  A defect with one certain correction (see
:mod:`govlint.check.fixes`) is offered as a quick-fix code action on its findings and on the cell
it changes.  A document that is no report (a README) gets no diagnostics; one that cannot be
read gets one diagnostic saying why.  Needs the optional extra ``govlint[lsp]`` (pygls).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from .api_types import FileResult
from .diagnostics import Diagnostic, Fix, Severity, group_members
from .errors import GovlintError
from .model import Span
from .read.source import Source
from .read.text import split_lines
from .runner import Options, linter_for

SOURCE = "govlint"
TYPING_PAUSE = 0.3  # seconds without a change before a changed document is linted (a long report takes ~0.1 s)
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lint_document(document: TextDocument) -> FileResult:
    """Lint the document's current text with the configuration for its path (none for unsaved buffers).

    A configuration or rule file that is wrong becomes the result's error, shown on the
    document, rather than stopping the server.
    """
    path = to_fs_path(document.uri)  # None for an unsaved buffer
    try:
        linter = linter_for(path or str(Path.cwd() / "untitled.md"), Options(isolated=path is None))
        return linter.lint_source(Source(path=path or document.uri, lines=split_lines(document.source)), explicit=False)
    except GovlintError as error:
        return FileResult(path or document.uri, error=str(error))


def to_lsp(result: FileResult, document: TextDocument) -> list[types.Diagnostic]:
    """The LSP diagnostics of one lint result, with positions in the client's units (UTF-16 by default)."""
    if result.error:
        return [types.Diagnostic(range=_range(document, 0, 0, 0), message=result.error, severity=types.DiagnosticSeverity.Error, source=SOURCE)]
    groups = group_members(result.diagnostics)
    return [_diagnostic(d, document, groups[d][1] if d in groups else ()) for d in result.diagnostics]


def _diagnostic(d: Diagnostic, document: TextDocument, group: tuple[Diagnostic, ...]) -> types.Diagnostic:
    """One finding; the other findings of the same defect, then the cells that took part, as related information."""
    message = f"{d.message}\n提示：{d.hint}" if d.hint else d.message
    related = [_related(document, other.span, f"同一问题 [{other.rule}]：{other.message}") for other in group]
    related += [
        _related(document, e.span, f"参与计算：{e.raw}")
        for e in d.evidence
        if e.span.line > 0 and (e.span.line, e.span.column) != (d.line, d.column)
    ]
    return types.Diagnostic(
        range=_range(document, d.line, d.column, d.span.end_column),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.rule,
        source=SOURCE,
        related_information=related or None,
    )


def code_actions(result: FileResult, document: TextDocument, wanted: types.Range) -> list[types.CodeAction]:
    """A quick fix for each correction whose cell or findings ``wanted`` touches: the edit of
    the one cell, and the findings it settles."""
    settled: dict[Fix, list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.fix is not None:
            settled.setdefault(d.fix, []).append(d)
    actions = []
    groups = group_members(result.diagnostics)
    for fix, findings in settled.items():
        where = _range(document, fix.span.line, fix.span.column, fix.span.end_column)
        diagnostics = [_diagnostic(d, document, groups[d][1] if d in groups else ()) for d in findings]
        if not any(_overlap(wanted, r) for r in (where, *(d.range for d in diagnostics))):
            continue
        rules = "、".join(dict.fromkeys(d.rule for d in findings))
        actions.append(
            types.CodeAction(
                title=f"将「{fix.old}」改为「{fix.new}」（{rules}）",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=diagnostics,
                edit=types.WorkspaceEdit(changes={document.uri: [types.TextEdit(range=where, new_text=fix.new)]}),
                is_preferred=True,
            )
        )
    return actions


def _overlap(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges share a position (an empty range, a cursor, touches its ends)."""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= (
        a.end.line, a.end.character
    )


def _related(document: TextDocument, span: Span, message: str) -> types.DiagnosticRelatedInformation:
    location = types.Location(uri=document.uri, range=_range(document, span.line, span.column, span.end_column))
    return types.DiagnosticRelatedInformation(location=location, message=message)


def _range(document: TextDocument, line: int, column: int, end_column: int) -> types.Range:
    """govlint's 1-based line and column (end exclusive, 0 when unknown: to the end of the line) as an LSP range."""
    if line < 1:  # a finding about the whole report: its first character
        return types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    row = line - 1
    text = document.lines[row].rstrip("\r\n") if row < len(document.lines) else ""
    start = max(column - 1, 0)
    end = end_column - 1 if end_column > column else len(text)
    return document.range_to_client_units(ServerTextRange(ServerTextPosition(row, start), ServerTextPosition(row, max(end, start))))


def build_server() -> LanguageServer:
    """A server that publishes diagnostics on open, save and when typing pauses (full text sync), and clears them on close."""
    from importlib.metadata import version

    server = LanguageServer("govlint", version("govlint"), text_document_sync_kind=types.TextDocumentSyncKind.Full)

    linted: dict[str, tuple[str, FileResult]] = {}  # uri → (the text linted, its result), for code actions

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        result = lint_document(document)
        linted[uri] = (document.source, result)
        diagnostics = to_lsp(result, document)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        """Quick fixes for the document as it is now (linted again if it changed since the last lint)."""
        document = server.workspace.get_text_document(params.text_document.uri)
        text, result = linted.get(document.uri, (None, None))
        if result is None or text != document.source:
            result = lint_document(document)
        return code_actions(result, document, params.range)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    waiting: dict[str, asyncio.TimerHandle] = {}

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        """Lint once typing pauses: a keystroke cancels the lint the one before it scheduled."""
        uri = params.text_document.uri
        if uri in waiting:
            waiting.pop(uri).cancel()
        waiting[uri] = asyncio.get_running_loop().call_later(TYPING_PAUSE, paused, uri)

    def paused(uri: str) -> None:
        del waiting[uri]
        publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        linted.pop(params.text_document.uri, None)
        if params.text_document.uri in waiting:
            waiting.pop(params.text_document.uri).cancel()
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    return server


def serve() -> None:
    """Speak LSP on stdin/stdout until the client says exit."""
    build_server().start_io()
