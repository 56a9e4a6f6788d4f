"""The bomb check's inflate (``pdf_streams._inflate``) through zlib-ng gives what it gives through the
standard library's zlib: the same bytes, and the same answer to every call on the way (output within
``max_length``, ``unconsumed_tail``, ``eof``, ``unused_data``, an error on broken data), for whole,
broken, truncated, concatenated and bomb streams, inflated a chunk at a time."""

from __future__ import annotations

import sys
import zlib
from types import ModuleType
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from zlib_ng import zlib_ng

from govlint.read import pdf_streams
from tests.hostile_files import deflated_zeros

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True)


def _inflated(raw: bytes, limit: int, chunk: int, module: ModuleType) -> bytes:
    with mock.patch.object(pdf_streams, "_CHUNK", chunk), mock.patch.object(pdf_streams, "_ZLIB", module):
        return pdf_streams._inflate(memoryview(raw), limit)


def _calls(raw: bytes, sizes: list[tuple[int, int]], module: ModuleType) -> list[Any]:
    """What each ``decompress(input, max_length)`` call answers, and the object's state after it."""
    inflater = module.decompressobj()
    answers: list[Any] = []
    pending, at = b"", 0
    for size, most in sizes:
        pending, at = pending + raw[at : at + size], at + size
        try:
            piece = inflater.decompress(pending, most)
        except module.error:
            answers.append("error")
            break
        pending = inflater.unconsumed_tail
        answers.append((piece, pending, inflater.eof, inflater.unused_data))
    return answers


@st.composite
def _streams(draw: st.DrawFn) -> bytes:
    """zlib streams of text worth compressing (runs, repeats), of every level, window and strategy,
    some in several blocks (flushes), some with a preset dictionary (which needs one to inflate)."""
    words = draw(st.lists(st.binary(min_size=1, max_size=12), min_size=1, max_size=8))
    text = b"".join(draw(st.lists(st.sampled_from(words), max_size=400)))
    dictionary = draw(st.one_of(st.none(), st.binary(min_size=1, max_size=32)))
    packer = zlib.compressobj(draw(st.integers(0, 9)), zlib.DEFLATED, draw(st.integers(9, 15)), draw(st.integers(1, 9)),
                              draw(st.sampled_from([zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE,
                                                    zlib.Z_FIXED])),
                              **({} if dictionary is None else {"zdict": dictionary}))
    parts, start = [], 0
    for cut in sorted(draw(st.lists(st.integers(0, len(text)), max_size=3))):  # blocks ended by flushes
        parts += [packer.compress(text[start:cut]), packer.flush(draw(st.sampled_from([zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH])))]
        start = cut
    return b"".join(parts) + packer.compress(text[start:]) + packer.flush()


@st.composite
def _damaged(draw: st.DrawFn) -> bytes:
    """A stream as written, or broken: bytes changed, cut short, bytes cut out or put in, another
    stream or junk after it."""
    raw = bytearray(draw(_streams()))
    for _ in range(draw(st.integers(0, 3))):
        damage = draw(st.sampled_from(["flip", "byte", "truncate", "delete", "insert", "append"]))
        at = draw(st.integers(0, len(raw)))
        if damage == "flip" and at < len(raw):
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif damage == "byte" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif damage == "truncate":
            del raw[at:]
        elif damage == "delete":
            del raw[at : at + draw(st.integers(1, 8))]
        elif damage == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif damage == "append":
            raw += draw(st.one_of(st.binary(max_size=16), _streams()))
    return bytes(raw)
def test_zlib_ng_is_what_inflates():
    assert pdf_streams._ZLIB is zlib_ng  # the pdf extra installs it: the tests below compare it, not zlib with itself


def test_without_zlib_ng_the_standard_library_inflates(monkeypatch):
    monkeypatch.setitem(sys.modules, "zlib_ng", None)  # as if it were not installed: its import fails
    assert pdf_streams._zlib() is zlib


