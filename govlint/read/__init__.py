"""Stage 1, read: bytes of any supported format → :class:`Source` (lines of text).

The reader is chosen by content, not by file name: each reader's ``sniff`` gets the file's
bytes, in priority order, and plain text is the fallback.  Not a fixed window: a page's first
``<table>`` may stand after 8 KB of scripts and navigation.
"""

from __future__ import annotations

import os
from typing import Iterable, Protocol

from ..errors import InputError
from .source import Source

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes; a Word file a few megabytes

__all__ = ["MAX_INPUT_BYTES", "Reader", "Source", "read_bytes", "read_path"]


class Reader(Protocol):
    """An input format. Plugins return these from the ``govlint_readers`` hook."""

    name: str
    priority: int  # lower is asked first
    suffixes: tuple[str, ...]  # file endings folder walks collect (optional for plugins)

    def sniff(self, path: str, head: bytes) -> bool: ...

    def read(self, path: str, data: bytes) -> Source: ...


def read_path(path: str, readers: Iterable[Reader]) -> Source:
    """Read a file from disk, refusing anything larger than :data:`MAX_INPUT_BYTES` before reading it."""
    try:
        size = os.path.getsize(path)
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_INPUT_BYTES // (1024 * 1024)} MB） / file too large",
                path=path,
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(f"无法读取文件：{error.strerror} / cannot read file", path=path) from None
    return read_bytes(data, path, readers)


def read_bytes(data: bytes, path: str, readers: Iterable[Reader]) -> Source:
    """Pick the first reader (by priority) whose sniff accepts the bytes, and read them."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError("文件过大 / file too large", path=path)
    for reader in sorted(readers, key=lambda r: r.priority):
        if reader.sniff(path, data):
            try:
                return reader.read(path, data)
            except InputError as error:
                error.path = error.path or path
                raise
    raise InputError("没有可读取此文件的读取器 / no reader accepts this file", path=path)
