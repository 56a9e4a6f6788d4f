"""The fuzz suite: hostile documents, configurations and rule folders through the API and the CLI.

The short profile runs with every ``pytest``; ``GOVLINT_FUZZ=long`` runs 10,000 inputs (or
``GOVLINT_FUZZ_INPUTS``), as ``python -m govlint.testing.fuzz --inputs 10000`` does.  See docs/fuzzing.md.
"""

from __future__ import annotations

import os

import pytest

from govlint.testing.fuzz import DEADLINE_SECONDS, MEMORY_CEILING, fuzz

LONG = os.environ.get("GOVLINT_FUZZ") == "long"
INPUTS = int(os.environ.get("GOVLINT_FUZZ_INPUTS", 10_000 if LONG else 0))


@pytest.mark.parametrize("formats, inputs", [
    (("text",), INPUTS or 80),
    (("docx", "html"), INPUTS // 4 or 20),
    (("pdf",), INPUTS // 20 or 4),
])
def test_no_input_raises_hangs_or_grows_without_bound(formats, inputs, capsys):
    stats = fuzz(inputs, seed=None if LONG else 13, formats=formats, configurations="text" in formats)
    with capsys.disabled():
        print(f"\n{'+'.join(formats)}: {stats.summary()}")
    assert not stats.failures, "\n".join(stats.failures[:20])
    assert stats.slowest[0] <= DEADLINE_SECONDS and stats.peak[0] <= MEMORY_CEILING
