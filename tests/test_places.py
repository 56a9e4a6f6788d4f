"""Positions in the file the user opened: an HTML finding's line and column are the HTML file's.

The reader turns a page into lines of text; every machine-readable position (text header,
JSON, SARIF, GitHub annotation) must still be where the text is in the HTML file, so an
editor jumps to the cell.  Places (「HTML第574行 表1 第14行 第2列」) stay as extra detail.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlint.api import Linter
from govlint.read.html import HtmlReader
from govlint.read.html_positions import Origin, clean_pieces
from govlint.testing import build_report, render_html

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is absent (the ../shared checkout is not available)")
    return path


def file_text_at(page: str, line: int, column: int, end_column: int) -> str:
    """What the file shows from ``column`` to ``end_column`` on ``line``, entities decoded."""
    return html.unescape(page.split("\n")[line - 1][column - 1 : end_column - 1])


def assert_cells_found_in_file(path: Path, page: str) -> int:
    """Every number cell of the parsed model maps to the place in the file that holds its text."""
    linter = Linter()
    source = linter.read(str(path))
    report = linter.parse(source)
    cells = [c for t in report.tables for r in t.rows for c in r.cells if c.raw]
    spans = source.file_spans(c.span for c in cells)
    for cell in cells:
        line, column, end = spans[cell.span]
        assert end > column, (cell, spans[cell.span])
        assert file_text_at(page, line, column, end) == cell.raw, (cell, spans[cell.span], page.split("\n")[line - 1][column - 20 : column + 20])
    return len(cells)


def test_pingtan_findings_and_every_cell_point_into_the_html_file() -> None:
    path = real("pingtan-2021.html")
    page = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert assert_cells_found_in_file(path, page) > 100
    linter = Linter()
    source = linter.read(str(path))
    unmapped = linter.lint_source(replace(source, file_map=None)).diagnostics
    result = linter.lint_source(source)
    assert result.diagnostics
    for before, after in zip(unmapped, result.diagnostics, strict=True):
        text = source.lines[before.line - 1][before.column - 1 : before.span.end_column - 1]
        assert file_text_at(page, after.line, after.column, after.span.end_column) == text
        assert result.lines[after.line] == page.split("\n")[after.line - 1]  # the excerpt is the HTML line
        assert after.place == before.place and after.place.startswith("HTML第")


# A minified page: every tag on one line, entities, a start tag over three lines, a comment and
# a script inside a paragraph, the same number in neighbouring cells.
TRICKY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body><div class="article">
<p>某区2021年政府信息公开工作年度报告</p><p><span>一、</span>总体<!-- x -->情况</p><p>本年&nbsp;主动公开<script>var a="收到";</script>信息&#20869;容。</p>
<p
  style="a:b"
>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td><td>0</td><td>0</td><td>10</td></tr><tr><td>规章</td><td>0</td><td>0</td><td>&#49;0</td></tr></table>
</div></body></html>"""


def test_minified_page_with_entities_and_comments_maps_every_text_to_its_column() -> None:
    source = HtmlReader().read("tricky.html", TRICKY.encode())
    page = TRICKY
    wanted = {"总体情况": None, "一、": None, "信息内容": None, "二、主动公开": None, "10": None, "规章": None}
    for number, text in enumerate(source.lines, start=1):
        for word in wanted:
            index = text.rfind(word)
            if index >= 0:
                span = (number, index + 1, index + 1 + len(word))
                wanted[word] = source.file_spans([span])[span]
    assert file_text_at(page, *wanted["一、"]) == "一、"
    line, column, _ = wanted["总体情况"]
    assert page.split("\n")[line - 1][column - 1 :].startswith("总体<!-- x -->情况")
    line, column, _ = wanted["信息内容"]
    assert page.split("\n")[line - 1][column - 1 :].startswith("信息&#20869;容")
    assert file_text_at(page, *wanted["二、主动公开"]) == "二、主动公开"
    assert wanted["二、主动公开"][0] == 5  # the line the text is on, not the line the start tag begins on
    assert file_text_at(page, *wanted["10"]) == "10"  # the last 10 of the page: 「&#49;0」
    line, column, end = wanted["10"]
    assert page.split("\n")[line - 1][column - 1 : end - 1] == "&#49;0"
    assert file_text_at(page, *wanted["规章"]) == "规章"


