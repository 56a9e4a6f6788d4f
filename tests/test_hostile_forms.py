"""PDFium reads a file that may have form XObjects only in a capped child process (it expands
them without bound when it loads a page: a 1 KB file aborted the process); pdfminer reads those
the child does not, its forms bounded before it interprets a page, and form bombs to pdfminer are
refused; files with forms within the bounds read as the same report drawn without forms."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf_budget, pdf_forms  # noqa: E402
from govlint.read.pdf import PdfReader  # noqa: E402
from tests.hostile_files import assemble, lzw, pdf, pdf_of_forms, pdfium_answer  # noqa: E402

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


def _check(data: bytes) -> None:
    """``pdf_forms.check`` on the pages pdfminer finds in ``data``, as the reader opens them."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    pdf_forms.check(pdf_budget.pdfminer_pages(PDFDocument(PDFParser(io.BytesIO(data)))))


# Form bombs to pdfminer: refused before it interprets a page.
BOMBS = {
    "self-drawing": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "self-drawing-inherited": _self_drawing_through_its_caller,
    "two-drawing-each-other": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/Fm2 Do /Fm2 Do " + RULE, {"Fm2": 1}), (b"/Fm1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "nested-7x10": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/Fm%d Do " % (level + 2) * 10, {f"Fm{level + 2}": level + 1}) for level in range(6)] + [(RULE, None)],
        {"Fm1": 0}),
    "escaped-names": lambda: pdf_of_forms(
        TITLE + b"/Fm1 Do", [(b"/F#6d1 Do /Fm1 Do " + RULE, {"Fm1": 0})], {"Fm1": 0}, subtype=b"/F#6frm"),
    "string-operands": lambda: pdf_of_forms(  # pdfminer takes a string (a number) as Do's operand too
        TITLE + b"/Fm1 Do", [(b"(Fm1) Do <466d31> Do " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    "indirect-subtype": _indirect_subtype,
    "name-before-do-unspaced": lambda: pdf_of_forms(  # pdfminer ends a number at the keyword: ``1Do`` draws /1
        TITLE + b"/1 Do", [(b"1Do 1Do " + RULE, {"1": 0})], {"1": 0}),
    "vertical-tab": lambda: pdf_of_forms(  # white space to pdfminer
        TITLE + b"/Fm1 Do", [(b"/Fm1\x0bDo /Fm1\x0bDo " + RULE, {"Fm1": 0})], {"Fm1": 0}),
    # names pdfminer reads otherwise than as written: an escape without two hex digits, bytes not UTF-8
    **{f"name-{name.decode()}": (lambda name=name: pdf_of_forms(TITLE + b"/%s Do" % name, [(b"/%s Do /%s Do " % (name, name) + RULE, {
        name.decode("latin-1"): 0})], {name.decode("latin-1"): 0})) for name in (b"F#zz", b"F#4", b"F#", b"F#e9")},
    "long-content-drawn-often": lambda: pdf_of_forms(  # 100 draws of a megabyte of paths: 7 million paths
        TITLE + b"/Fm1 Do " * 100, [(b"0 0 m 1 1 l S\n" * 75_000, None)], {"Fm1": 0}),
}


def _run_under_the_cap(path: Path) -> subprocess.CompletedProcess[str]:
    """The command line on ``path`` in a child process whose address space is capped, within 30 s."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "govlint", "check", "--isolated", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=cap)
    assert time.monotonic() - start < 30
    return result


# Bombs to pdfminer only: PDFium (in its child) reads ``1Do`` and ``/Fm1\x0bDo`` as no draw, so one form drawn once.
NO_BOMBS_TO_PDFIUM = {"name-before-do-unspaced", "vertical-tab"}


@pytest.mark.parametrize("name", BOMBS)
def test_a_form_bomb_is_refused_in_seconds_under_a_memory_cap(tmp_path, name):
    """Exit 2, one line (PDFium's child dies of its caps, pdfminer refuses the file), unless PDFium reads no bomb in it."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(BOMBS[name]())
    assert path.stat().st_size < 5_000
    result = _run_under_the_cap(path)
    if name in NO_BOMBS_TO_PDFIUM:
        assert result.returncode == 1, result.stderr[-2000:]  # read: findings
        return
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1 and "表单对象嵌套展开过多" in result.stderr and "form bomb" in result.stderr


@pytest.mark.parametrize("name", BOMBS)
def test_a_form_bomb_is_refused_before_pdfminer_interprets_a_page(monkeypatch, name):
    """pdfminer (its 6 s clock, or a form that draws itself skipped silently) never interprets it."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    from govlint.read import pdf_isolated

    monkeypatch.setattr(pdf_isolated, "available", lambda: False)  # no PDFium child: pdfminer's walk alone
    monkeypatch.setattr(PDFPageInterpreter, "process_page", lambda *arguments: pytest.fail("interpreted"))
    start = time.monotonic()
    with pytest.raises(InputError, match="表单对象嵌套展开过多") as caught:
        PdfReader().read("bomb.pdf", BOMBS[name]())
    assert time.monotonic() - start < 10 and "\n" not in caught.value.message


def test_each_bound_names_itself():
    def message(data: bytes) -> str:
        with pytest.raises(InputError) as caught:
            _check(data)
        return caught.value.message

    assert "表单画出自身" in message(BOMBS["two-drawing-each-other"]())
    assert "第 1 页画出超过 500,000 个表单" in message(BOMBS["nested-7x10"]())
    assert "展开后的内容超过 64 MB" in message(BOMBS["long-content-drawn-often"]())


@pytest.mark.parametrize("spelling", [b"/Form", b"/F#6frm", b"/F#6Frm", b"/#46#6F#72#6d", b"/Form\x80", b"/Form\xff",
                                      b"/Subtype 12 0 R", b"/Sub#74ype\n3 0 R", b"/Subty#7ze +12 0 R", b"/Subtype\x80(Form)"])
def test_every_spelling_of_a_form_keeps_pdfium_off_the_file(spelling):
    """Spelt as PDFium reads names: ``#`` and two characters, a hex digit each or 0 (``#7z``
    is ``p``); 0x80 and 0xff are white space to it."""
    assert pdf_forms.may_have_forms(b"<< /Subtype " + spelling + b" >>")


@pytest.mark.parametrize("spelling", [b"/Type /ObjStm", b"/Type/Obj#53tm", b"/Type 7 0 R", b"/Ty#7ze (ObjStm)", b"/Type <4f626a53746d>"])
def test_an_object_stream_keeps_pdfium_off_the_file(spelling):
    """PDFium reads streams from object streams too: a form there is in no plain bytes."""
    assert pdf_forms.may_have_forms(b"<< " + spelling + b" /N 1 /First 4 >>")


@pytest.mark.parametrize("junk", [b"%", b"% ", b"#", b"/Subtype ", b"/F#", b"/Sub#7"])
def test_the_search_for_forms_takes_linear_time(junk):
    data = b"/Subtype" + junk * 200_000 + b"/Image"
    start = time.monotonic()
    pdf_forms.may_have_forms(data)
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("other", [b"/FormType 1", b"/Forms", b"/form", b"/Form#4", b"/Subtype /Image", b"/Subtype /Type1", b"(Form)",
                                   b"/Type /Page", b"/ObjStms", b"/Type1 12"])
def test_other_names_do_not(other):
    assert not pdf_forms.may_have_forms(pdf([TITLE], resources=other + b" "))


def test_a_file_without_forms_is_read_by_pdfium_without_a_walk(monkeypatch):
    """A table of numbers in a font PDFium has on every machine (a generated report's Chinese font,
    not embedded, is refused by the PDFium path on a machine without a Chinese font)."""
    from tests.test_pdf_paths import _pdfium_read_it

    def walked(self, pages):
        raise AssertionError("walked")

    monkeypatch.setattr(pdf_forms._Walk, "pages", walked)
    assert _pdfium_read_it(monkeypatch, pdf([_table(b"100 480 m 400 480 l S 100 420 m 400 420 l S")]))


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
    """Within the bounds, pdfminer reads forms (PDFium never sees the file): the report is
    that of the table drawn without forms."""
    from tests.test_pdf_paths import assert_read_as_drawn_plainly

    data = _forms_table()
    assert pdf_forms.may_have_forms(data)
    assert_read_as_drawn_plainly(monkeypatch, data)


def test_the_bounds_count_every_draw(monkeypatch):
    """The grid above draws 10 forms (rows and columns, four rules each) and all their
    content; the page draws 11 forms, one bound exactly."""
    walk = pdf_forms._Walk()
    monkeypatch.setattr(pdf_forms, "_Walk", lambda: walk)
    data = _forms_table()
    _check(data)
    (grid,) = [weight for (form, _), weight in walk.weights.items() if form == 6]
    assert grid == (10, len(b"/Rows Do /Columns Do") + len(ACROSS) + len(DOWN) + 8 * 17)
    monkeypatch.setattr(pdf_forms, "MAX_FORM_DRAWS", 11)
    _check(data)
    monkeypatch.setattr(pdf_forms, "MAX_FORM_DRAWS", 10)
    with pytest.raises(InputError, match="第 1 页画出超过 10 个表单"):
        _check(data)


def test_the_walk_of_forms_stops_past_pdfminers_clock():
    """The walk spends a few microseconds of its own for each name a form draws, between pdfminer's
    tokens, which its clock is read at: files made for it took tens of seconds (helper audit)."""
    data = _forms_table()
    with pdf_budget.limits() as budget:
        pages = pdf_budget.pdfminer_pages(_document(data))
        pdf_forms.check(pages)  # every object read, every stream decoded: the second walk is ours alone
        budget.deadline = 0.0  # the clock has run out
        with pytest.raises(pdf_budget.OverBudget):
            pdf_forms.check(pages)


def _document(data: bytes) -> Any:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    return PDFDocument(PDFParser(io.BytesIO(data)))


@pytest.mark.parametrize("subtype", [b"/Subtype%c\n9 0 R", b"/Subtype % c\r\n 9 %\n0\nR", b"/Subtype(Form)", b"/Subtype <466f726d>"])
def test_a_subtype_pdfium_may_read_as_form_keeps_it_off_the_file(subtype):
    """Comments are white space to PDFium; ``9 0 R`` may be ``/Form``; a string is read as the name."""
    assert pdf_forms.may_have_forms(b"<< /Length 0 " + subtype + b" >>")
    assert not pdf_forms.may_have_forms(b"<< /Subtype /Image /DecodeParms << >> >> % 9 0 R")


def test_many_forms_drawing_from_shared_resources_are_walked_in_linear_time():
    """Forms without resources of their own draw from the page's, which name every form: each
    form's content is matched against the names it uses, not against every form's name."""
    count = 8000
    data = pdf_of_forms(b" ".join(b"/X%d Do" % index for index in range(count)), [(RULE, None)] * count,
                        {f"X{index}": index for index in range(count)})
    start = time.monotonic()
    _check(data)
    assert time.monotonic() - start < 6


# Form bombs to PDFium only (each aborted the process through the PDFium way, which loads pages,
# objects and resources that pdfminer reads otherwise): pdfminer reads them, or refuses them.
FONT = b"/Font << /F1 3 0 R >> "
BOMB = b"/Fm1 Do /Fm1 Do " + RULE
BOMB_FORM = zlib.compress(BOMB)
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


def _self_drawing(entries: bytes, content: bytes) -> bytes:
    objects = _resolved_otherwise()
    objects[4] = (b"<< /Length %d %s/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R "
                  b">> >> >>\nstream\n" % (len(content), entries) + content + b"\nendstream")
    return assemble(objects)


def _packed(header: bytes, body: bytes) -> bytes:
    from tests.hostile_files import assemble_packed

    return assemble_packed(_resolved_otherwise(), 7, header, body)


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


def _in_a_deflated_object_stream() -> bytes:
    """The form that draws itself is object 5, in a deflated object stream: no ``/Form`` in the file's bytes."""
    from tests.hostile_files import HELVETICA, assemble_packed

    form = (b"<< /Length %d /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R >> >> >>\n"
            b"stream\n" % len(BOMB) + BOMB + b"\nendstream")
    objects = _resolved_otherwise()[:4] + [b"null", _resolved_otherwise()[5]]
    return assemble_packed(objects, 5, b"5 0 ", form, deflated=True)


PDFIUM_BOMBS = {
    **{f"tree-{name}": (lambda name=name: _tree(name)) for name in TREES},
    # objects PDFium resolves otherwise
    "object-stream-offset": lambda: _packed(b"7 %d " % (len(BENIGN) + 1), BENIGN + b" null"),  # PDFium reads at the offset
    "object-stream-number": lambda: _packed(b"9 0 ", BENIGN),  # PDFium: not object 7
    "newest-revision-unreadable": _newest_revision_unreadable,
    "table-pdfium-rebuilds": _rebuilt_by_pdfium,
    "form-in-a-deflated-object-stream": _in_a_deflated_object_stream,
    # names PDFium reads otherwise: a resource's name PDFium reads as the use's (``F\\0``), pdfminer as another (``Fzz``)
    "resource-name-read-otherwise": lambda: pdf_of_forms(TITLE + b"/F#00 Do", [(b"/F#00 Do /F#00 Do " + RULE, {"F#zz": 0})],
                                                         {"F#zz": 0}),
    # streams PDFium decodes otherwise: the form draws itself to PDFium, nothing to pdfminer
    "filter-named-F": lambda: _self_drawing(b"/F /FlateDecode ", BOMB),  # to PDFium a file specification
    "lzw-codes-widened-late": lambda: _self_drawing(b"/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >> ",
                                                    lzw(b"".join(b"%d 0 m %d 9 l S\n" % (i, i) for i in range(300)) + BOMB, 0)),
    "short-length": _short_length,  # PDFium reads on to ``endstream``, pdfminer by /Length while its table holds
    # resources PDFium takes otherwise: the page's forms (no /XObject of its own), the caller's (no dictionary)
    "no-xobject-of-its-own": _no_xobject_of_its_own,
    "form-resources-of-no-object": lambda: _nested_drawing_itself_through(b"99 0 R"),
    "form-resources-a-number": lambda: _nested_drawing_itself_through(b"5"),
    "form-resources-a-stream": lambda: _nested_drawing_itself_through(b"8 0 R", b"<< /Length 0 /XObject << /Fm2 7 0 R >> >>\n"
                                                                                 b"stream\n\nendstream"),
    # PDFium reads a string /Subtype as the name (pdfminer draws no such form)
    "string-subtype": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(BOMB, {"Fm1": 0})], {"Fm1": 0}, subtype=b"(F\\157rm)"),
    "hex-string-subtype": lambda: pdf_of_forms(TITLE + b"/Fm1 Do", [(BOMB, {"Fm1": 0})], {"Fm1": 0}, subtype=b"<466f726d>"),
    # PDFium runs a Type3 glyph's procedure (which draws a bomb) when it reads the page's text; pdfminer runs none
    "type3-glyph-drawing-a-bomb": lambda: _type3_glyph(b"/Fm1 Do", b"/Fm1 Do /Fm1 Do 0 0 m 10 10 l S"),
    "type3-font-of-a-string-subtype": lambda: _type3_glyph(b"/Fm1 Do", b"/Fm1 Do /Fm1 Do 0 0 m 10 10 l S").replace(
        b"/Subtype /Type3", b"/Subtype(Type3)"),  # as long: offsets hold
}


