"""White space and comments in a PDF's bytes, skipped in time linear in the bytes (the bomb check's values).

The bomb check (``pdf_streams``) tries every ``/Contents``, ``/CharProcs``, ``/Length`` and ``/Filter``
written, even one inside what looks like a comment (a ``%`` in a string is no comment to the readers),
and reads the value after it past white space and comments.  A regex scans that blank run again from
every key: a key repeated on each of a million comment lines scanned them all from each, for hours.
Here the run's end is found without scanning it: a run from inside a line goes, after its first line
end, on as the run from the next line's start, and where that one ends is the first line below that
is not blank through its end (found once per text, by a regex from each line end).  Values are read from the run's end
by short anchored steps; arrays are read once from each place (tails that several keys share too).

Each reader gives what the regexes ``pdf_streams`` used gave (``_SPACE``: white space, and ``%`` to a
line end; digits taken whole), on every input: ``tests/test_pdf_blanks.py`` compares them.
"""

from __future__ import annotations

import bisect
import re
from array import array
from typing import Callable, Iterator

DELIMITERS = b"\x00\t\n\x0c\r ()<>[]{}/%"  # what ends a name or a number: white space and delimiters
DELIMITER = re.escape(DELIMITERS)  # the same bytes, for a class [...]
_HORIZONTAL = re.compile(rb"[\x00\t\x0c ]*+")
# Each from a line's start: the text's, where it is matched, or a line end's (the regex then begins with it and is
# searched for: one that looks behind for a line end tries every byte, 8.3 ms of CPU for a 412 KB PDF where this takes 3.5)
_LINE_STARTS = rb"[\r\n]"
# where the blank run from a line's start ends: a line neither blank nor a comment to its line end
_STOP = rb"[\x00\t\x0c ]*+(?=[^\r\n%]|%[^\r\n]*+\Z)"
# a line with a ``%`` in it, to its line end (from the line's start: tried from each ``%``, a line
# of them with no end was scanned to its end from each)
_COMMENT_END = rb"[^\r\n%]*+%[^\r\n]*+(?=[\r\n])"
_FIRST_STOP, _NEXT_STOPS = re.compile(_STOP), re.compile(_LINE_STARTS + _STOP)
_FIRST_COMMENT_END, _NEXT_COMMENT_ENDS = re.compile(_COMMENT_END), re.compile(_LINE_STARTS + _COMMENT_END)
_DIGITS = re.compile(rb"\d++")
_NAME = re.compile(rb"/[^" + DELIMITER + rb"]*+")
_NAME_OR_DIGITS = re.compile(_NAME.pattern + rb"|\d++")
_DIGIT_BYTES = b"0123456789"


def values(blanks: Blanks, key: re.Pattern[bytes], read: Callable[[Blanks, int], int | None]) -> Iterator[tuple[int, int]]:
    """Where each value ``read`` finds after ``key`` and blanks begins and ends, as a regex's
    ``finditer`` finds them: the next key looked for after the value, every key tried until one has one."""
    at = 0
    while (found := key.search(blanks.text, at)) is not None:
        start = blanks.end(found.end())
        end = read(blanks, start)
        if end is None:
            at = found.start() + 1
        else:
            yield start, end
            at = end


def values_of(blanks: Blanks, keys: re.Pattern[bytes], reads: tuple[Callable[[Blanks, int], int | None], ...]
              ) -> Iterator[tuple[int, int, int]]:
    """:func:`values` of several keys in one pass: ``keys`` has a group for each (the one that
    matched tells which, ``reads`` reads its value); each key's values come as :func:`values` gives
    them, as (key, start, end), all in the order of the keys in the text.  Each key is a name
    (no ``/`` after its first byte, so none matches inside a match of another): the matches of
    ``keys`` are every place one of them matches, and each key's next is the first of its own
    past its last value."""
    after = [0] * len(reads)  # where each key's next value may begin
    for found in keys.finditer(blanks.text):
        key = found.lastindex - 1  # type: ignore[operator]  # a group always matched
        if found.start() < after[key]:
            continue
        start = blanks.end(found.end())
        end = reads[key](blanks, start)
        if end is not None:
            yield key, start, end
            after[key] = end


