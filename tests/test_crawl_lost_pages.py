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
