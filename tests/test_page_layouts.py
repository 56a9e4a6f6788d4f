"""Layouts published reports arrive in: PDF text (page footers, labels wrapped around their numbers,
merged row headers in pieces), Markdown headings over one-row tables, pipe labels split over cells,
HTML whose first table stands after 8 KB.  Each reads to the numbers the report holds, or says once
what it cannot read.  (Every generated report is also tried in every layout by test_roundtrip.py and
test_check_properties.py: the renderers here are in ``LAYOUTS``.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from govlint.api import Linter, lint_text
from govlint.diagnostics import Severity
from govlint.model import Heading, Paragraph, Report, RowStatus
from govlint.parse import parse_text
from govlint.parse.lines import is_footer
from govlint.read import read_bytes
from govlint.read.html import HtmlReader
from govlint.read.text import TextReader
from govlint.testing import build_report, render, render_html, reports

from .conftest import REAL
from .huaian import huaian_expected

LINTER = Linter()
SAME = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def numbers(model: Report, key: str) -> dict[str, tuple]:
    """Row key → the row's cell values, for the rows of table ``key`` that carry numbers."""
    table = model.table(key)
    assert table is not None
    return {row.key: tuple(c.value for c in row.cells) for row in table.rows if row.key and row.cells}


def rules(text: str) -> list[str]:
    return [f"{d.rule} {d.line}:{d.column} {d.message}" for d in lint_text(text, linter=LINTER).diagnostics]


def t3_line(text: str, label: str) -> int:
    """The index of the first line that starts with ``label``."""
    lines = text.split("\n")
    return next(i for i, line in enumerate(lines) if line.startswith(label))


# --------------------------------------------------------------------------- the real PDF text


def test_huaian_pdf_text_gets_no_error_and_the_pdfs_numbers() -> None:
    path = REAL / "huaian-2024-pdftext.txt"
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is absent (the ../shared checkout is not available)")
    result = LINTER.lint_file(path)
    assert result.error is None
    assert [d.rule for d in result.diagnostics if d.severity is Severity.ERROR] == []
    model = LINTER.parse(LINTER.read(str(path)))
    got = {}
    for table, row, column in huaian_expected():
        found = model.table(table).row(row)  # type: ignore[union-attr]
        cell = found.cell(column) if found else None
        got[(table, row, column)] = cell.value if cell else None
    assert got == huaian_expected()
    # the merged header's pieces (「三、」「年」「度」…) are neither rows nor paragraphs of section 三
    three = model.section("s3")
    assert three is not None and [b for b in three.blocks if not hasattr(b, "rows")] == []
    assert all(row.status is RowStatus.OK for row in model.table("t3").rows)  # type: ignore[union-attr]


