"""A report flattened onto one line: find its headings, captions and rows inside the line.

Crawlers that save a page's text often collapse every line break, so a whole report (headings,
table captions, header cells, row labels and numbers) arrives as one long line, the cells of a
row run together with no separator (「…（七）总计801000081四、结转下年度继续办理…」).  The
line is cut where a section heading, a table caption or a template row label starts, and each
piece becomes the logical line the lexer would have seen had the line breaks survived.  Every
piece keeps its columns in the long line, so a diagnostic points into the line as it is.

A row label followed by digits only becomes a row with one cell holding those digits: the
binder marks it glued when it has more columns than that (never split here), and reads it as
the row's number when the table has one column.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from threading import Lock
from typing import Iterator, NamedTuple

from ..normalize import label_key
from .lines import _CAPTION, MAX_HEADING, Line, RawCell, Vocabulary, classify

__all__ = ["LAYOUT", "split_flattened"]

LAYOUT = "flattened"
_NUMBERS_RUN = re.compile(r"[+\-−]?\d[\d.,+\-−]*")  # a row's numbers run together: 「102-2120」
_RUNS = re.compile(f"(?P<number>{_NUMBERS_RUN.pattern})|(?P<words>\\D+?)(?=\\d|[+\\-−]\\d|$)")
MAX_LABEL = 60  # characters: longer text after a row is prose
ROW_LABELS = 3  # the most row labels one table row carries
_NUMERAL = re.compile(r"([一二三四五六七八九十]+)[、.,]")  # as Vocabulary.section_of reads a heading
_LIST_MARK = re.compile(r"[、,](?<=\d.)")  # a digit before: looked behind only where the mark is (a third of the time)
FUZZY_TITLE = 0.8  # as close as a heading on its own line must be (Vocabulary.section_of)
MAX_FUZZY = 100  # numerals tried as headings worded otherwise, per line: bounded work on any input
_CAPTIONS = re.compile(_CAPTION.pattern.strip("^$"))
_GLUED_DIGITS = re.compile(r"[\u3400-\u9fff）)]\d")  # a label run into its digits: worth a look in a short line
# What a section heading needs once the line is normalised: a numeral right before a list mark (「一、」, as
# :data:`_NUMERAL` finds it).  In the line as written, that is a character whose key ends in a numeral, blanks (whose
# key is empty), then one whose key starts with a mark: a line without that has no heading, and outside the sections
# that hold tables nothing else cuts it, so it need not be normalised.  tests/test_flattened_keys.py holds these
# classes to every character's :func:`_char_key`.
_NUMERAL_KEYED = "一二三四五六七八九十\u2f00\u2f06\u2f0b\u2f17\u3038\u3192-\u3195\u3280-\u3289\uf9d1\U0001f214\U0001f229\U0001f22a"
_MARK_KEYED = ",.、\u2024-\u2026\ufe10\ufe11\ufe19\ufe30\ufe50-\ufe52\uff0c\uff0e\uff64"
_MAY_HEAD = re.compile(f"[{_NUMERAL_KEYED}]\\s*[{_MARK_KEYED}]")


class _Anchor(NamedTuple):
    start: int  # index in the original line
    end: int
    kind: str  # section | caption | row


class _Patterns(NamedTuple):
    sections: re.Pattern[str]
    section_keys: dict[str, str]  # normalised title → section key
    titles: dict[str, tuple[str, str]]  # numeral → (section key, title), for headings worded otherwise
    tables: re.Pattern[str]  # row labels and captions
    rows: frozenset[str]
    headers: dict[str, tuple[str, ...]]  # first character → the header words it starts, longest first


@lru_cache(maxsize=8)
def _patterns(vocab: Vocabulary) -> _Patterns:
    """Regexes over normalised text: section headings (a numeral, then a title or alias the
    templates know), table anchors."""
    headings = {title: key for title, (key, _) in vocab.sections.items()}
    table = vocab.row_labels | vocab.captions

    def union(words: set[str] | frozenset[str]) -> str:
        # Longest first; equal lengths alphabetically, so the pattern is the same in every run (cached: govlint.regex_cache).
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)) if w)

    titles = {number: (vocab.section_number[number], title) for number, title in vocab.section_titles.items()}
    headers: dict[str, tuple[str, ...]] = {}
    for word in vocab.header:  # longest first: each character's words stay in that order
        if word:
            headers[word[0]] = (*headers.get(word[0], ()), word)
    return _Patterns(
        re.compile(f"{_NUMERAL.pattern}(?P<title>{union(set(headings))})"), headings, titles, re.compile(f"{union(table)}|{_CAPTIONS.pattern}"), frozenset(vocab.row_labels), headers
    )


@lru_cache(maxsize=8192)
def _char_key(char: str) -> str:
    """One character as labels compare it (every long prose line asks again for the same few hundred)."""
    return "" if char.isspace() else label_key(char) or unicodedata.normalize("NFKC", char)


class _Full(Exception):
    """The shared table of :class:`_CharKeys` holds its limit: the line gets a table of its own."""


class _CharKeys(dict[int, str]):
    """:func:`_char_key` of every character met so far, as a table for ``str.translate`` that fills
    itself as it meets characters never seen before: a long line costs Python work only for those
    (not a set of its characters each time).  ``odd`` holds those that do not map one to one.  Only
    ever added to (threads may share it); once it holds ``limit`` characters, a line with others
    gets a table of its own, as before it existed."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.odd: frozenset[str] = frozenset()  # spaces, 「㈠」; replaced whole, so a reader's copy never changes
        self._lock = Lock()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        key = _char_key(char)
        with self._lock:  # odd first: another thread that finds the key finds the character odd
            if len(self) >= self.limit:
                raise _Full
            if len(key) != 1:
                self.odd = self.odd | {char}
            self[code] = key
        return key


