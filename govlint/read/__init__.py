"""Stage 1, read: bytes of any supported format → :class:`Source` (lines of text).

The reader is chosen by content, not by file name: each reader's ``sniff`` gets the file's
bytes, in priority order, and plain text is the fallback.  Not a fixed window: a page's first
``<table>`` may stand after 8 KB of scripts and navigation.
"""

from __future__ import annotations

import os
import stat
from typing import Iterable, Protocol

from ..errors import InputError
from .source import Source

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes; a Word file a few megabytes
MAX_LINES = 50_000  # a report is a few hundred lines; this bounds the time spent on the rest

__all__ = ["MAX_INPUT_BYTES", "MAX_LINES", "Reader", "Source", "read_bytes", "read_path"]


class Reader(Protocol):
    """An input format. Plugins return these from the ``govlint_readers`` hook."""

    name: str
    priority: int  # lower is asked first
    suffixes: tuple[str, ...]  # file endings folder walks collect (optional for plugins)

    def sniff(self, path: str, head: bytes) -> bool: ...

    def read(self, path: str, data: bytes) -> Source: ...


def read_path(path: str, readers: Iterable[Reader]) -> Source:
    """Read a regular file from disk (:func:`read_file`) with the first reader that accepts it."""
    return read_bytes(read_file(path), path, readers)


def read_file(path: str) -> bytes:
    """A regular file's bytes, at most :data:`MAX_INPUT_BYTES` of them (one byte more tells it is too large).

    Devices (``/dev/zero``), FIFOs and sockets are refused before they are opened: one never
    ends, another blocks until a writer comes.  The size is checked while reading too, so a
    file that grows (or reports no size, as ``/proc`` files do) cannot exhaust memory.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            os.listdir(path)  # raises when the folder cannot be read, the more useful reason
            raise InputError("这是文件夹，不是文件 / a folder, not a file", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("不是普通文件（设备、管道或套接字），不予读取 / not a regular file (device, FIFO or socket)", path=path)
        if info.st_size > MAX_INPUT_BYTES:
            raise _too_large(info.st_size, path)
        with open(path, "rb") as handle:
            # The size the file says, and one byte more to tell that it grew (or said none):
            # asking for the whole limit at once makes Python allocate it (a third of reading a text report).
            data = handle.read(min(info.st_size, MAX_INPUT_BYTES) + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_INPUT_BYTES + 1 - len(data))
    except PermissionError:
        raise InputError("无法读取：权限不足 / cannot read: permission denied", path=path) from None
    except OSError as error:
        raise InputError(f"无法读取文件：{error.strerror} / cannot read file", path=path) from None
    return data


def _too_large(size: int, path: str) -> InputError:
    limit = MAX_INPUT_BYTES // (1024 * 1024)
    return InputError(f"文件过大（{size / (1024 * 1024):.1f} MB，上限 {limit} MB） / file too large (over {limit} MB)", path=path)


def read_bytes(data: bytes, path: str, readers: Iterable[Reader]) -> Source:
    """Pick the first reader (by priority) whose sniff accepts the bytes, and read them."""
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(len(data), path)
    for reader in sorted(readers, key=lambda r: r.priority):
        if reader.sniff(path, data):
            try:
                source = reader.read(path, data)
            except InputError as error:
                error.path = error.path or path
                raise
            if len(source.lines) > MAX_LINES:
                raise InputError(f"文件行数过多（{len(source.lines)} 行，上限 {MAX_LINES} 行），不像一份报告 / too many lines for a report", path=path)
            return source
    raise InputError("没有可读取此文件的读取器 / no reader accepts this file", path=path)