@pytest.mark.parametrize("template", ["v2019", "v2021"])
@pytest.mark.parametrize("seed", [0, 1, None])
@pytest.mark.parametrize("variant", ["one-cell-a-line", "minified", "entities"])
def test_generated_pages_map_every_cell_heading_and_finding(tmp_path: Path, template: str, seed: int | None, variant: str) -> None:
    report = build_report(template, seed=seed)
    total = int(report.value("t3", "r3_7_total", "total"))
    page = render_html(report.with_value("t3", "r3_7_total", "total", total + 1), split_t3=seed == 1)
    if variant == "minified":  # every cell of every row on one line: only the column tells them apart
        page = page.replace("\n", "")
    if variant == "entities":  # some sites write every Chinese character as a character reference
        page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    assert assert_cells_found_in_file(path, page) > 50
    linter = Linter()
    source = linter.read(str(path))
    headings = [section.heading for section in linter.parse(source).sections]
    spans = source.file_spans(h.span for h in headings)
    assert len(headings) >= 5
    for heading in headings:
        line, column, end = spans[heading.span]
        assert file_text_at(page, line, column, end) == heading.text
    result = linter.lint_file(path)
    wrong = [d for d in result.diagnostics if d.rule in ("GL101", "GL102", "GL103")]
    assert wrong
    for d in wrong:
        assert file_text_at(page, d.line, d.column, d.span.end_column) == str(total + 1)
        for e in d.evidence:
            assert file_text_at(page, e.span.line, e.span.column, e.span.column + len(e.raw)) == e.raw


