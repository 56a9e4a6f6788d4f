"""The ``govlint`` command (and ``python -m govlint``): :func:`govlint.cli.main` in a process that ends with it.

main leaves the garbage collector as it found it, for a program that calls it.  The command's process
ends when main returns, so the collector need not look at what loading makes at any point: it is off
while the command line's modules are imported (main turns it on again once the linter is loaded, as
it would for a caller), and what the run made is left frozen (:func:`gc.freeze`) when main returns:
else the interpreter's collections at exit walk every module, class, rule and pattern once more to
free memory the process is about to give back, a fifteenth of a cold ``govlint check``.
"""

from __future__ import annotations

import gc


def run() -> int:
    gc.disable()  # importing makes long-lived objects only (see govlint.cli._loading)
    from .cli import main

    code = main()
    gc.freeze()
    return code
