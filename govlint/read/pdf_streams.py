"""What a PDF's streams decode to, counted before either reader decodes any (compression bombs).

PDFium and pdfminer decode a stream whole, through every filter its dictionary names, and
PDFium inflates an inline image's data (``BI … ID``) as it parses a page, to find where the
image ends.  A flate bomb need not sit plainly in a stream: a 1 KB file took a gigabyte as
five /FlateDecode filters in a row, as the hex or ASCII85 text of a flate bomb, as run-length
codes inflated by flate, or as an inline image's data.  So every stream is decoded here
through the filters that may apply to it, piece by piece, each filter's output counted; all
outputs together may be no more than :data:`MAX_INFLATED`, and inline images in what is
decoded (and in the file's plain bytes) are decoded and counted the same way.

A stream's filters are read from the bytes before its ``stream`` keyword, after the stream
before it: every ``/Filter`` (and ``/F``, which pdfminer takes for one) written there is tried
(a decoy in a string costs no more than its own decoding, which is counted too), and data that
is zlib is inflated whatever its dictionary says, as before.  A filter given by reference is
looked up in the file's plain bytes; one that cannot be found there (in an object stream) is
refused: its decoding could not be bounded.  Image filters (DCT, JPX, JBIG2, CCITT) end a chain:
neither reader decodes them when it reads text.  In a file that may be encrypted, every stream
is then counted again as pdfminer decrypts it (``pdf_crypt``).

Each stream's decoded text (or its data as written, when nothing decodes it) is also looked at
once here for a ToUnicode map or Type0 font PDFium reads otherwise than pdfminer
(``pdf_cmaps.stream_alike``): no second pass over the file's streams.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import functools
import io
import re
import zlib
from types import ModuleType
from typing import Callable, Iterator, NamedTuple

from ..errors import InputError
from . import pdf_cmaps, pdf_crypt
from .pdf_blanks import DELIMITER, DELIMITERS, Blanks, values, values_of
from .pdf_budget import MAX_INFLATED

_STREAM = re.compile(rb">>\s*stream\r?\n")  # a stream's dictionary, then its data
_STREAM_WORD = re.compile(b"stream")  # (a regex: found as quickly as ``bytes.find``, with no call for each)
_CHUNK = 256 * 1024
# White space and comments, as the readers skip both; taken whole (possessive: what follows never
# begins with either), so a failed match does not try every shorter run again.  Only in a reference
# looked at whole, and in an object's header 64 bytes long: values after keys are read past blanks by
# ``pdf_blanks``, in time linear in the text (a regex scans a run again from every key in it).
_SPACE = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*+[\r\n])*+"
# A number is all its digits, as the readers read it (possessive): 「120 R」 is no 「12 0 R」, and a run of
# digits after a key is not split every way (「/Length」 and 100,000 digits took minutes).
_REFERENCE = rb"\d++" + _SPACE + rb"\d++" + _SPACE + rb"R"
# An inline image's keywords, each looked for alone (the byte before each is looked at apart: quicker)
_BEGIN_IMAGE = re.compile(rb"BI(?![^" + DELIMITER + rb"])")
_IMAGE_DATA = re.compile(rb"ID[\x00\t\n\x0c\r ]")
_IMAGE_REACH = 4096  # the most bytes between an inline image's ``BI`` and its ``ID``
_WHOLE_REFERENCE = re.compile(_REFERENCE)
_OBJ = re.compile(rb"obj(?![^" + DELIMITER + rb"])")  # an object's keyword; its numbers are looked for before it
_HEADER_NUMBERS = re.compile(rb"(?<!\d)(\d+)" + _SPACE + rb"(\d+)" + _SPACE + rb"\Z")
_HEADER_REACH = 64  # bytes before ``obj`` where its numbers are looked for
_HEADER_ENDS = {bytes([byte]) for byte in b"0123456789\x00\t\n\x0c\r "}  # what _HEADER_NUMBERS can end with: a digit, white space, a comment's line end


def _key(text: str) -> bytes:
    """A regex for the name ``/text``, any of its bytes possibly written ``#xx``, ended by a delimiter."""
    parts = [b"(?:%s|#%x|#%X)" % (re.escape(char.encode()), ord(char), ord(char)) for char in text]
    return b"/" + b"".join(parts) + b"(?![^" + DELIMITER + b"])"


