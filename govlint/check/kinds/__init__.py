"""The built-in check kinds; each module holds one kind and documents its parameters."""

from __future__ import annotations

from .relation import RelationKind

BUILTIN_KINDS: tuple[type, ...] = (RelationKind,)