@SETTINGS
@given(_damaged(), st.integers(0, 5000), st.integers(1, 300))
def test_a_stream_inflates_to_the_same_bytes_as_through_zlib(raw, limit, chunk):
    """Chunks of a few bytes: the loop's every turn (more input, output cut at the limit or a
    chunk, no progress, the end) is taken with streams small enough to draw."""
    assert _inflated(raw, limit, chunk, zlib_ng) == _inflated(raw, limit, chunk, zlib)


@SETTINGS
@given(_damaged(), st.lists(st.tuples(st.integers(0, 64), st.integers(0, 300)), min_size=1, max_size=40))
def test_each_call_answers_as_zlib_does(raw, sizes):
    """Input given a piece at a time, output asked for up to a bound (0: all of it)."""
    assert _calls(raw, sizes, zlib_ng) == _calls(raw, sizes, zlib)


def test_a_bomb_inflates_to_the_limit_and_no_further():
    bomb = deflated_zeros(64 * 1024 * 1024)  # 64 MB in about 64 KB
    for limit in (0, 1, pdf_streams._CHUNK - 1, pdf_streams._CHUNK, 3 * pdf_streams._CHUNK + 7, 40 * 1024 * 1024):
        for chunk in (pdf_streams._CHUNK, 4096):
            out = _inflated(bomb, limit, chunk, zlib_ng)
            assert out == _inflated(bomb, limit, chunk, zlib) == b" " * limit


def test_a_huffman_code_that_does_not_fill_its_tree_is_refused_as_zlib_refuses_it():
    """A stream whose literal code has 「A」 of one bit and the end of the block of two (a quarter of
    the tree left over): zlib refuses it, and so zlib-ng does (ISA-L's inflate, quicker, reads 「AA」)."""
    stream = _incomplete_code_stream()
    for module in (zlib, zlib_ng):
        try:
            module.decompressobj().decompress(stream)
        except module.error as error:
            assert "invalid literal/lengths set" in str(error)
        else:
            raise AssertionError(f"{module.__name__} inflated a code that does not fill its tree")
    assert _inflated(stream, 100, 64, zlib_ng) == _inflated(stream, 100, 64, zlib) == b""


def _incomplete_code_stream() -> bytes:
    """A zlib stream of one dynamic block (RFC 1951 3.2.7) reading 「AA」 with an incomplete literal code."""
    bits: list[int] = []

    def put(value: int, count: int) -> None:  # header fields: least significant bit first
        bits.extend((value >> index) & 1 for index in range(count))

    def code(codes: dict[int, tuple[int, int]], symbol: int) -> None:  # Huffman codes: most significant bit first
        value, length = codes[symbol]
        bits.extend((value >> (length - 1 - index)) & 1 for index in range(length))

    def canonical(lengths: dict[int, int]) -> dict[int, tuple[int, int]]:
        codes, value = {}, 0
        for length in range(1, 16):
            for symbol in sorted(symbol for symbol, size in lengths.items() if size == length):
                codes[symbol], value = (value, length), value + 1
            value <<= 1
        return codes

    put(1, 1), put(2, 2)  # the last block, dynamic codes
    put(0, 5), put(0, 5), put(14, 4)  # 257 literal/length codes, one distance code, 18 code-length codes
    lengths = canonical({18: 2, 0: 2, 1: 2, 2: 2})  # the code lengths' own code: full
    for symbol in (16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1):
        put(2 if symbol in lengths else 0, 3)
    for symbol, extra in ((18, 65 - 11), (1, None), (18, 138 - 11), (18, 52 - 11), (2, None), (1, None)):
        code(lengths, symbol)  # 65 unused literals, 「A」: 1 bit, 190 unused, end of block: 2 bits; a distance: 1 bit
        if extra is not None:
            put(extra, 7)
    literals = canonical({ord("A"): 1, 256: 2})
    for symbol in (ord("A"), ord("A"), 256):
        code(literals, symbol)
    bits.extend([0] * (-len(bits) % 8))
    body = bytes(sum(bits[at + index] << index for index in range(8)) for at in range(0, len(bits), 8))
    return b"\x78\x9c" + body + zlib.adler32(b"AA").to_bytes(4, "big")


