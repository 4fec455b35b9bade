"""The one pool of worker processes that cleans pages, for crawls and for ``cleancrawl clean``.

Both paths hand it tasks (a picklable function and its arguments); it owns everything that can go
wrong in a worker, in one place (``WorkerPool._settle``), with the same counted, logged outcome:

- a worker that dies (SIGKILL, the OOM killer, a segfault in a C extension) costs only the task
  it held, which fails as ``worker-crashed``; a new worker takes its place (the pool never
  shrinks), every other task goes on untouched;
- a task still running after its timeout (``page_timeout``, or the one given to ``submit``) has
  its worker killed: the task fails as ``cleaner-timeout``, a new worker takes its place;
- the clock of a task starts when a worker takes it, not when it is queued, so a page waiting
  behind a slow one is never charged for it;
- each failure is logged once here (with the worker's pid and how it ended) and counted in
  ``WorkerPool.counts``; the caller turns it into its own counted rejection.

Two ways to drive it, over the same code:

- ``map_ordered(fn, items, on_failure)`` (``clean``, ``review``, ``diff``): results in input
  order, a bounded read-ahead (``4 * jobs`` items) so memory does not grow with the input; the
  caller's own thread drives the pool, no thread is started;
- ``start()`` then ``submit(fn, *args, timeout=...)`` (the crawl): a
  ``concurrent.futures.Future`` that the crawl awaits through ``asyncio.wrap_future``, so the
  Twisted reactor never blocks; one pump thread of the pool sends tasks, collects results and
  replaces workers. A failure comes back as ``WorkerFailure`` (``.reason``).

How workers start (``start_method``):

- ``"fork"`` (``clean``, on Linux): forked from the main process, which has run ``warm_up``
  first, so every worker (and every replacement) is born with the cleaning core, the language
  model and the rules loaded, and a first page is not charged seconds of loading against its
  timeout. Safe because ``clean`` drives the pool from its only thread. Being the workers'
  parent also lets the kernel SIGKILL them when the main process dies (``PR_SET_PDEATHSIG``),
  even a worker stuck inside a C call.
- ``"forkserver"`` (the crawl, on Linux): the crawler's process has a reactor and threads, so
  workers are forked from a clean server process that has imported ``preload`` (the cleaning
  core, run once by crawler/workers/cleaning_warm.py, and crawler/safety/page_links.py) and shares its memory
  copy-on-write.
- ``"spawn"``: the fallback where neither exists; ``initializer`` then loads what a worker needs.

Workers ignore SIGINT (Ctrl-C goes to the main process, which stops them). Given
``memory_limit``, a worker may grow its address space by that many bytes past its size at birth
(``RLIMIT_AS``): a page that needs more raises ``MemoryError`` in the worker, which ``fn`` can
turn into a counted rejection, instead of the OOM killer choosing a process.

Why not pebble or loky (both read, pebble 5.2.3 and loky 3.7.0): loky is a
``ProcessPoolExecutor``: one dead worker breaks every future in flight
(``TerminatedWorkerError``) and a running task cannot be timed out, the two things this pool is
for. pebble's ``ProcessPool`` has per-task timeouts and replaces workers, but (1) all workers
share one pair of pipes guarded by process-shared locks, so a worker SIGKILLed while writing a
large result leaves the lock held or a partial message in the shared pipe; (2) a worker that
dies while no task is running raises "All workers expired" and puts the whole pool in an error
state (an OOM kill of an idle worker ends the run); (3) it starts and replaces workers from its
own manager threads (three threads, polling every 0.1 s), so ``clean`` could not fork them
safely from a single-threaded parent, and ``PR_SET_PDEATHSIG`` (which fires when the *thread*
that forked a child ends) would not tie workers to the main process. A pipe per worker, as
here, means the parent always knows which task a worker holds and since when, and a death
loses that task only. No private attribute of the standard library is used.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import multiprocessing
import multiprocessing.util
import os
import pickle
import signal
import sys
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)

WORKER_CRASHED = "worker-crashed"
CLEANER_TIMEOUT = "cleaner-timeout"
_PR_SET_PDEATHSIG = 1
_READ_AHEAD_PER_WORKER = 4
_JOIN_SECONDS = 5


class _Exit:
    """Set when the interpreter exits. multiprocessing's own exit hook then terminates every
    daemon child (SIGTERM): a pool not closed (a crawl stopped at once by a second Ctrl-C) must
    not take its workers' deaths for losses and start new ones, whose start fails half-way
    ('EOFError: Ran out of input' printed by the forkserver)."""

    started = False


# Pools started and not closed yet, for the exit hook below.
_open_pools: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


def _exiting() -> None:
    """Mark the exit, and kill the workers of any pool not closed. multiprocessing's hook then
    sends them SIGTERM and waits for them, for ever if they ignore it: they do when the pool
    started after Scrapy's forced stop (a second Ctrl-C while the crawl set up), which leaves
    SIGINT and SIGTERM ignored in this process, and the forkserver and its children inherit that.
    The crawl printed its summary and hung, deaf to every signal but SIGKILL."""
    _Exit.started = True
    for pool in list(_open_pools):
        for worker in list(pool.workers):
            with contextlib.suppress(Exception):
                worker.process.kill()


# registered after multiprocessing.util's hook (imported above), so run before it (atexit is LIFO)
atexit.register(_exiting)


class WorkerFailure(Exception):
    """A task lost to its worker: ``reason`` is ``worker-crashed`` or ``cleaner-timeout``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail

    def __str__(self) -> str:
        return self.detail


