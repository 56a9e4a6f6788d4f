"""The characters a flattened line's anchors are matched by are looked up in one shared table;
a line of characters the full table lacks is normalised just as well (its own table)."""

from __future__ import annotations

from govlint.parse import flattened
from govlint.parse.flattened import _CharKeys, _normalised

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