@pytest.mark.parametrize("name", PDFIUM_BOMBS)
def test_a_form_bomb_to_pdfium_is_read_or_refused_under_a_memory_cap(tmp_path, name):
    """PDFium's child dies of its caps (``test_pdf_isolated``); the command line then reads the
    file by pdfminer, or refuses it in one line, under the memory cap: never aborts (134)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(PDFIUM_BOMBS[name]())
    assert pdf_forms.may_have_forms(path.read_bytes())
    result = _run_under_the_cap(path)
    assert result.returncode in (0, 1) or (result.returncode == 2 and result.stderr.count("\n") == 1), result.stderr[-2000:]


def test_a_file_with_forms_and_a_cross_reference_table_to_rebuild_is_walked_as_pdfminer_reads_it():
    """pdfminer then reads streams up to their ``endstream`` (its parser's fallback): so does the walk."""
    data = _forms_table()
    broken = data[: data.rindex(b"startxref")] + b"startxref\n9\n%%EOF\n"
    assert PdfReader().read("forms.pdf", broken).lines == PdfReader().read("forms.pdf", data).lines
    short = _short_length()
    with pytest.raises(InputError, match="表单画出自身"):  # read to ``endstream``, the form draws itself
        PdfReader().read("short.pdf", short[: short.rindex(b"startxref")] + b"startxref\n9\n%%EOF\n")


def _spelt(text: str):
    """Strategy: the name ``/text`` as PDFium may read it (each character plain, ``#`` and two
    hex digits of either case, or for a low nibble 0 ``#`` a hex digit and a character that is
    none), ended by any byte (which may lengthen it)."""
    from hypothesis import strategies as st

    def char(c: str):
        code = ord(c)
        ways = [st.just(c.encode()), st.just(b"#%02x" % code), st.just(b"#%02X" % code)]
        if code & 15 == 0:
            ways.append(st.sampled_from(b"gz_!*~Gq").map(lambda other: b"#%x%c" % (code >> 4, other)))
        return st.one_of(ways)

    return st.tuples(*(char(c) for c in text), st.integers(0, 255)).map(lambda parts: b"/" + b"".join(parts[:-1]) + bytes([parts[-1]]))


def _pdfium_draws_a_form(data: bytes) -> bool:
    import pypdfium2.raw as c

    return pdfium_answer(data, lambda document: any(obj.type == c.FPDF_PAGEOBJ_FORM for page in document
                                                    for obj in page.get_objects(max_depth=1)))


def test_every_form_pdfium_draws_keeps_it_off_the_file():
    """Any spelling of ``/Subtype /Form`` (the key and the value, the white space or comment
    between, a string for the name), in the plain file or in a deflated object stream: where
    PDFium draws the (benign) form, the file may have forms."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.hostile_files import assemble_packed, reassembled

    gaps = st.one_of(st.binary(max_size=2), st.sampled_from([b"%c\r", b"% x\n", b"\x80", b"\xff", b"\x00", b"\x0b"]))
    values = st.one_of(_spelt("Form"), st.sampled_from([b"(Form)", b"(F\\157rm)", b"<466f726d>", b"<46 6F726D>"]))

    @settings(max_examples=300, deadline=None, database=None)
    @given(_spelt("Subtype"), gaps, values, st.booleans())
    def check(key: bytes, gap: bytes, value: bytes, packed: bool) -> None:
        plain = pdf_of_forms(TITLE + b"/Fm1 Do", [(RULE, None)], {"Fm1": 0})
        data = reassembled(plain.replace(b"/Subtype /Form", key + gap + value))
        if packed:  # the form, deflated into an object stream
            objects = re.findall(rb"(?ms)^\d+ 0 obj\n(.*?)\nendobj\n", data)
            form = objects[5].replace(b"/Filter /FlateDecode ", b"").replace(b"/Length %d" % len(zlib.compress(RULE)), b"/Length %d" % len(RULE))
            form = form.replace(zlib.compress(RULE), RULE)
            data = assemble_packed(objects[:5] + [b"null"], 6, b"6 0 ", form, deflated=True)
        assert pdf_forms.may_have_forms(data) or not _pdfium_draws_a_form(data), data

    check()


def _one_search_reference(data: bytes) -> bool:
    """:func:`pdf_forms.may_have_forms` as one regex search (quadratic: see its docstring)."""
    not_a_name = pdf_forms._PDFIUM_SPACE + rb"*[-+.0-9(<]"
    name = pdf_forms.pdfium_name
    search = re.compile(b"|".join([name("Form"), name("Subtype") + not_a_name, name("ObjStm"), name("Type") + not_a_name]))
    return search.search(data) is not None


PIECES = [b"/Subtype", b"/Type", b"/Sub#74ype", b"/Ty#7ze", b"/Image", b"/Forms", b"%", b"%/Subtype", b"\n", b"\r", b" ", b"\t",
          b"\x80", b"\x0b", b"9", b"(", b"<", b"-", b"/", b"x", b"#"]


def test_the_search_for_forms_finds_what_one_regex_finds():
    """Keys in comments among the blanks after a key are read once: the same answer as one regex search."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=3000, deadline=None, database=None)
    @given(st.lists(st.sampled_from([*PIECES, b"/Form", b"/ObjStm"]), max_size=24))
    def check(pieces: list[bytes]) -> None:
        data = b"".join(pieces)
        assert pdf_forms.may_have_forms(data) is _one_search_reference(data)

    check()


@pytest.mark.parametrize(("after", "found"), [(b"\nx", False), (b"\n7", True), (b"/Subtype 7\n/Image", True),
                                              (b"\r\n%c\n(Form)", True)])
def test_keys_in_one_long_comment_are_read_as_before(after, found):
    """「/Subtype %」 repeated on one line: each key read the rest of the line again (160 KB: 11 s)."""
    data = b"/Subtype %" * 2000 + after
    assert pdf_forms.may_have_forms(data) is found is _one_search_reference(data)
