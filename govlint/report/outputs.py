"""The outputs of one ``govlint check`` run, each written as every file finishes.

Standard output gets the text as it comes; an output file is written through
:func:`~govlint.output.atomic_file` and replaces the old file only when the run ends well, so
streaming never leaves a half-written report behind.  Only the batch's :class:`Totals` are kept.
"""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence, TextIO

from ..api_types import FileResult
from ..output import atomic_file, utf8, without_surrogates
from .base import FormatContext, Formatter, FormatWriter, Totals, writer_for

STDOUT = "-"


class OutputError(Exception):
    """An output file could not be written (the old file, if any, is untouched)."""

    def __init__(self, target: str, error: OSError) -> None:
        super().__init__(target)
        self.target, self.error = target, error


class _Target:
    """One output: a format's writer and where its text goes."""

    def __init__(self, target: str, writer: FormatWriter, stdout: TextIO) -> None:
        self.target, self.writer, self.stdout = target, writer, stdout
        self.binary: BinaryIO | None = None

    def emit(self, make: Callable[[], str | Iterable[str]]) -> None:
        """Write what ``make`` gives; a failure of the writer (its spool on a full disk) or of the
        file is this output's :class:`OutputError`.  A closed pipe on stdout is not caught."""
        try:
            pieces = make()
            for piece in (pieces,) if isinstance(pieces, str) else pieces:
                if piece:
                    self._write(piece)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(self.target, error) from None

    def _write(self, text: str) -> None:
        """``text`` without lone surrogates (:func:`~govlint.output.without_surrogates`), which no format can carry."""
        if self.binary is None:
            self.stdout.write(without_surrogates(text))
        else:
            self.binary.write(utf8(text))


class Outputs(contextlib.AbstractContextManager["Outputs"]):
    """``with Outputs(...) as outputs: outputs.add(result) …``; the ends are written when the block
    ends without an error, and the files then replace their targets."""

    def __init__(self, targets: Sequence[tuple[str, Formatter]], context_for: Callable[[str], FormatContext], stdout: TextIO) -> None:
        """``targets``: ``(file or "-", formatter)``; ``context_for(target)`` gives each its context."""
        self._stack: contextlib.ExitStack = contextlib.ExitStack()
        self._targets = [_Target(target, writer_for(formatter, context_for(target)), stdout) for target, formatter in targets]
        self.totals = Totals()

    def __enter__(self) -> Outputs:
        with contextlib.ExitStack() as stack:  # a failure here abandons the files opened so far
            for target in self._targets:
                if target.target != STDOUT:
                    target.binary = stack.enter_context(_opened(target.target))
            for target in self._targets:
                target.emit(target.writer.begin)
            self._stack = stack.pop_all()
        return self

    def add(self, result: FileResult) -> None:
        self.totals.add(result)
        for target in self._targets:
            target.emit(lambda: target.writer.file(result))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> bool | None:
        if kind is not None:  # the run failed: every output file is abandoned, the old ones stay
            return self._stack.__exit__(kind, error, traceback)
        with self._stack:
            for target in self._targets:
                target.emit(lambda: target.writer.end(self.totals))
        return None


@contextlib.contextmanager
def _opened(target: str) -> Iterator[BinaryIO]:
    """``atomic_file``, whose own failures (opening, the final flush and rename) name the target."""
    body_failed = False
    try:
        with atomic_file(target) as out:
            try:
                yield out
            except BaseException:
                body_failed = True
                raise
    except OSError as error:
        if body_failed:
            raise
        raise OutputError(target, error) from None
