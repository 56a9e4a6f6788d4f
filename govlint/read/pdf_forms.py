"""Form XObjects that expand past a bound: refused before PDFium or pdfminer loads a page.

A form XObject is content drawn by name (``/Fm1 Do``), and a form may draw forms, itself
too.  PDFium expands every form when it loads a page (each draw parsed anew, 40 levels
deep), before any of ``pdf_budget``'s counts: an 835-byte file whose one form draws itself
twice used all memory, 7 levels of forms each drawing the next 10 times took 6 s and 1.5 GB;
pdfminer expands them as it interprets the page.  So, before either reads a page:

1. a file with no form pays one bytes search (:data:`_MAY_HAVE_FORMS`): a form's
   ``/Subtype /Form`` sits in the stream's dictionary, which is never inside a compressed
   object stream, so the name is in the file's plain bytes (spelt with ``#xx`` escapes or
   not), or the subtype is an indirect object (``/Subtype 9 0 R``, which PDFium follows) or a
   string (``/Subtype (Form)``: PDFium reads a string there as the name);
2. a file that may have forms is walked by pdfminer (under ``pdf_budget``'s limits), twice:
   streams read by their ``/Length``, then up to their ``endstream`` (PDFium reads a stream
   whose ``/Length`` does not end at ``endstream`` so, pdfminer never); from
   each page, through the forms its resources name and the glyphs of its Type3 fonts (a
   glyph's procedure is content too, read by PDFium when it reads the page's text), an upper
   bound of the forms drawn and of the content bytes parsed (:class:`_Walk`) is summed, each
   form's once per page (memoised).

A file is refused (``InputError``) when a form or glyph can draw itself (a cycle through the
resources in effect), when one page draws more than :data:`MAX_FORM_DRAWS` forms, or when
the pages' content with every form expanded passes :data:`MAX_EXPANDED` bytes; and, as any
file pdfminer cannot read, when the walk itself fails or passes ``pdf_budget``'s bounds.
Forms nested past ``pdf_pdfium.MAX_FORM_DEPTH`` but within these bounds are read as before.

The walk sees pdfminer's pages; PDFium loads its own, so it may read a file with forms only
when both take the same objects for the pages (:func:`_pdfium_pages_are_walked`): a page
object without ``/Type /Page`` is a page to PDFium and not to pdfminer, and a form bomb there
was loaded unchecked.  Otherwise pdfminer reads the file: it reads the pages walked.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections import Counter
from typing import Any, Iterator, NamedTuple

from ..errors import InputError
from . import pdf_budget, pdf_filters

# Each form drawn is at least one more object PDFium builds and keeps for the page, as each
# character and path is; the file may hold no more of those (``pdf_budget.MAX_OBJECTS``).
MAX_FORM_DRAWS = pdf_budget.MAX_OBJECTS
# Content that forms expand is parsed as if it were written out: no more than the file's
# compressed streams may inflate to all together.
MAX_EXPANDED = pdf_budget.MAX_INFLATED

_WHITE = rb"\x00\t\n\x0c\r "
_DELIMITERS = _WHITE + rb"()<>\[\]{}/%"


def _name(text: str) -> bytes:
    """A regex for the PDF name ``/text``, any of its bytes possibly written ``#xx``, ended by a delimiter."""
    parts = [b"(?:%s|#%x|#%X)" % (re.escape(char.encode()), ord(char), ord(char)) for char in text]  # #6f or #6F
    return b"/" + b"".join(parts) + b"(?![^" + _DELIMITERS + b"])"


_SPACE = rb"(?:[" + _WHITE + rb"]|%[^\r\n]*[\r\n])"  # white space or a comment, as PDFium skips both
_MAY_HAVE_FORMS = re.compile(_name("Form") + b"|" + _name("Subtype") + _SPACE + rb"*(?:\d+" + _SPACE + rb"+\d+" + _SPACE
                             + rb"+R|\(|<(?!<))")
_DO = re.compile(rb"(?<![^" + _DELIMITERS + rb"])(?<!/)Do(?![^" + _DELIMITERS + rb"])")  # the operator (``/Do`` is a name)
_NAMED_DO = re.compile(rb"/([^" + _DELIMITERS + rb"]*)[" + _WHITE + rb"]*" + _DO.pattern)  # a name just before it
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ODD_ESCAPE = re.compile(rb"#(?![0-9A-Fa-f]{2})")  # pdfminer drops or shortens it, PDFium reads it otherwise
_OBJECT_START = re.compile(rb"[" + _WHITE + rb"]*(\d+)[" + _WHITE + rb"]+\d+[" + _WHITE + rb"]+obj")
_odd_names = threading.local()  # inside :func:`check`: the names pdfminer read with an odd escape


