"""Form XObjects that expand without bound are refused before PDFium or pdfminer loads a page;
files with forms that stay within the bounds read exactly as before, through both ways in."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf as pdf_reader  # noqa: E402
from govlint.read import pdf_forms  # noqa: E402
from govlint.read.pdf import PdfReader  # noqa: E402
from tests.hostile_files import assemble, lzw, pdf, pdf_of_forms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TITLE = b"BT /F1 10 Tf 80 520 Td (2024 report of the year, table 1) Tj ET "
RULE = b"100 100 m 200 100 l S"
MEMORY = 1500 * 2**20  # the bombs took all of 4 GB


def _self_drawing_through_its_caller() -> bytes:
    """A form without resources of its own draws from the page's: itself, twice."""
    return pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, None)], {"Fm1": 0})


def _indirect_subtype() -> bytes:
    data = pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}, subtype=b"7 0 R")
    return data.replace(b"xref", b"7 0 obj\n/Form\nendobj\nxref", 1)  # PDFium follows the reference (and repairs the table)


def _type3_glyph(glyph_draws: bytes, form: bytes) -> bytes:
    """A page of text in a Type3 font (F1) whose glyph 「a」 draws ``glyph_draws`` from the
    font's resources, where Fm1 is a form (content ``form``, its resources naming itself)."""
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs << /a 6 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 "
            b"/Widths [1000] /Resources << /XObject << /Fm1 7 0 R >> >> >>")
    form_entries = b"/Type /XObject /Subtype /Form /BBox [0 0 1000 1000] /Resources << /XObject << /Fm1 7 0 R >> >> "
    return pdf([b"BT /F1 12 Tf 72 770 Td (aaaa aaaa) Tj ET"], font=font, entries=[b"", form_entries],
               streams=[zlib.compress(b"1000 0 0 0 1000 1000 d1 " + glyph_draws), zlib.compress(form)])


def _short_length() -> bytes:
    """The form's /Length ends before its content does: PDFium reads on to ``endstream``."""
    data = pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0})
    at = data.index(b" /Filter /FlateDecode /Type /XObject")
    start = data.rindex(b"/Length ", 0, at) + len(b"/Length ")
    return data[:start] + b"0" * (at - start - 1) + b"1" + data[at:]  # as many digits: the table's offsets hold


def _no_xobject_of_its_own() -> bytes:
    """A form whose resources have no /XObject: PDFium finds Fm1 in the page's, so it draws itself."""
    data = pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {})], {"Fm1": 0})
    return data.replace(b"/Resources << /XObject << >> ", b"/Resources << /ProcSet[/PDF] ")  # as long: offsets hold


def _nested_drawing_itself_through(resources: bytes, extra: bytes = b"(unused)") -> bytes:
    """The page draws form A, whose resources name form B (object 7) Fm2; B draws Fm2 twice, its
    /Resources ``resources`` no dictionary (or a stream's): PDFium draws from A's, so B itself."""
    from tests.hostile_files import HELVETICA

    def stream(data: bytes, entries: bytes) -> bytes:
        return b"<< /Length %d /Type /XObject /Subtype /Form /BBox [0 0 595 842] %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"

    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", HELVETICA,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Fm1 5 0 R"
                     b" >> >> /Contents 6 0 R >>", stream(b"/Fm2 Do", b"/Resources << /XObject << /Fm2 7 0 R >> >> "),
                     b"<< /Length %d >>\nstream\n" % len(TITLE + b"/Fm1 Do") + TITLE + b"/Fm1 Do\nendstream",
                     stream(b"/Fm2 Do /Fm2 Do " + RULE, b"/Resources " + resources + b" "), extra])


