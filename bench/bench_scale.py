"""Issue 12's batch figures, each against its baseline measured in the same run.

    python bench/bench_scale.py [memory] [speed] [jobs] [--runs 3] [--govlint "python -m govlint"]

- memory: peak resident memory of ``govlint check --jobs 1 --format F`` over 2,000 generated
  reports with about 17 findings each, against the same over the first 400 of them, for json,
  sarif, junit and text.  Goal: within 40 MB (memory must not grow with the batch).
- speed: ``govlint check --jobs 1`` over 500 seeds (each shared seed 100 times), reports/s,
  against a floor that reads the same files and runs one regular-expression tokeniser over
  them (``bench/floor.py``).  Goal: at least 600 reports/s, and the floor at most 10x faster.
- jobs: ``--jobs 2`` against ``--jobs 1`` on 2,000 generated reports (a tenth with a wrong
  number).  Goal: at least 1.8x.

Every figure is a whole process (start-up, reading, output to /dev/null), timed A B A B … so
the machine's drift hits both sides; medians are quoted.  Peak memory is the largest resident
set of the process or any of its workers (GNU time's ``%M``, ``/usr/bin/time``).  The result
cache is off (``--no-cache``): every report is linted in every run.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIME = "/usr/bin/time"  # GNU time
sys.path.insert(0, str(HERE))

from corpus import write_findings, write_seeds  # noqa: E402


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run (output thrown away).

    The peak is GNU time's ``%M``: the command is started by the small ``time`` process, not
    forked from this one, whose memory a forked child would count as its own before ``exec``."""
    start = time.perf_counter()
    done = subprocess.run([TIME, "-f", "%M", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(command)} exited with {done.returncode}: {done.stderr[-500:]}")
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def paired(a: list[str], b: list[str], runs: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """``runs`` measurements of each, after one warm-up of each, in turn."""
    measure(a), measure(b)
    first, second = [], []
    for _ in range(runs):
        first.append(measure(a))
        second.append(measure(b))
    return first, second


def median(values) -> float:
    return statistics.median(values)


def memory(govlint: list[str], folder: Path, runs: int) -> None:
    large, small = folder / "findings-2000", folder / "findings-400"
    write_findings(large, 2000)
    small.mkdir()
    for path in sorted(large.iterdir())[:400]:
        os.link(path, small / path.name)
    for fmt in ("json", "sarif", "junit", "text"):
        command = [*check_command(govlint), "--jobs", "1", "--no-progress", "--format", fmt]
        at_2000, at_400 = paired([*command, str(large)], [*command, str(small)], runs)
        big, base = median(m for _, m in at_2000), median(m for _, m in at_400)
        verdict = "goal met" if big - base <= 40 else "goal missed"
        print(f"memory {fmt:5}: 2,000 reports {big:.0f} MB vs 400 reports {base:.0f} MB: {big - base:+.0f} MB, {big / base:.2f}x (goal within 40 MB: {verdict})", flush=True)


def speed(govlint: list[str], folder: Path, runs: int) -> None:
    seeds = folder / "seeds-500"
    count = write_seeds(seeds, 100)
    lint = [*check_command(govlint), "--jobs", "1", "--no-progress", "--format", "json", str(seeds)]
    floor = [sys.executable, str(HERE / "floor.py"), str(seeds)]
    ours, theirs = paired(lint, floor, runs)
    rate, floor_rate = count / median(t for t, _ in ours), count / median(t for t, _ in theirs)
    ratios = [a / b for (a, _), (b, _) in zip(ours, theirs)]
    print(f"speed: --jobs 1 over {count} seeds {rate:.0f} reports/s vs the one-regex floor {floor_rate:.0f} reports/s: "
          f"floor {median(ratios):.1f}x faster (min {min(ratios):.1f}, max {max(ratios):.1f}; goal >= 600/s and <= 10x)", flush=True)


def jobs(govlint: list[str], folder: Path, runs: int) -> None:
    from govlint.testing import LAYOUTS, render, sample_reports

    reports = folder / "batch-2000"
    reports.mkdir()
    for index, report in enumerate(sample_reports(2000, 1)):
        (reports / f"report-{index:05}.md").write_text(render(report, LAYOUTS[index % len(LAYOUTS)]), encoding="utf-8")
    command = [*check_command(govlint), "--no-progress", "--format", "json", str(reports)]
    two, one = paired([*command, "--jobs", "2"], [*command, "--jobs", "1"], runs)
    ratios = [b / a for (a, _), (b, _) in zip(two, one)]
    print(f"jobs: --jobs 2 {2000 / median(t for t, _ in two):.0f} reports/s vs --jobs 1 {2000 / median(t for t, _ in one):.0f} reports/s: "
          f"{median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f}; goal >= 1.8x on {os.cpu_count()} cores)", flush=True)


def check_command(govlint: list[str]) -> list[str]:
    """``govlint check``, with the result cache off where there is one: the same seed repeated must be
    linted each time, never answered from the cache (``--no-cache``; older versions have no cache)."""
    usage = subprocess.run([*govlint, "check", "--help"], capture_output=True, text=True, check=False).stdout
    return [*govlint, "check", *(["--no-cache"] if "--no-cache" in usage else [])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", choices=("memory", "speed", "jobs"), default=["memory", "speed", "jobs"])
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each side (default 3)")
    parser.add_argument("--govlint", default=f"{sys.executable} -m govlint", help="the command to measure")
    args = parser.parse_args()
    govlint = shlex.split(args.govlint)
    sys.path.insert(0, str(HERE.parent))
    with tempfile.TemporaryDirectory(prefix="govlint-bench-") as folder:
        for figure in args.figures:
            {"memory": memory, "speed": speed, "jobs": jobs}[figure](govlint, Path(folder), args.runs)


if __name__ == "__main__":
    main()
