"""Range directives (``govlint-disable`` … ``govlint-enable``) and directives that are written wrong,
in text, HTML comments and Word review comments."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx

from govlint.api import Linter, lint_text

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
S5 = "五、存在的主要问题及改进情况"


def rules(result) -> list[str]:
    return [d.rule for d in result.diagnostics]


def test_a_range_silences_the_rules_it_names_between_disable_and_enable():
    plain = rules(lint_text(TEXT))
    assert {"GL103", "GL104", "GL014"} <= set(plain)
    text = TEXT.replace(T3, f"<!-- govlint-disable GL103,GL104：按上级口径填报 -->\n{T3}").replace(T4, f"<!-- govlint-enable -->\n{T4}")
    result = lint_text(text)
    assert "GL103" not in rules(result) and "GL104" in rules(result)  # GL104's row is after the enable
    assert "GL014" in rules(result) and result.suppressed == 2
    assert not {"GL901", "GL904", "GL905"} & set(rules(result))


def test_a_range_without_rules_silences_every_rule_and_enable_names_what_it_ends():
    text = TEXT.replace(T3, f"<!-- govlint-disable：整章按上级口径 -->\n<!-- govlint-disable GL104：复议口径 -->\n{T3}")
    text = text.replace(S5, f"<!-- govlint-enable GL104 -->\n{S5}")
    result = lint_text(text)
    assert not {"GL103", "GL104", "GL014"} & set(rules(result))
    unclosed = [d for d in result.diagnostics if d.rule == "GL905"]
    assert len(unclosed) == 1 and "全部规则" in unclosed[0].message  # the rule-less range was never ended
    assert text.split("\n")[unclosed[0].line - 1] == "<!-- govlint-disable：整章按上级口径 -->"


def test_misspelt_directives_are_findings_never_ignored():
    cases = {
        "<!-- govlint-disabel GL103：原因 -->": "是否应为 govlint-disable",
        "<!-- govlnit-disable GL103：原因 -->": "「govlnit」应为「govlint」",
        "<!-- govlint-disable GL1O3：原因 -->": "「GL1O3」不是任何规则",
        "<!-- govlint-enable -->": "前面没有与之对应的 govlint-disable",
        "<!-- govlint-disable-next-line GL103：原因": "注释没有闭合",
    }
    for directive, words in cases.items():
        result = lint_text(TEXT.replace(T3, f"{directive}\n{T3}"))
        invalid = [d for d in result.diagnostics if d.rule == "GL904"]
        assert len(invalid) == 1 and words in invalid[0].message, (directive, [d.message for d in invalid])
        assert "GL103" in rules(result)  # nothing was silenced by it


def test_a_range_without_reason_is_reported_and_a_range_naming_an_unselected_rule_is_no_mistake():
    text = TEXT.replace(T3, f"<!-- govlint-disable GL103 -->\n{T3}").replace(T4, f"<!-- govlint-enable -->\n{T4}")
    assert "GL902" in rules(lint_text(text))
    from govlint.config import Config

    linter = Linter(config=Config({"ignore": ["GL103"]}))
    quiet = lint_text(text.replace("GL103 -->", "GL103：口径 -->"), linter=linter)
    assert not {"GL904", "GL902"} & set(rules(quiet)) and "GL901" in rules(quiet)


def test_thousands_of_ranges_and_findings_stay_linear():
    ranges = "".join(f"<!-- govlint-disable GL10{i % 6 + 1}：已核实 -->\n正文第{i}段。\n<!-- govlint-enable -->\n" for i in range(6000))
    start = time.monotonic()
    result = lint_text(TEXT.replace("一、总体情况\n", "一、总体情况\n" + ranges, 1))
    assert time.monotonic() - start < 15
    assert sum(d.rule == "GL901" for d in result.diagnostics) == 6000


HTML = """<html><body>{body}</body></html>"""


def _html_report(marker: str) -> bytes:
    """The sample report as a web page: paragraphs, and its Markdown tables as HTML tables."""
    parts: list[str] = []
    rows: list[str] = []
    for line in TEXT.split("\n")[1:]:
        if line.startswith("|"):
            if set(line.replace("|", "").strip()) <= {"-", " ", ":"}:
                continue
            cells = "".join(f"<td>{c.strip()}</td>" for c in line.strip().strip("|").split("|"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            parts.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            parts.append(f"<p>{line}</p>")
    body = "\n".join(parts).replace(f"<p>{T4}</p>", f"{marker}\n<p>{T4}</p>")
    return HTML.format(body=body).encode("utf-8")


def test_directives_in_html_comments():
    linter = Linter()
    plain = linter.lint_bytes(_html_report(""), "r.html")
    assert "GL104" in rules(plain)
    quiet = linter.lint_bytes(_html_report("<!-- govlint-disable GL104：复议口径 -->"), "r.html")
    assert "GL104" not in rules(quiet) and "GL905" in rules(quiet) and quiet.suppressed == 1
    wrong = linter.lint_bytes(_html_report("<!-- govlint-disabel GL104：复议口径 -->"), "r.html")
    assert "GL104" in rules(wrong) and "GL904" in rules(wrong)


def _word_report(comment: str | None, anchor: str) -> bytes:
    """The sample report as a Word file, with a review comment on the paragraph that starts with ``anchor``."""
    document = docx.Document()
    table = None
    for line in TEXT.split("\n"):
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= {"-", ":"}:
                continue
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for cell, text in zip(row, cells):
                cell.text = text
            continue
        table = None
        if line.strip():
            paragraph = document.add_paragraph(line)
            if comment and line.startswith(anchor):
                document.add_comment(paragraph.runs, text=comment, author="审核人")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_directives_in_word_review_comments():
    linter = Linter()
    plain = linter.lint_bytes(_word_report(None, T4), "r.docx")
    assert "GL104" in rules(plain)
    ranged = linter.lint_bytes(_word_report("govlint-disable GL104：复议案件按上级口径", T4), "r.docx")
    assert "GL104" not in rules(ranged) and "GL905" in rules(ranged)
    file_wide = linter.lint_bytes(_word_report("<!-- govlint-disable-file GL103：汇总口径 -->", "青禾"), "r.docx")
    assert "GL103" not in rules(file_wide) and file_wide.suppressed >= 1
    wrong = linter.lint_bytes(_word_report("govlint-disabel GL104：复议口径", T4), "r.docx")
    assert "GL104" in rules(wrong) and "GL904" in rules(wrong)
    other = linter.lint_bytes(_word_report("请核对这一段的数字", T4), "r.docx")  # an ordinary review comment
    assert rules(other) == rules(plain)


def test_an_html_comment_inside_a_table_row_is_on_that_row():
    row = "<tr><td>2</td><td>1</td><td>0</td><td>0</td><td>4</td>"
    page = _html_report("").decode("utf-8")
    assert page.count(row) == 1
    marked = page.replace(row, "<tr><td>2<!-- govlint-disable-line GL104：复议口径 --></td><td>1</td><td>0</td><td>0</td><td>4</td>")
    result = Linter().lint_bytes(marked.encode("utf-8"), "r.html")
    assert "GL104" not in rules(result) and result.suppressed == 1 and "GL901" not in rules(result)
    before = page.replace(row, "<!-- govlint-disable-line GL104：复议口径 -->" + row)  # between rows: on no row
    stale = Linter().lint_bytes(before.encode("utf-8"), "r.html")
    assert "GL104" in rules(stale) and "GL901" in rules(stale)


def test_a_review_comment_on_a_table_cell_covers_its_row():
    document = docx.Document(io.BytesIO(_word_report(None, T4)))
    cell = next(c for t in document.tables for r in t.rows for c in r.cells[:1] if c.text == "2" and r.cells[4].text == "4")
    document.add_comment(cell.paragraphs[0].runs, text="govlint-disable-line GL104：复议案件按上级口径", author="审核人")
    out = io.BytesIO()
    document.save(out)
    result = Linter().lint_bytes(out.getvalue(), "r.docx")
    assert "GL104" not in rules(result) and result.suppressed == 1 and not {"GL901", "GL904"} & set(rules(result))


def test_an_unclosed_comment_is_one_finding_however_many_openers_follow():
    line = "<!-- govlint-disable-next-line GL103：原因 --> " + "<!-- govlint-disable GL103 " * 5000
    result = lint_text(TEXT.replace(T3, f"{line}\n{T3}"))
    invalid = [d for d in result.diagnostics if d.rule == "GL904"]
    assert len(invalid) == 1 and "没有闭合" in invalid[0].message and invalid[0].column == line.index("<!--", 4) + 1
    assert "「<!-- govlint-disable GL103」" in invalid[0].message
