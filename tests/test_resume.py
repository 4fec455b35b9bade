"""Resume: a crawl interrupted by SIGKILL, SIGTERM or Ctrl-C and run again with --resume writes
every article exactly once over the union of its output files, every line whole JSON."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import _CHILD, ROOT
from newssite import NewsSite

# Slow enough to be stopped mid-way: 40 ms a page, four at a time.
SETTINGS = [
    "-s", "AUTOTHROTTLE_ENABLED=0",
    "-s", "CONCURRENT_REQUESTS=4",
    "-s", "DOWNLOAD_TIMEOUT=5",
    "-s", "CLEANCRAWL_WORKERS=2",
]  # fmt: skip
ARTICLES = 100


def _command(site: NewsSite, *args: str) -> list[str]:
    crawl = ["crawl", *SETTINGS, site.base + "/sitemap.xml", *args]
    return [sys.executable, "-c", _CHILD.format(module="cli"), *crawl]


def _env(cwd: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}


def _lines(paths: list[Path]) -> list[str]:
    return [line for p in paths if p.exists() for line in p.read_bytes().decode("utf-8").split("\n") if line]


def _interrupt(site: NewsSite, tmp_path: Path, outputs, sig: int, *args: str, after: int = 20) -> None:
    """Start the crawl, send ``sig`` once ``after`` records are in its output, wait for it to end."""
    # A file, not a pipe: a killed crawl's cleaning processes would hold a pipe open.
    log = tmp_path / f"interrupted-{sig}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _command(site, *args), cwd=tmp_path, env=_env(tmp_path), stdout=out, stderr=out, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 40
        while len(_lines(outputs())) < after:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the crawl wrote too little in time"
            time.sleep(0.005)
        proc.send_signal(sig)
        proc.wait(timeout=40)
    finally:
        # The cleaning processes of a killed crawl have no parent left to stop them.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert "Traceback" not in log.read_text(), log.read_text()
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 1  # stopped early: finish reason 'shutdown'


def _resume(site: NewsSite, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        _command(site, *args), cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "DeprecationWarning" not in proc.stderr, proc.stderr
    return proc


def _assert_every_article_once(site: NewsSite, lines: list[str]) -> None:
    records = [json.loads(line) for line in lines]  # every line is whole JSON
    counts = Counter(r["url"] for r in records)
    assert not [u for u, n in counts.items() if n > 1], "duplicated"
    assert set(counts) == {site.base + p for p in site.pages}, "lost"


def test_crawl_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path):
    with NewsSite(ARTICLES, delay=0.04) as site:
        files = lambda: sorted((tmp_path / "data" / site.source).glob("*.jsonl"))  # noqa: E731
        jobdir = tmp_path / "job"

        _interrupt(site, tmp_path, files, signal.SIGKILL, "--resume", str(jobdir))

        (killed,) = files()
        assert 20 <= len(_lines([killed])) < ARTICLES
        assert (jobdir / "requests.seen").exists()
        time.sleep(1.01 - time.time() % 1)  # the resumed crawl writes a file of its own
        proc = _resume(site, tmp_path, "--resume", str(jobdir))

        assert len(files()) == 2
        _assert_every_article_once(site, _lines(files()))
        assert not jobdir.exists(), "a finished job leaves no job directory behind"
        # Only pages that were in flight when it was killed are fetched twice.
        assert site.article_fetches() < ARTICLES + 16, proc.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_crawl_stopped_gracefully_resumes_into_the_same_output_file(tmp_path, sig):
    with NewsSite(ARTICLES, delay=0.04) as site:
        out = tmp_path / "out.jsonl"
        files = lambda: [out]  # noqa: E731

        _interrupt(site, tmp_path, files, sig, "-o", str(out), "--resume")

        first = len(_lines([out]))
        assert 20 <= first < ARTICLES
        assert (tmp_path / "data" / "jobs" / site.source / "requests.seen").exists()  # the default JOBDIR
        _resume(site, tmp_path, "-o", str(out), "--resume")

        _assert_every_article_once(site, _lines([out]))  # appended to, not replaced
        assert not (tmp_path / "data" / "jobs" / site.source).exists()


def test_resume_cuts_a_half_written_line_off_the_output(tmp_path):
    with NewsSite(30) as site:
        out = tmp_path / "out.jsonl"
        # What a killed crawl may leave: whole records, then half of one.
        out.write_text('{"url": "http://elsewhere.invalid/x", "source": "x"}\n{"url": "http://elsewhere.inv')

        _resume(site, tmp_path, "-o", str(out), "--resume")

        lines = _lines([out])
        assert json.loads(lines[0])["url"] == "http://elsewhere.invalid/x"
        _assert_every_article_once(site, lines[1:])


@pytest.mark.parametrize("url", ["http://../", "http://./", "http://a..b/"])
def test_a_url_whose_host_is_no_name_deletes_nothing(tmp_path, url):
    # The source name of a bare URL is its host; `..` made the job folder data/jobs/.. (data/ itself),
    # which the finished crawl removed with everything in it.
    keep = tmp_path / "data" / "other" / "keep.jsonl"
    keep.parent.mkdir(parents=True)
    keep.write_text("{}\n")
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(module="cli"), "crawl", "--resume", url],
        cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert url in proc.stderr and "Traceback" not in proc.stderr
    assert keep.exists()


def test_a_finished_crawl_removes_only_the_job_files_it_made(tmp_path):
    # `--resume data` (the data folder named as the job folder by mistake): the crawl's job files go,
    # the other sources' output and the state stay.
    with NewsSite(5) as site:
        keep = tmp_path / "data" / "other" / "keep.jsonl"
        keep.parent.mkdir(parents=True)
        keep.write_text("{}\n")
        _resume(site, tmp_path, "--resume", "data")
        assert keep.exists() and (tmp_path / "data" / "state.sqlite3").exists()
        assert len(_lines(list((tmp_path / "data" / site.source).glob("*.jsonl")))) == 5
        leftovers = {p.name for p in (tmp_path / "data").iterdir()}
        state_files = {"state.sqlite3", "state.near-dup.sqlite3", "state.site-rep.sqlite3"}
        assert leftovers == {"other", *state_files, site.source}, leftovers
