"""Values computed once per object and found again by its identity, in a bounded table.

Hashing a template's table walks every row and alias in it (a few hundred calls per report); the
same object comes back for every file a linter parses, so its identity finds the value at once.
A linter's tuple of templates is looked up the same way, so one mechanism serves both (templates
themselves hash cheaply, by id: :meth:`govlint.templates.Template.__hash__`).  The object is kept with its value, so its id is not reused.
"""

from __future__ import annotations

from threading import Lock
from typing import Callable, Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")

MAX_ENTRIES = 8  # objects remembered: a batch has one template set per configuration in use


class ByIdentity(Generic[Key, Value]):
    """``make(key)`` remembered for the last :data:`MAX_ENTRIES` keys, looked up by identity."""

    def __init__(self, make: Callable[[Key], Value], size: int = MAX_ENTRIES) -> None:
        self._make = make
        self._size = size
        self._known: dict[int, tuple[Key, Value]] = {}
        self._lock = Lock()  # threads share a memo: one forgets the oldest while none adds

    def __call__(self, key: Key) -> Value:
        known = self._known.get(id(key))
        if known is not None and known[0] is key:
            return known[1]
        value = self._make(key)
        with self._lock:
            if len(self._known) >= self._size:
                del self._known[next(iter(self._known))]  # the oldest entry
            self._known[id(key)] = (key, value)
        return value

    def __len__(self) -> int:
        return len(self._known)
