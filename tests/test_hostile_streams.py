"""Compression bombs behind other filters, inline images and content that PDFium or pdfminer
expands as it reads a page: each refused with one line and exit 2 (or read within its bounds),
through both ways in, in a child whose address space is capped."""

from __future__ import annotations

import base64
import binascii
import functools
import re
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf as pdf_reader  # noqa: E402
from govlint.read import pdf_streams  # noqa: E402
from govlint.read.pdf import MAX_INFLATED, PdfReader  # noqa: E402
from tests.hostile_files import ENCRYPTIONS, HELVETICA, assemble, deflated_zeros, encrypted, lzw  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 1500 * 2**20
TEXT = b"BT /F1 12 Tf 72 770 Td (Annual report 2024 of the government information) Tj ET\n"
BOMB = 4 * MAX_INFLATED  # a quarter of a gigabyte of spaces, about 250 KB deflated


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def _page(content: bytes, entries: bytes, extra: tuple[bytes, ...] = ()) -> bytes:
    """One page: a line of text, then ``content`` (its stream's dictionary given ``entries``)."""
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", HELVETICA,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                     b"/Contents [5 0 R 6 0 R] >>", _stream(TEXT), _stream(content, entries), *extra])


def _layers(data: bytes, count: int) -> bytes:
    for _ in range(count):
        data = zlib.compress(data, 9)
    return data


def _inline(data: bytes, filters: bytes = b"/Fl") -> bytes:
    return b"q 100 0 0 100 0 0 cm BI /W 8000 /H 8000 /BPC 8 /CS /G /F " + filters + b" ID " + data + b" EI Q"


def _broken_at_their_ends(count: int = 6, size: int = 40 * 2**20) -> bytes:
    """A page of ``count`` content streams of ``size`` bytes deflated, each broken at its end (a
    stored block whose length check fails): zlib keeps nothing of the call that breaks."""
    deflater = zlib.compressobj(9)
    broken = deflater.compress(b" " * size) + deflater.flush(zlib.Z_SYNC_FLUSH) + b"\x00\x05\x00\xff\xff broken"
    streams = [_stream(broken, b"/Filter /FlateDecode ") for _ in range(count)]
    references = b" ".join(b"%d 0 R" % (6 + index) for index in range(count))
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", HELVETICA,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                     b"/Contents [5 0 R " + references + b"] >>", _stream(TEXT), *streams])


def _encrypted_bomb(way: str) -> bytes:
    return encrypted(_page(deflated_zeros(BOMB), b"/Filter /Fl "), way)