def _a_byte_at_a_time(raw: bytes, limit: int) -> bytes:
    """What a stream inflates to fed a byte at a time, up to the byte it breaks at: what PDFium keeps."""
    inflater, parts = zlib.decompressobj(), []
    for at in range(len(raw)):
        try:
            parts.append(inflater.decompress(raw[at : at + 1]))
        except zlib.error:
            break
        if inflater.eof:
            break
    return b"".join(parts)[:limit]


@SETTINGS
@given(_damaged(), st.integers(0, 5000), st.integers(1, 300))
def test_a_broken_stream_counts_what_it_inflates_to_before_it_breaks(raw, limit, chunk):
    """zlib keeps nothing of a call that fails: the bomb check counted six 50 MB streams broken at
    their ends as nothing, and PDFium inflated 660 MB of them."""
    assert _inflated(raw, limit, chunk, zlib_ng) == _a_byte_at_a_time(raw, limit)


def _pdfminers_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer.six 20260107's own (``pdftypes.decompress_corrupted``), quadratic: the reference."""
    import io

    d = zlib.decompressobj()
    f = io.BytesIO(data)
    result_str = b""
    buffer = f.read(1)
    i = 0
    try:
        while buffer:
            result_str += d.decompress(buffer)
            buffer = f.read(1)
            i += 1
    except zlib.error:
        if i < len(data) - 3:
            raise
    return result_str


@SETTINGS
@given(_damaged(), st.integers(1, 300))
def test_pdfminers_fallback_inflate_gives_what_its_own_gave(raw, chunk):
    """A cut-short 40 MB stream in a 39 KB file took pdfminer's own over five minutes."""
    from govlint.read import pdf_filters

    def answer(inflate: Any) -> Any:
        try:
            return inflate(raw)
        except zlib.error:
            return "error"

    with mock.patch.object(pdf_filters, "_CHUNK", chunk):
        assert answer(pdf_filters.decompress_corrupted) == answer(_pdfminers_decompress_corrupted)


def _answer(decode: Any, data: bytes) -> Any:
    try:
        return decode(data)
    except Exception as error:  # noqa: BLE001 - which kind pdfminer's own raises is part of the answer
        return type(error)


@SETTINGS
@given(_damaged(), st.integers(1, 300))
def test_pdfminers_counted_inflate_gives_what_zlib_gives(raw, most):
    """pdfminer's ``zlib.decompress``, a counted piece at a time: the same bytes, the same error."""
    from govlint.read import pdf_filters

    with mock.patch.object(pdf_filters, "_MOST", most):
        assert _answer(pdf_filters._CountedZlib.decompress, raw) == _answer(zlib.decompress, raw)


@SETTINGS
@given(st.binary(max_size=400))
def test_pdfminers_counted_lzw_and_run_length_give_what_its_own_give(data):
    from pdfminer.lzw import lzwdecode
    from pdfminer.runlength import rldecode

    from govlint.read import pdf_filters

    assert _answer(pdf_filters.lzwdecode, data) == _answer(lzwdecode, data)
    assert _answer(pdf_filters.rldecode, data) == _answer(rldecode, data)


def test_pdfminers_decoding_stops_at_the_bound_as_it_goes():
    """A bomb of 256 MB: refused within the bound's first piece past it, not after making it all."""
    from govlint.read import pdf_budget, pdf_filters

    with pdf_budget.limits() as budget:
        try:
            pdf_filters._CountedZlib.decompress(deflated_zeros(4 * pdf_budget.MAX_INFLATED))
        except pdf_budget.OverBudget as error:
            assert "疑似压缩炸弹" in str(error)
        else:
            raise AssertionError("inflated past the bound")
        assert budget.decoded <= pdf_budget.MAX_INFLATED + pdf_filters._MOST
