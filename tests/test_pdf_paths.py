"""The two ways into a PDF give the same report: PDFium (fast) and pdfplumber over pdfminer (the fallback).

Every line, every table cell and every place (page, table, row, column, line) of the real
PDF and of generated PDFs must come out identical through both, so a number is never read
differently because of the way the file was opened.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf as pdf_reader  # noqa: E402
from govlint.read import pdf_streams  # noqa: E402
from govlint.read.pdf import PdfReader  # noqa: E402
from govlint.testing import render_pdf, sample_reports  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "huaian-2024.pdf"
CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def through_pdfplumber(monkeypatch: pytest.MonkeyPatch, data: bytes):
    with monkeypatch.context() as patch:
        patch.setattr(pdf_reader, "_read_fast", lambda data, budget, forms: None)
        return PdfReader().read("report.pdf", data)


def assert_same_report(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    calls = []
    original = pdf_reader._read_fast  # PDFium: in this process, or in a child for a file that may have forms
    with monkeypatch.context() as patch:
        patch.setattr(pdf_reader, "_read_fast", lambda *arguments: calls.append(1) or original(*arguments))
        fast = PdfReader().read("report.pdf", data)
    assert calls and fast.format == "pdf"
    slow = through_pdfplumber(monkeypatch, data)
    assert fast.lines == slow.lines
    assert fast.line_places == slow.line_places
    assert fast.cell_places == slow.cell_places
    assert fast.wrap_places == slow.wrap_places
    assert fast == slow  # every field of the Source: the grid flag, the places
    numbers = [re.findall(r"\d+", line) for line in fast.lines]
    assert any(numbers)
    cells = [(place, cell) for line, places in zip(fast.lines, fast.cell_places) for place, cell in zip(places, line.split("\t"))]
    assert [cell for _, cell in cells if re.search(r"\d", cell)], "the tables' numbers are read"


def _pdfium_read_it(monkeypatch: pytest.MonkeyPatch, data: bytes) -> bool:
    results = []
    original = pdf_reader._read_fast  # PDFium: in this process, or in a child for a file that may have forms
    with monkeypatch.context() as patch:
        patch.setattr(pdf_reader, "_read_fast", lambda *arguments: results.append(original(*arguments)) or results[-1])
        PdfReader().read("report.pdf", data)
    return bool(results) and results[-1] is not None  # not called: a ToUnicode map sent the file to pdfminer


def test_the_real_pdf_reads_the_same_through_both_paths(monkeypatch):
    if not REAL.is_file():
        pytest.skip(f"{REAL} is absent: ../shared (the corpus) is not available here")
    data = REAL.read_bytes()
    assert _pdfium_read_it(monkeypatch, data)
    assert_same_report(monkeypatch, data)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_pdfs_read_the_same_through_both_paths(monkeypatch, seed):
    for report in sample_reports(2, seed=seed):
        assert_same_report(monkeypatch, render_pdf(report))


def test_tables_repeated_and_cut_at_page_ends_read_the_same(monkeypatch):
    report = sample_reports(1, seed=5)[0]
    assert_same_report(monkeypatch, render_pdf(report, repeat_header=True))
    assert_same_report(monkeypatch, render_pdf(report, page_break_before="r3_4_2"))


@pytest.mark.parametrize("layout", ["plain", "cut", "repeat", "truetype"])
def test_generated_pdfs_in_every_layout_read_the_same_through_both_paths(monkeypatch, layout):
    """Reports drawn by Hypothesis, printed as each layout the renderer has: one page
    flow, 三 cut inside its merged labels, a header repeated over a page break, an embedded TrueType font."""
    from hypothesis import HealthCheck, given, settings

    from govlint.testing import reports

    options: dict[str, object] = {"plain": {}, "cut": {"page_break_before": "r3_4_2"},
                                  "repeat": {"page_break_before": "r3_1_open", "repeat_header": True}}.get(layout, {})
    if layout == "truetype":
        font = next((path for path in CJK_FONTS if Path(path).is_file()), None)
        if font is None:
            pytest.skip("no CJK TrueType font installed (apt-get install fonts-wqy-microhei)")
        options = {"font": font}

    @settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(reports())
    def check(report):
        assert_same_report(monkeypatch, render_pdf(report, **options))  # type: ignore[arg-type]

    check()


def test_a_text_object_pdfium_s_text_leaves_out_sends_the_file_to_pdfminer(monkeypatch):
    """PDFium's text page does not read a text object narrower than 0.01, characters and all: a
    digit drawn at no horizontal scale is one on every machine, and a character of a font the
    file does not embed is one where the machine's fonts lack its glyph (a generated report's
    「自然人」 read 「自然」 on a machine without a Chinese font).  PDFium read such a page without
    the digit; pdfminer reads the file, digit and all."""
    from tests.hostile_files import pdf

    data = pdf([b"BT /F1 12 Tf 72 770 Td (2024 ABA report 3) Tj ET BT /F1 12 Tf 0 Tz 200 770 Td (7) Tj ET"])
    assert not _pdfium_read_it(monkeypatch, data)
    assert PdfReader().read("report.pdf", data).lines == through_pdfplumber(monkeypatch, data).lines == ("2024 ABA report 3 7",)
    narrow = pdf([b"BT /F1 12 Tf 72 770 Td (2024 ABA report 3) Tj ET BT /F1 12 Tf 1 Tz 200 770 Td (7) Tj ET"])
    assert _pdfium_read_it(monkeypatch, narrow)  # 7 at a hundredth of its width: 0.067 wide, read by PDFium
    assert PdfReader().read("report.pdf", narrow) == through_pdfplumber(monkeypatch, narrow)


@pytest.mark.parametrize("ops", [
    b"BT /F1 12 Tf -0.7 Tc 72 770 Td (received 1100 requests, 2022 closed) Tj ET",
    b"BT /F1 12 Tf 72 770 Td [(received 1) 60 (1) 60 (00 requests, 2022 closed)] TJ ET",
])
def test_repeated_digits_set_tight_read_the_same_through_both_paths(monkeypatch, ops):
    """Negative character spacing or kerning sets a repeated digit closer than its width to the
    one before it: no reading may take it for fake bold (a pass that did read 「1100」 as 「1 0」)."""
    from tests.hostile_files import pdf

    data = pdf([b"BT /F1 12 Tf 72 790 Td (2024 annual report of the agency) Tj ET " + ops])
    assert _pdfium_read_it(monkeypatch, data)
    read = PdfReader().read("report.pdf", data)
    assert read == through_pdfplumber(monkeypatch, data)
    assert "1100" in read.lines[-1] and "2022" in read.lines[-1]


_RECEIVED = b"BT /F1 12 Tf %g %g Td (received 1234 requests) Tj ET "


def _shown_at(ops: bytes) -> bytes:
    """A page of a title and ``ops``, mid-page (not taken for a page number in a margin)."""
    from tests.hostile_files import pdf

    return pdf([b"BT /F1 12 Tf 72 700 Td (2024 annual report of the agency) Tj ET " + ops])


def _read_both_ways(monkeypatch: pytest.MonkeyPatch, data: bytes):
    """The file as read (PDFium's reading, checked to be PDFium's), the same through pdfminer."""
    assert _pdfium_read_it(monkeypatch, data)
    read = PdfReader().read("report.pdf", data)
    assert read == through_pdfplumber(monkeypatch, data)
    return read


@pytest.mark.parametrize("ops", [
    pytest.param(_RECEIVED % (72, 600) + _RECEIVED % (72.3, 600), id="0.3 pt apart"),
    pytest.param(_RECEIVED % (72, 600) + _RECEIVED % (72, 600), id="at the same place"),
    pytest.param(_RECEIVED % (72, 600) + _RECEIVED % (72.5, 600.6), id="across and up"),
    pytest.param(b"BT /F1 12 Tf 72 600 Td [(recei) 10 (ved 12) (34 requests)] TJ ET "
                 b"BT /F1 12 Tf 72.3 600 Td [(received 1) -5 (234 requests)] TJ ET", id="TJ strings cut otherwise"),
    pytest.param(b"BT /F1 12 Tf 72 600 Td (received ) Tj (1234) Tj ( requests) Tj ET "
                 b"BT /F1 12 Tf 72.3 600 Td (received ) Tj (1234) Tj ( requests) Tj ET", id="a run of three strings"),
    pytest.param(b"BT /F1 12 Tf 72 600 Td [-300 (received 1234 requests)] TJ ET "
                 b"BT /F1 12 Tf 75.9 600 Td (received 1234 requests) Tj ET", id="kerning before the string"),
])
def test_text_drawn_over_itself_reads_once_through_both_paths(monkeypatch, ops):
    """Fake bold (some Word and WPS exports): the same text drawn twice, the second a fraction
    of a point away.  PDFium's text leaves the repeated text object out; pdfminer drew both and
    read 「11223344」, a number made up, until ``pdf_overdrawn`` left the same strings out."""
    read = _read_both_ways(monkeypatch, _shown_at(ops))
    assert read.lines == ("2024 annual report of the agency", "received 1234 requests")


@pytest.mark.parametrize("across", [0, 0.3, 0.7, 1, 3, 5.5, 6.5, 8, 40])
@pytest.mark.parametrize("up", [0, 0.5, 0.7, 1.4, 3, 8, 14])
def test_a_string_drawn_again_near_itself_is_left_out_through_pdfminer_only_as_fake_bold(monkeypatch, across, up):
    """The same string drawn again at each of a grid of places around itself (12 pt).  PDFium's
    text leaves out a copy within 5.4 pt across (0.9 of 「s」, 6 pt wide) and 8 pt up, its box
    overlapping; pdfminer, whose boxes are not ink, leaves out only fake bold, a copy within 0.06 of
    an em (0.72 pt) both ways, as PDFium does, and keeps every other copy: a number read twice, never
    a digit gone."""
    data = _shown_at(_RECEIVED % (72, 600) + _RECEIVED % (72 + across, 600 + up))
    assert _pdfium_read_it(monkeypatch, data)
    fast, slow = PdfReader().read("report.pdf", data), through_pdfplumber(monkeypatch, data)
    assert "".join(fast.lines[1:]).count("4") == (1 if across <= 5.4 and up <= 8 else 2)  # the title aside
    assert "".join(slow.lines[1:]).count("4") == (1 if max(across, up) <= 0.06 * 12 else 2)


@pytest.mark.parametrize("step", [2, 3])
def test_the_same_digit_drawn_again_a_fifth_of_an_em_away_is_kept_through_both_paths(monkeypatch, step):
    """「1」, then 「1」 again ``step`` pt to its right (12 pt Helvetica: ink 3.1 pt wide, advance
    6.67 pt): PDFium's ink boxes overlap by less than half, it reads 「11」; pdfminer's advance boxes
    overlap by more than half, but the copy is no fake bold: 「11」 too (the second reader's case)."""
    read = _read_both_ways(monkeypatch, _shown_at(b"BT /F1 12 Tf 72 600 Td (1) Tj ET BT /F1 12 Tf %g 600 Td (1) Tj ET" % (72 + step)))
    assert "11" in read.lines[-1].replace(" ", "")


@pytest.mark.parametrize("below", [10, 11])
def test_a_line_repeated_less_than_a_font_size_below_itself_is_kept_through_pdfminer(monkeypatch, below):
    """The same line of numbers again 10 or 11 pt below itself (12 pt text): PDFium's glyph boxes
    do not overlap and it reads both lines; pdfminer's boxes (a full font size high) overlap, but
    the copy is no fake bold: both lines stay (the second reader's case: one was left out)."""
    row = b"BT /F1 12 Tf 72 %d Td (2024 2024 2024 2024) Tj ET "
    data = _shown_at(row % 600 + row % (600 - below))
    assert _pdfium_read_it(monkeypatch, data)
    fast, slow = PdfReader().read("report.pdf", data), through_pdfplumber(monkeypatch, data)
    assert "".join(fast.lines).count("2024") == "".join(slow.lines).count("2024") == 9  # the title's, and both lines'


def test_half_width_digits_placed_half_an_em_apart_in_a_font_without_widths_are_all_read_through_pdfminer(monkeypatch):
    """A CJK font without /W (every advance /DW, a full em), its half-width digits each placed by
    its own Td half an em after the one before (a producer placing every glyph; the page looks
    right).  PDFium's text reads every digit; the spaces' text objects, without ink, send the file
    to pdfminer, whose boxes a full em wide overlap by half: each digit repeating the one before it
    was left out, 「2000 11 100」 read 「20 1 10」 (the second reader's case)."""
    from tests.hostile_files import assemble

    digits = b"".join(b"BT /F1 12 Tf %g 600 Td <%s> Tj ET " % (72 + 6 * i, c.encode("utf-16-be").hex().encode())
                      for i, c in enumerate("2000 11 100"))
    content = b"BT /F2 12 Tf 72 750 Td (2024 annual report of the agency) Tj ET " + digits
    data = assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 7 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) "
        b"/Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 "
        b"/Descent -120 /CapHeight 700 /StemV 80 >>",
    ])
    assert not _pdfium_read_it(monkeypatch, data)
    assert re.findall(r"\d+", PdfReader().read("report.pdf", data).lines[-1]) == ["2000", "11", "100"]