BOMBS = {
    "no-xobject-of-its-own": _no_xobject_of_its_own,
    "short-length": _short_length,
    "type3-glyph-drawing-a-bomb": lambda: _type3_glyph(b"/Fm1 Do", b"/Fm1 Do /Fm1 Do 0 0 m 10 10 l S"),
    "self-drawing": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "self-drawing-inherited": _self_drawing_through_its_caller,
    "two-drawing-each-other": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/Fm2 Do /Fm2 Do " + RULE, {"Fm2": 1}), (b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "nested-7x10": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/Fm%d Do " % (level + 2) * 10, {f"Fm{level + 2}": level + 1}) for level in range(6)] + [(RULE, None)],
        {"Fm1": 0}),
    "escaped-names": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/F#6d1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}, subtype=b"/F#6frm"),
    "string-operands": lambda: pdf_of_forms(  # PDFium takes a string as Do's operand too
        TITLE + b"/Fm1 Do", [(b"(Fm1) Do <466d31> Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "indirect-subtype": _indirect_subtype,
    # names pdfminer and PDFium read otherwise: an escape without two hex digits, bytes not UTF-8
    **{f"name-{name.decode()}": (lambda name=name: pdf_of_forms(TITLE + b"/%s Do" % name, [(b"/%s Do /%s Do " % (name, name) + RULE, {
        name.decode("latin-1"): 0})], {name.decode("latin-1"): 0})) for name in (b"F#zz", b"F#4", b"F#", b"F#e9")},
    "form-resources-of-no-object": lambda: _nested_drawing_itself_through(b"99 0 R"),
    "form-resources-a-number": lambda: _nested_drawing_itself_through(b"5"),
    "form-resources-a-stream": lambda: _nested_drawing_itself_through(b"8 0 R", b"<< /Length 0 /XObject << /Fm2 7 0 R >> >>\n"
                                                                                 b"stream\n\nendstream"),
    # PDFium reads a string /Subtype as the name: a form, a Type3 font (whose glyph draws a bomb)
    "string-subtype": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0},
                                           subtype=b"(F\\157rm)"),
    "hex-string-subtype": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0},
                                               subtype=b"<466f726d>"),
    "type3-font-of-a-string-subtype": lambda: _type3_glyph(b"/Fm1 Do", b"/Fm1 Do /Fm1 Do 0 0 m 10 10 l S").replace(
        b"/Subtype /Type3", b"/Subtype(Type3)"),  # as long: offsets hold
    "long-content-drawn-often": lambda: pdf_of_forms(  # 100 draws of a megabyte of paths: 7 million paths
        TITLE + b"/Fm1 Do " * 100, [(b"0 0 m 1 1 l S\n" * 75_000, None)], {"Fm1": 0}),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_form_bomb_is_refused_in_seconds_under_a_memory_cap(tmp_path, name):
    """The command line, in a child process whose address space is capped: exit 2, one line."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(BOMBS[name]())
    assert path.stat().st_size < 5_000

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "govlint", "check", "--isolated", str(path)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT, preexec_fn=cap)
    assert time.monotonic() - start < 30
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1 and "表单对象嵌套展开过多" in result.stderr and "form bomb" in result.stderr


@pytest.mark.parametrize("name", BOMBS)
def test_a_form_bomb_is_refused_on_the_pdfminer_way_too(monkeypatch, name):
    """The refusal comes before either way in: pdfminer (its 6 s clock, or a form that draws
    itself skipped silently) never sees the file."""
    monkeypatch.setattr(pdf_reader, "_read_pdfium", lambda data, budget, walked: None)
    start = time.monotonic()
    with pytest.raises(InputError, match="表单对象嵌套展开过多") as caught:
        PdfReader().read("bomb.pdf", BOMBS[name]())
    assert time.monotonic() - start < 10 and "\n" not in caught.value.message


def test_each_bound_names_itself():
    def message(data: bytes) -> str:
        with pytest.raises(InputError) as caught:
            pdf_forms.check(data)
        return caught.value.message

    assert "表单画出自身" in message(BOMBS["two-drawing-each-other"]())
    assert "第 1 页画出超过 500,000 个表单" in message(BOMBS["nested-7x10"]())
    assert "展开后的内容超过 64 MB" in message(BOMBS["long-content-drawn-often"]())


@pytest.mark.parametrize("spelling", [b"/Form", b"/F#6frm", b"/F#6Frm", b"/#46#6F#72#6d", b"/Subtype 12 0 R", b"/Sub#74ype\n3 0 R"])
def test_every_spelling_of_a_form_sends_the_file_to_the_walk(spelling):
    assert pdf_forms.may_have_forms(b"<< /Subtype " + spelling + b" >>")


@pytest.mark.parametrize("other", [b"/FormType 1", b"/Forms", b"/form", b"/Subtype /Image", b"/Subtype /Type1", b"(Form)"])
def test_other_names_do_not(other):
    assert not pdf_forms.may_have_forms(pdf([TITLE], resources=other + b" "))


def test_a_file_without_forms_is_not_walked(monkeypatch):
    from govlint.testing import render_pdf, sample_reports

    def walked(self, pages):
        raise AssertionError("walked")

    monkeypatch.setattr(pdf_forms._Walk, "pages", walked)
    assert PdfReader().read("report.pdf", render_pdf(sample_reports(1, seed=2)[0])).lines


def test_a_type3_glyph_drawing_a_form_within_the_bounds_is_read_on():
    """Past the forms' bound to the reading itself (which finds no Unicode for the glyph)."""
    data = _type3_glyph(b"/Fm1 Do", b"0 0 m 10 10 l S")
    pdf_forms.check(data)
    with pytest.raises(InputError, match="字符编码"):
        PdfReader().read("type3.pdf", data)


