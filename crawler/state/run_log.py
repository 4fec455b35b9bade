"""The record of scheduled crawl runs: one SQLite row per run, read by ``cleancrawl runs``.

A run is ``running`` from launch until its process ends, then ``succeeded`` (exit 0), ``failed``
(any other exit, with its code), or ``terminated`` (stopped by the scheduler's shutdown). A due run
that could not start because the previous run of its source was still going is ``skipped``. Rows a
scheduler left ``running`` when it died are marked ``lost`` by the next scheduler on the same file.
Times are UTC ISO 8601 strings. This module does not import Scrapy.

Each finished run also keeps its per-source figures (``sources``: pages fetched, articles written,
rejections by reason, field coverage, median words; crawler/components/health.py collects them in the crawl,
``cleancrawl runs --health`` compares them). The column was added after the first run logs were
written: opening an older file adds it (``ALTER TABLE ... ADD COLUMN``, nothing else changes), and
its old rows read as runs without figures.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from output.health import COVERED_FIELDS

DEFAULT_PATH = Path("data") / "runs.sqlite3"
STATUSES = ("running", "succeeded", "failed", "terminated", "skipped", "lost")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    due_at TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    exit_code INTEGER,
    pid INTEGER,
    items INTEGER,
    errors INTEGER,
    pages_failed INTEGER,
    finish_reason TEXT,
    outputs TEXT NOT NULL DEFAULT '[]',
    log_file TEXT,
    message TEXT,
    sources TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_source ON runs (source, id);
"""
# Columns later versions added, with their SQL type: added to older files when they are opened.
_ADDED_COLUMNS = {"sources": "TEXT"}


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Run:
    id: int
    source: str
    due_at: str | None
    started_at: str
    finished_at: str | None
    status: str
    exit_code: int | None
    pid: int | None
    items: int | None
    errors: int | None
    pages_failed: int | None
    finish_reason: str | None
    outputs: tuple[str, ...]
    log_file: str | None
    message: str | None
    # per-source figures of the run (crawler/components/health.py), {} for runs recorded before they were kept
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outputs"] = list(self.outputs)
        return data


