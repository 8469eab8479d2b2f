"""Bounds on a scenario file before it is parsed: size, nesting depth, key count, time.

The scan's depth and key count are checked against the parsed document itself (hypothesis
draws nested tables and lists, tomli_w writes them): the scan never counts less than is there,
so no file deeper or larger than a bound slips through to the parser.
"""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritise.scenario import ScenarioError, load, loads
from prioritise.scenario import io as sio
from prioritise.scenario.limits import (
    MAX_DEPTH,
    MAX_FILE_MB_ENV,
    MAX_KEYS,
    NotAFile,
    max_file_bytes,
    read_bounded,
    scan,
    setting_problem,
)

ROOT = Path(__file__).parents[2]
SHIPPED = sorted((ROOT / "scenarios").glob("*.toml"))


def _depth(node: Any) -> int:
    """Keys and list positions on the longest path to a value."""
    if isinstance(node, dict):
        return max((1 + _depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return max((1 + _depth(v) for v in node), default=0)
    return 0


def _entries(node: Any) -> int:
    """Keys and list entries in the whole document."""
    if isinstance(node, dict):
        return len(node) + sum(_entries(v) for v in node.values())
    if isinstance(node, list):
        return len(node) + sum(_entries(v) for v in node)
    return 0


def refused(text: str) -> tuple[str, str]:
    """The location and message id of the one problem `loads` finds in `text`."""
    with pytest.raises(ScenarioError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    return problem.location, problem.message.id  # type: ignore[union-attr]


keys = st.text("abcxyz_.- é\"'#[]{}=,", min_size=1, max_size=6)
scalars = st.one_of(
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text("ab.=[]{}#\"'\\\n, ", max_size=8),
    st.booleans(),
)
documents = st.dictionaries(
    keys,
    st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=12,
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans())
def test_the_scan_never_counts_less_than_the_document_holds(doc: dict, multiline: bool) -> None:
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    assert tomllib.loads(text) == doc
    depth, entries = _depth(doc), _entries(doc)
    if depth > 1:
        assert scan(text, max_depth=depth - 1) is not None
    if entries > 1:
        assert scan(text, max_keys=entries - 1) is not None
    assert scan(text, max_depth=2 * depth + 2, max_keys=4 * entries + 4) is None


def test_the_shipped_scenarios_are_far_inside_every_bound() -> None:
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert scan(text, max_depth=MAX_DEPTH // 2, max_keys=MAX_KEYS // 5) is None, path.name
        assert len(text.encode()) < max_file_bytes() / 10, path.name  # 80 kB with initiatives


def test_strings_and_comments_hide_their_brackets_dots_and_keys() -> None:
    text = (
        'a = "x.y.z [[[ {{{ = , \\" ]"\n'
        "b = 'p.q [ { = ,'\n"
        'c = """\n[[[ a.b.c = 1\n{{{ \\""" """\n'
        "d = '''\n[x.y.z]\n'''\n"
        "# [a.b.c.d.e] = [[[[ {{{{\n"
        "[t]\n"
        "e = 1 # x.y.z = [[[\n"
    )
    assert tomllib.loads(text)["d"] == "[x.y.z]\n"
    assert scan(text, max_depth=2, max_keys=7) is None


@pytest.mark.parametrize(
    ("text", "line", "message_id"),
    [
        ("format = 'x'\n" + "a" + ".a" * 20_000 + " = 1\n", 2, "scenario.limit.depth"),
        ("a = " + "[" * 497 + "]" * 497 + "\n", 1, "scenario.limit.depth"),
        ("a = " + "{b = " * 331 + "1" + "}" * 331 + "\n", 1, "scenario.limit.depth"),
        ("[" + ".".join(["t"] * 5_000) + "]\nx = 1\n", 1, "scenario.limit.depth"),
        (
            "".join(f"k{i} = {i}\n" for i in range(MAX_KEYS + 5)),
            MAX_KEYS + 1,
            "scenario.limit.keys",
        ),
        ("a = [" + "1, " * (MAX_KEYS + 5) + "]\n", 1, "scenario.limit.keys"),
    ],
    ids=["dotted keys", "nested lists", "inline tables", "header", "keys", "list entries"],
)
def test_a_file_past_a_bound_is_refused_at_its_line(text: str, line: int, message_id: str) -> None:
    assert refused(text) == (f"line {line}", message_id)
    assert scan(text) is not None


def test_the_refusal_reads_in_both_languages() -> None:
    with pytest.raises(ScenarioError) as caught:
        loads("a" + ".a" * 100 + " = 1\n", origin="deep.toml")
    assert caught.value.lines("en") == [
        "deep.toml: line 1: nested more than 32 levels deep (tables, dotted keys, lists and "
        "inline tables together); a scenario needs far fewer"
    ]
    assert "anidado a más de 32 niveles" in caught.value.lines("es")[0]


def test_a_file_over_the_cap_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(MAX_FILE_MB_ENV, "0.01")
    assert max_file_bytes() == 10_485
    small, large = SHIPPED[-1], SHIPPED[0]  # the tutorial, 5 kB; the 2008 clusters, 29 kB
    assert load(small).scenario.name
    with pytest.raises(ScenarioError) as caught:
        load(large)
    assert caught.value.lines("en") == [
        f"{large}: the file is too large to be a scenario (over 0.01 MB)"
    ]
    assert "más de 0,01 MB" in caught.value.lines("es")[0]
    with pytest.raises(ScenarioError):
        loads(large.read_bytes())
    with pytest.raises(ScenarioError):
        loads(large.read_text(encoding="utf-8"))


def test_an_unusable_cap_setting_is_named_and_the_default_holds(monkeypatch) -> None:
    for setting in ("abc", "0", "-1", "nan", "inf", "5000"):
        monkeypatch.setenv(MAX_FILE_MB_ENV, setting)
        assert max_file_bytes() == 1024 * 1024, setting
        problem = setting_problem()
        assert problem is not None
        assert problem.text("en") == (
            f"PRIORITISE_MAX_FILE_MB must be a number of megabytes from 0.001 to 1,024 "
            f"(it is '{setting}')"
        )
    monkeypatch.setenv(MAX_FILE_MB_ENV, "2.5")
    assert setting_problem() is None
    assert max_file_bytes() == int(2.5 * 1024 * 1024)


def test_checking_past_its_time_is_refused_in_words(monkeypatch) -> None:
    text = SHIPPED[-1].read_text(encoding="utf-8")
    monkeypatch.setattr(sio, "VALIDATION_SECONDS", 0.0)
    assert refused(text) == ("", "scenario.limit.slow")
    monkeypatch.setattr(sio, "VALIDATION_SECONDS", 60.0)
    assert loads(text).scenario.name


def _finishes(action: Any, seconds: float = 20.0) -> Any:
    """What `action()` returns or raises, failing if it takes longer than `seconds`."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(action())
        except BaseException as error:  # handed to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, "still reading"
    return outcome[0]


def test_a_pipe_a_device_or_a_folder_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path, folder in ((fifo, False), (Path("/dev/zero"), False), (tmp_path, True)):
        error = _finishes(lambda path=path: read_bounded(path, 100))
        assert isinstance(error, NotAFile) and error.folder == folder, path
        error = _finishes(lambda path=path: load(path))
        assert isinstance(error, ScenarioError)
        wanted = "scenario.file.folder" if folder else "scenario.file.not_regular"
        assert [p.message.id for p in error.problems] == [wanted]  # type: ignore[union-attr]


def test_at_most_one_byte_past_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 5_000)
    assert len(read_bounded(path, 1_000)) == 1_001
    assert len(read_bounded(path, 10_000)) == 5_000


def test_past_the_listed_problems_one_line_says_how_many_more() -> None:
    text = SHIPPED[-1].read_text(encoding="utf-8")
    extra = "".join(f"unknown_{i} = {i}\n" for i in range(sio.LISTED + 100))
    with pytest.raises(ScenarioError) as caught:
        loads(text.replace("[budget]", extra + "\n[budget]"))
    problems = caught.value.problems
    assert len(problems) == sio.LISTED + 1
    assert [p.text("en") for p in problems[:2]] == [
        "unknown key 'unknown_0'",
        "unknown key 'unknown_1'",
    ]
    assert problems[-1].text("en") == "and 100 more problems, not listed: correct these first"
    assert problems[-1].text("es") == "y 100 problemas más, sin listar: corrija estos primero"
