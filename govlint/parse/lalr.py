"""An LALR(1) driver for the report grammar's parse table (:mod:`.report_lalr`, made by Lark).

The report's lines come as tokens of our own (:func:`.grammar.line_tokens`), so of Lark's runtime a parse needs only
the table's shift/reduce loop and the building of each rule's value; importing Lark's stand-alone runtime (3,500
lines, logging and pickle with it) for that was a tenth of a cold ``govlint check``.  This driver does what Lark's
LALR parser does with a transformer and without an intermediate tree: a rule whose name starts with ``_`` (Lark's
inlined rules, its ``x*`` helpers among them) gives its children to the rule that uses it, every other rule's
children go to the transformer's method of its name.  What the grammar does not use of Lark's (``?rule``, aliases,
templates, a rule without a method) is refused when the parser is made, so it is never run differently.
tests/test_report_lalr.py holds it to Lark's own parse of every line sequence.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Callable, Iterable, Mapping, NamedTuple

SHIFT = 0  # Lark's action numbers in the table (the other, 1, reduces)
END = "$END"  # the type of the token after the last


class Token(str):
    """A token: its text, its type (a line kind) and where its line is; the string is the text."""

    __slots__ = ("type", "line", "column")
    type: str
    line: int | None
    column: int | None

    def __new__(cls, type: str, value: str, line: int | None = None, column: int | None = None) -> Token:
        token = str.__new__(cls, value)
        token.type, token.line, token.column = type, line, column
        return token

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"


class _Rule(NamedTuple):
    origin: str
    size: int  # symbols reduced
    kept: tuple[tuple[int, bool], ...]  # (index, spliced: the child is an inlined rule's list) of the children kept
    build: Callable[[list[Any]], Any] | None  # the transformer's method; None: an inlined rule, its value the list
    whole: bool  # every child kept, none spliced: the children are the list


class ParseError(ValueError):
    """A token the grammar does not allow where it stands."""


class Parser:
    """The table of Lark's ``DATA`` and ``MEMO`` (as its stand-alone generator writes them) with a transformer."""

    def __init__(self, data: Mapping[str, Any], memo: Mapping[int, Any], transformer: object) -> None:
        options = data["options"]
        if options["parser"] != "lalr" or options["maybe_placeholders"] or options["propagate_positions"]:
            raise ValueError(f"not a plain LALR table: {options}")
        table = data["parser"]["parser"]
        names: dict[int, str] = table["tokens"]
        rules = {number: _rule(memo[number], transformer, options["keep_all_tokens"]) for number in memo}
        self._states: dict[int, dict[str, tuple[int, Any]]] = {
            state: {names[token]: (action, arg if action == SHIFT else rules[arg["@"]]) for token, (action, arg) in actions.items()}
            for state, actions in table["states"].items()
        }
        self._start: int = table["start_states"]["start"]
        self._end: int = table["end_states"]["start"]

    def parse(self, tokens: Iterable[Token]) -> Any:
        """The start rule's value for these tokens (raises :class:`ParseError` at one the grammar does not allow).

        Each token is shifted after the reductions the table says come first; the end token only
        reduces, until the start rule's value stands alone."""
        table, end = self._states, self._end
        states: list[int] = [self._start]
        values: list[Any] = []
        for token in chain(tokens, (Token(END, ""),)):
            kind = token.type
            while True:
                try:
                    action, arg = table[states[-1]][kind]
                except KeyError:
                    raise ParseError(f"unexpected {kind} {str(token)!r} in state {states[-1]}") from None
                if action == SHIFT:
                    states.append(arg)
                    values.append(token)
                    break
                rule: _Rule = arg
                if rule.size:
                    children = values[-rule.size :]
                    del states[-rule.size :], values[-rule.size :]
                else:
                    children = []
                if rule.whole:  # every child kept as it is (most rules): the slice is the list
                    kept = children
                else:
                    kept = []
                    for index, spliced in rule.kept:
                        if spliced:
                            kept += children[index]
                        else:
                            kept.append(children[index])
                states.append(table[states[-1]][rule.origin][1])
                values.append(kept if rule.build is None else rule.build(kept))
                if kind == END and states[-1] == end:
                    return values[-1]
        return None


def _rule(rule: Mapping[str, Any], transformer: object, keep_all_tokens: bool) -> _Rule:
    """One of ``MEMO``'s rules, as Lark's tree builder treats it (``_``: inlined; a filtered-out token is left out)."""
    origin: str = rule["origin"]["name"]
    options = rule["options"]
    if options["expand1"] or rule["alias"] is not None or options["template_source"] is not None or options["empty_indices"]:
        raise ValueError(f"rule {origin}: ?rules, aliases and templates are not supported")
    keep = keep_all_tokens or options["keep_all_tokens"]
    kept = tuple(
        (index, symbol["__type__"] == "NonTerminal" and symbol["name"].startswith("_"))
        for index, symbol in enumerate(rule["expansion"])
        if keep or not (symbol["__type__"] == "Terminal" and symbol["filter_out"])
    )
    build = None if origin.startswith("_") else getattr(transformer, origin, None)
    if not origin.startswith("_") and build is None:
        raise ValueError(f"rule {origin}: the transformer has no method for it")
    whole = kept == tuple((index, False) for index in range(len(rule["expansion"])))
    return _Rule(origin, len(rule["expansion"]), kept, build, whole)
