"""Shared helpers for crawl tests: a local HTTP server and a way to run a real crawl against it."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

# Test lanes: marks every test that starts a process or a server `slow`, and guards the unit lane
# (pytest -m "not slow") against any that slip through. tests/lanes.py says how.
from lanes import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_runtest_call,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_runtest_teardown,
)
from mockserver import MockServer

ROOT = Path(__file__).resolve().parent.parent

# Started in the background of a non-interactive shell (`nohup pytest &`, some CI runners), the
# test run inherits SIGINT ignored, and so would every process it starts: the Ctrl-C tests would
# fail without testing anything. A handled signal is reset to its default by exec, so once this
# process handles it again, the processes the tests start get Python's own Ctrl-C.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
SCHEMA_PATH = ROOT / "output" / "record.schema.json"

_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(SCHEMA_PATH.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
)

# Runs one crawl command in a fresh interpreter (a Twisted reactor cannot be restarted in one
# process) with Scrapy's deprecation warnings turned into errors, as in this test suite.
_CHILD = (
    "import sys, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "from crawler.{module} import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
# Fast, still polite where it matters: no AutoThrottle start delay, short back-off and timeouts.
FAST = [
    "-s",
    "AUTOTHROTTLE_START_DELAY=0",
    "-s",
    "RETRY_BACKOFF_BASE=0.05",
    "-s",
    "DOWNLOAD_TIMEOUT=3",
    "-s",
    "CLEANCRAWL_WORKERS=2",
]


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    records: list[dict]
    lines: list[str]


def run_command(
    module: str, args: list[str], *, cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(module=module), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    assert "DeprecationWarning" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def read_jsonl(path: Path) -> tuple[list[dict], list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [json.loads(line) for line in lines], lines


@pytest.fixture
def crawl(tmp_path):
    """``crawl(*urls_and_options)`` runs ``cleancrawl crawl`` writing to one file and returns the result."""

    def run(*args: str, output: str = "out.jsonl", fast: bool = True) -> CrawlResult:
        out = tmp_path / output
        proc = run_command("cli.crawl", [*(FAST if fast else []), *args, "-o", str(out)], cwd=tmp_path)
        records, lines = read_jsonl(out) if not output.endswith(".gz") else ([], [])
        for record in records:  # every line any crawl test writes must be a valid record
            _VALIDATOR.validate(record)
        return CrawlResult(proc.returncode, proc.stdout, proc.stderr, records, lines)

    return run


# Runs the crawl as the crawl fixture does, from a parent of its own that reports the peak resident
# size of the crawl's process tree: RUSAGE_CHILDREN of the test process would be the largest of every
# child any earlier test of this pytest worker started.
_MEASURED_CRAWL = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run([sys.executable, '-c', sys.argv[1], *sys.argv[2:]]).returncode\n"
    "print(f'peak-rss-kb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.fixture
def crawl_peak_rss(tmp_path):
    """``crawl_peak_rss(*urls_and_options)`` runs ``cleancrawl crawl`` as ``crawl`` does and returns
    ``(result, peak resident kB of the crawl and its processes)``."""

    def run(*args: str) -> tuple[CrawlResult, int]:
        out = tmp_path / "out.jsonl"
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURED_CRAWL, _CHILD.format(module="cli.crawl"), *FAST, *args, "-o", str(out)],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )  # fmt: skip
        assert "Traceback" not in proc.stderr, proc.stderr
        *lines, last = proc.stderr.rstrip("\n").split("\n")
        assert last.startswith("peak-rss-kb "), proc.stderr
        records, written = read_jsonl(out)
        for record in records:
            _VALIDATOR.validate(record)
        return CrawlResult(proc.returncode, proc.stdout, "\n".join(lines), records, written), int(last.split()[1])

    return run


@pytest.fixture
def server():
    with MockServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def record_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def run_cleancrawl(tmp_path):
    """``run_cleancrawl(module, args)`` runs ``crawler.<module>.main(args)`` in a fresh interpreter in tmp_path."""

    def run(module: str, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        return run_command(module, args, cwd=tmp_path, timeout=timeout)

    return run


@pytest.fixture
def fast_settings():
    return list(FAST)


# --- a redis-server of a test's own (distributed crawls, Redis state) ---------------------------------


def _require_redis() -> str:
    missing = [name for name in ("redis", "scrapy_redis") if importlib.util.find_spec(name) is None]
    message = ""
    if missing:
        message = f"{', '.join(missing)} not installed: pip install scrapy-redis==0.9.1 redis"
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server not found: apt-get install -y redis-server"
    if message:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message)
        pytest.skip(message)
    return server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    binary = _require_redis()
    import redis

    folder = tmp_path / "redis"
    folder.mkdir()
    port = _free_port()
    proc = subprocess.Popen(
        # with persistence, as a shared crawl requires (crawler/distributed/worker.py)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    try:
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
