"""Test lanes: which tests are ``slow`` (start a process or a server), and a guard that keeps the rest honest.

``pytest -m "not slow"`` runs the unit lane (no crawl subprocess, no local server, no redis-server, no
browser); plain ``pytest`` runs everything. The marking is done here, in one place, at collection time,
so test files need no decorator and cannot drift out of step:

- a test is slow when it requests (directly or through other fixtures) a fixture named in
  ``SLOW_FIXTURES``;
- or when its code, or the code of a fixture or module-level helper it uses, names one of
  ``SLOW_HELPERS`` (the helpers and modules that start processes or servers);
- or when its module is listed in ``SLOW_MODULES`` or sets ``pytestmark = pytest.mark.slow``.

The guard: while a test that is *not* marked slow sets up, runs and tears down, starting a process
(``subprocess``, ``multiprocessing``, ``os.fork``/``posix_spawn``/``system``) or listening on a socket
raises ``UnitLaneViolation``, and the test fails with a message saying how to mark it, even when the
code under test swallowed the exception. The guard runs in both lanes, so a misclassified test is
caught by whichever lane CI runs.

tests/conftest.py imports the hooks below; tests/test_lanes.py checks them.
"""

from __future__ import annotations

import _posixsubprocess
import os
import socket
import subprocess
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

# Fixtures (tests/conftest.py and test modules) that start a crawl subprocess, a server or redis-server.
SLOW_FIXTURES = frozenset({"crawl", "run_cleancrawl", "server", "redis_url"})

# Names whose use in a test's code (or in a fixture or module-level function it reaches) means it
# starts a process or a server: the shared helpers and the standard modules that do so.
SLOW_HELPERS = frozenset(
    {
        "MockServer",  # tests/mockserver.py: an HTTP server thread
        "NewsSite",  # tests/newssite.py: an HTTP server thread
        "run_command",  # tests/conftest.py: a crawl in a fresh interpreter
        "run_clean",  # tests/hostile_inputs.py: `cleancrawl clean` in a fresh interpreter
        "subprocess",
        "Popen",
        "multiprocessing",
        "ProcessPoolExecutor",
        "ThreadingHTTPServer",
        "HTTPServer",
        "sync_playwright",
        "async_playwright",
    }
)

# Modules whose tests start processes or servers in ways the two lists above do not see
# (e.g. through library code that starts a worker pool). The guard names any that are missing.
SLOW_MODULES = frozenset(
    {
        # `cleancrawl clean`/`review`/`diff` run in-process (crawler.cli.main) with a pool of cleaning processes
        "test_cmd_clean",
        "test_diff",
        "test_review",
        "test_site_repetition_clean",
        # cleaning pools started through crawler.workers.pool
        "test_clean_pool_warm_up",
        # the scheduler starts its crawls as subprocesses (crawler/state/scheduler.py)
        "test_schedule",
        # cleaning workers with a memory limit (crawler/workers/pool.py)
        "test_worker_memory",
        # a user pattern that may blow up is compiled in a forked child (cleaners/safe_regex.py)
        "test_rule_bounds",
        # workers of a shared crawl against a redis-server the tests start
        "test_distributed_ack",
    }
)

_GUARD_MESSAGE = (
    "{what} in a test that is not marked slow: the unit lane (pytest -m 'not slow') must start no "
    "process and no server. Mark it slow: request a fixture in SLOW_FIXTURES, add its module to "
    "SLOW_MODULES (tests/lanes.py), or set `pytestmark = pytest.mark.slow` in the module."
)

_VIOLATIONS = pytest.StashKey[list[str]]()


class UnitLaneViolation(RuntimeError):
    """A test in the unit lane started a process or a server."""


# --- marking -----------------------------------------------------------------------------------------


