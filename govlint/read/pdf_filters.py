"""A linear ASCII85 filter for pdfminer, whose own one is quadratic in trailing whitespace.

pdfminer strips the ``~>`` end marker with the regex ``\\s*~\\s*>?\\s*$``; ``re.sub`` tries it
at every position of a run of whitespace, so a stream ending in 200,000 tabs took 45 s.  The
same stripping with ``bytes.strip`` is linear; the decoding is the standard library's, as before.
"""

from __future__ import annotations

from base64 import a85decode


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


def install() -> None:
    """Use :func:`ascii85decode` where pdfminer decodes stream filters."""
    import pdfminer.pdftypes

    setattr(pdfminer.pdftypes, "ascii85decode", ascii85decode)  # noqa: B010 - replacing a module's function