# Keys; the value after each is read past blanks by ``pdf_blanks`` (a regex scans a blank run again
# from every key in it).
# /F: pdfminer's, and inline images'; the key spelt with escapes too (「/Filt#65r」 hid a bomb PDFium decoded)
_FILTER = re.compile(b"/(?:" + _key("Filter")[1:] + b"|" + _key("F")[1:] + b")")
_CONTENTS = re.compile(_key("Contents"))  # then an array of references (maybe no ``]``), or a reference
_CHAR_PROCS = re.compile(_key("CharProcs"))  # then ``<<`` or a reference
# Both at once, told apart by the group that matched (``pdf_blanks.values_of``): one pass over a text
# for the two, each pass as long as both (the scan for ``/`` is most of a search; no name matches both)
_CONTENTS_OR_CHAR_PROCS = re.compile(b"/(?:(" + _CONTENTS.pattern[1:] + b")|(" + _CHAR_PROCS.pattern[1:] + b"))")
_ANGLES = re.compile(rb"<<|>>")
_LENGTH = re.compile(_key("Length"))  # then a reference or a number
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_AHX = re.compile(rb"[^0-9A-Fa-f>]+")
_A85_JUNK = re.compile(rb"[^!-uz]+")
_ZLIB_LAYERS = 3  # zlib data inside zlib data inflated whatever the filters say, as many times more


# Steps of the decoders written in Python (a run of run-length data, an LZW code), all
# together: each takes about a microsecond, and a stream of 20 MB of one-byte runs took 7 s.
# Neither filter is used by the programs that print reports; a few megabytes of either are allowed.
MAX_STEPS = 4_000_000
# Bytes those decoders, and the hex and ASCII85 ones, read, all together: a stream of theirs
# whose length is not known is read to its end marker, or to the file's end.
MAX_READ = 4 * MAX_INFLATED


class _Spent(Exception):
    """The outputs passed the bound."""


class _Laborious(Exception):
    """The decoders' steps passed :data:`MAX_STEPS`, or what they read :data:`MAX_READ`."""


class Streams(NamedTuple):
    """What :func:`check` tells of a file's streams."""

    content: int | None  # the bytes of content PDFium would parse (:func:`_content`); None: not told
    maps_alike: bool  # every ToUnicode map and Type0 font read alike by PDFium and pdfminer (``pdf_cmaps``)
    encrypted: bool  # the file may be encrypted (``pdf_crypt``): PDFium may read it only where it is capped
    # A ``stream`` keyword not written as this check finds one (``>>``, blanks, ``stream`` and a line end):
    # either reader may take it (「stream \n」, a comment before it), so PDFium may read the file only where capped
    unplaced: bool


def check(data: bytes, encrypted: bool | None = None) -> Streams:
    """Refuse ``data`` when what its streams and inline images decode to passes :data:`MAX_INFLATED`:
    each stream as written and, in a file that may be ``encrypted`` (``pdf_crypt.may_be_encrypted``,
    looked for here unless the caller did), as pdfminer decrypts it.

    Returns the bytes of content PDFium would parse (:func:`_content`), or None when they
    cannot be told from the file's bytes, or when streams overlap; whether its maps are read
    alike; and whether the file may be encrypted."""
    counter = _Counter(len(data))
    objects = functools.cache(lambda: _Objects(data))  # where objects are written: looked for once, if needed
    encrypted = pdf_crypt.may_be_encrypted(data) if encrypted is None else encrypted
    try:
        extents, streams = _count(data, objects, counter)
        counter.inline_images(data)
        decrypt = pdf_crypt.decipher(data) if encrypted else None  # pdfminer opens it: every stream counted first
        if decrypt is not None:
            _count(data, objects, counter, decrypt)
    except _Spent:
        raise InputError(
            f"PDF 的压缩内容解压后超过 {MAX_INFLATED // (1024 * 1024)} MB（疑似压缩炸弹），不予读取 "
            "/ the PDF's compressed streams inflate too far (a compression bomb?)"
        ) from None
    except _Laborious:
        raise InputError(f"PDF 的游程、LZW、ASCII 编码解码超过 {MAX_STEPS:,} 步或 {MAX_READ // 2**20} MB，不予读取 "
                         f"/ the PDF's run-length, LZW or ASCII-coded data take too long to decode") from None
    maps_alike = counter.maps_alike and pdf_cmaps.fonts_alike(data)
    unplaced = objects().keywords > streams
    if extents > len(data):  # streams that overlap, ended by one ``endstream`` or none: PDFium searches
        # each to its end (20,000 in 6 MB took it minutes to open); pdfminer reads on its clock
        return Streams(None, maps_alike, encrypted, unplaced)
    return Streams(_content(objects(), counter), maps_alike, encrypted, unplaced)