def _table(draw_rules: bytes) -> bytes:
    """A 3 x 3 table whose rules ``draw_rules`` draws, its numbers in the page's text."""
    text = b" ".join(b"BT /F1 10 Tf %d %d Td (%d) Tj ET" % (110 + 100 * column, 465 - 20 * row, 10 * row + column)
                     for row in range(3) for column in range(3))
    return TITLE + text + b" " + draw_rules


ACROSS = b" ".join(b"q 1 0 0 1 0 %d cm /Across Do Q" % y for y in (480, 460, 440, 420))
DOWN = b" ".join(b"q 1 0 0 1 %d 0 cm /Down Do Q" % x for x in (100, 200, 300, 400))


def _forms_table() -> bytes:
    """Rules drawn through three levels of forms, each drawing a few: a grid form draws a rows
    form and a columns form, which draw one rule each four times."""
    return pdf_of_forms(_table(b"/Grid Do"), [
        (b"/Rows Do /Columns Do", {"Rows": 1, "Columns": 2}),
        (ACROSS, {"Across": 3}),
        (DOWN, {"Down": 4}),
        (b"100 0 m 400 0 l S", None),
        (b"0 420 m 0 480 l S", None),
    ], {"Grid": 0})


def test_a_table_drawn_through_nested_forms_reads_as_the_same_table_drawn_plainly(monkeypatch):
    """Within the bounds, forms are read exactly as before, through both ways in; and what is
    read is the table drawn without forms."""
    from tests.test_pdf_paths import _pdfium_read_it, assert_same_report

    data = _forms_table()
    assert pdf_forms.may_have_forms(data)
    plain = pdf([_table(b" ".join(b"100 %d m 400 %d l S" % (y, y) for y in (480, 460, 440, 420)) + b" "
                        + b" ".join(b"%d 420 m %d 480 l S" % (x, x) for x in (100, 200, 300, 400)))])
    assert _pdfium_read_it(monkeypatch, data)
    assert_same_report(monkeypatch, data)
    read = PdfReader().read("forms.pdf", data)
    assert read.lines == PdfReader().read("plain.pdf", plain).lines
    assert "0\t1\t2" in read.lines and "20\t21\t22" in read.lines


