"""`govlint server`: an LSP client over stdio opens a draft and receives its diagnostics."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.testing import build_report, render_with_positions

pytest.importorskip("pygls", reason="govlint server needs the optional extra govlint[lsp] (pygls)")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

WRONG = ("t3", "r3_7_total", "total")
TIMEOUT = 60  # seconds; the first lint loads rules and grammars


def _draft(wrong: bool) -> tuple[str, tuple[int, int]]:
    """A Markdown draft (pipe tables), with table 三's grand total one too high when ``wrong``."""
    report = build_report("v2021", seed=2)
    if wrong:
        report = report.with_value(*WRONG, int(report.value(*WRONG)) + 1)
    text, positions = render_with_positions(report, "pipes")
    return text, positions[WRONG]


async def _session(folder: Path, steps) -> list[types.PublishDiagnosticsParams]:
    """Start ``govlint server``, run ``steps(client, received)``, shut it down; every publish received."""
    client = LanguageClient("govlint-test", "1")
    received: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        received.put_nowait(params)

    await client.start_io(sys.executable, "-m", "govlint", "server", cwd=str(folder))
    try:
        await asyncio.wait_for(client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities())), TIMEOUT)
        client.initialized(types.InitializedParams())
        return await steps(client, received)
    finally:
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await client.stop()


async def _next(received: asyncio.Queue) -> types.PublishDiagnosticsParams:
    return await asyncio.wait_for(received.get(), TIMEOUT)


def test_open_change_and_save_publish_diagnostics(tmp_path: Path) -> None:
    wrong, (line, column) = _draft(wrong=True)
    right, _ = _draft(wrong=False)
    uri = (tmp_path / "draft.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=wrong)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        opened = await _next(received)
        fixed = types.TextDocumentContentChangeWholeDocument(text=right)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=[fixed]
            )
        )
        changed = await _next(received)
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        return [opened, changed, await _next(received)]

    opened, changed, saved = asyncio.run(_session(tmp_path, steps))
    assert opened.uri == uri and opened.version == 1
    # The one wrong number breaks three relations: three findings of one defect, each naming the others.
    errors = {d.code: d for d in opened.diagnostics if d.severity == types.DiagnosticSeverity.Error}
    assert sorted(errors) == ["GL101", "GL102", "GL103"], [(d.code, d.message) for d in opened.diagnostics]
    found = errors["GL101"]
    number = wrong.splitlines()[line - 1][column - 1 :].split()[0].strip("|")
    assert found.range.start == types.Position(line=line - 1, character=column - 1)
    assert found.range.end == types.Position(line=line - 1, character=column - 1 + len(number))
    assert found.source == "govlint" and "相差 1" in found.message and "提示：" in found.message
    related = found.related_information or []
    assert all(r.location.uri == uri for r in related)
    assert {r.message[: len("同一问题 [GL10x]")] for r in related if r.message.startswith("同一问题")} == {
        "同一问题 [GL102]", "同一问题 [GL103]"
    }
    assert changed.version == 2 and not changed.diagnostics
    assert not saved.diagnostics


