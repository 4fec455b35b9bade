"""Incremental crawls: a re-run fetches only new or changed articles (counted at the server) and
writes no record twice across runs; --full fetches and writes everything again. Plus the state
stores themselves (SQLite, Redis) and the recovery of a killed crawl's pending records."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from newssite import NewsSite

from crawler.safety import safe_paths
from crawler.state.crawl_state import (
    DROPPED,
    DUPLICATE,
    WRITTEN,
    PageState,
    RedisCrawlState,
    Run,
    SQLiteCrawlState,
    lastmod_unchanged,
    open_state,
    repair_jsonl,
)


def _records(tmp_path: Path, source: str) -> dict[str, list[dict]]:
    """Records by output file of the default layout, oldest file first."""
    files = sorted((tmp_path / "data" / source).glob("*.jsonl"))
    return {f.name: [json.loads(line) for line in f.read_text().splitlines()] for f in files}


@pytest.fixture
def crawl_site(run_cleancrawl, fast_settings, tmp_path):
    """``crawl_site(site, *args)``: one `cleancrawl crawl` of the site's sitemap (default layout);
    returns (process, the records of the file this crawl wrote, or [])."""

    def run(site: NewsSite, *args: str, start: str | None = "/sitemap.xml", source: str | None = None):
        source = source or site.source
        before = set(_records(tmp_path, source))
        time.sleep(1.01 - time.time() % 1)  # output files are named to the second: one per crawl
        urls = [site.base + start] if start else []
        proc = run_cleancrawl("cli.crawl", [*fast_settings, *urls, *args])
        assert proc.returncode == 0, proc.stdout + proc.stderr
        new = {k: v for k, v in _records(tmp_path, source).items() if k not in before}
        assert len(new) <= 1
        return proc, next(iter(new.values()), [])

    return run


def test_second_run_fetches_no_unchanged_article_and_writes_nothing(crawl_site):
    with NewsSite(80) as site:
        _, first = crawl_site(site)
        assert sorted(r["url"] for r in first) == sorted(site.base + p for p in site.pages)
        assert site.article_hits() == 80

        site.reset_counts()
        proc, second = crawl_site(site)
        # Every article is listed with an unchanged <lastmod>: not one is requested.
        assert site.article_hits() == 0, site.hits
        assert second == []
        assert "skipped_lastmod 80" in proc.stderr

        site.reset_counts()
        site.change("story-007")
        site.add("story-new")
        _, third = crawl_site(site)
        assert sorted(r["url"] for r in third) == [site.url("story-007"), site.url("story-new")]
        assert "version 1" in next(r["text"] for r in third if r["url"] == site.url("story-007"))
        assert site.article_hits() == 2

        site.reset_counts()
        proc, full = crawl_site(site, "--full")
        assert site.article_hits() == 81
        assert len(full) == 81

        # --full still updated the state: the next incremental run has nothing to do.
        site.reset_counts()
        _, after = crawl_site(site)
        assert site.article_hits() == 0 and after == []


def test_without_lastmod_a_conditional_request_gets_304_and_writes_nothing(crawl_site):
    with NewsSite(60, lastmod=False) as site:
        _, first = crawl_site(site)
        assert len(first) == 60

        site.reset_counts()
        site.change("story-010")
        proc, second = crawl_site(site)
        # Every article is asked for, but only the changed one is sent in full.
        assert site.article_hits() == 60
        assert site.article_fetches() == 1
        assert [r["url"] for r in second] == [site.url("story-010")]
        assert "not_modified 59" in proc.stderr


def test_without_validators_unchanged_words_are_not_written_again(crawl_site):
    with NewsSite(60, lastmod=False, validators=False) as site:
        _, first = crawl_site(site)
        assert len(first) == 60

        site.reset_counts()
        site.restyle("story-001")  # new markup, same words: no new record
        site.change("story-002")
        proc, second = crawl_site(site)
        assert site.article_fetches() == 60  # nothing tells the crawler they did not change...
        assert [r["url"] for r in second] == [site.url("story-002")]  # ...but only new words are written
        assert "unchanged 59" in proc.stderr


def test_a_server_with_no_validators_gets_each_article_written_once_over_many_runs(crawl_site):
    # Nothing (no ETag, Last-Modified or lastmod) tells the crawler a page is unchanged: every run
    # fetches every page, and only the words say it was written before. A drop of unchanged words
    # must leave the page's written state as it was, or the run after writes it all again.
    with NewsSite(20, lastmod=False, validators=False) as site:
        counts = [len(crawl_site(site)[1]) for _ in range(4)]
        assert counts == [20, 0, 0, 0]


def test_link_crawl_asks_conditionally_for_leaf_pages_only(crawl_site, tmp_path):
    with NewsSite(60, lastmod=False) as site:
        # The home page links to every article; the articles' links are not followed (max_depth 1).
        (tmp_path / "sources.toml").write_text(f'[sources.site]\nurls = ["{site.base}/"]\nmax_depth = 1\n')
        crawl = ["--sources", "sources.toml"]
        _, first = crawl_site(site, *crawl, start=None, source="site")
        assert len(first) == 60

        site.reset_counts()
        site.add("story-new")
        _, second = crawl_site(site, *crawl, start=None, source="site")
        assert site.full["/"] == 1  # a followed page is always fetched in full: new links are found
        assert site.article_fetches() == 1
        assert [r["url"] for r in second] == [site.url("story-new")]


def test_state_off_and_state_url_are_honoured(crawl_site, tmp_path):
    with NewsSite(60) as site:
        crawl_site(site, "--state", "off")
        assert not (tmp_path / "data" / "state.sqlite3").exists()
        crawl_site(site, "--state", "sqlite:///elsewhere/state.db")
        site.reset_counts()
        _, again = crawl_site(site, "--state", "sqlite:///elsewhere/state.db")
        assert (tmp_path / "elsewhere" / "state.db").exists()
        assert site.article_hits() == 0 and again == []


def test_output_stored_at_the_end_is_marked_written_when_stored(run_cleancrawl, fast_settings, tmp_path):
    with NewsSite(60) as site:
        crawl = [*fast_settings, site.base + "/sitemap.xml", "-o", "out.jsonl.gz"]
        assert run_cleancrawl("cli.crawl", crawl).returncode == 0
        assert len(gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).splitlines()) == 60

        site.reset_counts()
        proc = run_cleancrawl("cli.crawl", crawl)
        assert proc.returncode == 0 and site.article_hits() == 0, proc.stderr


# --- the stores ---------------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _exercise(state) -> None:
    """The CrawlState contract, the same for every store."""
    assert state.get("news", "http://n/a") is None
    assert state.written_url("news", "fp-a") is None
    run = Run.current(["unused.jsonl"])
    state.start_run(run)
    state.begin_write("news", "fp-a", "http://n/a", run.run_id)
    # Pending: another crawl must not write the same words meanwhile.
    assert state.written_url("news", "fp-a") == "http://n/a"
    assert state.get("news", "http://n/a") is None  # ...but the page is not done yet
    state.record("news", PageState("http://n/a", WRITTEN, "fp-a", etag='"e1"', lastmod="2026-11-01"))
    page = state.get("news", "http://n/a")
    assert page.done and page.etag == '"e1"' and page.fingerprint == "fp-a"
    assert state.written_url("news", "fp-a") == "http://n/a"
    assert state.written_url("other", "fp-a") is None  # sources do not see each other
    # New words for the page: the old ones no longer count as written.
    state.record("news", PageState("http://n/a", WRITTEN, "fp-b"))
    assert state.written_url("news", "fp-a") is None and state.written_url("news", "fp-b") == "http://n/a"
    # Fetched again, its words dropped as already written: it stays written, with fresher validators.
    state.record("news", PageState("http://n/a", DUPLICATE, "fp-b", etag='"e2"'))
    page = state.get("news", "http://n/a")
    assert (page.status, page.fingerprint, page.etag) == (WRITTEN, "fp-b", '"e2"')
    assert state.written_url("news", "fp-b") == "http://n/a"
    state.record("news", PageState("http://n/menu", DROPPED))
    assert state.get("news", "http://n/menu").done
    state.finish_run(run.run_id)
    assert state.recover().runs == 0


def _exercise_recovery(state, tmp_path: Path) -> None:
    """A killed crawl: two of its three pending records made it to its file (plus half a line)."""
    out = tmp_path / "killed.jsonl"
    lines = [json.dumps({"url": f"http://n/{k}", "source": "news", "fingerprint": f"fp-{k}"}) for k in "xy"]
    out.write_text("\n".join(lines) + '\n{"url": "http://n/z", "sour')
    dead = Run("ghost:1", socket.gethostname(), _dead_pid(), (str(out),), 1.0)
    # as a real crawl does: its outputs are in its data folder and carry its run token (crawler/safety/safe_paths.py)
    safe_paths.configure(tmp_path)
    safe_paths.claim(dead.outputs, dead.run_id)
    state.start_run(dead)
    for key in "xyz":
        state.begin_write("news", f"fp-{key}", f"http://n/{key}", dead.run_id)
    alive = Run.current([str(tmp_path / "live.jsonl")])
    state.start_run(alive)
    state.begin_write("news", "fp-live", "http://n/live", alive.run_id)

    report = state.recover()

    assert (report.runs, report.written, report.forgotten) == (1, 2, 1)
    assert report.repaired_files == [str(out)]
    assert out.read_text() == "\n".join(lines) + "\n"
    assert state.get("news", "http://n/x").status == WRITTEN
    assert state.get("news", "http://n/z") is None and state.written_url("news", "fp-z") is None
    assert state.written_url("news", "fp-live") == "http://n/live"  # a live crawl is left alone
    assert state.recover().runs == 0


def test_sqlite_state(tmp_path):
    state = SQLiteCrawlState(tmp_path / "state.sqlite3")
    _exercise(state)
    _exercise_recovery(state, tmp_path)
    state.close()
    # A second connection (another crawl process) sees the same state.
    again = SQLiteCrawlState(tmp_path / "state.sqlite3")
    assert again.get("news", "http://n/x").fingerprint == "fp-x"
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_redis_state(redis_url, tmp_path):
    state = RedisCrawlState(redis_url, prefix="t1")
    _exercise(state)
    _exercise_recovery(state, tmp_path)
    # Another prefix is another crawl.
    assert RedisCrawlState(redis_url, prefix="t2").get("news", "http://n/x") is None
    state.close()


def test_open_state_follows_the_setting(tmp_path, redis_url):
    from scrapy.settings import Settings

    def opened(**values):
        return open_state(Settings({"CLEANCRAWL_DATA_DIR": str(tmp_path / "d"), **values}))

    default = opened()
    assert isinstance(default, SQLiteCrawlState) and default.path == tmp_path / "d" / "state.sqlite3"
    assert opened(CLEANCRAWL_STATE="off") is None
    assert opened(CLEANCRAWL_STATE=f"sqlite:///{tmp_path}/x.db").path == tmp_path / "x.db"
    assert isinstance(opened(CLEANCRAWL_STATE=redis_url), RedisCrawlState)
    with pytest.raises(ValueError, match="CLEANCRAWL_STATE='ftp://x'"):
        opened(CLEANCRAWL_STATE="ftp://x")


def test_lastmod_and_repair_helpers(tmp_path):
    done = PageState("u", WRITTEN, lastmod="2026-11-20T10:00:00+00:00")
    assert lastmod_unchanged(done, "2026-11-20T10:00:00Z")
    assert lastmod_unchanged(done, "2026-11-19")
    assert not lastmod_unchanged(done, "2026-11-20T10:00:01Z")
    assert not lastmod_unchanged(done, None) and not lastmod_unchanged(done, "yesterday")
    assert not lastmod_unchanged(PageState("u", WRITTEN), "2026-11-19")
    assert not lastmod_unchanged(None, "2026-11-19")

    whole = tmp_path / "whole.jsonl"
    whole.write_text('{"a": 1}\n')
    assert not repair_jsonl(whole) and whole.read_text() == '{"a": 1}\n'
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b'{"a": 1}\n{"b": ' + b"x" * 100_000)
    assert repair_jsonl(cut) and cut.read_text() == '{"a": 1}\n'
    half = tmp_path / "half.jsonl"
    half.write_text('{"a"')
    assert repair_jsonl(half) and half.read_text() == ""
    assert not repair_jsonl(tmp_path / "missing.jsonl")


def test_a_run_is_dead_once_its_process_is_gone_even_if_its_pid_is_reused():
    assert Run.current().is_alive()
    assert not Run("r", socket.gethostname(), _dead_pid(), (), time.time()).is_alive()
    # This process's pid, recorded by a crawl that started long before this process did.
    assert not Run("r", socket.gethostname(), os.getpid(), (), time.time() - 10 * 24 * 3600).is_alive()
    assert Run("r", "another-host", _dead_pid(), (), 0).is_alive()  # its own host recovers it


def test_a_304_lets_autothrottle_lower_its_delay_as_a_200_does():
    # Scrapy's AutoThrottle never lowers the delay on a non-200: a re-run answered with 304s stayed
    # at the 1 s start delay a request (benchmarks/crawl.py measures the re-run itself).
    from scrapy.core.downloader import Slot
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from crawler.components.middlewares import NotModifiedAutoThrottle

    throttle = NotModifiedAutoThrottle(get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True}))
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    delays = {}
    for status in (200, 304):
        slot = Slot(concurrency=4, delay=1.0, jitter=0)
        for _ in range(5):
            throttle._adjust_delay(slot, 0.004, Response("http://127.0.0.1/a", status=status))
        delays[status] = slot.delay
    assert delays[304] == delays[200] < 0.1


@pytest.mark.parametrize("lastmod", [False, True], ids=["304", "lastmod"])
def test_max_pages_counts_only_pages_fetched_in_full(crawl_site, tmp_path, lastmod):
    # A page answered 304 (or skipped for its lastmod) costs nothing: a later run still reaches the
    # pages the budget kept the first run from.
    with NewsSite(40, lastmod=lastmod) as site:
        (tmp_path / "sources.toml").write_text(f'[sources.site]\nurls = ["{site.base}/sitemap.xml"]\nmax_pages = 30\n')
        crawl = ["--sources", "sources.toml"]
        _, first = crawl_site(site, *crawl, start=None, source="site")
        assert len(first) == 30 and site.article_fetches() == 30

        site.reset_counts()
        _, second = crawl_site(site, *crawl, start=None, source="site")
        assert {r["url"] for r in first} | {r["url"] for r in second} == {site.base + p for p in site.pages}
        assert len(second) == 10 and site.article_fetches() == 10


def test_unchanged_articles_do_not_close_their_url_family_to_a_rerun(crawl_site, tmp_path):
    # A re-run of a server with no validators fetches every linked article again and drops its
    # words as unchanged: they are articles still, so the URL-family trap guard (crawler/safety/traps.py)
    # must not take the family for one that gives none and stop following it before the changed one.
    with NewsSite(12, validators=False, lastmod=False) as site:
        (tmp_path / "sources.toml").write_text(f'[sources.site]\nurls = ["{site.base}/"]\nmax_depth = 2\n')
        crawl = ["--sources", "sources.toml", "-s", "CLEANCRAWL_TRAP_FAMILY_PAGES=4", "-s", "CONCURRENT_REQUESTS=1"]
        _, first = crawl_site(site, *crawl, start=None, source="site")
        assert len(first) == 12
        # Links are fetched one at a time, the start page's last first: the first one changes.
        site.change("story-000")

        proc, second = crawl_site(site, *crawl, start=None, source="site")
        assert [r["url"] for r in second] == [site.url("story-000")], proc.stderr
        assert "trap/family" not in proc.stderr
