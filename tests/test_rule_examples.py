"""Every rule file's examples run: passing ones stay silent, failing ones fire."""

from __future__ import annotations

import pytest

from govlint.api import Linter
from govlint.testing.examples import check_example, iter_examples

LINTER = Linter()
EXAMPLES = list(iter_examples(LINTER.rules))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_rule_example(example):
    problem = check_example(example, LINTER)
    assert problem is None, problem


def test_every_rule_has_passing_and_failing_examples_title_rationale_and_limits():
    for rule in LINTER.rules:
        assert rule.examples["pass"] and rule.examples["fail"], rule.id
        assert rule.title and len(rule.rationale) > 10, rule.id
        assert len(rule.limits) > 10, f"{rule.id}: say what the rule cannot judge and why (limits)"
