"""Bytes → text: encodings decided without guessing wrong, bad input refused clearly."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from govlint.errors import InputError
from govlint.read import MAX_INPUT_BYTES, read_bytes
from govlint.read.text import TextReader, _reads_as_text, decode, split_lines

REPORT = "某县人民政府2023年政府信息公开工作年度报告\r\n一、总体情况\r\n（一）主动公开。全年发布信息１２３条。\r"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_encodings(encoding):
    text, used = decode(REPORT.encode(encoding))
    assert text.lstrip("\ufeff") == REPORT


def test_line_ends_crlf_and_cr_split_like_an_editor():
    assert split_lines("a\r\nb\rc\nd\x0ce") == ("a", "b", "c", "d\x0ce")


def test_utf8_cut_in_the_middle_of_a_character_keeps_what_is_whole():
    text, _ = decode(REPORT.encode("utf-8") + "报".encode("utf-8")[:2])
    assert text == REPORT


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "为空"),
        (b"   \n\n", "为空"),
        (bytes(range(256)) * 4, "二进制"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
        ("ＡＢＣ".encode("utf-8")[:1] + b"\x81\x30\xff\xfe\xfd" * 50, "编码"),
    ],
)
def test_bad_input_is_refused_with_a_bilingual_message(data, words):
    with pytest.raises(InputError) as info:
        decode(data)
    assert words in info.value.message and " / " in info.value.message


def test_word_file_renamed_txt_is_named_as_such_by_the_text_reader():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="docx"):
        read_bytes(buffer.getvalue(), "draft.txt", [TextReader()])


def test_too_large_input_is_refused_before_reading():
    with pytest.raises(InputError, match="过大"):
        read_bytes(b"a" * (MAX_INPUT_BYTES + 1), "big.txt", [TextReader()])


def test_a_file_is_read_whole_when_it_says_a_smaller_size_than_it_has(tmp_path, monkeypatch):
    """A file that grew after its size was asked, or says none (``/proc``), is read to its end, up to the limit."""
    import os

    from govlint import read

    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("utf-8") * 50)
    real_stat = os.stat
    monkeypatch.setattr(read.os, "stat", lambda p: os.stat_result((*real_stat(p)[:6], 0, *real_stat(p)[7:])))
    assert read.read_file(str(path)) == REPORT.encode("utf-8") * 50
    monkeypatch.setattr(read, "MAX_INPUT_BYTES", 100)
    assert read.read_file(str(path)) == (REPORT.encode("utf-8") * 50)[:101]  # one byte over the limit tells it is too large


_BLANKS = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
_NEAR = "\x00\x07\x1b\x7f\x80\xb6\xb7\xb8\u200f\u2010\u2027\u2028\u2fff\u3000\u303f\u3040\u33ff\u3400\u9fff\ua000\ufeff\uff00\uffef\ufff0"


@given(st.text(alphabet=st.sampled_from(_BLANKS + _NEAR + "ab1，。、（）一二报告"), max_size=60), st.integers(0, 20010))
@example("\x85" * 9 + "\x00", 0)  # blanks other than the usual ones are no characters either
@example("报" * 8 + "\x01\u2028\xa0" + "\x02", 0)
@example("报" * 9 + "\x01\u3000\n\r\t ", 0)
@example("\u3000\n\r\t " * 40 + "\x01", 0)
def test_what_reads_as_text_is_nine_in_ten_plausible_characters_among_those_not_blank(text: str, padding: int) -> None:
    """The verdict is the share of plausible characters once every ``str.isspace`` blank is cut
    out of the first 20,000 (as it was computed before the blanks were counted instead)."""
    import re

    implausible = re.compile(r"[^\u0020-\u007e\t\u00b7\u2010-\u2027\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2160-\u217f\u2460-\u24ff]")
    for whole in (text, "报" * padding + text, text * (20010 // max(len(text), 1))):
        sample = "".join(whole[:20000].split())
        expected = not sample or (len(sample) - len(implausible.findall(sample))) / len(sample) >= 0.9
        assert _reads_as_text(whole) == expected
