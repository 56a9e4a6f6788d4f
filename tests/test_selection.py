"""Selectors resolve through an index built once: linear in their number (issue 13: 1.5 million took 136 s)."""

from __future__ import annotations

import time

import pytest

from govlint.api import Linter
from govlint.check.pipeline import severity_levels
from govlint.check.rules import RuleIndex
from govlint.config import Config, matches
from govlint.errors import ConfigError
from govlint.testing import build_report, render


def test_a_select_of_one_and_a_half_million_entries_is_quick():
    selectors = ["GL101", "arithmetic", "GL1", "text.placeholder", "t3"] * 300_000
    started = time.monotonic()
    linter = Linter(config=Config({"select": selectors, "ignore": ["GL102"] * 100_000}, {"select": "test"}))
    chosen = {r.id for r in linter.rules}
    assert time.monotonic() - started < 5
    assert "GL101" in chosen and "GL103" in chosen and "GL102" not in chosen and "GL001" not in chosen


def test_the_index_names_the_same_rules_as_matches(linter):
    rules = linter.all_rules
    index = RuleIndex(rules)
    candidates = {"G", "GL", "GL1", "GL10", "gl101", "arith", "t3", "text", "meta", "GL9999", "", *(
        s for r in rules for s in r.selectors())}
    for selector in sorted(candidates):
        assert index.resolve(selector) == {r.id for r in rules if matches((selector,), r.selectors(), r.id)}, selector


@pytest.mark.parametrize("key", ["select", "ignore"])
def test_a_selector_that_names_no_rule_is_still_an_error(key):
    config = Config({key: ["GL101"] * 100_000 + ["GL9999"]}, {key: ".govlint.yaml"})
    with pytest.raises(ConfigError, match="GL9999"):
        _ = Linter(config=config).rules



def test_a_finding_takes_the_first_severity_naming_it_among_a_hundred_thousand(tmp_path):
    generated = build_report("v2021", seed=7)
    total = generated.value("t3", "r3_7_total", "total")
    report = tmp_path / "report.txt"  # （七）总计 总计 one too many: GL101, GL102 and GL103 break through it
    report.write_text(render(generated.with_value("t3", "r3_7_total", "total", total + 1), "tabs"), encoding="utf-8")
    severity = {"GL101": "warning", "arithmetic": "info", **{f"t9.row{i}": "error" for i in range(100_000)}, "GL1": "error"}
    levels = severity_levels(RuleIndex(Linter().all_rules), severity)
    assert levels["GL101"] == "warning" and levels["GL102"] == "info"
    linter = Linter(config=Config({"severity": {"GL101": "warning", "arithmetic": "info"}}, {}))
    found = {d.rule: d.severity.label for d in linter.lint_file(report).diagnostics}
    assert found.get("GL101") == "warning" and all(v == "info" for k, v in found.items() if k in {"GL102", "GL103"})
