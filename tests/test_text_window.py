"""Text output cuts long source lines to a window around the column (issue 13: linear time, small output)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from govlint.api import lint_text
from govlint.report.base import FormatContext
from govlint.report.text import ELLIPSIS, WINDOW_WIDTH, TextFormat, display_width, source_window

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds" / "002_47bfe0989b245c66.txt"
PLACEHOLDER = "（文字描述）"


def seed_with(line: str) -> str:
    """Seed 002 with ``line`` right under 「一、总体情况」."""
    if not SEED.is_file():
        pytest.skip(f"shared seed {SEED} is absent (the ../shared checkout is not available)")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = next(n for n, text in enumerate(lines) if "总体情况" in text)
    return "\n".join([*lines[: at + 1], line, *lines[at + 1 :]])


def caret_under(shown: str, carets: str) -> str:
    """The characters of ``shown`` that the carets stand under (by display width)."""
    start, end = carets.index("^"), len(carets)
    out, at = "", 0
    for char in shown:
        if start <= at < end:
            out += char
        at += display_width(char)
    return out


def test_short_lines_are_shown_whole() -> None:
    shown, carets = source_window("（七）总计\t37\t42", 7, 9)
    assert shown == "（七）总计 37 42"
    assert caret_under(shown, carets) == "37"


@pytest.mark.parametrize("at", [0, 17, 2000, 4000, 5990])
def test_a_long_line_is_cut_around_the_mark_with_the_caret_under_it(at: int) -> None:
    line = ("中文abc" * 1200)[:at] + "12345" + "数" * 3000
    shown, carets = source_window(line, at + 1, at + 6)
    assert display_width(shown) <= WINDOW_WIDTH
    assert caret_under(shown, carets) == "12345"
    assert shown.startswith(ELLIPSIS) == (at > 40)
    assert shown.endswith(ELLIPSIS)


def test_a_mark_at_or_past_the_end_of_a_long_line() -> None:
    line = "数" * 1000 + "45"
    shown, carets = source_window(line, 1001, 1003)
    assert shown.startswith(ELLIPSIS) and not shown.endswith(ELLIPSIS)
    assert display_width(shown) > WINDOW_WIDTH - 4  # the room unused on the right is used on the left
    assert caret_under(shown, carets) == "45"
    shown, carets = source_window(line, 5000, 0)
    assert len(carets.strip()) == 1 and carets.index("^") == display_width(shown)


def test_a_huge_mark_keeps_context_and_stays_bounded() -> None:
    line = "前文" + "数" * 10_000
    shown, carets = source_window(line, 3, 10_003)
    assert display_width(shown) <= WINDOW_WIDTH and shown.startswith("前文")
    assert 0 < len(carets.strip()) < WINDOW_WIDTH


def _timed_text_report(text: str) -> tuple[str, float, int]:
    started = time.perf_counter()
    result = lint_text(text, "long.txt")
    out = TextFormat().format([result], FormatContext())
    return out, time.perf_counter() - started, len(result.diagnostics)


def test_five_thousand_placeholders_on_one_line_give_small_output_fast() -> None:
    out, seconds, findings = _timed_text_report(seed_with(PLACEHOLDER * 5000))
    assert "共出现 5000 次" in out  # one finding counts them (GL206), no longer 5000 findings
    assert len(out.encode("utf-8")) < 1000 * findings  # each finding: header, a window, carets (was 601 MB)
    assert max(display_width(line) for line in out.splitlines() if line.startswith("    ")) <= WINDOW_WIDTH + 4
    assert seconds < 60  # was 33 s and 1.9 GB; about 2 s now (generous for shared CI machines)


def test_a_five_megabyte_line_gives_a_bounded_excerpt() -> None:
    out, seconds, _ = _timed_text_report(seed_with("本年度" + "数" * (5 * 1024 * 1024 // 3) + PLACEHOLDER))
    assert PLACEHOLDER in out and len(out.encode("utf-8")) < 20_000
    assert seconds < 60  # about 3 s for the whole lint (was 12.7 s, with an 8.7 MB output)
