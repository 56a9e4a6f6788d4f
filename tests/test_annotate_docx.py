"""`govlint check draft.docx --annotate`: each finding as a Word review comment on its cell or paragraph."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from govlint.api import Linter
from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, main
from govlint.read.docx import P, TC, clean, element_origins, paragraph_text
from govlint.testing import build_report, render_docx

from .test_formats_end_to_end import _filled, _wrong_totals, real


def comments_by_element(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Origin of the cell or paragraph each comment starts in (as the reader names it) → (author, text)."""
    document = docx.Document(str(path))
    comments = {c.comment_id: (c.author, c.text) for c in document.comments}
    origins = element_origins(document.element.body)
    found: dict[str, list[tuple[str, str]]] = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        holder = next(start.iterancestors(TC), None)
        holder = next(start.iterancestors(P)) if holder is None else holder
        found.setdefault(origins[holder], []).append(comments[int(start.get(qn("w:id")))])
    return found


def findings(path: Path) -> list[tuple]:
    result = Linter().lint_file(path)
    assert result.error is None
    return [(d.rule, d.line, d.column, d.place, d.message, d.hint) for d in result.diagnostics]


def assert_annotated(original: Path, annotated: Path) -> list[str]:
    """One comment by govlint per finding, on the cell or paragraph holding the finding's text (a finding
    about the whole report on the first paragraph), and nothing else changed; the origin of each finding."""
    source = Linter().read(str(original))
    result = Linter().lint_source(source)
    assert result.diagnostics, "the draft should have findings"
    comments = comments_by_element(annotated)
    assert sum(map(len, comments.values())) == len(result.diagnostics)
    elements = {name: e for e, name in element_origins(docx.Document(str(annotated)).element.body).items()}
    origins = []
    for d in result.diagnostics:
        origin = source.origin(d.line, d.column) if d.line > 0 else source.origins[0][0]
        assert origin is not None, (d.rule, d.place)
        texts = [text for author, text in comments[origin] if author == "govlint"]
        assert any(d.rule in text and d.message in text for text in texts), texts
        if d.expected is not None:
            assert any(f"应为：{d.expected}" in text for text in texts)
        if d.line > 0:
            line = source.lines[d.line - 1]
            held = line.split("\t")[line[: d.column - 1].count("\t")] if origin.startswith("tc:") else line
            assert clean(paragraph_text(elements[origin])) == held
        origins.append(origin)
    assert findings(annotated) == findings(original)
    return origins


def _wrong_docx(tmp_path: Path) -> Path:
    path = tmp_path / "draft.docx"
    path.write_bytes(render_docx(_wrong_totals(build_report("v2021", seed=2))))
    return path


def test_generated_draft_gets_a_comment_on_each_wrong_cell(tmp_path: Path) -> None:
    draft = _wrong_docx(tmp_path)
    before = draft.read_bytes()
    assert main(["check", str(draft), "--annotate"]) == EXIT_FINDINGS
    assert draft.read_bytes() == before
    origins = assert_annotated(draft, tmp_path / "draft.govlint.docx")
    assert origins and all(o.startswith("tc:") for o in origins)
    texts = [text for comments in comments_by_element(tmp_path / "draft.govlint.docx").values() for _, text in comments]
    grand_total = next(text for text in texts if text.startswith("【错误】GL101"))
    assert "同一问题：【错误】GL102" in grand_total and "同一问题：【错误】GL103" in grand_total


def test_blank_real_template_gets_comments_on_paragraphs_and_cells(tmp_path: Path) -> None:
    draft = tmp_path / "blank.docx"
    draft.write_bytes(real("template-2021.docx").read_bytes())
    assert main(["check", str(draft), "--annotate"]) == EXIT_FINDINGS
    origins = assert_annotated(draft, tmp_path / "blank.govlint.docx")
    assert {o.split(":")[0] for o in origins} == {"p", "tc"}


