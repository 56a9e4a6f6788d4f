"""ToUnicode maps that PDFium and pdfminer read alike, told from their text.

A font's ToUnicode map (a CMap) says which characters its codes stand for.  PDFium and
pdfminer read well-formed maps alike, but not every malformed one: a code mapped to
nothing (``<>``), to an odd number of bytes, to U+FFFF, or in a section whose count is not
its number of entries is dropped by PDFium, which falls back to the font's encoding (「3」),
while pdfminer reads nothing or what the bytes say (「」, 「\\x03」); a range given an array
of another length, source codes of two widths, a destination that is not a hex string,
a destination range that runs past U+FFFD, a section after ``endcmap`` (pdfminer reads none
there until ``begincmap``), or a map naming an Adobe character collection
(PDFium then reads the codes the map leaves out through that collection) differ too.
A map is looked up by the character's code in PDFium, by its CID in pdfminer: the same under
Identity-H and Identity-V only.  PDFium's API does not show the map, and its text shows
nothing odd for such a code, so the reader looks at the maps and Type0 fonts themselves (as
``pdf_streams`` decodes each stream: :func:`stream_alike`), and a file with a map outside the form
both read alike, or looked up otherwise, is read by pdfminer.
"""

from __future__ import annotations

import collections
import re

MAX_TEXT = 1024 * 1024  # of a stream, looked at; a report's maps are a few kilobytes each
HEAD = 4096  # where a map shows itself (its header, first section or a collection's name): a report's within 300 bytes
# A map's header or a section of one, and the name of a character collection: each looked for by a regex
# (a search for a literal is quicker than ``bytes.find``: 38 µs for a report's 25 streams, 77)
MARKERS = (re.compile(rb"begin(?:cmap|bf)"), re.compile(rb"-UCS2"))
# A string is ``(`` to the first unescaped ``)``; one that meets an unescaped ``(`` or the end first
# never closes, and its ``(`` is a token of its own (strings nest: not told here)
_STRING = rb"\((?:[^()\\]|\\.)*+"
_OTHER_TOKENS = (rb"%[^\r\n]*|<<|>>|<[^<>]*>", rb"/[^\s/\[\]<>(){}%]*|[^\s/\[\]<>(){}%]+|\S")  # before and after a string
_TOKEN = re.compile(rb"|".join([_OTHER_TOKENS[0], _STRING + rb"\)", *_OTHER_TOKENS[1:]]), re.S)
_NOT_A_STRING = re.compile(rb"|".join(_OTHER_TOKENS), re.S)  # a ``(`` is one token: see _tokens
_UNCLOSED = re.compile(_STRING, re.S)
_SPACE = re.compile(rb"\s+")
_HEX = re.compile(rb"[0-9A-Fa-f]*")
_COUNT = re.compile(rb"[+-]?\d+(?:\.\d*)?")
# PDFium reads the codes a map leaves out through these collections when the map names one (pdfminer does not)
_COLLECTIONS = {b"/Adobe-GB1-UCS2", b"/Adobe-CNS1-UCS2", b"/Adobe-Japan1-UCS2", b"/Adobe-Korea1-UCS2"}
_FONT_BOUND = 4096  # bytes of a font's dictionary looked through, before and after its /Type0
_FONT_TOKENS = tuple(re.compile(token) for token in (b"<<", b">>", b"/Type0"))  # each looked for apart: see _font_tokens
_TYPE0 = _FONT_TOKENS[2]  # a regex's search for a literal is quicker than ``bytes.find`` (0.13 ms of a report's 400 KB, 0.18)
_ENCODING = re.compile(rb"/Encoding\s*/([^\s/<>\[\](){}%]+)")
_LAST = 0xFFFD  # the last code a destination unit may take: U+FFFE and U+FFFF are PDFium's own markers
# Most maps: sections of hex strings, each told at one match (the plain ones: counted, sources
# of whole bytes, destinations of one unit that is a whole character, ranges within their last unit)
_SECTION = re.compile(rb"begin(bfchar|bfrange)([\s<>0-9A-Fa-f]*)end(bfchar|bfrange)(?![^\s<>\[\](){}/%])")
_COUNTED = re.compile(rb"(?<![^\s<>\[\](){}/%])([+-]?\d+(?:\.\d*)?)\s+\Z")  # what a section begins after
_SOURCE = rb"<(?:[0-9A-Fa-f]{2})+>"
_UNIT = rb"<(?![Dd][89A-Fa-f])(?![Ff]{3}[EeFf])[0-9A-Fa-f]{4}>"
_PLAIN = {b"bfchar": re.compile(rb"(?:\s*%s\s*%s)*+\s*" % (_SOURCE, _UNIT)),
          b"bfrange": re.compile(rb"(?:\s*%s\s*%s\s*%s)*+\s*" % (_SOURCE, _SOURCE, _UNIT))}
