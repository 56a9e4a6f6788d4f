"""Readers for Word, HTML and PDF reports: documents come out as lines the parser reads.

Tables come out as one line per row, cells tab-separated on the table's grid (merged
positions empty); places name where a line came from in the original file.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.errors import InputError
from govlint.read.docx import DocxReader
from govlint.read.html import HtmlReader
from govlint.read.pdf import PdfReader
from govlint.read.source import Source
from govlint.testing import (
    GeneratedReport,
    build_report,
    render_docx,
    render_html,
    render_pdf,
)

from .huaian import HUAIAN_FOUR, HUAIAN_THREE

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def real(name: str) -> bytes:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is absent (the ../shared checkout is not available)")
    return path.read_bytes()


def rows_after(lines: tuple[str, ...], heading: str, stop: str | None = None) -> list[list[str]]:
    """The tab-separated rows that follow ``heading`` (up to ``stop``), split into cells."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 1:]:
        if stop and line.startswith(stop):
            break
        if "\t" in line:
            rows.append(line.split("\t"))
    return rows


def row_for(rows: list[list[str]], label: str) -> list[str]:
    return next(row for row in rows if label in row)


def numbers(row: list[str]) -> list[str]:
    return [cell for cell in row if cell and cell.replace(".", "").isdigit()]


# --- Word ---------------------------------------------------------------------------------


def test_docx_sniffs_by_content() -> None:
    data = _built_docx()
    assert DocxReader().sniff("report.bin", data[:8192])
    assert not DocxReader().sniff("report.docx", b"%PDF-1.7\n")
    assert not DocxReader().sniff("report.docx", "一、总体情况".encode())