class PoolClosed(RuntimeError):
    """The pool was closed before the task ran."""


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


def _sendable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a RuntimeError that names it (an exception class
    with required keyword arguments does not unpickle, and the worker must not die of it)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _serve(conn: Connection, memory_limit: int | None, initializer: Callable[[], object] | None) -> None:
    """A worker's life: take ``(fn, args, kwargs)``, send back ("ok", result) or ("raised", error)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C held back while it started (_sigint_held) is dropped
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer()
    if memory_limit:
        _limit_memory(memory_limit)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args, kwargs = task
        try:
            reply: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except Exception as err:
            reply = ("raised", _sendable(err))
        try:
            conn.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as err:  # a result that does not pickle
            conn.send(("raised", RuntimeError(f"the result could not be sent back: {err!r}")))


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Start children with SIGINT blocked (the signal mask survives fork and exec): a Ctrl-C during
    their start-up waits in the child until ``_serve`` has set it to be ignored, so it cannot print a
    KeyboardInterrupt traceback from them, and in this process it is delivered as soon as the
    start is done. (Ignoring SIGINT here meanwhile, as before, threw a Ctrl-C away: seconds, while
    the forkserver imports its preload.) The mask is this thread's own."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass(slots=True)
class _Task:
    """What a worker is sent (``fn``, ``args``, ``kwargs``) and where its outcome goes."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    settle: Callable[[str, Any], None]  # ("ok", result) | ("raised", error) | ("failed", WorkerFailure)
    timeout: float | None = None
    what: str = "a task"
    wanted: Callable[[], bool] = field(default=lambda: True)  # False: cancelled before it ran


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: _Task | None = None
    started: float = 0.0


def _how_it_ended(process: BaseProcess) -> str:
    code = process.exitcode
    if code is None:
        return "died"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
        return f"was killed by signal {-code}"
    return f"exited with status {code}"


def _described(worker: _Worker) -> str:
    """"(pid 123) was killed by SIGKILL": which worker, and how it ended (it has: reaped first)."""
    worker.process.join(timeout=_JOIN_SECONDS)
    return f"(pid {worker.process.pid}) {_how_it_ended(worker.process)}"


