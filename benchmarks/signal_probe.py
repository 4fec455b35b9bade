"""Signal probe: stop every long-running command with SIGINT, SIGTERM or SIGINT twice at a sweep
of delays, and print one table of what each run left behind.

    python benchmarks/signal_probe.py [--only SUBSTRING] [--signals int,term,int2]
                                      [--delays 0.5:5:0.25] [--pages 40]

Every run is against local servers (tests/newssite.py on 127.0.0.1; redis-server on a free port
for ``crawl --redis``) and saved pages it writes itself (tests/mockserver.py's article pages), never
the live web. One row per run: command, signal, delay, exit status, traceback yes/no, output
(complete / partial / corrupt / none / leftover temp file), records written vs the summary's count,
and the last line on standard error. A row is flagged ``BUG`` when it shows a traceback, an exit
status the docs do not allow (docs/cli.md: 130 for an interrupted command; docs/commands.md: 1 for
an interrupted crawl), a corrupt output, a temporary file left behind, a run that did not stop
(still running 60 s after the signal), or fewer records in the output than the summary says written.

Exit status: 0 no row flagged, 1 some row flagged, 2 a usage error.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

CLI = [sys.executable, "-m", "crawler.cli"]
STOP_WAIT = 60.0  # seconds a run may take to stop after the (last) signal
SIGNALS = {"int": (signal.SIGINT,), "term": (signal.SIGTERM,), "int2": (signal.SIGINT, signal.SIGINT)}


@dataclass
class Case:
    """One command: how to build its argv in a fresh folder, what its output is, what an interrupt
    must exit with."""

    name: str
    argv: Callable[[Path], list[str]]
    output: str  # file name inside the run folder ("" when the command writes none)
    interrupted_exit: frozenset[int]


@dataclass
class Row:
    case: str
    sig: str
    delay: float
    status: int | None
    traceback: bool
    output: str
    records: str
    last: str
    bugs: list[str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_pages(folder: Path, n: int) -> Path:
    """Saved article pages for clean / review / diff, made from tests/mockserver.py's template."""
    from mockserver import article_html

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"page-{i:04d}.html").write_text(article_html(f"Story number {i}", words=400))
    return folder


def write_records(path: Path, n: int) -> Path:
    """A JSON-lines run for dedup: many records, a few near-duplicates."""
    words = ["the", "council", "met", "on", "tuesday", "to", "discuss", "the", "new", "budget", "and", "the", "roads"]
    with path.open("w") as out:
        for i in range(n):
            text = " ".join(words[(i + k) % len(words)] for k in range(200)) + f" story {i % 900}"
            out.write(json.dumps({"url": f"http://127.0.0.1/r/{i}", "title": f"r{i}", "text": text}) + "\n")
    return path


def count_output(path: Path) -> tuple[str, int | None]:
    """(state, records) of an output file: none, complete, corrupt (a torn record or an unreadable file)."""
    if not path.exists():
        return "none", None
    name = path.name
    try:
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            return "complete", pq.read_table(path).num_rows
        if name.endswith(".warc.gz"):
            from warcio.archiveiterator import ArchiveIterator

            with path.open("rb") as f:
                return "complete", sum(1 for r in ArchiveIterator(f) if r.rec_type == "response")
        if name.endswith(".html"):
            text = path.read_text(errors="replace")
            return ("complete" if "</html>" in text.lower() else "corrupt"), None
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt") as f:
            lines = [line for line in f.read().split("\n") if line]
        for line in lines:
            json.loads(line)
        return "complete", len(lines)
    except Exception as exc:
        return f"corrupt ({type(exc).__name__})", None


def leftovers(folder: Path, output: str) -> list[str]:
    """Temporary files a whole-file writer left beside its output."""
    names = []
    for p in folder.rglob("*"):
        if p.is_file() and (".tmp" in p.name or p.name.endswith(".part") or p.name.startswith(".tmp")):
            names.append(p.name)
    return names


def run_one(case: Case, sig: str, delay: float, base: Path, env: dict[str, str]) -> Row:
    folder = Path(tempfile.mkdtemp(prefix=f"{case.name.replace(' ', '_')}-", dir=base))
    argv = case.argv(folder)
    err_path = folder / "stderr.txt"
    with err_path.open("wb") as err:
        proc = subprocess.Popen(argv, cwd=folder, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err,
                                env=env)
        time.sleep(delay)
        finished_before = proc.poll() is not None
        for i, s in enumerate(SIGNALS[sig]):
            if proc.poll() is None:
                proc.send_signal(s)
            if i + 1 < len(SIGNALS[sig]):
                time.sleep(0.3)
        try:
            status = proc.wait(STOP_WAIT)
            stopped = True
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
            stopped = False
        proc.stdin.close()
    stderr = err_path.read_text(errors="replace")
    lines = [line for line in stderr.splitlines() if line.strip()]
    traceback = "Traceback (most recent call last)" in stderr or "CRITICAL" in stderr
    state, records = count_output(folder / case.output) if case.output else ("-", None)
    temps = leftovers(folder, case.output)
    said = None
    for line in lines[-8:]:
        m = re.search(r"(\d[\d,]*) articles? written|articles written[:=]? ?(\d[\d,]*)", line)
        if m:
            said = int((m.group(1) or m.group(2)).replace(",", ""))
    bugs = []
    if traceback:
        bugs.append("traceback")
    if not stopped:
        bugs.append("did not stop")
    if state.startswith("corrupt"):
        bugs.append("corrupt output")
    if temps:
        bugs.append("temp left: " + ",".join(temps[:2]))
    if not finished_before and status not in case.interrupted_exit and status != 0:
        bugs.append(f"exit {status}")
    if said is not None and records is not None and records < said:
        bugs.append(f"lost {said - records}")
    if finished_before:
        state += " (done before signal)"
    row = Row(case.name, sig, delay, status, traceback, state if not temps else state + " +temp",
              f"{records if records is not None else '-'}/{said if said is not None else '-'}",
              (lines[-1] if lines else "")[:90], bugs)
    if not bugs:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def parse_delays(spec: str) -> list[float]:
    if ":" in spec:
        start, stop, step = (float(x) for x in spec.split(":"))
        out, d = [], start
        while d <= stop + 1e-9:
            out.append(round(d, 3))
            d += step
        return out
    return [float(x) for x in spec.split(",")]