def test_docx_template_tables_are_tab_rows_on_the_grid() -> None:
    source = DocxReader().read("template-2021.docx", real("template-2021.docx"))
    assert source.format == "docx"
    assert len(source.lines) == len(source.line_places) == len(source.cell_places)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in source.lines

    two = rows_after(source.lines, "二、", "三、")
    assert "第二十条第（一）项" in source.lines  # gridSpan 4: one cell, so no tabs
    assert len(two) == 10 and two[0] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]

    three = rows_after(source.lines, "三、", "四、政府信息公开行政复议")
    # a merged label cell is one printed cell: rows have 1–3 label cells, then the 7 number cells
    assert len(three) == 28 and {len(row) for row in three[3:]} == {8, 9, 10}
    assert three[0][0].startswith("（本列数据的勾稽关系为") and three[0][1] == "申请人情况"
    assert row_for(three, "1.属于国家秘密")[:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert row_for(three, "2.其他法律行政法规禁止公开")[:3] == ["", "", "2.其他法律行政法规禁止公开"]  # vMerge
    assert row_for(three, "（七）总计")[1] == "（七）总计"
    assert three[-1][0] == "四、结转下年度继续办理"

    four = rows_after(source.lines, "四、政府信息公开行政复议")
    assert len(four) == 4 and len(four[-1]) == 15
    assert four[0] == ["行政复议", "行政诉讼"]
    assert four[3] == [""] * 15  # the blank data row of the template

    secret = next(i for i, line in enumerate(source.lines) if "1.属于国家秘密" in line)
    assert source.line_places[secret] == "表2 第8行"
    assert source.cell_places[secret][2] == "表2 第8行 第3列"
    column = source.lines[secret].index("1.属于国家秘密") + 1
    assert source.describe(secret + 1, column) == "表2 第8行 第3列"
    assert source.line_places[source.lines.index("一、总体情况")].startswith("第")


def _built_docx(nested: bool = False) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("某某区2023年政府信息公开工作年度报告", level=1)
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2023年，我区认真贯彻落实《中华人民共和国政府信息公开条例》。")
    table = document.add_table(rows=4, cols=4)
    top = table.cell(0, 0).merge(table.cell(0, 3))  # gridSpan 4
    top.text = "第二十条第（一）项"
    for column, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        table.cell(1, column).text = text
    side = table.cell(2, 0).merge(table.cell(3, 0))  # vMerge over two rows
    side.text = "规章"
    table.cell(2, 1).text = "3"
    table.cell(2, 2).paragraphs[0].text = "1"
    table.cell(2, 2).add_paragraph("（另有）")  # two paragraphs in one cell
    table.cell(3, 1).text = "  4\u3000\n"  # whitespace collapses
    if nested:
        table.cell(3, 3).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套"
    document.add_paragraph("")
    document.add_paragraph("二、主动公开政府信息情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_built_with_merged_cells() -> None:
    source = DocxReader().read("draft.docx", _built_docx())
    assert source.lines == (
        "某某区2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我区认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t3\t1 （另有）\t",
        "\t4\t\t",
        "",
        "二、主动公开政府信息情况",
    )
    assert source.line_places[1] == "第2段"
    assert source.line_places[6] == "表1 第3行"
    assert source.cell_places[6] == ("表1 第3行 第1列", "表1 第3行 第2列", "表1 第3行 第3列", "表1 第3行 第4列")
    assert source.line_places[9] == "第4段"


def test_docx_small_nested_table_is_read_into_its_cell() -> None:
    source = DocxReader().read("draft.docx", _built_docx(nested=True))
    assert "\t4\t\t嵌套" in source.lines  # the 1×2 table inside the last cell: its text, not a layout
    assert source.lines[0] == "某某区2023年政府信息公开工作年度报告"
    assert "二、主动公开政府信息情况" in source.lines


def test_docx_corrupt_zip_is_an_input_error() -> None:
    data = _built_docx()
    truncated = data[: len(data) // 2]
    assert DocxReader().sniff("bad.docx", truncated[:8192])
    with pytest.raises(InputError, match="Word 文件已损坏"):
        DocxReader().read("bad.docx", truncated)
    with pytest.raises(InputError, match="Word 文件已损坏"):
        DocxReader().read("bad.docx", b"PK\x03\x04" + b"word/document.xml" + bytes(200))


def test_docx_refuses_zip_bombs_and_other_archives() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))  # about 1000:1
    with pytest.raises(InputError, match="压缩"):
        DocxReader().read("bomb.docx", buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="word/document.xml"):
        DocxReader().read("book.docx", buffer.getvalue())


def _t3_numbers(source: Source, report: GeneratedReport) -> dict[tuple[str, str, str], object]:
    """Every number of table 三 as parsed from ``source`` (None where a cell is missing)."""
    model = Linter().parse(source)
    table = model.table("t3")
    found: dict[tuple[str, str, str], object] = {}
    for key, _ in report.cells():
        if key[0] == "t3":
            row = table.row(key[1]) if table is not None else None
            cell = row.cell(key[2]) if row is not None else None
            found[key] = cell.value if cell is not None else None
    return found


def _t3_expected(report: GeneratedReport) -> dict[tuple[str, str, str], object]:
    return {key: value for key, value in report.cells() if key[0] == "t3"}


def _docx_unit_in_header(data: bytes) -> bytes:
    """「（单位：件）」 as a 1×1 table inside the 申请人情况 header cell of 三, as some drafters set it."""
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(data))
    cell = next(c for table in document.tables for c in table._cells if c.text.strip() == "申请人情况")
    cell.add_table(rows=1, cols=1).cell(0, 0).text = "（单位：件）"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_in_layout_table(data: bytes) -> bytes:
    """The whole report in the second cell of a two-cell page layout table (a menu in the first)."""
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    content = [child for child in body if not child.tag.endswith("}sectPr")]
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "栏目导航"
    for element in content:
        layout.cell(0, 1)._tc.append(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_small_table_in_a_header_cell_keeps_the_table() -> None:
    """A 1×1 table inside 三's header cell made the whole of 三 page layout: no row was a table row."""
    report = build_report("v2021", seed=3)
    source = DocxReader().read("unit.docx", _docx_unit_in_header(render_docx(report)))
    header = next(i for i, line in enumerate(source.lines) if "申请人情况" in line)
    assert source.lines[header].split("\t")[1] == "申请人情况 （单位：件）"  # the inner table's text, in its cell
    assert source.line_places[header] == "表2 第1行"
    assert _t3_numbers(source, report) == _t3_expected(report)
    assert Linter().parse(source).table("t3").row("r1_new").cell("total").value == report.value("t3", "r1_new", "total")
    assert Linter().lint_source(source).diagnostics == ()


def test_docx_layout_table_around_the_report_is_still_flattened() -> None:
    report = build_report("v2021", seed=3)
    source = DocxReader().read("layout.docx", _docx_in_layout_table(_docx_unit_in_header(render_docx(report))))
    assert "栏目导航" in source.lines and "一、总体情况" in source.lines
    assert _t3_numbers(source, report) == _t3_expected(report)


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>年度报告</title><style>p{color:red}</style></head>
<body>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<div class="header">无障碍浏览 长者模式</div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开年报</div>
<div class="article">
  <h1>某某县2022年政府信息公开工作年度报告</h1>
  <div class="content">
    <p>　　一、<span>总体情况</span></p>
    <p>全年主动公开政府信息<b>120</b>条。<br>第二行文字。</p>
    <script>var x = "一、总体情况";</script>
    <p>二、主动公开政府信息情况</p>
    <table>
      <tr><td colspan="3">第二十条第（一）项</td></tr>
      <tr><td rowspan="2">信息内容</td><td>本年制发件数</td><td>本年废止件数</td></tr>
      <tr><td>&nbsp;5&nbsp;</td><td><p>0</p></td></tr>
    </table>
    <table><tr><td>规章</td><td></td><td>2</td></tr></table>
    <p>三、收到和处理政府信息公开申请情况</p>
  </div>
</div>
<div class="footer">版权所有 某某县人民政府 网站标识码</div>
<footer>联系我们</footer>
</body></html>
"""


def test_html_sniffs_markup_only() -> None:
    reader = HtmlReader()
    assert reader.sniff("page.bin", PAGE.encode())
    assert reader.sniff("t.htm", "\ufeff<TABLE><tr><td>1</td></tr></TABLE>".encode())
    assert not reader.sniff("draft.md", "# 报告\n\n<table><tr><td>1</td></tr></table>".encode())
    assert not reader.sniff("draft.txt", "一、总体情况".encode())


def test_html_page_expands_spans_and_drops_furniture() -> None:
    source = HtmlReader().read("page.html", PAGE.encode())
    assert source.format == "html"
    assert source.lines == (
        "某某县2022年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开政府信息120条。",
        "第二行文字。",
        "二、主动公开政府信息情况",
        "",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数",
        "\t5\t0",
        "",
        "规章\t\t2",
        "",
        "三、收到和处理政府信息公开申请情况",
    )
    assert source.line_places[1] == "HTML第10行"
    assert source.line_places[8] == "HTML第17行 表1 第3行"
    assert source.cell_places[8][1] == "HTML第17行 表1 第3行 第2列"
    assert source.line_places[10].endswith("表2 第1行")


def test_html_pingtan_page() -> None:
    source = HtmlReader().read("pingtan-2021.html", real("pingtan-2021.html"))
    assert source.lines[0] == "平潭综合实验区2021年度政府信息公开工作年度报告"
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in source.lines
    text = "\n".join(source.lines)
    for furniture in ("无障碍浏览", "长者模式", "当前位置", "版权所有", "var "):
        assert furniture not in text

    three = rows_after(source.lines, "三、收到和处理", "四、政府信息公开行政复议")
    assert len(three) == 28
    # The page's own colspans give this table 11 grid columns (Word's export split one); a
    # colspan is one printed cell, so data rows have 1–3 label cells and then 7 numbers.
    assert {len(row) for row in three[3:]} == {8, 9, 10}
    assert numbers(row_for(three, "一、本年新收政府信息公开申请数量")) == ["64", "0", "0", "2", "0", "4", "70"]
    assert numbers(row_for(three, "（一）予以公开")) == ["27", "0", "0", "2", "0", "1", "30"]
    assert numbers(row_for(three, "7.属于行政执法案卷")) == ["6", "0", "0", "0", "0", "0", "6"]
    assert numbers(row_for(three, "（七）总计")) == ["63", "0", "0", "2", "0", "4", "69"]
    assert row_for(three, "1.属于国家秘密")[:3] == ["", "（三）不予公开", "1.属于国家秘密"]

    four = rows_after(source.lines, "四、政府信息公开行政复议", "五、")
    assert len(four[-1]) == 15
    assert four[-1] == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    row = next(i for i, line in enumerate(source.lines) if line.startswith("一、本年新收"))
    assert source.line_places[row].startswith("HTML第") and "表2 第4行" in source.line_places[row]


def test_html_gbk_page_with_meta_charset() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>一、总体情况</p><p>二、主动公开政府信息情况</p></body></html>"
    source = HtmlReader().read("gbk.html", page.encode("gb18030"))
    assert source.lines == ("一、总体情况", "二、主动公开政府信息情况")
    assert source.encoding == "gb18030"


def test_html_without_report_is_an_input_error() -> None:
    page = "<html><body><nav>首页</nav><p>欢迎访问本网站。</p><div class='footer'>版权所有</div></body></html>"
    with pytest.raises(InputError, match="网页中没有找到年度报告正文 / no report found in the HTML page"):
        HtmlReader().read("news.html", page.encode())


def _html_unit_in_header(page: str) -> str:
    """「（单位：件）」 as a one-cell table inside the 申请人情况 header cell, as in a page pasted from Word."""
    marked = "<span>申请人情况</span></p>"
    assert page.count(marked) == 1
    return page.replace(marked, "<span>申请人情况</span><table><tr><td>（单位：件）</td></tr></table></p>")


def test_html_small_table_in_a_header_cell_keeps_the_table() -> None:
    report = build_report("v2021", seed=3)
    page = _html_unit_in_header(render_html(report))
    source = HtmlReader().read("unit.html", page.encode())
    header = next(i for i, line in enumerate(source.lines) if "申请人情况" in line)
    assert source.lines[header].split("\t")[1] == "申请人情况 （单位：件）"
    assert source.line_places[header].endswith("表2 第1行")
    assert _t3_numbers(source, report) == _t3_expected(report)
    assert Linter().parse(source).table("t3").row("r1_new").cell("total").value == report.value("t3", "r1_new", "total")
    assert Linter().lint_source(source).diagnostics == ()


def test_html_layout_table_around_the_report_is_still_flattened() -> None:
    report = build_report("v2021", seed=3)
    page = _html_unit_in_header(render_html(report))
    start, end = '<div class="article-content">\n', '</div>\n</div>\n</div>\n<div class="footer">'
    assert page.count(start) == page.count(end) == 1
    page = page.replace(start, start + "<table><tr><td>栏目导航</td><td>\n").replace(end, "</td></tr></table>\n" + end)
    source = HtmlReader().read("layout.html", page.encode())
    assert "一、总体情况" in source.lines
    assert _t3_numbers(source, report) == _t3_expected(report)


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_html_places_count_lines_as_editors_do(newline: str) -> None:
    """libxml2 counts LF only: with CR line ends every place was 「HTML第1行」."""
    report = build_report("v2021", seed=3)
    page = render_html(report)
    expected = HtmlReader().read("lf.html", page.encode())
    source = HtmlReader().read("cr.html", page.replace("\n", newline).encode())
    assert source.lines == expected.lines
    assert source.line_places == expected.line_places and source.cell_places == expected.cell_places
    total = next(i for i, line in enumerate(source.lines) if "（七）总计" in line)
    place = source.cell_places[total][-1]
    line = int(re.match(r"HTML第(\d+)行", place).group(1))  # type: ignore[union-attr]
    assert line > 1
    value = report.value("t3", "r3_7_total", "total")
    assert f">{value}<" in re.split(r"\r\n|\r|\n", page.replace("\n", newline))[line - 1]


# --- PDF ----------------------------------------------------------------------------------



def test_pdf_sniffs_magic() -> None:
    assert PdfReader().sniff("x", b"%PDF-1.4\n%\xe2\xe3")
    assert not PdfReader().sniff("x.pdf", b"PK\x03\x04")


def test_pdf_huaian_tables_and_text() -> None:
    pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    source = PdfReader().read("huaian-2024.pdf", real("huaian-2024.pdf"))
    assert source.format == "pdf"
    assert source.lines[:2] == ("淮安市人民政府", "2024 年政府信息公开工作年度报告")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in source.lines
    assert not [line for line in source.lines if line.strip("-— 0123456789") == "" and line]  # 「- N -」 gone

    three = rows_after(source.lines, "三、收到和处理", "四、政府信息公开行政复议")
    # a merged label cell is one printed cell: rows have 1–3 label cells, then the 7 number cells
    assert len(three) == 28 and {len(row) for row in three[3:]} == {10}
    assert three[1][3:] == ["自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert three[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for label, expected in HUAIAN_THREE.items():
        assert " ".join(numbers(row_for(three, label))) == expected, label
    assert row_for(three, "1.本机关不掌握相关政府信息")[1] == "（四）无法提供"  # cut by the page break, rejoined
    assert row_for(three, "2.没有现成信息需要另行制作")[1] == ""

    four = rows_after(source.lines, "四、政府信息公开行政复议", "五、")
    assert {len(row) for row in four} == {15}
    assert four[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert " ".join(four[-1]) == HUAIAN_FOUR

    first = next(i for i, line in enumerate(source.lines) if "1.本机关不掌握相关政府信息" in line)
    after = next(i for i, line in enumerate(source.lines) if "2.没有现成信息需要另行制作" in line)
    assert after == first + 1  # table 三 continues from page 4 to page 5
    assert source.line_places[first] == "第4页 表2 第16行"
    # rows are counted on the page they are printed on: the first row of page 5 (its label
    # cell starts with 「法提供」, the tail of 「（四）无法提供」 cut by the page break)
    assert source.line_places[after] == "第5页 表2 第1行"
    assert source.cell_places[after][3] == "第5页 表2 第1行 第4列"

    two = rows_after(source.lines, "二、主动公开", "三、")
    assert [row[0] for row in two if row[0].startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert numbers(row_for(two, "行政处罚")) == ["3985758"]  # page 4 part of the same table

    text = "\n".join(source.lines)
    assert "全年收取政府信息公开信息处理费 3940 元。" in text
    paragraph = next(i for i, line in enumerate(source.lines) if line.startswith("（一）主动公开情况"))
    assert "制作政策解读21 个" in source.lines[paragraph]  # wrapped lines joined into the paragraph
    assert source.line_places[paragraph] == "第1页 第15行"


def test_pdf_rows_are_counted_on_the_page_they_are_printed_on() -> None:
    """三 cut before 「2.没有现成信息…」 with its header repeated: that row is the 4th printed on its page."""
    pytest.importorskip("reportlab", reason="writing PDFs needs reportlab")
    pdfplumber = pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    report = build_report("v2021", seed=0)
    data = render_pdf(report, page_break_before="r3_4_2", repeat_header=True)
    source = PdfReader().read("cut.pdf", data)
    index = next(i for i, line in enumerate(source.lines) if "2.没有现成信息需要另行制作" in line)
    value = str(report.value("t3", "r3_4_2", "total"))
    cells = source.lines[index].split("\t")
    column = len("\t".join(cells[:-1])) + 2  # the total, the row's last cell
    assert cells[-1] == value
    place = source.describe(index + 1, column)
    match = re.fullmatch(r"第(\d+)页 表2 第(\d+)行 第(\d+)列", place)
    assert match, place
    page, row = int(match.group(1)), int(match.group(2))
    assert row == 4  # three repeated header rows above it
    assert source.line_places[index - 1].startswith(f"第{page - 1}页 表2 ")  # the row above ends the page before
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = pdf.pages[page - 1].find_tables()[0].extract()  # the part of 三 that opens the page
    assert any(text and "2.没有现成信息" in text for text in printed[row - 1])
    assert value in printed[row - 1]


def _pdf_paragraphs(*paragraphs: str, space: float = 0) -> bytes:
    """Paragraphs in reportlab's CID font (no font file needed), a gap of ``space`` points before the last."""
    pytest.importorskip("reportlab", reason="writing PDFs needs reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=18, firstLineIndent=21, wordWrap="CJK")
    story = [Paragraph(text, body) for text in paragraphs[:-1]] + [Spacer(1, space), Paragraph(paragraphs[-1], body)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def test_pdf_place_in_a_wrapped_paragraph_is_the_printed_line() -> None:
    """A joined paragraph keeps where each printed line begins: a number at its end is found there."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    long = "本机关坚持以公开为常态、不公开为例外，" * 8
    # the second paragraph starts at the foot of page 1 and ends on page 2
    data = _pdf_paragraphs("一、总体情况", long + "全年共收到申请99件。", long + "办结77件。", space=540)
    source = PdfReader().read("long.pdf", data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = [[line["text"] for line in page.extract_text_lines()] for page in pdf.pages]
    for number in ("99", "77"):
        index = next(i for i, line in enumerate(source.lines) if number in line)
        assert len(source.wrap_places[index]) >= 3  # wrapped over three printed lines or more
        assert source.line_places[index].startswith("第1页 ")
        assert source.describe(index + 1, 1) == source.line_places[index]  # the paragraph's start
        place = source.describe(index + 1, source.lines[index].index(number) + 1)
        match = re.fullmatch(r"第(\d+)页 第(\d+)行", place)
        assert match and place != source.line_places[index], place
        assert number in printed[int(match.group(1)) - 1][int(match.group(2)) - 1]
    crossing = next(i for i, line in enumerate(source.lines) if "77" in line)
    assert source.describe(crossing + 1, source.lines[crossing].index("77") + 1).startswith("第2页 ")


def test_source_without_wrap_places_describes_as_before() -> None:
    source = Source("x.pdf", ("甲乙\t丙", "丁"), line_places=("表1 第1行", "第1页 第3行"),
                    cell_places=(("表1 第1行 第1列", "表1 第1行 第2列"), ()))
    assert source.describe(1, 4) == "表1 第1行 第2列" and source.describe(2, 1) == "第1页 第3行"
    wrapped = Source("x.pdf", ("甲乙丙丁",), line_places=("第1页 第3行",), wrap_places=(((1, "第1页 第3行"), (3, "第1页 第4行")),))
    assert [wrapped.describe(1, column) for column in (1, 2, 3, 4)] == ["第1页 第3行"] * 2 + ["第1页 第4行"] * 2


def _pdf_bytes_with_blank_page(password: str | None) -> bytes:
    pypdf = pytest.importorskip("pypdf", reason="pypdf builds the test PDF")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_is_an_input_error() -> None:
    pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    with pytest.raises(InputError, match="PDF 已加密"):
        PdfReader().read("secret.pdf", _pdf_bytes_with_blank_page("secret"))


def test_pdf_without_text_layer_is_an_input_error() -> None:
    pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    image = pytest.importorskip("PIL.Image", reason="Pillow makes the image-only PDF")
    scan = image.new("RGB", (600, 800), "white")
    buffer = io.BytesIO()
    scan.save(buffer, format="PDF")
    message = "PDF 没有文字层（可能是扫描件），无法检查 / scanned PDF without a text layer"
    with pytest.raises(InputError, match=message):
        PdfReader().read("scan.pdf", buffer.getvalue())
    with pytest.raises(InputError, match="没有文字层"):
        PdfReader().read("blank.pdf", _pdf_bytes_with_blank_page(None))


def test_pdf_corrupt_and_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    with pytest.raises(InputError, match="PDF 文件已损坏"):
        PdfReader().read("bad.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    monkeypatch.setitem(__import__("sys").modules, "pdfplumber", None)
    with pytest.raises(InputError, match=r"govlint\[pdf\]"):
        PdfReader().read("x.pdf", b"%PDF-1.4\n")


# --- all readers --------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [DocxReader(), HtmlReader(), PdfReader()], ids=lambda r: r.name)
def test_garbage_only_ever_raises_input_error(reader) -> None:
    pytest.importorskip("pdfplumber", reason="PDF support is the optional extra govlint[pdf]")
    generator = random.Random(7)
    prefixes = [b"PK\x03\x04", b"%PDF-1.7\n", b"<html><body>", b""]
    for _ in range(40):
        data = generator.choice(prefixes) + bytes(generator.randrange(256) for _ in range(generator.randrange(300)))
        try:
            reader.read("junk", data)
        except InputError:
            pass


@pytest.mark.parametrize("footer", ["- 1 -", "— 12 —", "3", "第 1 页", "第2页 共6页", "1/6", "共 6 页 第 2 页", "Page 3 of 9"])
def test_pdf_page_number_patterns(footer: str) -> None:
    from govlint.read.pdf import _PAGE_NUMBER

    assert _PAGE_NUMBER.match(footer)


def test_pdf_page_number_patterns_leave_text() -> None:
    from govlint.read.pdf import _PAGE_NUMBER

    for text in ("2024 年", "第二十条", "1.属于国家秘密", "共 95 个"):
        assert not _PAGE_NUMBER.match(text)


def test_pdf_continued_table_joins_cut_cells_but_not_new_rows() -> None:
    from govlint.read.pdf import _Logical, _Table

    table = _Logical(1, [["", "（四）无", "1.本机关不掌握", "746"]], [4])
    part = _Table(5, 80.0, [["", "法提供", "2.没有现成信息", "11"], ["", "", "3.补正后", "1"]],
                  extra={"covered": [[False, False, False, False], [False, True, False, False]]})
    table.extend(part)
    assert table.rows == [["", "（四）无法提供", "1.本机关不掌握", "746"], ["", "", "2.没有现成信息", "11"],
                          ["", "", "3.补正后", "1"]]
    assert table.pages == [4, 5, 5]

    table = _Logical(1, [["第二十条第（六）项", "", "", ""]], [3])
    table.extend(_Table(4, 80.0, [["信息内容", "本年处理决定数量"], ["行政处罚", "5"]],
                        extra={"covered": [[False, False], [False, False]]}))
    assert table.rows[1] == ["信息内容", "本年处理决定数量"]  # a new row, not a tail

    table = _Logical(1, [["信息内容", "本年制发件数"], ["1.申请人无正当理由逾期不补正、行政机关不再", "67"]], [4, 4])
    table.extend(_Table(5, 80.0, [["信息内容", "本年制发件数"], ["处理其政府信息公开申请", ""], ["2.其他", "1"]],
                        extra={"covered": [[False, False]] * 3}))
    assert table.rows == [["信息内容", "本年制发件数"], ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "67"],
                          ["2.其他", "1"]]  # repeated header dropped, the cut row rejoined
