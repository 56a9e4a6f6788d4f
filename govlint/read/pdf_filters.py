"""pdfminer's stream decoders that take time out of all proportion to their input, made linear.

* ASCII85: pdfminer strips the ``~>`` end marker with the regex ``\\s*~\\s*>?\\s*$``; ``re.sub``
  tries it at every position of a run of whitespace, so a stream ending in 200,000 tabs took
  45 s.  The same stripping with ``bytes.strip`` is linear; the decoding is the standard
  library's, as before.
* A flate stream zlib cannot inflate whole (broken, or cut short): pdfminer inflates it again a
  byte at a time, adding each piece to the bytes so far, which copies them all each time: a
  39 KB file, a cut-short stream of 40 MB of content, took more than five minutes.  The same
  output is kept in a list of pieces, and inflated a chunk at a time but for the chunk it breaks in.

And every byte pdfminer's flate, LZW and run-length decoders make is counted, in the reading's
``pdf_budget.limits``, against the same bound as the bomb check's (``MAX_INFLATED``), as it is
made: the bomb check counts what the streams it finds in the file's bytes decode to, but pdfminer
may read a stream the check did not find (a keyword written otherwise), or decrypt one with another
key than the check tried (``pdf_crypt``); pdfminer's own decoding is bounded whatever it reads.
"""

from __future__ import annotations

import io
import zlib
from base64 import a85decode
from typing import Any

from .pdf_budget import spend_decoded

_CHUNK = 64 * 1024
_MOST = 1024 * 1024  # bytes one call inflates at most: each piece counted before the next is made


def ascii85decode(data: bytes) -> bytes:
    """pdfminer's ``ascii85decode``: drop a leading ``<~`` or ``~`` and a trailing ``~>`` or ``~``
    (with the whitespace around them), then decode."""
    head = data.lstrip()
    head = head[1:].lstrip() if head.startswith(b"<") else head
    if head.startswith(b"~"):
        data = head[1:].lstrip()
    tail = data.rstrip()
    tail = tail[:-1].rstrip() if tail.endswith(b">") else tail
    if tail.endswith(b"~"):
        data = tail[:-1].rstrip()
    return a85decode(data)


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted``: what ``data`` inflates to fed a byte at a time; when a
    byte breaks it, the bytes before it, if it is one of the last four (the checksum), else the
    error.  A chunk is given at once, and a byte at a time only from where the one that breaks
    began (what that chunk made before it broke is counted twice: a bound, not a total)."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    for start in range(0, len(data), _CHUNK):
        before = inflater.copy()
        try:
            parts += _inflated(inflater, data[start : start + _CHUNK])
            continue
        except zlib.error:
            inflater = before
        for index in range(start, min(start + _CHUNK, len(data))):
            try:
                parts.append(_counted(inflater.decompress(data[index : index + 1])))
            except zlib.error:
                if index < len(data) - 3:
                    raise
                return b"".join(parts)
    return b"".join(parts)


def _inflated(inflater: Any, data: bytes) -> list[bytes]:
    """What ``inflater`` makes of ``data`` (to the stream's end), a piece of at most :data:`_MOST`
    bytes at a time, each counted before the next is made."""
    parts: list[bytes] = []
    pending = data
    while not inflater.eof:
        piece = inflater.decompress(pending, _MOST)
        if not piece and len(inflater.unconsumed_tail) >= len(pending):
            break  # no more comes out of what is given
        parts.append(_counted(piece))
        pending = inflater.unconsumed_tail
    return parts


def _counted(piece: bytes) -> bytes:
    spend_decoded(len(piece))
    return piece


class _CountedZlib:
    """What pdfminer's stream decoding calls ``zlib``: the standard library's, its inflate of a
    whole stream (``decompress``) made a piece at a time, each counted (``spend_decoded``); the same
    bytes, and the same error where the stream is broken or cut short."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        parts = _inflated(inflater, data)
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return b"".join(parts)


def lzwdecode(data: bytes) -> bytes:
    """pdfminer's ``lzwdecode``, each piece counted as it is made (a code makes up to 4 KB)."""
    from pdfminer.lzw import LZWDecoder

    return b"".join(_counted(piece) for piece in LZWDecoder(io.BytesIO(data)).run())


def rldecode(data: bytes) -> bytes:
    """pdfminer's ``rldecode``, what it makes counted before it is made (a run: 128 bytes from two)."""
    from pdfminer.runlength import rldecode as decode

    size = at = 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        size, at = (size + length + 1, at + length + 2) if length < 128 else (size + 257 - length, at + 2)
    spend_decoded(size)
    return decode(data)


def install() -> None:
    """Use these where pdfminer decodes stream filters."""
    import pdfminer.pdftypes

    replaced: dict[str, Any] = {"ascii85decode": ascii85decode, "decompress_corrupted": decompress_corrupted,
                                "zlib": _CountedZlib, "lzwdecode": lzwdecode, "rldecode": rldecode}
    for name, replacement in replaced.items():
        setattr(pdfminer.pdftypes, name, replacement)  # noqa: B010 - replacing a module's function