@pytest.mark.parametrize("extractor", ["pdfplumber-layout", "pdfplumber-flow", "pdfium"])
def test_huaian_pdf_text_from_other_extractors_gets_the_pdfs_numbers(extractor: str, tmp_path) -> None:
    """Other tools print the same table differently (pdfium: a wrapped label whole, then its numbers)."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="the text is extracted here with pdfplumber / pypdfium2")
    path = REAL / "huaian-2024.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is absent (the ../shared checkout is not available)")
    if extractor == "pdfium":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        text = "\n".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", "\n")
    else:
        with pdfplumber.open(path) as pdf:
            options = {"layout": True} if extractor == "pdfplumber-layout" else {"use_text_flow": True}
            text = "\n".join(page.extract_text(**options) for page in pdf.pages)
    assert [d.rule for d in lint_text(text, linter=LINTER).diagnostics if d.severity is Severity.ERROR] == []
    model = parse_text(text)
    got = {key: model.table(key[0]).row(key[1]).cell(key[2]).value for key in huaian_expected()}  # type: ignore[union-attr]
    assert got == huaian_expected()


# --------------------------------------------------------------------------- page footers


@pytest.mark.parametrize("footer", ["- 3 -", "— 5 —", "－ 12 －", "第 3 页", "第3页 共6页", "3 / 6", "Page 2 of 9", "-3-"])
def test_a_footer_between_rows_is_no_row_and_does_not_cut_the_table(footer: str) -> None:
    assert is_footer(footer)
    report = build_report("v2021", seed=11)
    text = render(report, "spaces")
    lines = text.split("\n")
    at = t3_line(text, "（一）予以公开")
    cut = "\n".join(lines[: at + 1] + ["", footer, ""] + lines[at + 1 :])
    assert rules(cut) == []
    model = parse_text(cut)
    assert numbers(model, "t3") == numbers(parse_text(text), "t3")
    assert len([t for t in model.tables if t.key == "t3"]) == 1


@pytest.mark.parametrize("line", ["3 / 2", "2024", "- 3", "第三页", "1 0 0", "— 5 — 6 —", "-1-2-"])
def test_numbers_that_are_not_footers_stay(line: str) -> None:
    assert not is_footer(line)


# --------------------------------------------------------------------------- labels wrapped around numbers

_T3_HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"


def _rows(body: str) -> dict[str | None, tuple]:
    table = parse_text(_T3_HEAD + body, template="v2021").table("t3")
    assert table is not None
    return {row.key: tuple(c.value for c in row.cells) for row in table.rows}


def test_a_number_line_between_two_pieces_of_a_label_is_that_labels_row() -> None:
    body = "（二）部分公开（区分处理的，只计这一情\n447 7 0 0 0 0 454\n形，不计其他情形）\n1.属于国家秘密 2 0 0 0 0 0 2\n"
    assert _rows(body) == {"r3_2_partial": (447, 7, 0, 0, 0, 0, 454), "r3_3_1": (2, 0, 0, 0, 0, 0, 2)}


def test_a_label_piece_with_the_numbers_and_the_rest_below() -> None:
    body = (
        "1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信 67 3 0 0 1 0 71\n息公开申请\n（六）其\n"
        "2、申请人逾期未按收费通知要\n他处理\n求缴纳费用、行政机关不再处理 6 0 0 0 0 0 6\n其政府信息公开申请\n3、其他 1 0 0 0 0 0 1\n"
    )
    assert _rows(body) == {"r3_6_1": (67, 3, 0, 0, 1, 0, 71), "r3_6_2": (6, 0, 0, 0, 0, 0, 6), "r3_6_3": (1, 0, 0, 0, 0, 0, 1)}


def test_a_merged_header_in_pieces_is_no_row() -> None:
    body = "".join(
        [
            "三、\n本 1.属于国家秘密 2 0 0 0 0 0 2\n年\n2.其他法律行政法规禁止公开 1 0 0 0 0 0 1\n度\n",
            "办 （三）不 3.危及“三安全一稳定” 1 0 0 0 0 0 1\n理\n予公开\n4.保护第三方合法权益 1 0 0 0 0 0 1\n结\n果\n",
        ]
    )
    model = parse_text(_T3_HEAD + body, template="v2021")
    assert [b.text for b in model.section("s3").blocks if isinstance(b, (Paragraph, Heading))] == []  # type: ignore[union-attr]
    assert list(_rows(body)) == ["r3_3_1", "r3_3_2", "r3_3_3", "r3_3_4"]


def test_a_wrapped_label_no_template_has_is_reported_whole() -> None:
    body = "（八）本机关另行认定的其他\n5 0 0 0 0 0 5\n处理情形\n"
    table = parse_text(_T3_HEAD + body, template="v2021").table("t3")
    assert table is not None and [(r.label, r.status) for r in table.rows] == [("（八）本机关另行认定的其他处理情形", RowStatus.UNMATCHED)]


def test_header_cells_split_over_lines_are_header() -> None:
    text = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 总计\n商业企 科研机 社会公益 法律服务\n其他\n业 构 组织 机构\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
    table = parse_text(text, template="v2021").table("t3")
    assert table is not None and [h.text for h in table.header][-1] == "业 构 组织 机构"


@SAME
@given(reports())
def test_pdf_text_reads_to_the_numbers_of_the_plain_layout(report) -> None:
    plain = parse_text(render(report, "spaces"))
    for layout in ("pdf_footers", "pdf_text"):
        model = parse_text(render(report, layout))
        assert [numbers(model, t.key) for t in plain.tables if t.key] == [numbers(plain, t.key) for t in plain.tables if t.key]


# --------------------------------------------------------------------------- Markdown headings


def test_a_heading_repeating_a_row_label_names_the_one_row_table_under_it() -> None:
    report = build_report("v2021", seed=4)
    text = render(report, "md_headings")
    assert "### 一、本年新收政府信息公开申请数量" in text
    assert rules(text) == []
    assert numbers(parse_text(text), "t3") == numbers(parse_text(render(report, "pipes")), "t3")


def test_a_bold_line_repeating_a_row_label_names_the_row_under_it() -> None:
    report = build_report("v2021", seed=4)
    text = render(report, "md_headings").replace("### 一、本年新收政府信息公开申请数量", "**一、本年新收政府信息公开申请数量**")
    assert rules(text) == []
    assert numbers(parse_text(text), "t3") == numbers(parse_text(render(report, "pipes")), "t3")


def test_a_heading_above_a_labelled_row_is_a_heading() -> None:
    text = render(build_report("v2021", seed=4), "pipes")
    at = text.index("| 一、本年新收政府信息公开申请数量")
    changed = text[:at] + "### 一、本年新收政府信息公开申请数量\n\n" + text[at:]
    assert rules(changed) == []
    section = parse_text(changed).section("s3")
    assert section is not None and "### 一、本年新收政府信息公开申请数量" in [b.text for b in section.blocks if isinstance(b, Heading)]


def test_a_row_written_twice_keeps_the_one_with_numbers() -> None:
    text = render(build_report("v2021", seed=4), "spaces")
    at = text.index("一、本年新收政府信息公开申请数量")
    changed = text[:at] + "一、本年新收政府信息公开申请数量\n" + text[at:]
    first = changed[:at].count("\n") + 1
    model = parse_text(changed)
    kept = model.table("t3").row("r1_new")  # type: ignore[union-attr]
    assert kept is not None and kept.span.line == first + 1 and len(kept.cells) == 7
    repeated = [d for d in lint_text(changed, linter=LINTER).diagnostics if d.rule == "GL019"]
    assert [(d.line, d.message.count(f"第{first + 1}行")) for d in repeated] == [(first, 2)]  # 「delete this one」, the empty one


# --------------------------------------------------------------------------- pipe labels split over cells


def test_a_label_split_over_pipe_cells_keeps_its_row() -> None:
    text = render(build_report("v2021", seed=8), "pipes")
    line = next(line for line in text.split("\n") if "（七）总计" in line)
    changed = text.replace(line, line.replace("（七）总计", "(七) | 总计"))
    assert "| (七) | 总计 |" in changed
    assert rules(changed) == []
    assert numbers(parse_text(changed), "t3") == numbers(parse_text(text), "t3")


def test_a_split_label_over_placeholders_is_that_row() -> None:
    text = render(build_report("v2021", seed=8), "pipes")
    line = next(line for line in text.split("\n") if "（七）总计" in line)
    changed = text.replace(line, "| (七) | 总计 |" + " / |" * 7)
    row = parse_text(changed).table("t3").row("r3_7_total")  # type: ignore[union-attr]
    assert row is not None and [c.raw for c in row.cells] == ["/"] * 7


@SAME
@given(reports())
def test_tab_and_pipe_layouts_parse_to_the_same_rows(report) -> None:
    tables = [parse_text(render(report, layout)).table("t3") for layout in ("tabs", "pipes", "pipes_split", "md_headings")]
    rows = [[(r.key, r.status, tuple(c.value for c in r.cells)) for r in t.rows if r.cells] for t in tables if t]
    assert len(rows) == 4 and all(r == rows[0] for r in rows)


# --------------------------------------------------------------------------- HTML after 8 KB, another name


@pytest.mark.parametrize("wrapper", ["fragment", "script"])
def test_html_with_its_first_table_after_8_kb_is_read_as_html_whatever_its_name(wrapper: str) -> None:
    report = build_report("v2021", seed=6)
    data = render_html(report, preamble=9000, wrapper=wrapper).encode("utf-8")
    assert data.index(b"<table") > 8192 and b"<html" not in data and b"<body" not in data
    source = read_bytes(data, "report.txt", [HtmlReader(), TextReader()])
    assert source.format == "html"
    model = LINTER.parse(source)
    assert numbers(model, "t3") == numbers(parse_text(render(report, "tabs")), "t3")
    assert [d.rule for d in LINTER.lint_bytes(data, "report.txt").diagnostics] == []


def test_markdown_that_holds_an_html_table_stays_text() -> None:
    data = ("# 报告\n\n" + "正文。\n" * 3000 + "<table><tr><td>1</td></tr></table>\n").encode("utf-8")
    assert read_bytes(data, "draft.md", [HtmlReader(), TextReader()]).format == "text"


# --------------------------------------------------------------------------- hints only when sure


def test_a_stray_line_does_not_shift_the_guesses_for_later_rows() -> None:
    text = render(build_report("v2021", seed=2), "spaces")
    lines = text.split("\n")
    at = t3_line(text, "（一）予以公开")
    stray = [*lines[: at + 1], "9 9 9", *lines[at + 1 :]]
    renamed = "\n".join(stray).replace("2.重复申请", "2.重复提交的申请")
    found = [d.message for d in lint_text(renamed, linter=LINTER).diagnostics if d.rule == "GL013"]
    assert len(found) == 2
    assert "（无标签的数字行）" in found[0] and "可能就是这一行" not in found[0]
    assert "模板中缺少「2.重复申请」，可能就是这一行" in found[1]


@pytest.mark.parametrize(
    ("body", "label"),
    [
        ("（二）部分公开（区分处理的，只计这一情\n447 7 0 0 0 0 454\n形，不计其它情形）\n", "（二）部分公开（区分处理的，只计这一情形，不计其它情形）"),
        ("1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府的信 67 3 0 0 1 0 71\n息公开申请\n", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府的信息公开申请"),
    ],
)
def test_a_wrapped_label_worded_a_little_differently_is_that_row_relabelled(body: str, label: str) -> None:
    table = parse_text(_T3_HEAD + body, template="v2021").table("t3")
    assert table is not None and [(r.label, r.label_match.value, r.status) for r in table.rows] == [(label, "fuzzy", RowStatus.OK)]
