"""The ``html`` format without a browser: self-contained, escaped, every finding tied to its cells and text.

The page as a browser shows it is tested in ``test_html_browser.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from govlint import cli
from govlint.api import Linter
from govlint.read.source import Source
from govlint.read.text import split_lines
from govlint.report.base import FormatContext
from govlint.report.html_page import HtmlFormat
from govlint.testing import build_report, render, render_html

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-report.md"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def page_of(text: str, path: str = "report.md") -> tuple[str, Elements]:
    result = Linter().lint_source(Source(path=path, lines=split_lines(text)), keep_model=True)
    page = HtmlFormat().format([result], FormatContext())
    parsed = Elements()
    parsed.feed(page)
    return page, parsed


def test_report_text_never_becomes_markup() -> None:
    hostile = "<script>alert(1)</script>"
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("（三）政府信息管理。", f"（三）政府信息管理。{hostile}", 1)
    text = text.replace("| 2.其他法律法规禁止公开 |", f"| 2.其他法律法规禁止公开{hostile} |", 1)  # a row label a finding quotes
    page, parsed = page_of(text, path=f"{hostile}.md")
    assert [tag for tag, _ in parsed.tags if tag == "script"] == []
    assert "<script>" not in page
    shown = "".join(parsed.text)
    assert shown.count(hostile) >= 3  # the paragraph, the row label, the path: shown as text


def test_the_page_needs_no_network() -> None:
    page, parsed = page_of(SAMPLE.read_text(encoding="utf-8"))
    links = [v for _, attrs in parsed.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert links and all(v.startswith("#") for v in links)
    assert not re.search(r"@import|url\(|https?://", page.split("</style>")[0])


def test_every_finding_links_to_its_place_and_back() -> None:
    page, parsed = page_of(SAMPLE.read_text(encoding="utf-8"))
    ids = {attrs["id"] for _, attrs in parsed.tags if attrs.get("id")}
    hrefs = {attrs["href"][1:] for _, attrs in parsed.tags if (attrs.get("href") or "").startswith("#") and attrs["href"] != "#"}
    assert hrefs <= ids  # no dangling link
    count = len(Linter().lint_file(SAMPLE).diagnostics)
    findings = [attrs["id"] for tag, attrs in parsed.tags if tag == "li" and "finding" in (attrs.get("class") or "")]
    assert len(findings) == count and set(findings) <= hrefs  # each finding is linked from where it is
    gotos = [attrs["href"][1:] for tag, attrs in parsed.tags if tag == "a" and attrs.get("class") == "goto"]
    assert len(gotos) == count and set(gotos) <= ids


def test_the_members_of_a_group_are_shown_inside_its_primary() -> None:
    """GL104's wrong 复议 total makes the narrative's GL310 doubtful: one defect, two findings."""
    page, _ = page_of(SAMPLE.read_text(encoding="utf-8"))
    primary = re.search(r'<li id="(f1-d\d+)" class="finding err">[^\n]*?GL104.*?</li></ul></div></li>', page)
    assert primary and '<div class="related">' in primary.group(0) and "<code>GL310</code>" in primary.group(0)


def test_a_wrong_total_highlights_its_cell_and_the_cells_it_adds_up() -> None:
    result = Linter().lint_file(SAMPLE)
    wrong = next(d for d in result.diagnostics if d.rule == "GL103" and d.expected == 38)
    _, parsed = page_of(SAMPLE.read_text(encoding="utf-8"))
    hits = {(int(a["data-line"]), int(a["data-column"])): a for tag, a in parsed.tags if tag == "td" and "hit" in (a.get("class") or "")}
    main = hits[(wrong.line, wrong.column)]
    assert "main" in main["class"] and "err" in main["class"] and "GL103" in main["data-rules"]
    assert {(e.span.line, e.span.column) for e in wrong.evidence} <= set(hits)


def test_a_finding_in_the_text_is_marked_where_it_is() -> None:
    page, _ = page_of(SAMPLE.read_text(encoding="utf-8"))
    # GL301: the narrative's 45 does not match table 三; the number itself is marked in the sentence
    assert re.search(r'本年共收到政府信息公开申请<mark class="hit warn">45</mark><a id="f1-m\d+" class="tag warn"', page)


def test_files_that_could_not_be_read_are_in_the_summary(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "report.html"
    code = cli.main(["check", str(SAMPLE), str(broken), "--output-file", f"html={out}"])
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert code == 2
    assert "未能读取" in page and "broken.docx" in page and "sample-report.md" in page


def test_cells_of_an_html_report_are_found_at_the_positions_of_the_html_file(tmp_path: Path) -> None:
    """HTML findings point into the HTML file, the model into its text: the page ties them together."""
    report = build_report("v2021", seed=3)
    wrong = report.with_value("t3", "r3_7_total", "total", int(report.value("t3", "r3_7_total", "total")) + 1)
    path = tmp_path / "wrong.html"
    path.write_text(render_html(wrong), encoding="utf-8")
    result = Linter().lint_source(Linter().read(str(path)), keep_model=True)
    page = Elements()
    page.feed(HtmlFormat().format([result], FormatContext()))
    mains = {(int(a["data-line"]), int(a["data-column"])) for tag, a in page.tags if tag == "td" and "main" in (a.get("class") or "")}
    on_cells = {(d.line, d.column) for d in result.diagnostics if d.location.column}
    assert on_cells and on_cells <= mains


def test_a_title_after_the_first_heading_is_drawn_once_where_it_is_written() -> None:
    text = render(build_report("v2021", seed=1), "title_after_heading")
    title = next(line for line in text.splitlines() if line.endswith("年度报告"))
    page, _ = page_of(text)
    drawn = page.split("报告原文")[1]
    assert drawn.count(f"{title}</mark>") + drawn.count(f">{title}</h") == 1
    assert drawn.index(title) > drawn.index("一、总体情况")
