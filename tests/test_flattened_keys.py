"""The characters a flattened line's anchors are matched by are looked up in one shared table;
a line of characters the full table lacks is normalised just as well (its own tables)."""

from __future__ import annotations

from govlint.parse import flattened
from govlint.parse.flattened import _CharKeys, _normalised

LINE = "一、 总体情况 （一）主动公开 ㈠ 2、 本年新收 政府信息公开申请数量　640 件，ＡＢＣ。" * 3


def test_a_full_table_gives_the_same_line(monkeypatch) -> None:
    expected = _normalised(LINE)
    full = _CharKeys(limit=3)
    full.of(set("甲乙丙"))  # full before the line's characters are met
    monkeypatch.setattr(flattened, "_CHAR_KEYS", full)
    norm, origin = _normalised(LINE)
    assert (norm, origin.spots) == (expected[0], expected[1].spots)
    assert set(full.keys) == set("甲乙丙")  # nothing added past the limit
    assert "(一)" in norm and " " not in norm


def test_a_character_is_known_only_once_its_translation_is_in_the_table() -> None:
    """Another thread that finds a character among the keys translates it: the key is stored last."""
    keys = _CharKeys(limit=100)
    seen: list[tuple[bool, bool]] = []

    class Watched(dict):  # type: ignore[type-arg]
        def __setitem__(self, char: str, key: str) -> None:
            seen.append((ord(char) in keys.table, char in keys.odd or len(key) == 1))
            super().__setitem__(char, key)

    keys.keys = Watched()
    keys.of(set("第一\u3000二㈠"))
    assert seen and all(in_table and odd_known for in_table, odd_known in seen)
