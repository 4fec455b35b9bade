"""Scheduled crawls: due times, one run per source at a time, crashes, SIGTERM, and the run log.

The scheduler is driven tick by tick with a fake clock and cheap real processes; one test runs
``cleancrawl schedule`` itself as a process against a local site and stops it with SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, run_command
from mockserver import article_html

from crawler.crawl_runner import write_stats_file
from crawler.state.run_log import RunLog, outcome_from_stats_file
from crawler.state.scheduler import CrawlLauncher, Scheduler, next_due
from crawler.state.sources import Source, SourceError, load_sources, parse_source

START = datetime(2026, 11, 25, 9, 0, 30, tzinfo=UTC)

# A stand-in crawl: writes a stats file like `cleancrawl crawl --stats-file` does, then exits.
_FAKE_CRAWL = """
import json, sys, time
stats_file, exit_code, items, sleep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
time.sleep(sleep)
stats = {"cleancrawl/written": items, "log_count/ERROR": 1, "cleancrawl/failed/http_500": 2}
stats["finish_reason"] = "finished"
if exit_code == 0:
    with open(stats_file, "w") as f:
        json.dump({"stats": stats, "outputs": ["data/x/1.jsonl"]}, f)
else:
    raise SystemExit(exit_code)
"""


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FakeCrawls(CrawlLauncher):
    """Launches the stand-in crawl; ``behaviour[source]`` = (exit code, items, seconds to run)."""

    def __init__(self, runs_dir: Path, behaviour: dict[str, tuple[int, int, float]]) -> None:
        super().__init__(runs_dir / "sources.toml", runs_dir)
        self.behaviour = behaviour
        self.launched: list[str] = []

    def command(self, source: Source, stats_file: Path) -> list[str]:
        self.launched.append(source.name)
        code, items, sleep = self.behaviour[source.name]
        return [sys.executable, "-c", _FAKE_CRAWL, str(stats_file), str(code), str(items), str(sleep)]


def source(name: str, schedule: str | None = "* * * * *") -> Source:
    return Source(name=name, urls=(f"http://{name}.example/",), schedule=schedule)


def wait_for_ends(scheduler: Scheduler, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while scheduler.running and time.monotonic() < deadline:
        time.sleep(0.05)
        scheduler.reap()
    assert not scheduler.running, "the stand-in crawls did not end"


def test_next_due_follows_cron_in_utc():
    assert next_due("* * * * *", START) == datetime(2026, 11, 25, 9, 1, tzinfo=UTC)
    assert next_due("0 */6 * * *", START) == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert next_due("@daily", START) == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)


def test_schedule_fires_when_due_and_is_recorded(tmp_path):
    clock = FakeClock(START)
    crawls = FakeCrawls(tmp_path, {"news": (0, 7, 0), "weekly": (0, 1, 0)})
    log = RunLog(tmp_path / "runs.sqlite3")
    scheduler = Scheduler(
        [source("news"), source("weekly", "0 0 * * 0"), source("manual", None)], log, crawls, clock=clock
    )

    scheduler.tick()
    assert crawls.launched == []  # 09:00:30: nothing is due before 09:01
    clock.advance(seconds=30)
    scheduler.tick()
    assert crawls.launched == ["news"]
    wait_for_ends(scheduler)

    (run,) = log.runs()
    assert (run.source, run.status, run.exit_code) == ("news", "succeeded", 0)
    assert (run.items, run.errors, run.pages_failed, run.finish_reason) == (7, 1, 2, "finished")
    assert run.due_at == run.started_at == "2026-11-25T09:01:00Z"
    assert run.outputs == ("data/x/1.jsonl",) and run.log_file and Path(run.log_file).exists()

    clock.advance(minutes=1)
    scheduler.tick()
    assert crawls.launched == ["news", "news"]  # every minute; 'manual' has no schedule, 'weekly' waits
    wait_for_ends(scheduler)


def test_crashing_crawl_is_recorded_as_failed_and_the_scheduler_goes_on(tmp_path):
    clock = FakeClock(START)
    crawls = FakeCrawls(tmp_path, {"broken": (3, 0, 0), "fine": (0, 2, 0)})
    log = RunLog(tmp_path / "runs.sqlite3")
    scheduler = Scheduler([source("broken"), source("fine")], log, crawls, clock=clock, run_at_start=True)

    scheduler.tick()
    wait_for_ends(scheduler)
    clock.advance(minutes=1)
    scheduler.tick()  # the crash did not stop the schedule: both run again
    wait_for_ends(scheduler)

    runs = log.runs()
    assert [(r.source, r.status, r.exit_code) for r in runs] == [
        ("fine", "succeeded", 0),
        ("broken", "failed", 3),
        ("fine", "succeeded", 0),
        ("broken", "failed", 3),
    ]
    broken = runs[1]
    assert broken.items is None and "exit code 3" in (broken.message or "")


def test_a_source_never_runs_twice_at_once(tmp_path):
    clock = FakeClock(START)
    crawls = FakeCrawls(tmp_path, {"slow": (0, 1, 60)})
    log = RunLog(tmp_path / "runs.sqlite3")
    scheduler = Scheduler([source("slow")], log, crawls, clock=clock, run_at_start=True)

    scheduler.tick()
    first = scheduler.running["slow"].started.process
    for _ in range(2):
        clock.advance(minutes=1)
        scheduler.tick()
    assert crawls.launched == ["slow"]
    assert scheduler.running["slow"].started.process is first

    scheduler.shutdown(grace=5)
    first_run, *skips = reversed(log.runs())
    assert first_run.status == "terminated"  # the shutdown ended the one real run
    assert [r.status for r in skips] == ["skipped", "skipped"]
    assert all(f"run {first_run.id} of this source was still running" in (r.message or "") for r in skips)
    assert first.poll() is not None


def test_a_crawl_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    clock = FakeClock(START)
    crawls = FakeCrawls(tmp_path, {"stubborn": (0, 0, 60)})
    crawls.command = lambda source, stats_file: [  # type: ignore[method-assign]
        sys.executable,
        "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
    ]
    log = RunLog(tmp_path / "runs.sqlite3")
    scheduler = Scheduler([source("stubborn")], log, crawls, clock=clock, run_at_start=True)
    scheduler.tick()
    time.sleep(0.5)  # let it install its handler

    began = time.monotonic()
    scheduler.shutdown(grace=1)

    assert 1 <= time.monotonic() - began < 5
    (run,) = log.runs()
    assert (run.status, run.exit_code) == ("terminated", -signal.SIGKILL)


def test_runs_left_running_by_a_dead_scheduler_are_marked_lost(tmp_path):
    log = RunLog(tmp_path / "runs.sqlite3")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = log.started("news", started_at=START, due_at=START, pid=dead.pid)
    other = log.started("elsewhere", started_at=START, due_at=START, pid=dead.pid)

    Scheduler([source("news")], log, FakeCrawls(tmp_path, {}), clock=FakeClock(START))

    status = {r.id: r.status for r in log.runs()}
    assert status == {orphan: "lost", other: "running"}  # another scheduler's source is left alone


def test_a_sources_file_without_schedules_is_refused(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[sources.a]\nurls = ["http://a.example/"]\n', encoding="utf-8")
    proc = run_command("cli", ["schedule", "--sources", str(sources)], cwd=tmp_path)
    assert proc.returncode == 2
    assert "sources.toml" in proc.stderr and "schedule" in proc.stderr


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("61 * * * *", "not a valid cron expression"),
        ("* * * *", "five fields"),
        ("* * * * * 30", "five fields"),
        (15, "expected a cron expression"),
    ],
)
def test_bad_schedule_names_file_source_and_field(tmp_path, value, says):
    path = tmp_path / "sources.toml"
    path.write_text(f'[sources.news]\nurls = ["http://a.example/"]\nschedule = {json.dumps(value)}\n', encoding="utf-8")
    with pytest.raises(SourceError) as error:
        load_sources(path)
    message = str(error.value)
    assert str(path) in message and "'news'" in message and "'schedule'" in message and says in message


def test_schedule_is_optional_and_normalised():
    assert parse_source("a", {"urls": ["http://a.example/"]}, where="x").schedule is None
    assert parse_source("a", {"urls": ["http://a.example/"], "schedule": " 0  6 * * 1 "}, where="x").schedule == (
        "0 6 * * 1"
    )


def test_stats_file_round_trip(tmp_path):
    path = tmp_path / "deep" / "stats.json"
    stats = {"cleancrawl/written": 4, "log_count/ERROR": 0, "finish_reason": "finished", "start_time": START}
    write_stats_file(path, stats, ["/data/a.jsonl"])
    assert json.loads(path.read_text())["stats"]["start_time"] == "2026-11-25T09:00:30+00:00"
    outcome = outcome_from_stats_file(path)
    assert (outcome.items, outcome.errors, outcome.outputs) == (4, 0, ("/data/a.jsonl",))
    assert outcome_from_stats_file(tmp_path / "missing.json").items is None


# --- the command, end to end ----------------------------------------------------------------------


def _scheduler_process(tmp_path: Path, sources: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "crawler.cli", "schedule", "--sources", str(sources), "--run-at-start",
            "--grace", "15", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "CLEANCRAWL_WORKERS=1", *extra,
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _runs_where(db: Path, query: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def test_schedule_command_crawls_and_stops_cleanly_on_sigterm(server, tmp_path):
    urls = [server.add(f"/news/{i}.html", article_html(f"Scheduled story {i}")) for i in range(3)]
    server.add_sitemap("/sitemap.xml", urls)
    # Slow enough that the news crawl ends first even on a loaded machine (starting a crawl process
    # can take 10 s there): the slow one must still be in flight when SIGTERM comes, and within the
    # grace the scheduler gives it to close itself.
    slow = server.add("/slow.html", article_html("Slow story"), delay=20.0)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.news]\nurls = ["{server.url("/sitemap.xml")}"]\nschedule = "*/5 * * * *"\n'
        f'[sources.slow]\nurls = ["{slow}"]\nschedule = "*/5 * * * *"\n'
        f'[sources.manual]\nurls = ["{urls[0]}"]\n',
        encoding="utf-8",
    )
    db = tmp_path / "data" / "runs.sqlite3"
    scheduler = _scheduler_process(tmp_path, sources, "--grace", "45")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
            server.hits["/slow.html"] and _runs_where(db, "SELECT 1 FROM runs WHERE status != 'running'")
        ):
            time.sleep(0.2)
        assert server.hits["/slow.html"], "the slow source should be mid-crawl when the scheduler is stopped"
        scheduler.send_signal(signal.SIGTERM)
        _, stderr = scheduler.communicate(timeout=60)
    finally:
        scheduler.kill()
    assert scheduler.returncode == 0, stderr
    assert "SIGTERM received" in stderr and "Traceback" not in stderr

    runs = {r.source: r for r in RunLog(db).runs()}
    assert set(runs) == {"news", "slow"}  # 'manual' has no schedule
    news, slow_run = runs["news"], runs["slow"]
    assert (news.status, news.exit_code, news.items, news.errors) == ("succeeded", 0, 3, 0)
    (output,) = news.outputs
    assert Path(output).parent == tmp_path / "data" / "news" and len(Path(output).read_text().splitlines()) == 3
    # SIGTERM let Scrapy close the slow crawl itself: it wrote its stats (finish reason 'shutdown').
    assert slow_run.status == "terminated" and slow_run.finished_at
    assert slow_run.finish_reason == "shutdown" and slow_run.exit_code == 1
    for run in (news, slow_run):
        assert "DeprecationWarning" not in Path(run.log_file or "").read_text()

    listing = run_command("cli", ["runs"], cwd=tmp_path)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split()[:5] == ["ID", "SOURCE", "STARTED", "TOOK", "STATUS"]
    assert any(" news " in line and "succeeded" in line and output in line for line in lines[1:])
    as_json = run_command("cli", ["runs", "--json", "--source", "slow", "--limit", "5"], cwd=tmp_path)
    (record,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert record["source"] == "slow" and record["status"] == "terminated"


def test_runs_command_without_a_log(tmp_path):
    proc = run_command("cli", ["runs", "--runs-db", str(tmp_path / "none.sqlite3")], cwd=tmp_path)
    assert proc.returncode == 2 and "none.sqlite3" in proc.stderr