def _code_names(code: types.CodeType) -> Iterator[str]:
    """Every global or attribute name a code object (and the functions nested in it) refers to."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_names(const)


def _code_strings(code: types.CodeType) -> Iterator[str]:
    """Every string constant in a code object and the functions nested in it."""
    for const in code.co_consts:
        if isinstance(const, str):
            yield const
        elif isinstance(const, types.CodeType):
            yield from _code_strings(const)


def _reaches_slow_helper(func: Callable, seen: set[int]) -> bool:
    """Whether ``func`` names a slow helper, itself or through the module-level functions it calls."""
    func = getattr(func, "__wrapped__", func)
    code = getattr(func, "__code__", None)
    if code is None or id(code) in seen:
        return False
    seen.add(id(code))
    names = set(_code_names(code))
    if names & SLOW_HELPERS:
        return True
    # request.getfixturevalue("redis_url"): a slow fixture asked for by name at run time
    if "getfixturevalue" in names and SLOW_FIXTURES & set(_code_strings(code)):
        return True
    module_globals = getattr(func, "__globals__", {})
    for name in names:
        value = module_globals.get(name)
        # follow only functions defined in a test module or helper of ours, never into libraries
        own = isinstance(value, types.FunctionType) and value.__module__ == func.__module__
        if own and _reaches_slow_helper(value, seen):
            return True
    return False


def is_slow(item: pytest.Item) -> bool:
    """Whether ``item`` starts a process or a server, by the rules in this module's docstring."""
    if item.get_closest_marker("slow"):
        return True
    module = getattr(item, "module", None)
    if module is not None and module.__name__.rpartition(".")[2] in SLOW_MODULES:
        return True
    if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    seen: set[int] = set()
    function = getattr(item, "function", None)
    if function is not None and _reaches_slow_helper(function, seen):
        return True
    fixtureinfo = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", ()):
        for fixturedef in (fixtureinfo.name2fixturedefs.get(name, ()) if fixtureinfo else ()):
            if _reaches_slow_helper(fixturedef.func, seen):
                return True
    return False


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that starts a process or a server ``slow``."""
    for item in items:
        if not item.get_closest_marker("slow") and is_slow(item):
            item.add_marker(pytest.mark.slow)


# --- the guard ----------------------------------------------------------------------------------------


def _in_library_lookup() -> bool:
    """Whether the caller is ``ctypes.util.find_library``, which runs ``ldconfig -p`` to find a shared
    library. crawler/workers/cleaning.py calls it once, when first imported: whichever test imports it first
    would otherwise fail, depending on the order the tests run in."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__") == "ctypes.util":
            return True
        frame = frame.f_back
    return False


@contextmanager
def no_process_or_server(violations: list[str]) -> Iterator[None]:
    """Make starting a process or listening on a socket raise, recording each attempt in ``violations``.

    Threads already running when the guard starts (left behind by an earlier, slow test, such as a
    pool's manager thread) are let through: what they do is not the guarded test's doing."""
    # the Thread objects, not their idents: a thread started later may be given a finished one's ident
    earlier_threads = set(threading.enumerate()) - {threading.current_thread()}

    def refuse(what: str, original: Callable) -> Callable:
        def refused(*args: object, **kwargs: object) -> object:
            if threading.current_thread() in earlier_threads or _in_library_lookup():
                return original(*args, **kwargs)
            violations.append(what)
            raise UnitLaneViolation(_GUARD_MESSAGE.format(what=what))

        return refused

    targets: list[tuple[object, str, str]] = [
        (subprocess.Popen, "_execute_child", "a subprocess was started"),
        (_posixsubprocess, "fork_exec", "a process was started (multiprocessing)"),
        (socket.socket, "listen", "a socket was listened on (a server)"),
    ]
    targets += [
        (os, name, f"a process was started (os.{name})")
        for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system")
        if hasattr(os, name)
    ]
    # MonkeyPatch puts back exactly what was there (and removes an override of an inherited method)
    with pytest.MonkeyPatch.context() as patch:
        for owner, name, what in targets:
            patch.setattr(owner, name, refuse(what, getattr(owner, name)))
        yield


@contextmanager
def _guarded(item: pytest.Item) -> Iterator[None]:
    """Run one phase of ``item`` under the guard unless it is marked slow."""
    if item.get_closest_marker("slow"):
        yield
        return
    with no_process_or_server(item.stash.setdefault(_VIOLATIONS, [])):
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _guarded(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _guarded(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    with _guarded(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Fail a phase that tried to start a process or server, even if the code under test caught the error."""
    report = yield
    violations = item.stash.get(_VIOLATIONS, [])
    if violations and report.passed:
        report.outcome = "failed"
        report.longrepr = _GUARD_MESSAGE.format(what="; ".join(dict.fromkeys(violations)))
    violations.clear()
    return report
