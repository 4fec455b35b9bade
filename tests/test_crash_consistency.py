"""Crash consistency: a crawl stopped at moments nobody chose (SIGKILL, SIGTERM, Ctrl-C), then run
again with --resume until it finishes, holds every article exactly once over the union of its
output files: no duplicate, no loss, every line whole JSON.

The moments come from a seeded random generator (same seed, same kill points, so a failure can be
replayed), drawn as "this many more records in the output, then this many milliseconds". The
scenarios cover both output layouts (data/<source>/ and -o out.jsonl), every output format (JSON
lines, gzipped JSON lines, batched JSON lines, Parquet batches), a sitemap and a start page
source, and servers with and without conditional-request support (ETag / Last-Modified, sitemap
lastmod). ``pytest -s`` prints the figures: kills, runs, records, duplicates, losses.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import _CHILD, ROOT
from newssite import NewsSite

ARTICLES = 150
DELAY = 0.03  # seconds per article page: slow enough to be stopped mid-way
# benchmarks/kill_campaign.py replays the scenarios over many seeds through this variable.
SEED = int(os.environ.get("CLEANCRAWL_KILL_SEED", "7"))
TAIL = 40  # articles left to write after the last stop
SETTINGS = [
    "-s", "AUTOTHROTTLE_ENABLED=0",
    "-s", "CONCURRENT_REQUESTS=4",
    "-s", "DOWNLOAD_TIMEOUT=5",
    "-s", "CLEANCRAWL_WORKERS=2",
    "-s", "RETRY_BACKOFF_BASE=0.05",
]  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    layout: str  # "default" (data/<source>/) or "file" (-o out.jsonl)
    start: str  # "sitemap" or "page" (a start page linking to every article)
    conditional: bool  # the server sends ETag / Last-Modified / lastmod and answers 304
    sig: int
    stops: int  # how many times the crawl is stopped before it may finish
    # Link hops followed from a start page: at 1 its articles are leaves (asked for conditionally,
    # as sitemap entries are); at the default 2 they are fetched in full on every run.
    depth: int = 2
    output: str = "out.jsonl"  # the -o file of the "file" layout
    batch: int = 0  # FEED_EXPORT_BATCH_ITEM_COUNT (the output names a %(batch_id)05d)
    file_size: str = ""  # CLEANCRAWL_PARQUET_FILE_SIZE: Parquet batches by size

    @property
    def id(self) -> str:
        server = "conditional" if self.conditional else "plain"
        start = f"page{self.depth}" if self.start == "page" else self.start
        layout = self.layout if self.layout == "default" else self.output.replace("%(batch_id)05d", "N")
        batched = f"-batch{self.batch}" if self.batch else f"-size{self.file_size}" if self.file_size else ""
        return f"{signal.Signals(self.sig).name}-{self.stops}x-{layout}{batched}-{start}-{server}"


SCENARIOS = [
    Scenario("default", "sitemap", True, signal.SIGKILL, 3),
    Scenario("file", "page", False, signal.SIGKILL, 3),
    Scenario("file", "sitemap", False, signal.SIGKILL, 2),
    Scenario("default", "page", True, signal.SIGKILL, 2, depth=1),
    Scenario("default", "sitemap", False, signal.SIGTERM, 1),
    Scenario("file", "page", True, signal.SIGTERM, 1, depth=1),
    Scenario("file", "page", True, signal.SIGINT, 1),
    Scenario("default", "sitemap", False, signal.SIGINT, 1),
    # Every format and layout: gzip members, batches of JSON lines, Parquet batches.
    Scenario("file", "sitemap", False, signal.SIGKILL, 3, output="out.jsonl.gz"),
    Scenario("file", "sitemap", True, signal.SIGKILL, 3, output="out-%(batch_id)05d.jsonl", batch=7),
    Scenario("default", "sitemap", False, signal.SIGKILL, 3, batch=7),
    Scenario("file", "sitemap", False, signal.SIGKILL, 3, output="out-%(batch_id)05d.parquet", batch=9),
    Scenario("file", "sitemap", True, signal.SIGKILL, 3, output="out-%(batch_id)05d.parquet", file_size="12k"),
]


def _env(cwd: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}


def _whole_members(data: bytes) -> bytes:
    """What the complete gzip members of ``data`` hold (the one a crawl is writing may be cut off)."""
    out = []
    while data:
        member = zlib.decompressobj(wbits=31)
        try:
            part = member.decompress(data)
        except zlib.error:
            break
        if not member.eof:
            break
        out.append(part)
        data = member.unused_data
    return b"".join(out)


def _lines(paths: list[Path]) -> list[bytes]:
    """The record lines in these files: JSON lines (gzipped: of every complete member), or one
    JSON line per row of a Parquet file."""
    lines: list[bytes] = []
    for path in paths:
        if not path.exists():
            continue
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            lines += [json.dumps(row).encode() for row in pq.read_table(path, columns=["url"]).to_pylist()]
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = _whole_members(data)
        lines += [line for line in data.split(b"\n") if line]
    return lines


class Crawl:
    """Runs the scenario's crawl command in ``cwd`` and knows where its records land."""

    def __init__(self, site: NewsSite, scenario: Scenario, cwd: Path) -> None:
        self.site, self.scenario, self.cwd = site, scenario, cwd
        args = [*SETTINGS, "--resume"]
        if scenario.start == "page":
            toml = f'[sources.site]\nurls = ["{site.base}/"]\nmax_depth = {scenario.depth}\n'
            (cwd / "sources.toml").write_text(toml)
            args += ["--sources", "sources.toml"]
            self.source = "site"
        else:
            args.append(site.base + "/sitemap.xml")
            self.source = site.source
        if scenario.layout == "file":
            args += ["-o", scenario.output]
        if scenario.batch:
            args += ["-s", f"FEED_EXPORT_BATCH_ITEM_COUNT={scenario.batch}"]
        if scenario.file_size:
            args += ["-s", f"CLEANCRAWL_PARQUET_FILE_SIZE={scenario.file_size}"]
        self.command = [sys.executable, "-c", _CHILD.format(module="cli"), "crawl", *args]
        self.runs = 0

    def outputs(self) -> list[Path]:
        if self.scenario.layout == "file":
            name = self.scenario.output
            stem, _, suffix = name.partition(".")
            # Parquet beside an existing file: out-00001-1.parquet (batches, and a re-run's file)
            return sorted(self.cwd.glob(stem.replace("%(batch_id)05d", "") + "*." + suffix))
        return sorted((self.cwd / "data" / self.source).glob("*.jsonl"))

    def _start(self, log: Path) -> subprocess.Popen:
        # Output files of the default layout are named to the second: one per run.
        time.sleep(1.01 - time.time() % 1)
        self.runs += 1
        with log.open("wb") as out:
            # A file, not a pipe: a killed crawl's cleaning processes would hold a pipe open. Its
            # own session and process group, as a terminal's foreground job (see _signal).
            return subprocess.Popen(
                self.command, cwd=self.cwd, env=_env(self.cwd), stdout=out, stderr=out, start_new_session=True
            )

    def _signal(self, proc: subprocess.Popen) -> None:
        """Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group (the crawl
        runs in its own session), the cleaning processes included. SIGTERM and SIGKILL go to the
        crawl's main process only, as ``kill PID`` (or systemd's KillMode=mixed) sends them."""
        if self.scenario.sig == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(self.scenario.sig)

    def stop_after(self, more: int, pause: float) -> bool:
        """Run until ``more`` records more are written (then ``pause`` seconds), then send the signal.
        False when the crawl finished first."""
        log = self.cwd / f"run-{self.runs + 1}.log"
        target = len(_lines(self.outputs())) + more
        proc = self._start(log)
        try:
            deadline = time.monotonic() + 60
            while len(_lines(self.outputs())) < target and proc.poll() is None:
                assert time.monotonic() < deadline, "the crawl wrote too little in time"
                time.sleep(0.005)
            time.sleep(pause)
            if proc.poll() is not None:
                assert proc.returncode == 0, log.read_text()
                return False
            self._signal(proc)
            proc.wait(timeout=60)
        finally:
            # The cleaning processes of a killed crawl have no parent left to stop them.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        text = log.read_text()
        assert "Traceback" not in text, text
        return True

    def finish(self) -> None:
        log = self.cwd / f"run-{self.runs + 1}.log"
        proc = self._start(log)
        try:
            proc.wait(timeout=90)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        text = log.read_text()
        assert proc.returncode == 0 and "Traceback" not in text, text


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_stopped_and_resumed_crawl_writes_every_article_exactly_once(tmp_path, scenario):
    rng = random.Random(f"{SEED}-{scenario.id}")
    with NewsSite(ARTICLES, validators=scenario.conditional, lastmod=scenario.conditional, delay=DELAY) as site:
        crawl = Crawl(site, scenario, tmp_path)
        stopped = 0
        for left in range(scenario.stops, 0, -1):
            # A random point in what is still to write, leaving room for the stops still to come.
            # The last stop still leaves TAIL articles to write, more than a crawl writes in the
            # pause, so a busy machine cannot let the crawl finish before it is stopped.
            room = (ARTICLES - TAIL - len(_lines(crawl.outputs()))) // left
            stopped += crawl.stop_after(rng.randint(1, max(1, room)), rng.uniform(0, 0.15))
        crawl.finish()

        for path in crawl.outputs():
            if path.suffix == ".gz":
                gzip.decompress(path.read_bytes())  # one standard gzip file (what gzip -t checks)
        records = [json.loads(line) for line in _lines(crawl.outputs())]  # every line whole JSON
        counts = Counter(r["url"] for r in records)
        expected = {site.base + p for p in site.pages}
        duplicates = sum(n - 1 for n in counts.values())
        losses = len(expected - set(counts))
        print(
            f"\n{scenario.id}: kills {stopped}, runs {crawl.runs}, records {len(records)}, "
            f"duplicates {duplicates}, losses {losses}"
        )
        assert stopped == scenario.stops, "the crawl finished before it could be stopped"
        assert duplicates == 0, [u for u, n in counts.items() if n > 1]
        assert losses == 0, sorted(expected - set(counts))
        assert set(counts) == expected
