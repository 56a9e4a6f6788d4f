"""Shared fixtures: where the shared corpus is, and a linter built once per session.

The suite tests govlint's own behaviour, so it never loads installed plugins: an agency plugin
in the same environment would add rules and change what the tests see.  The switch is set
before govlint is imported and is inherited by every subprocess the tests start; the one test
of plugin loading (tests/test_agency_plugin.py) removes it for its own subprocesses.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

AUTOLOAD = "GOVLINT_DISABLE_PLUGIN_AUTOLOAD"
os.environ[AUTOLOAD] = "1"
os.environ["GOVLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="govlint-test-cache-")  # never the user's cache; inherited by subprocesses
atexit.register(shutil.rmtree, os.environ["GOVLINT_CACHE_DIR"], ignore_errors=True)  # nor a folder left behind per run

from govlint.api import Linter  # noqa: E402 - after the switch above

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


@pytest.fixture
def sigterm_lost_in_a_fork(monkeypatch):
    """A run whose SIGTERM came while the pool forked a worker: os.fork swallows the
    KeyboardInterrupt its callbacks raise, so the lint goes on as if nothing had come."""
    import signal

    from govlint import cli, runner

    lint = runner.iter_lint_items

    def lint_after_a_lost_sigterm(*args, **kwargs):
        try:
            cli._interrupt(signal.SIGTERM, None)
        except KeyboardInterrupt:
            pass  # what os.fork does with it
        yield from lint(*args, **kwargs)

    monkeypatch.setattr(runner, "iter_lint_items", lint_after_a_lost_sigterm)
