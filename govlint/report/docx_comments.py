"""Findings as Word review comments, so a drafter who never opens a terminal sees each one where it is.

The original file's bytes are opened again with python-docx, each finding is put as a review
comment (author 「govlint」) on the paragraph or table cell the reader took its text from
(:attr:`Source.origins`), and the document is saved as new bytes: nothing else changes, and
the annotated file lints to the same findings.  A finding that points at no element (one about
the whole report) is put on the report's first paragraph, so none is hidden.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from ..diagnostics import Diagnostic, group_members
from ..read.docx import P, element_origins
from ..read.source import Source

AUTHOR = "govlint"
INITIALS = "GL"


def annotate_docx(data: bytes, diagnostics: Iterable[Diagnostic], source: Source) -> bytes:
    """``data`` (the .docx ``source`` was read from) with one review comment per diagnostic."""
    import docx

    document = docx.Document(io.BytesIO(data))
    elements = {name: element for element, name in element_origins(document.element.body).items()}
    whole = next((elements[o] for line in source.origins for o in line if o in elements), None)
    diagnostics = list(diagnostics)
    groups = group_members(diagnostics)
    for diagnostic in diagnostics:
        related = groups[diagnostic][1] if diagnostic in groups else ()
        origin = source.origin(diagnostic.line, diagnostic.column) if diagnostic.line > 0 else None
        element = elements.get(origin, whole) if origin else whole
        if element is None:  # a reader that kept no origins: nothing to anchor a comment on
            raise ValueError("the source carries no Word origins; read it with the docx reader")
        document.add_comment(_runs(element), text=comment_text(diagnostic, related), author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def comment_text(diagnostic: Diagnostic, related: Sequence[Diagnostic] = ()) -> str:
    """What the comment says: severity, rule, message, the expected and found values, the hint, then
    the other findings of the same defect (each has its own comment where it points)."""
    lines = [_title(diagnostic)]
    values = []
    if diagnostic.expected is not None:
        values.append(f"应为：{diagnostic.expected}")
    if diagnostic.actual is not None:
        values.append(f"实为：{diagnostic.actual}")
    if values:
        lines.append("；".join(values))
    if diagnostic.hint:
        lines.append(f"提示：{diagnostic.hint}")
    lines.extend(f"同一问题：{_title(other)}" + (f"（{other.place}）" if other.place else "") for other in related)
    return "\n".join(lines)


def _title(diagnostic: Diagnostic) -> str:
    return f"【{diagnostic.severity.chinese}】{diagnostic.rule}（{diagnostic.name}）：{diagnostic.message}"


def _runs(element: Any) -> list[Any]:
    """The runs of a paragraph or cell a comment spans; an empty run is added where there is none
    (an empty cell), since Word anchors a comment on runs."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(p, None) for p in ([element] if element.tag == P else element.iter(P))]  # type: ignore[arg-type]
    runs = [run for paragraph in paragraphs for run in paragraph.runs]
    if runs:
        return runs
    if not paragraphs:  # a cell always holds a paragraph; a malformed one may not
        paragraphs = [Paragraph(OxmlElement("w:p"), None)]  # type: ignore[arg-type]  # only its runs are used
        element.append(paragraphs[0]._p)
    return [paragraphs[0].add_run()]
