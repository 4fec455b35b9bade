"""What a source's earlier crawls left behind, so the next crawl fetches and writes only what is new.

Per source and URL (the URL the spider requested): the content fingerprint of the record written
for it, the ETag / Last-Modified its response carried (for conditional requests), the sitemap
``lastmod`` it was listed with, and its status: ``written`` (its record is in an output file),
``dropped`` (fetched, not an article; ``reason`` keeps the cleaner's verdict, so a page not
fetched again is still counted as what it was: crawler/components/health.py) or ``duplicate``
(an article whose words were already written under another URL). These three mean "done". A
written page taken down since is ``gone``.

The invariant every writer keeps: **a page's state says what happened to it in the latest run
that fetched it, and a drop of the words its written record already holds never overwrites that
written record.** A re-run that fetches an unchanged page (a server without ETag, Last-Modified
or sitemap lastmod sends it in full) drops its record as unchanged; the page stays ``written``
with that fingerprint (only its validators are refreshed), so the run after still knows those
words are in an output file. ``settle`` applies the rule and both stores call it in ``record``.
A page that became something else (no longer an article, other words) is recorded as that.

A record goes through two steps so that a crash never marks unwritten work done and never leaves
written work unmarked: ``begin_write`` notes it as *pending* (with the run writing it) before
the exporter writes its line, ``record`` marks it written once the line is flushed. A run that
died in between is recovered by the next one (``recover``): each pending record found in that
run's output files becomes written, the rest are forgotten and fetched again.

Two stores: ``SQLiteCrawlState`` (a local file, the default: no server needed; WAL mode, so
several crawl processes on one machine can share it) and ``RedisCrawlState`` (distributed
crawls). ``open_state(settings)`` picks one from ``CLEANCRAWL_STATE``. This module does not
import Scrapy.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import orjson

from crawler.safety.safe_paths import owned_by_run
from output.jsonlines import gzip_members, repair_gzip
from output.sqlite_transactions import commit, rollback

WRITTEN, DROPPED, DUPLICATE = "written", "dropped", "duplicate"
DONE = frozenset({WRITTEN, DROPPED, DUPLICATE})
# A page once written that answered 404/410, or that a complete sitemap of its source no longer
# lists (crawler/state/incremental.py, GonePages): its record should leave the dataset. Not done: if it
# comes back, it is fetched and written again.
GONE = "gone"
# A page whose cleaning failed (its worker was killed or ran out of time, the cleaning code failed)
# in every run that fetched it, with no earlier state: not done, fetched again. A page known before
# keeps its status; only its ``cleaning_failures`` grows (``note_cleaning_failure``).
UNCLEANED = "uncleaned"
# The reason of a page given up after CLEANCRAWL_MAX_CLEANING_ATTEMPTS consecutive cleaning failures
# (a poison page: it kills or hangs the cleaner every time): recorded ``dropped``, so done.
CLEANING_FAILED = "cleaning-failed"


@dataclass(frozen=True)
class PageState:
    """What is known about one URL of a source."""

    url: str
    status: str
    fingerprint: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None
    updated_at: float = 0.0
    # why a ``dropped`` page is no article (the cleaner's reason: no-text, too-short, ...); None
    # for the other statuses and for pages dropped before the reason was kept
    reason: str | None = None
    # consecutive runs whose cleaning of this page failed (a killed or timed-out worker, a cleaning
    # error); back to 0 once it is cleaned or rejected as no article, kept by a give-up
    # (CLEANING_FAILED), so a given-up page fetched again that fails again is given up at once
    cleaning_failures: int = 0

    @property
    def done(self) -> bool:
        return self.status in DONE

    def with_validators(self, etag: str | None, last_modified: str | None, lastmod: str | None) -> PageState:
        """This state with fresher validators; a value not given keeps the known one."""
        return replace(
            self,
            etag=etag or self.etag,
            last_modified=last_modified or self.last_modified,
            lastmod=lastmod or self.lastmod,
        )


@dataclass(frozen=True)
class Run:
    """One crawl process writing records: its output files are searched if it dies mid-write."""

    run_id: str
    host: str
    pid: int
    outputs: tuple[str, ...] = ()
    started_at: float = 0.0

    @classmethod
    def current(cls, outputs: Iterable[str] = ()) -> Run:
        host, pid = socket.gethostname(), os.getpid()
        started = time.time()
        return cls(f"{host}:{pid}:{started:.6f}", host, pid, tuple(outputs), started)

    def is_alive(self) -> bool:
        """False only when this run surely ended: a process of this host that no longer exists.
        Runs of other hosts are taken as alive (their own host recovers them)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        state, started = _process_state(self.pid)
        # A zombie has ended; a process started after this run is another one with a reused pid.
        return state != "Z" and (started is None or started <= self.started_at + 5)


