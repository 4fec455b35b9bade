"""Run each scheduled source as its own crawl process when its cron expression says so.

``Scheduler.tick()`` is one step: record the crawls that ended, then launch every source that is
due, or record it as skipped while its previous run still goes (one run of a source at a time).
Due times come from croniter in UTC; due times missed while the machine slept or a run lasted
long collapse into one. The clock and the launcher are arguments, so tests drive ticks with a
fake clock and cheap processes. ``serve()`` ticks until told to stop, then ``shutdown()`` asks
each crawl to stop (SIGTERM: Scrapy closes the spider and writes its stats), waits a grace
period, kills what is left, and records every run. This module does not import Scrapy.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from croniter import croniter

from crawler.components.feed_layout import utc_stamp
from crawler.state.run_log import RunLog, outcome_from_stats_file
from crawler.state.sources import Source

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def next_due(expression: str, after: datetime) -> datetime:
    """The first time strictly after ``after`` that the cron ``expression`` matches (UTC)."""
    return croniter(expression, after.astimezone(UTC)).get_next(datetime)


class Child(Protocol):
    """A started crawl process: what ``subprocess.Popen`` offers, as far as the scheduler needs."""

    pid: int

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...


@dataclass
class Started:
    """A launched crawl: its process and where it writes its stats and log."""

    process: Child
    stats_file: Path
    log_file: Path | None = None


Launcher = Callable[[Source, datetime], Started]


class CrawlLauncher:
    """Starts ``python -m crawler.cli crawl --sources FILE --source NAME`` for one source, in its own
    process group, with stdout and stderr in ``runs_dir/<source>/<stamp>.log`` and the final stats
    in ``<stamp>.stats.json`` beside it."""

    def __init__(
        self,
        sources_file: Path,
        runs_dir: Path,
        *,
        crawl_args: Sequence[str] = (),
        python: str = sys.executable,
        cwd: Path | None = None,
    ) -> None:
        self.sources_file = Path(sources_file).resolve()
        self.runs_dir = Path(runs_dir)
        self.crawl_args = list(crawl_args)
        self.python = python
        self.cwd = cwd

    def command(self, source: Source, stats_file: Path) -> list[str]:
        return [
            self.python, "-m", "crawler.cli", "crawl",
            "--sources", str(self.sources_file), "--source", source.name,
            "--stats-file", str(stats_file), *self.crawl_args,
        ]  # fmt: skip

    def __call__(self, source: Source, now: datetime) -> Started:
        folder = self.runs_dir / source.name
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utc_stamp(now)
        stats_file, log_file = (folder / f"{stamp}.stats.json").resolve(), (folder / f"{stamp}.log").resolve()
        stats_file.unlink(missing_ok=True)
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                self.command(source, stats_file),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
                # Its own session: a Ctrl-C in the scheduler's terminal reaches the scheduler only,
                # which then stops each crawl once, and the whole crawl (its cleaning workers too)
                # can be killed as a group after the grace period.
                start_new_session=True,
            )
        return Started(process, stats_file, log_file)


@dataclass
class _Running:
    run_id: int
    source: str
    started: Started
    stop_sent: bool = field(default=False)


class Scheduler:
    def __init__(
        self,
        sources: Sequence[Source],
        run_log: RunLog,
        launch: Launcher,
        *,
        clock: Clock = utc_now,
        run_at_start: bool = False,
    ) -> None:
        self.sources = {s.name: s for s in sources if s.schedule}
        if not self.sources:
            raise ValueError("no source has a 'schedule'; add schedule = \"<cron expression>\" to a source")
        self.run_log = run_log
        self.launch = launch
        self.clock = clock
        self.running: dict[str, _Running] = {}
        now = clock()
        lost = run_log.mark_lost(list(self.sources), at=now, is_alive=_pid_alive)
        if lost:
            logger.warning("runs %s were left running by a scheduler that stopped: marked lost", lost)
        for run in run_log.runs(statuses=("running",)):
            if run.source in self.sources:
                logger.warning(
                    "%s: run %d (pid %s) of an earlier scheduler is still going; it is not watched, and a new run "
                    "may overlap it: stop that process, or only one scheduler per run log",
                    run.source, run.id, run.pid,
                )  # fmt: skip
        self.due: dict[str, datetime] = {
            name: now if run_at_start else next_due(s.schedule or "", now) for name, s in self.sources.items()
        }

    # --- one step -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Record the crawls that ended, then start (or skip) every source that is due."""
        self.reap()
        now = self.clock()
        for name, due_at in list(self.due.items()):
            if now < due_at:
                continue
            self.due[name] = next_due(self.sources[name].schedule or "", now)
            if name in self.running:
                self._skip(name, now, due_at)
            else:
                self._start(name, now, due_at)

    def seconds_to_next_due(self) -> float:
        return max(0.0, (min(self.due.values()) - self.clock()).total_seconds())

    def _start(self, name: str, now: datetime, due_at: datetime) -> None:
        try:
            started = self.launch(self.sources[name], now)
        except OSError as exc:  # cannot fork, log folder not writable...: recorded, retried when next due
            run_id = self.run_log.started(name, started_at=now, due_at=due_at, pid=None)
            self.run_log.finished(
                run_id, finished_at=now, status="failed", exit_code=None, message=f"could not start: {exc}"
            )
            logger.error("%s: could not start the crawl: %s", name, exc)
            return
        log_file = str(started.log_file) if started.log_file else None
        run_id = self.run_log.started(name, started_at=now, due_at=due_at, pid=started.process.pid, log_file=log_file)
        self.running[name] = _Running(run_id, name, started)
        logger.info("%s: run %d started (pid %d), log %s", name, run_id, started.process.pid, log_file)

    def _skip(self, name: str, now: datetime, due_at: datetime) -> None:
        previous = self.running[name].run_id
        message = f"run {previous} of this source was still running"
        self.run_log.skipped(name, at=now, due_at=due_at, message=message)
        logger.warning("%s: due at %s but %s: skipped", name, due_at.isoformat(), message)

    # --- ends ---------------------------------------------------------------------------------

    def reap(self) -> None:
        """Record every crawl whose process has ended."""
        for name, run in list(self.running.items()):
            code = run.started.process.poll()
            if code is not None:
                self._record_end(run, code)
                del self.running[name]

    def _record_end(self, run: _Running, code: int) -> None:
        outcome = outcome_from_stats_file(run.started.stats_file)
        if run.stop_sent:
            status, message = "terminated", "stopped by the scheduler's shutdown"
        elif code == 0:
            status, message = "succeeded", None
        else:
            status = "failed"
            how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
            message = f"crawl process ended with {how}; see {run.started.log_file or 'its output'}"
        self.run_log.finished(
            run.run_id, finished_at=self.clock(), status=status, exit_code=code, outcome=outcome, message=message
        )
        log = logger.info if status != "failed" else logger.error
        items = "no stats" if outcome.items is None else f"{outcome.items} items"
        log("%s: run %d %s (exit %d, %s)", run.source, run.run_id, status, code, items)

    def shutdown(self, grace: float = 30.0, *, sleep: Callable[[float], None] = time.sleep) -> None:
        """Ask every crawl to stop, wait up to ``grace`` seconds, kill what is left; record all."""
        self.reap()
        for run in self.running.values():
            logger.info("%s: stopping run %d (pid %d)", run.source, run.run_id, run.started.process.pid)
            run.stop_sent = True
            _signal(run.started.process, signal.SIGTERM, group=False)
        deadline = time.monotonic() + grace
        while self.running and time.monotonic() < deadline:
            sleep(0.1)
            self.reap()
        for run in list(self.running.values()):
            logger.warning("%s: run %d still going after %.0fs: killed", run.source, run.run_id, grace)
            _signal(run.started.process, signal.SIGKILL, group=True)
        while self.running:
            sleep(0.05)
            self.reap()

    # --- the loop ------------------------------------------------------------------------------

    def serve(self, stop: threading.Event, *, poll: float = 0.5, grace: float = 30.0) -> None:
        """Tick until ``stop`` is set, then shut down. ``poll`` bounds how late an end is recorded."""
        names = ", ".join(f"{n} ({s.schedule})" for n, s in self.sources.items())
        logger.info("scheduling %s", names)
        while not stop.is_set():
            self.tick()
            stop.wait(min(poll, self.seconds_to_next_due()) or 0.01)
        logger.info("stopping: no new runs; waiting up to %.0fs for %d running crawl(s)", grace, len(self.running))
        self.shutdown(grace)


def _signal(process: Child, signum: int, *, group: bool) -> None:
    if group:
        try:
            os.killpg(process.pid, signum)  # the crawl leads its own process group (start_new_session)
            return
        except (ProcessLookupError, PermissionError):  # not a group leader, or already gone
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.kill(process.pid, signum)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