_PLAIN_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_WHITE = b" \t\n\r\f\v"  # what ``\s`` matches in bytes


def _flags(low: str, high: str) -> bytes:
    """A table for ``bytes.translate``: bit 0 set for each of the digits ``low``, bit 1 for each of ``high``."""
    return bytes((chr(byte) in low) | (chr(byte) in high) << 1 for byte in range(256))


# a unit's first digit D (bit 0) or F (bit 1), its second 8 to F (bit 0) or F (bit 1), its third F, its fourth E or F
_D_OR_F, _8_TO_F, _F, _E_OR_F = _flags("Dd", "Ff"), _flags("89ABCDEFabcdef", "Ff"), _flags("", "Ff"), _flags("", "EeFf")


def fonts_alike(text: bytes) -> bool:
    """Whether every Type0 font in ``text`` (a file, or the objects of an object stream) that has
    a ToUnicode map is encoded by Identity-H or Identity-V: pdfminer looks the map up by the
    character's CID, PDFium by its code, which differ under any other encoding.  A font's
    dictionary is the innermost around its ``/Type0``, found in one pass over the brackets near
    it (linear time: looking back from each ``/Type0`` took seconds a kilobyte of nested
    brackets); one that begins more than :data:`_FONT_BOUND` bytes before it, or is longer than
    twice that, or never closes, is not told: the file goes to pdfminer.  Only the stretches
    within twice that of a ``/Type0`` are looked at (a file's other dictionaries, most of it,
    cannot hold one that is told)."""
    at = _found(text, 0)
    while at >= 0:
        start, end = max(0, at - 2 * _FONT_BOUND), at + 3 * _FONT_BOUND
        following = _found(text, at + 1)
        while 0 <= following < end + 2 * _FONT_BOUND:  # stretches that meet are one
            end = following + 3 * _FONT_BOUND
            following = _found(text, following + 1)
        if not _stretch_alike(text, start, end):
            return False
        at = following
    return True


def _found(text: bytes, at: int) -> int:
    """Where the first ``/Type0`` at or after ``at`` is (-1: none)."""
    found = _TYPE0.search(text, at)
    return -1 if found is None else found.start()


def _stretch_alike(text: bytes, start: int, end: int) -> bool:
    """:func:`fonts_alike` for the fonts whose ``/Type0`` is in ``text[start:end]``, a stretch
    that begins at least twice :data:`_FONT_BOUND` before the first of them (a dictionary open
    before it is too long to be told when it reaches one)."""
    opened: collections.deque[list[int]] = collections.deque()  # the dictionaries open here: [start, last /Type0 in it or -1]
    for at, token in _font_tokens(text, start, end):
        while opened and opened[0][0] < at - 2 * _FONT_BOUND:  # too long to be told: pairs no bracket that is
            if opened.popleft()[1] >= 0:
                return False
        if token == b"<<":
            opened.append([at, -1])
        elif token == b"/Type0":
            if not opened:
                return False
            opened[-1][1] = at
        elif opened:
            begins, font = opened.pop()
            if font >= 0 and not _font_alike(text[begins : at + 2], font - begins):
                return False
    return all(font < 0 for _, font in opened)


def _font_tokens(text: bytes, start: int, end: int) -> list[tuple[int, bytes]]:
    """Where each ``<<``, ``>>`` and ``/Type0`` of ``text[start:end]`` is, in order: what one regex
    of the three as alternatives finds (no two share a byte, so none hides another), at a fifth of
    its cost: a literal is looked for by a quick scan, alternatives are tried at every byte of a font program.
    The three runs are put in order by one sort, which merges runs already in order (linear time)."""
    return sorted([(match.start(), match[0]) for token in _FONT_TOKENS for match in token.finditer(text, start, end)])