def test_text_drawn_twice_but_different_is_read_whole_through_both_paths(monkeypatch):
    """Two different strings drawn over each other are no repeat: every character of both stays."""
    ops = _RECEIVED % (72, 600) + b"BT /F1 12 Tf 72.3 600 Td (received 1235 requests) Tj ET"
    read = _read_both_ways(monkeypatch, _shown_at(ops))
    assert sorted(read.lines[-1].replace(" ", "")) == sorted("received1234requests" + "received1235requests")


def test_the_same_text_on_the_next_line_is_read_twice_through_both_paths(monkeypatch):
    """A real repeat a line below (14 pt under 12 pt text): the boxes do not overlap, both stay."""
    read = _read_both_ways(monkeypatch, _shown_at(_RECEIVED % (72, 600) + _RECEIVED % (72, 586)))
    assert re.findall(r"\d+", read.lines[-1]) == ["1234", "1234"]


@pytest.mark.parametrize("between, copies", [(4, 1), (5, 2)])
def test_a_repeat_past_five_text_objects_is_read_twice_through_both_paths(monkeypatch, between, copies):
    """PDFium compares a text object with the five text objects drawn before it (paths and
    other objects between them do not count): a repeat with five text objects between is
    read twice by PDFium's text, and so by pdfminer."""
    others = b" ".join(b"BT /F1 12 Tf %d 500 Td (%s) Tj ET 10 10 m 20 20 l S" % (72 + 40 * n, b"abcde"[n:n + 1]) for n in range(between))
    read = _read_both_ways(monkeypatch, _shown_at(_RECEIVED % (72, 600) + others + b" " + _RECEIVED % (72.3, 600)))
    assert "".join(read.lines[1:]).count("4") == copies  # the title aside


