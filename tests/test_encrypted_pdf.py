"""Encrypted PDFs (no password to open them, as published reports that forbid copying are):
read as the same report, through PDFium (only in its capped child) and through pdfminer, and
the bomb check counts their streams decrypted, however the trailer spells ``/Encrypt``."""

from __future__ import annotations

import functools
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")
pytest.importorskip("pypdf", reason="pypdf encrypts the test PDFs")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf, pdf_crypt, pdf_isolated, pdf_streams  # noqa: E402
from govlint.testing import render_pdf, sample_reports  # noqa: E402
from tests.hostile_files import ENCRYPTIONS, encrypted, pdf as plain_pdf, pdfium_answer  # noqa: E402


@functools.cache
def _report() -> bytes:
    return render_pdf(sample_reports(1, 7)[0])


def _read(data: bytes) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    source = pdf.PdfReader().read("report.pdf", data)
    return source.lines, source.cell_places


@pytest.mark.parametrize("way", ENCRYPTIONS)
def test_an_encrypted_report_reads_as_the_same_report_through_pdfium_in_its_child(monkeypatch, way):
    if not pdf_isolated.available():
        pytest.skip("no capped child process here (Linux only)")
    children = []
    run = pdf_isolated.run
    monkeypatch.setattr(pdf_isolated, "run", lambda *arguments: children.append(1) or run(*arguments))
    assert _read(encrypted(_report(), way)) == _read(_report())
    assert children == [1]  # PDFium read it, in the child


@pytest.mark.parametrize("way", ENCRYPTIONS)
def test_an_encrypted_report_reads_as_the_same_report_through_pdfminer(monkeypatch, way):
    monkeypatch.setattr(pdf, "_read_pdfium", lambda *arguments, **options: None)
    assert _read(encrypted(_report(), way)) == _read(_report())


def test_pdfium_never_reads_an_encrypted_file_in_this_process(monkeypatch):
    """PDFium may take another trailer, or leave other streams undecrypted, than the bomb check
    counted (as pdfminer decrypts them): only the capped child may let it decrypt."""
    def refused(*arguments: object, **options: object) -> None:
        raise AssertionError("PDFium read an encrypted file in the reader's own process")

    plain = _read(_report())
    monkeypatch.setattr(pdf_isolated, "available", lambda: False)
    monkeypatch.setattr(pdf, "_read_pdfium", refused)
    assert _read(encrypted(_report(), "RC4-128")) == plain


def test_a_file_that_needs_a_password_is_refused_by_the_bomb_check():
    with pytest.raises(InputError, match="PDF 已加密"):
        pdf_streams.check(encrypted(_report(), "AES-128", password="secret"))


def test_an_unencrypted_file_is_not_opened_by_pdfminer_for_the_check(monkeypatch):
    monkeypatch.setattr(pdf_crypt, "decipher", lambda data: pytest.fail("pdfminer opened an unencrypted file"))
    assert not pdf_streams.check(_report()).encrypted


def test_streams_decrypted_with_an_rc4_key_the_fast_library_lacks_are_bounded(monkeypatch):
    """Keys of 88 to 120 bits are decrypted in Python (0.2 µs a byte): past MAX_SLOW_RC4 bytes
    the file is refused, below it is read as before."""
    monkeypatch.setattr(pdf_crypt, "_fast_arc4", lambda size: None)
    monkeypatch.setattr(pdf_crypt, "MAX_SLOW_RC4", 200)
    with pytest.raises(InputError, match="RC4"):
        pdf_streams.check(encrypted(_report(), "RC4-128"))
    monkeypatch.setattr(pdf_crypt, "MAX_SLOW_RC4", 10 * len(_report()))
    assert pdf_streams.check(encrypted(_report(), "RC4-128")).encrypted


def test_the_fast_rc4_has_the_key_lengths_printed_reports_use():
    assert pdf_crypt._fast_arc4(5) and pdf_crypt._fast_arc4(10) and pdf_crypt._fast_arc4(16)
    assert pdf_crypt._fast_arc4(11) is None


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(min_size=5, max_size=16), st.binary(max_size=300))
def test_the_fast_rc4_decrypts_as_pdfminers_own(key, data):
    from pdfminer.arcfour import Arcfour

    assert pdf_crypt.FastArcfour(key).decrypt(data) == pdf_crypt._python_rc4(key, data) == Arcfour(key).decrypt(data)


def test_the_bomb_check_opens_the_file_only_as_far_as_its_security_handler(monkeypatch):
    """pdfminer's document reads the trailer's /Root next, which may be in an encrypted object
    stream: it would decrypt and inflate it before the check counted it decrypted."""
    from pdfminer.pdfdocument import PDFDocument

    data = encrypted(_report(), "AES-128")
    resolved: list[int] = []
    getobj = PDFDocument.getobj
    monkeypatch.setattr(PDFDocument, "getobj", lambda self, objid: resolved.append(objid) or getobj(self, objid))
    assert pdf_crypt.decipher(data) is not None
    root = int(data[data.rindex(b"/Root") :].split()[1])
    assert resolved and root not in resolved  # the /Encrypt dictionary only


