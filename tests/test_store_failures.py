"""Disk full anywhere the crawl writes besides its output: the crawl state, the near-duplicate
index, the site-repetition counts, the WARC archive. The crawl stops with exit 1 and one line
naming the store; its summary counts only records really in the output; what the state marks
written is in the output; and the next crawl writes exactly the articles that were not.

The failure is injected where the store raises it (its write method raises SQLite's own
"database or disk is full" after a few calls), in the crawl's own process; the WARC case uses a
real kernel error (RLIMIT_FSIZE makes writes past a size fail with EFBIG)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import FAST, ROOT, read_jsonl, run_command
from newssite import NewsSite

from crawler.state.crawl_state import WRITTEN, SQLiteCrawlState

ARTICLES = 24
FULL = "database or disk is full"

# The crawl command, with one store's write method failing after its first `after` calls.
_FAILING = (
    "import sqlite3, sys, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "import {module} as store\n"
    "real, calls = store.{cls}.{method}, [0]\n"
    "def failing(self, *args, **kwargs):\n"
    "    calls[0] += 1\n"
    "    if calls[0] > {after}:\n"
    "        raise sqlite3.OperationalError({full!r})\n"
    "    return real(self, *args, **kwargs)\n"
    "store.{cls}.{method} = failing\n"
    "from crawler.cli.crawl import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)

STORES = {
    # (module, class, method): the write that fails
    "state-begin-write": ("crawler.state.crawl_state", "SQLiteCrawlState", "begin_write"),
    # the line is already in the output when the state cannot mark it: the next crawl recovers it
    "state-record": ("crawler.state.crawl_state", "SQLiteCrawlState", "record"),
    "near-dup-index": ("output.near_dup", "SQLiteNearDupIndex", "check_and_insert"),
    "site-repetition-counts": ("crawler.state.site_counts", "SQLiteSiteCounts", "observe"),
}


def _failing_crawl(tmp_path: Path, store: tuple[str, str, str], *args: str) -> subprocess.CompletedProcess:
    module, cls, method = store
    code = _FAILING.format(module=module, cls=cls, method=method, after=5, full=FULL)
    return subprocess.run(
        [sys.executable, "-c", code, *FAST, "-s", "CONCURRENT_REQUESTS=2", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )


def _summary_written(stderr: str) -> int:
    match = re.search(r"^(\d+) articles written", stderr, re.MULTILINE)
    assert match, stderr
    return int(match.group(1))


def _exit_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleancrawl crawl:")]


@pytest.mark.parametrize("name", list(STORES))
def test_a_store_that_fills_up_stops_the_crawl_and_loses_nothing(tmp_path, name):
    with NewsSite(ARTICLES) as site:
        out = tmp_path / "out.jsonl"
        failed = _failing_crawl(tmp_path, STORES[name], site.base + "/sitemap.xml", "-o", str(out))

        assert failed.returncode == 1, failed.stderr
        assert "Traceback" not in failed.stderr, failed.stderr
        said = _exit_lines(failed.stderr)
        assert len(said) == 1 and FULL in said[0], failed.stderr
        assert failed.stderr.count(FULL) <= 2, failed.stderr  # the error logged once, and that line
        first, _ = read_jsonl(out)
        assert 1 <= len(first) < ARTICLES
        assert _summary_written(failed.stderr) == len(first), failed.stderr
        state = SQLiteCrawlState(tmp_path / "data" / "state.sqlite3")
        marked = {p.url for p in state.pages(site.source) if p.status == WRITTEN}
        state.close()
        assert marked <= {r["url"] for r in first}  # what the state marks written is in the output

        # The disk has room again: the next crawl writes exactly what the first did not.
        again = run_command("cli.crawl", [*FAST, site.base + "/sitemap.xml", "-o", str(out)], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        records, _ = read_jsonl(out)
        counts = Counter(r["url"] for r in records)
        assert [u for u, n in counts.items() if n > 1] == []
        assert set(counts) == {site.base + p for p in site.pages}


def _limit_file_size(limit: int):
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), no signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_warc_archive_that_cannot_be_written_stops_the_crawl_with_one_line(tmp_path, redis_url):
    """(The state is in Redis and the output on standard output, so the WARC file is the only file
    the limit can stop.)"""
    with NewsSite(ARTICLES) as site:
        proc = subprocess.run(
            [sys.executable, "-c", "import sys\nfrom crawler.cli.crawl import main\nsys.exit(main(sys.argv[1:]))",
             *FAST, site.base + "/sitemap.xml", "-o", "-", "--warc", "warc", "--state", redis_url],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
            # (no .pyc written under the limit: a cut-off one would break every later import)
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                 "PYTHONDONTWRITEBYTECODE": "1"},
            preexec_fn=_limit_file_size(20_000),
        )  # fmt: skip

        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr, proc.stderr
        said = _exit_lines(proc.stderr)
        assert len(said) == 1 and "WARC" in said[0], proc.stderr
        assert _summary_written(proc.stderr) == len([x for x in proc.stdout.splitlines() if x.strip()])


def _mount_small_tmpfs(folder: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


def test_a_full_disk_under_the_data_folder_stops_the_crawl_and_the_next_one_completes_it(tmp_path):
    """The default layout: output, state, near-duplicate index and site-repetition counts all on
    one small file system that fills up. Before: hundreds of errors, 'finished', exit 0, a summary
    counting records never written."""
    data = tmp_path / "data"
    _mount_small_tmpfs(data, "300k")
    try:
        with NewsSite(120) as site:
            full = run_command("cli.crawl", [*FAST, site.base + "/sitemap.xml"], cwd=tmp_path)

            assert full.returncode == 1, full.stderr
            assert len(_exit_lines(full.stderr)) == 1, full.stderr
            files = lambda: sorted((data / site.source).glob("*.jsonl"))  # noqa: E731
            first = [r for f in files() for r in read_jsonl(f)[0]]
            assert _summary_written(full.stderr) == len(first) < 120, full.stderr

            subprocess.run(["mount", "-o", "remount,size=50m", str(data)], check=True)  # room again
            again = run_command("cli.crawl", [*FAST, site.base + "/sitemap.xml"], cwd=tmp_path)
            assert again.returncode == 0, again.stderr
            counts = Counter(r["url"] for f in files() for r in read_jsonl(f)[0])
            assert [u for u, n in counts.items() if n > 1] == []
            assert set(counts) == {site.base + p for p in site.pages}
    finally:
        subprocess.run(["umount", str(data)], check=False)