def _font_alike(font: bytes, at: int) -> bool:
    """Whether the font dictionary ``font`` (its last ``/Type0`` at ``at``) is within the bounds and
    has no ToUnicode map, or is encoded by Identity-H or Identity-V."""
    if at > _FONT_BOUND or len(font) > 2 * _FONT_BOUND:
        return False
    if b"/ToUnicode" not in font:
        return True
    encoding = _ENCODING.search(font)
    return encoding is not None and encoding[1] in (b"Identity-H", b"Identity-V")


def stream_alike(text: bytes | memoryview, packed: bool) -> bool:
    """Whether a stream, decoded to ``text``, is neither a ToUnicode map (none begins past
    :data:`HEAD`) nor a ``packed`` one (an object stream, whose fonts are looked at), or one both
    ways read alike; one longer than :data:`MAX_TEXT` is not looked into (not alike)."""
    if not packed and not any(marker.search(text, 0, HEAD) for marker in MARKERS):
        return True  # page contents, font programs, images: nothing copied
    if len(text) > MAX_TEXT:
        return False
    return fonts_alike(bytes(text)) if packed else read_alike(bytes(text))


def read_alike(text: bytes) -> bool:
    """Whether PDFium and pdfminer read every code of the map ``text`` as the same characters:
    each ``bfchar`` and ``bfrange`` section well formed and counted, no collection named."""
    return _plainly_alike(text) or _tokens_alike(text)


def _tokens_alike(text: bytes) -> bool:
    """:func:`read_alike` token by token: any map."""
    tokens = _tokens(text)
    section: bytes | None = None
    start = 0
    in_cmap = True  # pdfminer reads no section after ``endcmap`` until ``begincmap``; PDFium reads every one
    for index, token in enumerate(tokens):
        if token in _COLLECTIONS:
            return False
        if token in (b"begincmap", b"endcmap"):
            in_cmap = token == b"begincmap"
        if token in (b"beginbfchar", b"beginbfrange"):
            if section is not None or not in_cmap:
                return False
            section, start = token[5:], index + 1
        elif token in (b"endbfchar", b"endbfrange"):
            entries = tokens[start:index]
            count = tokens[start - 2] if start >= 2 else b""
            if section is None or token[3:] != section or not _section_alike(section, count, entries):
                return False
            section = None
    return section is None


def _tokens(text: bytes) -> list[bytes]:
    """The tokens of ``text`` but comments, in linear time.  A string that never closes reads on to
    an unescaped ``(`` or the end, then its ``(`` is one token; each ``(`` escaped in what it read
    would again begin a string that reads on to the same place (「(\\(\\(…」: quadratic, a 32 KB map
    took 2 s), so up to there none is tried: each ``(`` there is one token, as it would be."""
    tokens: list[bytes] = []
    at = unclosed = 0  # before ``unclosed``, no string closes
    while (match := (_TOKEN if at >= unclosed else _NOT_A_STRING).search(text, at)) is not None:
        if at < unclosed <= match.start():  # past where strings never close, after white space: strings again
            at = match.start()
            continue
        token = match[0]
        if token == b"(" and at >= unclosed:  # a string that never closes
            unclosed = _UNCLOSED.match(text, match.start()).end()  # type: ignore[union-attr]  # it begins with (
        if token[:1] != b"%":
            tokens.append(token)
        at = match.end()
    return tokens


def _plainly_alike(text: bytes) -> bool:
    """The common case at a few matches: every section plain and counted, no collection named;
    False leaves the map to the token by token reading."""
    if b"-UCS2" in text or 0 <= text.find(b"endcmap") < text.rfind(b"beginbf"):  # a section after ``endcmap``: token by token
        return False
    found = 0
    for match in _SECTION.finditer(text):
        kind, body, end = match.groups()
        counted = _COUNTED.search(text, max(0, match.start() - 64), match.start())
        entries = body.count(b"<") // (2 if kind == b"bfchar" else 3)
        if end != kind or counted is None or float(counted[1]) != entries:
            return False
        if not (kind == b"bfchar" and _plain_pairs(body.translate(None, _WHITE), entries)) and not _PLAIN[kind].fullmatch(body):
            return False
        for low, high, unit in _PLAIN_RANGE.findall(body) if kind == b"bfrange" else ():
            if len(low) != len(high) or int(high, 16) < int(low, 16) or not _counts_on([int(unit, 16)], int(high, 16) - int(low, 16)):
                return False
        found += 1
    return found == text.count(b"beginbf") == text.count(b"endbf")


