"""Read + parse + check throughput for Word, HTML and PDF reports, beside the real huaian PDF.

    python bench/bench_formats.py [--docx N] [--html N] [--pdf N] [--seed S]

Generated reports (both templates, a tenth with one number changed) are written once with
``govlint.testing.formats`` into a temporary folder, then linted in-process on one core with
one ``Linter``, through ``lint_file`` as the CLI does: the figure includes reading the file,
which for Word and PDF costs far more than parsing and checking.  Writing PDFs needs
reportlab and reading them pdfplumber; without them the PDF lines are skipped.  The real
PDF (``../shared/corpus/real/huaian-2024.pdf``, 6 pages) is timed when ../shared is there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.api import Linter  # noqa: E402
from govlint.testing import GeneratedReport, render_docx, render_html, render_pdf, sample_reports  # noqa: E402

HUAIAN = ROOT.parent / "shared" / "corpus" / "real" / "huaian-2024.pdf"


def timed(linter: Linter, label: str, paths: list[Path], repeat: int = 1) -> None:
    linter.lint_file(paths[0])  # warm-up: rules, templates and the format's libraries loaded
    start = time.perf_counter()
    findings = errors = 0
    for _ in range(repeat):
        for path in paths:
            result = linter.lint_file(path)
            findings += len(result.diagnostics)
            errors += result.error is not None
    elapsed = time.perf_counter() - start
    count = len(paths) * repeat
    unreadable = f", {errors} unreadable" if errors else ""
    print(f"{label}: {count / elapsed:.1f} reports/s ({1000 * elapsed / count:.1f} ms/report, {findings} findings{unreadable})")


def write(folder: Path, suffix: str, render: Callable[[GeneratedReport], bytes], items: list[GeneratedReport]) -> list[Path]:
    paths = []
    for index, report in enumerate(items):
        path = folder / f"{index:04d}{suffix}"
        path.write_bytes(render(report))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=int, default=100)
    parser.add_argument("--html", type=int, default=100)
    parser.add_argument("--pdf", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    linter = Linter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        timed(linter, f"docx ({args.docx} generated)", write(folder, ".docx", render_docx, sample_reports(args.docx, args.seed)))
        html = write(folder, ".html", lambda r: render_html(r).encode("utf-8"), sample_reports(args.html, args.seed))
        timed(linter, f"html ({args.html} generated)", html)
        try:
            import pdfplumber  # noqa: F401
            import reportlab  # noqa: F401
        except ImportError as error:
            print(f"pdf: skipped ({error.name} is not installed)")
            return
        timed(linter, f"pdf ({args.pdf} generated, 2-3 pages)", write(folder, ".pdf", render_pdf, sample_reports(args.pdf, args.seed)))
    if HUAIAN.is_file():
        timed(linter, f"pdf (real {HUAIAN.name}, 6 pages, 5 runs)", [HUAIAN], repeat=5)
    else:
        print(f"pdf (real): {HUAIAN} is absent (../shared is not available)")


if __name__ == "__main__":
    main()
