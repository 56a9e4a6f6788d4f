"""The methods the standard library compiles when it makes a class, kept between runs, so a cold
``govlint check`` does not compile them again.

Making a dataclass compiles each of its methods (``__init__``, ``__repr__``, ``__eq__``, a frozen
class's ``__setattr__`` …) from source text it generates, one ``exec`` of a text each; a named
tuple compiles its ``__new__`` (``eval``) and, in a ``typing.NamedTuple``, each annotation given as
a string (``compile``, for its ``ForwardRef``).  That is some 350 compilations for the 45 dataclasses
and 30 named tuples of a ``govlint check`` that lints, about 15 ms of its 150, the same in every run
(Python keeps a module's bytecode in ``__pycache__``, not these).  While :func:`install` is in force,
:mod:`dataclasses`, :mod:`collections` and :mod:`typing` find ``exec``, ``eval`` and ``compile`` in
their own globals (a module global shadows the built-in): each text is compiled once, as the
built-in compiles it, and its code object kept; :func:`uninstall` stores those compiled in this run.
The text (and mode) is the key, and the code is what ``compile`` made of that text, so a class gets
the same methods either way.

The stored code is run, so it is kept as Python keeps bytecode: with :mod:`marshal`, in govlint's
private cache folder (mode 0700, :mod:`govlint.cache`), whose files are trusted as Lark's pickled
tables there are; the file is named after the exact interpreter (marshal's format and bytecode
change between versions), carries a BLAKE2b digest of its contents and is not used when it does not
hold (a damaged code object can crash the interpreter), and is not read when another user owns it or
others may write it.  Only the command line installs it, in its main thread: the ``govlint``
command before it imports the command line's modules (:func:`govlint.command.run`: their named
tuples were a fortieth of a run answered from the result cache), or :func:`govlint.cli.main` when a
program calls it; a program that imports govlint keeps its standard library as it is.
There are two files, as for the patterns (:mod:`govlint.regex_cache`): the classes every run makes
before it needs the linter, read at :func:`install`, and the linter's, read at :func:`load`, which
a run answered from the result cache never reaches.
"""

from __future__ import annotations

import collections
import dataclasses
import marshal
import sys
import typing
import warnings
from pathlib import Path
from types import CodeType
from typing import Any

from . import cache

MAX_METHODS = 2000  # a file's entries; a run of govlint compiles about 250, every reader and format about 400
START = "start"  # the file of the classes every run makes before it needs the linter (the other: the linter's)
_stored: dict[str, CodeType] = {}  # read from the files: mode and text → code
_new: dict[str, dict[str, CodeType]] = {}  # compiled in this process since install, by the file it goes to
_part: list[str] = [START]  # the file what is compiled now goes to


def _path(part: str) -> Path | None:
    folder = cache.cache_dir()
    if folder is None or sys.implementation.name != "cpython":
        return None
    name = f"methods-{part + '-' if part else ''}{sys.implementation.cache_tag}-{sys.hexversion:x}-{cache.code_stamp()[:16]}.marshal"
    return folder / name


def _compiled(source: str, mode: str) -> CodeType:
    """The code of a text, compiled once across runs exactly as the built-ins compile it (the three
    modules use no future features: neither does this compilation, whatever this module uses)."""
    key = f"{mode}\0{source}"
    new = _new.setdefault(_part[0], {})
    code = _stored.get(key) or new.get(key)
    if code is None:
        code = compile(source, "<string>", mode, dont_inherit=True)
        if len(new) < MAX_METHODS:  # a file's worth: a server, or a plugin's class per file, makes new texts without end
            new[key] = code
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` as :mod:`dataclasses` calls it (always with its globals)."""
    if globals is None:  # the caller's namespace, as the built-in takes it
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    exec(_compiled(source, "exec") if isinstance(source, str) else source, globals, locals)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    """``eval`` as :func:`collections.namedtuple` calls it (always with its globals)."""
    if globals is None:
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    return eval(_compiled(source, "eval") if isinstance(source, str) else source, globals, locals)


def _compile(source: Any, filename: str, mode: str, flags: int = 0, dont_inherit: bool = False, optimize: int = -1) -> Any:
    """``compile`` as :class:`typing.ForwardRef` calls it (anything else is compiled as it asks)."""
    if isinstance(source, str) and filename == "<string>" and (flags, optimize) == (0, -1):
        return _compiled(source, mode)
    return compile(source, filename, mode, flags, True, optimize)  # typing's own (no) future features, not this module's


_SHADOWED = ((dataclasses, "exec", _exec), (collections, "eval", _eval), (typing, "compile", _compile))


def install() -> bool:
    """Compile classes' methods through the stored files from now on, the start's read now;
    False (nothing done) when there is no private cache folder, or it is in force already."""
    path = _path(START)
    if "exec" in vars(dataclasses) or path is None:
        return False
    _stored.clear()
    _stored.update(_read(path))
    _new.clear()
    _part[0] = START
    for module, name, replacement in _SHADOWED:
        setattr(module, name, replacement)
    return True


def load() -> None:
    """Read the linter's file (once it is needed); what is compiled from now on goes to it."""
    path = _path("")
    if "exec" in vars(dataclasses) and _part[0] == START and path is not None:
        _stored.update(_read(path))
        _part[0] = ""


def discard() -> None:
    """Store nothing of what was compiled so far (``govlint clean`` leaves the folder empty)."""
    _new.clear()


def uninstall() -> None:
    """Put the three modules back as they were and store what was compiled since :func:`install` (and
    not :func:`discard` ed), each in its file."""
    for module, name, _ in _SHADOWED:
        vars(module).pop(name, None)
    compiled = dict(_new)
    _new.clear()
    for part, new in compiled.items():
        path = _path(part)
        new = {key: code for key, code in new.items() if not _warns(key)}
        if not new or path is None:
            continue  # the usual warm run: nothing written
        kept = {**_read(path), **new}  # two runs saving at once: each text once
        if len(kept) > MAX_METHODS:
            continue  # full: no run rewrites it (a changed govlint starts a new file)
        cache.write_digested(path, marshal.dumps(kept))


def _warns(key: str) -> bool:
    """Whether compiling the text warns (an odd escape in a string annotation): such a text is not
    stored, so it warns in every run, as it does without this module."""
    mode, _, source = key.partition("\0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            compile(source, "<string>", mode, dont_inherit=True)
        except (Warning, SyntaxError):
            return True
    return False


def _read(path: Path) -> dict[str, CodeType]:
    """The file's entries when it is this user's own, no one else may write it, and its digest holds."""
    body = cache.read_digested(path)
    if body is None:
        return {}
    try:
        entries = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {text: code for text, code in entries.items() if isinstance(text, str) and isinstance(code, CodeType)}
