"""Dataclass methods kept compiled between runs (govlint.method_cache): the same methods, never a wrong one."""

from __future__ import annotations

import collections
import dataclasses
import gc
import os
import subprocess
import sys
import threading
import warnings
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint import cache, cli, method_cache

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A private cache folder and a new process: nothing of the folder read, nothing compiled yet."""
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    new_process(monkeypatch)
    yield tmp_path
    vars(dataclasses).pop("exec", None)


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(method_cache, "_stored", {})
    monkeypatch.setattr(method_cache, "_new", {})
    monkeypatch.setattr(method_cache, "_part", [method_cache.START])


FIELD_NAMES = st.lists(st.sampled_from(["a", "b", "self", "value", "span", "_x", "object", "MISSING"]), min_size=0, max_size=5, unique=True)


def make(names: list[str], frozen: bool, order: bool, defaults: int) -> type:
    """A dataclass of these fields (the last ``defaults`` of them with defaults), made now."""
    annotations = {name: ("int" if n % 2 else "tuple[str, ...] | None") for n, name in enumerate(names)}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__, "__doc__": "A record."}
    for name in names[len(names) - defaults:]:
        namespace[name] = None
    return dataclasses.dataclass(frozen=frozen, order=order)(type("Made", (), namespace))


def methods(cls: type) -> dict[str, Any]:
    """Each method dataclasses made: its code and annotations, what calling it depends on."""
    made = {}
    for name in ("__init__", "__repr__", "__eq__", "__lt__", "__setattr__", "__delattr__", "__hash__"):
        function = vars(cls).get(name)
        if function is not None and hasattr(function, "__code__"):
            made[name] = (function.__code__, function.__annotations__, function.__defaults__, function.__kwdefaults__)
    return made


@settings(max_examples=40, deadline=None)
@given(names=FIELD_NAMES, frozen=st.booleans(), order=st.booleans(), defaults=st.integers(0, 5))
def test_a_class_gets_the_methods_dataclasses_compiles_itself(tmp_path_factory, names, frozen, order, defaults):
    folder = tmp_path_factory.mktemp("cache")
    defaults = min(defaults, len(names))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(cache, "cache_dir", lambda: folder)
        plain = methods(make(names, frozen, order, defaults))
        for _ in range(2):  # compiled, then read back from the file in a new process
            new_process(monkeypatch)
            assert method_cache.install()
            try:
                cached = methods(make(names, frozen, order, defaults))
            finally:
                method_cache.uninstall()
            assert cached == plain  # code objects compare by what they do: bytecode, names, constants, flags


def make_tuple(names: list[str], defaults: int) -> type:
    """A ``typing.NamedTuple`` of these fields, annotated with strings as under ``from __future__ import annotations``."""
    fields = [f"    {name}: {'int' if n % 2 else 'tuple[str, ...] | None'}" for n, name in enumerate(names)]
    fields = [field + (" = None" if n >= len(names) - defaults else "") for n, field in enumerate(fields)]
    source = "from __future__ import annotations\nfrom typing import NamedTuple\nclass Made(NamedTuple):\n    'A record.'\n"
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(source + "\n".join(fields), namespace)
    return namespace["Made"]  # type: ignore[no-any-return]


def tuple_methods(cls: type) -> tuple[Any, ...]:
    new = vars(cls)["__new__"].__func__
    references = {name: (ref.__forward_arg__, ref.__forward_code__) for name, ref in cls.__annotations__.items()}
    return new.__code__, new.__defaults__, references


@settings(max_examples=30, deadline=None)
@given(names=st.lists(st.sampled_from(["a", "b", "value", "span", "x_1"]), max_size=4, unique=True), defaults=st.integers(0, 4))
def test_a_named_tuple_gets_the_methods_and_annotations_python_compiles_itself(tmp_path_factory, names, defaults):
    folder = tmp_path_factory.mktemp("cache")
    defaults = min(defaults, len(names))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(cache, "cache_dir", lambda: folder)
        plain = tuple_methods(make_tuple(names, defaults))
        for _ in range(2):
            new_process(monkeypatch)
            assert method_cache.install()
            try:
                cached = tuple_methods(make_tuple(names, defaults))
            finally:
                method_cache.uninstall()
            assert cached == plain


def test_a_new_process_compiles_nothing_it_stored(folder, monkeypatch):
    compiled: list[str] = []
    real = compile
    monkeypatch.setattr(method_cache, "compile", lambda *args, **kwargs: compiled.append(args[0]) or real(*args, **kwargs), raising=False)
    method_cache.install()
    first = make(["a", "b"], True, False, 1)
    method_cache.uninstall()
    assert compiled and list(folder.glob("methods-*.marshal"))
    compiled.clear()
    new_process(monkeypatch)
    method_cache.install()
    second = make(["a", "b"], True, False, 1)
    method_cache.uninstall()
    assert compiled == []
    assert second(1, 2) == second(1, 2) and repr(second(1, 2)) == repr(first(1, 2)).replace("first", "second")
    with pytest.raises(dataclasses.FrozenInstanceError):
        second(1).a = 3  # type: ignore[misc]


def test_uninstall_puts_dataclasses_back(folder):
    assert method_cache.install()
    assert not method_cache.install()  # in force already
    method_cache.uninstall()
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections) and "compile" not in vars(typing)


def _stored_file(folder: Path) -> Path:
    method_cache.install()
    make(["a"], False, False, 0)
    method_cache.uninstall()
    (path,) = folder.glob("methods-*.marshal")
    return path


@pytest.mark.parametrize("damage", ["digest", "body", "empty", "not a dict", "group-writable"])
def test_a_file_that_is_not_such_data_is_ignored(folder, monkeypatch, damage):
    path = _stored_file(folder)
    data = path.read_bytes()
    if damage == "digest":
        path.write_bytes(bytes([data[0] ^ 1]) + data[1:])
    elif damage == "body":
        path.write_bytes(data[:-5])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "not a dict":
        body = method_cache.marshal.dumps([1, 2])
        path.write_bytes(cache.strong_hash(body).digest() + body)
    else:
        os.chmod(path, 0o620)
    new_process(monkeypatch)
    assert method_cache._read(path) == {}
    method_cache.install()
    try:
        made = make(["a"], False, False, 0)
    finally:
        method_cache.uninstall()
    assert made(1) == made(1) and made(1) != made(2)


def test_the_command_line_compiles_through_the_files_and_puts_the_modules_back(folder, monkeypatch, capsys):
    calls: list[str] = []
    for name in ("install", "load", "uninstall"):
        real = getattr(method_cache, name)
        monkeypatch.setattr(method_cache, name, lambda real=real, name=name, **kwargs: calls.append(name) or real(**kwargs))
    assert cli.main(["check", "--no-cache", str(SAMPLE)]) == 1
    assert calls == ["install", "load", "uninstall"]
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections) and "compile" not in vars(typing)


def test_the_linter_s_classes_are_read_only_once_it_is_needed(folder, monkeypatch):
    method_cache.install()
    make(["a"], False, False, 0)
    method_cache.load()
    make(["b"], False, False, 0)
    method_cache.uninstall()
    (start,) = folder.glob("methods-start-*.marshal")
    (linter,) = set(folder.glob("methods-*.marshal")) - {start}
    assert any("self.a" in text for text in method_cache._read(start)) and not any("self.b" in text for text in method_cache._read(start))
    assert any("self.b" in text for text in method_cache._read(linter)) and not any("self.a" in text for text in method_cache._read(linter))
    new_process(monkeypatch)
    method_cache.install()
    assert method_cache._stored == method_cache._read(start)
    method_cache.load()
    assert method_cache._stored == {**method_cache._read(start), **method_cache._read(linter)}
    method_cache.uninstall()


def test_a_run_in_another_thread_leaves_the_process_dataclasses_alone(folder, monkeypatch, capsys):
    installed: list[bool] = []
    monkeypatch.setattr(method_cache, "install", lambda: installed.append(True) or True)
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(cli.main(["check", "--no-cache", str(SAMPLE)])))
    thread.start()
    thread.join()
    assert codes == [1] and installed == []


def test_a_text_whose_compiling_warns_is_not_stored(folder):
    method_cache.install()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        typing.ForwardRef("Literal['\\d']")  # an invalid escape: Python warns when it compiles the annotation
    typing.ForwardRef("Literal['d']")
    method_cache.uninstall()
    (path,) = folder.glob("methods-start-*.marshal")
    stored = method_cache._read(path)
    assert "eval\0Literal['d']" in stored and not any("\\" in key for key in stored)


def test_clean_leaves_no_stored_methods_behind(tmp_path):
    """``govlint clean`` empties the folder: the classes the clean run itself made are not stored after it."""
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first clean finds nothing stored: every class it makes is new
        run = subprocess.run([sys.executable, "-m", "govlint", "clean"], env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert not list(tmp_path.glob("methods-*.marshal"))


def test_a_long_run_keeps_at_most_a_file_s_worth_of_new_methods(folder, monkeypatch):
    """A server or a batch whose plugin makes a named tuple per file (its columns) does not grow without bound."""
    monkeypatch.setattr(method_cache, "MAX_METHODS", 50)
    method_cache.install()
    try:
        rows = [collections.namedtuple("Row", [f"c{n}", "x"]) for n in range(120)]
        kept = sum(len(new) for new in method_cache._new.values())
    finally:
        method_cache.uninstall()
    assert kept <= 50 and rows[119](1, 2).c119 == 1


def test_the_modules_are_never_left_shadowed_when_the_command_line_fails_to_start(folder, monkeypatch):
    def failing() -> None:
        raise RuntimeError("a start that fails before the run's try (put back in its finally)")

    monkeypatch.setattr(cli, "_stop_cleanly_on_sigterm", lambda: None)
    monkeypatch.setattr(cli, "_note_warnings", failing)
    collecting = gc.isenabled()
    try:
        with pytest.raises(RuntimeError):
            cli.main(["check", str(SAMPLE)])
    finally:
        gc.enable() if collecting else gc.disable()
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections) and "compile" not in vars(typing)
