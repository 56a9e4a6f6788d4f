"""The form walk (``pdf_forms.check``) refuses what expanding every draw, one by one, refuses:
forms that share /XObject dictionaries (each dictionary's forms found once, whatever resources
name it) and content that uses more names than its resources have forms (looked up from the
fewer) are walked in linear time and weighed as before."""

from __future__ import annotations

import io
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pdfminer")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf_budget, pdf_forms  # noqa: E402
from tests.hostile_files import HELVETICA, assemble  # noqa: E402

NAMES = ["Fm0", "Fm1", "Fm2"]
DRAWS = [b"/Fm0 Do", b"/Fm1 Do", b"/Fm2 Do", b"/Zz Do", b"/Zy Do", b"1 Do", b"0 0 m 1 1 l S"]  # 「1 Do」 may draw any form
MAX_DRAWS, MAX_BYTES = 3, 40  # small bounds, so that random files pass them

Dicts = list[dict[str, int]]  # /XObject dictionaries: name -> form
Forms = list[tuple[int | None, list[bytes]]]  # a form's own /XObject dictionary (None: the caller's), its draws
Pages = list[tuple[int, list[bytes]]]  # a page's /XObject dictionary, its draws


def _file(dicts: Dicts, forms: Forms, pages: Pages) -> bytes:
    """Objects: catalog, pages, font, the dictionaries, the forms, then each page and its content
    (pages that draw alike share the first one's content stream, as pages often do)."""
    first_form = 4 + len(dicts)
    first_page = first_form + len(forms)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * index) for index in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)), HELVETICA]
    shared = {tuple(draws): first_page + 2 * index + 1 for index, (_, draws) in reversed(list(enumerate(pages)))}
    objects += [b"<< " + b"".join(b"/%s %d 0 R " % (name.encode(), first_form + form) for name, form in names.items()) + b">>"
                for names in dicts]
    for own, draws in forms:
        content = b" ".join(draws)
        resources = b"" if own is None else b"/Resources << /XObject %d 0 R >> " % (4 + own)
        dictionary = b"<< /Length %d /Type /XObject /Subtype /Form /BBox [0 0 595 842] %s>>" % (len(content), resources)
        objects.append(dictionary + b"\nstream\n" + content + b"\nendstream")
    for index, (names, draws) in enumerate(pages):
        content = b" ".join(draws)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       b"/XObject %d 0 R >> /Contents %d 0 R >>" % (4 + names, shared[tuple(draws)]))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return assemble(objects)


class _Cycle(Exception):
    pass


def _expanded(dicts: Dicts, forms: Forms, pages: Pages) -> str | None:
    """The reference: each page's draws expanded one by one (a form drawn from the same dictionary
    twice on one path is a cycle); what the walk refuses the file for, or None."""

    @cache
    def expand(draws: tuple[bytes, ...], names: int, path: frozenset[tuple[int, int]]) -> tuple[int, int]:
        uses = Counter(draw.split()[0][1:] for draw in draws if draw.startswith(b"/"))
        unnamed = draws.count(b"1 Do")
        total_draws, total_bytes = 0, len(b" ".join(draws))
        for name, form in dicts[names].items():
            times = uses[name.encode()] + unnamed
            if times:
                own, form_draws = forms[form]
                node = (form, names if own is None else own)
                if node in path:
                    raise _Cycle
                inner_draws, inner_bytes = expand(tuple(form_draws), node[1], path | {node})
                total_draws, total_bytes = total_draws + times * (1 + inner_draws), total_bytes + times * inner_bytes
        return total_draws, total_bytes

    expanded = 0
    for number, (names, draws) in enumerate(pages, start=1):
        try:
            page_draws, page_bytes = expand(tuple(draws), names, frozenset())
        except _Cycle:
            return str(pdf_forms._refused("表单画出自身"))
        if page_draws > MAX_DRAWS:
            return str(pdf_forms._refused(f"第 {number} 页画出超过 {MAX_DRAWS:,} 个表单"))
        expanded += page_bytes
        if expanded > MAX_BYTES:
            return str(pdf_forms._refused(f"展开后的内容超过 {MAX_BYTES // 2**20} MB"))
    return None


def _walked(data: bytes) -> str | None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        pdf_forms.check(pdf_budget.pdfminer_pages(PDFDocument(PDFParser(io.BytesIO(data)))))
    except InputError as error:
        return str(error)
    return None


def test_the_walk_refuses_what_expanding_every_draw_refuses(monkeypatch):
    monkeypatch.setattr(pdf_forms, "MAX_FORM_DRAWS", MAX_DRAWS)
    monkeypatch.setattr(pdf_forms, "MAX_EXPANDED", MAX_BYTES)
    names = st.dictionaries(st.sampled_from(NAMES), st.integers(0, len(NAMES) - 1), max_size=3)
    draws = st.lists(st.sampled_from(DRAWS), max_size=3)

    page_draws = st.sampled_from([[b"/Fm0 Do"], [b"/Fm1 Do", b"1 Do"]]) | draws  # often alike: pages share content

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(names, min_size=3, max_size=3),
           st.lists(st.tuples(st.none() | st.integers(0, 2), draws), min_size=3, max_size=3),
           st.lists(st.tuples(st.integers(0, 2), page_draws), min_size=1, max_size=3))
    def check(dicts: Dicts, forms: Forms, pages: Pages) -> None:
        assert _walked(_file(dicts, forms, pages)) == _expanded(dicts, forms, pages)

    check()


def test_forms_sharing_one_dictionary_through_resources_of_their_own_are_weighed_once_each():
    """A thousand forms, each with resources of its own naming one shared /XObject dictionary that
    names all of them (its forms were found again for each: quadratic, 4,000 forms took 36 s)."""
    count = 1000
    dicts = [{f"F{index}": index for index in range(count)}]
    forms: Forms = [(0, [b"0 0 m 1 1 l S"])] * count
    pages: Pages = [(0, [b"/F%d Do" % index for index in range(count)])]
    walk = pdf_forms._Walk()
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    walk.pages(pdf_budget.pdfminer_pages(PDFDocument(PDFParser(io.BytesIO(_file(dicts, forms, pages))))))
    assert len(walk.forms) == 1  # the shared dictionary, the page's too
    assert len(walk.weights) == count and set(walk.weights.values()) == {(0, len(b"0 0 m 1 1 l S"))}


def test_pages_that_share_content_and_resources_are_weighed_once(monkeypatch):
    """200 pages of one content stream drawing 1,000 forms: each page's forms were weighed again."""
    count, pages = 1000, 200
    dicts = [{f"F{index}": index for index in range(count)}]
    forms: Forms = [(None, [b"0 0 m 1 1 l S"])] * count
    data = _file(dicts, forms, [(0, [b"/F%d Do" % index for index in range(count)])] * pages)
    read = []
    monkeypatch.setattr(pdf_forms, "_draws", lambda contents, draws=pdf_forms._draws: read.append(contents) or draws(contents))
    assert _walked(data) is None
    assert len(read) == 1 + count  # the page's content, then each form's
