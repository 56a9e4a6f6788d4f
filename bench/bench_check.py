"""Check throughput: parse + every built-in rule, in-process on one core.

    python bench/bench_check.py [--count N] [--seed S] [--repeat R]

``--count`` generated reports (both templates, every layout, a tenth of them with one number
changed), linted with one ``Linter``; then the check stage alone (the checks and the finish
pipeline: ``lint_source`` given each report already parsed).  Each pass is timed ``--repeat``
times, the fastest kept.  The cold start against yamllint is ``bench/bench_cold_start.py``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.api import Linter  # noqa: E402
from govlint.read.source import Source  # noqa: E402
from govlint.read.text import split_lines  # noqa: E402
from govlint.testing import LAYOUTS, render, sample_reports  # noqa: E402


def corpus(count: int, seed: int) -> list[str]:
    return [render(report, LAYOUTS[index % len(LAYOUTS)]) for index, report in enumerate(sample_reports(count, seed))]


def throughput(count: int, seed: int, repeat: int) -> None:
    texts = corpus(count, seed)
    linter = Linter()
    linter.lint_source(Source("<warm-up>", split_lines(texts[0])))
    gc.freeze()  # as `govlint check` does once everything long-lived is loaded (cli._loaded)
    sources = [Source(f"<{index}>", split_lines(text)) for index, text in enumerate(texts)]
    linted, findings = fastest(linter, sources, repeat)
    print(f"check throughput: {count / linted:.0f} reports/s ({1000 * linted / count:.2f} ms/report, {findings} findings)")
    parsed = {id(source): linter.parse(source) for source in sources}
    linter.parse = lambda source: parsed[id(source)]  # type: ignore[method-assign]  # the check stage alone
    checked, _ = fastest(linter, sources, repeat)
    print(f"  check stage alone (reports parsed beforehand): {count / checked:.0f} reports/s ({1000 * checked / count:.2f} ms/report)")


def fastest(linter: Linter, sources: list[Source], repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` passes linting every source, and the findings of one pass."""
    best, findings = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        findings = sum(len(linter.lint_source(source).diagnostics) for source in sources)
        best = min(best, time.perf_counter() - start)
    return best, findings


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the reports, the fastest kept (default 5)")
    args = parser.parse_args()
    throughput(args.count, args.seed, args.repeat)