def build_cases(base: Path, site_url: str, redis_url: str | None, pages: Path, records: Path) -> list[Case]:
    crawl = [*CLI, "crawl", site_url + "/", "-s", "CLEANCRAWL_PROGRESS=off"]
    crawl_exit = frozenset({1, 130})  # docs/commands.md: stopped early is 1; Ctrl-C at import is 130
    cases = [
        Case("clean", lambda f: [*CLI, "clean", str(pages), "-o", "out.jsonl", "-j", "2"], "out.jsonl",
             frozenset({130})),
        Case("crawl jsonl", lambda f: [*crawl, "-o", "out.jsonl"], "out.jsonl", crawl_exit),
        Case("crawl parquet", lambda f: [*crawl, "-o", "out.parquet"], "out.parquet", crawl_exit),
        Case("crawl warc", lambda f: [*crawl, "-o", "out.jsonl", "--warc", "warc"], "out.jsonl", crawl_exit),
        Case("crawl resume", lambda f: [*crawl, "-o", "out.jsonl", "--resume", "job"], "out.jsonl", crawl_exit),
        Case("review", lambda f: [*CLI, "review", str(pages), "-o", "review.html", "-j", "2"], "review.html",
             frozenset({130})),
        Case("diff", lambda f: [*CLI, "diff", "--model-a", "off", str(pages), "-o", "diff.html", "-j", "2"],
             "diff.html", frozenset({130})),
        Case("dedup", lambda f: [*CLI, "dedup", str(records), "-o", "dedup.jsonl"], "dedup.jsonl",
             frozenset({130})),
    ]
    sources = base / "sources.toml"
    sources.write_text(f'[sources.news]\nurls = ["{site_url}/"]\nschedule = "*/5 * * * *"\n', encoding="utf-8")
    cases += [
        Case("schedule", lambda f: [*CLI, "schedule", "--sources", str(sources), "--runs-db", str(f / "runs.db"),
                                    "--runs-dir", str(f / "runs"), "--run-at-start"], "", frozenset({130})),
        Case("demo", lambda f: [*CLI, "demo", "-o", "out.jsonl", "-s", "CLEANCRAWL_PROGRESS=off"], "out.jsonl",
             crawl_exit),
    ]
    if redis_url:
        cases.append(Case("crawl redis", lambda f: [*crawl, "-o", "out.jsonl", "--redis", redis_url,
                                                    "--redis-volatile-ok"], "out.jsonl", crawl_exit))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], help="run only cases whose name contains this")
    parser.add_argument("--signals", default="int,term,int2")
    parser.add_argument("--delays", default="0.5:5:0.75", help="START:STOP:STEP or a comma list (seconds)")
    parser.add_argument("--pages", type=int, default=40, help="articles on the site and saved pages")
    parser.add_argument("--keep", action="store_true", help="keep the run folders of flagged rows")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="the checkout whose cleancrawl runs (default: this one; e.g. an exported older commit)")
    args = parser.parse_args(argv)
    sigs = args.signals.split(",")
    if any(s not in SIGNALS for s in sigs):
        parser.error(f"--signals: choose from {', '.join(SIGNALS)}")
    delays = parse_delays(args.delays)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))  # stopped: still stop redis-server

    from newssite import NewsSite

    base = Path(tempfile.mkdtemp(prefix="signal-probe-"))
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()), PYTHONUNBUFFERED="1")
    redis_proc = None
    redis_url = None
    if shutil.which("redis-server") and (not args.only or any("redis" in o for o in args.only)):
        port = free_port()
        redis_proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no"], stdout=subprocess.DEVNULL, cwd=base)
        redis_url = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
    rows: list[Row] = []
    try:
        with NewsSite(args.pages, delay=0.05) as site:
            pages = write_pages(base / "pages", args.pages)
            records = write_records(base / "records.jsonl", 30000)
            cases = [c for c in build_cases(base, site.base, redis_url, pages, records)
                     if not args.only or any(o in c.name for o in args.only)]
            print(f"{'command':14} {'signal':6} {'delay':>5} {'exit':>4} {'tb':3} {'output':28} {'rec/said':9} "
                  "last line")
            for case in cases:
                for sig in sigs:
                    for delay in delays:
                        row = run_one(case, sig, delay, base, env)
                        rows.append(row)
                        flag = "  BUG: " + "; ".join(row.bugs) if row.bugs else ""
                        print(f"{row.case:14} {row.sig:6} {row.delay:5.2f} {row.status!s:>4} "
                              f"{'yes' if row.traceback else 'no':3} {row.output[:28]:28} {row.records:9} "
                              f"{row.last}{flag}", flush=True)
    finally:
        if redis_proc:
            redis_proc.terminate()
            redis_proc.wait()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"run folders: {base}")
    flagged = [r for r in rows if r.bugs]
    print(f"{len(rows)} runs, {len(flagged)} flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