@pytest.mark.parametrize("inside, outside, copies", [(2, 0, 1), (1, 1, 2)])
def test_fake_bold_in_a_form_reads_as_pdfium_reads_it_through_both_paths(monkeypatch, inside, outside, copies):
    """PDFium compares a text object with those before it in the same content only: drawn twice
    inside one form XObject, the text is read once; once on the page and once in a form drawn
    after it, twice (both ways: the file goes to PDFium in a child process, or to pdfminer)."""
    import zlib

    from tests.hostile_files import pdf

    form = zlib.compress(b" ".join([_RECEIVED % (72, 600), _RECEIVED % (72.3, 600)][:inside]))
    page = b"BT /F1 12 Tf 72 700 Td (2024 annual report of the agency) Tj ET " + _RECEIVED % (72.3, 600) * outside + b"q /X1 Do Q"
    data = pdf([page], streams=[form], resources=b"/XObject << /X1 6 0 R >>",
               entries=[b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "])
    read = _read_both_ways(monkeypatch, data)
    assert "".join(read.lines[1:]).count("4") == copies  # the title aside


def _layout_datas() -> list[bytes]:
    from tests.hostile_files import pdf

    datas = [render_pdf(report, **options) for report, options in  # type: ignore[arg-type]
             zip(sample_reports(3, seed=9), [{}, {"page_break_before": "r3_4_2"}, {"repeat_header": True}])]
    grid = " ".join(f"{x} 100 m {x} 400 l S" for x in (100, 150, 151.5, 300)) + " " + \
        " ".join(f"90 {y} m 310 {y} l S" for y in (100, 200, 202, 400)) + " 100 100 200 300 re S 120 120 m 140 130 l S" + \
        " 100 450 m 200 450 l 200 500 l 100 500 l S 200 450 m 300 450 l 300 500 l S"
    text = " ".join(f"BT /F1 10 Tf {x} {y} Td (n{x}x{y}) Tj ET" for x in (105, 160, 200) for y in (150, 250, 460, 300.5))
    datas.append(pdf([f"{grid} {text}".encode()]))
    if REAL.is_file():
        datas.append(REAL.read_bytes())
    return datas


def test_the_layout_port_is_pdfplumbers_own_on_the_same_objects():
    """``pdf_layout`` given pdfplumber's own characters and edges finds the same tables, cell
    boxes, cell texts and text lines as pdfplumber: float for float (rules snapped and joined,
    slanted lines, rectangles, polylines)."""
    import pdfplumber

    from govlint.read import pdf_layout

    tables = 0
    for data in _layout_datas():
        with pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                chars = [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.chars]
                edges = [pdf_layout.line_edge(line) for line in page.lines]
                edges += [edge for rect in page.rects for edge in pdf_layout.rect_edges(rect)]
                edges += [edge for curve in page.curves for edge in pdf_layout.curve_edges(curve)]
                found = pdf_layout.find_tables(*pdf_layout.prefiltered(edges))
                expected = page.find_tables()
                assert [table.bbox for table in found] == [table.bbox for table in expected]
                for mine, theirs, cells in zip(found, expected, pdf_layout.table_cells(found, pdf_layout.centred(chars))):
                    assert mine.rows == [(row.bbox, row.cells) for row in theirs.rows]
                    assert cells == theirs.extract()
                    tables += 1
                lines = [(line["text"], line["x0"], line["top"], line["x1"], line["bottom"])
                         for line in page.extract_text_lines(return_chars=False)]
                assert pdf_layout.text_lines(chars) == lines
    assert tables >= 6


def test_table_cells_are_pdfplumbers_own():
    """The bisecting cell reader gives what ``table.extract()`` gives, cell for cell."""
    import pdfplumber

    datas = [render_pdf(report) for report in sample_reports(2, seed=9)]
    if REAL.is_file():
        datas.append(REAL.read_bytes())
    tables = 0
    for data in datas:
        with pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                for table in page.find_tables():
                    assert pdf_reader._table_text(page, table) == table.extract()
                    tables += 1
    assert tables >= 4


def test_a_pdf_pdfium_cannot_open_is_read_by_pdfplumber(monkeypatch):
    import pypdfium2

    from govlint.read import pdf_pdfium

    data = render_pdf(sample_reports(1, seed=4)[0])

    def refuse(*args):
        raise pypdfium2.PdfiumError("Failed to load document")

    monkeypatch.setattr(pdf_pdfium, "open_pages", refuse)
    source = PdfReader().read("report.pdf", data)
    assert source.lines == through_pdfplumber(monkeypatch, data).lines


def test_text_shown_rotated_is_left_to_pdfplumber(monkeypatch):
    """A portrait page turned by /Rotate: its text runs down the page as shown, boxed otherwise by pdfminer."""
    data = render_pdf(sample_reports(1, seed=4)[0]).replace(b"/Rotate 0", b"/Rotate 90", 1)
    assert not _pdfium_read_it(monkeypatch, data)
    assert PdfReader().read("report.pdf", data).lines


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_landscape_page_made_by_rotate_reads_the_same_through_both_paths(monkeypatch, rotation):
    """A table set on a page turned by /Rotate, upright as shown: PDFium's page space is turned as pdfminer turns it."""
    from tests.hostile_files import pdf

    width, height = 595, 842  # the media box; shown turned, 842 wide and 595 high

    def place(x: float, y: float) -> tuple[float, float]:  # where a point shown at (x, y) is on the page
        return (height - y, x) if rotation == 90 else (y, width - x)

    turn = "0 1 -1 0" if rotation == 90 else "0 -1 1 0"
    ops = []
    for x, y, text in [(80, 520, "2024 report of the year, table 1")] + [
        (110 + 100 * column, 465 - 20 * row, str(10 * row + column)) for row in range(3) for column in range(3)
    ]:
        px, py = place(x, y)
        ops.append(f"BT /F1 10 Tf {turn} {px:g} {py:g} Tm ({text}) Tj ET")
    for y in (480, 460, 440, 420):  # rules across, as shown
        (ax, ay), (bx, by) = place(100, y), place(400, y)
        ops.append(f"{ax:g} {ay:g} m {bx:g} {by:g} l S")
    for x in (100, 200, 300, 400):  # rules down
        (ax, ay), (bx, by) = place(x, 420), place(x, 480)
        ops.append(f"{ax:g} {ay:g} m {bx:g} {by:g} l S")
    data = pdf([" ".join(ops).encode()]).replace(b"/MediaBox", b"/Rotate %d /MediaBox" % rotation)
    assert _pdfium_read_it(monkeypatch, data)
    assert_same_report(monkeypatch, data)
    source = PdfReader().read("landscape.pdf", data)
    assert "0\t1\t2" in source.lines and "20\t21\t22" in source.lines


def test_a_pdf_without_text_is_one_line_through_pdfium(monkeypatch):
    from tests.hostile_files import pdf

    data = pdf([b"0 0 m 100 100 l S"] * 2)
    with pytest.raises(InputError, match="扫描件") as caught:
        PdfReader().read("scan.pdf", data)
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("bad", [float("inf"), float("nan")])
def test_a_character_boxed_off_every_page_sends_the_file_to_pdfplumber(monkeypatch, bad):
    """The layout port clusters finite positions only (as pdfplumber's sorting does them): a
    character PDFium would box at a place that is not a number leaves the file to pdfplumber."""
    from govlint.read import pdf_pdfium

    data = render_pdf(sample_reports(1, seed=4)[0])
    original = pdf_pdfium._chars

    def off_the_page(*args):
        chars = original(*args)
        return [(chars[0][0], bad, *chars[0][2:]), *chars[1:]]

    monkeypatch.setattr(pdf_pdfium, "_chars", off_the_page)
    assert not _pdfium_read_it(monkeypatch, data)
    assert PdfReader().read("report.pdf", data).lines == through_pdfplumber(monkeypatch, data).lines


@pytest.mark.parametrize("half", ["D800", "DC00"])
def test_a_character_mapped_to_half_a_character_leaves_the_file_to_pdfplumber(monkeypatch, half):
    """A font whose ToUnicode maps a code to one half of a surrogate pair, next to ordinary
    characters: not a character PDFium's text can be decoded to, so pdfminer reads it."""
    import zlib

    from tests.hostile_files import pdf

    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <41> <" + half.encode() + b"> endbfchar\n"
        b"endcmap CMapName currentdict /CIDInit defineresource pop end end"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    data = pdf([b"BT /F1 12 Tf 72 770 Td (2024 ABA report) Tj ET"], streams=[zlib.compress(cmap)], font=font)
    assert not _pdfium_read_it(monkeypatch, data)
    read = PdfReader().read("report.pdf", data)
    assert read.lines == through_pdfplumber(monkeypatch, data).lines and "report" in read.lines[0]


def _plain_chars(textpage, height: float) -> list[tuple[str, float, float, float, float]]:
    """``pdf_pdfium._chars`` on an upright page, the plain way: every character asked for its
    text, box, origin, size, matrix and font's descent through pypdfium2's own bindings, nothing cached."""
    import ctypes

    import pypdfium2.raw as c

    raw, out = textpage.raw, []
    for index in range(c.FPDFText_CountChars(raw)):
        code = c.FPDFText_GetUnicode(raw, index)
        glyph = chr(code)
        if glyph.isspace() and c.FPDFText_IsGenerated(raw, index):
            continue
        if c.FPDFText_HasUnicodeMapError(raw, index):
            glyph = f"(cid:{code})"
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        matrix, descent, x, y = c.FS_MATRIX(), ctypes.c_float(), ctypes.c_double(), ctypes.c_double()
        c.FPDFText_GetMatrix(raw, index, matrix)
        size = c.FPDFText_GetFontSize(raw, index)
        font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(raw, index))
        y0 = min(bottom, top)
        if font and c.FPDFFont_GetDescent(font, ctypes.c_float(size), descent) and c.FPDFText_GetCharOrigin(raw, index, x, y):
            y0 = y.value + descent.value * matrix.d
        out.append((glyph, min(left, right), height - (y0 + size * matrix.d), max(left, right), height - y0))
    return out


def test_characters_are_what_pdfium_says_of_each_one():
    """The characters PDFium's path reads (its text fetched at once, sizes and descents looked up
    per text object, boxes read off arrays) are, float for float, what asking PDFium about each
    character on its own gives.  A generated report's Chinese font is not embedded: on a machine
    without a Chinese font PDFium leaves some of its characters out, and the path refuses it
    (pdfminer reads it); the Latin page is read everywhere."""
    import pypdfium2 as pdfium

    from govlint.read import pdf_budget, pdf_pdfium
    from tests.hostile_files import pdf

    datas = [render_pdf(report) for report in sample_reports(2, seed=7)]
    font = next((path for path in CJK_FONTS if Path(path).is_file()), None)
    if font:
        datas.append(render_pdf(sample_reports(1, seed=8)[0], font=font))
    if REAL.is_file():
        datas.append(REAL.read_bytes())
    datas.append(pdf([b" ".join(b"BT /F1 9 Tf 40 %d Td (row %d: 1,024 filed; 17 (3.5%%) answered) Tj ET" % (800 - 12 * n, n)
                               for n in range(60))]))
    checked = 0
    for data in datas:
        try:
            pages = pdf_pdfium.open_pages(data, pdf_budget.Budget())
        except pdf_pdfium.Unsupported:
            assert not font, "with a Chinese font installed PDFium reads the generated reports"
            continue
        document = pdfium.PdfDocument(data)
        for index, page in enumerate(pages):
            textpage = document[index].get_textpage()
            assert page.chars == _plain_chars(textpage, page.height)
            checked += len(page.chars)
        document.close()
    assert checked > 1000


def test_cells_are_grouped_into_tables_as_pdfplumber_groups_them():
    """``pdf_layout._grouped`` (cells joined through shared corners at once) finds pdfplumber's
    ``cells_to_tables`` tables, in its order, each with the same cells, on any set of cells."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pdfplumber.table import cells_to_tables

    from govlint.read import pdf_layout

    corner = st.tuples(st.integers(0, 6), st.integers(0, 6))
    cell = st.tuples(corner, st.integers(1, 3), st.integers(1, 3)).map(
        lambda drawn: (float(drawn[0][0]), float(drawn[0][1]), float(drawn[0][0] + drawn[1]), float(drawn[0][1] + drawn[2])))

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(cell, max_size=25, unique_by=lambda box: box[:2]))
    def check(cells):
        assert [sorted(table) for table in pdf_layout._grouped(cells)] == [sorted(table) for table in cells_to_tables(cells)]

    check()


def test_table_rows_and_boxes_are_pdfplumbers_on_any_cells():
    """``pdf_layout._rows`` and ``_bbox`` (ported from pdfplumber's ``Table``) give its rows, row
    boxes and table box on any cells: rows of different lengths, cells sharing a place, gaps."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pdfplumber.table import Table

    from govlint.read import pdf_layout

    corner = st.tuples(st.sampled_from([0.0, 1.0, 2.5, 4.0, 7.0]), st.sampled_from([0.0, 1.0, 3.0, 3.5, 8.0]))
    cell = st.tuples(corner, st.sampled_from([0.5, 1.0, 3.0])).map(
        lambda drawn: (drawn[0][0], drawn[0][1], drawn[0][0] + drawn[1], drawn[0][1] + 2 * drawn[1]))

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(cell, min_size=1, max_size=12))
    def check(cells):
        table = Table(None, cells)  # type: ignore[arg-type]
        assert pdf_layout._bbox(cells) == table.bbox
        assert pdf_layout._rows(cells) == [(row.bbox, row.cells) for row in table.rows]

    check()


def test_characters_outside_tables_are_those_the_pdfplumber_path_keeps():
    """``pdf_layout.outside`` (the characters in a box found by bisecting their centres' heights)
    keeps the characters the pdfplumber path keeps around tables (``pdf._inside``: a centre on a
    box's edge is inside), in page order, whatever the boxes (overlapping, touching, none)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from govlint.read import pdf_layout

    at = st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.5, 6.0])
    char = st.tuples(at, at, st.sampled_from([0.0, 1.0, 2.0, 3.0]))
    box = st.tuples(at, at, st.sampled_from([0.0, 1.0, 1.5, 4.0]), st.sampled_from([0.0, 1.0, 2.5, 5.0]))

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(char, max_size=12), st.lists(box, max_size=3))
    def check(drawn, drawn_boxes):
        chars = [(str(index), x0, top, x0 + size, top + size) for index, (x0, top, size) in enumerate(drawn)]
        boxes = [(x0, top, x0 + width, top + height) for x0, top, width, height in drawn_boxes]
        kept = [char for char in chars
                if not pdf_reader._inside({"x0": char[1], "top": char[2], "x1": char[3], "bottom": char[4]}, boxes)]
        assert pdf_layout.outside(chars, boxes, pdf_layout.centred(chars)) == kept

    check()


def test_a_cells_text_is_pdfplumbers_on_any_characters():
    """``pdf_layout.cell_text`` (one character and one line read at once) gives pdfplumber's
    ``extract_text`` of the same characters: spaces, ligatures, empty texts, lines and gaps."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pdfplumber.utils.text import extract_text

    from govlint.read import pdf_layout

    char = st.tuples(st.sampled_from(["1", "2", " ", "", "ﬁ", "中", "a", "\u3000"]), st.sampled_from([0.0, 2.0, 4.5, 5.0, 10.0, 20.0]),
                     st.sampled_from([0.0, 1.0, 2.5, 4.0, 8.0]), st.sampled_from([1.0, 3.0, 5.0]))

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(char, max_size=6))
    def check(drawn):
        chars = [(text, x0, top, x0 + width, top + 10) for text, x0, top, width in drawn]
        plumber = [{"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "doctop": top, "upright": True,
                    "width": x1 - x0, "height": bottom - top} for text, x0, top, x1, bottom in chars]
        assert pdf_layout.cell_text(chars) == extract_text(plumber)

    check()


