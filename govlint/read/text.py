"""Plain text and Markdown: bytes → :class:`Source`, deciding the encoding without guessing wrong.

Order of trust: a byte-order mark; strict UTF-8; strict GB18030 (the superset of GBK that
Chinese Windows saves) only when the result reads as Chinese text.  Anything else is an
unknown encoding, reported, never decoded with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from .source import Source

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"PK\x03\x04", "这是压缩包或 Word (.docx) 文件，不是文本 / a ZIP or Word (.docx) file, not text"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word (.doc) 或其他 OLE 文件，请另存为 .docx / an old .doc (OLE) file: save it as .docx"),
    (b"%PDF", "这是 PDF 文件，需要安装 PDF 支持 / a PDF file: install govlint[pdf] to read it"),
    (b"{\\rtf", "这是 RTF 文件，请另存为 .docx 或 .txt / an RTF file: save it as .docx or .txt"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What text is not made of, nor its usual blanks (a line end is neither plausible nor counted):
# counting these few (and not every plausible character, a match each) keeps the test at C speed.
# A blank other than those of _BLANKS is one of them too, told apart by str.isspace.
_ODD = re.compile(r"[^\u0020-\u007e\t\n\r\u00b7\u2010-\u2027\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2160-\u217f\u2460-\u24ff]")
_BLANKS = (" ", "\t", "\n", "\r", "\u3000")  # the blanks text is made of, each counted by str.count


def split_lines(text: str) -> tuple[str, ...]:
    """Split on CRLF, CR and LF only (``str.splitlines`` also splits on form feeds and U+2028)."""
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")  # the same cut, at C speed
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`InputError` with a bilingual reason."""
    if not data.strip():
        raise InputError("文件为空 / the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(f"文件以 {encoding} 字节序标记开头但内容无法按此编码读取 / BOM says {encoding} but the bytes do not decode") from None
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(message)
    if b"\x00" in data[:4096]:
        raise InputError("这是二进制文件，不是文本 / a binary file, not text")
    text = _strict(data, "utf-8")
    encoding = "utf-8"
    if text is None:
        text, encoding = _strict(data, "gb18030"), "gb18030"
        if text is None or not _reads_as_text(text):
            raise InputError("无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK） / unknown text encoding (UTF-8, UTF-16 and GB18030/GBK are supported)")
    if not _reads_as_text(text):
        raise InputError("文件含大量控制字符，不像文本 / too many control characters: not a text file")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        # A file cut off in the middle of a character: keep what is whole.
        if error.reason.startswith("unexpected end") and error.start >= len(data) - 4:
            return data[: error.start].decode(encoding, errors="strict")
        return None


def _reads_as_text(text: str) -> bool:
    """Whether nine in ten of the first 20,000 characters that are not blanks (``str.isspace``)
    are plausible in a report.  The blanks are counted, not cut out: cutting makes a piece of
    every word between two blanks (two fifths of reading a text report)."""
    head = text[:20000]
    odd = _ODD.findall(head)
    odd_blanks = sum(1 for ch in odd if ch.isspace())
    size = len(head) - sum(map(head.count, _BLANKS)) - odd_blanks
    if not size:
        return True
    plausible = size - (len(odd) - odd_blanks)
    return plausible / size >= 0.9


class TextReader:
    """Reads ``.txt`` and ``.md`` drafts (and anything else that decodes as text)."""

    name = "text"
    priority = 1000  # the fallback: asked last
    suffixes = (".txt", ".md", ".markdown")  # what folder walks collect

    def sniff(self, path: str, head: bytes) -> bool:
        return True

    def read(self, path: str, data: bytes) -> Source:
        text, encoding = decode(data)
        return Source(path=path, lines=split_lines(text), format="text", encoding=encoding)
