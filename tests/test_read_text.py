"""Bytes → text: encodings decided without guessing wrong, bad input refused clearly."""

from __future__ import annotations

import io
import zipfile

import pytest

from govlint.errors import InputError
from govlint.read import MAX_INPUT_BYTES, read_bytes
from govlint.read.text import TextReader, decode, split_lines

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
