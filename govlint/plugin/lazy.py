"""Plugin objects registered by name and imported on first use.

A ``govlint check`` of one text report needs the text reader, the text formatter and the kinds
of the rules it runs; importing every reader (lxml, zipfile, the PDF code), every formatter and
every check kind at start-up cost more than linting the report.  A :class:`Lazy` stands for
``module:Class()`` and imports it the first time something it was not told is asked of it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable


def load_target(target: str) -> Any:
    """``"package.module:Name"`` → the object ``Name`` of that module (imported now)."""
    module, _, name = target.partition(":")
    found: Any = import_module(module)
    for part in name.split(".") if name else ():
        found = getattr(found, part)
    return found


class Lazy:
    """``target`` (``"module:Class"``) made on first use; ``known`` attributes answer without importing it.

    ``Lazy("govlint.report.text:TextFormat", name="text")`` has ``name`` at once and imports
    the module when ``format`` is first asked for.
    """

    def __init__(self, target: str, **known: Any) -> None:
        self.__dict__.update(known)
        self.target = target
        self._made: Any = None

    def loaded(self) -> Any:
        """The object itself, made once."""
        if self._made is None:
            self._made = load_target(self.target)()
        return self._made

    def __getattr__(self, attribute: str) -> Any:  # only for attributes not set on the proxy
        if attribute.startswith("_"):  # copy, pickle and the proxy's own state: never a reason to import
            raise AttributeError(attribute)
        value = getattr(self.loaded(), attribute)
        # Bound on the proxy, so the next use skips this method: a kind's ``run`` is asked for per
        # rule and report.  The objects behind (readers, formatters, kinds) keep their attributes.
        self.__dict__[attribute] = value
        return value

    def __repr__(self) -> str:
        return f"Lazy({self.target!r})"


class LazyReader(Lazy):
    """A reader whose module is imported only for a file it may read.

    ``might(head)`` is a cheap necessary condition of the reader's own ``sniff`` (a Word file
    starts ``PK``; a page contains ``<``); only when it holds is the reader imported and asked.
    """

    def __init__(self, target: str, might: Callable[[bytes], bool], **known: Any) -> None:
        super().__init__(target, **known)
        self.might = might

    def sniff(self, path: str, head: bytes) -> bool:
        return self.might(head) and bool(self.loaded().sniff(path, head))
