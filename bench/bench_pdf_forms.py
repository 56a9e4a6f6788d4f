"""Reading a generated report whose pages draw a form XObject: what bounding the forms costs.

    python bench/bench_pdf_forms.py --make FILE     # write the PDF (a letterhead form drawn on every page)
    python bench/bench_pdf_forms.py FILE [--reads N]

A file with a form is read by PDFium in a forked child the operating system caps (PDFium
expands forms without a bound: ``govlint.read.pdf_isolated``), where there can be one, else by
pdfminer, its forms bounded before a page is interpreted (``govlint.read.pdf_forms``); a file
without one is read by PDFium in-process.  The reading half imports govlint from the Python running it (no path of this
checkout is added), so the same command run by another environment's Python times that
environment's reader on the same file: compare the two whole processes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any


def make(path: Path) -> None:
    from govlint.testing import render_pdf, sample_reports
    from govlint.testing.formats import pdf

    footer = pdf._footer

    def with_letterhead(font: str, canvas: Any, document: Any) -> None:
        if not canvas.hasForm("letterhead"):
            canvas.beginForm("letterhead")
            canvas.line(72, 806, 523, 806)
            canvas.endForm()
        canvas.doForm("letterhead")
        footer(font, canvas, document)

    pdf._footer = with_letterhead
    try:
        data = render_pdf(sample_reports(1, seed=11)[0])
    finally:
        pdf._footer = footer
    assert b"/Form" in data
    path.write_bytes(data)


def read(path: Path, reads: int) -> None:
    from govlint.read.pdf import PdfReader

    data = path.read_bytes()
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        PdfReader().read(path.name, data)
        times.append(time.perf_counter() - start)
    print(f"{path.name}: {1000 * statistics.median(times):.1f} ms a read (median of {reads})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--make", action="store_true")
    parser.add_argument("--reads", type=int, default=10)
    args = parser.parse_args()
    make(args.file) if args.make else read(args.file, args.reads)


if __name__ == "__main__":
    main()
