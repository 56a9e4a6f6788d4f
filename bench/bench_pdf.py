"""The real 6-page PDF against the same report as text, in-process: how many times as long a PDF takes.

    python bench/bench_pdf.py [--runs N]

Lints ``../shared/corpus/real/huaian-2024.pdf`` and its text (``huaian-2024-pdftext.txt``)
with one ``Linter``, through ``lint_file`` as the CLI does, in turn (PDF, text, PDF, text …)
so both see the same machine; prints the median time of each and the median of the ratios
pair by pair (goal ≤ 10x, moonshot ≤ 5x), in wall and in CPU time.  The PDF is also timed through the pdfplumber
path (PDFium switched off), the fallback, against the text and against the PDFium path in the same runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.api import Linter  # noqa: E402
from govlint.read import pdf  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real"
PDF, TEXT = REAL / "huaian-2024.pdf", REAL / "huaian-2024-pdftext.txt"


def seconds(linter: Linter, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of linting ``path`` (on a shared machine the CPU time waits less)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = linter.lint_file(path)
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    if result.error:
        raise SystemExit(f"{path.name}: {result.error}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not PDF.is_file() or not TEXT.is_file():
        raise SystemExit(f"{REAL} is absent (../shared is not available)")
    linter = Linter()
    for path in (PDF, TEXT, PDF):
        seconds(linter, path)  # warm-up: rules, templates, both PDF libraries loaded
    pdfium: list[tuple[float, float]] = []
    fallback: list[tuple[float, float]] = []
    text: list[tuple[float, float]] = []
    for _ in range(args.runs):
        pdfium.append(seconds(linter, PDF))
        text.append(seconds(linter, TEXT))
        with mock.patch.object(pdf, "_read_pdfium", lambda *arguments: None):
            fallback.append(seconds(linter, PDF))
    for label, times in (("pdf, PDFium path", pdfium), ("pdf, pdfplumber path", fallback)):
        wall = statistics.median(a[0] / b[0] for a, b in zip(times, text))
        cpu = statistics.median(a[1] / b[1] for a, b in zip(times, text))
        print(f"{label}: {1000 * statistics.median(t[0] for t in times):.1f} ms, {wall:.1f}x the text report "
              f"(CPU time {cpu:.1f}x; medians of {args.runs} pairs)")
    print(f"text report: {1000 * statistics.median(t[0] for t in text):.1f} ms")
    faster = statistics.median(slow[1] / fast[1] for fast, slow in zip(pdfium, fallback))
    print(f"PDFium path {faster:.1f}x as fast as the pdfplumber path (CPU time; median of {args.runs} pairs)")


if __name__ == "__main__":
    main()
