"""A cell's kind and value: a plain count of ASCII digits is read without folding its width or
trying the number pattern; every other text the plain way.  Both must give the same answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govlint.model import CellKind
from govlint.normalize import halfwidth
from govlint.parse.lines import _NUMBER, cell_kind, cell_value, parse_number

# ASCII and other digits (full-width, Arabic-Indic, superscript), signs, separators and units.
_CHARACTERS = st.sampled_from("0123456789０１９٣²+-−,.，元万 /")


def _plain_kind(text: str) -> CellKind:
    if not text:
        return CellKind.BLANK
    return CellKind.NUMBER if _NUMBER.match(halfwidth(text)) else CellKind.TEXT


@given(st.one_of(st.text(_CHARACTERS, max_size=20), st.text(st.sampled_from("0123456789"), min_size=1, max_size=20)))
def test_a_cell_is_read_as_the_number_pattern_reads_it(text: str) -> None:
    kind = _plain_kind(text)
    assert getattr(cell_kind, "__wrapped__")(text) is kind  # the function itself, not an earlier cached answer
    assert getattr(cell_value, "__wrapped__")(text) == (kind, parse_number(text) if kind is CellKind.NUMBER else None)
