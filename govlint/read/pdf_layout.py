"""pdfplumber's default table finder and text lines, worked on tuples for pages read by PDFium.

pdfplumber's ``find_tables``, ``extract_text`` (one call per table cell) and
``extract_text_lines`` were most of the time spent on a PDF: they pass dictionaries through
generic helpers and test every pair of crossing points.  This module does the same steps with
pdfplumber's default settings (ruling lines snapped and joined within 3 points, edges shorter
than 3 points dropped, crossings within 3 points; words and lines within 3 points): the same
comparisons, the same float arithmetic in the same order and the same stable sorts, so the
cells, their texts and the text lines come out identical (``tests/test_pdf_paths.py`` holds
both ways to that on the real PDF and on generated ones).  Only the work is indexed: the
crossings of a rule are found by bisection and the edges through a crossing are sets.

Where the port is not used: a page PDFium would not box as pdfminer does (rotated or mirrored
text, a page box off the origin, a coordinate that is not finite) is refused by ``pdf_pdfium``
and the whole file is read by pdfplumber over pdfminer, as is a file PDFium cannot open.  So
every character here is upright (pdfplumber's other reading directions are not ported) and
every position a finite number (clustering relies on it).
pdfplumber's ``Table.rows`` and ``bbox`` are ported as :func:`_rows` and :func:`_bbox` (its
``Table`` object built per table cost as much as finding the cells); its ``cells_to_tables``
(quadratic in a page's cells) is ported as :func:`_grouped`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress, groupby
from operator import attrgetter, itemgetter
from typing import Any, Callable, Iterable, Sequence

Char = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom (top-down, as pdfplumber)
Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]

# pdfplumber's defaults, as floats: sums and comparisons with positions (floats) give what its
# ints give (small whole numbers are exact), and Python runs float-with-float operations faster.
SNAP = 3.0  # pdfplumber's default snap_tolerance
JOIN = 3.0  # join_tolerance
PREFILTER = 1.0  # edge_min_length_prefilter
MIN_EDGE = 3.0  # edge_min_length
CROSSING = 3.0  # intersection_tolerance
X_TOLERANCE = 3.0  # words: gap between characters
Y_TOLERANCE = 3.0  # words and lines: difference of tops
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # expanded, as pdfplumber does
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")


@dataclass
class Edge:
    """A ruling edge as pdfplumber keeps one (its ``x0, top, x1, bottom`` are its identity)."""

    vertical: bool
    x0: float
    top: float
    x1: float
    bottom: float
    width: float
    height: float

    def bbox(self) -> Bbox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Table:
    """A table found on a page: its box, and per row the box and the cells (``None``: covered by a merge)."""

    bbox: Bbox
    rows: list[tuple[Bbox, list[Bbox | None]]]


def line_edge(obj: dict[str, Any]) -> Edge:
    """pdfplumber's ``line_to_edge``: horizontal when its top is its bottom, vertical otherwise (a slanted line too)."""
    return Edge(obj["top"] != obj["bottom"], obj["x0"], obj["top"], obj["x1"], obj["bottom"], obj["width"], obj["height"])


def rect_edges(obj: dict[str, Any]) -> list[Edge]:
    """pdfplumber's ``rect_to_edges``: top, bottom, left and right."""
    x0, top, x1, bottom, width, height = obj["x0"], obj["top"], obj["x1"], obj["bottom"], obj["width"], obj["height"]
    return [Edge(False, x0, top, x1, top, width, 0), Edge(False, x0, top + height, x1, bottom, width, 0),
            Edge(True, x0, top, x0, bottom, 0, height), Edge(True, x1, top, x1, bottom, 0, height)]


def curve_edges(obj: dict[str, Any]) -> list[Edge | None]:
    """pdfplumber's ``curve_to_edges``: one per pair of points, ``None`` where it is neither upright nor level."""
    out: list[Edge | None] = []
    points = obj["pts"]
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if ax == bx or ay == by:
            out.append(Edge(ax == bx, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), abs(ax - bx), abs(ay - by)))
        else:
            out.append(None)
    return out