def test_decrypting_a_stream_for_every_object_it_may_be_is_bounded():
    """A comment before a stream naming 50,000 objects (「N 0 obj」 each) made the check decrypt the
    stream 50,000 times: past max_decrypted the file is refused, in about a second."""
    data = encrypted(_report(), "RC4-128")
    stream = max(re.finditer(rb"(\d+) 0 obj\n<<[^>]*?/Length (\d+)", data), key=lambda match: int(match.group(2)))
    fake = b"%" + b"".join(b"%d 0 obj " % number for number in range(100, 50_100)) + b"\n"
    with pytest.raises(InputError, match="太多可能的对象编号"):
        pdf_streams.check(data[: stream.start()] + fake + data[stream.start() :])


# ------------------------------------------------------------------ every spelling of /Encrypt


@functools.cache
def _encrypted_page() -> bytes:
    return encrypted(plain_pdf([b"BT /F1 12 Tf 72 770 Td (Annual report 2024) Tj ET"]), "RC4-128")


def _with_key(spelling: bytes) -> bytes:
    """The encrypted page with its trailer's ``/Encrypt`` spelt so (the trailer follows the
    cross-reference table: no offset moves)."""
    data = _encrypted_page()
    trailer = data.rindex(b"trailer")
    assert data.count(b"/Encrypt", trailer) == 1
    return data[:trailer] + data[trailer:].replace(b"/Encrypt", spelling)


def _pdfium_decrypts(data: bytes) -> bool:
    import pypdfium2.raw as c

    return pdfium_answer(data, lambda document: bool(c.FPDF_GetSecurityHandlerRevision(document.raw) != -1))


def _pdfminer_decrypts(data: bytes) -> bool:
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data))).encryption is not None
    except PDFPasswordIncorrect:
        return True
    except Exception:  # noqa: BLE001 - a file pdfminer cannot open: it decrypts nothing
        return False


def _spelt(pdfminer: bool):
    """Strategy: ``/Encrypt`` as one reader may read it: each character plain or ``#`` and two
    hex digits (each of either case; PDFium: any byte, read as 0, for a low nibble 0), with
    ``#`` dropped before characters (pdfminer drops one before what is no hex digit), ended by any byte."""
    hashes = st.sampled_from([b"", b"", b"", b"", b"#", b"##"]) if pdfminer else st.just(b"")

    def char(c: str):
        code = ord(c)
        digits = st.tuples(st.sampled_from(sorted({b"%x" % (code >> 4), b"%X" % (code >> 4)})),
                           st.sampled_from(sorted({b"%x" % (code & 15), b"%X" % (code & 15)})))
        ways = [st.just(c.encode()), digits.map(lambda pair: b"#" + b"".join(pair))]
        if code & 15 == 0 and not pdfminer:  # 「#7z」 is 「p」 to PDFium
            ways.append(st.sampled_from(b"gz_!*~Gq").map(lambda other: b"#%x%c" % (code >> 4, other)))
        return st.tuples(hashes, st.one_of(ways)).map(b"".join)

    ends = st.one_of(st.sampled_from(b" \n\r\t\x0c\x0b\x00\x80\xff/<[(%"), st.integers(0, 255))  # white space, delimiters: most
    return st.tuples(*(char(c) for c in "Encrypt"), hashes, ends).map(
        lambda parts: b"/" + b"".join(parts[:-1]) + bytes([parts[-1]]))


def test_the_encrypted_page_is_decrypted_by_both_readers():
    assert _pdfium_decrypts(_encrypted_page()) and _pdfminer_decrypts(_encrypted_page())
    assert not _pdfium_decrypts(_with_key(b"/Encrypx")) and not _pdfminer_decrypts(_with_key(b"/Encrypx"))


@settings(max_examples=300, deadline=None, database=None)
@given(_spelt(pdfminer=False))
def test_every_spelling_pdfium_decrypts_by_is_found(spelling):
    data = _with_key(spelling)
    assert pdf_crypt.may_be_encrypted(data) or not _pdfium_decrypts(data), spelling


@settings(max_examples=300, deadline=None, database=None)
@given(_spelt(pdfminer=True))
def test_every_spelling_pdfminer_decrypts_by_is_found(spelling):
    data = _with_key(spelling)
    assert pdf_crypt.may_be_encrypted(data) or not _pdfminer_decrypts(data), spelling



@pytest.mark.parametrize("way", ENCRYPTIONS)
def test_an_encrypted_report_is_counted_as_what_it_inflates_to_once(monkeypatch, way):
    """AES-256 decrypts a stream alike whatever object it is read as: the check counted it once for
    each object that may be it (a report 4.7 times over: one whose streams inflate to 14 MB would
    have been refused as a bomb; helper crypt-review)."""
    spent: list[int] = []
    spend = pdf_streams._Counter.spend
    monkeypatch.setattr(pdf_streams._Counter, "spend", lambda self, output: spent.append(len(output)) or spend(self, output))
    pdf_streams.check(_report())
    plain, spent[:] = sum(spent), []
    pdf_streams.check(encrypted(_report(), way))
    assert plain > 0 and sum(spent) <= plain * 1.25  # a wrong key's garbage may inflate a little