def test_the_bounds_count_every_draw(monkeypatch):
    """The grid above draws 10 forms (rows and columns, four rules each) and all their
    content; the page draws 11 forms, one bound exactly."""
    walk = pdf_forms._Walk()
    monkeypatch.setattr(pdf_forms, "_Walk", lambda: walk)
    data = _forms_table()
    pdf_forms.check(data)
    (grid,) = [weight for (form, _), weight in walk.weights.items() if form == 6]
    assert grid == (10, len(b"/Rows Do /Columns Do") + len(ACROSS) + len(DOWN) + 8 * 17)
    monkeypatch.setattr(pdf_forms, "MAX_FORM_DRAWS", 11)
    pdf_forms.check(data)
    monkeypatch.setattr(pdf_forms, "MAX_FORM_DRAWS", 10)
    with pytest.raises(InputError, match="第 1 页画出超过 10 个表单"):
        pdf_forms.check(data)


@pytest.mark.parametrize("subtype", [b"/Subtype%c\n9 0 R", b"/Subtype % c\r\n 9 %\n0\nR", b"/Subtype(Form)", b"/Subtype <466f726d>"])
def test_a_subtype_pdfium_may_read_as_form_is_looked_at(subtype):
    """Comments are white space to PDFium; ``9 0 R`` may be ``/Form`` inside an object stream."""
    assert pdf_forms.may_have_forms(b"<< /Length 0 " + subtype + b" >>")
    assert not pdf_forms.may_have_forms(b"<< /Subtype /Image /DecodeParms << >> >> % 9 0 R")


def test_many_forms_drawing_from_shared_resources_are_walked_in_linear_time():
    """Forms without resources of their own draw from the page's, which name every form: each
    form's content is matched against the names it uses, not against every form's name."""
    count = 8000
    data = pdf_of_forms(b" ".join(b"/X%d Do" % index for index in range(count)), [(RULE, None)] * count,
                        {f"X{index}": index for index in range(count)})
    start = time.monotonic()
    pdf_forms.check(data)
    assert time.monotonic() - start < 6


# Page trees PDFium and pdfminer read differently: a form bomb on a page only PDFium loads.
FONT = b"/Font << /F1 3 0 R >> "
BOMB_FORM = zlib.compress(b"/Fm1 Do /Fm1 Do " + RULE)
TREES = {
    # PDFium takes a node without /Kids for a page, pdfminer only one of /Type /Page.
    "a-page-without-its-type": [b"<< /Type /Pages /Kids [7 0 R 8 0 R] /Count 2 >>",
                                b"<< /Type /Page /Parent 2 0 R /Resources << %s>> /Contents 5 0 R >>" % FONT,
                                b"<< /Parent 2 0 R /Resources << %s/XObject << /Fm1 4 0 R >> >> /Contents 6 0 R >>" % FONT],
    "as-many-pages-either-way": [b"<< /Type /Pages /Kids [8 0 R 7 0 R] /Count 1 >>",
                                 b"<< /Type /Page /Parent 2 0 R /Resources << %s>> /Contents 5 0 R >>" % FONT,
                                 b"<< /Parent 2 0 R /Resources << %s/XObject << /Fm1 4 0 R >> >> /Contents 6 0 R >>" % FONT],
    # PDFium inherits resources through /Parent, pdfminer through the tree it walked.
    # PDFium looks further up past resources that are a reference to no object, pdfminer takes none.
    "resources-of-no-object": [b"<< /Type /Pages /Kids [7 0 R] /Count 1 /Resources << %s/XObject << /Fm1 4 0 R >> >> >>" % FONT,
                               b"<< /Type /Page /Parent 2 0 R /Resources 99 0 R /Contents 6 0 R >>", b"<< >>"],
    "resources-of-object-0": [b"<< /Type /Pages /Kids [7 0 R] /Count 1 /Resources << %s/XObject << /Fm1 4 0 R >> >> >>" % FONT,
                              b"<< /Type /Page /Parent 2 0 R /Resources 0 0 R /Contents 6 0 R >>", b"<< >>"],
    "resources-of-another-parent": [b"<< /Type /Pages /Kids [7 0 R] /Count 1 /Resources << %s>> >>" % FONT,
                                    b"<< /Type /Page /Parent 8 0 R /Contents 6 0 R >>",
                                    b"<< /Type /Pages /Kids [] /Count 0 /Resources << %s/XObject << /Fm1 4 0 R >> >> >>" % FONT],
}


