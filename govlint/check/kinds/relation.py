"""``relation``: equalities or inequalities over table cells, for each row or column.

    check:
      kind: relation
      table: t3
      for_each: {col: "*"}            # "*" = every column of the table (or every data row for a row var)
      terms: {done: "t3[r3_7_total][$col]"}   # named terms: usable in assert and as {done} in the message
      assert: "done == sum(t3[@disposal][$col])"   # @disposal: a row group of the template

The diagnostic points at the first cell of the left side: write totals on the left.  When a
relation joins several comparisons (chained or with 且/and), the first that fails is reported.
Placeholders: ``left``, ``right`` (each side's value, scaled as written: ``* 10`` included),
``left_value``, ``right_value`` (each side without its constant factor: the ``a`` of ``a * 10``),
``percent`` (left_value as a percentage of right_value), ``left_cells``, ``right_cells`` (the numbers
the user sees in those cells, 「4」 or 「3+5」), ``op``, ``table``, ``row``, ``column``,
``difference``, ``previous`` (last year's report, for a relation naming ``prev.`` cells: it runs
only when one is given, and only when last year's template has those cells under the same keys;
they are named in the message, not pointed at), and each named term.  A divisor that is 0 in a report makes the comparison
unjudgeable there: one note (info) says so, not a finding.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import product
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from ...diagnostics import Evidence, Location
from ...model import Cell, Report
from ...templates import TableSpec, Template
from ..base import CheckContext, Finding, row_name
from ..evaluate import COMPARATORS, Bindings, Compiled, Grid, Keys, Used, ZeroDivisor, compile_term, number_grid, shown
from ..expr import (
    PREVIOUS,
    Binary,
    CellRef,
    CellSum,
    Comparison,
    Const,
    Named,
    Neg,
    Relation,
    Term,
    Value,
    cells_of,
    compile_relation,
    names_previous,
    previous_cells,
    require_cells,
    star_axis,
    unscaled,
    walk,
)
from ..fixes import solve

GridKey = tuple[str, str, str]
SignedCells = tuple[tuple[int, GridKey], ...]  # a sum of cells: each cell's key, added (1) or taken away (-1)
PLACEHOLDERS = (
    "left", "right", "left_value", "right_value", "percent", "left_cells", "right_cells", "op", "difference", "table", "row", "column",
    "previous",
)


# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Prepared(NamedTuple):
    table: str
    relation: Relation
    for_each: tuple[tuple[str, Any], ...]
    plans: dict[str, Plan]  # per template id, built once


class Check(NamedTuple):
    """One comparison, compiled for one template (each side also without its constant factor,
    for the message's ``left_value`` and ``right_value``: the side itself when it has none)."""

    comparison: Comparison
    left: Compiled
    right: Compiled
    holds: Callable[[Value, Value], bool]
    left_value: Compiled
    right_value: Compiled
    linear: bool  # both sides are sums of cells times constants (see :func:`_linear`)
    # For a linear comparison, per binding of the rule's variables: each cell's weight in left
    # minus right (see :func:`_weights`), the same for every report of the template; filled when first asked.
    weights: dict[tuple[str, ...], Mapping[GridKey, Value]]
    # When both sides are sums and differences of cells (most relations), per binding of the plan:
    # each side's cells with their signs, for :func:`_summed` (None: the sides are evaluated).
    summed: tuple[tuple[SignedCells, SignedCells], ...] | None


class Plan(NamedTuple):
    """What a relation needs of one template: its row groups, every binding to try, its comparisons compiled."""

    specs: Mapping[str, TableSpec]
    lists: Mapping[str, Any]
    bindings: tuple[Mapping[str, str], ...]
    checks: tuple[Check, ...]
    named: tuple[tuple[str, Compiled], ...]  # the relation's named terms for the message, unscaled

    def cell_weights(self, check: Check, bindings: Bindings) -> Mapping[GridKey, Value]:
        """What left minus right of a linear ``check`` gains when each cell grows by one."""
        values = tuple(bindings.values())
        found = check.weights.get(values)
        if found is None:
            keys = Keys(self.specs, self.lists)
            found = check.weights[values] = _weights(check.comparison.right, keys, bindings, -1, _weights(check.comparison.left, keys, bindings, 1, {}))
        return found


class RelationKind:
    name = "relation"
    placeholders = PLACEHOLDERS
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "table", "assert"],
        "properties": {
            "kind": {"const": "relation"},
            "table": {"type": "string", "x-refers": "table"},
            "assert": {"type": "string", "x-refers": "relation"},
            "terms": {
                "type": "object",
                "x-refers": "terms",
                "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "not": {"enum": list(PLACEHOLDERS) + ["sum", "and"]}},
                "additionalProperties": {"type": "string"},
            },
            "for_each": {
                "type": "object",
                "x-refers": "for_each",
                "additionalProperties": {"oneOf": [{"const": "*"}, {"type": "array", "items": {"type": "string"}}, {"type": "string", "pattern": "^@"}]},
            },
        },
    }

    @staticmethod
    def placeholders_for(check: Mapping[str, Any]) -> tuple[str, ...]:
        """The message placeholders of one rule: the kind's own and the rule's named terms."""
        return PLACEHOLDERS + tuple(check.get("terms", {}))

    def prepare(self, params: Mapping[str, Any]) -> Prepared:
        terms = params.get("terms", {})
        relation = compile_relation(params["assert"], terms)
        require_cells(relation)
        return Prepared(params["table"], relation, tuple(params.get("for_each", {}).items()), {})

    @staticmethod
    def needs_previous(prepared: Prepared) -> bool:
        return names_previous(prepared.relation)

    @staticmethod
    def compares(prepared: Prepared, template: Template, previous: Template) -> bool:
        """Whether last year's template has every ``prev.`` cell the relation names, under the same
        keys as this year's: only then do both years measure them the same way."""
        for cell in previous_cells(prepared.relation):
            mine, theirs = template.table(cell.table), previous.table(cell.table)
            if mine is None or theirs is None:
                return False
            for key, axis in ((cell.row, "rows"), (cell.column, "columns")):
                ours, last = _keys(mine, axis), _keys(theirs, axis)
                if (ours != last) if key.variable else (key.name not in last):
                    return False
        return True

    def run(self, context: CheckContext, prepared: Prepared) -> Iterable[Finding]:
        template = context.template
        if template is None:
            return
        plan = prepared.plans.get(template.id)
        if plan is None:
            plan = prepared.plans[template.id] = self.plan(prepared, template)
        grid = context.remember("grid", lambda: number_grid(context.report))
        last = context.previous
        if last is not None and names_previous(prepared.relation):
            here = grid
            grid = context.remember("grid+previous", lambda: {**here, **number_grid(last, PREVIOUS)})
        noted = False
        for index, bindings in enumerate(plan.bindings):
            for check in plan.checks:
                try:
                    if check.summed is not None:
                        left_cells, right_cells = check.summed[index]
                        left, right = _summed(grid, left_cells), _summed(grid, right_cells)
                    else:
                        left, right = check.left(grid, bindings, None, "left"), check.right(grid, bindings, None, "right")
                except ZeroDivisor as zero:
                    if not noted:  # said once per rule and report
                        noted = True
                        yield _zero_note(context, plan, grid, bindings, prepared.relation, zero)
                    continue
                if left is None or right is None or check.holds(left, right):
                    continue  # holds, or not judged: a missing input is reported by the row and cell rules
                finding = self._finding(plan, grid, check, bindings, left, right, last)
                if finding is not None:
                    yield finding
                break  # one finding per binding: the first comparison that fails

    @staticmethod
    def plan(prepared: Prepared, template: Template) -> Plan:
        """The relation compiled for one template (also what a rule test uses to say why it stayed silent)."""
        lists = template.group_rows()
        specs = {t.key: t for t in template.tables}
        table = specs.get(prepared.table)
        domains = []
        for name, spec in prepared.for_each:
            if isinstance(spec, list):
                domains.append(spec)
            elif spec.startswith("@"):
                domains.append(list(lists.get(spec[1:], ())))
            elif table is None:
                domains.append([])
            else:  # "*": variables named row… range over data rows, others over columns
                domains.append([r.key for r in table.data_rows] if star_axis(name) == "rows" else [c.key for c in table.columns])
        names = [name for name, _ in prepared.for_each]
        bindings = tuple(dict(zip(names, combo)) for combo in product(*domains))
        def compiled(term: Term) -> Compiled:
            return compile_term(term, specs, lists)

        def bare(term: Term, whole: Compiled) -> Compiled:
            """The side without its constant factor: the side itself when it has none."""
            inner = unscaled(term)
            return whole if inner is term else compiled(inner)

        checks = []
        keys = Keys(specs, lists)
        for c in prepared.relation.comparisons:
            left, right = compiled(c.left), compiled(c.right)
            checks.append(Check(
                c, left, right, COMPARATORS[c.op], bare(c.left, left), bare(c.right, right), _linear(c.left) and _linear(c.right), {},
                _summed_sides(c, keys, bindings),
            ))
        named = tuple((name, compiled(unscaled(term))) for name, term in _named_terms(prepared.relation))
        return Plan(specs, lists, bindings, tuple(checks), named)

    @staticmethod
    def _finding(
        plan: Plan, grid: Grid, check: Check, bindings: Mapping[str, str], left: Any, right: Any, last: Report | None = None,
    ) -> Finding | None:
        used: list[Used] = []  # evaluate again, this time keeping the evidence
        check.left(grid, bindings, used, "left")
        check.right(grid, bindings, used, "right")
        here = [u for u in used if not u.previous]  # last year's cells are in another file: named, not pointed at
        if not here:
            return None  # only empty sums took part: there is no cell to point at
        anchor = here[0]
        column = next((c for c in anchor.table.columns if c.key == anchor.cell.column), None)
        comparison = check.comparison
        fits = _fits(plan, grid, check, bindings, used, left, right) if comparison.op == "==" else {}
        evidence = tuple(
            Evidence(u.side, u.cell.span, u.cell.raw, u.cell.value, u.table.key, u.row.key, u.cell.column, fits.get(_key(u)))
            for u in here
        )
        expected: Any = shown(right) if comparison.op == "==" else f"{comparison.op} {shown(right)}"
        left_value = left if check.left_value is check.left else _value(check.left_value, grid, bindings)
        right_value = right if check.right_value is check.right else _value(check.right_value, grid, bindings)
        named = {}
        for name, term in plan.named:
            value = _value(term, grid, bindings)
            named[name] = "?" if value is None else shown(value)
        return Finding(
            span=anchor.cell.span,
            values={
                **named,
                "left": shown(left),
                "right": shown(right),
                "left_value": "?" if left_value is None else shown(left_value),
                "right_value": "?" if right_value is None else shown(right_value),
                "percent": "?" if not right_value or left_value is None else shown(_percent(left_value, right_value)),
                "op": comparison.op,
                "table": anchor.table.title,
                "row": row_name(anchor.row),
                "column": column.label if column else anchor.cell.column,
                "difference": shown(left - right),
                "left_cells": _cells(used, "left"),
                "right_cells": _cells(used, "right"),
                "previous": f"{last.year.value}年报告 {last.path}" if last is not None else "",
            },
            location=Location(section=anchor.table.section, table=anchor.table.key, row=anchor.row.key, column=anchor.cell.column),
            expected=expected,
            actual=shown(left),
            evidence=evidence,
        )


