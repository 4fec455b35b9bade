"""A page the crawl fetched but could not clean (its cleaning worker was killed) is a failure of
the run: counted, named in the summary, exit status 1, never marked done in the crawl state, so
the next crawl fetches and writes it."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from mockserver import article_html
from slow_cleaning import slow_cleaning_options

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forkserver, SIGKILL")


def _kill_the_first_marked_worker(marks: Path, killed: list[tuple[int, str]], stop: threading.Event) -> None:
    """SIGKILL the first worker that says (a file named by its pid) it holds the victim page."""
    while not stop.is_set():
        for mark in marks.iterdir():
            if mark.suffix != ".tmp":
                pid = int(mark.name)
                killed.append((pid, mark.read_text(encoding="utf-8")))
                os.kill(pid, signal.SIGKILL)
                return
        time.sleep(0.05)


def test_a_page_lost_to_a_killed_cleaning_worker_fails_the_run_and_is_written_next_run(server, crawl, tmp_path):
    victim = server.add("/victim.html", article_html("Victim story"))
    fine = [server.add(f"/fine{i}.html", article_html(f"Fine story {i}")) for i in range(4)]
    server.add_sitemap("/sm.xml", [victim, *fine])
    marks = tmp_path / "marks"
    marks.mkdir()
    killed: list[tuple[int, str]] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_the_first_marked_worker, args=(marks, killed, stop), daemon=True)
    killer.start()
    try:
        hook = slow_cleaning_options(tmp_path, delay=60, matching="/victim.html", marks=marks)
        first = crawl(server.url("/sm.xml"), *hook)
    finally:
        stop.set()
        killer.join(5)

    assert killed and killed[0][1] == victim, first.stderr
    assert first.returncode == 1, first.stderr
    assert sorted(r["url"] for r in first.records) == sorted(fine)
    summary = first.stderr[first.stderr.index("articles written from") :]
    assert "not cleaned (not marked done: fetched again next run): worker-crashed 1" in summary, first.stderr
    assert "1 page(s) could not be cleaned" in first.stderr

    # The state did not mark it done: the next crawl (same data folder) fetches and writes it.
    second = crawl(server.url("/sm.xml"), output="again.jsonl")
    assert second.returncode == 0, second.stderr
    assert [r["url"] for r in second.records] == [victim], second.stderr


def _sitemap_with_lastmod(urls: list[str], lastmod: str) -> str:
    entries = "".join(f"<url><loc>{url}</loc><lastmod>{lastmod}</lastmod></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def test_a_page_that_hangs_the_cleaner_every_run_is_given_up_after_max_attempts(server, crawl, tmp_path):
    """A poison page (here: its cleaning outlasts CLEANCRAWL_PAGE_TIMEOUT every time) fails runs 1
    and 2 (exit 1, fetched again); run 3 gives it up: a counted, logged cleaning-failed rejection,
    exit 0; run 4 does not fetch it (done, its sitemap lastmod unchanged)."""
    victim = server.add("/victim.html", article_html("Victim story"))
    fine = [server.add(f"/fine{i}.html", article_html(f"Fine story {i}")) for i in range(2)]
    server.add("/sm.xml", _sitemap_with_lastmod([victim, *fine], "2026-12-01"), content_type="application/xml")
    options = [
        *slow_cleaning_options(tmp_path, delay=120, matching="/victim.html"),
        "-s", "CLEANCRAWL_PAGE_TIMEOUT=5",
        "-s", "CLEANCRAWL_MAX_CLEANING_ATTEMPTS=3",
    ]

    for run in (1, 2):
        result = crawl(server.url("/sm.xml"), *options, output=f"run{run}.jsonl")
        assert result.returncode == 1, result.stderr
        assert "not cleaned (not marked done: fetched again next run): cleaner-timeout 1" in result.stderr
        assert "giving up" not in result.stderr
    assert len(server.hits["/victim.html"]) == 2

    third = crawl(server.url("/sm.xml"), *options, output="run3.jsonl")
    assert third.returncode == 0, third.stderr
    assert len(server.hits["/victim.html"]) == 3
    summary = third.stderr[third.stderr.index("articles written from") :]
    assert "cleaning-failed 1" in summary, third.stderr
    assert "given up (cleaning failed too many runs in a row; done unless it changes): cleaner-timeout 1" in summary
    assert "not cleaned" not in summary, third.stderr
    warnings = [line for line in third.stderr.splitlines() if "giving up on" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0] and victim in warnings[0], third.stderr
    assert "failed 3 runs in a row" in warnings[0]

    fourth = crawl(server.url("/sm.xml"), *options, output="run4.jsonl")
    assert fourth.returncode == 0, fourth.stderr
    assert len(server.hits["/victim.html"]) == 3, "a page given up is fetched again"
    assert "cleaning-failed" not in fourth.stderr


def test_a_bad_max_cleaning_attempts_exits_2_before_any_work(server, crawl):
    page = server.add("/a.html", article_html("A story"))
    result = crawl(page, "-s", "CLEANCRAWL_MAX_CLEANING_ATTEMPTS=-1")
    assert result.returncode == 2, result.stderr
    assert "CLEANCRAWL_MAX_CLEANING_ATTEMPTS" in result.stderr
    assert not server.hits