def may_have_forms(data: bytes) -> bool:
    return _MAY_HAVE_FORMS.search(data) is not None


def check(data: bytes) -> int | None:
    """Refuse ``data`` when its form XObjects expand past the bounds (see the module's
    docstring); pdfminer's exceptions propagate for the reader to explain.

    Returns how many pages PDFium may load (``pdf_pdfium.open_pages`` holds it to that): None,
    any, when the file has no form; else the number of pages walked, or 0 (PDFium must not read
    the file) when PDFium could take other objects for its pages, or for any object walked,
    than those walked."""
    if not may_have_forms(data):
        return None
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    pdf_budget.check_skeleton(data)
    pdf_filters.install()
    _watch_odd_names()
    allowed: set[int] = set()
    with pdf_budget.limits() as budget, _watching_odd_names():
        budget.start_clock()
        for exact in (True, False):
            parser = PDFParser(io.BytesIO(data))
            document = PDFDocument(parser)
            parser.fallback = not exact  # streams read to their ``endstream``, as PDFium reads one whose /Length is wrong
            astray = _watch_lookups(document, data)
            pages = pdf_budget.pdfminer_pages(document)
            walk = _Walk()
            walk.pages(pages)
            alike = (_pdfium_pages_are_walked(document, pages) and not astray and not walk.decoded_otherwise
                     and not _odd_names.count)
            allowed.add(len(pages) if alike else 0)
    return allowed.pop() if len(allowed) == 1 else 0


@contextlib.contextmanager
def _watching_odd_names() -> Iterator[None]:
    _odd_names.count = 0
    try:
        yield
    finally:
        _odd_names.count = None


def _watch_odd_names() -> None:
    """Wrap pdfminer's reading of a name's ``#`` escape once: inside :func:`check`, count those
    without two hex digits.  pdfminer drops (``/F#zz``: ``Fzz``) or shortens (``/F#4``) them,
    PDFium reads them otherwise (``F\\0``, ``F#4``), so a resource's name matches other uses."""
    from pdfminer.psparser import HEX, PSBaseParser

    parse = PSBaseParser._parse_literal_hex
    if getattr(parse, "odd_names_noted", False):
        return

    def parsed(self: Any, s: bytes, i: int) -> int:
        if len(self.hex) < 2 and not HEX.match(s[i:i + 1]) and getattr(_odd_names, "count", None) is not None:
            _odd_names.count += 1  # the escape ends short
        return parse(self, s, i)

    setattr(parsed, "odd_names_noted", True)  # noqa: B010
    setattr(PSBaseParser, "_parse_literal_hex", parsed)  # noqa: B010 - as pdf_budget wraps the tokenizer


def _watch_lookups(document: Any, data: bytes) -> list[int]:
    """The objects ``document`` will look up (from now on) where PDFium may find another: one
    whose entry in the newest cross-reference section does not parse (pdfminer then takes an
    older revision, PDFium none), does not begin ``N G obj`` (pdfminer then searches on), or lies
    in an object stream whose header names another object or offset (pdfminer takes the stream's
    objects in turn, PDFium each at its header's offset)."""
    from pdfminer.pdfparser import PDFStreamParser, PDFSyntaxError
    from pdfminer.psexceptions import PSEOF

    astray: list[int] = []
    parse, unpack = document._getobj_parse, document._getobj_objstm
    headers: dict[int, list[Any]] = {}  # an object stream's header: object numbers and offsets, alternately

    def parsed(pos: int, objid: int) -> Any:
        start = _OBJECT_START.match(data, pos)  # the file's bytes: pdfminer's parser would read its buffer again
        if start is None or int(start.group(1)) != objid:
            astray.append(objid)
        try:
            return parse(pos, objid)
        except (PSEOF, PDFSyntaxError):
            astray.append(objid)
            raise

    def unpacked(stream: Any, index: int, objid: int) -> Any:
        try:
            obj = unpack(stream, index, objid)
        except (PSEOF, PDFSyntaxError):
            astray.append(objid)
            raise
        if headers.get(stream.objid, [])[2 * index: 2 * index + 1] != [objid]:
            astray.append(objid)
        return obj

    def objects(stream: Any) -> tuple[list[Any], int]:
        """pdfminer's objects of the stream, in turn; astray where the header places them otherwise."""
        if not _decoded_alike(stream):
            astray.append(stream.objid)
        data, count, first = stream.get_data(), stream.get("N"), stream.get("First")
        parser = PDFStreamParser(data)
        parser.set_document(document)
        placed: list[tuple[int, Any]] = []
        try:
            while True:
                placed.append(parser.nextobject())
        except PSEOF:
            pass
        objs = [obj for _, obj in placed]
        if not isinstance(count, int) or not isinstance(first, int):
            astray.append(stream.objid)
            return objs, 0
        header = headers[stream.objid] = objs[:2 * count]
        for at, (pos, _) in zip(header[1::2], placed[2 * count:]):
            if not isinstance(at, int) or data[first + at:pos].strip(_WHITE) or first + at > pos:
                astray.append(stream.objid)
        return objs, count

    document._getobj_parse, document._getobj_objstm, document._get_objects = parsed, unpacked, objects
    return astray


