"""A shared crawl survives a killed worker and a restarted Redis: requests are acknowledged, a dead
worker's are reclaimed by a live one, and Redis state that vanishes stops the workers (exit 1)
instead of crawling everything again.

Each test starts its own redis-server (its persistence chosen by the test) on a free port of
127.0.0.1, and workers with a short reclaim time (CLEANCRAWL_REDIS_RECLAIM_SECONDS) so that a dead
worker's requests come back within seconds.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FAST, ROOT, _free_port, _require_redis
from mockserver import article_html
from test_distributed import CHILD, records_of

pytestmark = pytest.mark.filterwarnings("default::scrapy.exceptions.ScrapyDeprecationWarning:scrapy_redis")

RECLAIM = "3"


class RedisServer:
    """A redis-server of the test's own, which the test may kill and start again on the same port
    and folder (what it finds there depends on the persistence it was started with)."""

    def __init__(self, folder: Path, *options: str) -> None:
        self.binary = _require_redis()
        self.folder = folder
        self.folder.mkdir(exist_ok=True)
        self.port = _free_port()
        self.options = list(options)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), *self.options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _pings(client), 20, "redis-server to start")
        client.close()

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def _pings(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def make_redis(tmp_path) -> Iterator[Callable[..., RedisServer]]:
    servers: list[RedisServer] = []

    def make(*options: str) -> RedisServer:
        server = RedisServer(tmp_path / f"redis{len(servers)}", *options)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


def start_worker(module: str, args: list[str], cwd: Path) -> subprocess.Popen:
    """A worker in a process group of its own (its cleaning processes with it), so that
    :func:`kill_worker` takes them all down, as when its machine dies."""
    return _start_child(CHILD.format(module=module), args, cwd)


def _start_child(code: str, args: list[str], cwd: Path) -> subprocess.Popen:
    """``python -c code args`` in ``cwd``, in a process group of its own, loopback allowed."""
    cwd.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args, "-s", "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.1/32"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        start_new_session=True,
    )


def kill_worker(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def worker_args(url: str, *extra: str) -> list[str]:
    return [
        *FAST,
        "--redis",
        url,
        "-s",
        "CLEANCRAWL_REDIS_IDLE_TIMEOUT=2",
        "-s",
        f"CLEANCRAWL_REDIS_RECLAIM_SECONDS={RECLAIM}",
        *extra,
    ]


def ended(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        pytest.fail(f"worker did not finish in {timeout}s:\n{err[-3000:]}")
    return proc.returncode, err


def written(folder: Path) -> int:
    return len(records_of(folder)) if folder.exists() else 0


def written_by(folder: Path, worker: str) -> int:
    """Lines written so far by the worker of id ``worker`` (its files end in ``-<worker>.jsonl``)."""
    return sum(len(path.read_text().splitlines()) for path in folder.glob(f"data/*/*-{worker}.jsonl"))


def url_counts(tmp_path: Path, names: list[str]) -> collections.Counter:
    return collections.Counter(r["url"] for name in names for r in records_of(tmp_path / name))


def test_killing_the_worker_holding_the_sitemap_loses_nothing(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/sm/{i}.html", article_html(f"Mapped {i}")) for i in range(12)]
    sitemap = server.add_sitemap("/sm.xml", urls)
    server.routes["/sm.xml"].delay = 2.0  # in flight long enough to kill its holder
    args = worker_args(redis_server.url, sitemap)

    first = start_worker("cli.crawl", args, tmp_path / "m1")
    wait_for(lambda: bool(server.hits["/sm.xml"]), 60, "the first worker to request the sitemap")
    kill_worker(first)
    # The second worker's own start request is the same request, already seen in this run: it can
    # only get the sitemap by reclaiming it from the dead worker.
    code, err = ended(start_worker("cli.crawl", args, tmp_path / "m2"))

    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert sorted(r["url"] for r in records_of(tmp_path / "m2")) == sorted(urls)
    assert "reclaimed 1 request(s) of dead worker" in err


def test_killing_a_worker_mid_crawl_loses_nothing_and_doubles_nothing(server, make_redis, tmp_path):
    """Three workers of one machine in one folder (each writes its own files there); the first is
    killed as soon as it has written two lines, so often right after a line and before its claim
    is settled: the reclaim finds that line in its file (Membership.found_written)."""
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/mid/{i}.html", article_html(f"Middle {i}"), delay=0.3) for i in range(36)]
    sitemap = server.add_sitemap("/mid.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=4", sitemap)
    names = ["m1", "m2", "m3"]
    folder = tmp_path / "machine"

    workers = {name: start_worker("cli.crawl", [*args, "-s", f"CLEANCRAWL_WORKER_ID={name}"], folder) for name in names}
    wait_for(lambda: written_by(folder, "m1") >= 2, 90, "the first worker to write")
    kill_worker(workers["m1"])  # with requests in flight (4 at once, 0.3 s each)
    results = {name: ended(workers[name]) for name in names[1:]}

    for code, err in results.values():
        assert code == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
    counts = url_counts(tmp_path, ["machine"])
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled
    assert any("of dead worker" in err for _, err in results.values())


def test_redis_restarted_without_persistence_stops_the_workers(server, make_redis, tmp_path):
    redis_server = make_redis("--save", "", "--appendonly", "no")
    urls = [server.add(f"/vol/{i}.html", article_html(f"Volatile {i}"), delay=0.3) for i in range(30)]
    sitemap = server.add_sitemap("/vol.xml", urls)
    args = worker_args(redis_server.url, "--redis-volatile-ok", "-s", "CONCURRENT_REQUESTS=2", sitemap)
    names = ["m1", "m2"]

    workers = {name: start_worker("cli.crawl", args, tmp_path / name) for name in names}
    wait_for(lambda: sum(written(tmp_path / n) for n in names) >= 3, 90, "the workers to write")
    redis_server.kill()
    redis_server.start()  # empty: nothing was saved
    results = {name: ended(workers[name]) for name in names}

    for code, err in results.values():
        assert code == 1, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
        assert "lost the state of this crawl" in err, err[-3000:]
    counts = url_counts(tmp_path, names)
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # nothing doubled
    assert len(counts) < len(urls)  # stopped, not crawled again from the start


def test_redis_without_persistence_is_refused_unless_allowed(make_redis, tmp_path):
    redis_server = make_redis("--save", "", "--appendonly", "no")
    proc = start_worker("cli.crawl", worker_args(redis_server.url, "http://127.0.0.1:9/x.xml"), tmp_path / "m1")
    code, err = ended(proc, timeout=60)

    assert code == 2, err[-3000:]
    lines = [line for line in err.splitlines() if "persistence" in line]
    assert len(lines) == 1 and "--appendonly yes" in lines[0] and "--redis-volatile-ok" in lines[0], err[-3000:]


def test_redis_restarted_with_aof_loses_nothing(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/aof/{i}.html", article_html(f"Durable {i}"), delay=0.3) for i in range(30)]
    sitemap = server.add_sitemap("/aof.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=2", sitemap)
    names = ["m1", "m2"]

    workers = {name: start_worker("cli.crawl", args, tmp_path / name) for name in names}
    wait_for(lambda: sum(written(tmp_path / n) for n in names) >= 3, 90, "the workers to write")
    redis_server.kill()
    time.sleep(1)  # down for a moment: the workers retry
    redis_server.start()
    results = {name: ended(workers[name]) for name in names}

    for code, err in results.values():
        assert code == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
    counts = url_counts(tmp_path, names)
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}


def test_a_redis_gone_for_good_stops_the_workers_cleanly(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/gone/{i}.html", article_html(f"Gone {i}"), delay=0.3) for i in range(30)]
    sitemap = server.add_sitemap("/gone.xml", urls)
    args = worker_args(
        redis_server.url, "-s", "CONCURRENT_REQUESTS=2", "-s", "CLEANCRAWL_REDIS_RETRY_SECONDS=2", sitemap
    )

    worker = start_worker("cli.crawl", args, tmp_path / "m1")
    wait_for(lambda: written(tmp_path / "m1") >= 2, 90, "the worker to write")
    redis_server.kill()  # and it does not come back
    code, err = ended(worker)

    assert code == 1, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "unreachable" in err.splitlines()[-1], err[-3000:]


def test_a_new_worker_after_a_dead_run_resumes_it_and_says_so(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/dead/{i}.html", article_html(f"Dead run {i}"), delay=0.3) for i in range(20)]
    sitemap = server.add_sitemap("/dead.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=3", sitemap)

    folder = tmp_path / "machine"  # one machine: the second worker can read the first one's files

    first = start_worker("cli.crawl", [*args, "-s", "CLEANCRAWL_WORKER_ID=m1"], folder)
    wait_for(lambda: written_by(folder, "m1") >= 2, 90, "the first worker to write")
    kill_worker(first)  # the whole run dies, with requests taken and queued
    time.sleep(float(RECLAIM) + 1)  # it is dead by now
    code, err = ended(start_worker("cli.crawl", [*args, "-s", "CLEANCRAWL_WORKER_ID=m2"], folder))

    assert code == 0, err[-3000:]
    assert "resumes the run left unfinished" in err and "of dead worker" in err, err[-3000:]
    counts = url_counts(tmp_path, ["machine"])
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}


def test_persistence_is_read_from_aof_or_rdb_and_an_unreadable_config_only_warns(make_redis, caplog):
    import redis

    from crawler.distributed.worker import check_persistence
    from crawler.state.sources import SourceError

    def check(server: RedisServer, **kwargs) -> None:
        client = redis.Redis.from_url(server.url)
        try:
            check_persistence(client, server.url, volatile_ok=kwargs.get("volatile_ok", False))
        finally:
            client.close()

    check(make_redis("--appendonly", "yes"))  # AOF
    check(make_redis("--save", "3600 1", "--appendonly", "no"))  # RDB snapshots
    volatile = make_redis("--save", "", "--appendonly", "no")
    with pytest.raises(SourceError, match="no persistence"):
        check(volatile)
    check(volatile, volatile_ok=True)
    # CONFIG renamed away: cannot tell, so a warning rather than a refusal
    with caplog.at_level("WARNING", logger="crawler.distributed.worker"):
        check(make_redis("--save", "", "--appendonly", "no", "--rename-command", "CONFIG", ""))
    assert "cannot read the persistence config" in caplog.text


def test_a_worker_restarted_under_its_id_takes_back_what_it_had_taken(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/again/{i}.html", article_html(f"Restarted {i}"), delay=0.3) for i in range(20)]
    sitemap = server.add_sitemap("/again.xml", urls)
    # a reclaim time far longer than the test: only the restart itself can bring the requests back
    args = [*worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=3", sitemap), "-s", "CLEANCRAWL_WORKER_ID=w1"]
    args[args.index(f"CLEANCRAWL_REDIS_RECLAIM_SECONDS={RECLAIM}")] = "CLEANCRAWL_REDIS_RECLAIM_SECONDS=600"

    folder = tmp_path / "machine"  # restarted on its machine, where its first process wrote

    first = start_worker("cli.crawl", args, folder)
    wait_for(lambda: written_by(folder, "w1") >= 2, 90, "the worker to write")
    kill_worker(first)
    code, err = ended(start_worker("cli.crawl", args, folder))

    assert code == 0, err[-3000:]
    assert "an earlier process under this id had taken go back to the queue" in err, err[-3000:]
    counts = url_counts(tmp_path, ["machine"])
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}


def test_a_worker_joining_a_run_of_a_worker_just_killed_says_so(server, make_redis, tmp_path):
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/join/{i}.html", article_html(f"Joined {i}"), delay=0.3) for i in range(16)]
    sitemap = server.add_sitemap("/join.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=3", sitemap)
    args[args.index(f"CLEANCRAWL_REDIS_RECLAIM_SECONDS={RECLAIM}")] = "CLEANCRAWL_REDIS_RECLAIM_SECONDS=12"

    folder = tmp_path / "machine"  # one machine: the second worker can read the first one's files

    first = start_worker("cli.crawl", [*args, "-s", "CLEANCRAWL_WORKER_ID=m1"], folder)
    wait_for(lambda: written_by(folder, "m1") >= 2, 90, "the first worker to write")
    kill_worker(first)
    time.sleep(7)  # silent for more than two heartbeats (3 s each), not yet dead (12 s)
    code, err = ended(start_worker("cli.crawl", [*args, "-s", "CLEANCRAWL_WORKER_ID=m2"], folder))

    assert code == 0, err[-3000:]
    # never silent: it joined a run whose worker was not heard from (or, on a slow machine, resumed it)
    assert "have not been heard from lately" in err or "resumes the run left unfinished" in err, err[-3000:]
    counts = url_counts(tmp_path, ["machine"])
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}


def test_a_worker_whose_start_url_another_worker_fetched_does_not_say_it_failed():
    """Issue 17, seen with 3 workers: the worker that queued the shared sitemap is often not the one
    that fetches it (another pops it, or reclaims it from a killed holder). Queuing it in Redis must
    not count it as asked for by this worker, else this worker exits 1 with 'none of the start URLs
    could be fetched' on a crawl that wrote everything."""
    from scrapy import Request, signals
    from scrapy.utils.test import get_crawler

    from crawler.components.outcome import StartUrlOutcome
    from crawler.crawl_runner import no_start_url_answered

    def outcome(settings: dict) -> StartUrlOutcome:
        crawler = get_crawler(settings_dict=settings)
        extension = StartUrlOutcome(crawler)
        extension.starts.add("http://127.0.0.1:1/sitemap.xml")
        request = Request("http://127.0.0.1:1/sitemap.xml")
        crawler.signals.send_catch_log(signals.request_scheduled, request=request, spider=None)
        return extension

    shared = outcome({"CLEANCRAWL_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert not no_start_url_answered(shared.stats.get_stats())
    local = outcome({})  # a local crawl: its queue is its own, so scheduled is asked for
    assert no_start_url_answered(local.stats.get_stats())


# A worker that dies at one exact step of writing a record: on its first call of the step (a method
# of the Redis crawl state) it says so (a file), waits until the test tells it to go on (another
# file: by then a second worker is running), and its whole process group is SIGKILLed, before or
# after the step runs. No kill timing is left to chance.
DIE_AT = (
    "import os, pathlib, signal, sys, time, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "import {module} as where\n"
    "cls = getattr(where, {cls!r})\n"
    "step = getattr(cls, {method!r})\n"
    "def die():\n"
    "    pathlib.Path('reached').touch()\n"
    "    while not pathlib.Path('go').exists():\n"
    "        time.sleep(0.05)\n"
    "    os.killpg(os.getpgid(0), signal.SIGKILL)\n"
    "def dying(self, *args, **kwargs):\n"
    "    if {before!r}:\n"
    "        die()\n"
    "    result = step(self, *args, **kwargs)\n"
    "    die()\n"
    "    return result\n"
    "setattr(cls, {method!r}, dying)\n"
    "from crawler.cli.crawl import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def start_dying_worker(
    args: list[str], cwd: Path, module: str, cls: str, method: str, *, before: bool
) -> subprocess.Popen:
    """A worker that dies (SIGKILL, its cleaning processes with it) on its first call of
    ``module.cls.method``, ``before`` the call runs or right after it returned, once the test
    creates ``cwd/go`` (``cwd/reached`` says it is waiting there)."""
    return _start_child(DIE_AT.format(module=module, cls=cls, method=method, before=before), args, cwd)


def _die_then_reclaim(
    server, make_redis, tmp_path, name: str, step: tuple[str, str, str], *, before: bool, extra=(), folders=("m1", "m2")
):
    """A worker stops at ``step`` of its first record; a second worker joins the run (so the dead
    one's state is not recovered by its start-up: it was alive then), the first one dies, and the
    second reclaims its requests and finishes the crawl; ``folders``: where each works (one folder
    for both: two workers of one machine). Returns (article URLs, URL -> times
    written, the second worker's exit status and stderr, the workers' arguments)."""
    import redis

    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/{name}/{i}.html", article_html(f"{name.title()} story {i}")) for i in range(6)]
    sitemap = server.add_sitemap(f"/{name}.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=2", *extra, sitemap)

    first, second_folder = (tmp_path / folder for folder in folders)
    dying = start_dying_worker(args, first, *step, before=before)
    wait_for(lambda: (first / "reached").exists() or dying.poll() is not None, 90, "the worker to write")
    assert dying.poll() is None, dying.communicate()[1][-3000:]
    second = start_worker("cli.crawl", args, second_folder)
    client = redis.Redis.from_url(redis_server.url)
    wait_for(lambda: client.zcard("cleancrawl:workers") >= 2 or second.poll() is not None, 90, "the second worker")
    client.close()
    (first / "go").touch()
    code, err = ended(dying)
    assert code == -signal.SIGKILL, err[-3000:]
    code, err = ended(second)
    return urls, url_counts(tmp_path, sorted(set(folders))), code, err, args


STATE = "crawler.state.crawl_state"


def test_a_worker_killed_between_begin_write_and_the_write_loses_nothing(server, make_redis, tmp_path):
    """Issue 17's hole: the fingerprint the dead worker noted as pending in the crawl state is
    released with its requests, so the worker that reclaims the page writes it (it was dropped as
    'being written elsewhere': lost for the run, exit 0)."""
    urls, counts, code, err, _ = _die_then_reclaim(
        server, make_redis, tmp_path, "begun", (STATE, "RedisCrawlState", "begin_write"), before=False
    )

    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "of dead worker" in err, err[-3000:]
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled


def test_a_near_duplicate_index_entry_of_a_dead_worker_does_not_drop_its_page(server, make_redis, tmp_path):
    """With near-duplicates dropped, the crawl end to end: the dead worker's page is written once,
    none lost. This does not prove the index entry's release: the index answers a URL it already
    holds as it answered before (an original stays one), so the page would be written without the
    release too: the script-level test
    ``test_the_reclaim_releases_what_a_dead_worker_began_and_nothing_of_a_live_one`` is the one that
    fails without it."""
    urls, counts, code, err, _ = _die_then_reclaim(
        server,
        make_redis,
        tmp_path,
        "neardup",
        (STATE, "RedisCrawlState", "begin_write"),
        before=False,
        extra=("-s", "CLEANCRAWL_NEAR_DUPLICATES=drop"),
    )

    assert code == 0, err[-3000:]
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}
    assert "near-duplicate" not in err.split("dead worker", 1)[-1], err[-3000:]


def test_a_worker_killed_after_its_line_before_the_state_marks_it_writes_it_once_for_good(server, make_redis, tmp_path):
    """The line is in the dead worker's file and its dedup claims settled, but the state never marked
    it written: the reclaim marks it written (the dedup claim it had settled says the line is in a
    file), so the reclaiming worker's dedup drops the page and the next run does not write it again.
    (Before, the state's pending entry was released or left: the next run wrote the page again.)"""
    urls, counts, code, err, args = _die_then_reclaim(
        server, make_redis, tmp_path, "recorded", (STATE, "RedisCrawlState", "record"), before=True
    )

    assert code == 0, err[-3000:]
    assert len(records_of(tmp_path / "m1")) == 1  # the dead worker wrote its one line
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled
    assert "marked written 1 it had written" in err, err[-3000:]
    code, err = ended(start_worker("cli.crawl", args, tmp_path / "m3"))  # the next run
    assert code == 0, err[-3000:]
    assert records_of(tmp_path / "m3") == [], "the state lost track of a written page"


def test_the_dedup_scripts_spell_the_fingerprint_claim_as_the_crawl_state_does():
    """A worker's fingerprint claim is written by SharedDeduplicator (from crawl_state's
    constant), by the dedup script and read by the reclaim script (Lua, which cannot import it):
    spelled otherwise in one of them, a dead worker's claims would be neither released nor
    settled."""
    from crawler.distributed import worker
    from crawler.state.crawl_state import DEDUP_FINGERPRINT_CLAIM

    claim = f"'{DEDUP_FINGERPRINT_CLAIM.decode()}'"
    assert worker._DEDUP.count(claim) == 1 and worker._RECLAIM.count(claim) == 3
    assert len(DEDUP_FINGERPRINT_CLAIM) == 3  # _RECLAIM reads a claim's kind as its first three bytes


def test_the_reclaim_releases_what_a_dead_worker_began_and_nothing_of_a_live_one(make_redis):
    """The reclaim script itself, against a real redis-server: a dead worker's pending entry in the
    crawl state and its near-duplicate index entries for a record it never wrote are released (so a
    copy seen later is an original, not a near-duplicate of a page that is in no file); a record
    whose line it had flushed (its dedup claim settled) is marked written; what it did write keeps
    its entries; a worker heard from within the reclaim time is not touched at all; a
    claim naming a key outside the crawl state is ignored."""
    import redis

    from crawler.components.near_dup import RedisNearDupIndex
    from crawler.distributed.worker import _RECLAIM, Keys
    from crawler.state.crawl_state import DEDUP_FINGERPRINT_CLAIM, WRITTEN, PageState, RedisCrawlState, state_claim
    from output.near_dup import NearDupConfig, signature

    client = redis.Redis.from_url(make_redis("--appendonly", "yes").url)
    keys, config = Keys("cc"), NearDupConfig()
    claims = keys.pending("w1")
    state = RedisCrawlState("", prefix="cc:state", client=client, claims=claims)
    index = RedisNearDupIndex("", config, prefix="cc:state:near-dup", client=client, claims=claims)
    story = " ".join(f"word{i} of the wire story" for i in range(80))
    kept = " ".join(f"other{i} of another story" for i in range(80))

    client.sadd(claims, *(DEDUP_FINGERPRINT_CLAIM + fp for fp in (b"fp-lost", b"fp-kept")))  # the dedup's claims
    state.begin_write("news", "fp-lost", "http://a/lost", "run-1")  # never written
    assert index.check_and_insert("http://a/lost", signature(story, config)) is None
    # its line flushed (the dedup claim settled), not yet marked written in the state
    state.begin_write("news", "fp-flushed", "http://a/flushed", "run-1")
    state.begin_write("news", "fp-kept", "http://a/kept", "run-1")  # written
    assert index.check_and_insert("http://a/kept", signature(kept, config)) is None
    state.record("news", PageState("http://a/kept", WRITTEN, "fp-kept"))
    index.settled("http://a/kept")
    client.sadd(claims, state_claim("elsewhere:pending", "x", "run-1"))  # not the state's: ignored
    client.hset("elsewhere:pending", "x", '{"url": "u", "run_id": "run-1"}')

    def reclaim(seconds: float) -> list[int]:
        reclaim_keys = keys.reclaim("w1")  # as the workers call it
        return client.eval(_RECLAIM, len(reclaim_keys), *reclaim_keys, "w1", seconds, "cc:state")

    seconds, _ = client.time()
    client.zadd(keys.workers, {"w1": seconds})
    assert reclaim(60) == [-1, 0, 0]  # alive (heard from just now): nothing released
    assert state.written_url("news", "fp-lost") == "http://a/lost"
    # the lost record's dedup, state and index claims, the flushed one's state claim, the foreign one
    assert client.scard(claims) == 5

    assert reclaim(0) == [0, 2, 1]  # dead: the lost record's state and index entries; the flushed one
    assert state.written_url("news", "fp-lost") is None  # fetched again, it is written
    assert state.written_url("news", "fp-kept") == "http://a/kept"
    assert state.get("news", "http://a/flushed").status == WRITTEN  # in a file: marked written
    assert "http://a/flushed" in list(state.written_urls("news"))
    assert not client.hexists("cc:state:news:pending", "fp-flushed")
    assert client.hexists("elsewhere:pending", "x")
    assert not client.exists(claims)
    # a copy of the lost story is now an original; the written one still has its copies
    assert index.check_and_insert("http://b/copy", signature(story + " more", config)) is None
    assert index.check_and_insert("http://b/kept-copy", signature(kept + " more", config)) == "http://a/kept"


def test_a_worker_killed_after_its_line_before_it_settles_its_claim_writes_it_once(server, make_redis, tmp_path):
    """The one round trip left between a line and its record's claims: the line is flushed to the
    worker's file and the worker dies before it tells Redis. The reclaiming worker of the same machine
    finds the line in the dead worker's file and keeps the claim (the page was written twice: the
    claim was released and the page fetched and written again)."""
    urls, counts, code, err, _ = _die_then_reclaim(
        server,
        make_redis,
        tmp_path,
        "settled",
        ("crawler.distributed.worker", "SharedDeduplicator", "written"),
        before=True,
        folders=("machine", "machine"),
    )

    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "marked written 1 it had written" in err, err[-3000:]
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled


# A worker that stalls (its reactor blocked, as on a frozen machine) on its ``nth`` call of a step,
# until the test creates the file ``go`` in its folder; ``reached`` says it is stalled there.
STALL_AT = (
    "import pathlib, sys, time, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "import {module} as where\n"
    "cls = getattr(where, {cls!r})\n"
    "step = getattr(cls, {method!r})\n"
    "calls = []\n"
    "def stalling(self, *args, **kwargs):\n"
    "    calls.append(1)\n"
    "    if len(calls) == {nth}:\n"
    "        pathlib.Path('reached').touch()\n"
    "        while not pathlib.Path('go').exists():\n"
    "            time.sleep(0.05)\n"
    "    return step(self, *args, **kwargs)\n"
    "setattr(cls, {method!r}, stalling)\n"
    "from crawler.cli.crawl import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _stall_until_reclaimed(server, make_redis, tmp_path, name: str, *, nth: int, extra=()):
    """A worker stalls on its ``nth`` record at the near-duplicate pipeline (after the dedup, before
    the write); a second worker joins and takes it for dead; then the stalled one goes on. Returns
    (article URLs, the stalled worker's exit status and stderr, the second one's)."""
    import redis

    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/{name}/{i}.html", article_html(f"Stalled story {i} of " + name)) for i in range(6)]
    sitemap = server.add_sitemap(f"/{name}.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=2", *extra, sitemap)
    code = STALL_AT.format(
        module="crawler.components.near_dup", cls="NearDuplicatePipeline", method="process_item", nth=nth
    )

    stalled = _start_child(code, [*args, "-s", "CLEANCRAWL_WORKER_ID=s1"], tmp_path / "m1")
    wait_for(lambda: (tmp_path / "m1" / "reached").exists() or stalled.poll() is not None, 90, "the stall")
    assert stalled.poll() is None, stalled.communicate()[1][-3000:]
    second = start_worker("cli.crawl", [*args, "-s", "CLEANCRAWL_WORKER_ID=s2"], tmp_path / "m2")
    client = redis.Redis.from_url(redis_server.url)
    # the second worker is in the run and has taken the stalled one for dead
    wait_for(
        lambda: (
            (
                client.zscore("cleancrawl:workers", "s2") is not None
                and client.zscore("cleancrawl:workers", "s1") is None
            )
            or second.poll() is not None
        ),
        90,
        "the stalled worker to be reclaimed",
    )
    client.close()
    (tmp_path / "m1" / "go").touch()
    return urls, ended(stalled), ended(second)


def test_a_worker_stalled_past_the_reclaim_time_writes_nothing_more(server, make_redis, tmp_path):
    """A live worker silent for longer than the reclaim time is taken for dead, and the worker that
    reclaims it writes its pages. The stalled one stops at its stall with a record that had passed
    the dedup and was about to be written: when it wakes, it must not write it too (it did: the
    page was in both workers' files). It stops (exit 1), saying why, and nothing is lost."""
    urls, (stalled_code, stalled_err), (code, err) = _stall_until_reclaimed(
        server, make_redis, tmp_path, "stall", nth=1
    )

    assert code == 0, err[-3000:]
    assert "of dead worker s1" in err, err[-3000:]
    assert stalled_code == 1, stalled_err[-3000:]
    assert "Traceback" not in stalled_err, stalled_err[-3000:]
    assert "taken for dead" in stalled_err.splitlines()[-1], stalled_err[-3000:]
    counts = url_counts(tmp_path, ["m1", "m2"])
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled


def test_a_worker_stalled_with_a_record_in_an_unwritten_gzip_member_exits_without_writing_it(
    server, make_redis, tmp_path
):
    """Stalled past the reclaim time with one record already in its open gzip member (its request
    done with, so unstored: reclaimed with the rest): closing its outputs would write that record a
    second time, so the worker exits at once, as the dead worker it was taken for."""
    urls, (stalled_code, stalled_err), (code, err) = _stall_until_reclaimed(
        server, make_redis, tmp_path, "gzstall", nth=2, extra=("-o", "out.jsonl.gz")
    )

    assert code == 0, err[-3000:]
    assert "of dead worker s1" in err, err[-3000:]
    assert stalled_code == 1, stalled_err[-3000:]
    assert "exits at once without writing them" in stalled_err, stalled_err[-3000:]
    records = [r for name in ("m1", "m2") for r in _gzip_records(tmp_path / name / "out.jsonl.gz")]
    counts = collections.Counter(r["url"] for r in records)
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled


def test_a_reclaimed_worker_is_fenced_by_every_script_until_it_rejoins(make_redis):
    """The scripts themselves, against a real redis-server: once a worker is reclaimed, its heartbeat,
    its next take, its dedup claim and its write fence all say so, and none of them lists it alive
    again or claims anything for it (a claim then would never be released); rejoining (holding
    nothing) or a new process under its id lifts it; a new run forgets it."""
    import redis

    from crawler.distributed.worker import _DEDUP, _FENCE, _JOIN, _RECLAIM, _REJOIN, _TAKE, _TOUCH, Keys

    client = redis.Redis.from_url(make_redis("--appendonly", "yes").url)
    keys = Keys("cc")

    def run(script: str, keys_: list[str], *args) -> object:
        return client.eval(script, len(keys_), *keys_, *args)

    def join(worker: str) -> list:
        return run(_JOIN, [keys.workers, keys.requests, keys.epoch, keys.gone, *keys.run()], worker, 60, "e1")

    def fenced(worker: str) -> dict[str, object]:
        return {
            "touch": run(_TOUCH, [keys.workers, keys.active, keys.epoch, keys.gone], worker, 1, "e1"),
            "take": run(_TAKE, [keys.requests, keys.taken(worker), keys.epoch, keys.gone], "e1", worker),
            "dedup": run(
                _DEDUP,
                [keys.article_urls, keys.article_fingerprints, keys.epoch, keys.pending(worker), keys.gone],
                "e1",
                worker,
                "fp-1",
                "n/1",
            ),
            "fence": run(_FENCE, [keys.workers, keys.gone, keys.epoch], worker, "e1"),
        }

    assert join("w1")[0] == 1  # a new run
    client.zadd(keys.requests, {b"request-1": 0, b"request-2": 0})
    assert run(_RECLAIM, keys.reclaim("w1"), "w1", 0, "cc:state") == [0, 0, 0]

    assert fenced("w1") == {"touch": -2, "take": [2], "dedup": b"taken-for-dead", "fence": b"taken-for-dead"}
    assert client.zscore(keys.workers, "w1") is None  # not listed alive again
    assert client.zcard(keys.requests) == 2 and not client.exists(keys.taken("w1"))  # nothing taken
    assert not client.exists(keys.pending("w1")) and not client.exists(keys.article_urls)  # nothing claimed

    assert run(_REJOIN, [keys.workers, keys.gone, keys.epoch], "w1", "e1") == 1
    verdicts = fenced("w1")
    assert verdicts["touch"] >= 0 and verdicts["take"][0] == 1 and verdicts["dedup"] is None, verdicts
    assert verdicts["fence"] == b"ok"

    assert run(_RECLAIM, keys.reclaim("w1"), "w1", 0, "cc:state")[0] == 1  # its taken request goes back
    assert client.sismember(keys.gone, "w1")
    assert join("w1")[0] == 0 and not client.sismember(keys.gone, "w1")  # a new process under its id
    run(_RECLAIM, keys.reclaim("w1"), "w1", 0, "cc:state")
    client.delete(keys.requests, keys.workers)
    assert join("w2")[0] == 1 and not client.exists(keys.gone)  # a new run forgets who was gone


# A worker that dies (SIGKILL, its process group) right after it settled its first article page's
# request: with gzip output, that page's record is then in a gzip member not yet written.
DIE_AFTER_SETTLE = (
    "import os, signal, sys, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "from crawler.distributed.worker import Membership\n"
    "settle = Membership.settle\n"
    "def dying(self, request):\n"
    "    settle(self, request)\n"
    "    if request.url.endswith('.html'):\n"
    "        os.killpg(os.getpgid(0), signal.SIGKILL)\n"
    "Membership.settle = dying\n"
    "from crawler.cli.crawl import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _gzip_records(path: Path) -> list[dict]:
    """The records of a ``.jsonl.gz`` file's complete members (what any reader gets)."""
    from output.jsonlines import gzip_members

    if not path.exists():
        return []
    with path.open("rb") as fh:
        return [json.loads(line) for _, data in gzip_members(fh) for line in data.splitlines()]


def _output_records(path: Path) -> list[dict]:
    """The records any reader gets from a ``.jsonl.gz`` (complete members) or ``.parquet`` output."""
    if path.suffix != ".parquet":
        return _gzip_records(path)
    if not path.exists():
        return []
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=["url"]).to_pylist()


@pytest.mark.parametrize("output", ["out.jsonl.gz", "out.parquet"])
def test_a_worker_killed_with_a_record_not_yet_in_its_gzip_or_parquet_file_loses_nothing(
    server, make_redis, tmp_path, output
):
    """With .jsonl.gz output a record is in the file only once its gzip member is written (64
    records or 2 s later); with Parquet, once the file is (at the end of the crawl). A worker
    killed after the page's request was settled but before that lost the page for the run: its
    request was no longer its own, so nothing brought it back. The request now stays the worker's
    until the record is in its file."""
    redis_server = make_redis("--appendonly", "yes")
    urls = [server.add(f"/gz/{i}.html", article_html(f"Gzipped story {i}")) for i in range(6)]
    sitemap = server.add_sitemap("/gz.xml", urls)
    args = worker_args(redis_server.url, "-s", "CONCURRENT_REQUESTS=1", "-o", output, sitemap)

    dying = _start_child(DIE_AFTER_SETTLE, args, tmp_path / "m1")
    code, err = ended(dying)
    assert code == -signal.SIGKILL, err[-3000:]
    code, err = ended(start_worker("cli.crawl", args, tmp_path / "m2"))

    assert code == 0, err[-3000:]
    assert "of dead worker" in err or "resumes the run" in err, err[-3000:]
    records = [r for name in ("m1", "m2") for r in _output_records(tmp_path / name / output)]
    counts = collections.Counter(r["url"] for r in records)
    assert sorted(counts) == sorted(urls), sorted(set(urls) - set(counts))  # 0 lost
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}  # 0 doubled


def test_no_worker_is_reclaimed_for_the_time_redis_itself_was_down(make_redis):
    """Redis restarted (AOF): every worker was silent while it was down, by its own clock, so the
    first worker back took the others for dead and released the claims of lines they had just
    written (a page written twice, seen in CI). A worker's silence counts only while Redis is up."""
    import redis
    from scrapy.utils.test import get_crawler

    from crawler.distributed.worker import Keys, Membership

    redis_server = make_redis("--appendonly", "yes")
    client = redis.Redis.from_url(redis_server.url)
    keys = Keys("cleancrawl")

    def member(reclaim: float) -> Membership:
        settings = {
            "CLEANCRAWL_REDIS_URL": redis_server.url,
            "CLEANCRAWL_WORKER_ID": "live",
            "CLEANCRAWL_REDIS_RECLAIM_SECONDS": reclaim,
        }
        return Membership(get_crawler(settings_dict=settings))

    seconds, _ = client.time()
    client.zadd(keys.workers, {"quiet": seconds - 30})  # last heard from 30 s ago (its clock)
    client.zadd(keys.taken("quiet"), {b"request": 0})

    assert member(reclaim=20).reclaim_dead() == 0  # Redis has been up for less than 20 s
    assert client.zscore(keys.workers, "quiet") is not None and client.zcard(keys.requests) == 0
    time.sleep(1.2)
    assert member(reclaim=1).reclaim_dead() == 1  # up for longer than the reclaim time: dead
    assert client.zcard(keys.requests) == 1