def _count(
    data: bytes, objects: Callable[[], _Objects], counter: _Counter, decrypt: pdf_crypt.Decrypt | None = None
) -> tuple[int, int]:
    """Count what every stream decodes to: as written, or as ``decrypt`` decrypts it for each
    object it may be (its number and generation); the bytes all the streams' data take, and the streams."""
    previous, owners, extents, streams = 0, [_AS_WRITTEN], 0, 0
    headers = objects().headers
    for match in _STREAM.finditer(data):
        before = data[previous : match.start()]
        within = headers[bisect.bisect_left(headers, (previous, 0)) : bisect.bisect_left(headers, (match.start(), 0))]
        # a stream split by a fake keyword: the owner before it
        owners = [(number, generation) for _, number, generation in within] or owners
        dictionary = data[within[-1][0] : match.start()] if within else before
        packed = b"ObjStm" in dictionary or b"#" in dictionary  # an object stream (its type maybe spelt with escapes)
        extent = _extent(data, objects, match.end(), before)
        extents += extent
        raw = memoryview(data)[match.end() : match.end() + extent]
        chains, largest, first = _chains(objects().references, before), 0, None
        for number, generation in dict.fromkeys(owners) if decrypt is not None else [_AS_WRITTEN]:
            written = raw if decrypt is None else _decrypted(decrypt, number, generation, raw)
            if written is None or (first is not None and written == first):
                continue  # AES-256 decrypts a stream alike for every object: counted once (a report 4.7 times over)
            first = written if first is None else first
            size = counter.stream(written, chains, packed=packed)
            if size is None:  # nothing decoded it: its data as written, or decrypted
                size = len(written)
                counter.look(written, packed)
                if written is not raw:  # decrypted, it is content as a filter's output is (the file's bytes are looked at whole)
                    counter.content(written, packed)
            largest = max(largest, size)
        for owner, _ in owners:
            counter.sizes[owner] = max(largest, counter.sizes.get(owner, 0))
        previous = match.end()
        streams += 1
    return extents, streams


_AS_WRITTEN = (-1, 0)  # the owner of a stream before any object's header, and the one reading of a stream as written


def _decrypted(decrypt: pdf_crypt.Decrypt, number: int, generation: int, raw: memoryview) -> memoryview | None:
    """A stream's data as pdfminer decrypts it for object ``number``; None where that is the data
    as written (counted already) or where pdfminer fails on it (it decodes nothing then)."""
    try:
        plain = decrypt(number, generation, raw)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - pdfminer's decryption breaks on such data: it decodes nothing of it
        return None
    return None if plain == raw else memoryview(plain)