def _tree(name: str) -> bytes:
    from tests.hostile_files import HELVETICA, assemble

    root, first, second = TREES[name]

    def stream(data: bytes, entries: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"

    form = stream(BOMB_FORM, b"/Filter /FlateDecode /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                             b"/Resources << /XObject << /Fm1 4 0 R >> >> ")
    media = b" /MediaBox [0 0 595 842] >>"
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", root, HELVETICA, form, stream(TITLE), stream(TITLE + b"/Fm1 Do"),
                     first[:-3] + media, second[:-3] + media])


def _read_under_the_cap(path: Path) -> None:
    """The command line reads ``path`` (exit 0 or 1) in a child whose address space is capped."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    result = subprocess.run([sys.executable, "-m", "govlint", "check", "--isolated", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=cap)
    assert result.returncode in (0, 1), result.stderr[-2000:]


@pytest.mark.parametrize("name", TREES)
def test_a_page_tree_pdfium_reads_otherwise_keeps_pdfium_off_the_file(tmp_path, name):
    """PDFium would load a page the walk never saw (it crashed the process): pdfminer reads the
    pages walked instead, within the memory cap."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_tree(name))
    assert pdf_forms.check(path.read_bytes()) == 0
    _read_under_the_cap(path)


def test_pdfium_reads_a_file_with_forms_only_with_the_pages_walked(monkeypatch):
    """A file with forms whose page tree both read alike is still PDFium's, held to the pages walked."""
    from govlint.read import pdf_budget, pdf_pdfium
    from tests.test_pdf_paths import _pdfium_read_it

    data = _forms_table()
    assert pdf_forms.check(data) == 1
    assert _pdfium_read_it(monkeypatch, data)
    with pytest.raises(pdf_pdfium.Unsupported):
        pdf_pdfium.open_pages(data, pdf_budget.Budget(), walked=2)


def test_a_file_with_forms_and_a_cross_reference_table_to_rebuild_is_left_to_pdfminer():
    """Each rebuilds the table its own way, so they may take other objects for the pages."""
    data = _forms_table()
    broken = data[: data.rindex(b"startxref")] + b"startxref\n9\n%%EOF\n"
    assert pdf_forms.check(data) == 1 and pdf_forms.check(broken) == 0
    assert PdfReader().read("forms.pdf", broken).lines == PdfReader().read("forms.pdf", data).lines


# Objects pdfminer and PDFium resolve otherwise: the form's /Resources (object 7) names nothing
# to pdfminer, is missing to PDFium, so the form draws from the page's: itself.
BENIGN = b"<< /ProcSet [/PDF] /XObject << >> >>"


def _resolved_otherwise() -> list[bytes]:
    from tests.hostile_files import HELVETICA

    form = (b"<< /Length %d /Filter /FlateDecode /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 7 0 R >>\n"
            b"stream\n" % len(BOMB_FORM) + BOMB_FORM + b"\nendstream")
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", HELVETICA,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s/XObject << /Fm1 5 0 R >> >> "
            b"/Contents 6 0 R >>" % FONT, form, b"<< /Length %d >>\nstream\n" % len(TITLE + b"/Fm1 Do") + TITLE
            + b"/Fm1 Do\nendstream", BENIGN]


def _newest_revision_unreadable() -> bytes:
    """The newest section puts object 7 where no object begins: pdfminer reads the older revision."""
    from tests.hostile_files import assemble, updated

    data = assemble(_resolved_otherwise())
    return updated(data, 7, data.rindex(b"trailer"))


