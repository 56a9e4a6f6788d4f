"""Applying fixes (``govlint check --fix`` / ``--diff``): the file with each certain correction made.

A text or Markdown file is changed in its own characters and written back in its own encoding
(byte-order mark and line endings kept).  A Word file is changed through python-docx in the
runs of the cell the fix names, so the cell keeps its font and alignment; the diff shows the
table rows as the reader laid them out.  A fix whose old text is no longer at its place (the
file changed since it was linted) is not applied.  Only fixes of reported findings are applied:
a finding silenced by a directive, the configuration or the baseline brings none.
"""

from __future__ import annotations

import codecs
import difflib
import io
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from .diagnostics import Diagnostic, Fix
from .errors import InputError
from .read import read_file
from .read.source import Source
from .read.text import decode

Reading = Callable[[bytes, str], Source]  # bytes and their file name → the source a linter reads

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_BOMS = {  # a UTF-16/32 file is written back in its own byte order, after its own mark
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


@dataclass(frozen=True)
class Fixed:
    """One file with its fixes made: the new bytes, a unified diff, and how many fixes were made."""

    path: str
    data: bytes
    diff: str
    count: int


def fixes_of(diagnostics: Iterable[Diagnostic]) -> list[Fix]:
    """The distinct fixes the findings carry (the members of one defect carry the same one), in file order."""
    found = {(d.fix.span, d.fix.old, d.fix.new): d.fix for d in diagnostics if d.fix is not None}
    return sorted(found.values(), key=lambda f: f.span)


def fix_file(path: str, fixes: Sequence[Fix], read: Reading) -> Fixed:
    """The file at ``path`` with ``fixes`` made (nothing is written).  Raises :class:`InputError`
    when the file cannot be read or is neither text nor Word."""
    return fix_bytes(read_file(path), path, fixes, read)


def fix_bytes(data: bytes, path: str, fixes: Sequence[Fix], read: Reading) -> Fixed:
    """The file ``data`` (named ``path``, as standard input is) with ``fixes`` made; ``read`` reads it
    as the linter that found the fixes did (:meth:`Linter.read_bytes`)."""
    source = read(data, path)
    if source.format not in ("text", "docx"):
        raise InputError(f"不能修改 {source.format} 文件，只能修改文本、Markdown 和 Word 文件 / cannot fix a {source.format} file", path=path)
    _, made = edited_lines(source.lines, fixes)
    if made and source.format == "text":
        data = _text_bytes(data, made)
    elif made:
        try:
            data, made = _docx_bytes(data, source, made)
        except Exception as error:  # noqa: BLE001 - python-docx and lxml raise many kinds on odd parts
            raise InputError(f"无法修改此 Word 文件（{type(error).__name__}） / cannot fix this Word file", path=path) from None
    lines, _ = edited_lines(source.lines, made)
    diff = "".join(f"{line}\n" for line in difflib.unified_diff(source.lines, lines, path, path, lineterm=""))
    return Fixed(path, data, diff, len(made))


def edited_lines(lines: Sequence[str], fixes: Sequence[Fix]) -> tuple[list[str], list[Fix]]:
    """``lines`` with each fix whose old text is at its span replaced; the fixes made."""
    out = list(lines)
    made = []
    for fix in sorted(fixes, key=lambda f: f.span, reverse=True):  # right to left: earlier spans stay put
        line, start, end = fix.span.line, fix.span.column - 1, fix.span.end_column - 1
        if not 1 <= line <= len(out) or out[line - 1][start:end] != fix.old:
            continue
        out[line - 1] = out[line - 1][:start] + fix.new + out[line - 1][end:]
        made.append(fix)
    return out, made[::-1]


def _text_bytes(data: bytes, fixes: Sequence[Fix]) -> bytes:
    """The text file's bytes with ``fixes`` made: the same encoding and line endings."""
    text, encoding = decode(data)
    parts = _LINE_BREAK.split(text)  # lines at even places, their line endings at odd ones
    parts[0::2], _ = edited_lines(parts[0::2], fixes)
    fixed = "".join(parts)
    for bom, codec in _BOMS.get(encoding, ()):
        if data.startswith(bom):
            return bom + fixed.encode(codec)
    return fixed.encode(encoding)


def _docx_bytes(data: bytes, source: Source, fixes: Sequence[Fix]) -> tuple[bytes, list[Fix]]:
    """The Word file with each fix made in the runs of its cell (see :func:`replace_in_runs`),
    and the fixes made: one whose cell no longer holds its old text once is left out."""
    import docx

    from .read.docx import element_origins

    document = docx.Document(io.BytesIO(data))
    elements = {name: element for element, name in element_origins(document.element.body).items()}
    made = []
    for fix in fixes:
        origin = source.origin(fix.span.line, fix.span.column)
        if origin is not None and origin.startswith("tc:") and origin in elements and replace_in_runs(elements[origin], fix.old, fix.new):
            made.append(fix)
    if not made:
        return data, made
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), made


def replace_in_runs(cell: Any, old: str, new: str) -> bool:
    """Replace the one occurrence of ``old`` in a cell's text, keeping its runs: the first run the
    old text touches takes the new text (and keeps its formatting), the others lose their share
    of it.  False when the cell does not hold ``old`` exactly once."""
    from .read.docx import T

    nodes = list(cell.iter(T))
    texts = [node.text or "" for node in nodes]
    joined = "".join(texts)
    if joined.count(old) != 1:
        return False
    start = joined.index(old)
    end = start + len(old)
    position, placed = 0, False
    for node, text in zip(nodes, texts):
        first, position = position, position + len(text)
        if position <= start or first >= end:
            continue
        before, after = text[: max(start - first, 0)], text[max(end - first, 0) :]
        node.text = before + ("" if placed else new) + after
        placed = True
    return True
