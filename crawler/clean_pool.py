"""Clean pages in worker processes that may die or hang without taking the run with them.

``ProcessPoolExecutor`` is not used here: one worker killed by the OOM killer breaks the whole
executor (every page in flight fails with ``BrokenProcessPool``), and it cannot stop one task
that hangs. Each worker here is a process of its own with a pipe, holding one page at a time, so
the parent always knows which page a worker holds and since when:

- a worker that dies (SIGKILL, out of memory, a crash in a C extension) costs the page it held,
  which comes back as ``worker-crashed``; a new worker takes its place;
- a worker still busy after ``page_timeout`` seconds is killed, its page comes back as
  ``cleaner-timeout``, and a new worker takes its place;
- a worker never outlives the run: the kernel SIGKILLs it when its parent dies
  (``PR_SET_PDEATHSIG``), even a worker stuck inside a C call (a regular expression holds the
  GIL, so no watchdog thread could run). That needs the main process to be the workers'
  parent, so on Linux they are forked from it, not by multiprocessing's forkserver: a
  forkserver's children are its own, and it lives on as long as any of them does (each holds
  its "alive" pipe), so a SIGKILLed run left its busy worker spinning until the page was done.
  Forking is safe here because ``cleancrawl clean``'s main process runs no other thread (its
  progress bar's monitor thread is switched off), and it is instant: the cleaning core is
  already imported. ``spawn`` (a second per worker, and it re-imports ``__main__``, which a
  script read from standard input does not have) is only the fallback where there is no fork.
- workers ignore SIGINT (inherited as ignored from the moment they start): Ctrl-C goes to the
  main process, which stops them.
- given ``memory_limit``, a worker may grow its address space by that many bytes past what it
  was born with (``RLIMIT_AS``): a page that needs more gets a ``MemoryError`` in the worker,
  which ``fn`` can turn into a counted rejection, instead of the OOM killer choosing a process.

Results come back in input order, with a bounded number of pages read ahead (``4 * jobs``), so
memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKER_CRASHED = "worker-crashed"
CLEANER_TIMEOUT = "cleaner-timeout"
_PR_SET_PDEATHSIG = 1
_READ_AHEAD_PER_WORKER = 4


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent exits (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _limit_memory(extra: int) -> None:
    """Let this process's address space grow by ``extra`` bytes at most (Linux; else a no-op)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return


def _serve(conn: Connection, fn: Callable[[T], R], memory_limit: int | None = None) -> None:
    """A worker's life: take a task, send back ("ok", result) or ("raised", exception)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_limit:
        _limit_memory(memory_limit)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply = ("ok", fn(task))
        except Exception as err:
            reply = ("raised", err)
        conn.send(reply)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Start children with SIGINT ignored (it stays ignored across fork and exec), so Ctrl-C
    during their start-up cannot print a KeyboardInterrupt traceback from them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: int | None = None
    started: float = 0.0


class WorkerPool(Generic[T, R]):
    """``map_ordered(items)``: ``fn(item)`` for every item in worker processes, in input order.

    ``on_failure(item, reason)`` makes the result for an item whose worker died
    (``worker-crashed``) or ran past ``page_timeout`` seconds (``cleaner-timeout``; 0 or None:
    no limit). An exception ``fn`` raises is raised again in the caller.

    ``memory_limit``: bytes each worker's address space may grow past its size at birth (None:
    no limit); past it, ``fn`` gets a ``MemoryError``.

    ``warm_up()`` runs once in this process before the first worker starts: what it loads
    (modules, models, compiled rules) every forked worker then has from birth, so a worker's
    first page, and the first page of each worker started in place of a killed one, is not
    charged a second of loading against ``page_timeout``.
    """

    def __init__(
        self, fn: Callable[[T], R], jobs: int, page_timeout: float | None, on_failure: Callable[[T, str], R],
        warm_up: Callable[[], object] | None = None, memory_limit: int | None = None,
    ) -> None:
        self.fn, self.jobs, self.on_failure = fn, max(1, jobs), on_failure
        self.memory_limit = memory_limit
        self.warm_up = warm_up
        self.page_timeout = page_timeout or None
        self.context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.workers: list[_Worker] = []
        self.restarts = 0

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_serve, args=(child_end, self.fn, self.memory_limit), daemon=True)
        for stream in (sys.stdout, sys.stderr):  # a forked child must not write our buffers again
            with contextlib.suppress(Exception):
                stream.flush()
        with _sigint_ignored():
            process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker, kill=True)
        self.workers[self.workers.index(worker)] = self._start()
        self.restarts += 1

    @staticmethod
    def _stop(worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def close(self) -> None:
        for worker in self.workers:
            if worker.task is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self.workers:
            if worker.task is not None:
                worker.process.kill()
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.conn.close()
        self.workers = []

    def map_ordered(self, items: Iterable[T]) -> Iterator[R]:
        source = iter(items)
        window = self.jobs * _READ_AHEAD_PER_WORKER
        waiting: deque[tuple[int, T]] = deque()
        held: dict[int, T] = {}
        done: dict[int, R] = {}
        next_in = next_out = 0
        exhausted = False
        if self.warm_up is not None:
            self.warm_up()
            self.warm_up = None
        self.workers = [self._start() for _ in range(self.jobs)]
        try:
            while True:
                while not exhausted and next_in - next_out < window:
                    try:
                        waiting.append((next_in, next(source)))
                    except StopIteration:
                        exhausted = True
                        break
                    next_in += 1
                self._dispatch(waiting, held)
                if next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                    continue
                if exhausted and next_out == next_in:
                    return
                self._collect(held, done)
        finally:
            self.close()

    def _dispatch(self, waiting: deque[tuple[int, T]], held: dict[int, T]) -> None:
        for worker in self.workers:
            if not waiting:
                return
            if worker.task is not None:
                continue
            index, item = waiting.popleft()
            try:
                worker.conn.send(item)
            except OSError:  # it died while idle: nothing lost, the page goes to its successor
                waiting.appendleft((index, item))
                self._replace(worker)
                continue
            worker.task, worker.started = index, time.monotonic()
            held[index] = item

    def _collect(self, held: dict[int, T], done: dict[int, R]) -> None:
        """Wait for a result, a death or a timeout, and settle what happened."""
        busy = [w for w in self.workers if w.task is not None]
        timeout = None
        if self.page_timeout and busy:
            timeout = max(0.0, min(w.started for w in busy) + self.page_timeout - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in self.workers], timeout))
        now = time.monotonic()
        for worker in list(self.workers):
            index = worker.task
            if index is None:
                if worker.process.sentinel in ready:  # died idle (the OOM killer picks big ones)
                    self._replace(worker)
                continue
            if worker.conn in ready or worker.conn.poll():
                try:
                    status, value = worker.conn.recv()
                except (EOFError, OSError):
                    self._fail(worker, index, held, done, WORKER_CRASHED)
                    continue
                worker.task = None
                del held[index]
                if status == "raised":
                    raise value
                done[index] = value
            elif worker.process.sentinel in ready:
                self._fail(worker, index, held, done, WORKER_CRASHED)
            elif self.page_timeout and now - worker.started >= self.page_timeout:
                self._fail(worker, index, held, done, CLEANER_TIMEOUT)

    def _fail(self, worker: _Worker, index: int, held: dict[int, T], done: dict[int, R], reason: str) -> None:
        done[index] = self.on_failure(held.pop(index), reason)
        worker.task = None
        self._replace(worker)
