"""A batch's files read once: what the pairing pass read, kept on disk for the lint pass.

Pairing a batch (:mod:`govlint.pairing`) must know every file's agency and year before the
first file is linted, so each file is read twice unless the first reading is kept: for a PDF
the reading is nearly all the cost.  Keeping every read file in memory would make memory grow
with the batch; a :class:`SpoolFolder` keeps them in a private temporary folder instead, each
one appended to one file (creating a file per input costs as much as reading a text report),
compressed unless it is a text file's (:func:`pack`), and the lint takes each from there by
its place (a file the pairing could not read keeps its error, so it is not tried again).  Last
year's report of a pair is parsed once: its model is kept for the other side of the pair,
whichever comes first, in a file of its own (any worker process may be the first to parse it;
pairs are few).

The folder is made by :func:`tempfile.mkdtemp` (mode 0700: only this user can write there,
so what is loaded from it is only what this batch wrote) and removed when the batch ends.  At
most :data:`MAX_SPOOL_BYTES` of readings are kept, and as much of models by each process; past
that, files are simply read and parsed again.  A :class:`Spool` is the folder's name, so worker
processes receive it cheaply.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import tempfile
import weakref
import zlib
from dataclasses import dataclass
from typing import Callable, TypeVar

from .cache import strong_hash
from .errors import GovlintError
from .held_signals import signals_held
from .read.source import Source

MAX_SPOOL_BYTES = 512 * 1024 * 1024  # a few KB per report: over a hundred thousand text reports
READINGS = "readings"  # the file the readings are appended to
T = TypeVar("T")
Place = tuple[int, int]  # where a kept value is in the readings file: offset and length
_readers: dict[str, int] = {}  # folder → this process's descriptor of its readings file
_models_written: dict[str, int] = {}  # folder → bytes of models this process kept there


def pack(value: object) -> bytes:
    """A value to keep (a :class:`~govlint.read.source.Source`, a model, or a :class:`GovlintError`),
    compressed unless it is a text file's reading: compressing that halves a few kilobytes at the
    cost of reading the file again (three quarters of a text batch's spool time), where a PDF's or
    a Word file's reading is costly to read again and worth the room it saves under :data:`MAX_SPOOL_BYTES`."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return data if isinstance(value, Source) and value.format == "text" else zlib.compress(data, 1)


def _unpack(data: bytes) -> object | None:
    """What :func:`pack` kept: a pickle begins with its protocol opcode, a zlib stream never does."""
    try:
        value: object = pickle.loads(data if data[:1] == pickle.PROTO else zlib.decompress(data))
    except (zlib.error, pickle.UnpicklingError, EOFError):  # a model another worker is still writing
        return None
    return value


def _given(value: object | None, make: Callable[[], T]) -> T:
    """The kept ``value`` (an error kept is raised again), or ``make()`` when nothing was kept."""
    if value is None:
        return make()
    if isinstance(value, GovlintError):
        raise value
    return value  # type: ignore[return-value]  # what was kept for this file is what make() returns


@dataclass(frozen=True)
class Spool:
    """The folder of one batch's kept readings and models (picklable: worker processes share it)."""

    folder: str

    def reading(self, place: Place | None, read: Callable[[], T]) -> T:
        """The reading kept at ``place``, else ``read()``."""
        return _given(self._load(place) if place else None, read)

    def model(self, path: str, parse: Callable[[], T]) -> T:
        """``path``'s model kept by any process of the batch, else ``parse()`` kept for the others
        (a :class:`GovlintError` it raises too): each model is parsed once, where possible."""
        target = os.path.join(self.folder, "model-" + strong_hash(os.fsencode(path)).hexdigest()[:32])
        try:
            with open(target, "rb") as handle:
                return _given(_unpack(handle.read()), parse)
        except FileNotFoundError:
            pass
        try:
            value: object = parse()
        except GovlintError as error:
            value = error
        data = pack(value)
        if _models_written.get(self.folder, 0) + len(data) <= MAX_SPOOL_BYTES:
            try:  # the first writer wins; a reader meanwhile sees a part, which does not unpack
                with open(target, "xb") as out:
                    out.write(data)
                _models_written[self.folder] = _models_written.get(self.folder, 0) + len(data)
            except OSError:
                pass
        return _given(value, parse)

    def _load(self, place: Place) -> object | None:
        try:
            handle = _readers.get(self.folder)
            if handle is None:
                handle = _readers[self.folder] = os.open(os.path.join(self.folder, READINGS), os.O_RDONLY)
            return _unpack(os.pread(handle, place[1], place[0]))
        except OSError:
            return None


class SpoolFolder:
    """Owns a :class:`Spool`'s folder, in the process that runs the batch: keeps each file's
    reading, knows where, and removes the folder on :meth:`close`, or when this object is
    collected or the program exits (never a worker process, which only holds the :class:`Spool`)."""

    def __init__(self) -> None:
        with signals_held():  # a SIGTERM between making the folder and arranging its removal would leave it behind
            folder = tempfile.mkdtemp(prefix="govlint-batch-")
            try:
                self._out = io.FileIO(os.path.join(folder, READINGS), "wb")
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self.spool = Spool(folder)
            self._remove = weakref.finalize(self, _remove, folder, self._out)
        self._size = 0
        self._places: dict[str, Place] = {}

    def keep(self, path: str, data: bytes) -> None:
        """Keep ``path``'s reading (:func:`pack`); silently not, past :data:`MAX_SPOOL_BYTES` or when the disk refuses."""
        if self._out.closed or self._size + len(data) > MAX_SPOOL_BYTES:
            return
        try:
            written = self._out.write(data)
        except OSError:
            written = None
        if written != len(data):  # a full disk: the file's end is no longer known, keep nothing more
            self._out.close()
            return
        self._places[path] = (self._size, len(data))
        self._size += len(data)

    def place(self, path: str | None) -> Place | None:
        return self._places.get(path) if path is not None else None

    def close(self) -> None:
        self._remove()


def _remove(folder: str, out: io.FileIO) -> None:
    _models_written.pop(folder, None)
    handle = _readers.pop(folder, None)
    if handle is not None:
        os.close(handle)
    out.close()
    shutil.rmtree(folder, ignore_errors=True)
