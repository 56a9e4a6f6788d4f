"""SIGTERM and SIGINT held off while a file or folder is made and its removal arranged.

The command line turns both signals into ``KeyboardInterrupt`` (a cancelled CI job ends as
Ctrl-C does, its temporary files removed).  Raised between making a temporary file and the
code that would remove it, the interrupt would leave the file behind; held, it arrives once the
block ends, when the removal is in place.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGTERM and SIGINT wait until the block ends (in the main thread, where Python handles
    them; where signals cannot be held, as on Windows, the block runs as it is)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
