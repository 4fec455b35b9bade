"""The command line says what happened: exit status, one line per mistake, records on standard
output only when asked, summaries on standard error, no secrets, no floods, Ctrl-C as a terminal
sends it, progress while a crawl runs."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import _CHILD, FAST, ROOT, run_command
from mockserver import article_html, listing_html
from newssite import NewsSite

from crawler.components import log_filters, progress


def _refused_url() -> str:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _cli(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return run_command("cli", list(args), cwd=tmp_path, timeout=timeout)


def _child(*args: str) -> list[str]:
    return [sys.executable, "-c", _CHILD.format(module="cli"), *args]


def _env(cwd: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}


# --- bare command, --version --------------------------------------------------------------------


def test_bare_command_prints_help(tmp_path):
    proc = _cli(tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: cleancrawl")
    assert "crawl" in proc.stderr and "Exit status" in proc.stderr


def test_version(tmp_path):
    from importlib.metadata import version

    proc = _cli(tmp_path, "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"cleancrawl {version('cleancrawl')}"


def test_python_dash_m_runs_the_command(tmp_path):
    # The scheduler starts every crawl as `python -m crawler.cli crawl ...`.
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "--version"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("cleancrawl ")


# --- defect 3: -o naming a folder ---------------------------------------------------------------


def test_output_naming_a_folder_is_refused_before_anything_is_marked_written(server, tmp_path):
    urls = [server.add(f"/a/{i}.html", article_html(f"Story {i}")) for i in range(3)]
    sitemap = server.add_sitemap("/sm.xml", urls)
    (tmp_path / "outdir").mkdir()

    refused = _cli(tmp_path, "crawl", *FAST, sitemap, "-o", "outdir")

    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "outdir: is a folder" in refused.stderr, refused.stderr
    assert not list((tmp_path / "outdir").iterdir())
    assert not server.hits, "nothing is crawled"
    # The state did not take the articles for written: the next crawl writes them all.
    again = _cli(tmp_path, "crawl", *FAST, sitemap, "-o", "outdir/articles.jsonl")
    assert again.returncode == 0, again.stderr
    assert len((tmp_path / "outdir" / "articles.jsonl").read_text().splitlines()) == 3


# --- defect 7: exit status, one-line mistakes, stdout vs stderr, floods, secrets ----------------


def test_a_crawl_whose_every_start_url_fails_exits_1(server, tmp_path):
    proc = _cli(tmp_path, "crawl", *FAST, "-s", "RETRY_TIMES=0", server.url("/gone.html"), _refused_url())

    assert proc.returncode == 1, proc.stderr
    assert "none of the start URLs could be fetched" in proc.stderr


def test_a_crawl_whose_only_start_url_does_not_resolve_exits_1(tmp_path):
    # The address guard resolves the name before the request reaches the downloader: a start URL
    # that is refused there was never counted as asked for, and the crawl exited 0.
    proc = _cli(tmp_path, "crawl", *FAST, "-s", "RETRY_TIMES=0", "http://no-such-host.invalid/news/")

    assert proc.returncode == 1, proc.stderr
    assert "none of the start URLs could be fetched" in proc.stderr


def test_a_crawl_with_one_start_url_answering_exits_0(server, tmp_path):
    good = server.add("/ok.html", article_html("Good story"))
    proc = _cli(tmp_path, "crawl", *FAST, "-s", "RETRY_TIMES=0", good, server.url("/gone.html"), "-o", "o.jsonl")
    assert proc.returncode == 0, proc.stderr


def _busy_port() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


@pytest.mark.parametrize(
    "args, expected",
    [
        (["crawl", "--state", "postgres://bob:SECRET@db.invalid/crawl", "URL"], "--state postgres://bob:***@"),
        (["crawl", "-s", "DOWNLOAD_DELAY=abc", "URL"], "DOWNLOAD_DELAY must be a number"),
        (["crawl", "-s", "CONCURRENT_REQUESTS=many", "URL"], "CONCURRENT_REQUESTS must be a whole number"),
        (["crawl", "-s", "CLEANCRAWL_FORMAT=html", "URL"], "CLEANCRAWL_FORMAT must be one of text, markdown"),
        (["crawl", "-o", "bad.toml/out.jsonl", "URL"], "bad.toml is a file"),
        (["crawl", "--sources", "bad.toml"], "bad.toml"),
        (["crawl", "--sources", "missing.toml"], "missing.toml"),
        (["demo", "--port", "BUSY"], "--port"),
        (["schedule", "--sources", "good.toml", "-s", "DOWNLOAD_DELAY=abc"], "DOWNLOAD_DELAY must be a number"),
        (
            ["scrapyd-schedule", "--nodes", "URL", "--sources", "good.toml", "-s", "RETRY_TIMES=twice"],
            "RETRY_TIMES must be a whole number",
        ),
        (["feed", "--redis", "redis://:SECRET@127.0.0.1:REFUSED/0", "URL"], "redis://:***@127.0.0.1"),
    ],
    ids=[
        "state-scheme",
        "float-setting",
        "int-setting",
        "format-setting",
        "output-under-a-file",
        "bad-sources",
        "missing-sources",
        "busy-port",
        "schedule-setting",
        "scrapyd-setting",
        "feed",
    ],
)
def test_ordinary_mistakes_are_one_line_and_exit_2(tmp_path, args, expected):
    (tmp_path / "bad.toml").write_text('[sources.x]\nurls = "not a list"\nmax_depth = "deep"\n')
    (tmp_path / "good.toml").write_text('[sources.x]\nurls = ["http://127.0.0.1:9/"]\nschedule = "@hourly"\n')
    refused = _refused_url()
    with contextlib.closing(_busy_port()) as busy:
        port = str(busy.getsockname()[1])
        args = [
            a.replace("URL", refused).replace("BUSY", port).replace("REFUSED", refused.rsplit(":", 1)[1].strip("/"))
            for a in args
        ]
        proc = _cli(tmp_path, *args, timeout=60)

    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr  # one line, no traceback
    assert proc.stderr.startswith(f"cleancrawl {args[0]}: ") and expected in proc.stderr, proc.stderr
    assert "SECRET" not in proc.stderr + proc.stdout


def test_dash_output_is_standard_output_and_the_summary_goes_to_standard_error(server, tmp_path):
    urls = [server.add(f"/a/{i}.html", article_html(f"Story {i}")) for i in range(3)]
    sitemap = server.add_sitemap("/sm.xml", urls)

    dash = _cli(tmp_path, "crawl", *FAST, "--state", "off", sitemap, "-o", "-")
    uri = _cli(tmp_path, "crawl", *FAST, "--state", "off", sitemap, "-o", "stdout:")

    for proc in (dash, uri):
        assert proc.returncode == 0, proc.stderr
        records = [json.loads(line) for line in proc.stdout.splitlines()]  # nothing but records
        assert sorted(r["url"] for r in records) == sorted(urls)
        assert "3 articles written" in proc.stderr and "output: standard output" in proc.stderr
    assert not (tmp_path / "-").exists() and not (tmp_path / "stdout:").exists()


def test_demo_piped_into_head_stops_quietly(tmp_path):
    # `cleancrawl demo -o - | head -n 1`: the reader goes away after one record.
    proc = subprocess.Popen(
        _child("demo", "-o", "-"), cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)

    assert json.loads(first)["source"] == "demo"
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert "finish reason" in stderr  # it still says what it did


def test_repeated_warnings_are_counted_not_printed_thousands_of_times(server, tmp_path):
    dead = [server.url(f"/dead/{i}.html") for i in range(60)]
    start = server.add("/", listing_html(dead))

    proc = _cli(tmp_path, "crawl", *FAST, "--state", "off", start, "-o", "o.jsonl")

    assert len(server.hits) == 62  # robots.txt, the start page and every dead link were requested
    assert proc.stderr.count("WARNING: gave up on") == 5, proc.stderr
    assert "55 more warning(s) like 'gave up on ...: ...' not shown (60 in all" in proc.stderr, proc.stderr


def test_secrets_in_urls_are_redacted_in_logs_and_summaries(server, tmp_path):
    good = server.add("/ok.html", article_html("Good story"))
    # An FTP server that is not there: Scrapy logs the feed URI when it cannot store the records.
    ftp = _refused_url().replace("http://", "ftp://alice:SECRET@") + "out.jsonl"

    proc = _cli(tmp_path, "-v", "crawl", *FAST, "--state", "off", good, "-o", ftp)

    assert proc.returncode == 1, proc.stderr  # the records were not stored
    assert "ftp://alice:***@127.0.0.1" in proc.stderr, proc.stderr
    assert "output(s) could not be stored" in proc.stderr
    assert "SECRET" not in proc.stderr + proc.stdout


def test_redact():
    assert log_filters.redact("cannot use Redis at redis://:s3cr%40t@h:6379/0: refused") == (
        "cannot use Redis at redis://:***@h:6379/0: refused"
    )
    assert (
        log_filters.redact("<GET http://u:p@h/x> and https://h/no@secret")
        == "<GET http://u:***@h/x> and https://h/no@secret"
    )


def test_redact_filter_formats_and_redacts_a_record():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "gave up on %s: %s", ("http://u:pw@h/", "boom"), None)
    assert log_filters.RedactFilter().filter(record)
    assert record.getMessage() == "gave up on http://u:***@h/: boom"


# --- defect 6: Ctrl-C as a terminal sends it ----------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _start(tmp_path: Path, site: NewsSite, *args: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "crawl.log"
    settings = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=4", "-s", "CLEANCRAWL_WORKERS=2"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _child("crawl", *settings, site.base + "/sitemap.xml", *args),
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=out,
            stderr=out,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
    return proc, log


def _wait_for(proc: subprocess.Popen, log: Path, out: Path, lines: int) -> None:
    deadline = time.monotonic() + 60
    while len(_lines(out)) < lines:
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the crawl wrote too little in time"
        time.sleep(0.01)


def _ctrl_c(proc: subprocess.Popen) -> None:
    """What a terminal does on Ctrl-C: SIGINT to every process of the foreground group, the
    cleaning processes included."""
    os.killpg(proc.pid, signal.SIGINT)


@contextlib.contextmanager
def _reaped(proc: subprocess.Popen):
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_first_ctrl_c_stops_gracefully_and_says_how_to_resume(tmp_path):
    with NewsSite(100, delay=0.04) as site:
        out = tmp_path / "out.jsonl"
        proc, log = _start(tmp_path, site, "-o", str(out), "--resume")
        with _reaped(proc):
            _wait_for(proc, log, out, 20)
            _ctrl_c(proc)
            proc.wait(timeout=60)
        text = log.read_text()

        assert proc.returncode == 1, text
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
        assert "worker-crashed" not in text, text  # in-flight pages were cleaned, not lost
        assert "finish reason: shutdown" in text, text
        hint = next(line for line in text.splitlines() if line.startswith("stopped before the end; carry on with: "))
        command = hint.split("carry on with: ", 1)[1]
        assert command.startswith("cleancrawl crawl ") and command.endswith("--resume"), command
        first = len(_lines(out))
        assert 20 <= first < 100

        # The command it gave, run as given, finishes the job: every article exactly once.
        argv = shlex.split(command)[1:]
        resumed = subprocess.run(
            _child(*argv), cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=120
        )
        assert resumed.returncode == 0, resumed.stderr
        counts = Counter(json.loads(line)["url"] for line in _lines(out))
        assert set(counts) == {site.base + p for p in site.pages} and max(counts.values()) == 1


def test_second_ctrl_c_stops_at_once_and_still_summarises(tmp_path):
    with NewsSite(40, delay=3.0) as site:
        out = tmp_path / "out.jsonl"
        proc, log = _start(tmp_path, site, "-o", str(out))
        with _reaped(proc):
            _wait_for(proc, log, out, 2)
            _ctrl_c(proc)
            time.sleep(0.3)  # pages of 3 s are still in flight, even on a loaded machine
            _ctrl_c(proc)
            proc.wait(timeout=60)
        text = log.read_text()

        assert proc.returncode == 1, text
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
        assert "finish reason: forced stop" in text and "finish reason: ?" not in text, text
        assert "carry on with: cleancrawl crawl" in text, text


# --- defect 8: progress ---------------------------------------------------------------------------


def test_progress_is_logged_in_plain_lines_when_not_on_a_terminal(tmp_path):
    with NewsSite(30, delay=0.05) as site:
        proc = _cli(
            tmp_path,
            "crawl",
            *FAST,
            "-s", "CONCURRENT_REQUESTS=2",
            "-s", "CLEANCRAWL_PROGRESS_INTERVAL=0.2",
            site.base + "/sitemap.xml",
            "-o", "o.jsonl",
        )  # fmt: skip

    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("progress: ")]
    assert len(lines) >= 2, proc.stderr
    assert all("pages fetched" in line and "queued" in line and "written" in line for line in lines)
    assert "\r" not in proc.stderr and "\x1b[" not in proc.stderr  # nothing redrawn in place


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_mode_follows_isatty_unless_chosen():
    assert progress.choose_mode("auto", _Stream(tty=True)) == "bar"
    assert progress.choose_mode("auto", _Stream(tty=False)) == "log"
    assert progress.choose_mode("log", _Stream(tty=True)) == "log"
    assert progress.choose_mode("off", _Stream(tty=True)) == "off"
    with pytest.raises(ValueError, match="CLEANCRAWL_PROGRESS"):
        progress.choose_mode("loud", _Stream(tty=True))


def test_progress_snapshot_counts_from_the_stats():
    stats = {
        "cleancrawl/pages/a": 7,
        "cleancrawl/pages/b": 3,
        "scheduler/enqueued": 25,
        "scheduler/dequeued": 12,
        "cleancrawl/written": 6,
        "cleancrawl/dropped/too-short": 2,
        "cleancrawl/dropped/duplicate-url": 1,
        "cleancrawl/failed/http_404": 4,
    }
    snapshot = progress.Snapshot.of(stats, elapsed=5.0)
    assert snapshot.line() == (
        "progress: 10 pages fetched, 13 queued, 6 written, 3 rejected, 4 errors, 2.0 pages/s, 5s"
    )


def test_repeat_filter_summarises_by_format_string():
    repeats = log_filters.RepeatFilter(limit=2)
    template = "Gave up retrying %(request)s (failed %(retry_times)d times): %(reason)s"
    shown = [
        repeats.filter(
            logging.LogRecord(
                "scrapy.retry",
                logging.WARNING,
                __file__,
                1,
                template,
                ({"request": i, "retry_times": 3, "reason": "x"},),
                None,
            )
        )
        for i in range(7)
    ]
    info = logging.LogRecord("x", logging.INFO, __file__, 1, template, None, None)

    assert shown == [True, True, False, False, False, False, False]
    assert repeats.filter(info)  # below WARNING: not counted
    assert repeats.suppressed_lines() == [
        "  5 more warning(s) like 'Gave up retrying ... (failed ... times): ...' not shown "
        "(7 in all; -vv shows every one)"
    ]


def test_records_nobody_read_are_not_marked_written(tmp_path):
    # `cleancrawl crawl URL -o - | head -n 1`: the crawl stops, and what went to the closed pipe
    # is not taken for written: the next crawl writes every article.
    with NewsSite(40, delay=0.05) as site:
        settings = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=2"]
        proc = subprocess.Popen(
            _child("crawl", *settings, site.base + "/sitemap.xml", "-o", "-"),
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        first = proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=60)

        assert json.loads(first)["source"] == site.source
        assert proc.returncode == 1, stderr
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
        assert "output(s) could not be stored" in stderr, stderr

        again = _cli(tmp_path, "crawl", *settings, site.base + "/sitemap.xml", "-o", "all.jsonl")
        assert again.returncode == 0, again.stderr
        assert len(_lines(tmp_path / "all.jsonl")) == 40


class _Stats:
    def __init__(self) -> None:
        self.values: dict = {}

    def get_stats(self) -> dict:
        return self.values


class _Crawler:
    def __init__(self) -> None:
        self.stats = _Stats()
        self.signals = self

    def connect(self, *args, **kwargs) -> None:
        pass


def test_progress_bar_redraws_one_line_in_place_on_a_terminal():
    crawler, stream = _Crawler(), _Stream(tty=True)
    bar = progress.CrawlProgress(crawler, "bar", 30.0, stream)
    bar._open_bar()
    for fetched in (3, 8):
        crawler.stats.values.update({"cleancrawl/pages/s": fetched, "cleancrawl/written": fetched - 1})
        bar.tick()
    bar.spider_closed()

    text = stream.getvalue()
    assert text.count("\r") >= 3 and text.count("\n") == 1, repr(text)  # redrawn, one line left at the end
    assert "crawling: 8 pages fetched, 0 queued, 7 written, 0 rejected, 0 errors" in text.splitlines()[-1]


def test_a_traceback_is_redacted_too():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    log_filters.install(handler, repeats=None)
    logger = logging.getLogger("test_cli.traceback")
    logger.addHandler(handler)
    try:
        raise ConnectionError("cannot reach redis://:SECRET@10.0.0.1:6379/0")
    except ConnectionError:
        logger.error("lost the queue", exc_info=True)
    finally:
        logger.removeHandler(handler)

    assert "ConnectionError: cannot reach redis://:***@10.0.0.1:6379/0" in stream.getvalue()
    assert "SECRET" not in stream.getvalue()
