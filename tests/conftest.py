"""Shared fixtures: where the shared corpus is, and a linter built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.api import Linter

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
REAL = SHARED / "corpus" / "real"
needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/corpus is not beside this checkout (it is only in the project's CI)"
)


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()