def _fits(plan: Plan, grid: Grid, check: Check, bindings: Mapping[str, str], used: list[Used], left: Value, right: Value) -> dict[GridKey, int | Decimal | None]:
    """For each cell of a broken equality, the value it alone would need for the relation to hold.

    The value is read off the equality's change when the cell grows by one (its sign and scale
    in the relation), then checked: with it every comparison of the relation must hold, so a
    cell the relation divides by (not linear in it) gets a value only when that value is right
    (an integer read off a comparison that is linear makes that one hold exactly: see :func:`_linear`).
    A side that does not read the cell keeps its value: an evaluation reads nothing but the
    cells it records (``used``), so only the side or sides that read it are evaluated again.
    """
    out: dict[GridKey, int | Decimal | None] = {}
    known = _Known(check, left, right, {side: {_key(u) for u in used if u.side == side and not u.previous} for side in ("left", "right")})
    difference = left - right
    trial = dict(grid)  # the grid with one cell changed at a time, then put back (the report's grid is not touched)
    weights = plan.cell_weights(check, bindings) if check.linear else None
    value_types: dict[int, dict[str | None, str]] = {}  # per table of the cells: its columns' types
    for u in used:
        key = _key(u)
        if key in out or u.previous or u.cell.value is None:
            continue
        if weights is not None:
            weight: Value | None = weights.get(key, 0)
        else:
            nudged = known.difference(_with(trial, u, u.cell.value + 1), bindings, key)
            weight = None if nudged is None else nudged - difference
        types = value_types.get(id(u.table))
        if types is None:  # the first column of a key, as a search from the left finds it
            types = value_types[id(u.table)] = {c.key: c.value_type for c in reversed(u.table.columns)}
        value = solve(u.cell.value, difference, weight, types.get(u.cell.column, "count"))
        # An integer solved from a linear comparison makes it hold exactly: only the relation's other comparisons are checked.
        solved = check if check.linear and type(value) is int else None
        if value is not None and (solved is None or len(plan.checks) > 1):
            value = value if _all_hold(plan, _with(trial, u, value), bindings, known, key, solved) else None
        out[key] = value
        trial[key] = grid[key]
    return out


