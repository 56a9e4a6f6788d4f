"""Helpers for testing govlint and rule packs: reports with known numbers, written in real layouts.

``build_report`` makes one report with the numbers an example needs; ``reports()`` is a Hypothesis
strategy of consistent reports; ``render`` writes either as text in any of :data:`LAYOUTS`, and
``render_with_positions`` also says where each number went, so a test can assert a diagnostic's
line and column.  Hypothesis is needed only for ``reports`` (install ``govlint[testing]``).
"""

from __future__ import annotations

from .examples import Example, check_example, example_text, iter_examples, run_example
from .formats import fill_template_docx, render_docx, render_html, render_pdf
from .generate import (
    AGENCIES,
    GeneratedReport,
    Pick,
    Values,
    as_pick,
    build_report,
    consistent_values,
    mutate_one,
    pick_from_draw,
    reports,
    sample_reports,
    template_years,
)
from .packs import extra_rule_yaml, extra_rules
from .relations import Broken, broken_relations
from .render import (
    CLEAN_LAYOUTS,
    ENCODINGS,
    LAYOUTS,
    Positions,
    positions,
    render,
    render_bytes,
    render_with_positions,
)

__all__ = [
    "AGENCIES",
    "Broken",
    "CLEAN_LAYOUTS",
    "ENCODINGS",
    "Example",
    "GeneratedReport",
    "LAYOUTS",
    "Pick",
    "Positions",
    "Values",
    "as_pick",
    "broken_relations",
    "build_report",
    "check_example",
    "consistent_values",
    "example_text",
    "extra_rule_yaml",
    "extra_rules",
    "fill_template_docx",
    "iter_examples",
    "mutate_one",
    "pick_from_draw",
    "positions",
    "render",
    "render_bytes",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_with_positions",
    "reports",
    "run_example",
    "sample_reports",
    "template_years",
]
