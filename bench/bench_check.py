"""Check throughput (parse + every built-in rule) and cold-start time against yamllint.

    python bench/bench_check.py [--count N] [--seed S]

1. Throughput: ``--count`` generated reports (both templates, every layout, a tenth of them
   with one number changed), linted in-process on one core with one ``Linter``.
2. Cold start: wall time of a fresh ``govlint check`` on seed 000 (from ../shared, else the
   bundled sample) beside a fresh ``yamllint`` on a two-line file, best of 5 each.  yamllint
   is only a yardstick (``pip install yamllint``); without it that line is skipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
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


def best_of(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def cold_start() -> None:
    seeds = sorted((ROOT.parent / "shared" / "corpus" / "seeds").glob("000_*.txt"))
    target = seeds[0] if seeds else ROOT / "examples" / "sample-report.md"
    govlint = shutil.which("govlint") or ""
    if not govlint:
        print("cold start: govlint is not installed on PATH (pip install -e .)")
        return
    subprocess.run([govlint, "check", str(target)], capture_output=True)  # fill the caches once
    print(f"cold govlint check {target.name}: {best_of([govlint, 'check', '--jobs', '1', str(target)]):.3f} s")
    yamllint = shutil.which("yamllint")
    if not yamllint:
        print("cold yamllint: not installed (pip install yamllint) — no yardstick")
        return
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "two-lines.yaml"
        sample.write_text("---\nkey: value\n", encoding="utf-8")
        print(f"cold yamllint on a two-line file: {best_of([yamllint, str(sample)]):.3f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    throughput(args.count, args.seed)
    cold_start()
