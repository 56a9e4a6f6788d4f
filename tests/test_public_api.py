"""The public surface: a sorted, complete ``__all__`` whose names all resolve."""

from __future__ import annotations

import govlint


def test_all_is_sorted_and_resolves():
    assert govlint.__all__ == sorted(govlint.__all__)
    for name in govlint.__all__:
        assert getattr(govlint, name) is not None, name


def test_library_calls_return_values_and_never_print(capsys):
    result = govlint.lint_text("某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n")
    assert isinstance(result, govlint.FileResult)
    assert {d.rule for d in result.diagnostics} >= {"GL001"}
    assert capsys.readouterr() == ("", "")
