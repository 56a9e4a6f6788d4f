"""Parsing throughput and memory: how many reports per second one core parses, and at what peak.

Reports are generated in memory (deterministic seed, both templates, every layout), never written
to disk.  Only ``parse_text`` is timed; generation and rendering happen before the clock starts.
Memory is measured in a second, separate pass under ``tracemalloc`` (which slows Python down, so
it must not share a pass with the timing).

    python bench/bench_parse.py [--count N] [--seed S] [--memory-sample M]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from govlint.parse import parse_text  # noqa: E402
from govlint.testing import AGENCIES, LAYOUTS, GeneratedReport, consistent_values, render, template_years  # noqa: E402
from govlint.testing.generate import get_template  # noqa: E402

TEMPLATES = ("v2019", "v2021")


def generate(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` rendered reports as ``(layout, text)``: templates alternate, layouts cycle."""
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        template = get_template(TEMPLATES[index % len(TEMPLATES)])
        report = GeneratedReport(
            template_id=template.id,
            year=rng.choice(template_years(template)),
            agency=rng.choice(AGENCIES),
            values=consistent_values(template, rng),
        )
        layout = LAYOUTS[(index // len(TEMPLATES)) % len(LAYOUTS)]
        texts.append((layout, render(report, layout)))
    return texts


def pin_to_one_core() -> str:
    """Parsing is single-threaded; pinning keeps the scheduler from blurring the figure."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}"
    return "not pinned"


def time_parsing(texts: list[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    per_layout: dict[str, float] = {}
    gc.collect()
    start = time.perf_counter()
    for layout, text in texts:
        began = time.perf_counter()
        parse_text(text, f"{layout}.txt")
        per_layout[layout] = per_layout.get(layout, 0.0) + time.perf_counter() - began
    return time.perf_counter() - start, per_layout


def peak_memory(texts: list[tuple[str, str]]) -> int:
    """The largest Python-heap peak while parsing any one report of the sample, in bytes."""
    tracemalloc.start()
    worst = 0
    for layout, text in texts:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        parse_text(text, f"{layout}.txt")
        worst = max(worst, tracemalloc.get_traced_memory()[1] - base)
    tracemalloc.stop()
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="reports to parse (default 1000)")
    parser.add_argument("--seed", type=int, default=20190711, help="random seed (default 20190711)")
    parser.add_argument("--memory-sample", type=int, default=100, help="reports parsed under tracemalloc (default 100)")
    args = parser.parse_args(argv)

    where = pin_to_one_core()
    texts = generate(args.count, args.seed)
    parse_text(texts[0][1])  # warm-up: grammar construction and template loading are one-off costs
    gc.freeze()  # as `govlint check` does once everything long-lived is loaded (cli._loaded)
    elapsed, per_layout = time_parsing(texts)
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    counts = {layout: sum(1 for lay, _ in texts if lay == layout) for layout in per_layout}

    print(f"parsed {len(texts)} reports ({size / 1e6:.1f} MB UTF-8) on one core ({where}) in {elapsed:.2f} s")
    per_report = elapsed / len(texts) * 1000
    print(f"  {len(texts) / elapsed:,.0f} reports/s, {per_report:.2f} ms/report, {size / elapsed / 1e6:.2f} MB/s")
    for layout, seconds in per_layout.items():
        print(f"  {layout:<20} {seconds / counts[layout] * 1000:6.2f} ms/report")
    peak = peak_memory(texts[: max(args.memory_sample, 1)])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    rss_mb = rss / 1e6 if sys.platform == "darwin" else rss / 1024
    sampled = min(args.memory_sample, len(texts))
    print(f"peak heap while parsing one report: {peak / 1024:,.0f} KiB (tracemalloc, worst of {sampled})")
    print(f"peak resident set of the whole run: {rss_mb:,.1f} MiB (ru_maxrss, includes the generated texts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
