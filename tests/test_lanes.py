"""The test lanes of tests/lanes.py: which tests are marked slow, and the guard that keeps the unit lane
free of processes and servers."""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from lanes import UnitLaneViolation, is_slow, no_process_or_server

pytest_plugins = ["pytester"]
# the inner runs load tests/lanes.py, which this process has imported already
QUIET = ("-W", "ignore::pytest.PytestAssertRewriteWarning")

TESTS = Path(__file__).resolve().parent

# A module of tests in every shape the marking must see; its tests are collected, never run.
SHAPES = '''
import subprocess
import pytest

@pytest.fixture
def server():
    yield "started"

@pytest.fixture
def site(server):
    yield server

@pytest.fixture
def own_server():
    with MockServer() as srv:
        yield srv

def start_helper():
    return run_clean(["x"], cwd=".")

def test_plain():
    assert 1 + 1 == 2

def test_uses_server(server):
    pass

def test_uses_server_through_another_fixture(site):
    pass

def test_uses_a_fixture_that_starts_a_server(own_server):
    pass

def test_calls_subprocess():
    subprocess.run(["true"])

def test_calls_a_helper_that_starts_a_process():
    start_helper()

def test_asks_for_redis_at_run_time(request):
    request.getfixturevalue("redis_url")

@pytest.mark.slow
def test_marked_by_hand():
    pass
'''


def test_the_marking_sees_fixtures_helpers_and_marks(pytester: pytest.Pytester) -> None:
    items = {item.name: item for item in pytester.getitems(SHAPES)}
    slow = {name for name, item in items.items() if is_slow(item)}
    assert slow == set(items) - {"test_plain"}


def test_a_module_in_slow_modules_is_slow_whole(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import lanes

    pytester.makepyfile(test_pooled="def test_plain():\n    pass\n")
    (item,) = pytester.getitems(pytester.path / "test_pooled.py")
    assert not is_slow(item)
    monkeypatch.setattr(lanes, "SLOW_MODULES", lanes.SLOW_MODULES | {"test_pooled"})
    assert is_slow(item)


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(lambda: subprocess.run(["true"], check=False), id="subprocess"),
        pytest.param(lambda: os.system("true"), id="os.system"),
        pytest.param(lambda: multiprocessing.get_context("fork").Process(target=print).start(), id="fork"),
        pytest.param(lambda: multiprocessing.get_context("spawn").Process(target=print).start(), id="spawn"),
        pytest.param(lambda: socket.create_server(("127.0.0.1", 0)), id="listen"),
    ],
)
def test_the_guard_refuses_processes_and_servers_and_records_them(start) -> None:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    with no_process_or_server(violations), pytest.raises(UnitLaneViolation, match="not marked slow"):
        start()
    assert violations


# what the guard replaces (named out here, so that the test below stays in the unit lane)
GUARDED_ATTRIBUTES = [(subprocess.Popen, "_execute_child"), (os, "fork"), (os, "system"), (socket.socket, "listen")]


def test_the_guard_puts_everything_back() -> None:
    before = [getattr(owner, name) for owner, name in GUARDED_ATTRIBUTES]
    with no_process_or_server([]):
        during = [getattr(owner, name) for owner, name in GUARDED_ATTRIBUTES]
    assert all(a is not b for a, b in zip(before, during, strict=True))
    assert [getattr(owner, name) for owner, name in GUARDED_ATTRIBUTES] == before


def test_the_guard_lets_a_shared_library_lookup_run() -> None:
    """ctypes.util.find_library runs ldconfig: importing crawler/workers/cleaning.py first must not fail a test."""
    import ctypes.util

    violations: list[str] = []
    with no_process_or_server(violations):
        assert ctypes.util.find_library("c")
    assert violations == []


@pytest.mark.slow  # it really starts a process, from a thread older than the guard
def test_the_guard_lets_threads_older_than_it_be() -> None:
    go, done = threading.Event(), threading.Event()
    results: list[int] = []

    def older() -> None:
        go.wait(60)
        results.append(subprocess.run(["true"], check=False).returncode)
        done.set()

    thread = threading.Thread(target=older, daemon=True)
    thread.start()
    violations: list[str] = []
    with no_process_or_server(violations):
        go.set()
        assert done.wait(60)
        refused: list[BaseException] = []

        def newer() -> None:  # a thread the guarded test starts is refused like the test itself
            try:
                subprocess.run(["true"], check=False)
            except UnitLaneViolation as error:
                refused.append(error)

        started = threading.Thread(target=newer)
        started.start()
        started.join(60)
    thread.join(60)
    assert results == [0]
    assert len(refused) == 1
    assert violations == ["a subprocess was started"]


GUARDED = '''
import socket
import subprocess
import pytest

@pytest.fixture
def server():
    yield

def test_plain():
    pass

def test_starts_a_process_unseen_and_swallows_the_error():
    # named so that the marking cannot see it: only the guard catches this one
    try:
        __import__("sub" + "process").run(["true"])
    except Exception:
        pass

def test_listens():
    socket.create_server(("127.0.0.1", 0)).close()

def test_uses_server(server):
    subprocess.run(["true"], check=True)
'''


def test_the_unit_lane_fails_a_test_that_starts_a_process_even_if_the_error_is_swallowed(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_guarded=GUARDED)
    result = pytester.runpytest_inprocess("-p", "lanes", "-m", "not slow", "-p", "no:cacheprovider", *QUIET)
    result.assert_outcomes(passed=1, failed=2, deselected=1)
    result.stdout.fnmatch_lines(["*a subprocess was started in a test that is not marked slow*"])
    result.stdout.fnmatch_lines(["*a socket was listened on (a server)*"])


@pytest.mark.slow  # runs pytest in a subprocess, so that its slow test may start one too
def test_the_full_run_lets_slow_tests_start_processes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_guarded=GUARDED)
    pytester.makeini("[pytest]\nmarkers = slow: starts a process or a server\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), *sys.path]))
    result = pytester.runpytest_subprocess("-p", "lanes", "-p", "no:cacheprovider", "-rA", timeout=120)
    assert result.ret == 1, result.stdout.str()
    result.stdout.fnmatch_lines(["PASSED test_guarded.py::test_uses_server"])
    result.stdout.fnmatch_lines(["*2 failed, 2 passed*"])