def _process_state(pid: int) -> tuple[str | None, float | None]:
    """(state letter, start time as a UNIX time) of a process, from /proc where there is one."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        boot = next(
            float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime")
        )
        return fields[0], boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None, None


@dataclass
class Recovery:
    """What ``recover`` did with the pending records of runs that died."""

    runs: int = 0
    written: int = 0
    forgotten: int = 0
    repaired_files: list[str] = field(default_factory=list)


class CrawlState(Protocol):
    """The state store the crawl components talk to (see the module docstring)."""

    def get(self, source: str, url: str) -> PageState | None: ...

    def written_url(self, source: str, fingerprint: str) -> str | None:
        """The URL whose record with these words is written (or being written), if any."""
        ...

    def begin_write(self, source: str, fingerprint: str, url: str, run_id: str) -> None: ...

    def written_urls(self, source: str) -> Iterator[str]:
        """The URLs of ``source`` whose record is written (what a complete sitemap must list)."""
        ...

    def record(self, source: str, page: PageState) -> None:
        """Store ``page``; when it is written, its pending entry is settled in the same step."""
        ...

    def note_cleaning_failure(self, source: str, url: str) -> int:
        """One more consecutive run failed to clean ``url`` (its worker was killed or timed out, the
        cleaning code failed); its status is kept (a new URL is UNCLEANED: not done). Returns the
        count of consecutive failures, this one included."""
        ...

    def start_run(self, run: Run) -> None: ...

    def finish_run(self, run_id: str) -> None:
        """The run ended cleanly: its unsettled pending entries are forgotten."""
        ...

    def recover(self) -> Recovery: ...

    def close(self) -> None: ...


# --- helpers shared by the stores ---------------------------------------------------------------


def settle(known: PageState | None, page: PageState) -> PageState:
    """What to store for ``page`` given what is ``known`` of its URL (the module's invariant): a
    drop (as duplicate or not an article) of the very words its written record holds leaves it
    written, with the fresher validators. A page given up as CLEANING_FAILED keeps its count of
    failures, and a written one stays written (its last record is still in an output file; done
    until it changes again); any other outcome of a run that fetched it clears the count."""
    if known is not None and page.reason == CLEANING_FAILED:
        page = replace(page, cleaning_failures=max(page.cleaning_failures, known.cleaning_failures))
    if (
        known is not None
        and known.status == WRITTEN
        and known.fingerprint
        and page.status not in (WRITTEN, GONE)
        and (page.fingerprint == known.fingerprint or page.reason == CLEANING_FAILED)
    ):
        return replace(
            known.with_validators(page.etag, page.last_modified, page.lastmod),
            updated_at=page.updated_at,
            cleaning_failures=page.cleaning_failures,
        )
    return page


def failed_once_more(known: PageState | None, url: str) -> PageState:
    """``known`` (or a new UNCLEANED page) with one more cleaning failure; nothing else changes."""
    if known is None:
        return PageState(url, UNCLEANED, updated_at=time.time(), cleaning_failures=1)
    return replace(known, cleaning_failures=known.cleaning_failures + 1)


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime: a date, or a date and time) as an aware datetime."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lastmod_unchanged(known: PageState | None, lastmod: str | None) -> bool:
    """True when ``known`` is done and the sitemap's ``lastmod`` is not newer than the one it was
    fetched with (so the page can be skipped without a request)."""
    if known is None or not known.done:
        return False
    new, old = parse_lastmod(lastmod), parse_lastmod(known.lastmod)
    return new is not None and old is not None and new <= old


def repair_jsonl(path: str | Path) -> bool:
    """Cut a trailing partial line (a line a killed writer did not finish) off a JSON-lines file.
    True when the file was changed."""
    path = Path(path)
    try:
        with path.open("r+b") as fh:
            end = fh.seek(0, os.SEEK_END)
            pos = end
            while pos > 0:
                step = min(65536, pos)
                fh.seek(pos - step)
                chunk = fh.read(step)
                newline = chunk.rfind(b"\n")
                if newline >= 0:
                    pos = pos - step + newline + 1
                    break
                pos -= step
            if pos == end:
                return False
            fh.truncate(pos)
            fh.flush()
            os.fsync(fh.fileno())
            return True
    except FileNotFoundError:
        return False


def repair_output(path: str | Path) -> bool:
    """Cut what a killed writer left unfinished off an output file: a partial last line, a torn last
    gzip member (``.gz``). A Parquet file is never torn (written as a hidden ``.part``, renamed
    whole). True when the file was changed."""
    name = str(path).lower()
    if name.endswith(".parquet"):
        return False
    if name.endswith(".gz"):
        return repair_gzip(path)
    return repair_jsonl(path)


def _whole_lines(path: str, tail: int | None = None) -> Iterator[bytes]:
    """The complete lines of a JSON-lines file (of its complete members when gzipped); with ``tail``,
    of a plain file only the lines that start in its last ``tail`` bytes."""
    with open(path, "rb") as fh:
        if path.lower().endswith(".gz"):
            for _, data in gzip_members(fh):
                yield from data.splitlines(keepends=True)
            return
        if tail is not None:
            start = max(0, fh.seek(0, os.SEEK_END) - tail)
            fh.seek(max(0, start - 1))
            if start > 0 and fh.read(1) != b"\n":
                fh.readline()  # the rest of a line that starts before the tail
        yield from fh


def _parquet_fingerprints(path: str) -> set[tuple[str, str]]:
    import pyarrow.parquet as pq  # only crawls that write Parquet need it

    try:
        table = pq.read_table(path, columns=["source", "fingerprint"])
    except (OSError, ValueError, KeyError) as exc:  # pyarrow's errors derive from these
        logging.getLogger(__name__).warning("cannot read %s: %s", path, exc)
        return set()
    sources, fingerprints = table.column("source").to_pylist(), table.column("fingerprint").to_pylist()
    return {(str(s), str(f)) for s, f in zip(sources, fingerprints, strict=True) if f}


def written_fingerprints(paths: Iterable[str], *, tail: int | None = None) -> set[tuple[str, str]]:
    """(source, fingerprint) of every whole record in these output files (JSON lines, gzipped or
    not, and Parquet); with ``tail``, only of the records in the last ``tail`` bytes of a plain
    JSON-lines file."""
    found: set[tuple[str, str]] = set()
    for path in paths:
        if path.lower().endswith(".parquet"):
            found |= _parquet_fingerprints(path)
            continue
        try:
            for line in _whole_lines(path, tail):
                if not line.endswith(b"\n"):
                    break
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("fingerprint"):
                    found.add((str(record.get("source")), str(record["fingerprint"])))
        except OSError:
            continue
    return found


def expand_outputs(paths: Iterable[str]) -> Iterator[str]:
    """Output paths as files: a batched feed's template (``%(batch_id)05d``...) expands to its batches."""
    for _, path in _output_files(paths):
        yield path


def _output_files(paths: Iterable[str]) -> Iterator[tuple[str | None, str]]:
    """(template or None, file) for output paths: a template expands to its batches."""
    for path in paths:
        if "%(" in path:
            pattern = Path(re.sub(r"%\(\w+\)\d*\w", "*", path))
            yield from ((path, str(p)) for p in sorted(pattern.parent.glob(pattern.name)))
        else:
            yield None, path


def local_path(uri: str) -> str | None:
    """The file path of a local feed URI (file://... or a plain path), else None."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return unquote(parts.path)
    if not parts.scheme or len(parts.scheme) == 1:  # a plain path (or a Windows drive letter)
        return uri
    return None


def run_output(run: Run, *, repair: bool = True, tail: int | None = None) -> tuple[list[str], set[tuple[str, str]]]:
    """(the files repaired, (source, fingerprint) of each whole record) of ``run``'s output files;
    ``repair``: cut what the run left unfinished off them first (only for a run that surely ended);
    ``tail``: see :func:`written_fingerprints`. Only files this run created (a run token beside them)
    in the data folder are touched: the run's entry may come from a shared Redis that others can
    write to (crawler/safety/safe_paths.py)."""
    files = [path for template, path in _output_files(run.outputs) if owned_by_run(path, run.run_id, template)]
    repaired = [path for path in files if repair and repair_output(path)]
    return repaired, written_fingerprints(files, tail=tail)


def _recover_runs(
    dead: list[Run], pending: Mapping[str, list[tuple[str, str, str]]], settle: Any, forget: Any
) -> Recovery:
    """Shared by both stores: for each dead run, repair its files, then settle or forget each of its
    pending (source, fingerprint, url) entries by whether its line is in those files."""
    report = Recovery()
    for run in dead:
        report.runs += 1
        repaired, found = run_output(run)
        report.repaired_files.extend(repaired)
        for source, fingerprint, url in pending.get(run.run_id, []):
            if (source, fingerprint) in found:
                settle(source, PageState(url, WRITTEN, fingerprint, updated_at=time.time()))
                report.written += 1
            else:
                report.forgotten += 1
        forget(run.run_id)
    return report


# --- SQLite: the default, one local file ---------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    fingerprint TEXT,
    etag TEXT,
    last_modified TEXT,
    lastmod TEXT,
    updated_at REAL NOT NULL,
    reason TEXT,
    cleaning_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pages_by_fingerprint ON pages (source, fingerprint);
CREATE TABLE IF NOT EXISTS pending (
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    url TEXT NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (source, fingerprint, run_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    outputs TEXT NOT NULL,
    started_at REAL NOT NULL
);
"""


class SQLiteCrawlState:
    """The state in one SQLite file, all sources in it (keyed by source name). WAL mode and a busy
    timeout let several crawl processes of one machine read and write it at once; each change is
    its own transaction, on disk before the call returns (safe against the process being killed)."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL: a commit survives the process being killed (not a power cut), at a fraction of FULL's cost.
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            _add_missing_page_columns(self.db)

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def get(self, source: str, url: str) -> PageState | None:
        row = self.db.execute(
            "SELECT url, status, fingerprint, etag, last_modified, lastmod, updated_at, reason, cleaning_failures "
            "FROM pages "
            "WHERE source = ? AND url = ?",
            (source, url),
        ).fetchone()
        return PageState(*row) if row else None

    def written_url(self, source: str, fingerprint: str) -> str | None:
        row = self.db.execute(
            "SELECT url FROM pages WHERE source = ? AND fingerprint = ? AND status = ? "
            "UNION ALL SELECT url FROM pending WHERE source = ? AND fingerprint = ? LIMIT 1",
            (source, fingerprint, WRITTEN, source, fingerprint),
        ).fetchone()
        return row[0] if row else None

    def begin_write(self, source: str, fingerprint: str, url: str, run_id: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pending (source, fingerprint, url, run_id) VALUES (?, ?, ?, ?)",
            (source, fingerprint, url, run_id),
        )

    def written_urls(self, source: str) -> Iterator[str]:
        rows = self.db.execute("SELECT url FROM pages WHERE source = ? AND status = ?", (source, WRITTEN)).fetchall()
        return iter([row[0] for row in rows])

    def record(self, source: str, page: PageState) -> None:
        with self._transaction():
            self._upsert(source, settle(self.get(source, page.url), page))

    def note_cleaning_failure(self, source: str, url: str) -> int:
        with self._transaction():
            page = failed_once_more(self.get(source, url), url)
            self._upsert(source, page)
        return page.cleaning_failures

    def _upsert(self, source: str, page: PageState) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pages (source, url, status, fingerprint, etag, last_modified, lastmod, "
            "updated_at, reason, cleaning_failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source,
                page.url,
                page.status,
                page.fingerprint,
                page.etag,
                page.last_modified,
                page.lastmod,
                page.updated_at or time.time(),
                page.reason,
                page.cleaning_failures,
            ),
        )
        if page.status == WRITTEN and page.fingerprint:
            self.db.execute("DELETE FROM pending WHERE source = ? AND fingerprint = ?", (source, page.fingerprint))

    def start_run(self, run: Run) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO runs (run_id, host, pid, outputs, started_at) VALUES (?, ?, ?, ?, ?)",
            (run.run_id, run.host, run.pid, json.dumps(list(run.outputs)), run.started_at),
        )

    def finish_run(self, run_id: str) -> None:
        with self._transaction():
            self.db.execute("DELETE FROM pending WHERE run_id = ?", (run_id,))
            self.db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,))

    def _runs(self) -> list[Run]:
        rows = self.db.execute("SELECT run_id, host, pid, outputs, started_at FROM runs").fetchall()
        return [Run(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4]) for r in rows]

    def recover(self) -> Recovery:
        dead = [run for run in self._runs() if not run.is_alive()]
        if not dead:
            return Recovery()
        pending: dict[str, list[tuple[str, str, str]]] = {}
        for run in dead:
            pending[run.run_id] = self.db.execute(
                "SELECT source, fingerprint, url FROM pending WHERE run_id = ?", (run.run_id,)
            ).fetchall()
        with self._transaction():
            return _recover_runs(
                dead,
                pending,
                settle=self._upsert,
                forget=lambda run_id: (
                    self.db.execute("DELETE FROM pending WHERE run_id = ?", (run_id,)),
                    self.db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,)),
                ),
            )

    def pages(self, source: str) -> Iterator[PageState]:
        """Every URL known for ``source`` (for tests and inspection)."""
        rows = self.db.execute(
            "SELECT url, status, fingerprint, etag, last_modified, lastmod, updated_at, reason, cleaning_failures "
            "FROM pages "
            "WHERE source = ? ORDER BY url",
            (source,),
        )
        for row in rows:
            yield PageState(*row)

    def close(self) -> None:
        self.db.close()


# Columns of ``pages`` added after state files were first written: added when an older file is
# opened (its rows read NULL: a dropped page of unknown reason).
_ADDED_PAGE_COLUMNS = {"reason": "TEXT", "cleaning_failures": "INTEGER NOT NULL DEFAULT 0"}


def _add_missing_page_columns(db: sqlite3.Connection) -> None:
    have = {row[1] for row in db.execute("PRAGMA table_info(pages)")}
    for name, kind in _ADDED_PAGE_COLUMNS.items():
        if name not in have:
            try:
                db.execute(f"ALTER TABLE pages ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as exc:  # another process added it first
                if "duplicate column" not in str(exc):
                    raise


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (or ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        # output/sqlite_transactions.py: SQLite may have rolled back by itself (a full disk)
        if exc_type:
            rollback(self.db)
        else:
            commit(self.db)


# --- Redis: distributed crawls -------------------------------------------------------------------


# A shared crawl's Redis that goes away (a restart) is waited for: each call that loses the connection
# is retried with backoff (up to 1 s apart) for about this many seconds before it fails.
REDIS_RETRY_SECONDS = 30


def redis_unreachable() -> tuple[type[BaseException], ...]:
    """The errors of a Redis that went away (after redis_client's retries); none without redis."""
    try:
        import redis
    except ImportError:
        return ()
    return (redis.ConnectionError, redis.TimeoutError)


def redis_client(url: str, settings: Any = None) -> Any:
    """A client for the Redis at ``url`` that rides out a restart of the server: calls are retried for
    CLEANCRAWL_REDIS_RETRY_SECONDS of ``settings`` (default REDIS_RETRY_SECONDS)."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    seconds = REDIS_RETRY_SECONDS if settings is None else settings.getfloat("CLEANCRAWL_REDIS_RETRY_SECONDS", 30)
    retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), int(seconds) + 4)
    return redis.Redis.from_url(url, retry=retry, retry_on_error=[redis.ConnectionError, redis.TimeoutError])


class RedisCrawlState:
    """The state in Redis, for crawls spread over machines. Keys, per source ``S`` under ``prefix``:
    ``<prefix>:<S>:pages`` (hash URL -> page JSON), ``<prefix>:<S>:written`` (hash fingerprint -> URL
    of the written record), ``<prefix>:<S>:pending`` (hash fingerprint -> JSON of URL and run);
    ``<prefix>:runs`` (hash run id -> run JSON). Each change is one MULTI/EXEC transaction.

    ``claims``: a set (a ``--redis`` worker's ``pending:<worker>``, crawler/distributed/worker.py)
    where each pending entry this process notes is listed (:func:`state_claim`) until its record is
    written, in the same transaction as the entry: if the worker dies in between, the live worker
    that reclaims its requests releases those entries too, so the page is written, not taken for
    one being written elsewhere. The record's fingerprint claim in the shared dedup (``fp:``) is
    dropped from the set in the transaction that marks it written, unless the worker's
    SharedDedupPipeline dropped it already (its line flushed to plain JSON lines): a dead worker's
    entry whose claim is gone is marked written by the reclaim, one whose claim is held released."""

    def __init__(
        self, url: str, *, prefix: str = "cleancrawl:state", client: Any = None, claims: str | None = None
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.redis = client if client is not None else redis_client(url)
        self.claims = claims
        # (source, fingerprint) -> this process's claim in ``claims``, until the record is written
        self._claimed: dict[tuple[str, str], bytes] = {}

    def _key(self, source: str, what: str) -> str:
        return f"{self.prefix}:{source}:{what}"

    def get(self, source: str, url: str) -> PageState | None:
        raw = self.redis.hget(self._key(source, "pages"), url)
        if not raw:
            return None
        try:  # anyone who can write to the Redis may have written it: a malformed entry is no state
            page = PageState(**_redis_json(raw, self._key(source, "pages")))
        except TypeError:
            return None
        if not isinstance(page.cleaning_failures, int) or isinstance(page.cleaning_failures, bool):
            page = replace(page, cleaning_failures=0)
        return page if isinstance(page.url, str) and isinstance(page.status, str) else None

    def written_url(self, source: str, fingerprint: str) -> str | None:
        raw = self.redis.hget(self._key(source, "written"), fingerprint)
        if raw:
            return raw.decode()
        pending = self.redis.hget(self._key(source, "pending"), fingerprint)
        return orjson.loads(pending)["url"] if pending else None

    def begin_write(self, source: str, fingerprint: str, url: str, run_id: str) -> None:
        key = self._key(source, "pending")
        entry = orjson.dumps({"url": url, "run_id": run_id})
        if self.claims is None:
            self.redis.hset(key, fingerprint, entry)
            return
        claim = state_claim(key, fingerprint, run_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(key, fingerprint, entry)
        pipe.sadd(self.claims, claim)
        pipe.execute()
        self._claimed[(source, fingerprint)] = claim

    def written_urls(self, source: str) -> Iterator[str]:
        urls = {raw.decode() for raw in self.redis.hvals(self._key(source, "written"))}
        return iter(sorted(url for url in urls if (known := self.get(source, url)) and known.status == WRITTEN))

    def record(self, source: str, page: PageState) -> None:
        old = self.get(source, page.url)
        page = settle(old, page)
        page = page if page.updated_at else replace(page, updated_at=time.time())
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(self._key(source, "pages"), page.url, orjson.dumps(asdict(page)))
        if (
            old and old.status == WRITTEN and old.fingerprint
            and (old.fingerprint != page.fingerprint or page.status == GONE)
        ):
            pipe.hdel(self._key(source, "written"), old.fingerprint)
        if page.status == WRITTEN and page.fingerprint:
            pipe.hset(self._key(source, "written"), page.fingerprint, page.url)
            pipe.hdel(self._key(source, "pending"), page.fingerprint)
            claim = self._claimed.pop((source, page.fingerprint), None)
            if claim is not None and self.claims is not None:
                pipe.srem(self.claims, claim, DEDUP_FINGERPRINT_CLAIM + page.fingerprint.encode())
        pipe.execute()

    def note_cleaning_failure(self, source: str, url: str) -> int:
        # Read then write: two workers failing on one URL at the same moment may count it once (it is
        # counted again the next run), never lose the page's other fields.
        page = failed_once_more(self.get(source, url), url)
        self.redis.hset(self._key(source, "pages"), url, orjson.dumps(asdict(page)))
        return page.cleaning_failures

    def start_run(self, run: Run) -> None:
        self.redis.hset(f"{self.prefix}:runs", run.run_id, orjson.dumps(asdict(run)))

    def _pending_of(self, run_ids: set[str]) -> dict[str, list[tuple[str, str, str]]]:
        """Pending entries of these runs, over every source, by run id."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        suffix = ":pending"
        for key in self.redis.scan_iter(match=f"{self.prefix}:*{suffix}"):
            source = key.decode()[len(self.prefix) + 1 : -len(suffix)]
            for fingerprint, raw in self.redis.hscan_iter(key):
                entry = _redis_json(raw, key)
                if isinstance(entry, dict) and entry.get("run_id") in run_ids and isinstance(entry.get("url"), str):
                    found.setdefault(entry["run_id"], []).append((source, fingerprint.decode(), entry["url"]))
        return found

    def _forget(self, run_id: str, entries: list[tuple[str, str, str]]) -> None:
        pipe = self.redis.pipeline(transaction=True)
        for source, fingerprint, _ in entries:
            pipe.hdel(self._key(source, "pending"), fingerprint)
        pipe.hdel(f"{self.prefix}:runs", run_id)
        pipe.execute()

    def finish_run(self, run_id: str) -> None:
        self._forget(run_id, self._pending_of({run_id}).get(run_id, []))

    def recover(self) -> Recovery:
        runs = [run for raw in self.redis.hvals(f"{self.prefix}:runs") if (run := _run_of(raw, self.prefix))]
        dead = [run for run in runs if not run.is_alive()]
        if not dead:
            return Recovery()
        pending = self._pending_of({run.run_id for run in dead})
        return _recover_runs(
            dead,
            pending,
            settle=self.record,
            forget=lambda run_id: self._forget(run_id, pending.get(run_id, [])),
        )

    def pages(self, source: str) -> Iterator[PageState]:
        for _, raw in sorted(self.redis.hgetall(self._key(source, "pages")).items()):
            yield PageState(**orjson.loads(raw))

    def close(self) -> None:
        self.redis.close()


def _run_of(raw: bytes, prefix: str) -> Run | None:
    """A run as stored in ``<prefix>:runs``, or None (logged) when malformed: written by anyone who can
    write to the Redis, it is checked, not trusted."""
    try:
        data = orjson.loads(raw)
        run = Run(**{**data, "outputs": tuple(str(p) for p in data["outputs"])})
        if not (isinstance(run.pid, int) and isinstance(run.host, str) and isinstance(run.run_id, str)):
            raise TypeError("run_id, host or pid of the wrong type")
    except (orjson.JSONDecodeError, TypeError, KeyError, ValueError) as exc:
        logging.getLogger(__name__).warning("ignoring a malformed run in %s:runs: %s", prefix, exc)
        return None
    return run


def redis_run(client: Any, prefix: str, run_id: str) -> Run | None:
    """The run ``run_id`` of the Redis crawl state under ``prefix``, if it is registered there."""
    raw = client.hget(f"{prefix}:runs", run_id)
    return _run_of(raw, prefix) if raw else None


# How a worker's claim on a fingerprint in the shared dedup is spelled: crawler/distributed/worker.py's
# SharedDeduplicator writes it from here; its Lua (_DEDUP, _RECLAIM) spells it too, which a test holds to this.
DEDUP_FINGERPRINT_CLAIM = b"fp:"


def state_claim(pending_key: str, fingerprint: str, run_id: str) -> bytes:
    """``st:<pending hash key> NUL <fingerprint> NUL <run id>``: the pending entry ``fingerprint`` of
    ``pending_key`` that run ``run_id`` noted, as listed in a worker's claims (released, if the entry
    is still that run's, by crawler/distributed/worker.py's reclaim of a dead worker)."""
    return b"\0".join([b"st:" + pending_key.encode(), fingerprint.encode(), run_id.encode()])


def claim_run(claim: bytes) -> str | None:
    """The run id a :func:`state_claim` names; None for another kind of claim."""
    if not claim.startswith(b"st:"):
        return None
    parts = claim.split(b"\0")
    return parts[2].decode("utf-8", "replace") if len(parts) == 3 and parts[2] else None


def _redis_json(raw: bytes, key: Any) -> Any:
    """A JSON value read from Redis, or None (logged) when it is not JSON."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        logging.getLogger(__name__).warning("ignoring a malformed entry in %s", key)
        return None


# --- choosing a store from settings --------------------------------------------------------------


def state_location(settings: Any) -> str | None:
    """Where the state lives, from CLEANCRAWL_STATE: ``sqlite:///path`` (default:
    ``<CLEANCRAWL_DATA_DIR>/state.sqlite3``), ``redis://...`` or ``off`` (None)."""
    value = (settings.get("CLEANCRAWL_STATE") or "").strip()
    if value.lower() in ("off", "none", "false", "0"):
        return None
    if not value:
        return "sqlite:///" + str(Path(settings.get("CLEANCRAWL_DATA_DIR") or "data") / "state.sqlite3")
    return value


def open_state(settings: Any) -> CrawlState | None:
    """The store CLEANCRAWL_STATE names, or None when the state is off."""
    location = state_location(settings)
    if location is None:
        return None
    scheme = urlsplit(location).scheme
    if scheme in ("redis", "rediss", "unix"):
        prefix = settings.get("CLEANCRAWL_STATE_REDIS_PREFIX") or "cleancrawl:state"
        claims = settings.get("CLEANCRAWL_REDIS_CLAIMS_KEY") or None
        return RedisCrawlState(location, prefix=prefix, client=redis_client(location, settings), claims=claims)
    if scheme == "sqlite":
        return SQLiteCrawlState(sqlite_path(location))
    if not scheme:
        return SQLiteCrawlState(location)
    raise ValueError(
        f"CLEANCRAWL_STATE={location!r}: expected sqlite:///path/to/state.sqlite3, redis://host:port/db or off"
    )


def sqlite_path(location: str) -> str:
    # sqlite:///relative/path -> relative/path; sqlite:////abs/path -> /abs/path (as SQLAlchemy spells them)
    rest = location[len("sqlite://") :]
    return rest[1:] if rest.startswith("/") else rest