def _plain_pairs(compact: bytes, entries: int) -> bool:
    """Whether ``compact`` (a ``bfchar`` section's hex strings, white space dropped) is
    ``entries`` plain pairs of one width, a source of one or two bytes: told by columns, not
    pair by pair (each unit's digits a column; a half of a pair, U+FFFE or U+FFFF where a
    column's flags meet)."""
    width = len(compact) // entries if entries else 0
    if width not in (10, 12) or width * entries != len(compact) or compact.count(b"<") + compact.count(b">") != 4 * entries:
        return False
    opens, closes, source = b"<" * entries, b">" * entries, width - 8
    if compact[::width] != opens or compact[source + 1 :: width] != closes or compact[source + 2 :: width] != opens \
            or compact[width - 1 :: width] != closes:
        return False
    first, second, third, fourth = (int.from_bytes(compact[source + 3 + digit :: width].translate(table), "big")
                                    for digit, table in enumerate((_D_OR_F, _8_TO_F, _F, _E_OR_F)))
    low = int.from_bytes(b"\x01" * entries, "big")  # bit 0 of every unit
    return not first & second & low and not first & second & third & fourth & low << 1


def _section_alike(section: bytes, count: bytes, entries: list[bytes]) -> bool:
    """A ``bfchar`` section of (source, destination) pairs or a ``bfrange`` one of (low, high,
    destination or array of destinations) triples, as many as its count says (PDFium drops a
    section counted otherwise)."""
    found = 0
    index = 0
    while index < len(entries):
        found += 1
        low = _code(entries[index])
        if low is None:
            return False
        if section == b"bfchar":
            if index + 1 >= len(entries) or _units(entries[index + 1]) is None:
                return False
            index += 2
            continue
        if index + 2 >= len(entries):
            return False
        high = _code(entries[index + 1])
        if high is None or high[1] != low[1] or high[0] < low[0]:
            return False
        span = high[0] - low[0]
        if entries[index + 2] == b"[":
            end = index + 3 + span + 1
            if entries[end : end + 1] != [b"]"] or any(_units(item) is None for item in entries[index + 3 : end]):
                return False
            index = end + 1
            continue
        units = _units(entries[index + 2])
        if units is None or not _counts_on(units, span):
            return False
        index += 3
    return _COUNT.fullmatch(count) is not None and float(count) == found


def _digits(token: bytes) -> bytes | None:
    """A hex string's digits (white space dropped, as both read it), or None for another token."""
    if len(token) < 2 or token[:1] != b"<" or token[-1:] != b">":
        return None
    digits = _SPACE.sub(b"", token[1:-1])
    return digits if _HEX.fullmatch(digits) else None


def _code(token: bytes) -> tuple[int, int] | None:
    """A source code and its number of hex digits: whole bytes, at least one."""
    digits = _digits(token)
    if not digits or len(digits) % 2:
        return None
    return int(digits, 16), len(digits)


def _units(token: bytes) -> list[int] | None:
    """A destination's UTF-16 units: whole units, at least one, whole characters (no half of a
    pair), none of them U+FFFE or U+FFFF, and U+0000 only alone (PDFium's text shows that
    character as no character: ``pdf_pdfium`` leaves the file to pdfminer when one is drawn,
    and a map often gives it to a glyph never drawn, .notdef)."""
    digits = _digits(token)
    if not digits or len(digits) % 4:
        return None
    units = [int(digits[at : at + 4], 16) for at in range(0, len(digits), 4)]
    try:
        bytes.fromhex(digits.decode()).decode("utf-16-be")
    except UnicodeDecodeError:
        return None
    return units if units == [0] or all(0 < unit <= _LAST for unit in units) else None


def _counts_on(units: list[int], span: int) -> bool:
    """Whether a range's destination counts on ``span`` codes within its last unit (pdfminer
    carries into the units before it, PDFium into the next character) and stays whole characters."""
    last = units[-1]
    if last + span > _LAST:
        return False
    if len(units) > 1 and 0xD800 <= units[-2] < 0xDC00:  # the second half of a pair: stays one
        return last + span < 0xE000
    return last + span < 0xD800 or last >= 0xE000
