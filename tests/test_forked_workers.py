"""Workers forked for a datatrove job die on SIGTERM even when this process's SIGTERM handler
would keep them alive (datatrove's Pool.terminate relies on it; without it, its join waits for
ever)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os
import signal
import time
from collections.abc import Iterator

import pytest

from crawler.cli.forked_workers import workers_die_on_sigterm


def _keep_going(signum: int, frame: object) -> None:
    """A handler that notes nothing and lets the process go on (a graceful stop's)."""


@pytest.fixture
def handler_that_keeps_going() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, _keep_going)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ready_then_wait(ready: multiprocessing.synchronize.Event) -> None:
    ready.set()
    time.sleep(30)


def _started(fork: multiprocessing.context.BaseContext) -> multiprocessing.process.BaseProcess:
    """A forked worker, once it runs its own code (its fork and the reset behind it)."""
    ready = fork.Event()
    worker = fork.Process(target=_ready_then_wait, args=(ready,))
    worker.start()
    assert ready.wait(10)
    return worker


def _terminated(started: multiprocessing.process.BaseProcess, wait: float) -> int | None:
    started.terminate()
    started.join(wait)
    code = started.exitcode
    if code is None:  # survived: do not leave it behind
        os.kill(started.pid, signal.SIGKILL)
        started.join()
    return code


@pytest.mark.slow
def test_a_worker_forked_while_held_dies_on_sigterm(handler_that_keeps_going: None) -> None:
    fork = multiprocessing.get_context("fork")
    with workers_die_on_sigterm():
        # the reset runs as the child starts: a SIGTERM sent in the instant between the fork and
        # it meets the inherited handler (datatrove's terminate comes long after its workers start)
        worker = _started(fork)
    assert _terminated(worker, 10) == -signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is _keep_going  # this process keeps its own handler


@pytest.mark.slow
def test_without_it_the_inherited_handler_keeps_the_worker_alive(handler_that_keeps_going: None) -> None:
    # the case the guard is for: this is how datatrove's pool join hung
    worker = _started(multiprocessing.get_context("fork"))
    assert _terminated(worker, 1) is None
