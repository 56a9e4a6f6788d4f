"""Cold start: a fresh ``govlint check`` on one report against a fresh ``yamllint`` on a two-line file.

    pip install -e '.[bench]'        # yamllint, the yardstick
    python bench/bench_cold_start.py [--runs N] [REPORT]

Each run is a new process, as in pre-commit.  The two commands run in turn (A B A B …) so that
both see the same machine load, and each pair gives a ratio; the medians are printed.  CPU is
the process's own user + system time (``os.wait4``), the steadier figure on a shared machine.
Before the counted runs both run once: Python's bytecode is compiled and govlint's cache (the
rule pack, the entry points, Lark's tables) is filled.  The first line is a run with an empty
cache folder, for comparison.  Default report: seed 000 from ../shared, else the bundled sample.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_report() -> Path:
    seeds = sorted((ROOT.parent / "shared" / "corpus" / "seeds").glob("000_*.txt"))
    return seeds[0] if seeds else ROOT / "examples" / "sample-report.md"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``, its output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def command_of(name: str) -> list[str]:
    found = shutil.which(name) or shutil.which(name, path=os.path.dirname(sys.executable))
    if not found:
        sys.exit(f"{name} is not installed: pip install -e '.[bench]'")
    return [found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=default_report())
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["GOVLINT_CACHE_DIR"] = str(Path(folder) / "cache")
        sample = Path(folder) / "two-lines.yaml"
        sample.write_text("---\nkey: value\n", encoding="utf-8")
        govlint = [*command_of("govlint"), "check", "--jobs", "1", str(args.report)]
        yamllint = [*command_of("yamllint"), str(sample)]
        first = timed(govlint, env)  # empty cache folder: rules and templates validated, then cached
        timed(yamllint, env)
        pairs = [(timed(govlint, env), timed(yamllint, env)) for _ in range(args.runs)]
    print(f"cold start, {args.runs} runs each in turn, medians; report {args.report.name}")
    print(f"  first run, empty cache:   govlint {first[0]:.3f} s wall, {first[1]:.3f} s CPU")
    for label, index in (("wall", 0), ("CPU", 1)):
        mine = statistics.median(a[index] for a, _ in pairs)
        theirs = statistics.median(b[index] for _, b in pairs)
        ratio = statistics.median(a[index] / b[index] for a, b in pairs)
        print(f"  {label:<4} govlint {mine:.3f} s, yamllint {theirs:.3f} s: ratio {ratio:.2f}x (goal <= 1.0)")


if __name__ == "__main__":
    main()