def default_start_method() -> str:
    """``fork`` on Linux (see the module docstring), else ``spawn``."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


class WorkerPool:
    """``jobs`` worker processes; see the module docstring for the two ways to drive it.

    ``page_timeout``: seconds a task may run in its worker (0 or None: no limit), unless
    ``submit`` is given its own. ``warm_up()`` runs once in this process before the first worker
    starts (with ``fork``, every worker then has what it loaded). ``preload``: modules the
    forkserver imports before forking (``forkserver`` only). ``initializer()`` runs in each worker
    at birth. ``memory_limit``: bytes each worker may grow past its size at birth.
    """

    def __init__(
        self,
        jobs: int,
        *,
        page_timeout: float | None = None,
        start_method: str | None = None,
        preload: Sequence[str] = (),
        warm_up: Callable[[], object] | None = None,
        initializer: Callable[[], object] | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.jobs = max(1, jobs)
        self.page_timeout = page_timeout or None
        method = start_method or default_start_method()
        if method not in multiprocessing.get_all_start_methods():
            method = "spawn"
        self.start_method = method
        self.context = multiprocessing.get_context(method)
        if method == "forkserver" and preload:
            self.context.set_forkserver_preload(list(preload))
        self.warm_up = warm_up
        self.initializer = initializer
        self.memory_limit = memory_limit
        self.workers: list[_Worker] = []
        self.counts: Counter[str] = Counter()  # worker-crashed, cleaner-timeout, restarts
        self._queue: deque[_Task] = deque()
        self._lock = threading.Lock()
        self._pump: threading.Thread | None = None
        self._closing = False
        self._wake_r: Connection | None = None
        self._wake_w: Connection | None = None

    # -- workers -------------------------------------------------------------------------------

    @property
    def restarts(self) -> int:
        return self.counts["restarts"]

    def _start_workers(self) -> None:
        _open_pools.add(self)
        if self.warm_up is not None:
            self.warm_up()
            self.warm_up = None
        while len(self.workers) < self.jobs:
            self.workers.append(self._new_worker())

    def _new_worker(self) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_serve, args=(child_end, self.memory_limit, self.initializer), daemon=True
        )
        for stream in (sys.stdout, sys.stderr):  # a forked child must not write our buffers again
            with contextlib.suppress(Exception):
                stream.flush()
        with _sigint_held():
            process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _replace(self, worker: _Worker) -> None:
        """Stop ``worker`` (killed if alive) and put a new one in its place: the pool never shrinks."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=_JOIN_SECONDS)
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._new_worker()
        self.counts["restarts"] += 1

    def _stop_workers(self) -> None:
        for worker in self.workers:
            if worker.task is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self.workers:
            if worker.task is not None:
                worker.process.kill()
            worker.process.join(timeout=_JOIN_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=_JOIN_SECONDS)
            worker.conn.close()
        self.workers = []
        _open_pools.discard(self)

    # -- the one place where tasks are handed out and their outcomes settled ---------------------

    def _dispatch(self) -> None:
        """Give queued tasks to idle workers."""
        for worker in self.workers:
            if worker.task is not None:
                continue
            task = self._next_task()
            if task is None:
                return
            try:
                worker.conn.send((task.fn, task.args, task.kwargs))
            except OSError:  # it died while idle: nothing lost, the task goes to its successor
                self._requeue(task)
                self._replace(worker)
                continue
            except Exception as err:  # the task does not pickle: its own error, the worker is fine
                task.settle("raised", err)
                continue
            worker.task, worker.started = task, time.monotonic()

    def _next_task(self) -> _Task | None:
        with self._lock:
            while self._queue:
                task = self._queue.popleft()
                if task.wanted():
                    return task
        return None

    def _requeue(self, task: _Task) -> None:
        with self._lock:
            self._queue.appendleft(task)

    def _deadline(self, worker: _Worker) -> float | None:
        assert worker.task is not None
        limit = worker.task.timeout if worker.task.timeout is not None else self.page_timeout
        return worker.started + limit if limit else None

    def _settle(self, extra: Sequence[Connection] = (), block: bool = True) -> list[Any]:
        """Wait for a result, a death or a timeout (or one of ``extra``), and settle what happened.
        Returns the ``extra`` objects that are ready."""
        busy = [w for w in self.workers if w.task is not None]
        deadlines = [d for d in (self._deadline(w) for w in busy) if d is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        if not block:
            timeout = 0.0
        waitables = [w.conn for w in busy] + [w.process.sentinel for w in self.workers] + list(extra)
        ready = set(wait(waitables, timeout))
        now = time.monotonic()
        for worker in list(self.workers):
            task = worker.task
            if task is None:
                if worker.process.sentinel in ready:  # died idle (the OOM killer picks big ones)
                    if self._closing or _Exit.started:  # stopped with the pool or the interpreter
                        worker.process.join(timeout=_JOIN_SECONDS)
                        worker.conn.close()
                        self.workers.remove(worker)
                        continue
                    logger.warning("an idle worker %s; replaced", _described(worker))
                    self._replace(worker)
                continue
            if worker.conn in ready or worker.conn.poll():
                try:
                    status, value = worker.conn.recv()
                except (EOFError, OSError):
                    self._fail(worker, WORKER_CRASHED, f"its worker {_described(worker)}")
                    continue
                worker.task = None
                task.settle(status, value)
            elif worker.process.sentinel in ready:
                self._fail(worker, WORKER_CRASHED, f"its worker {_described(worker)}")
            else:
                deadline = self._deadline(worker)
                if deadline is not None and now >= deadline:
                    limit = deadline - worker.started
                    pid = worker.process.pid
                    detail = f"still running after {limit:g}s; its worker (pid {pid}) was killed"
                    self._fail(worker, CLEANER_TIMEOUT, detail)
        return [x for x in extra if x in ready]

    def _fail(self, worker: _Worker, reason: str, detail: str) -> None:
        """A task lost with its worker: counted, logged, the worker replaced, the task failed."""
        task = worker.task
        assert task is not None
        worker.task = None
        self.counts[reason] += 1
        logger.warning("%s: %s (%s); a new worker takes its place", task.what, detail, reason)
        self._replace(worker)
        task.settle("failed", WorkerFailure(reason, f"{task.what}: {detail}"))

    # -- driven by the caller: results in input order ------------------------------------------

    def map_ordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        on_failure: Callable[[T, str], R],
        describe: Callable[[T], str] | None = None,
    ) -> Iterator[R]:
        """``fn(item)`` for every item in the workers, yielded in input order. An item whose task
        failed (``worker-crashed``, ``cleaner-timeout``) yields ``on_failure(item, reason)``; an
        exception ``fn`` raised is raised again here. The pool is closed at the end."""
        source = iter(items)
        window = self.jobs * _READ_AHEAD_PER_WORKER
        done: dict[int, tuple[str, Any, T]] = {}
        next_in = next_out = 0
        exhausted = False

        def settler(index: int, item: T) -> Callable[[str, Any], None]:
            return lambda status, value: done.__setitem__(index, (status, value, item))

        self._start_workers()
        try:
            while True:
                while not exhausted and next_in - next_out < window:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    what = describe(item) if describe is not None else f"task {next_in}"
                    with self._lock:
                        self._queue.append(_Task(fn, (item,), {}, settler(next_in, item), what=what))
                    next_in += 1
                self._dispatch()
                if next_out in done:
                    status, value, item = done.pop(next_out)
                    next_out += 1
                    if status == "raised":
                        raise value
                    yield on_failure(item, value.reason) if status == "failed" else value
                    continue
                if exhausted and next_out == next_in:
                    return
                self._settle()
        finally:
            self.close()

    # -- driven by a pump thread: futures, for the crawl ---------------------------------------

    def start(self) -> None:
        """Start the workers (blocking: call it off the reactor) and the pump thread."""
        self._start_workers()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._pump = threading.Thread(target=self._run_pump, name="cleancrawl-worker-pool", daemon=True)
        self._pump.start()

    def submit(
        self, fn: Callable[..., R], /, *args: Any, timeout: float | None = None, what: str = "a task", **kwargs: Any
    ) -> Future[R]:
        """``fn(*args, **kwargs)`` in a worker, as a Future; ``timeout`` (seconds once a worker
        has it; None: ``page_timeout``) overrides the pool's. Fails with ``WorkerFailure``."""
        future: Future[R] = Future()

        def settle(status: str, value: Any) -> None:
            if future.done():  # cancelled meanwhile
                return
            if status == "ok":
                future.set_result(value)
            else:
                future.set_exception(value)

        def wanted() -> bool:
            # True once it runs (a task given back to the queue is asked again); False if cancelled
            return future.running() or future.set_running_or_notify_cancel()

        with self._lock:  # (close() sets _closing under this lock, then fails what is queued)
            if self._pump is None or self._closing:
                future.set_exception(PoolClosed("the worker pool is not running"))
                return future
            self._queue.append(_Task(fn, args, kwargs, settle, timeout=timeout, what=what, wanted=wanted))
        self._wake()
        return future

    def _wake(self) -> None:
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send_bytes(b"")

    def _run_pump(self) -> None:
        assert self._wake_r is not None
        try:
            while not self._closing:
                self._dispatch()
                if self._settle(extra=[self._wake_r]):
                    while self._wake_r.poll():
                        self._wake_r.recv_bytes()
        except Exception:  # never silently: every waiting future learns it
            logger.exception("the worker pool stopped")
            self._closing = True
        finally:
            self._fail_waiting()

    def _fail_waiting(self) -> None:
        for worker in self.workers:
            if worker.task is not None:
                worker.task.settle("raised", PoolClosed("the worker pool closed while the task ran"))
        with self._lock:
            queued, self._queue = list(self._queue), deque()
        for task in queued:
            if task.wanted():
                task.settle("raised", PoolClosed("the worker pool closed before the task ran"))

    def close(self) -> None:
        """Stop the pump thread (if any) and the workers; tasks not done fail with PoolClosed."""
        with self._lock:
            self._closing = True
        if self._pump is not None:
            self._wake()
            self._pump.join()
            self._pump = None
        for end in (self._wake_r, self._wake_w):
            if end is not None:
                end.close()
        self._wake_r = self._wake_w = None
        self._stop_workers()
