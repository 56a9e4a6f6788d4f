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


def test_each_input_is_measured_alone(monkeypatch):
    """A large input raises the peak; the small one after it is not blamed for it (where the peak can be reset)."""
    from govlint.testing import fuzz as harness

    ceiling = harness.start_peak() + 150 * 2**20  # above what the suite's process already holds (its collected tests: 140 MB)
    monkeypatch.setattr(harness, "MEMORY_CEILING", ceiling)
    stats = harness.Stats()

    def large() -> int:
        block = bytearray(300 * 2**20)
        block[:: 4096] = b"\1" * len(block[:: 4096])  # touched: resident
        return len(block)

    assert harness.run_input("large", large, stats)  # over the ceiling
    assert stats.growth[0] >= 250 * 2**20 and stats.growth[1] == "large"
    assert harness.run_input("small", lambda: None, stats) is None
    if harness.PEAK_PER_INPUT:
        assert harness.peak_memory() < ceiling


def test_a_failing_document_is_saved_and_replays(tmp_path):
    from govlint.testing.fuzz import main, replay, save_failure

    data = "一、总体情况\n" .encode() + b"\x00" * 10
    path = save_failure(tmp_path, 42, "tabs:utf-8 nul+flip", data)
    assert path.name == "00042-tabs-utf-8-nul-flip.bin" and path.read_bytes() == data
    stats = replay([path])
    assert stats.inputs == 1 and not stats.failures
    assert main(["--replay", str(path)]) == 0