def prefiltered(edges: Iterable[Edge | None]) -> tuple[list[Edge], list[Edge]]:
    """Vertical and horizontal edges at least :data:`PREFILTER` long, in page order."""
    vertical = [edge for edge in edges if edge is not None and edge.vertical and edge.height >= PREFILTER]
    horizontal = [edge for edge in edges if edge is not None and not edge.vertical and edge.width >= PREFILTER]
    return vertical, horizontal


def find_tables(vertical: list[Edge], horizontal: list[Edge]) -> list[Table]:
    """pdfplumber's ``TableFinder`` with the "lines" strategies: edges snapped, joined and
    filtered, their crossings, the smallest cell at each crossing, cells grouped into tables."""
    edges = _merged(_snapped(vertical, "x0") + _snapped(horizontal, "top"))
    edges = [edge for edge in edges if (edge.height if edge.vertical else edge.width) >= MIN_EDGE]
    return [Table(_bbox(group), _rows(group)) for group in _grouped(_cells(_crossings(edges)))]


def _bbox(cells: Iterable[Bbox]) -> Bbox:
    """The box of ``cells`` (pdfplumber's ``Table.bbox`` and ``CellGroup.bbox``: least x0 and top, greatest x1 and bottom)."""
    x0s, tops, x1s, bottoms = zip(*cells)
    return min(x0s), min(tops), max(x1s), max(bottoms)


def _rows(cells: list[Bbox]) -> list[tuple[Bbox, list[Bbox | None]]]:
    """pdfplumber's ``Table.rows``: per top (in order) the row's box and its cells at every x0
    of the table (``None`` where it has none there; of cells at one place, the last)."""
    lefts = sorted({cell[0] for cell in cells})
    rows = []
    for _, run in groupby(sorted(cells, key=_top_x0), key=_cell_top):
        at = {cell[0]: cell for cell in run}
        row = [at.get(left) for left in lefts]
        rows.append((_bbox([cell for cell in row if cell is not None]), row))  # the cells in row order, as pdfplumber's
    return rows


