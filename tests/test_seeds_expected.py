"""``govlint check`` on the five seed reports gives what ../shared/corpus/seeds/EXPECTED.md says."""

from __future__ import annotations

import pytest

from govlint.runner import lint_paths

from .conftest import SEEDS, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def found() -> dict[str, list[tuple[str, int, int, str]]]:
    results = lint_paths(sorted(SEEDS.glob("*.txt")))
    return {r.path.split("/")[-1][:3]: [(d.rule, d.line, d.column, d.severity.label) for d in r.diagnostics] for r in results}


def test_no_arithmetic_finding_on_any_seed(found):
    for prefix, items in found.items():
        assert not [i for i in items if i[0].startswith("GL1")], prefix


def test_000_nothing_at_error_level_and_the_late_title_noted(found):
    assert not [i for i in found["000"] if i[3] == "error"]
    assert ("GL210", 3, 1, "info") in found["000"]
    assert not [i for i in found["000"] if i[0].startswith("GL3")]  # 1785, 1393, 5, 175, 195, 2, 15 all agree


def test_001_stated_precision_and_signed_changes(found):
    assert found["001"] == [("GL022", 41, 11, "warning")]


def test_002_is_clean(found):
    assert found["002"] == []


def test_003_short_rows_relabelled_row_and_numbered_subheadings(found):
    short = [i[1] for i in found["003"] if i[0] == "GL015"]
    assert short == list(range(63, 84)) and all(i[3] == "error" for i in found["003"] if i[0] == "GL015")
    assert ("GL014", 66, 7, "warning") in found["003"]
    assert [i[1] for i in found["003"] if i[0] == "GL208"] == [9, 13, 17, 21, 25, 29]
    assert not [i for i in found["003"] if i[0].startswith("GL3")]  # 「没有收到政府信息公开申请」 and 一 = 0


def test_004_numbered_subheadings_and_no_error(found):
    assert [i[1] for i in found["004"] if i[0] == "GL208"] == [9, 176]
    assert ("GL210", 3, 1, "info") in found["004"]
    assert not [i for i in found["004"] if i[3] == "error"]
    # Checked by hand: the last sentence of 五 (line 172) 「这项工作需要拟文件落实」 has no full stop: a true info.
    assert [i for i in found["004"] if i[0] in ("GL009", "GL212", "GL213", "GL214", "GL215")] == [("GL215", 172, 42, "info")]


def test_new_text_quality_checks_stay_silent_elsewhere(found):
    for prefix in ("000", "001", "002", "003"):
        assert not [i for i in found[prefix] if i[0] in ("GL009", "GL212", "GL213", "GL214", "GL215", "GL315", "GL316")], prefix


def test_headings_inside_tables_are_rows_not_sections(found):
    for items in found.values():
        assert not [i for i in items if i[0] in ("GL002", "GL003")]  # no section out of order or twice
