"""Batch runs: ``govlint check --jobs 2`` against ``--jobs 1``, and peak memory over many files.

    python bench/bench_batch.py [--count 2000] [--memory-count 10000]

Reports are generated into a temporary folder (a tenth with one wrong number), then the
real command line is timed, so process start-up, reading and output are all counted.
Peak memory is the largest resident set of the govlint process and its workers
(``ru_maxrss`` of the children).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.testing import LAYOUTS, render, sample_reports  # noqa: E402


def write_corpus(folder: Path, count: int, seed: int = 1) -> None:
    for index, report in enumerate(sample_reports(count, seed)):
        (folder / f"report-{index:05}.md").write_text(render(report, LAYOUTS[index % len(LAYOUTS)]), encoding="utf-8")


def run(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one ``govlint check`` over the folder."""
    command = [sys.executable, "-m", "govlint", "check", "--jobs", str(jobs), "--format", "json", "--no-progress", str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--memory-count", type=int, default=10000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="govlint-bench-"))
    try:
        write_corpus(folder, args.count)
        run(folder, 1)  # warm the caches
        one, _ = run(folder, 1)
        two, _ = run(folder, 2)
        print(f"{args.count} reports: --jobs 1 {args.count / one:.0f} reports/s, --jobs 2 {args.count / two:.0f} reports/s, speed-up {one / two:.2f}x on {os.cpu_count()} cores")
        shutil.rmtree(folder)
        folder.mkdir()
        write_corpus(folder, args.memory_count, seed=2)
        elapsed, peak = run(folder, 1)
        print(f"{args.memory_count} reports with --jobs 1: {elapsed:.1f} s, peak resident memory {peak:.0f} MiB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