def _content(objects: _Objects, counter: _Counter) -> int | None:
    """The decoded bytes of every stream a page's ``/Contents`` or a Type3 font's ``/CharProcs``
    names (in the file's plain bytes or in what its streams decode to: object streams), each
    counted once; None when one of them is not a stream found here, or when the arrays and
    dictionaries read for them, all together, are more than twice the texts they are read from
    (each key in a comment inside one reads it again: that file is not told, not read for hours)."""
    named: set[int] = set()
    texts = [objects.data, *counter.decoded]
    left = 2 * sum(len(text) for text in texts)  # bytes of arrays and dictionaries that may be read
    for text in texts:
        if b"#" not in text and b"Contents" not in text and b"CharProcs" not in text:
            continue  # neither key, nor a name spelt with escapes
        blanks = objects.blanks if text is objects.data else Blanks(bytes(text))
        for key, start, end in values_of(blanks, _CONTENTS_OR_CHAR_PROCS, (_contents, _char_procs)):
            if key == 0:  # /Contents
                found = [bytes(text[start:end])]
                if _WHOLE_REFERENCE.fullmatch(found[0]) and _number(found[0]) not in counter.sizes:
                    found = objects.written(_number(found[0]), rb"\[", _array)  # an array of them, by reference
            elif text[start:end] == b"<<":  # /CharProcs
                found = [_dictionary(text, start)]
            else:
                found = objects.written(_number(bytes(text[start:end])), b"<<", _dictionary)
            left -= sum(len(part) for part in found)
            if not found or left < 0:  # (bytes only ever taken from ``left``: the keys' order does not change the answer)
                return None
            named.update(_number(reference) for part in found for reference in Blanks(part).found(names=False))
    if not named <= counter.sizes.keys():
        return None
    return sum(counter.sizes[number] for number in named)


class _Objects:
    """Where each object is written in the file's plain bytes (every place: older revisions too)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.places: dict[int, list[int]] = {}  # by object number: where its keyword ``obj`` ends
        self.headers: list[tuple[int, int, int]] = []  # where each ``N G obj`` begins, N and G
        self._written: dict[tuple[int, bytes, Callable[[bytes, int], bytes]], list[bytes]] = {}  # by number, start and reader
        self.ends: list[int] = []  # where each ``endstream`` is, found once: a search from each stream is quadratic
        self.keywords = 0  # the ``stream`` words not in ``endstream``
        for match in _STREAM_WORD.finditer(data):
            if data[match.start() - 3 : match.start()] == b"end":
                self.ends.append(match.start() - 3)
            else:
                self.keywords += 1
        for match in _OBJ.finditer(data):
            if data[match.start() - 1 : match.start()] not in _HEADER_ENDS:
                continue  # the numbers end right before ``obj``: not in ``endobj``, nor after any other byte
            numbers = _HEADER_NUMBERS.search(data, max(0, match.start() - _HEADER_REACH), match.start())
            if numbers is not None:
                self.places.setdefault(int(numbers.group(1)), []).append(match.end())
                self.headers.append((numbers.start(), int(numbers.group(1)), int(numbers.group(2))))

    @functools.cached_property
    def blanks(self) -> Blanks:
        return Blanks(self.data)

    @functools.cached_property
    def references(self) -> _References:
        return _References(self.blanks)

    def written(self, number: int, start: bytes, read: Callable[[bytes, int], bytes]) -> list[bytes]:
        """The texts of object ``number`` where it begins with ``start`` (none: not written so),
        read once however many keys name it."""
        key = (number, start, read)
        if key not in self._written:
            out = []
            for at in self.places.get(number, []):
                begins = self.blanks.end(at)
                if re.match(start, self.data[begins : begins + 2]):
                    out.append(read(self.data, begins))
            self._written[key] = out
        return self._written[key]


def _contents(blanks: Blanks, at: int) -> int | None:
    """The end of a page's ``/Contents`` value at ``at``: an array of references, or a reference."""
    return blanks.references(at + 1) if blanks.text[at : at + 1] == b"[" else blanks.reference(at)


def _char_procs(blanks: Blanks, at: int) -> int | None:
    """The end of a Type3 font's ``/CharProcs`` value at ``at``: ``<<``, or a reference."""
    return at + 2 if blanks.text[at : at + 2] == b"<<" else blanks.reference(at)


def _length(blanks: Blanks, at: int) -> int | None:
    """The end of a stream's ``/Length`` value at ``at``: a reference, or a number."""
    return blanks.reference(at) or blanks.digits(at)


