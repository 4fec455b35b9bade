"""A full file system under an SQLite store: the first error is the one raised, and closing works.

SQLite may roll a transaction back by itself when a write fails with SQLITE_FULL; a ROLLBACK or
COMMIT issued after that failed with "no transaction is active", which hid the disk-full error
and made the near-duplicate index's close raise during a crawl's clean stop (CI: a traceback at
close, after the crawl had said the disk was full). ``PRAGMA max_page_count`` makes the file
"full" without a small file system."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.state.crawl_state import _Transaction
from crawler.state.site_counts import SQLiteSiteCounts
from output.near_dup import NearDupConfig, SQLiteNearDupIndex, signature
from output.sqlite_transactions import immediate

FULL = "database or disk is full"


def _cap(db: sqlite3.Connection) -> None:
    """No page may be added to the file from now on."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def _text(i: int) -> str:
    return " ".join(f"word{i}x{j}" for j in range(400))


def _fill(index: SQLiteNearDupIndex, config: NearDupConfig) -> sqlite3.OperationalError:
    for i in range(200):
        try:
            index.check_and_insert(f"https://example.org/{i}", signature(_text(i), config))
        except sqlite3.OperationalError as exc:
            return exc
    raise AssertionError("the capped index never filled up")


@pytest.mark.parametrize("durable", [True, False])
def test_a_full_near_dup_index_raises_disk_full_and_still_closes(tmp_path: Path, durable: bool) -> None:
    config = NearDupConfig()
    index = SQLiteNearDupIndex(tmp_path / "index.sqlite3", config, durable=durable, batch=3)
    _cap(index.db)
    error = _fill(index, config)
    assert FULL in str(error)
    assert not index.db.in_transaction
    index.close()  # raised "cannot commit - no transaction is active" before


def test_a_near_dup_index_goes_on_after_the_disk_is_freed(tmp_path: Path) -> None:
    config = NearDupConfig()
    index = SQLiteNearDupIndex(tmp_path / "index.sqlite3", config)
    _cap(index.db)
    _fill(index, config)
    index.db.execute("PRAGMA max_page_count = 1073741823")
    assert index.check_and_insert("https://example.org/new", signature(_text(999), config)) is None
    index.close()
    again = SQLiteNearDupIndex(tmp_path / "index.sqlite3", config)
    assert again.check_and_insert("https://example.org/new", signature(_text(999), config)) is None
    again.close()


def test_full_site_counts_raise_disk_full(tmp_path: Path) -> None:
    counts = SQLiteSiteCounts(tmp_path / "counts.sqlite3")
    _cap(counts.db)
    with pytest.raises(sqlite3.OperationalError, match=FULL):
        for i in range(500):
            counts.observe("example.org", [f"key{i}".encode()], [f"block {i} {j}".encode() * 20 for j in range(50)])
    assert not counts.db.in_transaction


@pytest.mark.parametrize("transaction", [immediate, _Transaction], ids=["immediate", "crawl-state"])
def test_a_transaction_sqlite_rolled_back_raises_the_first_error(tmp_path: Path, transaction) -> None:
    db = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (v BLOB)")
    _cap(db)
    with pytest.raises(sqlite3.OperationalError, match=FULL):
        for _ in range(100):
            with transaction(db):
                db.execute("INSERT INTO t VALUES (?)", (b"x" * 50_000,))
    assert not db.in_transaction
    with transaction(db):  # the connection is usable again
        db.execute("SELECT count(*) FROM t").fetchone()