class Blanks:
    """One text, and where the run of white space and comments from any place in it ends."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self._lines: tuple[array[int], array[int]] | None = None  # found when a run first passes a line end (4 bytes a line each)
        self._digits: dict[int, int] = {}
        self._names: dict[int, int] = {}
        self._arrays: dict[tuple[bool, int], int | None] = {}

    def end(self, at: int) -> int:
        """Where the run of white space and comments from ``at`` ends (``at`` itself: none there)."""
        text = self.text
        at = _HORIZONTAL.match(text, at).end()  # type: ignore[union-attr]  # it matches the empty run
        byte = text[at : at + 1]
        if byte not in (b"%", b"\r", b"\n"):
            return at
        stops, comment_ends = self._line_ends()
        line_end = at
        if byte == b"%":
            index = bisect.bisect_left(comment_ends, at)
            if index == len(comment_ends):
                return at  # a comment the text ends in, no line end after: no blank
            line_end = comment_ends[index]
        return stops[bisect.bisect_left(stops, line_end + 1)]

    def _line_ends(self) -> tuple[array[int], array[int]]:
        """Where the run from each line's start ends (the text's end last), and the line end
        after each line's first ``%``: found once, the first time a run passes a line end."""
        if self._lines is None:
            stops = array("i", _ends(self.text, _FIRST_STOP, _NEXT_STOPS))
            stops.append(len(self.text))
            self._lines = stops, array("i", _ends(self.text, _FIRST_COMMENT_END, _NEXT_COMMENT_ENDS))
        return self._lines

    def digits(self, at: int) -> int | None:
        """The end of the number (all its digits) at ``at``; None: no digit there."""
        if at not in self._digits:
            match = _DIGITS.match(self.text, at)
            self._digits[at] = -1 if match is None else match.end()
        end = self._digits[at]
        return None if end < 0 else end

    def reference(self, at: int) -> int | None:
        """The end of the reference ``N G R`` at ``at`` (None: none there)."""
        number = self.digits(at)
        generation = None if number is None else self.digits(self.end(number))
        if generation is None:
            return None
        keyword = self.end(generation)
        return keyword + 1 if self.text[keyword : keyword + 1] == b"R" else None

    def found(self, names: bool) -> list[bytes]:
        """Every reference in the text (``names``: and every name), left to right, as a regex's
        ``findall`` finds them: a number that begins none is passed whole (no digit of it begins one)."""
        out = []
        at = 0
        pattern = _NAME_OR_DIGITS if names else _DIGITS
        while (candidate := pattern.search(self.text, at)) is not None:
            end = candidate.end() if self.text[candidate.start()] == ord("/") else self.reference(candidate.start())
            if end is None:
                at = candidate.end()
                continue
            out.append(self.text[candidate.start() : end])
            at = end
        return out

    def references(self, at: int) -> int:
        """The end of the references that follow ``at``, each after blanks (``at``: none)."""
        return self._array(at, names=False)  # type: ignore[return-value]  # without a close: always an end

    def spec(self, at: int) -> int | None:
        """The end of a filter's spec at ``at``: a name, an array of names and references closed
        by ``]``, or a reference (None: none of them)."""
        byte = self.text[at : at + 1]
        if byte == b"/":
            return self._name(at)
        if byte == b"[":
            return self._array(at + 1, names=True)
        return self.reference(at)

    def _array(self, at: int, names: bool) -> int | None:
        """From ``at``, items after blanks: references (``names``: and names, then ``]`` after
        blanks, None without it).  A name whose last digits begin a reference is read as the name
        before them and that reference, as the regex did when nothing else closed the array.  Each
        place is read once: keys in comments within one array share its tail."""
        passed: list[int] = []
        while (names, at) not in self._arrays:
            passed.append(at)
            start = self.end(at)
            following = self._item(start, names)
            if following is None:
                self._arrays[names, at] = (at if not names else start + 1 if self.text[start : start + 1] == b"]" else None)
                break
            at = following
        result = self._arrays[names, at]
        for place in passed:
            self._arrays[names, place] = result
        return result

    def _item(self, at: int, names: bool) -> int | None:
        """The end of the array's item at ``at`` (None: none there)."""
        if names and self.text[at : at + 1] == b"/":
            name_end = self._name(at)
            letters = len(self.text[at + 1 : name_end].rstrip(_DIGIT_BYTES))
            split = self.reference(at + 1 + letters) if at + 1 + letters < name_end else None
            return name_end if split is None else split
        return self.reference(at)

    def _name(self, at: int) -> int:
        """The end of the name at ``at`` (it begins with ``/``), read once from each place."""
        if at not in self._names:
            self._names[at] = _NAME.match(self.text, at).end()  # type: ignore[union-attr]  # it begins with /
        return self._names[at]


def _ends(text: bytes, first: re.Pattern[bytes], following: re.Pattern[bytes]) -> Iterator[int]:
    """Where what ``first`` matches from the text's start ends, then what ``following`` (the same after a
    line end) finds from each line end: in order, as one regex from each line's start finds them."""
    found = first.match(text)
    if found is not None:
        yield found.end()
    for match in following.finditer(text):
        yield match.end()