def _number(reference: bytes) -> int:
    return int(re.findall(rb"\d+", reference)[0])


def _array(text: bytes, at: int) -> bytes:
    end = text.find(b"]", at)
    return text[at : end if end >= 0 else len(text)]


def _dictionary(text: bytes | memoryview, at: int) -> bytes:
    """The dictionary that begins at ``at`` in ``text``, to its matching ``>>``."""
    depth = 0
    for match in _ANGLES.finditer(text, at):
        depth += 1 if match.group() == b"<<" else -1
        if depth <= 0:
            return bytes(text[at : match.end()])
    return bytes(text[at:])


class _Counter:
    """What has been decoded so far, and the decoding itself, each output within what is left."""

    def __init__(self, size: int) -> None:
        self.left = MAX_INFLATED
        self.maps_alike = True
        # bytes a ToUnicode look may read: the file's and what decodes, once; past it (overlapping
        # streams, each looked at to the file's end) no more is looked at: not alike
        self.to_look = size + MAX_INFLATED
        self.steps = MAX_STEPS  # left
        self.bytes_read = 0
        self.sizes: dict[int, int] = {}  # a stream's decoded bytes, by the object numbers it may be
        self.decoded: list[bytes | memoryview] = []  # what came out of object streams: pages may be in them

    def read(self, size: int) -> None:
        """The decoders written in Python read ``size`` bytes more (:data:`MAX_READ` in all)."""
        self.bytes_read += size
        if self.bytes_read > MAX_READ:
            raise _Laborious

    def step(self, count: int) -> None:
        self.steps -= count
        if self.steps < 0:
            raise _Laborious

    def spend(self, output: bytes) -> bytes:
        self.left -= len(output)
        if self.left < 0:
            raise _Spent
        return output

    def look(self, text: bytes | memoryview, packed: bool) -> None:
        """Whether PDFium and pdfminer read the maps of the stream ``text`` alike (``pdf_cmaps``)."""
        if self.maps_alike:
            self.to_look -= min(len(text), pdf_cmaps.MAX_TEXT + 1)
            self.maps_alike = self.to_look >= 0 and pdf_cmaps.stream_alike(text, packed)

    def stream(self, raw: memoryview, chains: set[tuple[str, ...]], content: bool = True, packed: bool = False) -> int | None:
        """Decode ``raw`` (the file from a stream's data on) through each chain, and zlib data
        that comes out; look for inline images in what comes out of ``content``, and keep what comes
        out of a ``packed`` one (an object stream: pages may be in it).  The most bytes a chain
        decoded to (None: nothing was decoded)."""
        if not any(chain[:1] and _DECODERS.get(chain[0]) == _inflate for chain in chains):
            chains = chains | {()}  # zlib data inflated whatever the dictionary says, as before
        size = None
        for chain in chains:
            output: bytes | memoryview = raw
            for name in chain:
                decoder = _DECODERS.get(name)
                if decoder is None:
                    break  # an image's filter: not decoded when text is read
                output = self.spend(decoder(output, self.left + 1, self))
            for _ in range(_ZLIB_LAYERS + 1):
                if not _looks_like_zlib(output[:2]):
                    break
                output = self.spend(_inflate(output, self.left + 1, self))
            if content and output is not raw:
                self.look(output, packed)
                self.content(output, packed)
                size = max(size or 0, len(output))
        return size

    def content(self, output: bytes | memoryview, packed: bool) -> None:
        """What a stream decodes to: its inline images decoded and counted, and kept when it is ``packed``."""
        self.inline_images(output)
        if packed:
            self.decoded.append(output)

    def inline_images(self, content: bytes | memoryview) -> None:
        """Decode the data of each inline image in ``content`` through the filters its dictionary
        names (PDFium does, to find where the image ends); an image's data is no content."""
        for start, data in _images(content):
            dictionary = bytes(content[start:data])
            # most images have no filter (its key may be spelt with escapes)
            chains = _chains(_References(Blanks(b"")), dictionary) if b"/F" in dictionary or b"#" in dictionary else set()
            if chains:
                self.stream(memoryview(content)[data + 3 :], chains, content=False)