class _Known(NamedTuple):
    """A comparison's sides as the report has them, and the cells each side reads."""

    check: Check
    left: Value
    right: Value
    reads: Mapping[str, set[GridKey]]

    def sides(self, grid: Grid, bindings: Mapping[str, str], changed: GridKey) -> tuple[Value | None, Value | None]:
        """Both sides with ``changed`` as ``grid`` has it (may raise :class:`ZeroDivisor`)."""
        check = self.check
        left = check.left(grid, bindings, None, "") if changed in self.reads["left"] else self.left
        right = check.right(grid, bindings, None, "") if changed in self.reads["right"] else self.right
        return left, right

    def difference(self, grid: Grid, bindings: Mapping[str, str], changed: GridKey) -> Value | None:
        try:
            left, right = self.sides(grid, bindings, changed)
        except ZeroDivisor:
            return None
        return None if left is None or right is None else left - right


def _key(u: Used) -> GridKey:
    return (u.table.key or "", u.row.key or "", u.cell.column or "")


def _with(trial: Grid, u: Used, value: int | Decimal) -> Grid:
    """``trial`` with the one cell of ``u`` holding ``value``."""
    cell = u.cell
    trial[_key(u)] = (u.table, u.row, Cell(cell.raw, value, cell.kind, cell.span, cell.column))
    return trial


