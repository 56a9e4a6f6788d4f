"""The built-in check kinds; each module holds one kind and documents its parameters.

They are registered by name and imported on first use (:mod:`govlint.plugin.lazy`): this
package imports none of them, so a run loads only the kinds of the rules it runs.
"""

from __future__ import annotations

# The ``check.kind`` value of a rule → where that kind is.
BUILTIN_KINDS: dict[str, str] = {
    "cells": "govlint.check.kinds.cells:CellsKind",
    "decimals": "govlint.check.kinds.decimals:DecimalsKind",
    "relation": "govlint.check.kinds.relation:RelationKind",
    "rows": "govlint.check.kinds.rows:RowsKind",
    "sections": "govlint.check.kinds.sections:SectionsKind",
    "statement": "govlint.check.kinds.statement:StatementKind",
    "suppression": "govlint.check.kinds.suppression:SuppressionKind",
    "table_labels": "govlint.check.kinds.table_labels:TableLabelsKind",
    "tables": "govlint.check.kinds.tables:TablesKind",
    "template_year": "govlint.check.kinds.template_year:TemplateYearKind",
    "text_quality": "govlint.check.kinds.text_quality:TextQualityKind",
    "empty_section": "govlint.check.kinds.empty_section:EmptySectionKind",
    "mentions": "govlint.check.kinds.mentions:MentionsKind",
    "narrative": "govlint.check.kinds.narrative:NarrativeKind",
    "not_run": "govlint.check.kinds.not_run:NotRunKind",
    "numbered_headings": "govlint.check.kinds.numbered_headings:NumberedHeadingsKind",
    "period": "govlint.check.kinds.period:PeriodKind",
    "placeholders": "govlint.check.kinds.placeholders:PlaceholdersKind",
    "text_length": "govlint.check.kinds.text_length:TextLengthKind",
    "title_position": "govlint.check.kinds.title_position:TitlePositionKind",
    "deadline": "govlint.check.kinds.deadline:DeadlineKind",
    "recycled": "govlint.check.kinds.recycled:RecycledKind",
    "stale_year": "govlint.check.kinds.stale_year:StaleYearKind",
}