def _images(content: bytes | memoryview) -> Iterator[tuple[int, int]]:
    """Where the dictionary of each inline image in ``content`` begins and its ``ID`` is: each ``BI``
    that is a word (「xBI」 is none) begins one when the first ``ID`` word after it, followed by white
    space, is at most :data:`_IMAGE_REACH` bytes on; the next is looked for after that one's ``ID``.
    The ``ID`` after a ``BI`` is looked for from it only when the one found last is before it: one pass
    in all (a search from each ``BI``, 「BI 」 40,000 times, took 4,096 steps each: 2 s)."""
    after = 0  # where the next image may begin
    data: int | None = -1  # the first ``ID`` word at or after the last ``BI`` looked from (None: there is none)
    for begin in _BEGIN_IMAGE.finditer(content):
        start = begin.start()
        if start < after or (start and content[start - 1] not in DELIMITERS):
            continue
        if data is not None and data < start + 2:  # the first ``ID`` word from here
            found = _IMAGE_DATA.search(content, start + 2)
            while found is not None and content[found.start() - 1] not in DELIMITERS:
                found = _IMAGE_DATA.search(content, found.start() + 1)
            data = None if found is None else found.start()
        if data is None:
            return
        if data - (start + 2) <= _IMAGE_REACH:
            yield start + 2, data
            after = data + 3


def _extent(data: bytes, objects: Callable[[], _Objects], start: int, before: bytes) -> int:
    """The bytes of a stream's data either reader may take: to its ``endstream``, or its
    /Length when that is longer (PDFium reads that far when ``endstream`` follows it); a
    /Length that is not written in the file's plain bytes may be anything: to the end of the file."""
    ends = objects().ends
    at = bisect.bisect_left(ends, start)
    size = (ends[at] if at < len(ends) else len(data)) - start
    for first, last in values(Blanks(before), _LENGTH, _length):
        length = before[first:last]
        written = objects().written(_number(length), rb"\d", _integer) if _WHOLE_REFERENCE.fullmatch(length) else [length]
        for value in written or [b"?"]:  # not written in plain bytes: any length
            size = max(size, min(int(value) if value.isdigit() else len(data), len(data) - start))
    return size


def _integer(text: bytes, at: int) -> bytes:
    return text[at : at + 32].split()[0]  # it begins with a digit; not all digits: no length


def _chains(referenced: _References, before: bytes) -> set[tuple[str, ...]]:
    """The filter chains ``before`` (a stream's dictionary and what precedes it) may give a stream."""
    chains = set()
    for start, end in values(Blanks(before), _FILTER, Blanks.spec):
        spec = before[start:end]
        if spec[:1].isdigit():  # a reference
            spec = referenced(spec)
        names = Blanks(spec).found(names=True)
        chains.add(tuple(_decoded_name(referenced(name) if name[:1] != b"/" else name) for name in names))
    return chains


# Filters given by reference a file may have looked up, each a pass over its bytes (:func:`_referenced`),
# and the places all together where one's object number is written that are looked at: the programs
# that print reports give none by reference; 100,000, each a new object, took hours.
MAX_FILTER_REFERENCES = 100
MAX_REFERENCE_PLACES = 2_000_000


class _References:
    """The filters (or filter arrays) objects of ``data`` hold, each looked up once: more than
    :data:`MAX_FILTER_REFERENCES` different ones, or :data:`MAX_REFERENCE_PLACES` looked at, are refused."""

    def __init__(self, data: Blanks) -> None:
        self.data = data
        self.found: dict[tuple[bytes, ...], bytes] = {}
        self.places = MAX_REFERENCE_PLACES  # left

    def __call__(self, reference: bytes) -> bytes:
        key = tuple(re.findall(rb"\d+", reference))
        if key not in self.found:
            if len(self.found) >= MAX_FILTER_REFERENCES:
                raise _too_many_references()
            self.found[key] = _referenced(self.data, reference, self._look)
        return self.found[key]

    def _look(self) -> None:
        self.places -= 1
        if self.places < 0:
            raise _too_many_references()


