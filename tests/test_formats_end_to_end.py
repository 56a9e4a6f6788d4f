"""Word, HTML and PDF reports end to end: render → read → parse → check, and the real files.

The reader tests (``test_read_formats.py``) look at lines; these look at what a user gets:
every number of tables 二, 三 and 四 back in the parsed model, a wrong total reported as an
error at a place the user can find in the original document (「表2 第27行 第9列」 in Word,
「第3页 …」 in a PDF, the line of the HTML file), and unreadable inputs refused with exit
code 2 and one bilingual line, never a traceback.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.diagnostics import Diagnostic, Severity
from govlint.testing import (
    GeneratedReport,
    build_report,
    fill_template_docx,
    render_docx,
    render_html,
    render_pdf,
)

from .huaian import HUAIAN_FOUR, HUAIAN_ROW_KEYS, HUAIAN_THREE, huaian_expected

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
TEMPLATES = ("v2019", "v2021")
SEEDS = (0, 1, 2, None)  # None: every number 0
CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is absent (the ../shared checkout is not available)")
    return path


def needs_pdf() -> None:
    pytest.importorskip("reportlab", reason="writing PDFs needs reportlab (pip install reportlab)")
    pytest.importorskip("pdfplumber", reason="reading PDFs is the optional extra govlint[pdf]")


# --------------------------------------------------------------------------- writing each format

Writer = Callable[[GeneratedReport], bytes]


def _pdf(**options: object) -> Writer:
    def write(report: GeneratedReport) -> bytes:
        needs_pdf()
        return render_pdf(report, **options)  # type: ignore[arg-type]

    return write


WRITERS: dict[str, tuple[str, Writer]] = {
    "docx": (".docx", render_docx),
    "docx-split": (".docx", lambda report: render_docx(report, split_t3=True)),  # 三 as two Word tables
    "html": (".html", lambda report: render_html(report).encode("utf-8")),
    "html-split": (".html", lambda report: render_html(report, split_t3=True).encode("utf-8")),
    "html-gbk": (".html", lambda report: _gbk(render_html(report))),  # many government sites still serve GB2312
    "pdf": (".pdf", _pdf()),
    "pdf-cut": (".pdf", _pdf(page_break_before="r3_4_2")),  # 三 cut inside its merged labels, as huaian's
    # Word's 「标题行重复」: 三's header again on the next page, where the table has more ruled columns
    "pdf-repeat": (".pdf", _pdf(page_break_before="r3_1_open", repeat_header=True)),
}


def _gbk(page: str) -> bytes:
    return page.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gb18030")


def _write(tmp_path: Path, kind: str, report: GeneratedReport) -> Path:
    suffix, writer = WRITERS[kind]
    path = tmp_path / f"report-{kind}{suffix}"
    path.write_bytes(writer(report))
    return path


def _report(template_id: str, seed: int | None) -> GeneratedReport:
    return build_report(template_id, seed=seed)


def parsed_cells(path: Path, report: GeneratedReport) -> dict[tuple[str, str, str], object]:
    """The parsed value of every generated cell, or what is missing instead."""
    linter = Linter()
    model = linter.parse(linter.read(str(path)))
    found: dict[tuple[str, str, str], object] = {}
    for key, _ in report.cells():
        table = model.table(key[0])
        row = table.row(key[1]) if table is not None else None
        cell = row.cell(key[2]) if row is not None else None
        found[key] = "no table" if table is None else "no row" if row is None else "no cell" if cell is None else cell.value
    return found


def _wrong_totals(report: GeneratedReport) -> GeneratedReport:
    t3 = int(report.value("t3", "r3_7_total", "total"))
    t4 = int(report.value("t4", "cases", "rv_total"))
    return report.with_value("t3", "r3_7_total", "total", t3 + 1).with_value("t4", "cases", "rv_total", t4 + 1)


def _cell_text(path: Path, place: str) -> str:
    """The text of the table cell a diagnostic's place names, in the reader's own lines."""
    source = Linter().read(str(path))
    for line, cells in zip(source.lines, source.cell_places):
        if place in cells:
            return line.split("\t")[cells.index(place)]
    raise AssertionError(f"no cell is named {place!r}")


def _finding(diagnostics: tuple[Diagnostic, ...], table: str, row: str, column: str) -> Diagnostic:
    """The first error whose first evidence is the changed cell (the others that cell breaks are in its group)."""
    for d in diagnostics:
        first = d.evidence[0] if d.evidence else None
        if first and (first.table, first.row, first.column) == (table, row, column):
            return d
    raise AssertionError(f"no finding at {table}/{row}/{column}: {[(d.rule, d.message) for d in diagnostics]}")


def assert_wrong_totals_found(path: Path, kind: str, report: GeneratedReport) -> None:
    """r3_7_total.total + 1 breaks GL101, GL102 and GL103 at one cell (one group, its hint names all three);
    rv_total + 1 breaks GL104.  Both are errors, and each place names the cell holding the wrong number."""
    result = Linter().lint_file(path)
    assert result.error is None
    t3 = _finding(result.diagnostics, "t3", "r3_7_total", "total")
    t4 = _finding(result.diagnostics, "t4", "cases", "rv_total")
    assert "GL103" in f"{t3.rule} {t3.hint}" and t4.rule == "GL104"
    for finding, key in ((t3, ("t3", "r3_7_total", "total")), (t4, ("t4", "cases", "rv_total"))):
        assert finding.severity is Severity.ERROR
        value = str(report.value(*key))
        assert _cell_text(path, finding.place) == value, finding.place
        if kind.startswith("docx"):
            assert re.fullmatch(r"表\d 第\d+行 第\d+列", finding.place)
        elif kind.startswith("html"):
            match = re.fullmatch(r"HTML第(\d+)行 表\d 第\d+行 第\d+列", finding.place)
            assert match, finding.place
            page = path.read_bytes().decode("gb18030" if kind == "html-gbk" else "utf-8")
            html_line = page.splitlines()[int(match.group(1)) - 1]
            assert f">{value}<" in html_line, html_line
        else:
            match = re.fullmatch(r"第(\d+)页 表\d 第\d+行 第\d+列", finding.place)
            assert match, finding.place
            assert value in _page_text(path, int(match.group(1)))


def _page_text(path: Path, page: int) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return pdf.pages[page - 1].extract_text() or ""


# --------------------------------------------------------------------------- generated reports


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("template_id", TEMPLATES)
@pytest.mark.parametrize("kind", list(WRITERS))
def test_every_number_comes_back(kind: str, template_id: str, seed: int | None, tmp_path: Path) -> None:
    report = _report(template_id, seed)
    path = _write(tmp_path, kind, report)
    assert parsed_cells(path, report) == dict(report.cells())


@pytest.mark.parametrize("template_id", TEMPLATES)
@pytest.mark.parametrize("kind", list(WRITERS))
def test_clean_reports_have_no_findings(kind: str, template_id: str, tmp_path: Path) -> None:
    """Generated reports pass every rule as text; a finding here comes from reading the format."""
    result = Linter().lint_file(_write(tmp_path, kind, _report(template_id, 1)))
    assert result.error is None
    assert [(d.rule, d.place, d.message) for d in result.diagnostics] == []


@pytest.mark.parametrize("template_id", TEMPLATES)
@pytest.mark.parametrize("kind", list(WRITERS))
def test_wrong_totals_are_errors_at_findable_places(kind: str, template_id: str, tmp_path: Path) -> None:
    report = _wrong_totals(_report(template_id, 2))
    path = _write(tmp_path, kind, report)
    assert parsed_cells(path, report) == dict(report.cells())
    assert_wrong_totals_found(path, kind, report)


def test_pdf_tables_continue_across_pages(tmp_path: Path) -> None:
    """The cut 三 is one table over two pages, and a place names the page the row is printed on."""
    report = _report("v2021", 0)
    path = _write(tmp_path, "pdf-cut", report)
    source = Linter().read(str(path))
    first = next(i for i, line in enumerate(source.lines) if "1.本机关不掌握相关政府信息" in line)
    after = first + 1
    assert "2.没有现成信息需要另行制作" in source.lines[after]
    page = int(re.match(r"第(\d+)页", source.line_places[first]).group(1))  # type: ignore[union-attr]
    # Rows are numbered as printed on their own page: the part on the next page starts again at 1.
    assert re.fullmatch(rf"第{page}页 表2 第\d+行", source.line_places[first])
    assert source.line_places[after] == f"第{page + 1}页 表2 第1行"
    assert source.lines[after].split("\t")[:2] == ["", ""]  # merged labels go on, empty, on the next page
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line) for line in source.lines)  # footers 「- N -」 dropped


def test_pdf_repeated_header_rows_are_read_once(tmp_path: Path) -> None:
    """Page 1 holds only 三's header and rows 一、二、 (8 ruled columns); page 2 repeats the header over
    rows with three label cells (10 columns).  The repeat is dropped, not glued to 「二、上年结转…」."""
    report = _report("v2021", 0)
    path = _write(tmp_path, "pdf-repeat", report)
    source = Linter().read(str(path))
    assert sum("申请人情况" in line for line in source.lines) == 1
    carried = next(line for line in source.lines if line.startswith("二、上年结转"))
    assert carried.split("\t")[0] == "二、上年结转政府信息公开申请数量"


def test_pdf_with_embedded_truetype_font(tmp_path: Path) -> None:
    needs_pdf()
    font = next((path for path in CJK_FONTS if Path(path).is_file()), None)
    if font is None:
        pytest.skip("no CJK TrueType font installed (apt-get install fonts-wqy-microhei); the CID font is tested above")
    report = _report("v2021", 1)
    path = tmp_path / "embedded.pdf"
    path.write_bytes(render_pdf(report, font=font))
    assert parsed_cells(path, report) == dict(report.cells())


def test_html_page_keeps_its_boilerplate_out(tmp_path: Path) -> None:
    report = _report("v2021", 1)
    path = _write(tmp_path, "html-split", report)
    source = Linter().read(str(path))
    text = "\n".join(source.lines)
    assert source.lines[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"
    for furniture in ("无障碍浏览", "当前位置", "版权所有", "网站标识码", "siteMenu"):
        assert furniture not in text
    assert len(re.findall(r"<table", path.read_text(encoding="utf-8"))) == 4  # 二, 三 in two parts, 四


# --------------------------------------------------------------------------- the real Word template, filled in


def _filled(tmp_path: Path, report: GeneratedReport) -> Path:
    template = real("template-2021.docx")
    copy = tmp_path / "template-copy.docx"
    shutil.copyfile(template, copy)
    path = tmp_path / "filled.docx"
    path.write_bytes(fill_template_docx(copy, report))
    return path


@pytest.mark.parametrize("seed", SEEDS)
def test_filled_template_gives_back_every_number(seed: int | None, tmp_path: Path) -> None:
    report = _report("v2021", seed)
    path = _filled(tmp_path, report)
    assert parsed_cells(path, report) == dict(report.cells())
    result = Linter().lint_file(path)
    assert result.error is None
    assert [(d.rule, d.place, d.message) for d in result.diagnostics] == []
    text = "\n".join(Linter().read(str(path)).lines)
    assert "文字描述" not in text and "格式模板" not in text


def test_filled_template_with_wrong_totals(tmp_path: Path) -> None:
    report = _wrong_totals(_report("v2021", 2))
    path = _filled(tmp_path, report)
    assert parsed_cells(path, report) == dict(report.cells())
    assert_wrong_totals_found(path, "docx-template", report)


def test_template_is_for_v2021_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2021"):
        fill_template_docx(real("template-2021.docx"), _report("v2019", 1))


# --------------------------------------------------------------------------- the real huaian PDF

def test_huaian_numbers_balance_by_hand() -> None:
    """The published tables are consistent, so a clean check is the right answer for this file."""
    t3 = {row: [int(n) for n in numbers.split()] for row, numbers in zip(HUAIAN_ROW_KEYS, HUAIAN_THREE.values())}
    disposal = [row for row in HUAIAN_ROW_KEYS if row.startswith("r3_") and row != "r3_7_total"]
    for row, numbers in t3.items():
        assert sum(numbers[:6]) == numbers[6], row
    for column in range(7):
        assert sum(t3[row][column] for row in disposal) == t3["r3_7_total"][column]
        assert t3["r1_new"][column] + t3["r2_carried"][column] == t3["r3_7_total"][column] + t3["r4_carry_next"][column]
    four = [int(n) for n in HUAIAN_FOUR.split()]
    assert all(sum(four[g:g + 4]) == four[g + 4] for g in (0, 5, 10))


def test_huaian_pdf_parses_to_its_numbers() -> None:
    pytest.importorskip("pdfplumber", reason="reading PDFs is the optional extra govlint[pdf]")
    path = real("huaian-2024.pdf")
    linter = Linter()
    model = linter.parse(linter.read(str(path)))
    got = {}
    for key in huaian_expected():
        table = model.table(key[0])
        row = table.row(key[1]) if table else None
        cell = row.cell(key[2]) if row else None
        got[key] = cell.value if cell else None
    assert got == huaian_expected()


def test_huaian_pdf_checks_without_arithmetic_errors() -> None:
    pytest.importorskip("pdfplumber", reason="reading PDFs is the optional extra govlint[pdf]")
    path = real("huaian-2024.pdf")
    run = subprocess.run([sys.executable, "-m", "govlint", "check", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    assert not re.findall(r'"(?:rule|ruleId|id)": "GL1\d\d"', run.stdout), run.stdout[:2000]
    result = Linter().lint_file(path)
    assert result.error is None
    assert [d.rule for d in result.diagnostics if d.rule.startswith("GL1")] == []


# --------------------------------------------------------------------------- bad inputs through the CLI


def _scanned_pdf() -> bytes:
    image = pytest.importorskip("PIL.Image", reason="Pillow makes the image-only PDF")
    buffer = io.BytesIO()
    image.new("RGB", (600, 800), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    needs_pdf()
    pypdf = pytest.importorskip("pypdf", reason="pypdf encrypts the test PDF")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(render_pdf(_report("v2021", 1))))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_INPUTS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "corrupt-docx": ("report.docx", lambda: render_docx(_report("v2021", 1))[:3000], "Word 文件已损坏"),
    "scanned-pdf": ("scan.pdf", _scanned_pdf, "没有文字层"),
    "html-without-report": ("news.html", lambda: "<html><body><nav>首页</nav><p>欢迎访问本网站。</p>"
                            "<div class='footer'>版权所有</div></body></html>".encode(), "没有找到年度报告正文"),
    "encrypted-pdf": ("secret.pdf", _encrypted_pdf, "PDF 已加密"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_cli_refuses_bad_inputs_with_one_line(case: str, tmp_path: Path) -> None:
    if case.endswith("pdf"):
        pytest.importorskip("pdfplumber", reason="reading PDFs is the optional extra govlint[pdf]")
    name, make, words = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(make())
    run = subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], run.stderr
    assert re.search(r"[\u4e00-\u9fff].* / [A-Za-z]", lines[0]), lines[0]  # Chinese, then English


def test_txt_that_is_really_a_docx_is_read_as_word(tmp_path: Path) -> None:
    report = _report("v2021", 1)
    path = tmp_path / "report.txt"
    path.write_bytes(render_docx(report))
    assert Linter().read(str(path)).format == "docx"
    assert parsed_cells(path, report) == dict(report.cells())
    run = subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_decimal_cells_survive_every_format(tmp_path: Path) -> None:
    """二's 收费金额 (万元) keeps its decimals as written: 12.50 is not 12.5 to a reader comparing text."""
    report = build_report("v2021", {"t2_8": {"fees": {"fee_amount": Decimal("1234.5600")}}}, seed=1)
    for kind in ("docx", "html", "pdf"):
        path = _write(tmp_path, kind, report)
        assert parsed_cells(path, report)[("t2_8", "fees", "fee_amount")] == Decimal("1234.5600")