_CHAR_KEYS = _CharKeys(8192)


FEW_ODD = 64  # odd characters a pattern of all those met may hold (spaces, 「㈠」「⑴」「⒈」: a few dozen in real text)


@lru_cache(maxsize=4)
def _odd_pattern(odd: frozenset[str]) -> re.Pattern[str]:
    """Finds the characters of ``odd`` (the table's odd characters grow rarely: a few patterns in all)."""
    return re.compile("|".join(map(re.escape, sorted(odd))))


def _normalised(text: str) -> tuple[str, _Origin]:
    """The line as labels are compared (:func:`label_key` character by character), and where
    each of its characters came from in the line."""
    try:
        translated = text.translate(_CHAR_KEYS)
        table: dict[int, str] = _CHAR_KEYS
        odd = _CHAR_KEYS.odd  # read after the line: it covers every character the line met
        if len(odd) > FEW_ODD:  # a hostile file's hundreds: those of the line, not a pattern of all recompiled as each is met
            odd = odd.intersection(text)
    except _Full:
        table = {ord(char): _char_key(char) for char in set(text)}
        translated = text.translate(table)
        odd = frozenset(chr(code) for code, key in table.items() if len(key) != 1)
    norm = _LIST_MARK.sub(".", translated)  # 「2、」 as 「2.」
    spots = [(m.start(), len(table[ord(m.group())])) for m in _odd_pattern(odd).finditer(text)] if odd else []
    return norm, _Origin(spots)


class _Origin:
    """Index in the normalised line → index in the line, from the few characters that did not
    map one to one (so a long line costs no Python work per character)."""

    def __init__(self, spots: list[tuple[int, int]]) -> None:
        self.spots = spots  # (index in the line, length of its key)
        self.starts: list[int] = []  # where each spot's key starts in the normalised line
        shift = 0
        for index, length in spots:
            self.starts.append(index + shift)
            shift += length - 1

    def __getitem__(self, position: int) -> int:
        spot = bisect_right(self.starts, position) - 1  # the last odd character at or before it
        if spot < 0:
            return position
        index, length = self.spots[spot]
        start = self.starts[spot]
        return index if position < start + length else index + 1 + position - start - length


def _anchors(norm: str, origin: _Origin, section: str | None, vocab: Vocabulary) -> list[_Anchor]:
    """Where section headings, and inside sections that hold tables captions and row labels,
    stand in the line (``norm``, the line normalised), in order."""
    patterns = _patterns(vocab)

    def span(match: re.Match[str], kind: str) -> _Anchor:
        return _Anchor(origin[match.start()], origin[match.end() - 1] + 1, kind)

    heads = _headings(norm, patterns)
    found = [_Anchor(origin[start], origin[end - 1] + 1, "section") for start, end, _ in heads]
    # Row labels and captions count only inside sections that hold tables.
    bounds = [(0, section)] + [(start, key) for start, _, key in heads] + [(len(norm), None)]
    for (first, key), (last, _) in zip(bounds, bounds[1:]):
        if key is None or key not in vocab.table_sections:
            continue
        for match in patterns.tables.finditer(norm, first, last):
            kind = "row" if match.group() in patterns.rows else "caption"
            found.append(span(match, kind))
    return sorted(found)


