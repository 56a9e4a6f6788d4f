"""The parser's per-object memo and its token runs: bounded, and the same tables as line by line."""

from __future__ import annotations

from govlint.parse import parse_text
from govlint.parse.grammar import line_tokens
from govlint.parse.lines import Line
from govlint.parse.memo import MAX_ENTRIES, ByIdentity
from govlint.parse.tree import indexes


def test_a_memo_makes_once_per_object_and_forgets_the_oldest_past_its_bound():
    made: list[tuple[int, ...]] = []
    memo = ByIdentity(lambda key: made.append(key) or len(made))
    keys = [tuple([n]) for n in range(MAX_ENTRIES + 3)]
    first = memo(keys[0])
    assert memo(keys[0]) == first and len(made) == 1
    assert memo(tuple([0])) == 2  # an equal but other object is another entry
    for key in keys:
        memo(key)
    assert len(memo) == MAX_ENTRIES


def test_runs_of_rows_of_headers_and_of_text_are_one_token_each():
    kinds = ["TITLE", "HEADER", "HEADER", "ROW", "ROWLABEL", "ROW", "TEXT", "TEXT", "ROW"]
    lines = [Line(kind, n + 1, "x", 1) for n, kind in enumerate(kinds)]
    tokens = list(line_tokens(lines))
    assert [(t.type, str(t)) for t in tokens] == [("TITLE", "0"), ("HEADER", "1:2"), ("ROW", "3:5"), ("TEXT", "6:7"), ("ROW", "8")]
    assert list(indexes("3:5")) == [3, 4, 5] and list(indexes("8")) == [8]


def test_a_header_after_rows_still_starts_the_next_table():
    text = (
        "某县人民政府2023年政府信息公开工作年度报告\n"
        "二、主动公开政府信息情况\n"
        "第二十条第（一）项\n"
        "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        "规章 0 0 0\n"
        "规范性文件 1 0 3\n"
        "第二十条第（五）项\n"
        "信息内容 本年处理决定数量\n"
        "行政许可 5\n"
    )
    tables = parse_text(text).tables
    assert [len(t.rows) for t in tables] == [2, 1]
    assert [len(t.header) for t in tables] == [1, 1]


def test_a_run_of_text_lines_is_a_paragraph_each():
    text = "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n第一段。\n第二段。\n第三段。\n（一）主动公开\n第四段。\n"
    section = parse_text(text).sections[0]
    assert [type(b).__name__ for b in section.blocks] == ["Paragraph"] * 3 + ["Heading", "Paragraph"]
    assert [p.span.line for p in section.paragraphs] == [3, 4, 5, 7]


def test_header_lines_are_remembered_by_text_up_to_a_bound():
    from govlint.parse.detect import _header_keys, _label_keys

    short = Line("HEADER", 3, "信息内容 本年制发件数", 5)
    long = Line("HEADER", 4, " ".join(["本年制发件数"] * 60), 1)
    assert len(long.text) > _header_keys.longest
    before = _header_keys.cache_info().currsize
    assert _label_keys(short) == [("信息内容", 5, 4), ("本年制发件数", 10, 6)]
    assert _label_keys(short) == _label_keys(short._replace(number=9))
    assert len(_label_keys(long)) == 60 and _header_keys.cache_info().currsize <= before + 1
    assert _header_keys.cache_info().maxsize is not None


def test_a_line_is_classified_once_per_text_and_keeps_its_own_number():
    from govlint.parse import _vocabulary
    from govlint.parse.lines import MAX_HEADING, _classified, classify
    from govlint.plugin.manager import resolve_plugins

    vocab = _vocabulary(resolve_plugins(None).templates)
    row = f"（一）予以公开 {id(vocab) % 97} 873 1 0 118 235 1393"
    before = _classified.cache_info()
    first, again = classify(7, row, "s3", vocab), classify(42, row, "s3", vocab)
    assert first is not None and again is not None and first.kind == "ROW"
    assert (first.number, again.number, first.span.line) == (7, 42, 7)
    assert first._replace(number=42) == again  # the same class and cells, numbered where each stands
    after = _classified.cache_info()
    assert (after.misses, after.hits) == (before.misses + 1, before.hits + 1)
    assert classify(7, row, None, vocab) == first  # before any heading tables may stand too: the same entry
    assert classify(7, row, "s1", vocab) != first  # where no table stands, another
    prose, kept = "本年度" * MAX_HEADING, _classified.cache_info()
    assert classify(1, prose, "s3", vocab) == classify(1, prose, "s3", vocab)
    now = _classified.cache_info()
    assert (now.misses, now.hits) == (kept.misses, kept.hits)  # the prose: classified each time, never kept


def test_a_memo_shared_by_threads_past_its_bound_keeps_its_bound_and_raises_nothing():
    """Linters of more template sets than the bound, used from threads (a server, a program
    embedding govlint): forgetting the oldest while another thread adds raised
    「dictionary changed size during iteration」."""
    import sys
    import threading

    memo = ByIdentity(lambda key: key)
    errors: list[BaseException] = []

    def use() -> None:
        try:
            for n in range(20_000):
                assert memo(key := (n,)) is key
        except BaseException as error:  # noqa: BLE001 - the test reports what a thread met
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: the race shows on every run
    try:
        threads = [threading.Thread(target=use) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [] and len(memo) <= MAX_ENTRIES
