"""A number broken over two cells gets a hint naming the one merge that makes the row hold."""

from __future__ import annotations

from govlint.api import lint_text
from govlint.testing.generate import build_report
from govlint.testing.render import render

ROW = "（二）部分公开（区分处理的，只计这一情形，不计其他情形） "


def _gl015(text: str):
    return [d for d in lint_text(text, "<split>").diagnostics if d.rule == "GL015"]


def test_the_one_merge_that_makes_the_row_total_hold_is_named():
    text = render(build_report("v2021", seed=7), "spaces")
    assert ROW + "0 395 14 0 0 0 409" in text
    found = _gl015(text.replace(ROW + "0 395 14 0 0 0 409", ROW + "0 39 5 14 0 0 0 409"))
    assert len(found) == 1 and found[0].severity.label == "error"
    assert "「39」和「5」" in found[0].hint and "「395」" in found[0].hint


def test_no_hint_when_no_merge_or_several_merges_fit():
    text = render(build_report("v2021", seed=7), "spaces")
    found = _gl015(text.replace(ROW + "0 395 14 0 0 0 409", ROW + "0 39 5 14 0 0 7 409"))
    assert len(found) == 1 and found[0].hint is None
