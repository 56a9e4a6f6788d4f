"""ToUnicode maps both PDF paths read alike (``pdf_cmaps``): the quick reading of common maps
never vouches for a map the token by token reading refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.read import pdf_cmaps

HEXES = [b"<33>", b"<0033>", b"<0041>", b"<D800>", b"<dfff>", b"<FFFE>", b"<ffff>", b"<FFFD>", b"<0000>", b"<>", b"<3>",
         b"<003>", b"<00410042>", b"<D835DFD1>", b"<00 41>", b"<0041FFFE>", b"<FF>", b"<30>", b"<39>", b"<3A3B>"]
OTHERS = [b"[", b"]", b"(B)", b"/B", b"51", b"%c", b"\n", b" ", b"beginbfchar", b"endbfchar", b"beginbfrange", b"endbfrange",
          b"1", b"2", b"3", b"/Adobe-GB1-UCS2", b"x1", b"endbfcharx", b"endcmap", b"begincmap"]


@settings(max_examples=3000, deadline=None, database=None)
@given(st.lists(st.sampled_from(HEXES + OTHERS), max_size=30), st.lists(st.sampled_from(HEXES), max_size=12),
       st.sampled_from([b"bfchar", b"bfrange"]), st.integers(0, 7))
def test_the_quick_reading_vouches_only_for_maps_the_token_reading_takes(noise, entries, kind, count):
    text = b" ".join(noise[: len(noise) // 2]) + b"\n%d begin%s %s end%s " % (count, kind, b" ".join(entries), kind) \
        + b" ".join(noise[len(noise) // 2 :])
    if pdf_cmaps._plainly_alike(text):
        assert pdf_cmaps._tokens_alike(text), text


def test_common_maps_are_read_quickly():
    """Sections of one-byte and two-byte sources, and ranges, as PDF writers emit them."""
    pairs = b"\n".join(b"<%04X> <%04X>" % (code, 0x4E00 + code) for code in range(100))
    simple = b" ".join(b"<%02X> <%04X>" % (code, code) for code in range(32, 127))
    ranges = b"<0020> <007E> <0020>\n<4E00> <4E10> <4E00>"
    for text in (b"100 beginbfchar\n" + pairs + b"\nendbfchar", b"95 beginbfchar " + simple + b" endbfchar",
                 b"2 beginbfrange\n" + ranges + b"\nendbfrange"):
        assert pdf_cmaps._plainly_alike(text) and pdf_cmaps.read_alike(text)


@pytest.mark.parametrize(("font", "alike"), [
    (b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 5 0 R >>", True),
    (b"<</Subtype /Type0/Encoding \n/Identity-V/ToUnicode 5 0 R>>", True),
    (b"<< /Subtype /Type0 /Encoding /GBK-EUC-H >>", True),  # no map: nothing looked up otherwise
    (b"<< /Subtype /Type0 /Encoding /GBK-EUC-H /ToUnicode 5 0 R >>", False),
    (b"<< /Subtype /Type0 /Encoding 9 0 R /ToUnicode 5 0 R >>", False),  # an embedded CMap
    (b"<< /DescendantFonts [<< /Subtype /CIDFontType2 >>] /Subtype /Type0 /Encoding /UniGB-UCS2-H /ToUnicode 5 0 R >>", False),
    (b"<< /DescendantFonts [<< /Subtype /CIDFontType2 >>] /Subtype /Type0 /Encoding /Identity-H /ToUnicode 5 0 R >>", True),
    (b"<< /Subtype /Type0 /Encoding /Identity-H /ToUnicode 5 0 R", False),  # never closed
])
def test_type0_fonts_whose_map_is_looked_up_otherwise_are_found(font, alike):
    assert pdf_cmaps.fonts_alike(b"1 0 obj\n" + font + b"\nendobj\n") is alike


def test_fonts_are_told_in_linear_time():
    """Each font's dictionary found once: nested brackets before a /Type0, or a /Type0 repeated in
    one dictionary, took seconds a kilobyte (a 20 MB file: a quarter of an hour) when each
    /Type0 looked back through the brackets before it."""
    import time

    nested = b"<< " + b"<<" * 1000 + b">>" * 1000 + b" /Subtype /Type0 /ToUnicode 5 0 R /Encoding /Identity-H >>\n"
    repeated = b"<< " + b"/Type0 " * 580 + b">>\n"
    start = time.perf_counter()
    assert pdf_cmaps.fonts_alike(nested * 160) and pdf_cmaps.fonts_alike(repeated * 160)
    assert time.perf_counter() - start < 3
    assert not pdf_cmaps.fonts_alike(b"<< " + b" " * 5000 + b"/Type0 >>")  # a font dictionary too long to be told


@pytest.mark.parametrize(("body", "alike"), [
    (b"1 beginbfchar <30> <0041> endbfchar endcmap 1 beginbfchar <31> <0037> endbfchar", False),  # PDFium 「7」, pdfminer 「1」
    (b"1 beginbfchar <30> <0041> endbfchar endcmap 1 beginbfrange <31> <39> <0037> endbfrange", False),
    (b"1 beginbfchar <30> <0041> endbfchar endcmap begincmap 1 beginbfchar <31> <0037> endbfchar", True),  # read again by both
    (b"1 beginbfchar <30> <0041> endbfchar (endcmap) pop 1 beginbfchar <31> <0037> endbfchar", True),  # a string, no keyword
    (b"begincmap 1 beginbfchar <30> <0041> endbfchar endcmap", True),
])
def test_a_section_after_endcmap_is_read_by_pdfium_only(body, alike):
    assert pdf_cmaps.read_alike(body) is alike


def test_fonts_are_told_from_the_stretches_near_a_type0_as_from_the_whole_file():
    """Only the bytes within twice the bound of a ``/Type0`` are looked at (most of a file is
    other dictionaries): the same answer as one pass over every bracket of the file."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    parts = st.sampled_from([b"<<", b">>", b"/Type0", b" /ToUnicode 5 0 R", b" /Encoding /Identity-H", b" /Encoding /UniGB-UCS2-H"])
    gaps = st.sampled_from([0, 1, 100, 3000, 4096, 5000, 8192, 9000, 13000]).map(lambda size: b" " * size)

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(st.one_of(parts, gaps), max_size=30))
    def check(pieces: list[bytes]) -> None:
        text = b"".join(pieces)
        assert pdf_cmaps.fonts_alike(text) is pdf_cmaps._stretch_alike(text, 0, len(text))

    check()


