"""Form XObjects: which files PDFium may read, and how far pdfminer may expand forms.

A form XObject is content drawn by name (``/Fm1 Do``), and a form may draw forms, itself
too.  PDFium expands every form when it loads a page (each draw parsed anew, 40 levels
deep), without any limit this reader can set: an 835-byte file whose one form draws itself
twice used all memory and aborted the process, which ends a batch.  So PDFium reads a file
that may have forms (:func:`may_have_forms`, one bytes search) only in a child process the
operating system caps (``pdf_isolated``), never in the reader's own: its ``/Subtype /Form``
sits in a stream's dictionary, which is in the file's plain bytes (the name spelt with ``#``
escapes or not, or the value an indirect object or a string, which PDFium reads as the name)
unless it is inside an object stream, which PDFium reads streams from too, so a file that may
have an object stream is sent on as well.

pdfminer, which reads those files where the child does not (and any PDFium cannot lay out),
expands forms as it interprets a page.  Before it interprets any, :func:`check` walks the very pages it will
interpret (the same document objects, so streams are read as its parser reads them: by
``/Length`` while its cross-reference table holds, up to ``endstream`` once it rebuilt the
table of an unencrypted file; one walk, not one of each) through the forms their resources
name, and sums an upper bound of the forms drawn and of the content bytes parsed
(:class:`_Walk`), each form's once (memoised: the same on every page).  A file is refused (``InputError``)
when a form can draw itself (a cycle through the resources in effect), when one page draws
more than :data:`MAX_FORM_DRAWS` forms, or when the pages' content with every form expanded
passes :data:`MAX_EXPANDED` bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..errors import InputError
from . import pdf_budget

# Each form drawn is at least one more object pdfminer builds and keeps for the page (a
# figure), as each character and path is; a file may hold no more of those (``pdf_budget.MAX_OBJECTS``).
MAX_FORM_DRAWS = pdf_budget.MAX_OBJECTS
# Content that forms expand is parsed as if it were written out: no more than the file's
# compressed streams may inflate to all together.
MAX_EXPANDED = pdf_budget.MAX_INFLATED

# PDFium's white space (0x80 and 0xff too) and delimiters: what ends a name to it
_PDFIUM_WHITE = rb"\x00\t\n\x0c\r \x80\xff"
_PDFIUM_DELIMITERS = _PDFIUM_WHITE + rb"()<>\[\]{}/%"
_HEX = b"0-9A-Fa-f"


def pdfium_name(text: str) -> bytes:
    """A regex for the PDF name ``/text`` as PDFium reads names, ended by a delimiter: any
    character may be written ``#`` and two more, which PDFium reads as hex digits, a character
    that is none as 0 (``#7z`` is ``p``)."""
    def digit(value: int) -> bytes:
        spelt = b"%x|%X" % (value, value) if value > 9 else b"%d" % value
        return b"(?:" + spelt + (b"|[^" + _HEX + _PDFIUM_DELIMITERS + b"]" if value == 0 else b"") + b")"

    parts = [b"(?:%s|#%s%s)" % (re.escape(char.encode()), digit(ord(char) >> 4), digit(ord(char) & 15)) for char in text]
    return b"/" + b"".join(parts) + b"(?![^" + _PDFIUM_DELIMITERS + b"])"


# white space or a comment to its line end, as PDFium skips both (one way to match: linear time)
_PDFIUM_SPACE = rb"(?:[" + _PDFIUM_WHITE + rb"]|%[^\r\n]*[\r\n])"
# a value that is no name: a number (an indirect object's) or a string, which PDFium reads as the
# name it holds (``GetByteStringFor``); after blanks, or (:func:`may_have_forms`) white space only
_NOT_A_NAME = rb"([-+.0-9(<])?"
_BLANKS_THEN_VALUE = re.compile(_PDFIUM_SPACE + rb"*+" + _NOT_A_NAME)
_WHITE_THEN_VALUE = re.compile(rb"[" + _PDFIUM_WHITE + rb"]*+" + _NOT_A_NAME)
# a name that may make a form (an object stream may hold one), or a key whose value may be such a name;
# the ``/`` written once before all (a group first is not scanned for quickly: 20 times the time)
_FORM_NAME_OR_TYPE = re.compile(b"/(?:(%s|%s)|%s|%s)" % tuple(pdfium_name(name)[1:] for name in ("Form", "ObjStm", "Subtype", "Type")))
_WHITE = rb"\x00\t\n\x0b\x0c\r "  # pdfminer's white space in content (``\s`` and NUL)
_DELIMITERS = _WHITE + rb"()<>\[\]{}/%"
# the operator (``/Do`` is a name): where pdfminer may start a keyword (after a number too) and end it (at ``#`` too)
_DO = re.compile(rb"(?<![^" + _DELIMITERS + rb"0-9.])(?<!/)Do(?![^#" + _DELIMITERS + rb"])")
_NAMED_DO = re.compile(rb"/([^" + _DELIMITERS + rb"]*)[" + _WHITE + rb"]*" + _DO.pattern)  # a name just before it
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ODD_ESCAPE = re.compile(rb"#(?![0-9A-Fa-f]{2})")  # pdfminer drops or shortens it


def may_have_forms(data: bytes) -> bool:
    """Whether PDFium could find a form XObject in ``data``: if so, PDFium must not read it in this process.

    A ``/Subtype`` or ``/Type`` (a comment's too) may make one when the value after it, past
    white space and comments, is no name.  A key in a comment among the blanks after an earlier
    key reads on through them from there: to the end of its line (one regex from each key was
    quadratic: 「/Subtype %」 × 16,000 on one line, 160 KB, took 11 s), unless what follows it
    there is neither white space nor a comment, where it ends.  So such a key is read only
    through white space: a comment there, or the line's end, leads on to where the earlier key's
    blanks end, before a name (linear time)."""
    reach = 0  # where the blanks after the last key read through them end
    for key in _FORM_NAME_OR_TYPE.finditer(data):
        if key[1]:  # a name that may make a form
            return True
        if key.start() < reach:  # in a comment among those blanks
            value = _WHITE_THEN_VALUE.match(data, key.end())
        else:
            value = _BLANKS_THEN_VALUE.match(data, key.end())
            reach = value.end()  # type: ignore[union-attr]  # it matches the empty run
        if value[1]:  # type: ignore[index]  # it matches the empty run
            return True
    return False


def check(pages: list[Any]) -> None:
    """Refuse the file of ``pages`` (pdfminer's, not yet interpreted) when its form XObjects
    expand past the bounds (see the module's docstring)."""
    _Walk().pages(pages)


def _refused(why: str) -> InputError:
    return InputError(f"PDF 的表单对象嵌套展开过多（{why}，疑似表单炸弹），不予读取 "
                      "/ the PDF's form XObjects expand too far (a form bomb?)")


Node = tuple[int, int]  # a form (its stream's object number) and the resources it draws from (their key)


class _Walk:
    """Upper bounds of what pages draw: forms (each drawn one counted) and content bytes."""

    def __init__(self) -> None:
        self.contents: dict[int, bytes] = {}  # a form's content, decoded once
        # what a form's content draws (:func:`_draws`), read once: not again from each resources it is drawn
        # from (2,000 forms each drawing one of 100 KB through resources of their own: 3.1 s, 0.5 s now)
        self.drawn: dict[int, tuple[Counter[bytes], int]] = {}
        self.forms: dict[int, dict[bytes, Any]] = {}  # the form XObjects of an /XObject dictionary (by its ``id``), by name
        # what drawing a form once expands to: (forms, bytes), the same on every page; and a page's, by its
        # content streams and resources (pages often share both).  Weighed again for each page, 200 pages
        # sharing content that draws 10,000 forms took 22 s
        self.weights: dict[Node, tuple[int, int]] = {}
        self.page_weights: dict[tuple[tuple[int, ...], int], tuple[int, int]] = {}
        self.expanded = 0

    def pages(self, pages: list[Any]) -> None:
        for number, page in enumerate(pages, start=1):
            streams = _resolved_list(page.contents)
            key = (tuple(map(id, streams)), self._resources(page.resources))
            if key not in self.page_weights:
                self.page_weights[key] = self._page_weight([_data(stream) for stream in streams], key[1])
            draws, size = self.page_weights[key]
            if draws > MAX_FORM_DRAWS:  # refused: a page draws too many forms
                raise _refused(f"第 {number} 页画出超过 {MAX_FORM_DRAWS:,} 个表单")
            self.expanded += size
            if self.expanded > MAX_EXPANDED:  # refused: the pages' content, forms expanded, is too long
                raise _refused(f"展开后的内容超过 {MAX_EXPANDED // 2**20} MB")

    def _page_weight(self, contents: list[bytes], owner: int) -> tuple[int, int]:
        """What a page of ``contents`` drawing from the resources ``owner`` expands to: (forms, bytes)."""
        children = self._children(_draws(contents), owner)
        for child, _ in children:
            self._weigh(child)
        return self._total(sum(map(len, contents)), children)

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
            pdf_budget.clock()  # a few microseconds of ours for each name a form draws: files made for it took tens of seconds
            if children is not None:  # its forms are weighed
                on_path.discard(node)
                self.weights[node] = self._total(len(self.contents[node[0]]), children)
                continue
            if node in on_path:  # refused: a form that draws itself, through any forms
                raise _refused("表单画出自身")
            on_path.add(node)
            if node[0] not in self.drawn:
                self.drawn[node[0]] = _draws([self.contents[node[0]]])
            children = self._children(self.drawn[node[0]], node[1])
            pending.append((node, children))
            pending.extend((child, None) for child, _ in children)

    def _children(self, draws: tuple[Counter[bytes], int], owner: int) -> list[tuple[Node, int]]:
        """The forms content that ``draws`` (:func:`_draws`) may draw from the resources ``owner``,
        each with an upper bound of its draws.  The names it uses are looked up among the forms, or
        the forms among its names when they are fewer: content of many names, drawn through many
        resources of a few forms each, costs each resources its few forms."""
        forms = self.forms[owner]
        if not forms:
            return []
        uses, unnamed = draws
        children = []
        for name in forms if unnamed or len(forms) < len(uses) else uses:
            stream = forms.get(name)
            if stream is not None and (unnamed or name in uses):
                children.append(((stream.objid, self._load(stream, owner)), uses[name] + unnamed))
        return children

    def _load(self, stream: Any, caller: int) -> int:
        """Read a form once; the resources it draws from, as pdfminer's ``do_Do`` takes them: its
        /Resources when the entry is something (a dictionary, else none), else ``caller``'s."""
        if stream.objid not in self.contents:
            self.contents[stream.objid] = _data(stream)
        own = stream.get("Resources")
        return self._resources(own) if own else caller

    def _resources(self, resources: Any) -> int:
        """The key of a resources dictionary: its /XObject dictionary's, whose forms are found once
        (many resources may share one: found again for each, a thousand forms each drawing from
        resources of their own that share the dictionary naming them took 1.9 s, 4,000 36 s).
        Resources that share it draw the same forms: one node of the walk."""
        xobjects = _dictionary(_dictionary(resources).get("XObject"))
        key = id(xobjects)
        if key not in self.forms:
            self.forms[key] = {name.encode() if isinstance(name, str) else name: stream
                               for name, stream in map(_resolved_item, xobjects.items()) if _is_form(stream)}
        return key


_NONE: dict[str, Any] = {}  # what is not a dictionary, as pdfminer's ``dict_value`` reads it


def _draws(contents: list[bytes]) -> tuple[Counter[bytes], int]:
    """What ``contents`` draws: the ``/Name Do`` uses of each name, and the ``Do`` whose operand
    is not a name written just before it (pdfminer takes a number or a string there as a name
    too), which may draw any form."""
    uses: Counter[bytes] = Counter()
    unnamed = 0
    for content in contents:
        named = [name for match in _NAMED_DO.finditer(content) if (name := _plain(match.group(1))) is not None]
        uses.update(named)
        unnamed += len(_DO.findall(content)) - len(named)
    return uses, unnamed


def _decoded(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name)


def _plain(name: bytes) -> bytes | None:
    """The name ``name`` (as written in content) as pdfminer reads it, or None when this walk
    does not follow pdfminer's reading: an escape without two hex digits (pdfminer drops or
    shortens it), or bytes that are not UTF-8 (pdfminer keys those by their ``repr``).  A use
    of such a name may draw any form."""
    if _ODD_ESCAPE.search(name):
        return None
    decoded = _decoded(name)
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded


def _dictionary(value: Any) -> dict[Any, Any]:
    """``value`` resolved when it is a dictionary, else :data:`_NONE` (pdfminer's ``dict_value``)."""
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return value if isinstance(value, dict) and value else _NONE


def _resolved_item(item: tuple[Any, Any]) -> tuple[Any, Any]:
    from pdfminer.pdftypes import resolve1

    return item[0], resolve1(item[1])


def _is_form(stream: Any) -> bool:
    from pdfminer.pdftypes import PDFStream, resolve1

    return isinstance(stream, PDFStream) and getattr(resolve1(stream.get("Subtype")), "name", None) == "Form"


def _resolved_list(value: Any) -> list[Any]:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return [resolve1(item) for item in value] if isinstance(value, list) else [value] if value is not None else []


def _data(stream: Any) -> bytes:
    from pdfminer.pdftypes import PDFStream

    return stream.get_data() if isinstance(stream, PDFStream) else b""
