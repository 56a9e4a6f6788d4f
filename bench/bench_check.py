"""Check throughput: parse + every built-in rule, in-process on one core.

    python bench/bench_check.py [--count N] [--seed S]

``--count`` generated reports (both templates, every layout, a tenth of them with one number
changed), linted with one ``Linter``.  The cold start against yamllint is
``bench/bench_cold_start.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.api import Linter  # noqa: E402
from govlint.cli import tune_for_batch  # noqa: E402
from govlint.read.source import Source  # noqa: E402
from govlint.read.text import split_lines  # noqa: E402
from govlint.testing import LAYOUTS, render, sample_reports  # noqa: E402


def corpus(count: int, seed: int) -> list[str]:
    return [render(report, LAYOUTS[index % len(LAYOUTS)]) for index, report in enumerate(sample_reports(count, seed))]


def throughput(count: int, seed: int) -> None:
    texts = corpus(count, seed)
    linter = Linter()
    linter.lint_source(Source("<warm-up>", split_lines(texts[0])))
    tune_for_batch()  # as `govlint check` does once its rules are loaded
    start = time.perf_counter()
    findings = 0
    for index, text in enumerate(texts):
        findings += len(linter.lint_source(Source(f"<{index}>", split_lines(text))).diagnostics)
    elapsed = time.perf_counter() - start
    print(f"check throughput: {count / elapsed:.0f} reports/s ({1000 * elapsed / count:.2f} ms/report, {findings} findings)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    throughput(args.count, args.seed)
