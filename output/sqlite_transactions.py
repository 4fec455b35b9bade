"""Transactions on an autocommit SQLite connection that survive SQLite's own rollbacks.

When a write fails with ``SQLITE_FULL`` (a full disk or file system), ``SQLITE_IOERR`` or
``SQLITE_NOMEM``, SQLite may roll the whole transaction back by itself
(https://www.sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"). A
``ROLLBACK`` or ``COMMIT`` issued after that fails again with "no transaction is active", which
hides the first error (the one worth reporting: the disk is full) behind a second one, and
breaks the close of a crawl that was stopping cleanly. So the connection's own
``in_transaction`` decides, never a flag of ours."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


def rollback(db: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done it."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def commit(db: sqlite3.Connection) -> None:
    """Commit the open transaction, if any. A failed ``COMMIT`` is rolled back (when SQLite left
    it open) and its error raised, so the connection is never left inside a dead transaction."""
    if not db.in_transaction:
        return
    try:
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; on any error a rollback that never masks the error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        rollback(db)
        raise
    commit(db)