@dataclass(frozen=True)
class CrawlOutcome:
    """What a finished crawl reported in its stats file (all None when it wrote none)."""

    items: int | None = None
    errors: int | None = None
    pages_failed: int | None = None
    finish_reason: str | None = None
    outputs: tuple[str, ...] = ()
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def outcome_from_stats_file(path: Path) -> CrawlOutcome:
    """Counts from the JSON that ``cleancrawl crawl --stats-file`` writes; empty if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stats = data["stats"]
    except (OSError, ValueError, KeyError, TypeError):
        return CrawlOutcome()
    items = stats.get("cleancrawl/written", stats.get("item_scraped_count", 0))
    failed = sum(v for k, v in stats.items() if k.startswith("cleancrawl/failed/") and isinstance(v, int))
    return CrawlOutcome(
        items=int(items),
        errors=int(stats.get("log_count/ERROR", 0)),
        pages_failed=failed,
        finish_reason=stats.get("finish_reason"),
        outputs=tuple(str(p) for p in data.get("outputs", [])),
        sources=source_figures(stats),
    )


class RunLogError(RuntimeError):
    """The run log file cannot be opened or created; the message names it."""


class RunLog:
    """Run records in one SQLite file; each call opens its own short transaction."""

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(_SCHEMA)
                _add_missing_columns(db)
        except (OSError, sqlite3.Error) as exc:
            raise RunLogError(
                f"{self.path}: cannot open the run log: {exc}; pass another path with --runs-db"
            ) from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            db.row_factory = sqlite3.Row
            yield db

    def started(
        self,
        source: str,
        *,
        started_at: datetime,
        due_at: datetime | None,
        pid: int | None,
        log_file: str | None = None,
    ) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO runs (source, due_at, started_at, status, pid, log_file) VALUES (?, ?, ?, ?, ?, ?)",
                (source, due_at and utc_iso(due_at), utc_iso(started_at), "running", pid, log_file),
            )
            return int(cursor.lastrowid or 0)

    def finished(
        self,
        run_id: int,
        *,
        finished_at: datetime,
        status: str,
        exit_code: int | None,
        outcome: CrawlOutcome = CrawlOutcome(),
        message: str | None = None,
    ) -> None:
        if status not in STATUSES:
            raise ValueError(f"run status {status!r} is not one of {', '.join(STATUSES)}")
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, items = ?, errors = ?, pages_failed = ?,"
                " finish_reason = ?, outputs = ?, message = ?, sources = ? WHERE id = ?",
                (
                    utc_iso(finished_at),
                    status,
                    exit_code,
                    outcome.items,
                    outcome.errors,
                    outcome.pages_failed,
                    outcome.finish_reason,
                    json.dumps(list(outcome.outputs)),
                    message,
                    json.dumps(outcome.sources, sort_keys=True) if outcome.sources else None,
                    run_id,
                ),
            )

    def skipped(self, source: str, *, at: datetime, due_at: datetime | None, message: str) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO runs (source, due_at, started_at, finished_at, status, message)"
                " VALUES (?, ?, ?, ?, 'skipped', ?)",
                (source, due_at and utc_iso(due_at), utc_iso(at), utc_iso(at), message),
            )
            return int(cursor.lastrowid or 0)

    def mark_lost(self, sources: Sequence[str], *, at: datetime, is_alive: Callable[[int], bool]) -> list[int]:
        """Runs of ``sources`` left ``running`` whose process is gone (their scheduler died before it
        could record the end): marked ``lost``. Returns their ids."""
        lost = [
            run.id
            for run in self.runs(statuses=("running",))
            if run.source in sources and not (run.pid and is_alive(run.pid))
        ]
        with self._connect() as db:
            db.executemany(
                "UPDATE runs SET status = 'lost', finished_at = ?, message = ? WHERE id = ?",
                [(utc_iso(at), "the scheduler stopped without recording the end of this run", i) for i in lost],
            )
        return lost

    def runs(self, *, source: str | None = None, limit: int | None = None, statuses: Sequence[str] = ()) -> list[Run]:
        """Runs, newest first."""
        query, params = "SELECT * FROM runs", []
        where = []
        if source:
            where.append("source = ?")
            params.append(source)
        if statuses:
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            params.extend(statuses)
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY id DESC"
        if limit:
            query += " LIMIT ?"
            params.append(limit)
        with self._connect() as db:
            return [_run(row) for row in db.execute(query, params)]


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring a run log written by an older version up to date; two processes opening the same old
    file at once may both try, and the second finds the column there."""
    have = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    for name, kind in _ADDED_COLUMNS.items():
        if name not in have:
            try:
                db.execute(f"ALTER TABLE runs ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):
                    raise


_RUN_FIELDS = frozenset(f.name for f in fields(Run))


def _run(row: sqlite3.Row) -> Run:
    # Columns this version does not know (a newer version's) are left out, not an error.
    data = {k: v for k, v in dict(row).items() if k in _RUN_FIELDS}
    data["outputs"] = tuple(json.loads(data["outputs"] or "[]"))
    data["sources"] = _json_object(data.get("sources"))
    return Run(**data)


def _json_object(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- per-source figures, from the crawl stats (crawler/components/health.py writes them) ---------------------

SOURCE_PREFIX = "cleancrawl/source/"
PAGES_PREFIX = "cleancrawl/pages/"


def empty_figures() -> dict[str, Any]:
    return {
        "fetched": 0,
        "written": 0,
        "unchanged": 0,
        "not_modified": 0,
        "skipped": 0,
        "gone": 0,
        "rejected": {},
        "spared": {"articles": 0, "rejected": {}},
        "with": dict.fromkeys(COVERED_FIELDS, 0),
        "median_words": None,
    }


_COUNTS = ("written", "unchanged", "not_modified", "skipped", "gone")


def source_figures(stats: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per source: pages fetched (``cleancrawl/pages/<source>``, the spider's count) and what
    crawler/components/health.py and crawler/components/health_spared.py counted under
    ``cleancrawl/source/<source>/...``.
    Source names hold no '/' (crawler/state/sources.py), so the key's first part is the name.
    ``skipped``: sitemap entries whose lastmod said unchanged, so never requested; counted per
    source (older crawls counted them for the whole crawl only: those are theirs when the crawl
    had one source). ``spared``: what the pages not fetched again (skipped, 304) were last time,
    ``{"articles": n, "rejected": {reason: n}}``; None in figures of crawls before it was kept."""
    figures: dict[str, dict[str, Any]] = {}
    for key, value in stats.items():
        if key.startswith(PAGES_PREFIX) and isinstance(value, int):
            figures.setdefault(key[len(PAGES_PREFIX) :], empty_figures())["fetched"] = value
            continue
        if not key.startswith(SOURCE_PREFIX):
            continue
        name, _, figure = key[len(SOURCE_PREFIX) :].partition("/")
        one = figures.setdefault(name, empty_figures())
        kind, _, detail = figure.partition("/")
        if kind == "rejected" and detail and isinstance(value, int):
            one["rejected"][detail] = value
        elif kind == "with" and detail in COVERED_FIELDS and isinstance(value, int):
            one["with"][detail] = value
        elif kind in _COUNTS and not detail and isinstance(value, int):
            one[kind] = value
        elif kind == "spared_articles" and not detail and isinstance(value, int):
            one["spared"]["articles"] = value
        elif kind == "spared_rejected" and detail and isinstance(value, int):
            one["spared"]["rejected"][detail] = value
        elif kind == "median_words" and isinstance(value, int | float):
            one["median_words"] = value
    skipped = stats.get("cleancrawl/incremental/skipped_lastmod")
    if len(figures) == 1 and isinstance(skipped, int) and not any(f["skipped"] for f in figures.values()):
        next(iter(figures.values()))["skipped"] = skipped  # a crawl from before per-source counts
    return figures
