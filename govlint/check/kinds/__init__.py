"""The built-in check kinds; each module holds one kind and documents its parameters."""

from __future__ import annotations

from .cells import CellsKind
from .deadline import DeadlineKind
from .decimals import DecimalsKind
from .empty_section import EmptySectionKind
from .mentions import MentionsKind
from .narrative import NarrativeKind
from .not_run import NotRunKind
from .numbered_headings import NumberedHeadingsKind
from .period import PeriodKind
from .placeholders import PlaceholdersKind
from .recycled import RecycledKind
from .relation import RelationKind
from .rows import RowsKind
from .sections import SectionsKind
from .stale_year import StaleYearKind
from .statement import StatementKind
from .suppression import SuppressionKind
from .table_labels import TableLabelsKind
from .tables import TablesKind
from .template_year import TemplateYearKind
from .text_quality import TextQualityKind
from .text_length import TextLengthKind
from .title_position import TitlePositionKind

BUILTIN_KINDS: tuple[type, ...] = (
    CellsKind,
    DecimalsKind,
    RelationKind,
    RowsKind,
    SectionsKind,
    StatementKind,
    SuppressionKind,
    TableLabelsKind,
    TablesKind,
    TemplateYearKind,
    TextQualityKind,
    EmptySectionKind,
    MentionsKind,
    NarrativeKind,
    NotRunKind,
    NumberedHeadingsKind,
    PeriodKind,
    PlaceholdersKind,
    TextLengthKind,
    TitlePositionKind,
    DeadlineKind,
    RecycledKind,
    StaleYearKind,
)