BOMBS = {
    "hex-of-a-flate-bomb": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filter [/ASCIIHexDecode /FlateDecode] "),
    "ascii85-of-a-flate-bomb": lambda: _page(base64.a85encode(deflated_zeros(BOMB)) + b"~>", b"/Filter [/A85 /Fl] "),
    "five-flate-filters": lambda: _page(_layers(deflated_zeros(BOMB), 4), b"/Filter [" + b"/FlateDecode " * 5 + b"] "),
    "run-length-under-flate": lambda: _page(zlib.compress(b"\x81 " * (BOMB // 128), 9), b"/Filter [/FlateDecode /RunLengthDecode] "),
    "filter-spelt-with-escapes": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filter [/AHx /Fl#61teDecode] "),
    "filter-key-spelt-with-escapes": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filt#65r [/AHx /Fl] "),
    "inline-image-filter-key-spelt-with-escapes": lambda: _page(_inline(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"[/AHx /Fl]")
                                                                .replace(b"/F [", b"/#46 ["), b""),
    "filter-after-a-comment": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filter %x\n[/AHx %y\n/Fl] "),
    "filter-by-reference": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filter 7 0 R ", (b"[/AHx /Fl]",)),
    "filter-beside-a-decoy": lambda: _page(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"/Filter [/AHx /Fl] /X (/Filter /AHx) "),
    "inline-image-in-plain-content": lambda: _page(_inline(deflated_zeros(BOMB)), b""),
    "inline-image-in-flate-content": lambda: _page(zlib.compress(_inline(deflated_zeros(BOMB)), 9), b"/Filter /FlateDecode "),
    "inline-image-hex-of-flate": lambda: _page(_inline(binascii.hexlify(deflated_zeros(BOMB)) + b">", b"[/AHx /Fl]"), b""),
    # 「xBI」 is one word, no inline image; the 「BI」 after it begins one, within what a search from 「xBI」 took
    "inline-image-after-a-word-ending-in-BI": lambda: _page(b"xBI " + _inline(deflated_zeros(BOMB)), b""),
    # encrypted, with no password to open it: each stream random bytes until it is decrypted (pdf_crypt)
    **{f"flate-bomb-encrypted-{way}": functools.partial(_encrypted_bomb, way) for way in ENCRYPTIONS},
    "inline-image-encrypted": lambda: encrypted(_page(zlib.compress(_inline(deflated_zeros(BOMB)), 9), b"/Filter /FlateDecode "), "AES-128"),
    "inline-image-in-plain-content-encrypted": lambda: encrypted(_page(_inline(deflated_zeros(BOMB)), b""), "RC4-128"),
    "flate-streams-broken-at-their-ends": _broken_at_their_ends,  # PDFium kept what each inflated before it broke: 240 MB
}


def _run(path: Path, pdfminer: bool, unhurried: bool = False, unchecked: bool = False) -> tuple[subprocess.CompletedProcess[str], float]:
    """The command line on ``path`` in a child whose address space is capped; PDFium switched off
    for ``pdfminer``; pdfminer's clock ten times as long where ``unhurried`` (a bound other than
    time is tested: on a busy machine the clock may stop it first); the bomb check switched off
    where ``unchecked`` (pdfminer's own decoding is bounded: ``pdf_filters``)."""
    code = ("import sys\nfrom govlint.read import pdf, pdf_budget, pdf_streams\n"
            + ("pdf._read_pdfium = lambda *a, **k: None\n" if pdfminer else "")
            + ("pdf_budget.MAX_SECONDS *= 10\n" if unhurried else "")
            + ("pdf_streams.check = lambda data, encrypted=None: pdf_streams.Streams(None, True, bool(encrypted), False)\n" if unchecked else "")
            + "from govlint.cli import main\nsys.exit(main(['check', '--isolated', sys.argv[1]]))\n")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, preexec_fn=cap)
    return result, time.monotonic() - start


@pytest.mark.parametrize("pdfminer", [False, True], ids=["pdfium", "pdfminer"])
@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_behind_other_filters_is_refused_in_seconds_under_a_memory_cap(tmp_path, name, pdfminer):
    """PDFium inflated each (a gigabyte for a 1 KB file, silently: the page read on), pdfminer
    ran out of memory; now the file is refused before either decodes a stream."""
    if "encrypted" in name:
        pytest.importorskip("pypdf", reason="pypdf encrypts the test PDF")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(BOMBS[name]())
    result, seconds = _run(path, pdfminer)
    assert seconds < 30
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1 and "疑似压缩炸弹" in result.stderr and "compression bomb" in result.stderr


_DELIMITER = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
# An inline image as a regex finds it (a search from each ``BI``: steps up to 4,096 a ``BI``), each keyword a word
_IMAGE = re.compile(rb"(?<![^" + _DELIMITER + rb"])BI(?![^" + _DELIMITER + rb"])(.{0,4096}?)(?<![^" + _DELIMITER + rb"])ID[\x00\t\n\x0c\r ]",
                    re.S)
_IMAGE_PIECES = [b"BI", b"ID", b"xBI", b"IDx", b"BID", b" ", b"\n", b"/", b"(", b"x", b"I", b"B", b"D", b"x" * 1000, b"x" * 4093]


@settings(max_examples=600, deadline=None, database=None)
@given(st.lists(st.sampled_from(_IMAGE_PIECES), max_size=30).map(b"".join))
def test_inline_images_are_found_where_a_search_from_each_word_bi_finds_them(content):
    """In one pass: each ``BI`` word begins an image whose ``ID`` word comes within 4,096 bytes, the
    next looked for after it; 「xBI」 is no keyword, and a ``BI`` word after it within the same reach
    of an ``ID`` still begins one (a search from 「xBI」 took that ``ID`` and passed over it)."""
    from govlint.read import pdf_streams

    assert list(pdf_streams._images(content)) == [match.span(1) for match in _IMAGE.finditer(content)]


def test_the_data_of_inline_images_is_looked_for_once_past_each_image(monkeypatch):
    """Forty thousand ``BI`` words with no ``ID``: one search for it, not one from each (4,096 steps each)."""
    from govlint.read import pdf_streams

    searches = []
    pattern = pdf_streams._IMAGE_DATA
    monkeypatch.setattr(pdf_streams, "_IMAGE_DATA", mock.Mock(search=lambda *args: searches.append(args) or pattern.search(*args)))
    assert list(pdf_streams._images(b"BI " * 40_000)) == []
    assert len(searches) == 1
    assert list(pdf_streams._images(b"BI ID " * 3)) == [(2, 3), (8, 9), (14, 15)]
    assert len(searches) == 4


def test_a_filter_that_cannot_be_found_is_refused():
    """A /Filter naming an object that is not in the file's plain bytes (an object stream's):
    what it decodes to cannot be bounded beforehand."""
    with pytest.raises(InputError, match="过滤器无法确定"):
        PdfReader().read("f.pdf", _page(b"1 1 m 2 2 l S", b"/Filter 9 0 R "))


@pytest.mark.parametrize("filters, encode", [
    (b"[/ASCIIHexDecode /FlateDecode]", lambda data: binascii.hexlify(zlib.compress(data)) + b">"),
    (b"[/A85 /Fl]", lambda data: base64.a85encode(zlib.compress(data)) + b"~>"),
    (b"/LZWDecode", lambda data: lzw(data, 1)),
    (b"[/FlateDecode /RunLengthDecode]", lambda data: zlib.compress(bytes([len(data) - 1]) + data + b"\x80")),
])
def test_content_behind_other_filters_within_the_bound_reads_as_plain_content(monkeypatch, filters, encode):
    content = b"BT /F1 12 Tf 72 700 Td (Second line of the annual report) Tj ET"
    plain = PdfReader().read("p.pdf", _page(content, b"")).lines
    assert plain == PdfReader().read("f.pdf", _page(encode(content), b"/Filter " + filters + b" ")).lines
    monkeypatch.setattr(pdf_reader, "_read_pdfium", lambda *args, **kwargs: None)
    assert plain == PdfReader().read("f.pdf", _page(encode(content), b"/Filter " + filters + b" ")).lines


def test_pdfminer_counts_the_characters_of_one_string_as_it_makes_them(tmp_path):
    """pdfminer made a character object per character of one string token (3 million: 15 s,
    1.4 GB, then a MemoryError); each is counted against the bound on characters and paths."""
    path = tmp_path / "string.pdf"
    path.write_bytes(_page(zlib.compress(b"BT /F1 1 Tf 0 0 Td (" + b"a" * 1_000_000 + b") Tj ET", 9), b"/Filter /FlateDecode "))
    result, seconds = _run(path, pdfminer=True, unhurried=True)
    assert seconds < 20
    assert result.returncode == 2 and "characters and paths" in result.stderr, result.stderr[-2000:]


def test_pdfium_counts_a_paths_pieces_before_fetching_them(monkeypatch):
    """PDFium's path pieces were fetched one by one into Python tuples (5 million: 13 s, 1.3 GB)
    before the count stopped them: now the count comes first, and nothing is fetched."""
    content = b"0 0 m " + b"1 1 l 2 2 l " * 300_000 + b"S"
    from govlint.read import pdf_pdfium

    fetched = []
    monkeypatch.setattr(pdf_pdfium, "_segments", lambda *args: fetched.append(args) or [])
    with pytest.raises(InputError, match="characters and paths"):
        PdfReader().read("p.pdf", _page(zlib.compress(content, 9), b"/Filter /FlateDecode "))
    assert not fetched


PAGES_PDFIUM_WOULD_BUILD = {  # a few hundred kilobytes of file each (made when a test runs); PDFium built gigabytes for them
    "twenty-million-saves": lambda: _page(zlib.compress(b"q " * 20_000_000, 9), b"/Filter /FlateDecode "),
    "two-million-inline-images": lambda: _page(zlib.compress(b"BI/W 1/H 1/BPC 8/CS/G ID x EI\n" * 2_000_000, 9),
                                               b"/Filter /FlateDecode "),
    "a-type3-glyph-of-twenty-million-saves": lambda: _type3_page(b"0 0 1000 1000 d1 " + b"q " * 20_000_000),
}


def _type3_page(glyph: bytes) -> bytes:
    """A page of text in a Type3 font (object 7) whose one glyph's procedure (object 8) is ``glyph``."""
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs << /g 8 0 R >> /Encoding << /Type /Encoding /Differences [97 /g] >> /FirstChar 97 /LastChar 97 "
            b"/Widths [1000] >>")
    page = _page(b"BT /T3 12 Tf 72 700 Td (aaaa) Tj ET", b"", (font, _stream(zlib.compress(glyph, 9), b"/Filter /FlateDecode ")))
    return page.replace(b"/F1 3 0 R >>", b"/T3 7 0 R >>", 1)  # as long: the offsets hold


@pytest.mark.parametrize("name", PAGES_PDFIUM_WOULD_BUILD)
def test_content_pdfium_would_build_gigabytes_from_is_left_to_pdfminer(tmp_path, name):
    """PDFium builds a page's objects, states and operands at once when it loads it, a hundred
    times the content's bytes: within the inflated bound it reached the memory cap, and read the
    page silently short (exit 0).  Past :data:`MAX_PDFIUM_CONTENT` pdfminer reads the file, under
    its tokens and clock."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(PAGES_PDFIUM_WOULD_BUILD[name]())
    result, seconds = _run(path, pdfminer=False)
    assert seconds < 30
    assert result.returncode == 2, result.stderr[-2000:]
    assert "too complex" in result.stderr or "not an annual report" in result.stderr  # read within bounds, or stopped


def test_pdfium_reads_only_files_whose_content_is_known_and_short(monkeypatch):
    from govlint.read import pdf_budget, pdf_streams

    called = []
    monkeypatch.setattr(pdf_reader, "_read_pdfium", lambda *args, **kwargs: called.append(1))
    content = b"BT /F1 12 Tf 72 700 Td (Second line of the annual report) Tj ET"
    short = _page(content, b"")
    assert pdf_streams.check(short).content == len(TEXT) + len(content) + 2  # each to its ``endstream``, the line end before it too
    assert pdf_streams.check(_type3_page(b"0 0 1000 1000 d1 " + b" " * 1000)).content == len(b"BT /T3 12 Tf 72 700 Td (aaaa) Tj ET") + 1 + 1017 + len(TEXT) + 1
    PdfReader().read("short.pdf", short)
    assert called
    called.clear()
    long_ = _page(zlib.compress(b"%" + b" " * pdf_budget.MAX_PDFIUM_CONTENT, 9), b"/Filter /FlateDecode ")
    PdfReader().read("long.pdf", long_)
    indirect = short.replace(b"/Contents [5 0 R 6 0 R]", b"/Contents 9 0 R        ")  # an array in no plain object
    assert pdf_streams.check(indirect).content is None
    assert not called


def _to_unicode(cmap: bytes) -> bytes:
    """A page of text in a Type0 font whose /ToUnicode CMap has the mappings ``cmap``."""
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
            b"/Subtype /CIDFontType2 /BaseFont /Helvetica /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b">>] /ToUnicode 6 0 R >>")
    head = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 begincodespacerange "
            b"<0000> <FFFF> endcodespacerange\n")
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
                     _stream(b"BT /F1 12 Tf 72 770 Td <0041004200430044004500460047004800490050> Tj ET"),
                     _stream(zlib.compress(head + cmap + b" endcmap end end"), b"/Filter /FlateDecode ")])


CMAPS = {
    "one-four-byte-range": b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
    "a-four-byte-cid-range": b"1 begincidrange <00000000> <FFFFFFFF> 0 endcidrange",
    "200000-two-byte-ranges": b"200000 beginbfrange " + b"<0000> <FFFF> <0041>\n" * 200_000 + b"endbfrange",
}


@pytest.mark.parametrize("name", CMAPS)
def test_a_cmap_whose_ranges_expand_too_far_is_stopped_on_the_pdfminer_way(tmp_path, name):
    """pdfminer expands each range of a CMap at once: a four-byte range took 11 s and 1.4 GB and
    ended in a MemoryError (exit 1), 200,000 two-byte ranges in 3 KB ran for minutes."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_to_unicode(CMAPS[name]))
    result, seconds = _run(path, pdfminer=True)
    assert seconds < 20
    assert result.returncode == 2 and "too complex" in result.stderr, result.stderr[-2000:]  # the mappings' bound, or the clock


def test_a_cmap_of_every_two_byte_code_reads_on_the_pdfminer_way(monkeypatch):
    monkeypatch.setattr(pdf_reader, "_read_pdfium", lambda data, budget, walked: None)
    source = PdfReader().read("f.pdf", _to_unicode(b"1 beginbfrange <0000> <FFFF> <0000> endbfrange"))
    assert "ABCDEFGHIP" in source.lines[0]


def _many_streams(filter_: bytes) -> bytes:
    """20,000 streams with a /Length that is nowhere and no ``endstream``, then 5 MB of junk:
    each stream's data may run to the file's end."""
    streams = b"".join(b"%d 0 obj << /Filter /%s /Length 9 0 R >>stream\n0" % (100 + i, filter_) for i in range(20_000))
    return _page(b"", b"").replace(b"xref", streams + b"a" * 5_000_000 + b"xref", 1)


_LABORIOUS = {
    "run-length-of-one-byte-runs": lambda: _page(b"\x00X" * 5_000_000, b"/Filter /RunLengthDecode "),  # 5 million runs
    **{f"{name}-to-the-end": (lambda filter_=filter_: _many_streams(filter_))
       for name, filter_ in (("hex", b"AHx"), ("run-length", b"RL"), ("flate", b"Fl"), ("plain", b"X"))},
}


@pytest.mark.parametrize("name", _LABORIOUS)
def test_decoding_the_streams_to_count_them_takes_seconds_at_most(name):
    """Decoders written in Python count their steps and what they read; each stream's end is
    found once for the file (from each stream, 20,000 streams took minutes), and PDFium is not
    given a file whose streams overlap (it searched each to its end: minutes too)."""
    from govlint.read import pdf_streams

    data = _LABORIOUS[name]()
    start = time.monotonic()
    try:
        content = pdf_streams.check(data).content
        assert "to-the-end" not in name or content is None  # PDFium does not open it
    except InputError:
        pass
    assert time.monotonic() - start < 15


def test_a_file_of_many_streams_without_end_is_read_or_refused_in_seconds():
    """The whole reader on 6 MB of 20,000 streams without ``endstream``: the ToUnicode look
    reads no more than the file and what decodes from it (each stream looked at to the file's
    end took 36 s)."""
    start = time.monotonic()
    with pytest.raises(InputError):
        PdfReader().read("s.pdf", _many_streams(b"X"))
    assert time.monotonic() - start < 15


def test_a_million_digits_after_a_key_are_read_as_one_number_in_seconds():
    """A number is all its digits, as the readers read it: a run of digits after ``/Length`` (or
    in a reference) was split every way before each attempt failed, 1 s for 8,000 digits and
    hours for a million."""
    from govlint.read import pdf_streams

    data = _page(b"", b"", extra=(b"<< /Length " + b"1" * 1_000_000 + b" /Contents " + b"2" * 1_000_000 + b" >>",))
    start = time.process_time()
    try:
        pdf_streams.check(data)
    except InputError:
        pass
    assert time.process_time() - start < 15


def test_a_reference_is_two_whole_numbers_and_r_with_space_or_comments_between():
    from govlint.read import pdf_streams

    whole = pdf_streams._WHOLE_REFERENCE.fullmatch
    assert whole(b"12 0 R") and whole(b"12%a comment\n 0\r\nR") and whole(b"7\x000\x0cR")
    assert not whole(b"120 R") and not whole(b"12 0R0 R")


def _filters_by_reference(numbers: list[int], padding: int) -> bytes:
    """A stream whose dictionary gives a filter by reference for each of ``numbers``, the objects
    holding them after ``padding`` bytes (each looked up is a pass over the file)."""
    filters = b"".join(b"/Filter %d 0 R " % number for number in numbers)
    objects = b"".join(b"%d 0 obj /FlateDecode endobj\n" % number for number in sorted(set(numbers)))
    return b"%PDF-1.4\n1 0 obj << /Length 3 " + filters + b">>\nstream\nabc\nendstream endobj\n" + b"x" * padding + objects


def test_one_filter_given_by_reference_a_hundred_thousand_times_is_looked_up_once():
    from govlint.read import pdf_streams

    start = time.process_time()
    pdf_streams.check(_filters_by_reference([7] * 100_000, 2_000_000))
    assert time.process_time() - start < 15  # a pass over the file for each: minutes


def test_more_filters_given_by_reference_than_a_report_has_are_refused_in_seconds():
    """100,000 filters by reference, each its own object, took hours (a pass over the file each);
    a hundred are looked up, more are refused with a message."""
    from govlint.read import pdf_streams

    pdf_streams.check(_filters_by_reference(list(range(1000, 1000 + pdf_streams.MAX_FILTER_REFERENCES)), 10_000))
    start = time.process_time()
    with pytest.raises(InputError, match="引用给出的流过滤器过多"):
        pdf_streams.check(_filters_by_reference(list(range(1000, 101_000)), 2_000_000))
    assert time.process_time() - start < 15


def test_a_filter_number_written_millions_of_times_is_refused_in_seconds():
    from govlint.read import pdf_streams

    data = b"%PDF-1.4\n1 0 obj << /Length 3 /Filter 1 0 R >>\nstream\nabc\nendstream endobj\n" + b"1 " * 5_000_000 + b"1 0 obj /Fl endobj\n"
    start = time.process_time()
    with pytest.raises(InputError, match="引用给出的流过滤器过多"):
        pdf_streams.check(data)
    assert time.process_time() - start < 15


@pytest.mark.parametrize("shape", ["charprocs in comments", "arrays without end", "one array named again and again"])
def test_arrays_and_dictionaries_named_again_and_again_are_read_in_seconds(shape):
    """Each /CharProcs in a comment inside one dictionary, each /Contents naming an array that
    runs to the one ``]`` at the end, or one array named 100,000 times, read the rest again: hours.
    Each object is read once, and past twice the file's bytes read the content is not told
    (PDFium is not given the file)."""
    from govlint.read import pdf_streams

    n = 100_000
    data = {
        "charprocs in comments": b"%PDF-1.4\n1 0 obj << /CharProcs <<\n" + b"%/CharProcs <<\n" * n + b">> >> endobj\n",
        "arrays without end": b"%PDF-1.4\n" + b"".join(b"%d 0 obj [ " % i for i in range(1, n)) + b"]\n"
                              + b"".join(b"/Contents %d 0 R " % i for i in range(1, n)),
        "one array named again and again": b"%PDF-1.4\n5 0 obj [ " + b"1 0 R " * n + b"]\n" + b"/Contents 5 0 R " * n,
    }[shape]
    start = time.process_time()
    assert pdf_streams.check(data).content is None
    assert time.process_time() - start < 15


# A stream keyword both readers take, as both read it (the rest of its line skipped, a comment before it),
# which the check's ``>>\s*stream\r?\n`` does not find (found by the second reader of the encrypted-PDF
# change: the stream went uncounted, pdfminer inflated the bomb, 568 MB; PDFium in the reader's own
# process inflated one in an embedded font's file, 584 MB).  Such a file is read by PDFium only in its
# capped child, and pdfminer's own decoding is bounded.
UNSEEN_STREAM_KEYWORDS = {"blank-before-its-line-end": b">>\nstream \n", "carriage-return-alone": b">>\nstream\r",
                          "comment-before-it": b">> %x\nstream\n", "words-after-it": b">>\nstream junk\n"}


def _unseen(keyword: bytes, font: bool) -> bytes:
    """A page whose content (or, ``font``, its font's embedded file) is a flate bomb after ``keyword``."""
    bomb = deflated_zeros(BOMB)
    stream = b"<< /Length %d /Filter /FlateDecode " % len(bomb) + keyword + bomb + b"\nendstream"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents [5 0 R" + (b"" if font else b" 6 0 R") + b"] >>")
    typeface = HELVETICA
    if font:
        typeface = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 126 /Widths [" + b"500 " * 95
                    + b"] /FontDescriptor 7 0 R >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", typeface, page, _stream(TEXT)]
    if font:
        objects += [b"null", b"<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
                    b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>"]
    return assemble([*objects, stream])


@pytest.mark.parametrize("font", [False, True], ids=["content", "font-file"])
@pytest.mark.parametrize("name", UNSEEN_STREAM_KEYWORDS)
def test_a_bomb_after_a_stream_keyword_the_check_does_not_find_is_read_only_where_bounded(tmp_path, name, font):
    """pdfminer refuses content so (its own decoding stops at the bound; a font's file it never
    decodes); PDFium reads it only in its capped child, where it is read or refused, and the
    reader's own process stays small."""
    data = _unseen(UNSEEN_STREAM_KEYWORDS[name], font)
    assert pdf_streams.check(data).unplaced
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    for pdfminer in (True, False):
        result, seconds = _run(path, pdfminer)
        assert seconds < 30 and result.returncode in (1, 2) and result.stderr.count("\n") <= 1, result.stderr[-2000:]
        assert font or not pdfminer or "疑似压缩炸弹" in result.stderr, result.stderr[-2000:]


def test_pdfium_never_reads_a_file_with_a_stream_the_check_does_not_find_in_this_process(monkeypatch):
    from govlint.read import pdf_isolated

    def refused(*arguments: object, **options: object) -> None:
        raise AssertionError("PDFium read in the reader's own process a file with a stream the bomb check did not count")

    monkeypatch.setattr(pdf_isolated, "available", lambda: False)
    monkeypatch.setattr(pdf_reader, "_read_pdfium", refused)
    assert PdfReader().read("font.pdf", _unseen(UNSEEN_STREAM_KEYWORDS["words-after-it"], font=True)).lines  # by pdfminer


def test_every_stream_keyword_of_the_real_and_generated_reports_is_found():
    """So they are read by PDFium in the reader's own process, as before."""
    from govlint.testing import render_pdf, sample_reports

    real = sorted((ROOT.parent / "shared" / "corpus" / "real").glob("*.pdf"))  # beside the clone, where it is
    for data in (_page(TEXT, b""), render_pdf(sample_reports(1)[0]), *(path.read_bytes() for path in real)):
        assert not pdf_streams.check(data).unplaced


@pytest.mark.parametrize("name", [name for name in BOMBS if "inline" not in name])  # pdfminer does not decode an inline image
def test_pdfminers_own_decoding_refuses_a_bomb_the_bomb_check_let_through(tmp_path, name):
    """The bomb check counts what the streams it finds decode to; pdfminer may read a stream it did
    not find (its keyword written otherwise) or decrypt one with another key.  With the check
    switched off, pdfminer's flate, LZW and run-length decoding still stop at the bound."""
    if "encrypted" in name:
        pytest.importorskip("pypdf", reason="pypdf encrypts the test PDF")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(BOMBS[name]())
    result, seconds = _run(path, pdfminer=True, unchecked=True)
    assert seconds < 30
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1 and "疑似压缩炸弹" in result.stderr and "compression bomb" in result.stderr


@pytest.mark.parametrize("pdfminer", [False, True], ids=["pdfium", "pdfminer"])
def test_a_cut_short_stream_of_much_content_is_refused_in_seconds(tmp_path, pdfminer):
    """zlib cannot inflate it whole, so pdfminer inflated it again a byte at a time, copying all it
    had at each byte: this 39 KB file (40 MB of content) took more than five minutes."""
    deflated = zlib.compress(b"q Q " * 10_000_000, 9)[:-50]
    path = tmp_path / "cut-short.pdf"
    path.write_bytes(_page(deflated, b"/Filter /FlateDecode "))
    result, seconds = _run(path, pdfminer)
    assert seconds < 30
    assert result.returncode == 2 and "读取已停止" in result.stderr, result.stderr[-2000:]