def _table_page(rules: list[str]) -> bytes:
    """A page: a title, a 3 x 3 table's numbers and ``rules`` (the table's or what draws them)."""
    text = " ".join(f"BT /F1 10 Tf {110 + 100 * column} {465 - 20 * row} Td ({10 * row + column}) Tj ET"
                    for row in range(3) for column in range(3))
    return f"BT /F1 10 Tf 80 520 Td (2024 report of the year, table 1) Tj ET {text} {' '.join(rules)}".encode()


def _rules(dx: float = 0, dy: float = 0) -> list[str]:
    """The table's rules, moved by (``-dx``, ``-dy``): a form whose /Matrix moves by (dx, dy) draws them in place."""
    return ([f"{100 - dx} {y - dy} m {400 - dx} {y - dy} l S" for y in (480, 460, 440, 420)]
            + [f"{x - dx} {420 - dy} m {x - dx} {480 - dy} l S" for x in (100, 200, 300, 400)])


def assert_read_as_drawn_plainly(monkeypatch: pytest.MonkeyPatch, data: bytes, *, by_pdfium: bool = True) -> None:
    """A file whose table's rules forms draw is read by PDFium only in a capped child process
    (in this one it would expand forms without a bound), else by pdfminer: either report is
    that of the table drawn without forms (which PDFium reads in this process)."""
    from govlint.read import pdf_isolated
    from tests.hostile_files import pdf

    plain = pdf([_table_page(_rules())])
    assert _pdfium_read_it(monkeypatch, plain)
    expected = PdfReader().read("report.pdf", plain)
    results = []
    run = pdf_isolated.run
    with monkeypatch.context() as patch:
        patch.setattr(pdf_isolated, "run", lambda *arguments: results.append(run(*arguments)) or results[-1])
        read = PdfReader().read("report.pdf", data)
    assert results and (results[0] is not None) == by_pdfium
    assert read == expected == through_pdfplumber(monkeypatch, data)
    assert "0\t1\t2" in read.lines and "20\t21\t22" in read.lines


