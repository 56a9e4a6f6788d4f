"""Encrypted PDFs: which files may be, and what their streams decrypt to as pdfminer decrypts them.

A report is often published encrypted with an empty password to open it (only copying or
printing forbidden): both readers then decrypt every stream before decoding it.  To the bomb
check (``pdf_streams``) an encrypted stream is random bytes, so a flate bomb behind encryption
went uncounted: PDFium inflated a 1 MB file to 2 GB.  So, for a file that may be encrypted
(:func:`may_be_encrypted`: the trailer's ``/Encrypt`` key as either reader spells names):

* once every stream has been counted as written (an unencrypted cross-reference stream among
  them), pdfminer opens the file, bounded (``pdf_budget``), and its own security handler, for
  the trailer pdfminer takes, gives :func:`decipher`: each stream is decrypted as pdfminer would
  decrypt it and counted again;
* PDFium reads it only in the capped child process (``pdf_isolated``), as it reads files with
  forms: it may take another trailer, or leave other streams undecrypted, than pdfminer.

pdfminer's own RC4 is written in Python (10 µs a byte: an encrypted 2 MB report took it 20 s,
outside its clock); :func:`install` gives it the ``cryptography`` library's, which pdfminer
already requires for AES.  That library has no RC4 for keys of 88 to 120 bits, which no program
that prints reports uses: such a file's streams are decrypted in Python, at most
:data:`MAX_SLOW_RC4` bytes of them.
"""

from __future__ import annotations

import io
import re
from typing import Any, Callable, cast

from ..errors import InputError
from . import pdf_budget
from .pdf_forms import any_name, pdfium_name

# Streams decrypted by pdfminer's RC4 written in Python, all together (a few seconds of it)
MAX_SLOW_RC4 = 256 * 1024
NEEDS_PASSWORD = "PDF 已加密，请提供未加密的文件 / encrypted PDF: provide an unencrypted copy"

# A name to pdfminer (``psparser``): each character as written or as ``#`` and two hex digits; a
# ``#`` before anything but a hex digit is dropped; the name ends at white space or a delimiter.
_HEX = b"0-9A-Fa-f"
_DROPPED = rb"(?:#(?![" + _HEX + rb"]))*"
_PDFMINER_ENDS = rb"/%\[\]()<>{}\t\n\x0b\x0c\r "


def _pdfminer_name(text: str) -> bytes:
    """A regex for the name ``/text`` as pdfminer reads names."""
    def digit(value: int) -> bytes:
        return b"[%x%X]" % (value, value)

    parts = [_DROPPED + b"(?:%s|#%s%s)" % (re.escape(char.encode()), digit(ord(char) >> 4), digit(ord(char) & 15)) for char in text]
    return b"/" + b"".join(parts) + _DROPPED + rb"(?![^" + _PDFMINER_ENDS + rb"])"


ENCRYPT_NAMES = [pdfium_name("Encrypt"), _pdfminer_name("Encrypt")]
_ENCRYPT = any_name(ENCRYPT_NAMES)

Decrypt = Callable[[int, int, memoryview], "bytes | memoryview"]


def may_be_encrypted(data: bytes) -> bool:
    """Whether PDFium or pdfminer could find an ``/Encrypt`` key in ``data`` (one search)."""
    return _ENCRYPT.search(data) is not None


def decipher(data: bytes) -> Decrypt | None:
    """pdfminer's decryption of a stream of ``data`` (by its object number and generation), or None
    when pdfminer finds the file unencrypted or cannot open it (it then decrypts nothing).  Call
    it only once every stream has been counted as written: pdfminer decodes cross-reference
    streams as it opens a file.  A file that needs a password is refused (``InputError``), as
    both readers refuse it."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    install()
    pdf_budget.check_skeleton(data)
    try:
        with pdf_budget.limits():
            document = PDFDocument(PDFParser(io.BytesIO(data)))
    except pdf_budget.OverBudget as error:
        raise pdf_budget.over_budget(error) from None
    except PDFPasswordIncorrect:
        raise InputError(NEEDS_PASSWORD) from None
    except Exception:  # noqa: BLE001 - a file pdfminer cannot open: it decodes none of its streams
        return None
    if document.encryption is None or document.decipher is None:
        return None
    decrypt = cast(Decrypt, document.decipher)  # typed for bytes; its ciphers take any bytes-like data
    handler = getattr(decrypt, "__self__", None)
    return _counted(decrypt) if handler is not None and _slow_rc4(handler) else decrypt


def _slow_rc4(handler: Any) -> bool:
    """Whether the handler decrypts streams with RC4 keys the ``cryptography`` library lacks."""
    from pdfminer.pdfdocument import PDFStandardSecurityHandler

    chosen = handler.cfm.get(handler.strf) if hasattr(handler, "cfm") else handler.decrypt_rc4
    if getattr(chosen, "__func__", None) is not PDFStandardSecurityHandler.decrypt_rc4:
        return False
    return _fast_arc4(min(len(handler.key) + 5, 16)) is None


def _counted(decrypt: Decrypt) -> Decrypt:
    """``decrypt``, refusing the file past :data:`MAX_SLOW_RC4` bytes decrypted."""
    left = MAX_SLOW_RC4

    def counted(number: int, generation: int, data: memoryview) -> bytes | memoryview:
        nonlocal left
        left -= len(data)
        if left < 0:
            raise InputError(f"PDF 以少见长度的 RC4 密钥加密，解密超过 {MAX_SLOW_RC4 // 1024} KB 过慢，不予读取 "
                             "/ the PDF is encrypted with an RC4 key length too slow to decrypt")
        return decrypt(number, generation, data)

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
    library where it has RC4 for the key's length, else pdfminer's own."""

    def __init__(self, key: bytes) -> None:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives.ciphers import Cipher
        from pdfminer.arcfour import Arcfour

        arc4 = _fast_arc4(len(key))
        try:
            self._cipher = Cipher(arc4(key), mode=None).decryptor() if arc4 is not None else Arcfour(key)
        except UnsupportedAlgorithm:  # an OpenSSL without its legacy ciphers
            self._cipher = Arcfour(key)

    def decrypt(self, data: bytes) -> bytes:
        cipher = self._cipher
        return cipher.update(data) if hasattr(cipher, "update") else cipher.decrypt(data)

    encrypt = decrypt


def install() -> None:
    """Give pdfminer's security handlers :class:`FastArcfour`."""
    import pdfminer.pdfdocument

    setattr(pdfminer.pdfdocument, "Arcfour", FastArcfour)  # noqa: B010 - replacing a module's class