def test_every_output_format_prints_the_html_file_position(tmp_path: Path) -> None:
    path = real("pingtan-2021.html")
    lines = path.read_bytes().decode("utf-8").splitlines()

    def run(fmt: str) -> str:
        done = subprocess.run([sys.executable, "-m", "govlint", "check", "--format", fmt, str(path)],
                              capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    findings = [f for file in json.loads(run("json"))["files"] for f in file["findings"]]
    assert findings
    positions = {(f["line"], f["column"]) for f in findings}
    for line, column in positions:
        assert lines[line - 1][column - 1] not in "<>", (line, column)
    sarif = json.loads(run("sarif"))
    regions = {(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"])
               for r in sarif["runs"][0]["results"]}
    assert regions == positions
    github = {(int(m[0]), int(m[1])) for m in re.findall(r"^::\w+ file=[^,]*,line=(\d+),col=(\d+)", run("github"), re.MULTILINE)}
    assert github == positions
    text = run("text")
    assert {(int(m[0]), int(m[1])) for m in re.findall(r"pingtan-2021\.html:(\d+):(\d+): ", text)} == positions
    shown = text.splitlines()
    # the line above each caret line is the excerpt (a window inside a long paragraph holds no tag)
    excerpts = [shown[i - 1] for i, line in enumerate(shown) if line.strip().startswith("^") and shown[i - 1].startswith("    ")]
    assert len(excerpts) == len(findings)  # each finding shows its HTML line…
    assert all(len(line) < 200 for line in excerpts)  # …cut to a window around the column


def test_five_thousand_placeholders_in_one_html_paragraph_map_in_linear_time(tmp_path: Path) -> None:
    page = render_html(build_report("v2021", seed=0))
    after = page.index("</p>", page.index("一、总体情况")) + len("</p>")
    page = page[:after] + "<p>" + "<span>（文字描述）</span>&nbsp;" * 5000 + "<span>（文字描述完）</span></p>\n" + page[after:]
    path = tmp_path / "placeholders.html"
    path.write_text(page, encoding="utf-8")
    started = time.perf_counter()
    result = Linter().lint_file(path)
    assert time.perf_counter() - started < 60  # about 2 s
    placeholders = [d for d in result.diagnostics if d.rule == "GL206"]
    assert len(placeholders) == 2  # the repeated text counted in one finding at its first place, then the last one
    assert "本行共出现 5000 次，此处为第一次" in placeholders[0].message
    found = [file_text_at(page, d.line, d.column, d.span.end_column) for d in placeholders]
    assert found == ["（文字描述）", "（文字描述完）"]


def test_a_long_line_of_text_the_reader_drops_characters_of_maps_as_before_in_linear_time(monkeypatch, tmp_path: Path) -> None:
    """A line of plain text with a NUL every 40 characters (which the reader drops): each
    character's place was found by reading the run of plain text to its end again (a 229 KB line
    took 91 s in the fuzzer); a run is now read at most _PLAIN_REACH characters at a time, and
    every place comes out as before."""
    from govlint.read import html_positions

    page = render_html(build_report("v2021", seed=0))
    after = page.index("</p>", page.index("一、总体情况")) + len("</p>")
    line = "".join(f"本机关{number:04}年公开政府信息共计{number}条情况良好\x00" for number in range(300))  # ~9 KB
    page = page[:after] + "<p>" + line + "</p>\n" + page[after:]
    path = tmp_path / "nul.html"
    path.write_text(page, encoding="utf-8")

    def places() -> dict[object, object]:
        source = HtmlReader().read(str(path), path.read_bytes())
        spans = [(number, 1, len(text) + 1) for number, text in enumerate(source.lines, start=1) if text]
        return source.file_spans(spans)

    scanned: list[int] = []
    plain = html_positions._PLAIN

    class Counted:
        def match(self, text: str, start: int, end: int) -> re.Match[str] | None:
            scanned.append(end - start)
            return plain.match(text, start, end)

    monkeypatch.setattr(html_positions, "_PLAIN", Counted())
    now = places()
    assert scanned and max(scanned) <= html_positions._PLAIN_REACH
    monkeypatch.setattr(html_positions, "_PLAIN_REACH", 10**9)  # each run read to its end, as before
    assert now == places()


@given(st.lists(st.text(alphabet=" \t\n\xa0\u3000ab总计1", max_size=8), max_size=8))
def test_clean_pieces_is_clean_with_the_column_of_each_piece(texts: list[str]) -> None:
    origins = [Origin(n + 1, "span", 0) for n in range(len(texts))]
    text, starts = clean_pieces(zip(texts, origins))
    assert text == " ".join("".join(texts).split())
    visible = [(piece.split()[0], origin) for piece, origin in zip(texts, origins) if piece.split()]
    assert [origin for _, origin in starts] == [origin for _, origin in visible]
    for (column, _), (word, _) in zip(starts, visible):
        assert text[column:].startswith(word)


def test_messages_that_name_another_line_name_the_html_files_line(tmp_path: Path) -> None:
    page = render_html(build_report("v2021", seed=0))
    start = page.rindex("<tr>", 0, page.index("（七）总计"))
    row = page[start : page.index("</tr>", start) + len("</tr>")]
    page = page.replace(row, row + "\n" + row, 1)  # the 总计 row printed twice
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    lines = page.split("\n")
    linter = Linter()
    report = linter.parse(linter.read(str(path)))
    for evidence in (*report.year.evidence, *report.template.evidence):
        quoted, line = re.search(r"「([^」]+)」（第(\d+)行）", evidence).groups()
        assert quoted[:4] in html.unescape(lines[int(line) - 1]), evidence
    repeated = [d for d in linter.lint_file(path).diagnostics if d.rule == "GL019"]
    assert len(repeated) == 1
    first = int(re.search(r"另一次在第(\d+)行", repeated[0].message).group(1))
    assert "（七）总计" in lines[first - 1] and first < repeated[0].line