def test_annotating_an_annotated_copy_keeps_the_earlier_comments(tmp_path: Path) -> None:
    draft = _wrong_docx(tmp_path)
    assert main(["check", str(draft), "--annotate-to", str(tmp_path / "once.docx")]) == EXIT_FINDINGS
    assert main(["check", str(tmp_path / "once.docx"), "--annotate-to", str(tmp_path / "twice.docx")]) == EXIT_FINDINGS
    once, twice = (docx.Document(str(tmp_path / name)).comments for name in ("once.docx", "twice.docx"))
    assert len(twice) == 2 * len(once) and len({c.comment_id for c in twice}) == len(twice)
    assert findings(tmp_path / "twice.docx") == findings(draft)


def test_filled_real_template_gets_a_comment_at_the_wrong_total(tmp_path: Path) -> None:
    report = _wrong_totals(build_report("v2021", seed=2))
    draft = _filled(tmp_path, report)
    target = tmp_path / "out" / "批注.docx"
    target.parent.mkdir()
    assert main(["check", str(draft), "--annotate-to", str(target)]) == EXIT_FINDINGS
    assert_annotated(draft, target)
    wrong = str(report.value("t3", "r3_7_total", "total"))
    document = docx.Document(str(target))
    origins = {name: e for e, name in element_origins(document.element.body).items()}
    assert any(clean(paragraph_text(origins[o])) == wrong for o in comments_by_element(target))


def test_every_line_and_cell_knows_its_element(tmp_path: Path) -> None:
    """The mapping the comments rely on: each line's paragraph, and each table cell's w:tc, hold its text."""
    for path in (_wrong_docx(tmp_path), _filled(tmp_path, build_report("v2021", seed=1))):
        source = Linter().read(str(path))
        elements = {name: e for e, name in element_origins(docx.Document(str(path)).element.body).items()}
        assert len(source.origins) == len(source.lines)
        for line, origins in zip(source.lines, source.origins):
            if not line:
                assert origins == ()
            elif len(origins) == 1 and origins[0].startswith("p:"):
                assert clean(paragraph_text(elements[origins[0]])) == line
            else:
                cells = line.split("\t")
                assert len(origins) == len(cells)
                for text, origin in zip(cells, origins):
                    if text:
                        assert clean(paragraph_text(elements[origin])) == text


def test_clean_draft_gets_a_copy_without_comments(tmp_path: Path) -> None:
    draft = tmp_path / "clean.docx"
    draft.write_bytes(render_docx(build_report("v2021", seed=1)))
    assert main(["check", str(draft), "--annotate"]) == 0
    assert len(docx.Document(str(tmp_path / "clean.govlint.docx")).comments) == 0


def test_finding_about_the_whole_report_goes_on_the_first_paragraph(tmp_path: Path) -> None:
    from govlint.diagnostics import Diagnostic, Severity
    from govlint.model import Span
    from govlint.report.docx_comments import annotate_docx

    data = _wrong_docx(tmp_path).read_bytes()
    source = Linter().read(str(tmp_path / "draft.docx"))
    whole = Diagnostic("GL900", "x.y", Severity.WARNING, "缺少第六部分", "draft.docx", Span(0, 0, 0))
    out = tmp_path / "whole.docx"
    out.write_bytes(annotate_docx(data, [whole], source))
    assert list(comments_by_element(out)) == [source.origins[0][0]]
    assert docx.Document(io.BytesIO(out.read_bytes())).comments.get(0).author == "govlint"


@pytest.mark.parametrize("case", ["text", "in place", "two inputs"])
def test_annotate_refuses_with_exit_2(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _wrong_docx(tmp_path)
    text = tmp_path / "draft.txt"
    text.write_text("2021年政府信息公开工作年度报告\n", encoding="utf-8")
    copy = tmp_path / "copy.docx"
    copy.write_bytes(draft.read_bytes())
    argv = {
        "text": ["check", str(text), "--annotate"],
        "in place": ["check", str(draft), "--annotate-to", str(draft)],
        "two inputs": ["check", str(draft), str(copy), "--annotate-to", str(tmp_path / "x.docx")],
    }[case]
    before = draft.read_bytes()
    assert main(argv) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "annotate" in err and "Traceback" not in err
    assert draft.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.docx", "draft.docx", "draft.txt"]


def test_docx_named_file_that_is_not_word_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text(Path(__file__).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(fake), "--annotate"]) == EXIT_ERROR
    assert not (tmp_path / "fake.govlint.docx").exists()