def _clusters(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, chained while each is within ``tolerance`` of the last."""
    out: dict[float, int] = {}
    group, last = -1, 0.0
    for value in sorted(set(values)):
        if group < 0 or not value <= last + tolerance:
            group += 1
        out[value] = group
        last = value
    return out


def _cluster(items: list[Any], key: Callable[[Any], float], tolerance: float, keep_order: bool = False) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: items grouped by cluster (in cluster order unless ``keep_order``)."""
    if len(items) < 2:
        return [items] if items else []
    values = list(map(key, items))
    if max(values) <= min(values) + tolerance:  # one cluster (values are finite: ``pdf_pdfium`` refuses others)
        return [items]
    ids = _clusters(values, tolerance)
    if keep_order:
        tagged = list(zip(items, map(ids.__getitem__, values)))
        return [[item for item, _ in run] for _, run in groupby(tagged, key=_cluster_of)]
    clusters: list[list[Any]] = [[] for _ in range(max(ids.values()) + 1)]  # each one has a value: none is empty
    for item, value in zip(items, values):
        clusters[ids[value]].append(item)  # in page order within a cluster, as pdfplumber's stable sort keeps them
    return clusters


def _snapped(edges: list[Edge], attr: str) -> list[Edge]:
    """pdfplumber's ``snap_objects``: each cluster of positions moved to its average, moved as ``move_object`` moves."""
    position = attrgetter(attr)  # a float: clustered as pdfplumber clusters it
    out = []
    for cluster in _cluster(edges, position, SNAP):
        average = sum(map(position, cluster)) / len(cluster)  # added in the cluster's order, as pdfplumber adds them
        for edge in cluster:
            value = average - position(edge)
            if attr == "x0":
                out.append(Edge(edge.vertical, edge.x0 + value, edge.top, edge.x1 + value, edge.bottom, edge.width, edge.height))
            else:
                out.append(Edge(edge.vertical, edge.x0, edge.top + value, edge.x1, edge.bottom + value, edge.width, edge.height))
    return out


def _merged(edges: list[Edge]) -> list[Edge]:
    """pdfplumber's ``merge_edges`` after snapping: edges on one line joined when within :data:`JOIN`."""
    def line(edge: Edge) -> tuple[str, float]:
        return ("v", edge.x0) if edge.vertical else ("h", edge.top)

    out: list[Edge] = []
    for (kind, _), group in groupby(sorted(edges, key=line), key=line):
        ordered = sorted(group, key=_edge_top if kind == "v" else _edge_x0)
        joined = [ordered[0]]
        for edge in ordered[1:]:
            last = joined[-1]
            if kind == "h" and edge.x0 <= last.x1 + JOIN:
                if edge.x1 > last.x1:
                    joined[-1] = Edge(False, last.x0, last.top, edge.x1, last.bottom, edge.x1 - last.x0, last.height)
            elif kind == "v" and edge.top <= last.bottom + JOIN:
                if edge.bottom > last.bottom:
                    height = last.height + (edge.bottom - last.bottom)
                    joined[-1] = Edge(True, last.x0, last.top, last.x1, edge.bottom, last.width, height)
            else:
                joined.append(edge)
        out.extend(joined)
    return out


def _crossings(edges: list[Edge]) -> dict[Point, tuple[set[Bbox], set[Bbox]]]:
    """pdfplumber's ``edges_to_intersections``: each point where a vertical edge meets a
    horizontal one within :data:`CROSSING`, with the boxes of the vertical and of the
    horizontal edges through it.  Horizontal edges are found by bisection on their tops
    (with a margin), then put to pdfplumber's own test."""
    horizontal = sorted((edge for edge in edges if not edge.vertical), key=_edge_top)
    tops = [edge.top for edge in horizontal]
    across = [(edge.top, edge.x0, edge.x1, edge.bbox()) for edge in horizontal]  # read once, not at each vertical edge
    out: dict[Point, tuple[set[Bbox], set[Bbox]]] = {}
    for v in (edge for edge in edges if edge.vertical):
        x, top, bottom, box = v.x0, v.top, v.bottom, v.bbox()
        for h_top, h_x0, h_x1, h_box in across[bisect.bisect_left(tops, top - CROSSING - 1):
                                                bisect.bisect_right(tops, bottom + CROSSING + 1)]:
            if top <= h_top + CROSSING and bottom >= h_top - CROSSING and x >= h_x0 - CROSSING and x <= h_x1 + CROSSING:
                point = (x, h_top)
                through = out.get(point)
                if through is None:
                    through = out[point] = (set(), set())
                through[0].add(box)
                through[1].add(h_box)
    return out


def _cells(crossings: dict[Point, tuple[set[Bbox], set[Bbox]]]) -> list[Bbox]:
    """pdfplumber's ``intersections_to_cells``: from each crossing, the first point below and
    the first point to the right (in sorted order) joined to it by an edge, whose corner
    opposite is a crossing joined to both; the points below and to the right are looked up by
    column and row instead of scanned."""
    points = sorted(crossings)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    places = []  # each point's column and row, and its index in each
    for point in points:  # in sorted order: a column's points top-down, a row's left to right
        column, row = columns.setdefault(point[0], []), rows.setdefault(point[1], [])
        places.append((column, len(column), row, len(row)))
        column.append(point)
        row.append(point)
    cells = []
    for point, (column, in_column, row, in_row) in zip(points, places):
        cell = _smallest_cell(point, column, in_column + 1, row, in_row + 1, crossings)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: Point, column: list[Point], below: int, row: list[Point], right: int,
                   crossings: dict[Point, tuple[set[Bbox], set[Bbox]]]) -> Bbox | None:
    """The cell whose top left corner is ``point``, with the points of ``column`` from ``below``
    on under it and those of ``row`` from ``right`` on beside it: points joined by a vertical edge
    share one of its boxes (the first of each crossing's sets), points joined by a horizontal edge
    one of the second."""
    vertical, horizontal = crossings[point]
    for under in column[below:]:
        down, across_under = crossings[under]
        if vertical.isdisjoint(down):
            continue
        for beside in row[right:]:
            up, across = crossings[beside]
            if horizontal.isdisjoint(across):
                continue
            corner = crossings.get((beside[0], under[1]))
            if corner is not None and not corner[0].isdisjoint(up) and not corner[1].isdisjoint(across_under):
                return (point[0], point[1], beside[0], under[1])
    return None