RESOLVED_OTHERWISE = {
    "object-stream-offset": lambda: _packed(b"7 %d " % (len(BENIGN) + 1), BENIGN + b" null"),  # PDFium reads at the offset
    "object-stream-number": lambda: _packed(b"9 0 ", BENIGN),  # PDFium: not object 7
    "newest-revision-unreadable": _newest_revision_unreadable,
    # a resource's name PDFium reads as the use's (``F\\0``), pdfminer as another (``Fzz``)
    "resource-name-read-otherwise": lambda: pdf_of_forms(TITLE + b"/F#00 Do", [(b"/F#00 Do /F#00 Do " + RULE, {"F#zz": 0})],
                                                         {"F#zz": 0}),
    # streams PDFium decodes otherwise: the form draws itself to PDFium, nothing to pdfminer
    "filter-named-F": lambda: _self_drawing(b"/F /FlateDecode ", BOMB),  # to PDFium a file specification
    "lzw-codes-widened-late": lambda: _self_drawing(b"/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >> ",
                                                    lzw(b"".join(b"%d 0 m %d 9 l S\n" % (i, i) for i in range(300)) + BOMB, 0)),
}
BOMB = b"/Fm1 Do /Fm1 Do " + RULE


def _self_drawing(entries: bytes, content: bytes) -> bytes:
    objects = _resolved_otherwise()
    objects[4] = (b"<< /Length %d %s/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R "
                  b">> >> >>\nstream\n" % (len(content), entries) + content + b"\nendstream")
    return assemble(objects)


def _packed(header: bytes, body: bytes) -> bytes:
    from tests.hostile_files import assemble_packed

    return assemble_packed(_resolved_otherwise(), 7, header, body)


@pytest.mark.parametrize("name", RESOLVED_OTHERWISE)
def test_an_object_pdfium_reads_otherwise_keeps_pdfium_off_the_file(tmp_path, name):
    """PDFium would expand a form through an object the walk read otherwise (it crashed the
    process): pdfminer reads the objects walked instead, within the memory cap."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(RESOLVED_OTHERWISE[name]())
    assert pdf_forms.check(path.read_bytes()) == 0
    _read_under_the_cap(path)


def test_a_file_with_forms_and_objects_in_an_object_stream_is_still_pdfiums(monkeypatch):
    from tests.test_pdf_paths import _pdfium_read_it

    data = _packed(b"7 0 ", BENIGN)
    assert pdf_forms.check(data) == 1
    assert _pdfium_read_it(monkeypatch, data)


def _rebuilt_by_pdfium() -> bytes:
    """The table's first entry (object 1, unused) is a byte off: PDFium rebuilds the table from
    the objects it finds in the file, and takes the last object 7 (null), pdfminer the table's."""
    from tests.hostile_files import assemble

    objects = _resolved_otherwise()
    data = assemble([b"(unused)"] + objects[1:] + [objects[0]]).replace(b"/Root 1 0 R", b"/Root 8 0 R")
    at = data.index(b"xref\n")
    data = data[:at] + b"7 0 obj\nnull\nendobj\n" + data[at:].replace(b"startxref\n%d" % at, b"startxref\n%d" % (at + 20))
    first = data.index(b"\n", data.index(b"65535 f")) + 1
    return data[:first] + b"%010d" % (int(data[first:first + 10]) + 1) + data[first + 10:]


def test_a_file_with_forms_whose_table_pdfium_rebuilds_is_left_to_pdfminer(tmp_path):
    """PDFium's objects are then not those walked (it crashed the process); pdfminer's table is
    sound, so only PDFium can tell."""
    path = tmp_path / "rebuilt.pdf"
    path.write_bytes(_rebuilt_by_pdfium())
    assert pdf_forms.check(path.read_bytes()) == 1
    _read_under_the_cap(path)
