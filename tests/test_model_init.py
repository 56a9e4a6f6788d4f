"""Cell and Row write their ``__init__`` out (they are made by the thousand): it must take the
dataclass's fields, in order, with their defaults, and set every slot, as the generated one would."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from govlint.model import Cell, CellKind, LabelMatch, Row, RowStatus, Span


@pytest.mark.parametrize("cls", [Cell, Row])
def test_the_written_out_init_takes_the_fields_in_order_with_their_defaults(cls):
    fields = [field for field in dataclasses.fields(cls) if field.init]
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]


def test_every_slot_is_set_and_the_instances_stay_frozen_and_comparable():
    span = Span(3, 5, 8)
    cell = Cell("12", 12, CellKind.NUMBER, span, "count")
    row = Row("（一）自然人", Span(3, 1, 20), (cell, Cell("", None, CellKind.BLANK, span)), "natural",
              "（一）自然人", LabelMatch.EXACT, RowStatus.SHORT, 2)
    for instance in (cell, row):
        for field in dataclasses.fields(instance):
            getattr(instance, field.name)  # an unset slot raises AttributeError
        with pytest.raises(dataclasses.FrozenInstanceError):
            instance.span = span  # type: ignore[misc]
    assert row.cell("count") is cell and row.cell("other") is None
    assert dataclasses.replace(row, status=RowStatus.OK) == Row(row.label, row.span, row.cells, row.key, row.template_label,
                                                                row.label_match, RowStatus.OK, 2)
    assert cell == Cell("12", 12, CellKind.NUMBER, span, "count") and hash(cell) == hash(Cell("12", 12, CellKind.NUMBER, span, "count"))
    assert Row("x", span, ()).label_match is LabelMatch.UNMATCHED and Cell("", None, CellKind.BLANK, span).column is None


def test_a_rows_cells_by_column_are_made_when_first_asked_for_and_survive_pickling():
    """Row keeps its cells by column only once ``cell()`` is asked (most rows never are): a row
    pickled before or after that (a batch that pairs keeps models) answers the same."""
    import pickle

    span = Span(3, 5, 8)
    cells = (Cell("1", 1, CellKind.NUMBER, span, "a"), Cell("2", 2, CellKind.NUMBER, span, "b"), Cell("x", None, CellKind.TEXT, span))
    fresh = Row("（一）自然人", span, cells, "natural")
    kept = pickle.loads(pickle.dumps(fresh))
    assert kept == fresh and kept.cell("b") == cells[1] and kept.cell("x") is None
    assert fresh.cell("a") is cells[0] and fresh.cell("b") is cells[1] and fresh.cell("c") is None
    asked = pickle.loads(pickle.dumps(fresh))
    assert asked == fresh and asked.cell("a") == cells[0]
