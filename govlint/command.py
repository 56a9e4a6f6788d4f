"""The ``govlint`` command (and ``python -m govlint``): :func:`govlint.cli.main` in a process that ends with it.

main leaves the process as it found it, for a program that calls it.  The command's process may do
what such a program must not have done to it:

- :mod:`dataclasses` imports :mod:`inspect` (with :mod:`ast`, :mod:`dis`, :mod:`tokenize`) for the
  docstring of a class that has none, and :mod:`copy` for ``asdict``; :mod:`urllib.parse` (which
  :mod:`pathlib` imports) imports :mod:`ipaddress` for a URL's bracketed host; :mod:`pathlib`
  imports :mod:`ntpath` for Windows paths.  A run uses none of them, and importing them was a
  seventh of a run answered from the result cache.  Each is imported when a name of its own is
  first used (:class:`Deferred`).
- The dataclass methods kept between runs (:mod:`govlint.method_cache`) are in force, and the
  patterns kept (:mod:`govlint.regex_cache`) in ``re``'s cache, before the command line's modules
  are imported, not only once main runs: those modules' own patterns are found there too.
- The garbage collector is off while the command line's modules are imported (main turns it on
  once the linter is loaded, as it would for a caller), and what the run made is left frozen
  (:func:`gc.freeze`) when main returns: else the interpreter's collections at exit walk every
  module, class, rule and pattern once more to free memory the process is about to give back.
"""

from __future__ import annotations

import _thread
import gc
import importlib
import importlib.util
import sys
from types import ModuleType

DEFERRED = ("inspect", "copy", "ipaddress", "ntpath")  # imported by dataclasses, urllib.parse and pathlib; a run uses none


def run() -> int:
    gc.disable()  # importing makes long-lived objects only (see govlint.cli._loading)
    for name in DEFERRED:
        sys.modules.setdefault(name, Deferred(name))
    from . import regex_cache

    start = regex_cache.preload(regex_cache.START)  # before modules compile their patterns (dataclasses', json's, gettext's)
    from . import method_cache

    methods = method_cache.install()  # before the command line's modules make their classes (main finds it in force)
    imported = start  # and the patterns compiled importing the command line (main stores those it compiles itself)
    try:
        from .cli import main

        imported = regex_cache.compiled()
        return main()
    finally:
        if methods:
            method_cache.uninstall()
        regex_cache.save(start, regex_cache.START, until=imported)
        gc.freeze()


class Deferred(ModuleType):
    """A module not imported yet: ``import inspect`` finds this stand-in, whose first use of a name
    imports the module (in its place in :data:`sys.modules`) and answers from it.  Python's own
    :class:`importlib.util.LazyLoader` cannot: the import statement asks a module for its spec,
    and that alone loads it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        # Where the module is (found, not loaded), for what asks a module in sys.modules for it: the
        # import statement (``_initializing``), ``importlib.util.find_spec``, as a plugin may.
        self.__spec__ = importlib.util.find_spec(name)
        self.__loader__, self.__package__ = getattr(self.__spec__, "loader", None), getattr(self.__spec__, "parent", None)

    def __getattr__(self, name: str) -> object:  # typing is not imported yet (see govlint/__init__.py)
        with _FIRST_USE:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


_FIRST_USE = _thread.allocate_lock()  # two threads using a stand-in first: one takes it out, the other finds the import
