"""PDFium on a file that may have forms, in a child process the operating system bounds.

PDFium expands form XObjects when it loads a page, with no limit this reader can set: a 1 KB
form bomb used all memory and aborted the process, which ends a batch.  Which files may have
forms no reading of ours can tell for sure (a form may sit in a compressed object stream,
which most published reports have), so such a file is read by PDFium in a forked child whose
address space (:data:`MEMORY` more than the parent maps) and CPU time (:data:`CPU_SECONDS`,
pdfminer's clock) are capped by ``setrlimit`` (never above the user's own limits), and an alarm
ends it after :data:`WALL_SECONDS` (the parent kills it a second later, were it stopped).
It sends what it read back through a pipe, pickled (of the reader's plain classes only, at
most :data:`MAX_RESULT` bytes).  Whatever goes wrong there (PDFium cannot lay the file out, a
refusal, a cap, an abort, a short pipe) gives None, and the caller reads the file by
pdfminer, whose forms are bounded before it interprets a page (``pdf_forms``).

The child exists only on Linux (``fork``, and ``/proc`` for what the parent maps) and only
when no other thread runs (a thread holding a lock at the fork would leave it held for ever in
the child), a batch worker's watch on its parent aside: it sleeps, holding none.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import io
import math
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
import warnings
from typing import Any, Callable, NoReturn, TypeVar

from .pdf_budget import MAX_SECONDS

T = TypeVar("T")
MEMORY = 512 * 2**20  # the child's address space beyond the parent's: PDFium read a 6-page report in 30 MB
CPU_SECONDS = math.ceil(MAX_SECONDS)
WALL_SECONDS = 4 * CPU_SECONDS  # a child that waits without spending CPU time (it should never)
# What the child may send: the 500,000 characters PDFium may read (``MAX_OBJECTS``), each a line
# of its own (about 80 bytes pickled), and the tables' cells, fit in it several times over.
MAX_RESULT = 100 * 2**20
# Signals whose Python handler must never run in the child (a KeyboardInterrupt there, before
# its ``try``, would run the parent's code on: its handlers, its exit, its buffers written twice):
# blocked across the fork, the child's reset to the default (it just ends) before they reach it.
_ENDING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
_SAFE_THREADS = {"govlint-parent-watch"}  # ``batch``'s workers watch their parent in this one: it holds no lock


def available() -> bool:
    """Whether a child can be forked and capped here, now."""
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/statm"):
        return False
    main = threading.main_thread()
    return threading.current_thread() is main and all(
        thread is main or thread.name in _SAFE_THREADS for thread in threading.enumerate())


def run(work: Callable[[], T | None], kinds: tuple[type, ...]) -> T | None:
    """``work()`` run in a capped child: what it returned (plain data and objects of ``kinds``),
    or None when it returned None, raised or was stopped.  The caller checks :func:`available`."""
    sys.stdout.flush()  # what the parent printed is written once, by the parent
    sys.stderr.flush()
    try:
        memory = _mapped() + MEMORY
        read_end, write_end = os.pipe()
    except OSError:  # no /proc to read, no file descriptors left
        return None
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
    pid = data = code = None
    try:
        try:
            with warnings.catch_warnings():  # Python 3.12 warns of any thread: a batch worker's watch holds no lock
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or processes left for a child
            return None
        if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes its buffers
            _child(work, read_end, write_end, memory, blocked)
        os.close(write_end)
        write_end = -1
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C meanwhile is raised here: the child is killed
        data = _read_all(read_end)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for end in (read_end, write_end):
            if end >= 0:
                os.close(end)
        if pid:  # not the child (0): killing pid 0 would kill the whole process group
            code = _reaped(pid, kill=data is None)
    if data is None or code != 0:  # a signal (a cap, an abort) or a failure
        return None
    try:
        result: T | None = _Unpickler(io.BytesIO(data), kinds).load()
    except Exception:  # noqa: BLE001 - whatever a damaged child sent
        return None
    return result


def _child(work: Callable[[], Any], read_end: int, write_end: int, memory: int, mask: set[int | signal.Signals]) -> NoReturn:
    status = 1
    try:
        for number in _ENDING:  # the signals that end the parent end the child, at once, running none of its code
            signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read_end)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)  # the child says nothing: its parent reads the file by pdfminer if it fails
        os.dup2(null, 2)
        faulthandler.disable()  # nor does it report its own crash (an abort of PDFium's) wherever the parent's handler writes
        gc.freeze()  # the parent's garbage is the parent's to finalise (a file object's buffer flushed twice)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(WALL_SECONDS)
        _cap(resource.RLIMIT_CORE, 0)  # an abort or a cap leaves no core file
        _cap(resource.RLIMIT_CPU, CPU_SECONDS)
        _cap(resource.RLIMIT_AS, memory)
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(work(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _reaped(pid: int, kill: bool) -> int | None:
    """The child's exit code once it has ended (None when unknown: a process that ignores SIGCHLD
    has its children reaped for it); ``kill``: the parent stopped reading first (an error, Ctrl-C,
    too much sent), so the child goes now."""
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        if kill:
            os.kill(pid, signal.SIGKILL)
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return None


def _cap(kind: int, value: int) -> None:
    """Lower a limit of this process to ``value`` (not above either limit it already has: the
    soft one is the user's too, ``ulimit -S``)."""
    value = min([value, *(limit for limit in resource.getrlimit(kind) if limit != resource.RLIM_INFINITY)])
    resource.setrlimit(kind, (value, value))


def _mapped() -> int:
    """Bytes of address space this process maps now."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _read_all(fd: int) -> bytes | None:
    """What the child sent, as it writes it (so it never waits on a full pipe); None past
    :data:`MAX_RESULT`, or when the child has not closed the pipe a second after its alarm was
    due (it was stopped, ``kill -STOP``, or its alarm blocked: the parent never waits on it longer)."""
    chunks = []
    size = 0
    deadline = time.monotonic() + WALL_SECONDS + 1
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    while True:
        if not poll.poll(max(0, math.ceil((deadline - time.monotonic()) * 1000))):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_RESULT:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class _Unpickler(pickle.Unpickler):
    """Plain data, and objects of the given classes: nothing else a damaged child could name is built."""

    def __init__(self, file: io.BytesIO, kinds: tuple[type, ...]) -> None:
        super().__init__(file)
        self.kinds = {(kind.__module__, kind.__qualname__): kind for kind in kinds}

    def find_class(self, module: str, name: str) -> Any:
        kind = self.kinds.get((module, name))
        if kind is None:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return kind