def _headings(norm: str, patterns: _Patterns) -> list[tuple[int, int, str]]:
    """(start, end, section key) of the section headings in normalised text: as the template words
    them, else a numeral and a title close to the template's (「四、政府信息公开行政法复议、…」),
    as :meth:`Vocabulary.section_of` accepts a heading on a line of its own."""
    heads = [(m.start(), m.end(), patterns.section_keys[m.group("title")]) for m in patterns.sections.finditer(norm)]
    found = {key for *_, key in heads}
    tries = 0
    for match in _NUMERAL.finditer(norm):
        key, title = patterns.titles.get(match.group(1), ("", ""))
        if not key or key in found or any(start <= match.start() < end for start, end, _ in heads):
            continue
        tries += 1
        if tries > MAX_FUZZY:
            break
        end = _fuzzy_end(norm, match.end(), title)
        if end is not None:
            heads.append((match.start(), end, key))
            found.add(key)
    return sorted(heads)


def _fuzzy_end(norm: str, start: int, title: str) -> int | None:
    """Where a title close to ``title`` that starts at ``start`` ends, if one does."""
    best, best_end = FUZZY_TITLE, None
    for end in range(start + len(title) - 2, min(start + len(title) + 3, len(norm) + 1)):
        ratio = SequenceMatcher(None, norm[start:end], title).ratio()
        if ratio >= best:
            best, best_end = ratio, end
    return best_end


def split_flattened(number: int, text: str, section: str | None, vocab: Vocabulary) -> list[Line] | None:
    """The logical lines of one long source line, or None when it is not a flattened report.

    ``section`` is the section the line starts in.  A line counts as flattened when it holds a
    section heading after its start; more row labels than one row has (a category, a
    sub-category and its own: 「三、本年度办理结果 （六）其他处理 1.…」); a table caption and a row
    label, outside a sentence; or, in a section that holds tables, nothing but header cells run
    into the digits of table 四's one row.  Prose never does.  A line with tabs or pipes has kept
    its cell separators: a grid row, never flattened.
    """
    tables = section in vocab.table_sections and section is not None
    if len(text) <= MAX_HEADING and not (tables and _GLUED_DIGITS.search(text)):
        return None  # first, as it is the cheapest test: most lines end here
    if "\t" in text or text.lstrip().startswith("|"):
        return None
    if not tables and not _MAY_HEAD.search(text):
        return None  # prose outside the tables: no heading can stand in it (the cost of a long line is its normalising)
    normalised = _normalised(text)
    anchors = _anchors(*normalised, section, vocab)
    if not anchors:
        glued = tables and _header_run(text, normalised, vocab, glued=True)
        return list(_rest(number, text, 0, len(text), section, vocab)) if glued else None
    inner = [a for a in anchors if a.start > len(text) - len(text.lstrip())]
    rows = sum(a.kind == "row" for a in anchors)
    captioned = rows and any(a.kind == "caption" for a in anchors) and "。" not in text
    if not any(a.kind == "section" for a in inner) and rows <= ROW_LABELS and not captioned:
        return None
    lines: list[Line] = []
    cuts = [0] + [a.start for a in anchors] + [len(text)]
    kinds = ["text"] + [a.kind for a in anchors]
    ends = [0] + [a.end for a in anchors]
    for start, head_end, stop, kind in zip(cuts, ends, cuts[1:], kinds):
        for line in _piece(number, text, start, max(head_end, start), stop, kind, section, vocab):
            if line.kind == "SECTION":
                section = line.section
            lines.append(line)
    return lines


def _piece(number: int, text: str, start: int, head_end: int, stop: int, kind: str, section: str | None, vocab: Vocabulary) -> Iterator[Line]:
    """The lines of one piece: its anchor (heading, caption or row label) and what follows it."""
    rest_start = head_end
    if kind in ("section", "caption"):
        head = _classified(number, text, start, head_end, section, vocab)
        if head is not None:
            yield head
            section = head.section if head.kind == "SECTION" else section
    elif kind == "row":
        rows = _run_rows(number, text, start, head_end, stop)
        if rows is not None:
            yield from rows
            return
        rest_start = start  # a label followed by words: an ordinary line, read as one
    yield from _rest(number, text, rest_start, stop, section, vocab)


