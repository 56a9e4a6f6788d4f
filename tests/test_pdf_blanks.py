"""The bomb check's values read past blanks in linear time (``pdf_blanks``) are those the regexes of
c23f9a6 found, on byte strings made of the pieces that matter; and the shapes that took those
regexes quadratic time are read in seconds."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.errors import InputError
from govlint.read import pdf_streams
from govlint.read.pdf_blanks import Blanks, values, values_of

# The patterns of c23f9a6 (``pdf_streams``), kept here to compare with.
_DELIMITER = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_SPACE = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*+[\r\n])*+"
_NAME = rb"/[^" + _DELIMITER + rb"]*"
_REFERENCE = rb"\d++" + _SPACE + rb"\d++" + _SPACE + rb"R"
_SPEC = rb"(" + _NAME + rb"|\[(?:" + _SPACE + rb"(?:" + _NAME + rb"|" + _REFERENCE + rb"))*" + _SPACE + rb"\]|" + _REFERENCE + rb")"
_key = pdf_streams._key
OLD = {
    "Contents": re.compile(_key("Contents") + _SPACE + rb"(\[(?:" + _SPACE + _REFERENCE + rb")*|" + _REFERENCE + rb")"),
    "CharProcs": re.compile(_key("CharProcs") + _SPACE + rb"(<<|" + _REFERENCE + rb")"),
    "Length": re.compile(_key("Length") + _SPACE + rb"(" + _REFERENCE + rb"|\d++)"),
    "Filter": re.compile(rb"/(?:Filter|F)(?![^" + _DELIMITER + rb"])" + _SPACE + _SPEC),
}
NEW = {
    "Contents": (pdf_streams._CONTENTS, pdf_streams._contents),
    "CharProcs": (pdf_streams._CHAR_PROCS, pdf_streams._char_procs),
    "Length": (pdf_streams._LENGTH, pdf_streams._length),
    "Filter": (pdf_streams._FILTER, Blanks.spec),
}
BLANK = re.compile(_SPACE)
REFERENCES = re.compile(_REFERENCE)
NAMES = re.compile(_NAME + rb"|" + _REFERENCE)


def _old_referenced(data: bytes, reference: bytes) -> bytes:
    number, generation = re.findall(rb"\d+", reference)
    found = re.search(rb"(?<!\d)" + number + _SPACE + generation + _SPACE + rb"obj" + _SPACE + _SPEC, data)
    if found is None or REFERENCES.fullmatch(found.group(1)):
        raise InputError("no filter")
    return found.group(1)


PIECES = [b"/Contents", b"/CharProcs", b"/Length", b"/Filter", b"/F", b"/Fl", b"/C#6fntents", b"/Le#6Egth", b"/A12",
          b"%", b"\n", b"\r", b"\r\n", b" ", b"\t", b"\x00", b"\x0c", b"0", b"1", b"12", b"7", b"R", b"[", b"]", b"<<",
          b">>", b"obj", b"/", b"#", b"(", b")", b"x"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=3)), max_size=40).map(b"".join)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_every_value_and_blank_run_is_what_the_regexes_found(text):
    blanks = Blanks(text)
    assert [blanks.end(at) for at in range(len(text) + 1)] == [BLANK.match(text, at).end() for at in range(len(text) + 1)]
    for key, old in OLD.items():
        pattern, read = NEW[key]
        assert list(values(blanks, pattern, read)) == [match.span(1) for match in old.finditer(text)], key
    assert blanks.found(names=False) == REFERENCES.findall(text)
    assert blanks.found(names=True) == NAMES.findall(text)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_keys_read_in_one_pass_give_the_values_each_key_s_own_search_finds(text):
    """``_content`` reads ``/Contents`` and ``/CharProcs`` values in one pass over a text (``values_of``)."""
    blanks = Blanks(text)
    both = list(values_of(blanks, pdf_streams._CONTENTS_OR_CHAR_PROCS, (pdf_streams._contents, pdf_streams._char_procs)))
    assert [start for _, start, _ in both] == sorted(start for _, start, _ in both)
    for which, key in enumerate(("Contents", "CharProcs")):
        pattern, read = NEW[key]
        assert [(start, end) for key_, start, end in both if key_ == which] == list(values(blanks, pattern, read)), key


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.sampled_from([b"1 0 R", b"12 0 R", b"7 1 R", b"0 0 R"]))
def test_an_object_named_by_reference_is_found_as_the_regex_found_it(text, reference):
    try:
        old: bytes | str = _old_referenced(text, reference)
    except InputError:
        old = "refused"
    try:
        new: bytes | str = pdf_streams._referenced(Blanks(text), reference)
    except InputError:
        new = "refused"
    assert new == old


def _cpu_seconds(read, data: bytes) -> float:
    start = time.process_time()
    try:
        read(data)
    except InputError:
        pass
    return time.process_time() - start


HOSTILE = {  # each took the regexes of c23f9a6 time quadratic in its size: hours at 20 MB
    "a-key-on-every-comment-line": b"/Contents\n" + b"%/Contents\n" * 400_000,
    "a-number-on-every-comment-line": b"/Contents 5" + b"\n%/Contents 5" * 400_000,
    "comments-on-one-line": b"/Contents " + b"%/Contents " * 400_000,
    "a-length-on-every-comment-line": b"/Length\n" + b"%/Length 5\n" * 400_000,
    "a-filter-array-never-closed": b"/Filter [/A\n" + b"%/Filter [/B\n" * 400_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_keys_in_long_blank_runs_are_read_in_seconds(name):
    """Each key in a run of comment lines was tried, and each attempt scanned the run to its end."""
    data = HOSTILE[name]
    blanks = Blanks(data)
    start = time.process_time()
    for pattern, read in NEW.values():
        list(values(blanks, pattern, read))
    assert time.process_time() - start < 15
    assert _cpu_seconds(pdf_streams.check, b"%PDF-1.4\n" + data) < 15


def test_a_filter_by_reference_is_looked_up_in_seconds_past_numbers_in_long_blank_runs():
    """Each ``7`` followed by a run of comment lines was a start the whole-file search tried."""
    data = b"7\n" + b"%7\n" * 400_000 + b"7 0 obj /Fl"
    start = time.process_time()
    assert pdf_streams._referenced(Blanks(data), b"7 0 R") == b"/Fl"
    assert time.process_time() - start < 15
