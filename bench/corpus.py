"""Corpora the bench scripts share: generated reports with many findings, and the seeds copied.

    python bench/corpus.py findings FOLDER COUNT     # COUNT reports, about 20 findings each
    python bench/corpus.py seeds FOLDER COPIES      # each shared seed COPIES times
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(ROOT))

from govlint.testing import LAYOUTS, render, sample_reports  # noqa: E402
from govlint.testing.generate import mutate_one  # noqa: E402

MUTATIONS = 12  # changed numbers per report: about 20 findings, groups and evidence included


def write_findings(folder: Path, count: int, seed: int = 1) -> None:
    """``count`` reports (both templates, every layout), each with ``MUTATIONS`` numbers changed."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for index, report in enumerate(sample_reports(count, seed, wrong_every=count + 1)):
        for _ in range(MUTATIONS):
            report, _ = mutate_one(report, rng)
        (folder / f"report-{index:05}.md").write_text(render(report, LAYOUTS[index % len(LAYOUTS)]), encoding="utf-8")


def write_seeds(folder: Path, copies: int) -> int:
    """Each seed of ../shared/corpus/seeds ``copies`` times; returns how many files."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        raise SystemExit(f"no seeds in {SEEDS}")
    for seed in seeds:
        for copy in range(copies):
            shutil.copyfile(seed, folder / f"{seed.stem}-{copy:03}.txt")
    return len(seeds) * copies


if __name__ == "__main__":
    kind, where, number = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    write_findings(where, number) if kind == "findings" else write_seeds(where, number)
