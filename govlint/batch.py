"""Run one function over many items in worker processes, yielding results in the items' order.

A batch must report every file it was given.  A worker that dies (killed by the kernel for
memory, a crash in a C library) breaks a whole ``ProcessPoolExecutor``; the items that were
in flight are then run again one at a time in a fresh worker, so the one that kills its
worker is reported as lost and the others get their results.  Items travel in small chunks
(one task, one message each way for several files: a task per file cost the parent a wake-up
and a pickle per file), and the workers are forked after the parent loaded the rules, so none
loads them again.  Workers watch their parent and exit when it is gone (killed, or stopped
by SIGTERM), so none lives on holding stdout open.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Generator, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
PARENT_CHECK_SECONDS = 0.2
IN_FLIGHT_PER_WORKER = 2  # chunks: keeps every worker busy; bounds the items run again after a crash
MAX_CHUNK = 16  # items per task; fewer when the batch is small, so every worker gets some


def ordered_map(
    work: Callable[[T], R], items: Sequence[T], *, jobs: int, lost: Callable[[T, str], R]
) -> Iterator[R]:
    """``work(item)`` for every item in ``jobs`` processes; ``lost(item, reason)`` for an item
    whose worker died under it.  ``work`` must be picklable and should not raise."""
    results: dict[int, R] = {}
    size = max(1, min(MAX_CHUNK, len(items) // (jobs * IN_FLIGHT_PER_WORKER * 4)))
    numbered = list(enumerate(items))
    waiting = deque(numbered[start : start + size] for start in range(0, len(numbered), size))
    emitted = 0
    while waiting:
        suspects, emitted = yield from _round(work, waiting, jobs, results, emitted)
        for index, item in suspects:
            results[index] = _alone(work, item, lost)
        emitted = yield from _flush(results, emitted)


def _flush(results: dict[int, R], emitted: int) -> Generator[R, None, int]:
    """Yield the results that are next in order; return the index of the first one not yet done."""
    while emitted in results:
        yield results.pop(emitted)
        emitted += 1
    return emitted


def _chunk(work: Callable[[T], R], items: list[T]) -> list[R]:
    """In a worker: one task's items, in order."""
    return [work(item) for item in items]


def _round(
    work: Callable[[T], R],
    waiting: deque[list[tuple[int, T]]],
    jobs: int,
    results: dict[int, R],
    emitted: int,
) -> Generator[R, None, tuple[list[tuple[int, T]], int]]:
    """Run chunks from ``waiting`` in one pool until none is left or the pool breaks; return the
    items in flight when it broke (any of them may have killed the worker) and ``emitted``.
    A chunk whose results cannot come back has its items run again alone, like suspects."""
    pool = _pool(jobs)
    running: dict[Future[list[R]], list[tuple[int, T]]] = {}
    suspects: list[tuple[int, T]] = []
    finished_normally = False
    try:
        while (waiting and not suspects) or running:
            while waiting and not suspects and len(running) < IN_FLIGHT_PER_WORKER * jobs:
                chunk = waiting.popleft()
                running[pool.submit(_chunk, work, [item for _, item in chunk])] = chunk
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = running.pop(future)
                try:
                    results.update(zip((index for index, _ in chunk), future.result()))
                except Exception:  # noqa: BLE001 - a broken pool, or a result that cannot come back
                    suspects.extend(chunk)
            emitted = yield from _flush(results, emitted)
        finished_normally = True
    finally:
        if finished_normally:
            pool.shutdown(wait=True)
        else:
            _kill(pool)
    return sorted(suspects, key=lambda pair: pair[0]), emitted


def _alone(work: Callable[[T], R], item: T, lost: Callable[[T, str], R]) -> R:
    """Run one suspect in a worker of its own: if that worker dies too, the item killed it."""
    pool = _pool(1)
    try:
        return pool.submit(work, item).result()
    except BrokenProcessPool:
        return lost(item, "工作进程意外终止 / the worker process died")
    except Exception as error:  # noqa: BLE001
        return lost(item, f"{type(error).__name__}: {error}")
    finally:
        _kill(pool)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),))


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: a broken pool, or a run interrupted by Ctrl-C or an error.

    A worker killed while it sends a result leaves half a message in the result pipe, and the
    pool's own thread would wait for the rest for ever: the run then hung at exit, which joins
    that thread (SIGTERM during a ``--jobs 2`` batch, about one time in 30).  So the parent's
    end for writing is closed too: once the workers are gone, that read ends, and the thread
    sees a broken pool and stops."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before 3.14
    results = getattr(pool, "_result_queue", None)  # taken before shutdown, which forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


def _die_with_parent(parent: int) -> None:
    """Worker initializer: exit as soon as the parent process is gone, and at once on SIGTERM (the
    parent's handler, which ends its run cleanly, is not the worker's)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="govlint-parent-watch", daemon=True).start()