def _too_many_references() -> InputError:
    return InputError(f"PDF 以引用给出的流过滤器过多（超过 {MAX_FILTER_REFERENCES} 个，或其编号出现超过 {MAX_REFERENCE_PLACES:,} 处），"
                      f"不予读取 / the PDF gives too many stream filters by reference")


def _referenced(data: Blanks, reference: bytes, look: Callable[[], None] = lambda: None) -> bytes:
    """The object ``N G R`` names, as written in the file's plain bytes (``data``): the first
    ``N G obj`` followed by a filter's spec, each part maybe after blanks (``look`` is told of each
    place N is written that is looked at)."""
    number, generation = re.findall(rb"\d+", reference)
    text = data.text
    for candidate in _whole_number_at(text, number):
        look()
        at = data.end(candidate)
        if not text.startswith(generation, at):
            continue
        at = data.end(at + len(generation))
        if not text.startswith(b"obj", at):
            continue
        start = data.end(at + 3)
        end = data.spec(start)
        if end is not None:
            if text[start : start + 1].isdigit():  # a reference again
                break
            return text[start:end]
    raise InputError("PDF 的流过滤器无法确定，不予读取 / a PDF stream's filters cannot be determined")


def _whole_number_at(text: bytes, number: bytes) -> Iterator[int]:
    """Where each ``number`` not after a digit in ``text`` ends (as a regex of the number after no digit would
    find it, by a plain search: a look-behind first makes a regex try every byte)."""
    at = text.find(number)
    while at >= 0:
        if not text[at - 1 : at].isdigit():
            yield at + len(number)
        at = text.find(number, at + 1)


def _decoded_name(name: bytes) -> str:
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name[1:]).decode("latin-1")


def _looks_like_zlib(head: bytes | memoryview) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0


def _zlib() -> ModuleType:
    """zlib-ng's inflate (``zlib_ng``, of the pdf extra) where it is installed, else the standard
    library's.  Embedded fonts are most of what a report's streams inflate to, and zlib-ng inflates
    them in less than half the time.  Its inflate is zlib's, forked and made faster: the same checks
    in the same order, so a stream gives the same bytes and a broken one breaks at the same call
    (``tests/test_pdf_inflate.py``), where ISA-L's, quicker still, inflates a Huffman code that does
    not fill its tree, which zlib refuses.  Without it (a platform it has no wheel for) the
    standard library inflates the same bytes, slower: the bound does not wait on a speed-up."""
    try:
        from zlib_ng import zlib_ng
    except ImportError:
        return zlib
    return zlib_ng


_ZLIB = _zlib()


def _inflate(raw: bytes | memoryview, limit: int, counter: _Counter | None = None) -> bytes:
    """What a zlib stream at the start of ``raw`` inflates to, up to ``limit`` bytes (what a
    broken one gives before it breaks), as the standard library's zlib inflates it (:func:`_zlib`).
    The input is given a chunk at a time, each inflated as far as the limit in one call: the output
    grows in blocks as it is made, no larger for the limit, and is kept whole either way."""
    inflater = _ZLIB.decompressobj()
    parts: list[bytes] = []
    size = 0
    try:
        for start in range(0, len(raw), _CHUNK):
            pending: bytes | memoryview = raw[start : start + _CHUNK]
            while pending and size < limit and not inflater.eof:
                piece = inflater.decompress(pending, limit - size)
                if not piece and len(inflater.unconsumed_tail) >= len(pending):
                    break  # no progress: the rest is not more of this stream
                parts.append(piece)
                size += len(piece)
                pending = inflater.unconsumed_tail
            if inflater.eof or size >= limit:
                break
    except _ZLIB.error:
        return _before_break(raw[: start + _CHUNK], limit)
    return b"".join(parts)