def test_configuration_of_the_documents_folder_applies(tmp_path: Path) -> None:
    (tmp_path / ".govlint.yaml").write_text("severity:\n  GL101: warning\n  GL102: warning\n  GL103: warning\n", encoding="utf-8")
    wrong, _ = _draft(wrong=True)
    uri = (tmp_path / "draft.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=wrong)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return [await _next(received)]

    (published,) = asyncio.run(_session(tmp_path, steps))
    assert "GL101" in {d.code for d in published.diagnostics}
    assert {d.severity for d in published.diagnostics} == {types.DiagnosticSeverity.Warning}


def test_a_document_that_is_no_report_gets_no_diagnostics(tmp_path: Path) -> None:
    uri = (tmp_path / "README.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text="# 说明\n\n本目录存放年度报告草稿。\n")
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return [await _next(received)]

    (published,) = asyncio.run(_session(tmp_path, steps))
    assert not published.diagnostics


def test_without_pygls_the_server_names_the_extra() -> None:
    code = "import sys; sys.modules['pygls'] = None; from govlint.cli import main; sys.exit(main(['server']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 2
    assert "govlint[lsp]" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_configuration_is_shown_on_the_document_and_the_server_goes_on(tmp_path: Path) -> None:
    (tmp_path / ".govlint.yaml").write_text("select: [GL999]\n", encoding="utf-8")
    wrong, _ = _draft(wrong=True)
    uri = (tmp_path / "draft.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        for version in (1, 2):
            item = types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=wrong)
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return [await _next(received), await _next(received)]

    for published in asyncio.run(_session(tmp_path, steps)):
        (only,) = published.diagnostics
        assert only.severity == types.DiagnosticSeverity.Error and "GL999" in only.message


def test_ranges_are_in_utf16_code_units() -> None:
    """A character outside the BMP (「𠀀」, CJK extension B) counts two UTF-16 units before the number."""
    from pygls.workspace import TextDocument

    from govlint.api_types import FileResult
    from govlint.diagnostics import Diagnostic, Severity
    from govlint.lsp import to_lsp
    from govlint.model import Span

    document = TextDocument("file:///draft.md", "𠀀局 12\n")
    found = Diagnostic("GL101", "t3.balance", Severity.ERROR, "不平衡", "draft.md", Span(1, 4, 6))
    (published,) = to_lsp(FileResult("draft.md", (found,)), document)
    assert published.range == types.Range(start=types.Position(line=0, character=4), end=types.Position(line=0, character=6))


def test_a_burst_of_changes_is_linted_once_typing_pauses(tmp_path: Path) -> None:
    wrong, _ = _draft(wrong=True)
    right, _ = _draft(wrong=False)
    uri = (tmp_path / "draft.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=right)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await _next(received)
        for version, text in enumerate((wrong, right, wrong), start=2):
            change = types.TextDocumentContentChangeWholeDocument(text=text)
            identifier = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
            client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=identifier, content_changes=[change]))
        published = [await _next(received)]
        while published[-1].version != 4:
            published.append(await _next(received))
        return published

    published = asyncio.run(_session(tmp_path, steps))
    assert "GL101" in {d.code for d in published[-1].diagnostics if d.severity == types.DiagnosticSeverity.Error}
    assert all(p.version in (2, 3, 4) for p in published)


def test_an_edited_configuration_applies_at_the_next_save(tmp_path: Path) -> None:
    wrong, _ = _draft(wrong=True)
    uri = (tmp_path / "draft.md").as_uri()
    config = tmp_path / ".govlint.yaml"

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=wrong)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        before = await _next(received)
        config.write_text("ignore: [GL101, GL102, GL103]\n", encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        return [before, await _next(received)]

    before, after = asyncio.run(_session(tmp_path, steps))
    assert "GL101" in {d.code for d in before.diagnostics}
    assert not {"GL101", "GL102", "GL103"} & {d.code for d in after.diagnostics}


def test_a_long_running_server_keeps_one_linter_per_configuration_file(tmp_path: Path) -> None:
    from govlint.runner import _LINTERS, Options, linter_for

    config = tmp_path / ".govlint.yaml"
    for rules in ("[GL101]", "[GL101, GL102]", "[GL101, GL102, GL103]"):
        config.write_text(f"ignore: {rules}\n", encoding="utf-8")
        linter = linter_for(str(tmp_path / "draft.md"), Options())
        assert len(linter.config.ignore) == rules.count("GL")
    assert sum(1 for key in _LINTERS if key[0] == str(config)) == 1


def test_a_certain_correction_is_a_quick_fix_code_action(tmp_path: Path) -> None:
    """The client asks for code actions at the wrong total and receives the edit that corrects it;
    the corrected text lints clean of the defect."""
    from govlint.api import lint_text

    wrong, (line, column) = _draft(wrong=True)
    uri = (tmp_path / "draft.md").as_uri()

    async def steps(client: LanguageClient, received: asyncio.Queue) -> list:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=wrong)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        published = await _next(received)
        cursor = types.Position(line=line - 1, character=column - 1)
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=cursor, end=cursor),
            context=types.CodeActionContext(diagnostics=list(published.diagnostics)),
        )
        elsewhere = types.Position(line=0, character=0)
        away = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=elsewhere, end=elsewhere),
            context=types.CodeActionContext(diagnostics=[]),
        )
        return [
            await asyncio.wait_for(client.text_document_code_action_async(params), TIMEOUT),
            await asyncio.wait_for(client.text_document_code_action_async(away), TIMEOUT),
        ]

    actions, none = asyncio.run(_session(tmp_path, steps))
    assert not none
    (action,) = actions
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert {d.code for d in action.diagnostics} == {"GL101", "GL102", "GL103"}
    (edit,) = action.edit.changes[uri]
    lines = wrong.splitlines()
    start, end = edit.range.start, edit.range.end
    assert start == types.Position(line=line - 1, character=column - 1) and start.line == end.line
    row = lines[start.line]
    lines[start.line] = row[: start.character] + edit.new_text + row[end.character :]
    assert edit.new_text == str(int(row[start.character : end.character]) - 1)
    assert not {"GL101", "GL102", "GL103"} & {d.rule for d in lint_text("\n".join(lines), "draft.md").diagnostics}