def test_rules_drawn_in_a_form_xobject_read_as_drawn_plainly(monkeypatch):
    """A table whose rules a form XObject draws, moved by its /Matrix."""
    import zlib

    from tests.hostile_files import pdf, reassembled

    dx, dy = 10, -20  # the form's /Matrix moves what it draws
    data = pdf([_table_page(["/Fm1 Do"])], streams=[zlib.compress(" ".join(_rules(dx, dy)).encode())])
    data = data.replace(b"/Font << /F1 3 0 R >> >>", b"/Font << /F1 3 0 R >> /XObject << /Fm1 6 0 R >> >>")
    data = data.replace(b"6 0 obj\n<< ", b"6 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 %d %d] " % (dx, dy))
    assert_read_as_drawn_plainly(monkeypatch, reassembled(data))


@pytest.mark.parametrize("depth", [2, 16])
def test_rules_drawn_in_nested_forms_read_as_drawn_plainly(monkeypatch, depth):
    """A table whose rules the innermost of ``depth`` nested form XObjects draws, each form moved
    by its /Matrix: PDFium in the child composes the matrices as pdfminer does, and past the forms
    it follows (``MAX_FORM_DEPTH``) leaves the file to pdfminer rather than losing the rules (the
    table read as a line of text, its numbers unchecked)."""
    import zlib

    from govlint.read import pdf_pdfium
    from tests.hostile_files import pdf, reassembled

    dx, dy = 5, -3  # what each form's /Matrix moves
    streams = [zlib.compress(b"/Fm%d Do" % (level + 1)) for level in range(1, depth)]
    data = pdf([_table_page(["/Fm1 Do"])], streams=streams + [zlib.compress(" ".join(_rules(dx * depth, dy * depth)).encode())])
    data = data.replace(b"/Font << /F1 3 0 R >> >>", b"/Font << /F1 3 0 R >> /XObject << /Fm1 6 0 R >> >>")
    for level in range(depth):  # form ``level + 1`` is object ``6 + level`` and draws the next one
        inner = b"/Resources << /XObject << /Fm%d %d 0 R >> >> " % (level + 2, 7 + level) if level + 1 < depth else b""
        data = data.replace(b"\n%d 0 obj\n<< " % (6 + level), b"\n%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                            b"/Matrix [1 0 0 1 %d %d] %s" % (6 + level, dx, dy, inner))
    assert_read_as_drawn_plainly(monkeypatch, reassembled(data), by_pdfium=depth <= pdf_pdfium.MAX_FORM_DEPTH)


def test_a_form_pdfium_finds_all_the_same_refuses_the_file(monkeypatch):
    """Were a form to slip past ``pdf_forms.may_have_forms``, PDFium expanded it, unbounded, when
    it loaded the page: the file is refused (the hole shows), not read on by pdfminer."""
    import zlib

    from govlint.read import pdf_forms
    from tests.hostile_files import pdf, reassembled

    data = pdf([_table_page(["/Fm1 Do"])], streams=[zlib.compress(" ".join(_rules()).encode())])
    data = data.replace(b"/Font << /F1 3 0 R >> >>", b"/Font << /F1 3 0 R >> /XObject << /Fm1 6 0 R >> >>")
    data = reassembled(data.replace(b"6 0 obj\n<< ", b"6 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
    monkeypatch.setattr(pdf_forms, "may_have_forms", lambda data: False)
    with pytest.raises(InputError, match="未能识别的表单对象") as caught:
        PdfReader().read("report.pdf", data)
    assert "\n" not in caught.value.message


def test_clustering_is_pdfplumbers():
    """``pdf_layout._cluster`` (one pass into as many lists as clusters, or runs in page order)
    groups any positions as pdfplumber's ``cluster_objects`` does, in its order."""
    from operator import itemgetter

    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pdfplumber.utils.clustering import cluster_objects

    from govlint.read import pdf_layout

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(st.sampled_from([0.0, 1.0, 2.5, 3.0, 4.0, 6.5, 9.0, 20.0]), max_size=12), st.booleans())
    def check(tops, keep_order):
        items = [(str(index), top) for index, top in enumerate(tops)]  # an item is told apart by its name
        assert pdf_layout._cluster(items, itemgetter(1), 3, keep_order) == cluster_objects(items, 1, 3, keep_order)

    check()


def test_pdfs_read_in_many_threads_at_once_give_the_sequential_results():
    """PDFium is not thread-safe (even on two documents): a ``Linter`` shared by threads
    (docs/api.md#线程) reading PDFs at once crashed the process (a segmentation fault, or
    ``realloc(): invalid next size``), so the threads run in a child process here."""
    import subprocess
    import sys

    script = """if True:
        import sys, time
        from concurrent.futures import ThreadPoolExecutor
        from govlint.read.pdf import PdfReader
        from govlint.testing import render_pdf, sample_reports
        datas = [render_pdf(report) for report in sample_reports(2, seed=3)]
        sequential = [PdfReader().read("r.pdf", data) for data in datas] * 4
        sys.setswitchinterval(1e-5)  # threads switch often: they meet inside PDFium within a second
        end = time.monotonic() + 2
        with ThreadPoolExecutor(8) as pool:
            while time.monotonic() < end:
                assert list(pool.map(lambda data: PdfReader().read("r.pdf", data), datas * 4)) == sequential
    """
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])