def _before_break(data: bytes | memoryview, limit: int) -> bytes:
    """What the zlib stream in ``data``, which breaks, inflates to before it breaks (at most
    ``limit`` bytes), as PDFium keeps it: zlib keeps nothing of a call that fails, so six 50 MB
    streams, each broken at its end, were counted as nothing, and PDFium inflated 660 MB.  The
    longest start of ``data`` that inflates without failing, found by halving: each try inflates
    no further than where the stream breaks (or ``limit``)."""
    def inflated(end: int) -> bytes | None:
        try:
            output: bytes = _ZLIB.decompressobj().decompress(data[:end], limit)
        except _ZLIB.error:
            return None
        return output

    good, bad = 0, len(data)  # data[:good] inflates, data[:bad] breaks
    while bad - good > 1:
        middle = (good + bad) // 2
        if inflated(middle) is None:
            bad = middle
        else:
            good = middle
    return inflated(good) or b""


def _until(raw: bytes | memoryview, marker: bytes, cap: int, counter: _Counter) -> bytes:
    """``raw`` up to ``marker`` (or ``cap`` bytes), read a piece at a time: ``raw`` may be the rest of the file."""
    parts: list[bytes] = []
    for start in range(0, min(len(raw), cap), _CHUNK):
        piece = bytes(raw[start : min(start + _CHUNK, cap)])
        counter.read(len(piece))
        end = piece.find(marker)
        parts.append(piece if end < 0 else piece[:end])
        if end >= 0:
            break
    return b"".join(parts)


def _hex(raw: bytes | memoryview, limit: int, counter: _Counter) -> bytes:
    text = _AHX.sub(b"", _until(raw, b">", 4 * limit + _CHUNK, counter))  # white space and junk skipped
    return binascii.unhexlify(text + b"0" * (len(text) % 2))[:limit]  # an odd last digit is followed by 0


def _ascii85(raw: bytes | memoryview, limit: int, counter: _Counter) -> bytes:
    """Up to ``~``, anything but its characters skipped; a group past 2**32 (no valid data)
    counted as its four bytes."""
    text = _A85_JUNK.sub(b"", _until(raw, b"~", 4 * limit + _CHUNK, counter))
    try:
        return base64.a85decode(text)[:limit]
    except ValueError:
        return bytes(min(4 * len(text), limit))


def _run_length(raw: bytes | memoryview, limit: int, counter: _Counter) -> bytes:
    data = bytes(raw[: 2 * limit + 2])  # no more is read for ``limit`` bytes: a run of one byte is two
    counter.read(len(data))
    parts: list[bytes] = []
    size = at = runs = 0
    while at < len(data) and size < limit:
        length = data[at]
        if length == 128:
            break
        if length < 128:
            piece = data[at + 1 : at + 2 + length]
            at += 2 + length
        else:
            piece = data[at + 1 : at + 2] * (257 - length)
            at += 2
        parts.append(piece)
        size += len(piece)
        runs += 1
        if runs % 4096 == 0:
            counter.step(4096)
    return b"".join(parts)[:limit]


def _lzw(raw: bytes | memoryview, limit: int, counter: _Counter) -> bytes:
    from pdfminer.lzw import LZWDecoder

    parts: list[bytes] = []
    size = 0
    data = bytes(raw[: 2 * limit + 2])  # a code is at least 9 bits, and at least a byte out
    counter.read(len(data))
    codes: Iterator[bytes] = LZWDecoder(io.BytesIO(data)).run()
    try:
        for piece in codes:
            parts.append(piece)
            size += len(piece)
            if len(parts) % 4096 == 0:
                counter.step(4096)
            if size >= limit:
                break
    except (IndexError, TypeError):  # a code past the table: broken data ends there, as in PDFium
        pass
    return b"".join(parts)[:limit]


_DECODERS: dict[str, Callable[[bytes | memoryview, int, _Counter], bytes]] = {
    **dict.fromkeys(("FlateDecode", "Fl"), _inflate),
    **dict.fromkeys(("ASCIIHexDecode", "AHx"), _hex),
    **dict.fromkeys(("ASCII85Decode", "A85"), _ascii85),
    **dict.fromkeys(("RunLengthDecode", "RL"), _run_length),
    **dict.fromkeys(("LZWDecode", "LZW"), _lzw),
}
