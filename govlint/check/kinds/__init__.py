"""The built-in check kinds; each module holds one kind and documents its parameters."""

from __future__ import annotations

from .cells import CellsKind
from .decimals import DecimalsKind
from .relation import RelationKind
from .rows import RowsKind
from .sections import SectionsKind
from .tables import TablesKind
from .template_year import TemplateYearKind

BUILTIN_KINDS: tuple[type, ...] = (
    CellsKind,
    DecimalsKind,
    RelationKind,
    RowsKind,
    SectionsKind,
    TablesKind,
    TemplateYearKind,
)
