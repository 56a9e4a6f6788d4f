"""Writing what govlint produces: whole or not at all, and always valid UTF-8.

Every output file and baseline goes through :func:`write_atomically`: the text is encoded
first, written to a temporary file in the same folder, flushed to disk and renamed over the
target.  A full disk, an interrupt or an unencodable character leaves the old file as it was,
never a truncated one.

File names that are not UTF-8 reach Python with each undecodable byte as a lone surrogate
(``surrogateescape``), which no output format can carry.  :func:`without_surrogates` makes
each one U+FFFD (「�」), the same way for paths and text in every format and in the
baseline (an escape such as ``\\xff`` would turn into a folder in SARIF and GitHub paths).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from typing import BinaryIO, Iterator

from .held_signals import signals_held

SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate: what no UTF-8 output can carry


def without_surrogates(text: str) -> str:
    """Text any UTF-8 writer accepts: a lone surrogate becomes U+FFFD (the replacement character)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails only at a surrogate; twice as fast as searching for one
    except UnicodeEncodeError:
        return SURROGATE.sub("\ufffd", text)
    return text


def utf8(text: str) -> bytes:
    """:func:`without_surrogates`, encoded: once when the text has no surrogate (nearly always)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE.sub("\ufffd", text).encode("utf-8")


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; on any failure the old file is untouched.

    Raises :class:`OSError` when the folder cannot be written or the disk is full.
    """
    data = without_surrogates(text).encode("utf-8")
    with atomic_file(path) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without an error, for outputs
    written piece by piece (``govlint extract``); on any failure the old file is untouched."""
    import tempfile  # when a file is written: a run answered from the result cache writes none

    target = os.path.realpath(path)  # through a symbolic link: the link stays a link
    temporary = out = None
    try:
        with signals_held():  # a SIGTERM between making the file and knowing its name would leave it behind
            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp")
            out = os.fdopen(handle, "wb")
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except BaseException:
        if out is not None:
            out.close()
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise


def _mode(target: str) -> int:
    """The permissions the file has, or a new file would get (mkstemp's 0600 would hide it from others)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