def _grouped(cells: list[Bbox]) -> list[list[Bbox]]:
    """pdfplumber's ``cells_to_tables``: cells sharing a corner, directly or through other
    cells, make one table; tables of two cells or more, by their top left cell.  pdfplumber
    grows each table by passes over every cell left (quadratic); here cells are joined through
    their corners at once.  A table's cells come in page order, not pdfplumber's order of
    joining: its rows and box (all that is read of it) do not depend on the order."""
    parent = list(range(len(cells)))  # a cell's parent is never before it: a root is joined under the cell met
    owner: dict[Point, int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = owner.setdefault(corner, index)
            if other != index:  # a corner met before: its cell's table and this one are one
                while parent[other] != other:  # its root (the path halved on the way)
                    parent[other] = other = parent[parent[other]]
                parent[other] = index  # only cells up to this one were joined: the root is not past it
    for index in range(len(cells) - 1, -1, -1):  # each parent made the cell's root, from the last cell back:
        parent[index] = parent[parent[index]]  # its parent (after it) is made its own root first
    groups: dict[int, list[Bbox]] = {}
    for root, cell in zip(parent, cells):
        groups.setdefault(root, []).append(cell)
    return sorted((group for group in groups.values() if len(group) > 1), key=lambda group: min((c[1], c[0]) for c in group))


Word = tuple[str, list[Char], float]  # text, characters, top


def _words(chars: Sequence[Char]) -> list[Word]:
    """pdfplumber's ``WordExtractor`` with its defaults: characters clustered into lines by
    their tops, each line left to right, cut into words at spaces and gaps; a word's text has
    its ligatures expanded."""
    words: list[Word] = []
    for line in _cluster(list(chars), _char_top, Y_TOLERANCE):
        words += _line_words(sorted(line, key=_char_x0) if len(line) > 1 else line)
    return words


def _line_words(line: list[Char]) -> list[Word]:
    """The words of one line of characters, sorted left to right (every caller sorts by x0, so
    pdfplumber's cut where a character starts left of the last one never happens: not tested).
    A word is a run of the line, taken as a slice where it ends."""
    words: list[Word] = []
    start = 0  # where the word being read begins (``index``: none yet)
    last_x1 = last_top = 0.0  # of the word's last character
    for index, (text, x0, top, x1, _) in enumerate(line):
        if not text or text.isspace():
            if start < index:
                words.append(_word(line[start:index]))
            if not text:  # pdfplumber's ``text in split_at_punctuation`` with no punctuation given: a word alone
                words.append(_word(line[index : index + 1]))
            start = index + 1
            continue
        if start < index and (x0 > last_x1 + X_TOLERANCE or abs(top - last_top) > Y_TOLERANCE):
            words.append(_word(line[start:index]))
            start = index
        last_x1, last_top = x1, top
    if start < len(line):
        words.append(_word(line[start:]))
    return words


def _word(chars: list[Char]) -> Word:
    """A word of ``chars``: their texts, ligatures expanded (looked up one by one only where one is), and top."""
    text = "".join(map(_char_text, chars))
    if _LIGATURE.search(text):
        text = "".join([LIGATURES.get(char[0], char[0]) for char in chars])
    return text, chars, min(map(_char_top, chars))


# Sort and group keys as itemgetters (faster than functions): a character's text, x0 and top, a
# word's top, an item's cluster (tagged), a character's centre's x and place in page order (centres).
_char_text, _char_x0, _char_top, _word_top = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(2)
_cluster_of = itemgetter(1)
_centre_y, _centre_x, _page_order = itemgetter(0), itemgetter(1), itemgetter(2)
_cell_top, _top_x0 = itemgetter(1), itemgetter(1, 0)  # a cell box's top; its top, then x0 (pdfplumber's row order)
_edge_top, _edge_x0 = attrgetter("top"), attrgetter("x0")  # an edge's top and x0


def cell_text(chars: Sequence[Char]) -> str:
    """pdfplumber's ``extract_text`` (no layout) of a cell's characters: words, lines of words by their tops."""
    if not chars:
        return ""
    if len(chars) == 1:  # half the cells of a report (a digit): its one word, or none if it is a space
        text = chars[0][0]
        return "" if text.isspace() else LIGATURES.get(text, text)
    tops = [char[2] for char in chars]
    if max(tops) <= min(tops) + Y_TOLERANCE:  # one line of characters (most cells), so one of words: their tops are theirs
        return " ".join([word[0] for word in _line_words(sorted(chars, key=_char_x0))])
    lines = _cluster(_words(chars), _word_top, Y_TOLERANCE)
    return "\n".join(" ".join([word[0] for word in line]) for line in lines)


def text_lines(chars: Sequence[Char]) -> list[tuple[str, float, float, float, float]]:
    """pdfplumber's ``extract_text_lines(return_chars=False)`` of a page's characters: per line
    its text and the box of its characters (``text, x0, top, x1, bottom``), lines blank
    after stripping left out."""
    out = []
    for line in _cluster(_words(chars), _word_top, Y_TOLERANCE, keep_order=True):
        text = " ".join([word[0] for word in line]).strip(" ")
        if not text.strip():
            continue
        _, x0s, tops, x1s, bottoms = zip(*[char for word in line for char in word[1] if char[0]])  # a ligature expands to text
        out.append((text, min(x0s), min(tops), max(x1s), max(bottoms)))
    return out


Centre = tuple[float, float, int, Char]  # a character's centre (y, x), its place in page order, itself
Centred = tuple[list[Centre], list[float]]  # centres by height, and their heights (to bisect)


def centred(chars: Sequence[Char]) -> Centred:
    """The characters' centres sorted by height (ties in any order: whatever is taken by them is
    taken by value, then put in page order), with the heights apart to bisect: made once for a
    page, for its cells (:func:`table_cells`) and for what is outside its tables (:func:`outside`)."""
    # halved by 2.0, not 2: the same halves, float by float (quicker)
    centres = [((char[2] + char[4]) / 2.0, (char[1] + char[3]) / 2.0, index, char) for index, char in enumerate(chars)]
    centres.sort(key=_centre_y)
    return centres, [centre[0] for centre in centres]


def outside(chars: Sequence[Char], boxes: list[Bbox], by_centre: Centred) -> list[Char]:
    """The characters whose centre is in none of ``boxes`` (edges included), in page order: those
    in a box found by bisecting the heights of ``by_centre`` (``centred(chars)``), not by testing each."""
    centres, heights = by_centre
    keep = bytearray(b"\x01") * len(chars)
    for x0, top, x1, bottom in boxes:
        for _, x, index, _ in centres[bisect.bisect_left(heights, top) : bisect.bisect_right(heights, bottom)]:
            if x0 <= x <= x1:
                keep[index] = 0
    return list(compress(chars, keep))


def table_cells(tables: list[Table], by_centre: Centred) -> list[list[list[str | None]]]:
    """pdfplumber's ``Table.extract()`` of each of a page's tables: a character belongs to the
    row, then the cell, its centre is in; a cell's characters keep page order.  The page's characters
    are sorted by the height of their centre once (``by_centre``: :func:`centred`) and found
    through bisection, a row's then across by the centre's x."""
    centres, heights = by_centre
    out = []
    for table in tables:
        rows = []
        for (x0, top, x1, bottom), cells in table.rows:
            found = centres[bisect.bisect_left(heights, top) : bisect.bisect_left(heights, bottom)]
            across = sorted([item for item in found if x0 <= item[1] < x1], key=_centre_x)
            lefts = [item[1] for item in across]
            texts: list[str | None] = []
            for cell in cells:
                if cell is None:
                    texts.append(None)
                    continue
                inside = across[bisect.bisect_left(lefts, cell[0]) : bisect.bisect_left(lefts, cell[2])]
                if cell[1] > top or cell[3] < bottom:  # a cell not as high as its row (merged down): the characters within it
                    inside = [item for item in inside if cell[1] <= item[0] < cell[3]]
                inside.sort(key=_page_order)  # a list of its own (a slice, or filtered)
                texts.append(cell_text([item[3] for item in inside]))
            rows.append(texts)
        out.append(rows)
    return out
