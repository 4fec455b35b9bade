"""Worker processes forked for a job die on SIGTERM, whatever handler this process has.

datatrove's local executor runs its tasks in a ``multiprocess`` pool of forked workers and leaves
it with ``Pool.terminate``: SIGTERM to each worker still alive (the idle ones wait on the task
queue's lock), then a join of each. A forked worker inherits this process's SIGTERM handler. When
that is a Python handler that does not end the process (a graceful-stop handler a crawl or a
library user left installed in the same process), the idle worker survives its SIGTERM and the
join waits for ever. ``cleancrawl process`` hung so once in CI, in a test worker that had run
other tests before: the surviving worker's handler was not the CLI's own (which ends a forked
child). A pool of two under a no-op handler hung within thirty exits.

``workers_die_on_sigterm`` puts SIGTERM back to the default in every process forked while it is
held (``os.register_at_fork``), as the child starts, before it runs anything of its own: this
process keeps its own handler, and processes started by spawn or a fork server start from the
default anyway. A SIGTERM sent in the instant between the fork and that reset still meets the
inherited handler; a pool's terminate comes long after its workers start.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_held = 0
_lock = threading.Lock()
_registered = False


def _default_sigterm_in_child() -> None:
    if _held:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def workers_die_on_sigterm() -> Iterator[None]:
    """While held, a process forked from this one takes SIGTERM's default action (it ends)."""
    global _held, _registered
    with _lock:
        if not _registered:
            os.register_at_fork(after_in_child=_default_sigterm_in_child)
            _registered = True
        _held += 1
    try:
        yield
    finally:
        with _lock:
            _held -= 1
