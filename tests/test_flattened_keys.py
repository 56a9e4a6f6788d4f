"""The characters a flattened line's anchors are matched by are looked up in one shared table;
a line of characters the full table lacks is normalised just as well (its own table)."""

from __future__ import annotations

import re
import sys

from govlint.parse import flattened
from govlint.parse.flattened import _char_key, _CharKeys, _normalised, split_flattened
from govlint.parse.lines import Vocabulary
from govlint.templates import builtin_templates

LINE = "一、 总体情况 （一）主动公开 ㈠ 2、 本年新收 政府信息公开申请数量　640 件，ＡＢＣ。" * 3


def test_a_full_table_gives_the_same_line(monkeypatch) -> None:
    expected = _normalised(LINE)
    full = _CharKeys(limit=3)
    "甲乙丙".translate(full)  # full before the line's characters are met
    monkeypatch.setattr(flattened, "_CHAR_KEYS", full)
    norm, origin = _normalised(LINE)
    assert (norm, origin.spots) == (expected[0], expected[1].spots)
    assert set(map(chr, full)) == set("甲乙丙")  # nothing added past the limit
    assert "(一)" in norm and " " not in norm


def test_a_line_met_first_by_a_new_table_is_normalised_alike(monkeypatch) -> None:
    expected = _normalised(LINE)
    monkeypatch.setattr(flattened, "_CHAR_KEYS", _CharKeys(limit=100))
    norm, origin = _normalised(LINE)
    assert (norm, origin.spots) == (expected[0], expected[1].spots)


def test_a_character_is_known_only_once_it_is_known_odd() -> None:
    """Another thread that finds a character's key in the table finds it among the odd ones too:
    the key is stored last."""
    seen: list[bool] = []

    class Watched(_CharKeys):
        def __setitem__(self, code: int, key: str) -> None:
            seen.append(chr(code) in self.odd or len(key) == 1)
            super().__setitem__(code, key)

    keys = Watched(limit=100)
    assert "第一\u3000二㈠".translate(keys) == "第一二(一)"
    assert len(seen) == 5 and all(seen) and keys.odd == frozenset("\u3000㈠")


def test_many_odd_characters_met_one_line_at_a_time_cost_linear_work(monkeypatch) -> None:
    """Each long line bringing one odd character never met before (a hostile file: there are
    about 1,200 such characters) must not recompile a pattern of every odd character met so far
    per line: 1,232 lines took 4-10 s, 9-20 times the time before the shared table."""
    import re
    import sys

    odd = [chr(c) for c in range(0x3200, 0x3400) if len(flattened._char_key(chr(c))) > 1]
    assert len(odd) > 200
    monkeypatch.setattr(flattened, "_CHAR_KEYS", _CharKeys(limit=8192))
    flattened._odd_pattern.cache_clear()
    compiled: list[int] = []
    real = re.compile

    def counted(pattern: str, flags: int = 0) -> re.Pattern[str]:
        if sys._getframe(1).f_globals.get("__name__") == flattened.__name__:
            compiled.append(len(pattern))
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counted)
    lines = ["本年新收政府信息公开申请数量" * 8 + char + "0" for char in odd]
    for line in lines:
        norm, origin = _normalised(line)
        assert norm.endswith(flattened._char_key(line[-2]) + "0") and origin[len(norm) - 1] == len(line) - 1
    assert sum(compiled) < 20 * len(lines)  # patterns of the line's own odd characters, not of all met so far


def test_a_line_without_a_numeral_before_a_mark_has_no_heading_once_normalised() -> None:
    """split_flattened leaves a line outside the tables alone unless ``_MAY_HEAD`` finds a numeral before a
    list mark in it as written: its classes must hold every character whose key ends in a numeral or starts
    with a mark, no character's key may hold a heading's numeral and mark by itself, and the blanks between
    them are the characters whose key is empty."""
    numeral_keyed = re.compile(f"[{flattened._NUMERAL_KEYED}]")
    mark_keyed = re.compile(f"[{flattened._MARK_KEYED}]")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        key = _char_key(char)
        assert (key == "") == char.isspace() == bool(re.fullmatch(r"\s", char)), hex(code)
        assert not key or key[-1] not in "一二三四五六七八九十" or numeral_keyed.fullmatch(char), hex(code)
        assert not key or key[0] not in "、.," or mark_keyed.fullmatch(char), hex(code)
        assert flattened._NUMERAL.search(key) is None, hex(code)


def test_a_heading_written_in_other_characters_still_cuts_a_line_outside_the_tables() -> None:
    vocab = Vocabulary(builtin_templates())
    prose = "本机关全年主动公开信息一百余条。" * 8
    for heading in ("二、主动公开政府信息情况", "⼆ ，主动公开政府信息情况", "㊁…主动公开政府信息情况"):
        lines = split_flattened(3, prose + heading + prose, "s1", vocab)
        assert lines is not None and [line.kind for line in lines][:2] == ["TEXT", "SECTION"], heading
    assert split_flattened(3, prose + "二是主动公开政府信息情况" + prose, "s1", vocab) is None