def test_font_tokens_are_what_one_regex_of_the_three_finds():
    """The brackets and ``/Type0`` are looked for one kind at a time: the same places, in the same
    order, as one alternation finds, overlapping runs (``<<<``, ``/Type0Type0``) and bounds included."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from([b"<", b">", b"<<", b">>", b"/", b"/Type0", b"Type0", b" ", b"x"])

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(pieces, max_size=40), st.integers(0, 60), st.integers(0, 200))
    def check(parts: list[bytes], start: int, end: int) -> None:
        text = b"".join(parts)
        wanted = [(match.start(), match[0]) for match in re.compile(rb"<<|>>|/Type0").finditer(text, start, end)]
        assert list(pdf_cmaps._font_tokens(text, start, end)) == wanted

    check()


# The tokens as one findall of the whole regex finds them: the reference, quadratic in strings that never close
_TOKEN_REFERENCE = rb"%[^\r\n]*|<<|>>|<[^<>]*>|\((?:[^()\\]|\\.)*\)|/[^\s/\[\]<>(){}%]*|[^\s/\[\]<>(){}%]+|\S"


@settings(max_examples=3000, deadline=None, database=None)
@given(st.lists(st.sampled_from([b"(", b")", b"\\", b"\\(", b"\\)", b"<", b">", b"<<", b">>", b"%", b"\n", b"\r", b" ", b"\t",
                                 b"/a", b"a", b"[", b"]", b"1", b"{", b"endbfchar"]), max_size=30))
def test_tokens_are_what_one_findall_finds(pieces):
    """Strings that never close are read once, not again from each escaped ``(`` in them: the same tokens."""
    import re

    text = b"".join(pieces)
    assert pdf_cmaps._tokens(text) == [token for token in re.findall(_TOKEN_REFERENCE, text, re.S) if token[:1] != b"%"]


@pytest.mark.parametrize(("text", "alike"), [
    (b"begincmap /Adobe-GB1-UCS2 (", False),  # a collection named
    (b"1 beginbfrange <30> <31> [<0041> <0042>] endbfrange (", True),  # an array: read token by token
])
def test_a_string_that_never_closes_reads_as_before(text, alike):
    """「(\\(\\(…」: each escaped ``(`` began a string read to the end again (a megabyte: half an hour)."""
    import re

    crafted = text + b"\\(" * 3000
    assert pdf_cmaps.read_alike(crafted) is alike
    assert pdf_cmaps._tokens(crafted) == [token for token in re.findall(_TOKEN_REFERENCE, crafted, re.S) if token[:1] != b"%"]