def _pdfium_pages_are_walked(document: Any, pages: list[Any]) -> bool:
    """Whether PDFium takes for its pages exactly the objects pdfminer gave (in order), with
    the same resources.  PDFium takes every node of the page tree without ``/Kids`` for a page
    (pdfminer: only those of ``/Type /Page``) and inherits ``/Resources`` through ``/Parent``
    entries (pdfminer: through the tree it walked).  So: pdfminer read the file's own
    cross-reference table (a table each rebuilds may differ), the tree's leaves are pdfminer's
    pages, and a page without resources names its tree parent as ``/Parent``, up to the node
    whose resources it inherits (:func:`_inherited_alike`).  PDFium's count of them is held to
    the pages walked when it opens the file."""
    from pdfminer.pdfdocument import PDFXRefFallback
    from pdfminer.pdftypes import PDFObjectNotFound, PDFObjRef

    if any(isinstance(xref, PDFXRefFallback) for xref in document.xrefs):
        return False
    leaves: list[int] = []
    looked_at = [0]  # nodes: no more than a tree of the pages pdfminer found needs

    def resolved(ref: Any) -> Any:
        looked_at[0] += 1
        if not isinstance(ref, PDFObjRef) or looked_at[0] > 4 * (len(pages) + 1):
            return None
        try:
            return document.getobj(ref.objid)
        except PDFObjectNotFound:
            return None

    def alike(ref: Any, path: tuple[int, ...]) -> bool:
        """The subtree at ``ref``, depth first (the pages' order), read alike; its leaves added."""
        dictionary = resolved(ref)
        if not isinstance(dictionary, dict) or ref.objid in path or len(path) > 64:
            return False
        path += (ref.objid,)
        if "Kids" not in dictionary:
            leaves.append(ref.objid)
            return _inherited_alike(document, dictionary, path)
        kids = dictionary["Kids"]
        kids = resolved(kids) if isinstance(kids, PDFObjRef) else kids
        return isinstance(kids, list) and all(alike(kid, path) for kid in kids)

    root = document.catalog.get("Pages")
    return alike(root, ()) and leaves == [page.pageid for page in pages] and root.objid not in leaves