@pytest.mark.parametrize("boxes", [
    b"/MediaBox [0 0 595 842]", b"/MediaBox [10 10 605 852]", b"", b"/MediaBox [0 0 595 842] /CropBox [10 10 500 800]",
    b"/MediaBox [0 0 595 842] /CropBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /Rotate 90", b"/MediaBox [0 0 842 595] /Rotate -90",
    b"/MediaBox [0 0 595 842] /Rotate 180", b"/MediaBox [0 0 595 842] /Rotate 45",
])
def test_page_boxes_and_turns_are_read_as_pypdfium2s_page_objects_read_them(boxes):
    """``pdf_pdfium`` opens documents, pages and text pages by PDFium's own calls (pypdfium2's
    objects cost more than the calls): each page's media box (none: pypdfium2's letter size),
    crop box (none: the media box) and turn are what pypdfium2's page gives."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    from govlint.read import pdf_pdfium
    from tests.hostile_files import pdf, text_page

    data = pdf([text_page()]).replace(b"/MediaBox [0 0 595 842]", boxes)
    document = pdfium.PdfDocument(data)
    page = document[0]
    assert (pdf_pdfium._box(c.FPDFPage_GetMediaBox, page.raw) or (0, 0, 612, 792)) == page.get_mediabox()
    assert (pdf_pdfium._box(c.FPDFPage_GetCropBox, page.raw) or page.get_mediabox()) == page.get_cropbox()
    assert pdf_pdfium._rotation(c, page.raw) == page.get_rotation()
    document.close()


def test_a_cell_without_white_space_is_read_as_the_full_way_reads_it(monkeypatch):
    """``pdf._cell`` returns a cell with no white space as it is (most cells: a number, a label):
    what joining its lines and tidying its spaces would give, for any text."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from govlint.read import pdf

    texts = st.text(alphabet=st.sampled_from(["1", "a", "中", "（", " ", "\u3000", "\n", "\r", "\x1c", "\x85", "\u2028", "\t", "\xa0"]))

    @settings(max_examples=500, deadline=None, database=None)
    @given(texts)
    def check(text):
        fast = pdf._cell(text)
        with monkeypatch.context() as patch:
            patch.setattr(pdf, "_WHITE", re.compile(""))  # every cell the full way
            assert fast == pdf._cell(text)

    check()