def _run_rows(number: int, text: str, start: int, head_end: int, stop: int) -> list[Line] | None:
    """A known row label and what runs on after it: its numbers (「220000022」), then perhaps rows
    whose labels no template knows, each followed by its numbers (「（二）部分公开191000020」, a
    label worded otherwise).  None when prose or spaced cells follow: an ordinary line."""
    stop = head_end + len(text[head_end:stop].rstrip())
    pieces = [(start, head_end, "words")] + [(m.start(), m.end(), m.lastgroup or "") for m in _RUNS.finditer(text, head_end, stop)]
    if len(pieces) > 1 and pieces[1][2] != "number":
        return None  # the label runs on into words
    rows: list[Line] = []
    for index, (begin, end, kind) in enumerate(pieces):
        if kind == "number":
            continue
        words = text[begin:end]
        if index and (words != words.strip() or len(words) > MAX_LABEL or "。" in words):
            return None
        after = pieces[index + 1] if index + 1 < len(pieces) else None  # words are followed by numbers
        cells = (RawCell(text[after[0] : after[1]], after[0] + 1),) if after else ()
        kind_of_row = "ROW" if cells else "ROWLABEL"
        rows.append(Line(kind_of_row, number, text[begin : after[1] if after else end], begin + 1, LAYOUT, label=RawCell(words, begin + 1), cells=cells))
    return rows


def _rest(number: int, text: str, start: int, stop: int, section: str | None, vocab: Vocabulary) -> Iterator[Line]:
    """What follows an anchor: header cells run together (and the digits of a row with no
    label, as table 四 has), else a line of its own."""
    piece = text[start:stop]
    if not piece.strip():
        return
    if section in vocab.table_sections and section is not None:
        split = _header_run(piece, _normalised(piece), vocab)
        if split is not None:
            header_end = start + split
            yield Line("HEADER", number, piece[: split].strip(), start + len(piece) - len(piece.lstrip()) + 1, LAYOUT)
            digits = text[header_end:stop].strip()
            if digits and not any(c.isspace() for c in digits):
                column = text.index(digits, header_end) + 1
                yield Line("ROW", number, digits, column, LAYOUT, cells=(RawCell(digits, column),))
            elif digits:  # numbers one space apart: an ordinary row of cells
                yield from filter(None, [_classified(number, text, header_end, stop, section, vocab)])
            return
    line = _classified(number, text, start, stop, section, vocab)
    if line is not None:
        yield line


def _header_run(piece: str, normalised: tuple[str, _Origin], vocab: Vocabulary, *, glued: bool = False) -> int | None:
    """Where a run of header cells ends in ``piece`` (before trailing digits), or None when the
    piece is not header cells run together (``glued``: with digits run into the last one).
    ``normalised``: :func:`_normalised` of the piece."""
    norm, origin = normalised
    words = _patterns(vocab).headers
    position = 0
    while position < len(norm) and not norm[position].isdigit():
        word = next((w for w in words.get(norm[position], ()) if norm.startswith(w, position)), None)
        if word is None:
            return None
        position += len(word)
    if position == 0 or (position < len(norm) and not _NUMBERS_RUN.fullmatch(norm[position:])):
        return None
    if position == len(norm):
        return None if glued else len(piece)
    end = origin[position]
    return None if glued and piece[end - 1].isspace() else end


def _classified(number: int, text: str, start: int, stop: int, section: str | None, vocab: Vocabulary) -> Line | None:
    """``text[start:stop]`` classified as a line of its own, its columns those of the long line."""
    line = classify(number, text[start:stop], section, vocab)
    return None if line is None else _shifted(line, start)


def _shifted(line: Line, offset: int) -> Line:
    """A line classified from a piece that starts ``offset`` characters into the source line."""
    if not offset:
        return line

    def move(cells: tuple[RawCell, ...]) -> tuple[RawCell, ...]:
        return tuple(c._replace(column=c.column + offset) for c in cells)

    return line._replace(
        column=line.column + offset,
        label=line.label._replace(column=line.label.column + offset) if line.label else None,
        cells=move(line.cells),
        edges=(move(line.edges[0]), move(line.edges[1])),
    )