def _inherited_alike(document: Any, page: dict[str, Any], path: tuple[int, ...]) -> bool:
    """Whether PDFium, following ``/Parent`` from ``page``, finds its resources where pdfminer
    did, following the tree ``path`` (object numbers from the root to the page) back up.  Both
    stop at a ``/Resources`` entry, but PDFium only at one that is something: past a reference
    to no object it looks further up, where pdfminer finds no resources."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    dictionary = page
    for parent in reversed(path[:-1]):
        if "Resources" in dictionary:
            break
        ref = dictionary.get("Parent")
        if not isinstance(ref, PDFObjRef) or ref.objid != parent:
            return False
        dictionary = document.getobj(parent)
    if "Resources" in dictionary:
        return resolve1(dictionary["Resources"]) is not None
    return "Parent" not in dictionary


def _refused(why: str) -> InputError:
    return InputError(f"PDF 的表单对象嵌套展开过多（{why}，疑似表单炸弹），不予读取 "
                      "/ the PDF's form XObjects expand too far (a form bomb?)")


Node = tuple[int, int]  # a form or glyph (its stream's object number) and the resources it draws from (their key)


class _Drawables(NamedTuple):
    """What content can draw from one resources dictionary."""

    forms: dict[bytes, Any] | None  # form XObjects by name; None: no /XObject, PDFium looks in the page's
    glyphs: list[tuple[Any, Any]]  # Type3 fonts' glyph procedures, each with its font's resources (None: the page's)
    source: Any  # the resources dictionary: kept, as its ``id`` is its key


class _Walk:
    """Upper bounds of what pages draw: forms and glyphs (each drawn one counted) and content bytes."""

    def __init__(self) -> None:
        self.contents: dict[int, bytes] = {}  # a form's or glyph's content, decoded once
        self.resources: dict[int, _Drawables] = {}  # by the ``id`` of the resources dictionary
        self.weights: dict[Node, tuple[int, int]] = {}  # on this page, what drawing a form once expands to: (forms, bytes)
        self.page = 0  # the key of this page's resources
        self.expanded = 0
        self.decoded_otherwise = False  # a stream PDFium would decode otherwise (:func:`_decoded_alike`)

    def pages(self, pages: list[Any]) -> None:
        for number, page in enumerate(pages, start=1):
            contents = [self._data(stream) for stream in _resolved_list(page.contents)]
            self.page, self.weights = self._resources(page.resources), {}  # a glyph may draw from the page's resources
            children = self._children(contents, self.page)
            for child, _ in children:
                self._weigh(child)
            draws, size = self._total(sum(map(len, contents)), children)
            if draws > MAX_FORM_DRAWS:  # refused: a page draws too many forms
                raise _refused(f"第 {number} 页画出超过 {MAX_FORM_DRAWS:,} 个表单")
            self.expanded += size
            if self.expanded > MAX_EXPANDED:  # refused: the pages' content, forms expanded, is too long
                raise _refused(f"展开后的内容超过 {MAX_EXPANDED // 2**20} MB")

    def _total(self, size: int, children: list[tuple[Node, int]]) -> tuple[int, int]:
        draws = 0
        for child, times in children:
            child_draws, child_size = self.weights[child]
            draws, size = draws + times * (1 + child_draws), size + times * child_size
        return min(draws, MAX_FORM_DRAWS + 1), min(size, MAX_EXPANDED + 1)  # past a bound: no bigger numbers

    def _weigh(self, root: Node) -> None:
        """What drawing the form ``root`` once expands to, its forms first: depth first without
        recursion (a chain of forms may be longer than Python's stack)."""
        on_path: set[Node] = set()
        pending: list[tuple[Node, list[tuple[Node, int]] | None]] = [(root, None)]
        while pending:
            node, children = pending.pop()
            if node in self.weights:
                continue
            if children is not None:  # its forms are weighed
                on_path.discard(node)
                self.weights[node] = self._total(len(self.contents[node[0]]), children)
                continue
            if node in on_path:  # refused: a form (or glyph) that draws itself, through any forms
                raise _refused("表单画出自身")
            on_path.add(node)
            children = self._children([self.contents[node[0]]], node[1])
            pending.append((node, children))
            pending.extend((child, None) for child, _ in children)

    def _children(self, contents: list[bytes], owner: int) -> list[tuple[Node, int]]:
        """The forms and glyphs ``contents`` may draw from the resources ``owner``, each with an
        upper bound of its draws.  A form: the ``/Name Do`` uses of its name, plus every ``Do``
        whose operand is not a name written just before it (PDFium also takes a string there),
        which may draw any form.  A Type3 font's glyph: once (PDFium keeps a glyph it has read);
        it draws from its font's resources, else from the page's.  Resources without an /XObject
        dictionary draw the page's forms, as in PDFium (a glyph from the page's fonts is walked
        from the page, once)."""
        drawables, page = self.resources[owner], self.resources[self.page]
        forms = (page.forms if drawables.forms is None else drawables.forms) or {}
        children = [((glyph.objid, self._load(glyph, own, self.page)), 1) for glyph, own in drawables.glyphs]
        if not forms:
            return children
        uses: Counter[bytes] = Counter()
        unnamed = 0
        for content in contents:
            named = [name for match in _NAMED_DO.finditer(content) if (name := _plain(match.group(1))) is not None]
            uses.update(named)
            unnamed += len(_DO.findall(content)) - len(named)
        for name in forms if unnamed else uses:  # not every form of shared resources for each form
            stream = forms.get(name)
            if stream is not None:
                children.append(((stream.objid, self._load(stream, stream.get("Resources"), owner)), uses[name] + unnamed))
        return children

    def _load(self, stream: Any, own: Any, caller: int) -> int:
        """Read a form or glyph once; the resources it draws from: its own, else ``caller``'s (a
        form without resources draws from its caller's in PDFium and pdfminer alike; so does one
        whose /Resources is no dictionary, in PDFium)."""
        if stream.objid not in self.contents:
            self.contents[stream.objid] = self._data(stream)
        return caller if _dictionary(own) is None else self._resources(own)

    def _data(self, stream: Any) -> bytes:
        self.decoded_otherwise = self.decoded_otherwise or not _decoded_alike(stream)
        return _data(stream)

    def _resources(self, resources: Any) -> int:
        """The key of a resources dictionary, its forms and glyphs found once."""
        from pdfminer.pdftypes import PDFStream

        resources = _dictionary(resources)
        if resources is None:
            resources = _NONE
        key = id(resources)
        if key not in self.resources:
            xobjects, fonts = _named(resources, "XObject"), _named(resources, "Font")
            forms = None if xobjects is None else {name: stream for name, stream in xobjects.items() if _is_form(stream)}
            glyphs = [
                (glyph, font.get("Resources")) for font in (fonts or {}).values()
                if isinstance(font, dict) and _name_of(font.get("Subtype")) == "Type3"
                for glyph in (_named(font, "CharProcs") or {}).values() if isinstance(glyph, PDFStream)]
            self.resources[key] = _Drawables(forms, glyphs, resources)
        return key


_NONE: dict[str, Any] = {}  # resources of content that has none


def _decoded(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name)


def _plain(name: bytes) -> bytes | None:
    """The name ``name`` (as written in content) as PDFium and pdfminer both read it, or None when
    they may not: an escape without two hex digits, or bytes that are not UTF-8 (pdfminer keys
    those by their ``repr``).  A use of such a name may draw any form."""
    if _ODD_ESCAPE.search(name):
        return None
    decoded = _decoded(name)
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded


def _named(dictionary: dict[str, Any], key: str) -> dict[bytes, Any] | None:
    """A dictionary inside ``dictionary`` (a resources', a font's): names (as bytes) to resolved
    objects; None when there is no such dictionary."""
    from pdfminer.pdftypes import resolve1

    inner = _dictionary(dictionary.get(key))
    if inner is None:
        return None
    return {name.encode() if isinstance(name, str) else name: resolve1(value) for name, value in inner.items()}


def _dictionary(value: Any) -> dict[str, Any] | None:
    """``value`` as PDFium takes a dictionary entry for one: resolved, a stream's dictionary too."""
    from pdfminer.pdftypes import PDFStream, resolve1

    value = resolve1(value)
    if isinstance(value, PDFStream):
        return value.attrs
    return value if isinstance(value, dict) else None


def _name_of(value: Any) -> Any:
    """A name's text; a string's too, as PDFium reads a /Subtype (``(Form)`` draws as ``/Form``)."""
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return value.decode("latin-1") if isinstance(value, bytes) else getattr(value, "name", None)


def _is_form(stream: Any) -> bool:
    from pdfminer.pdftypes import PDFStream

    return isinstance(stream, PDFStream) and _name_of(stream.get("Subtype")) == "Form"


def _resolved_list(value: Any) -> list[Any]:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return [resolve1(item) for item in value] if isinstance(value, list) else [value] if value is not None else []


def _decoded_alike(stream: Any) -> bool:
    """Whether PDFium decodes ``stream`` as pdfminer does: pdfminer takes /F, /DP and
    /FDecodeParms for /Filter and /DecodeParms (to PDFium a file specification, nothing) and
    ignores /EarlyChange (PDFium's LZW codes widen a code later when it is 0, or not a number)."""
    from pdfminer.pdftypes import LITERALS_LZW_DECODE, PDFStream, resolve1

    if not isinstance(stream, PDFStream):
        return True
    if any(key in stream.attrs for key in ("F", "DP", "FDecodeParms")):
        return False
    for name, params in stream.get_filters():
        early = resolve1(params.get("EarlyChange", 1)) if name in LITERALS_LZW_DECODE and isinstance(params, dict) else 1
        if not isinstance(early, (int, float)) or int(early) == 0:
            return False
    return True


def _data(stream: Any) -> bytes:
    from pdfminer.pdftypes import PDFStream

    return stream.get_data() if isinstance(stream, PDFStream) else b""