def _all_hold(plan: Plan, grid: Grid, bindings: Mapping[str, str], known: _Known, changed: GridKey, solved: Check | None = None) -> bool:
    """Whether every comparison holds on ``grid`` (``solved``: one known to hold, not evaluated again)."""
    for check in plan.checks:
        if check is solved:
            continue
        try:
            if check is known.check:
                left, right = known.sides(grid, bindings, changed)
            else:
                left, right = check.left(grid, bindings, None, ""), check.right(grid, bindings, None, "")
        except ZeroDivisor:
            return False
        if left is None or right is None or not check.holds(left, right):
            return False
    return True


def _linear(term: Term) -> bool:
    """Whether ``term`` is a sum of cells times constants.  Then each cell's weight in it, read off
    one step by :func:`_fits`, is exact for any step, and the value :func:`solve` gives a cell
    makes the comparison hold without evaluating it again (when the value is an integer: a
    decimal one passes through ``Decimal`` arithmetic, of bounded precision, so it is checked)."""
    if isinstance(term, (CellRef, CellSum, Const)):
        return True
    if isinstance(term, (Neg, Named)):
        return _linear(term.term)
    assert isinstance(term, Binary)
    if term.op == "*" and not (isinstance(term.left, Const) or isinstance(term.right, Const)):
        return False
    if term.op == "/" and not isinstance(term.right, Const):
        return False
    return _linear(term.left) and _linear(term.right)


def _weights(term: Term, keys: Keys, bindings: Bindings, scale: Value, into: dict[GridKey, Value]) -> dict[GridKey, Value]:
    """Add to ``into`` each cell's weight in the linear ``term`` times ``scale``: what the term
    gains when that cell grows by one, read off the term once instead of evaluating it again for
    each cell (a sum of twenty cells was evaluated twenty times per finding).  Exact: the
    evaluator's arithmetic on integers and fractions is exact too."""
    if isinstance(term, CellRef):
        key = _ref_key(term, bindings)
        into[key] = into.get(key, 0) + scale
    elif isinstance(term, CellSum):
        for key in _sum_keys(term, keys, bindings):
            into[key] = into.get(key, 0) + scale
    elif isinstance(term, (Neg, Named)):
        _weights(term.term, keys, bindings, -scale if isinstance(term, Neg) else scale, into)
    elif isinstance(term, Binary):
        if term.op in "+-":
            _weights(term.left, keys, bindings, scale, into)
            _weights(term.right, keys, bindings, scale if term.op == "+" else -scale, into)
        elif isinstance(term.right, Const):  # a * 2, a / 2 (linear: see :func:`_linear`)
            factor = term.right.value if term.op == "*" else Fraction(1) / term.right.value
            _weights(term.left, keys, bindings, _exact(scale * factor), into)
        elif isinstance(term.left, Const):  # 2 * a
            _weights(term.right, keys, bindings, _exact(scale * term.left.value), into)
    return into


def _ref_key(term: CellRef, bindings: Bindings) -> GridKey:
    """The grid key of a cell reference for ``bindings``, as the evaluator makes it."""
    row = bindings.get(term.row.name, "") if term.row.variable else term.row.name
    column = bindings.get(term.column.name, "") if term.column.variable else term.column.name
    return (term.grid_table, row, column)


