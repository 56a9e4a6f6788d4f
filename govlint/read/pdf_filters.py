"""pdfminer's stream decoders that take time out of all proportion to their input, made linear.

* ASCII85: pdfminer strips the ``~>`` end marker with the regex ``\\s*~\\s*>?\\s*$``; ``re.sub``
  tries it at every position of a run of whitespace, so a stream ending in 200,000 tabs took
  45 s.  The same stripping with ``bytes.strip`` is linear; the decoding is the standard
  library's, as before.
* A flate stream zlib cannot inflate whole (broken, or cut short): pdfminer inflates it again a
  byte at a time, adding each piece to the bytes so far, which copies them all each time: a
  39 KB file, a cut-short stream of 40 MB of content, took more than five minutes.  The same
  output is kept in a list of pieces, and inflated a chunk at a time but for the chunk it breaks in.
"""

from __future__ import annotations

import zlib
from base64 import a85decode

_CHUNK = 64 * 1024


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
    error.  A chunk is given at once, and a byte at a time only from where the one that breaks began."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        before = inflater.copy()
        try:
            parts.append(inflater.decompress(chunk))
            continue
        except zlib.error:
            inflater = before
        for index in range(start, start + len(chunk)):
            try:
                parts.append(inflater.decompress(data[index : index + 1]))
            except zlib.error:
                if index < len(data) - 3:
                    raise
                return b"".join(parts)
    return b"".join(parts)


def install() -> None:
    """Use :func:`ascii85decode` and :func:`decompress_corrupted` where pdfminer decodes stream filters."""
    import pdfminer.pdftypes

    setattr(pdfminer.pdftypes, "ascii85decode", ascii85decode)  # noqa: B010 - replacing a module's function
    setattr(pdfminer.pdftypes, "decompress_corrupted", decompress_corrupted)  # noqa: B010
