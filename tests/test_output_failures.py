"""An output that cannot be written: the crawl state marks written only the records whose lines
really reached the file, and the crawl exits 1 saying which output failed.

Two real kernel write errors on a durable local file: ``/dev/full`` (every write fails with
ENOSPC) and a file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG), which makes the
failure happen mid-run, after some lines were written and with half a line cut off."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import _CHILD, FAST, ROOT, read_jsonl, run_command
from newssite import NewsSite

from crawler.state.crawl_state import SQLiteCrawlState


def _crawl(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_command("cli.crawl", [*FAST, *args], cwd=tmp_path)


def _message_lines(stderr: str, output: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleancrawl crawl:") and output in line]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_whose_writes_all_fail_marks_nothing_written_and_exits_1(tmp_path):
    with NewsSite(6) as site:
        failed = _crawl(tmp_path, site.base + "/sitemap.xml", "-o", "/dev/full")

        assert failed.returncode == 1, failed.stderr
        assert len(_message_lines(failed.stderr, "/dev/full")) == 1, failed.stderr
        state = SQLiteCrawlState(tmp_path / "data" / "state.sqlite3")
        assert [p.url for p in state.pages(site.source) if p.status == "written"] == []
        state.close()
        # Nothing was taken for written: the next crawl, to a file that works, writes every article.
        again = _crawl(tmp_path, site.base + "/sitemap.xml", "-o", "out.jsonl")
        assert again.returncode == 0, again.stderr
        records, _ = read_jsonl(tmp_path / "out.jsonl")
        assert sorted(r["url"] for r in records) == sorted(site.base + path for path in site.pages)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_the_demo_says_so_too(tmp_path):
    proc = run_command("cli.demo", ["-o", "/dev/full"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    said = "cleancrawl demo: could not write to /dev/full"
    assert [line for line in proc.stderr.splitlines() if line.startswith(said)], proc.stderr


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), no signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_that_fails_mid_run_marks_only_the_lines_written(tmp_path, redis_url):
    """The crawl process may write no file beyond a few records' size, so its output fails part
    way through a line. (The state is in Redis, so the output is the only file it grows.)"""
    state = ["--state", redis_url]
    with NewsSite(12) as site:
        # One whole record's size, to set the limit between the 3rd and the 4th line.
        probe = _crawl(tmp_path, site.url("story-000"), "-o", "probe.jsonl", "--state", "off")
        assert probe.returncode == 0, probe.stderr
        line = len((tmp_path / "probe.jsonl").read_bytes())
        out = tmp_path / "out.jsonl"
        limited = subprocess.run(
            [sys.executable, "-c", _CHILD.format(module="cli.crawl"), *FAST, "-s", "CONCURRENT_REQUESTS=1",
             site.base + "/sitemap.xml", "-o", str(out), *state],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            preexec_fn=_limit_file_size(int(line * 3.5)),
        )

        assert limited.returncode == 1, limited.stderr
        assert "Traceback" not in limited.stderr, limited.stderr
        assert len(_message_lines(limited.stderr, str(out))) == 1, limited.stderr
        data = out.read_bytes()
        assert data.endswith(b"\n"), "the half-written last line is cut off"
        first = [json.loads(x) for x in data.splitlines()]
        assert 1 <= len(first) < 12
        # The next crawl writes exactly the articles whose lines did not make it.
        again = _crawl(tmp_path, site.base + "/sitemap.xml", "-o", "again.jsonl", *state)
        assert again.returncode == 0, again.stderr
        second, _ = read_jsonl(tmp_path / "again.jsonl")
        urls = [r["url"] for r in first + second]
        assert len(urls) == len(set(urls)) == 12, (len(first), len(second))


def test_a_gzip_output_that_fills_up_counts_only_the_members_written(tmp_path, redis_url):
    """-o out.jsonl.gz: records wait for their gzip member; when the member cannot be written,
    the summary must not count them, the state must not mark them, and the next crawl writes
    them (once)."""
    import gzip
    import re

    state = ["--state", redis_url]
    with NewsSite(20, delay=0.15) as site:
        out = tmp_path / "out.jsonl.gz"
        limited = subprocess.run(
            [sys.executable, "-c", _CHILD.format(module="cli.crawl"), *FAST, "-s", "CONCURRENT_REQUESTS=2",
             site.base + "/sitemap.xml", "-o", str(out), *state],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
            # (no .pyc written under the limit: a cut-off one would break every later import)
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                 "PYTHONDONTWRITEBYTECODE": "1"},
            preexec_fn=_limit_file_size(1000),
        )  # fmt: skip

        assert limited.returncode == 1, limited.stderr
        assert "Traceback" not in limited.stderr, limited.stderr
        assert len(_message_lines(limited.stderr, str(out))) == 1, limited.stderr
        first = [json.loads(x) for x in gzip.decompress(out.read_bytes()).splitlines()] if out.exists() else []
        summary = re.search(r"^(\d+) articles written", limited.stderr, re.MULTILINE)
        assert summary and int(summary.group(1)) == len(first), limited.stderr
        again = _crawl(tmp_path, site.base + "/sitemap.xml", "-o", str(out), *state)
        assert again.returncode == 0, again.stderr
        urls = [json.loads(x)["url"] for x in gzip.decompress(out.read_bytes()).splitlines()]
        assert len(urls) == len(set(urls)) == 20, (len(first), again.stderr)