def test_cells_are_found_at_crossings_as_pdfplumber_finds_them():
    """``pdf_layout._crossings`` and ``_cells`` (crossing edges found by bisection, the points
    below and to the right looked up by column and row) give pdfplumber's
    ``edges_to_intersections`` and ``intersections_to_cells`` of any ruling edges, cell for cell, in its order."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from govlint.read import pdf_layout

    at = st.sampled_from([0.0, 1.5, 3.0, 10.0, 12.0, 20.0, 21.0, 30.0])
    edge = st.tuples(st.booleans(), at, at, st.sampled_from([5.0, 10.0, 18.0, 30.0]))

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(edge, max_size=14))
    def check(drawn):
        edges = [pdf_layout.Edge(True, x, y, x, y + length, 0, length) if vertical
                 else pdf_layout.Edge(False, x, y, x + length, y, length, 0) for vertical, x, y, length in drawn]
        plumber = [{"x0": e.x0, "top": e.top, "x1": e.x1, "bottom": e.bottom, "width": e.width, "height": e.height,
                    "orientation": "v" if e.vertical else "h"} for e in edges]
        crossings = pdf_layout._crossings(edges)
        expected = edges_to_intersections(plumber, pdf_layout.CROSSING, pdf_layout.CROSSING)
        assert crossings == {point: ({(e["x0"], e["top"], e["x1"], e["bottom"]) for e in through["v"]},
                                     {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in through["h"]})
                             for point, through in expected.items()}
        assert pdf_layout._cells(crossings) == intersections_to_cells(expected)

    check()


@pytest.mark.parametrize("shape", ["hyphen", "nul"])
def test_a_character_pdfiums_text_leaves_out_leaves_the_file_to_pdfplumber(monkeypatch, shape):
    """PDFium's text has U+FFFE where it has no character: a hyphen it takes as joining a word
    over a line end (「infor-」, 「mation」), a code a ToUnicode map maps to U+0000.  pdfminer reads
    the character printed, so the file is its to read, and both ways give the same lines."""
    import zlib

    from tests.hostile_files import pdf

    if shape == "hyphen":
        data = pdf([b"BT /F1 12 Tf 72 770 Td (The 2024 annual report of the infor-) Tj ET "
                    b"BT /F1 12 Tf 72 755 Td (mation disclosure work in 2024) Tj ET"])
    else:
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                b"1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <42> <0000> endbfchar\n"
                b"endcmap CMapName currentdict /CIDInit defineresource pop end end")
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
        data = pdf([b"BT /F1 12 Tf 72 770 Td (2024 ABA report of the year) Tj ET"], streams=[zlib.compress(cmap)], font=font)
    assert not _pdfium_read_it(monkeypatch, data)
    read = PdfReader().read("report.pdf", data)
    assert read == through_pdfplumber(monkeypatch, data)
    assert "infor-mation" in read.lines[0] if shape == "hyphen" else "A\x00A" in read.lines[0]


def test_a_media_box_inherited_from_the_page_tree_reads_the_same_through_both_paths(monkeypatch):
    """A page may take its /MediaBox from /Pages (pdfminer inherits it); PDFium's
    ``FPDFPage_GetMediaBox`` reads the page's own box only (none: letter size), so the page's
    height, and with it which lines are in the top and bottom margins (page numbers dropped),
    would be read otherwise: such a page is pdfminer's to read."""
    from pypdf import PdfReader as Pypdf
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    from tests.hostile_files import pdf

    body = (b"BT /F1 12 Tf 72 770 Td (The 2024 annual report of the information disclosure work) Tj ET "
            b"BT /F1 12 Tf 72 400 Td (There were 12 requests and 3 replies in 2024) Tj ET BT /F1 12 Tf 290 84 Td (- 1 -) Tj ET")
    writer = PdfWriter(clone_from=Pypdf(io.BytesIO(pdf([body, body]))))
    writer._root_object["/Pages"][NameObject("/MediaBox")] = ArrayObject([FloatObject(v) for v in (0, 0, 595, 842)])
    for page in writer.pages:
        del page[NameObject("/MediaBox")]
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    read = PdfReader().read("report.pdf", data)
    assert read == through_pdfplumber(monkeypatch, data)
    assert "- 1 -" not in read.lines  # in the bottom tenth of an A4 page: a page number


def test_the_pypdfium2_declared_reads_pdfs_as_pdfminer_does():
    """``pdf_pdfium`` calls PDFium's own functions: pypdfium2 4.30.0 (PDFium 6462) has no
    ``FPDFText_GetTextObject`` (every PDF read as 「PDF 文件已损坏」), 4.30.1 (PDFium 6899) reads
    the characters of an embedded TrueType font as 「(cid:N)」; from 5.0 on this file's tests pass."""
    import tomllib

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    for extra in ("pdf", "test"):
        declared = [Requirement(item) for item in pyproject["project"]["optional-dependencies"][extra]]
        pdfium = next(requirement for requirement in declared if requirement.name == "pypdfium2")
        assert not pdfium.specifier.contains("4.30.1") and pdfium.specifier.contains("5.0.0"), extra


def _mapped(sections: bytes, *, deflated: bool = True) -> bytes:
    """A page of digits in a line of text and in a ruled table, set in a font whose ToUnicode map has ``sections``."""
    import zlib

    from tests.hostile_files import pdf, reassembled

    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n" + sections + b"\nendcmap CMapName currentdict /CIDInit defineresource pop end end")
    text = [(72, 770, "The 2024 annual report: 3 offices and 12 staff"), (72, 700, "There were 13 requests and 31 replies")]
    text += [(110 + 100 * column, 465 - 20 * row, str(10 * row + column + 3)) for row in range(3) for column in range(3)]
    ops = [b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x, y, words.encode()) for x, y, words in text]
    ops += [b"100 %d m 400 %d l S" % (y, y) for y in (480, 460, 440, 420)] + [b"%d 420 m %d 480 l S" % (x, x) for x in (100, 200, 300, 400)]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    data = pdf([b" ".join(ops)], streams=[zlib.compress(cmap)], font=font)
    if not deflated:
        data = reassembled(data.replace(zlib.compress(cmap), cmap).replace(b" /Filter /FlateDecode", b""))
    return data


@pytest.mark.parametrize("sections", [
    b"1 beginbfchar <33> <> endbfchar",  # a code mapped to nothing: PDFium reads the font's own 「3」
    b"1 beginbfchar <0033> <> endbfchar",
    b"1 beginbfchar <33> <34> endbfchar",  # one byte: no character to pdfminer
    b"1 beginbfchar <33> <003> endbfchar",  # an odd number of digits: pdfminer reads U+0030
    b"1 beginbfchar <33> <00340035003> endbfchar",
    b"1 beginbfchar <33> <FFFF> endbfchar",  # PDFium's own marker
    b"1 beginbfchar <33> (B) endbfchar",  # not a hex string
    b"2 beginbfchar <> <0041> <33> <0042> endbfchar",  # no source code: PDFium drops the section
    b"5 beginbfchar <33> <0042> endbfchar",  # counted otherwise: PDFium drops the section
    b"1 beginbfchar <33> <0042> <34> <0043> endbfchar",
    b"beginbfchar <33> <0042> endbfchar",
    b"1 beginbfrange <31> <34> [<0041> <0042>] endbfrange",  # an array of another length
    b"1 beginbfrange <31> <32> [<0041> <0042> <0043>] endbfrange",
    b"1 beginbfrange <31> <33> [<0041> <> <0043>] endbfrange",
    b"1 beginbfrange <30> <0033> <0041> endbfrange",  # source codes of two widths
    b"1 beginbfrange <30> <33> <> endbfrange",
    b"1 beginbfrange <30> <33> <41> endbfrange",
    b"1 beginbfrange <30> <33> <FFFE> endbfrange",  # past U+FFFD
    b"1 beginbfrange <30> <33> <0041FFFE> endbfrange",
    b"10 beginbfrange <30> <39> <0041> endbfrange",
    b"/Adobe-GB1-UCS2 usecmap 1 beginbfchar <41> <0041> endbfchar",  # PDFium reads the other codes through GB1
])
@pytest.mark.parametrize("deflated", [True, False])
def test_a_tounicode_map_pdfium_reads_otherwise_leaves_the_file_to_pdfplumber(monkeypatch, sections, deflated):
    """ToUnicode maps outside the form PDFium and pdfminer read alike (``pdf_cmaps``): PDFium's
    text shows nothing odd for their codes (it falls back to the font's encoding), so such a file
    is pdfminer's to read, and both ways give the same lines (「13」 read as 「1」 through PDFium before)."""
    data = _mapped(sections, deflated=deflated)
    assert not _pdfium_read_it(monkeypatch, data)
    assert PdfReader().read("report.pdf", data) == through_pdfplumber(monkeypatch, data)