def _sum_keys(term: CellSum, keys: Keys, bindings: Bindings) -> Iterator[GridKey]:
    """The grid keys of a sum of cells for ``bindings``, row by row, as the evaluator reads them."""
    columns = keys.keys(term.table, term.columns, bindings, "columns")
    return ((term.table, row, column) for row in keys.keys(term.table, term.rows, bindings, "rows") for column in columns)


def _signed_cells(term: Term, keys: Keys, bindings: Bindings, sign: int = 1) -> SignedCells | None:
    """The cells of a term that only adds and takes away cells, each with its sign, as the
    evaluator reads them for ``bindings``; None for any other term (a constant, a product)."""
    if isinstance(term, CellRef):
        return ((sign, _ref_key(term, bindings)),)
    if isinstance(term, CellSum):
        return tuple((sign, key) for key in _sum_keys(term, keys, bindings))
    if isinstance(term, Named):
        return _signed_cells(term.term, keys, bindings, sign)
    if isinstance(term, Binary) and term.op in "+-":
        left = _signed_cells(term.left, keys, bindings, sign)
        right = _signed_cells(term.right, keys, bindings, sign if term.op == "+" else -sign)
        return None if left is None or right is None else left + right
    return None


def _summed_sides(comparison: Comparison, keys: Keys, bindings: tuple[Bindings, ...]) -> tuple[tuple[SignedCells, SignedCells], ...] | None:
    """Both sides' cells with their signs for each binding, when both only add and take away cells."""
    sides = []
    for binding in bindings:
        left, right = _signed_cells(comparison.left, keys, binding), _signed_cells(comparison.right, keys, binding)
        if left is None or right is None:
            return None  # a constant or a product: the same for every binding
        sides.append((left, right))
    return tuple(sides)


def _summed(grid: Grid, cells: SignedCells) -> Value | None:
    """A sum of cells (:func:`_signed_cells`) on the report's grid, None when one is not a usable
    number: what the compiled term gives, in one loop over keys worked out once per template
    instead of a call per cell that makes its key for each report."""
    result: Value = 0
    for sign, key in cells:
        found = grid.get(key)
        if found is None:
            return None
        value = found[2].value
        result += sign * (value if type(value) is int else Fraction(value))  # type: ignore[arg-type]  # decimals exactly
    return result


def _exact(value: Value) -> Value:
    """A fraction that is whole as an integer, as the evaluator gives it."""
    return value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value


def _value(term: Compiled, grid: Grid, bindings: Mapping[str, str]) -> Value | None:
    """A term's value for a message (the unscaled side, a named term); None when it cannot be had."""
    try:
        return term(grid, bindings, None, "")
    except ZeroDivisor:
        return None


def _keys(table: TableSpec, axis: str) -> set[str]:
    return {r.key for r in table.data_rows} if axis == "rows" else {c.key for c in table.columns}


def _percent(part: Value, whole: Value) -> Value:
    return Fraction(part) * 100 / whole


def _named_terms(relation: Relation) -> list[tuple[str, Term]]:
    """Each named term the relation uses, once, in the order written."""
    found: dict[str, Term] = {}
    for comparison in relation.comparisons:
        for side in (comparison.left, comparison.right):
            for node in walk(side):
                if isinstance(node, Named):
                    found.setdefault(node.name, node.term)
    return list(found.items())


def _zero_note(context: CheckContext, plan: Plan, grid: Grid, bindings: Mapping[str, str], relation: Relation, zero: ZeroDivisor) -> Finding:
    """The one note of a relation that a zero divisor left unjudged, at the divisor's first cell."""
    used: list[Used] = []
    compile_term(zero.divisor, plan.specs, plan.lists)(grid, bindings, used, "divisor")
    divisor = " + ".join(c.text() for c in cells_of(zero.divisor)) or "0"
    span = used[0].cell.span if used else context.end_span()
    return Finding(
        span=span,
        note=f"除数 {divisor} 在本报告中为 0，关系式「{relation.text}」无法判断，未检查 / the divisor is 0 in this report: the relation was not checked",
        evidence=tuple(Evidence("divisor", u.cell.span, u.cell.raw, u.cell.value, u.table.key, u.row.key, u.cell.column) for u in used),
    )


def _cells(used: list[Used], side: str) -> str:
    """The numbers of one side as written in the report, so a message never shows a scaled value."""
    return "+".join(u.cell.raw for u in used if u.side == side)
