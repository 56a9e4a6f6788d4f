"""Cold start: a fresh ``govlint check`` on one report against a fresh ``yamllint`` on a two-line file.

    pip install -e '.[bench]'        # yamllint, the yardstick
    python bench/bench_cold_start.py [--runs N] [--baseline-python PYTHON] [REPORT]

Each run is a new process, as in pre-commit.  The commands run in turn (A B A B …) so that all
see the same machine load, and each round gives a ratio; the medians are printed.  CPU is the
process's own user + system time (``os.wait4``), the steadier figure on a shared machine.
The scripts timed are those of the interpreter running this file (``python`` here must be the
environment's own: a ``govlint`` or ``yamllint`` found on ``PATH`` may be a shim of another
Python, or another installation).  Before the counted runs each command runs once: Python's
bytecode is compiled and govlint's cache (the rule pack, the entry points, the compiled patterns and
methods) is filled.  The first line is a run with an empty cache folder, for comparison.  The floor is
the same interpreter doing nothing (``-c pass``): what govlint cannot go below.
govlint also runs with the arguments of the pre-commit hook (``--skip-non-reports --force-exclude``).
These two are a cache miss (``--no-cache``: the report is read, parsed and checked, as the first
run on a changed file); ``cache hit`` is the same run answered from the result cache
(:mod:`govlint.result_cache`: the report unchanged since the warm-up run).
``--baseline-python`` also times the ``govlint`` of another environment (say, main's) in the same
rounds.  Default report: seed 000 from ../shared, else the bundled sample.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Run = tuple[float, float]  # (wall seconds, CPU seconds)


def default_report() -> Path:
    seeds = sorted((ROOT.parent / "shared" / "corpus" / "seeds").glob("000_*.txt"))
    return seeds[0] if seeds else ROOT / "examples" / "sample-report.md"


def timed(command: list[str], env: dict[str, str]) -> Run:
    """(wall seconds, CPU seconds) of one run of ``command``, its output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(command)} (exit {os.waitstatus_to_exitcode(status)})")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def script_of(python: Path, name: str) -> str:
    """The console script ``name`` installed beside ``python`` (never a ``PATH`` lookup); exits when it is missing."""
    script = python.parent / name
    if not (script.is_file() and os.access(script, os.X_OK)):
        sys.exit(f"{script} is missing: install it into that environment (pip install -e '.[bench]'), then run this file with its python")
    return str(script)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=default_report())
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline-python", type=Path, help="also time the govlint beside this interpreter (e.g. main's venv)")
    args = parser.parse_args()
    python = Path(sys.executable)  # not resolved: a venv's python is a link, its scripts are beside the link
    with tempfile.TemporaryDirectory() as folder:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["GOVLINT_CACHE_DIR"] = str(Path(folder) / "cache")
        sample = Path(folder) / "two-lines.yaml"
        sample.write_text("---\nkey: value\n", encoding="utf-8")
        check = ["check", "--jobs", "1", str(args.report)]
        hook = [*check[:3], "--skip-non-reports", "--force-exclude", *check[3:]]  # what .pre-commit-hooks.yaml runs
        commands = {
            "govlint": ([script_of(python, "govlint"), "check", "--no-cache", *check[1:]], env),
            "govlint as pre-commit": ([script_of(python, "govlint"), "check", "--no-cache", *hook[1:]], env),
            "govlint, cache hit": ([script_of(python, "govlint"), *check], env),
            "pre-commit, cache hit": ([script_of(python, "govlint"), *hook], env),
            "yamllint": ([script_of(python, "yamllint"), str(sample)], env),
            "python -c pass": ([str(python), "-c", "pass"], env),
        }
        if args.baseline_python:  # the same four runs, miss and hit (a baseline with a result cache answers a plain run from it)
            baseline_env = {**env, "GOVLINT_CACHE_DIR": str(Path(folder) / "baseline-cache")}
            baseline = script_of(args.baseline_python, "govlint")
            commands["baseline govlint"] = ([baseline, "check", "--no-cache", *check[1:]], baseline_env)
            commands["baseline as pre-commit"] = ([baseline, "check", "--no-cache", *hook[1:]], baseline_env)
            commands["baseline, cache hit"] = ([baseline, *check], baseline_env)
            commands["baseline pre-commit, hit"] = ([baseline, *hook], baseline_env)
        first = timed(*commands["govlint"])  # empty cache folder: rules and templates validated, then cached
        for command, command_env in commands.values():
            timed(command, command_env)
        rounds = [{label: timed(command, command_env) for label, (command, command_env) in commands.items()} for _ in range(args.runs)]
    print(f"cold start, {args.runs} rounds (each command once a round, in turn), medians; report {args.report.name}")
    print(f"  python: {python}" + (f"; baseline: {args.baseline_python}" if args.baseline_python else ""))
    print(f"  first run, empty cache: govlint {first[0]:.3f} s wall, {first[1]:.3f} s CPU")
    for label, index in (("wall", 0), ("CPU", 1)):
        print(f"  {label}:")
        for name in commands:
            mine = statistics.median(r[name][index] for r in rounds)
            ratio = statistics.median(r[name][index] / r["yamllint"][index] for r in rounds)
            goal = " (goal <= 1.0)" if name in ("govlint", "govlint, cache hit") else ""
            print(f"    {name:<28} {mine:.3f} s  {ratio:.2f}x yamllint{goal}")
        own = statistics.median(r["govlint"][index] - r["python -c pass"][index] for r in rounds)
        print(f"    govlint's own share (govlint - python doing nothing): {own:.3f} s")
        if args.baseline_python:
            pairs = [("govlint", "baseline govlint"), ("govlint as pre-commit", "baseline as pre-commit")]
            pairs += [("govlint, cache hit", "baseline, cache hit"), ("pre-commit, cache hit", "baseline pre-commit, hit")]
            for mine, theirs in pairs:
                speedup = statistics.median(r[theirs][index] / r[mine][index] for r in rounds)
                print(f"    {theirs} / {mine}: {speedup:.2f}x")


if __name__ == "__main__":
    main()