@pytest.mark.parametrize("sections", [
    b"1 beginbfchar <33> <0033> endbfchar",
    b"2 beginbfchar <00> <0000> <33> <0033> endbfchar",  # .notdef mapped to U+0000 and never drawn (reportlab's TrueType)
    b"1 beginbfchar <66> <0066006C> endbfchar",  # a ligature
    b"1 beginbfchar <33> <00330025> endbfchar",
    b"1 beginbfchar <33> <D835DFD1> endbfchar",  # a character beyond the BMP
    b"1 beginbfchar <33> <0002> endbfchar",  # control codes PDFium's text leaves out: read a character at a time
    b"1 beginbfchar <33> <0003> endbfchar",
    b"1 beginbfchar <33> <0093> endbfchar",
    b"1 beginbfchar <33> <0096> endbfchar",
    b"1 beginbfchar <33> <0001> endbfchar",
    b"1 beginbfchar <33> <FFFD> endbfchar",
    b"2 beginbfchar <33> <0041> <33> <0042> endbfchar",  # a code mapped twice: the last mapping, both ways
    b"1 beginbfrange <31> <33> [<0041> <0042> <0043>] endbfrange",
    b"1 beginbfrange <30> <32> <00FE> endbfrange",  # counting on into the next byte
    b"1 beginbfchar <33> %<0041>\n<0042> endbfchar",
])
def test_a_tounicode_map_both_read_alike_stays_with_pdfium(monkeypatch, sections):
    """Well-formed maps, odd characters in them included, are read by PDFium as pdfminer reads them."""
    data = _mapped(sections)
    assert _pdfium_read_it(monkeypatch, data)
    read = PdfReader().read("report.pdf", data)
    assert read == through_pdfplumber(monkeypatch, data)
    assert any(re.search(r"\d", line) for line in read.lines)


def test_a_map_past_the_bound_on_its_text_leaves_the_file_to_pdfplumber(monkeypatch):
    """A ToUnicode map longer than ``pdf_cmaps.MAX_TEXT`` is not looked into: pdfminer reads the file."""
    from govlint.read import pdf_cmaps

    monkeypatch.setattr(pdf_cmaps, "MAX_TEXT", 64)
    data = _mapped(b"1 beginbfchar <33> <0033> endbfchar")
    assert not _pdfium_read_it(monkeypatch, data)
    assert PdfReader().read("report.pdf", data) == through_pdfplumber(monkeypatch, data)


def _type0(encoding: bytes, *, packed: bool = False) -> bytes:
    """A page of digits in a Type0 font (two-byte codes, a CID font not embedded) with a ToUnicode
    map of its codes, encoded by ``encoding``; the font's dictionary in a deflated object stream when ``packed``."""
    import zlib

    from tests.hostile_files import assemble, assemble_packed

    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <0020> <007E> <0020> endbfrange\n"
            b"endcmap CMapName currentdict /CIDInit defineresource pop end end")
    lines = ["The 2024 annual report: 3 offices and 12 staff", "There were 13 requests and 31 replies"]
    shown = b" ".join(b"BT /F1 10 Tf 72 %d Td <%s> Tj ET" % (770 - 30 * row, line.encode("utf-16-be").hex().encode())
                      for row, line in enumerate(lines))
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + encoding + b" /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(shown) + shown + b"\nendstream",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(cmap)) + zlib.compress(cmap) + b"\nendstream",
               b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) "
               b"/Supplement 2 >> /DW 500 /FontDescriptor 8 0 R >>",
               b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 "
               b"/Descent -120 /CapHeight 700 /StemV 80 >>"]
    if not packed:
        return assemble(objects)
    return assemble_packed(objects, 3, b"3 0 ", font, deflated=True)  # no font dictionary in the file's bytes


@pytest.mark.parametrize("packed", [False, True])
def test_a_tounicode_map_looked_up_otherwise_leaves_the_file_to_pdfplumber(monkeypatch, packed):
    """A Type0 font encoded other than by Identity-H or Identity-V (here /UniGB-UCS2-H): pdfminer
    looks its ToUnicode map up by the character's CID, PDFium by its code, so the file is
    pdfminer's to read, its font's dictionary in the file or in an object stream; Identity-H stays with PDFium."""
    data = _type0(b"UniGB-UCS2-H", packed=packed)
    assert pdf_streams.check(data).maps_alike is False  # not for PDFium to read
    with pytest.raises(InputError) as fast:
        PdfReader().read("report.pdf", data)  # pdfminer finds no characters for the CIDs
    with pytest.raises(InputError) as slow:
        through_pdfplumber(monkeypatch, data)
    assert fast.value.message == slow.value.message
    identity = _type0(b"Identity-H", packed=packed)
    assert _pdfium_read_it(monkeypatch, identity)
    read = PdfReader().read("report.pdf", identity)
    assert read == through_pdfplumber(monkeypatch, identity) and "There were 13 requests and 31 replies" in read.lines


def test_a_tounicode_range_of_millions_of_codes_is_refused_within_the_bounds(monkeypatch):
    """A range PDFium reads at once but pdfminer maps code by code (16 million of them, in
    minutes and gigabytes), in a map that sends the file to pdfminer: each code counts as a
    token, and past the bound the file is refused in one line."""
    from govlint.read import pdf_budget

    monkeypatch.setattr(pdf_budget, "MAX_TOKENS", 200_000)
    data = _mapped(b"1 beginbfrange <000000> <FFFFFF> <0041> endbfrange")
    with pytest.raises(InputError, match="过于复杂"):
        PdfReader().read("report.pdf", data)


def test_no_character_past_u3000_is_a_space() -> None:
    """``_chars`` asks PDFium whether a space was generated only for characters up to U+3000:
    it holds while this Python's Unicode has no space past it."""
    assert [code for code in range(0x3001, sys.maxunicode + 1) if chr(code).isspace()] == []
