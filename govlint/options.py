"""The options of a batch run (:class:`Options`), apart from the runner: the command line reads
them, and the result cache (:mod:`govlint.result_cache`) keys on them, before anything of the
parser or the checks is imported."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """How a batch run finds each file's configuration; picklable for worker processes."""

    config_file: str | None = None  # --config: one file for every input
    isolated: bool = False  # --isolated: no configuration files at all
    rule_dirs: tuple[str, ...] = ()
    template: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()  # --extend-select: added to the configured (or --select) selection
    ignore: tuple[str, ...] = ()
    skip_non_reports: bool = False  # named files that are no report are skipped, as in folder walks (pre-commit)
    baseline: str | None = None  # --baseline: a baseline file; its findings are hidden
    keep_model: bool = False  # keep each parsed report in its result (``FileResult.parsed``), for the html format
    published: str | None = None  # --published: the publication date of the reports (YYYY-MM-DD)
    roster: str | None = None  # --roster: its units' levels and aliases join the configuration's
    # Import paths of the plugins to add to the built-ins ("package.module" or "module:object"), so each
    # worker process can load the same set; None: the built-ins and the installed plugins.
    plugins: tuple[str, ...] | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
