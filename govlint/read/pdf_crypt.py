"""Encrypted PDFs: which files may be, and what their streams decrypt to as pdfminer decrypts them.

A report is often published encrypted with an empty password to open it (only copying or
printing forbidden): both readers then decrypt every stream before decoding it.  To the bomb
check (``pdf_streams``) an encrypted stream is random bytes, so a flate bomb behind encryption
went uncounted: PDFium inflated a 1 MB file to 2 GB.  So, for a file that may be encrypted
(:func:`may_be_encrypted`: the trailer's ``/Encrypt`` key as either reader spells names):

* once every stream has been counted as written (an unencrypted cross-reference stream among
  them), pdfminer opens the file as far as its security handler (for the trailer pdfminer takes;
  not to the catalog, which may sit in an encrypted object stream), bounded (``pdf_budget``),
  and :func:`decipher` decrypts a stream as pdfminer would, to be counted again: for each object
  it may be (pdfminer takes the key from the header where its cross-reference table points),
  at most :func:`max_decrypted` bytes in all;
* PDFium reads it only in the capped child process (``pdf_isolated``), as it reads files with
  forms: it may take another trailer, or leave other streams undecrypted, than pdfminer.

pdfminer's own RC4 is written in Python and quadratic (a 512 KB stream took it 12 s, outside
its clock); :func:`install` gives it the ``cryptography`` library's, which pdfminer already
requires for AES.  That library has no RC4 for keys of 88 to 120 bits, which no program that
prints reports uses: those are decrypted in Python, in linear time (0.2 µs a byte), the bomb
check's at most :data:`MAX_SLOW_RC4` bytes.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any, Callable, cast

from ..errors import InputError
from . import pdf_budget, pdf_filters
from .pdf_forms import pdfium_name

# Streams the bomb check decrypts in Python (RC4 with a key length the fast library lacks): about a second
MAX_SLOW_RC4 = 4 * 1024 * 1024
# Streams it decrypts in all, each once for every object it may be (a report's: four times its size),
# each decryption counted as at least DECRYPTION_COST bytes (its setting up, and the looks at what comes out)
MAX_DECRYPTED = 16 * 1024 * 1024
DECRYPTION_COST = 4096
NEEDS_PASSWORD = "PDF 已加密，请提供未加密的文件 / encrypted PDF: provide an unencrypted copy"

# A name to pdfminer (``psparser``): each character as written or as ``#`` and two hex digits; a
# ``#`` before anything but a hex digit is dropped; the name ends at white space or a delimiter
# (「/En#63ry##pt」 is 「/Encrypt」).
_HEX = b"0-9A-Fa-f"
_DROPPED = rb"(?:#(?![" + _HEX + rb"]))*"
_PDFMINER_ENDS = rb"/%\[\]()<>{}\t\n\x0b\x0c\r "


def _pdfminer_name(text: str) -> bytes:
    """A regex for the name ``/text`` as pdfminer reads names."""
    def digit(value: int) -> bytes:
        return b"[%x%X]" % (value, value)

    parts = [_DROPPED + b"(?:%s|#%s%s)" % (re.escape(char.encode()), digit(ord(char) >> 4), digit(ord(char) & 15))
             for char in text]
    return b"/" + b"".join(parts) + _DROPPED + rb"(?![^" + _PDFMINER_ENDS + rb"])"


# The ``/`` written once before both (a search then runs at C speed from one ``/`` to the next)
_ENCRYPT = re.compile(b"/(?:%s|%s)" % (pdfium_name("Encrypt")[1:], _pdfminer_name("Encrypt")[1:]))

Decrypt = Callable[[int, int, memoryview], bytes | memoryview]


def may_be_encrypted(data: bytes) -> bool:
    """Whether PDFium or pdfminer could find an ``/Encrypt`` key in ``data`` (one search)."""
    return _ENCRYPT.search(data) is not None


def decipher(data: bytes) -> Decrypt | None:
    """pdfminer's decryption of a stream of ``data`` (by its object number and generation), or None
    when pdfminer finds the file unencrypted or cannot open it (it then decrypts nothing).  Call
    it only once every stream has been counted as written: pdfminer decodes cross-reference
    streams as it opens a file (counted too: ``pdf_filters``).  A file that needs a password is
    refused (``InputError``), as both readers refuse it."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    install()
    pdf_filters.install()
    pdf_budget.check_skeleton(data)
    try:
        with pdf_budget.limits():
            _opened_to_its_handler()(PDFParser(io.BytesIO(data)))
    except _Found as found:
        handler = found.handler
    except pdf_budget.OverBudget as error:
        raise pdf_budget.over_budget(error) from None
    except PDFPasswordIncorrect:
        raise InputError(NEEDS_PASSWORD) from None
    except Exception:  # noqa: BLE001 - a file pdfminer cannot open: it decrypts none of its streams (its decoding is counted)
        return None
    else:
        return None  # no /Encrypt in the trailer pdfminer takes: it decrypts nothing
    slow = _slow_rc4(handler)
    return _counted(handler.decrypt, MAX_SLOW_RC4 if slow else max_decrypted(len(data)), slow)


