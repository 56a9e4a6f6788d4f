"""Hostile files made on the fly: compression bombs, PDFs of 100,000 pages, huge pages of cells.

Each is small on disk (or quick to make) and enormous once read without limits."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any, Callable

from govlint.testing import render_docx, sample_reports


def deflated_zeros(size: int, byte: bytes = b" ") -> bytes:
    """``size`` bytes of one byte, deflated: a megabyte becomes about a kilobyte."""
    packer = zlib.compressobj(9)
    chunk = byte * (1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + packer.flush()


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf(contents: list[bytes], *, streams: list[bytes] | None = None, font: bytes = HELVETICA,
        resources: bytes = b"", entries: list[bytes] | None = None) -> bytes:
    """A PDF with one page per content stream (raw stream data, FlateDecode when it is zlib); its
    font F1 is object 3, the extra streams follow the pages.  ``resources`` is added to each
    page's resources, ``entries[i]`` to the dictionary of extra stream ``i``."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    kids = []
    for content in contents:
        page, stream = len(objects) + 1, len(objects) + 2
        kids.append(f"{page} 0 R".encode())
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> ".encode()
                       + resources + f">> /Contents {stream} 0 R >>".encode())
        flate = b" /Filter /FlateDecode" if content[:1] == b"\x78" else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(content), flate) + content + b"\nendstream")
    for index, extra in enumerate(streams or []):
        entry = entries[index] if entries else b""
        objects.append(b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(extra), entry) + extra + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return assemble(objects)


def assemble(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), its cross-reference table exact."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def assemble_packed(objects: list[bytes], packed: int, header: bytes, body: bytes, *, deflated: bool = False) -> bytes:
    """A PDF of these objects (numbered from 1) but object ``packed``, which the object stream
    of ``header`` and ``body`` holds (its first object; the stream deflated or not), found
    through a cross-reference stream."""
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    data = zlib.compress(header + body) if deflated else header + body
    entries = b"/Filter /FlateDecode " if deflated else b""
    for number, content in enumerate(objects + [b"<< /Type /ObjStm /N 1 /First %d /Length %d %s>>\nstream\n"
                                                % (len(header), len(data), entries) + data + b"\nendstream"], 1):
        rows.append(b"\x02" + struct.pack(">IH", len(objects) + 1, 0) if number == packed else b"\x01" + struct.pack(">IH", out.tell(), 0))
        if number != packed:
            out.write(b"%d 0 obj\n" % number + content + b"\nendobj\n")
    xref, size = out.tell(), len(rows) + 1
    rows.append(b"\x01" + struct.pack(">IH", xref, 0))
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (size - 1, size, 7 * size)
              + b"".join(rows) + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def lzw(data: bytes, early_change: int) -> bytes:
    """``data`` LZW-encoded as a PDF stream with ``/EarlyChange early_change`` (under 3,800 codes)."""
    table = {bytes([byte]): byte for byte in range(256)}
    codes, word = [256], b""  # clear-table first
    for byte in data:
        if word + bytes([byte]) in table:
            word += bytes([byte])
        else:
            codes.append(table[word])
            table[word + bytes([byte])] = len(table) + 2  # 256 and 257 are clear-table and end
            word = bytes([byte])
    codes += [table[word], 257]
    widths = [9] + [next(size for size in (9, 10, 11, 12) if 258 + max(index - 1, 0) + early_change < 2 ** size)
                    for index in range(len(codes) - 1)]  # each code's: the reader's table is an entry behind the writer's
    bits = 0
    for code, width in zip(codes, widths):
        bits = bits << width | code
    total = sum(widths)
    return (bits << (-total % 8)).to_bytes((total + 7) // 8, "big")


def updated(data: bytes, number: int, offset: int) -> bytes:
    """``data`` with an incremental update: a cross-reference section that puts object ``number`` at ``offset``."""
    previous = int(data[data.rindex(b"startxref") + 9:].split()[0])
    return data + b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        number, offset, number + 1, previous, len(data))


def reassembled(data: bytes) -> bytes:
    """A PDF made by :func:`pdf` and then edited (its objects' lengths changed), with its
    cross-reference table made exact again: a table that points astray is rebuilt by each reader."""
    return assemble([body for _, body in re.findall(rb"(?ms)^(\d+) 0 obj\n(.*?)\nendobj\n", data)])


ENCRYPTIONS = ("RC4-40", "RC4-128", "AES-128", "AES-256")  # pypdf's names of the standard security handler's ways


def encrypted(data: bytes, algorithm: str, password: str = "") -> bytes:
    """``data`` encrypted by pypdf (a test extra) with the user ``password`` (empty: anyone may
    open it, as published reports that forbid copying are), each stream's data as written
    (never decoded: a bomb stays small)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdfium_answer(data: bytes, ask: Callable[[Any], bool]) -> bool:
    """``ask`` of PDFium's document of ``data`` (pypdfium2's), False when PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        return ask(document)
    finally:
        document.close()


def text_page(text: str = "Annual report 2024") -> bytes:
    return f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()


def docx_with_parts(parts: dict[str, bytes]) -> bytes:
    """A generated report's .docx with extra (or replaced) parts, deflated as hard as zip can."""
    original = zipfile.ZipFile(io.BytesIO(render_docx(sample_reports(1)[0])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in original.infolist():
            if item.filename not in parts:
                archive.writestr(item.filename, original.read(item.filename))
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def html_of_cells(cells: int) -> bytes:
    row = "<tr>" + "<td>0</td>" * 10 + "</tr>"
    return ("<html><body><h1>2024年政府信息公开工作年度报告</h1><table>" + row * (cells // 10) + "</table></body></html>").encode()


def pdf_with_junk(junk: bytes, where: str, *, broken_xref: bool = False) -> bytes:
    """A generated report's PDF with ``junk`` (a giant line, thousands of tokens) inside an
    object's dictionary (``"object"``), between two objects (``"between"``) or at the end,
    its cross-reference table optionally broken: the class of the long fuzz run's last
    failures (issue 13), which pdfminer re-scanned token by token for tens of seconds."""
    import re

    from govlint.testing.fuzz import Base

    data = Base.get("pdf")
    at = {
        "object": [m.end() for m in re.finditer(rb"\d+ 0 obj", data)][3],  # a page's dictionary
        "between": [m.end() for m in re.finditer(rb"endobj\n", data)][2],
        "end": len(data),
    }[where]
    data = data[:at] + junk + data[at:]
    return data.replace(b"xref", b"xrfe", 1) if broken_xref else data


def pdf_of_forms(page: bytes, forms: list[tuple[bytes, dict[str, int] | None]], on_page: dict[str, int], *,
                 subtype: bytes = b"/Form") -> bytes:
    """A one-page PDF (content ``page``) with form XObjects: form ``i`` (object ``6 + i``) has the
    content ``forms[i][0]`` and, unless it is None, resources of its own naming forms by index
    (``{"Fm1": 0}``); ``on_page`` names forms in the page's resources."""

    def names(mapping: dict[str, int]) -> bytes:
        return b"/XObject << " + b"".join(b"/%s %d 0 R " % (name.encode(), 6 + index) for name, index in mapping.items()) + b">> "

    entries = [b"/Type /XObject /Subtype " + subtype + b" /BBox [0 0 595 842] "
               + (b"/Resources << " + names(own) + b">> " if own is not None else b"") for _, own in forms]
    return pdf([page], streams=[zlib.compress(content) for content, _ in forms], resources=names(on_page), entries=entries)