def max_decrypted(size: int) -> int:
    """The bytes the bomb check may decrypt in a file of ``size`` bytes."""
    return max(MAX_DECRYPTED, 16 * size)


class _Found(Exception):
    """pdfminer made the file's security handler: its document is read no further."""

    def __init__(self, handler: Any) -> None:
        super().__init__()
        self.handler = handler


def _stopping(factory: Any) -> Callable[..., Any]:
    def make(docid: Any, param: Any, password: str) -> Any:
        raise _Found(factory(docid, param, password))

    return make


@functools.cache
def _opened_to_its_handler() -> Any:
    """pdfminer's document class, opened only until it has made its security handler (``_Found``):
    past that it reads the trailer's /Info and /Root, which may be in an object stream it would
    decrypt and inflate, unbounded, before the bomb check counted it decrypted."""
    from pdfminer.pdfdocument import PDFDocument

    registry = {version: _stopping(factory) for version, factory in PDFDocument.security_handler_registry.items()}
    return type("OpenedToItsHandler", (PDFDocument,), {"security_handler_registry": registry})


def _slow_rc4(handler: Any) -> bool:
    """Whether the handler decrypts streams with RC4 keys the ``cryptography`` library lacks."""
    from pdfminer.pdfdocument import PDFStandardSecurityHandler, PDFStandardSecurityHandlerV4

    # a V4 handler decrypts streams by its StrF (it refuses a StmF other than StrF)
    chosen = handler.cfm.get(handler.strf) if isinstance(handler, PDFStandardSecurityHandlerV4) else handler.decrypt_rc4
    if getattr(chosen, "__func__", None) is not PDFStandardSecurityHandler.decrypt_rc4:
        return False
    object_key = min(len(handler.key) + 5, 16)  # the file's key and 5 bytes of object number and generation, at most 16
    return _fast_arc4(object_key) is None


def _counted(decrypt: Any, limit: int, slow: bool) -> Decrypt:
    """``decrypt``, refusing the file past ``limit`` bytes decrypted."""
    left = limit

    def counted(number: int, generation: int, data: memoryview) -> bytes | memoryview:
        nonlocal left
        left -= max(len(data), DECRYPTION_COST)
        if left < 0 and slow:
            raise InputError(f"PDF 以少见长度的 RC4 密钥加密，解密超过 {limit // 2**20} MB 过慢，不予读取 "
                             "/ the PDF is encrypted with an RC4 key length too slow to decrypt")
        if left < 0:
            raise InputError(f"PDF 的加密流须按太多可能的对象编号各解密一遍（超过 {limit // 2**20} MB），不予读取 "
                             "/ the PDF's encrypted streams would be decrypted too many times over")
        return cast(bytes, decrypt(number, generation, data))  # typed for bytes; its ciphers take any bytes-like data

    return counted


def _fast_arc4(size: int) -> Any:
    """The ``cryptography`` library's RC4 for keys of ``size`` bytes, or None where it has none."""
    try:
        from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    except ImportError:  # before cryptography 43
        try:
            from cryptography.hazmat.primitives.ciphers.algorithms import ARC4
        except ImportError:
            return None
    return ARC4 if 8 * size in ARC4.key_sizes else None


class FastArcfour:
    """pdfminer's ``Arcfour`` (``Arcfour(key).decrypt(data)``), through the ``cryptography``
    library where it has RC4 for the key's length, else :func:`_python_rc4`."""

    def __init__(self, key: bytes) -> None:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives.ciphers import Cipher

        arc4 = _fast_arc4(len(key))
        try:
            self.decrypt: Callable[[bytes], bytes] = Cipher(arc4(key), mode=None).decryptor().update if arc4 is not None \
                else functools.partial(_python_rc4, key)
        except UnsupportedAlgorithm:  # an OpenSSL without its legacy ciphers
            self.decrypt = functools.partial(_python_rc4, key)
        self.encrypt = self.decrypt


def _python_rc4(key: bytes, data: bytes) -> bytes:
    """RC4 in Python, in linear time (pdfminer's adds each byte to the bytes so far)."""
    state, j = list(range(256)), 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) & 255
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(len(data)), 0, 0
    for at, byte in enumerate(data):
        i = (i + 1) & 255
        x = state[i]
        j = (j + x) & 255
        y = state[j]
        state[i], state[j] = y, x
        out[at] = byte ^ state[(x + y) & 255]
    return bytes(out)


def install() -> None:
    """Give pdfminer's security handlers :class:`FastArcfour`."""
    import pdfminer.pdfdocument

    setattr(pdfminer.pdfdocument, "Arcfour", FastArcfour)  # noqa: B010 - replacing a module's class
