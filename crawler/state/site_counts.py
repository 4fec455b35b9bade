"""Where a crawl keeps its site-repetition counts (crawler/components/site_repetition.py): per host, the pages
counted and, per normalised short block, in how many of them it was seen.

Scrapy-free, so that the cleaning workers can import ``with_protected`` (crawler/workers/cleaning.py).

- ``SQLiteSiteCounts``: a file beside a SQLite crawl state (``data/state.site-rep.sqlite3`` by
  default), shared safely by the crawls of one machine (WAL, one ``BEGIN IMMEDIATE`` transaction
  per page), or ``:memory:`` with ``CLEANCRAWL_STATE=off`` (this run only);
- ``RedisSiteCounts``: the Redis of a Redis state (which ``--redis`` workers share), keys
  ``<state prefix>:site-rep:hosts`` (hash: host -> pages), ``...:blocks:<host>`` (sorted set:
  block key -> pages) and ``...:seen:<host>`` (set of page keys), one Lua script per page.

``observe`` is the one operation, atomic in both: count the page unless one of its keys (its URL,
its words) was counted already, then give the counts its blocks are judged by. So a re-fetch of
the same URL (a re-run, a retry, a record written again after a kill), or the same words at a
second URL, never counts twice, and two workers never lose each other's increments.

Bound: a host keeps at most ``max_blocks`` distinct blocks (default 10,000; about 0.5 MB in
SQLite). Past that, only the ``max_blocks // 2`` seen on the most pages are kept: template text
is on many pages and survives; what goes is mostly text seen on one page. The page keys (two
12-byte hashes a page) grow with the pages, as the crawl state's own rows do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from output.near_dup import SignedRecord, open_index_file
from output.sqlite_transactions import immediate

MAX_BLOCKS = 10_000


def page_keys(url: str, fingerprint: str) -> tuple[bytes, bytes]:
    """What a page is known by: its URL, and its words (the record's fingerprint)."""
    return (
        b"u" + hashlib.blake2b(url.encode("utf-8"), digest_size=12).digest(),
        b"f" + hashlib.blake2b(fingerprint.encode("utf-8"), digest_size=12).digest(),
    )


def with_protected(record: dict[str, Any], lines: Iterable[str]) -> SignedRecord:
    """``record`` carrying its code lines and table rows (which site repetition never strips) as
    an attribute, as it carries its MinHash signature: pickled from the worker, never exported."""
    carrier = record if isinstance(record, SignedRecord) else SignedRecord(record)
    carrier.protected_lines = list(lines)  # type: ignore[attr-defined]
    return carrier


class SiteCounts(Protocol):
    def observe(self, host: str, keys: Sequence[bytes], blocks: Sequence[bytes]) -> tuple[int, dict[bytes, int]]:
        """In one atomic step: count this page of ``host`` (its ``blocks``, each once) unless one
        of its ``keys`` was counted already; then the host's pages counted and, for each of
        ``blocks`` still kept, the pages it was seen in (this page included)."""
        ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS site_rep_hosts (
    host TEXT PRIMARY KEY, pages INTEGER NOT NULL, blocks INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS site_rep_blocks (
    host TEXT NOT NULL, key BLOB NOT NULL, pages INTEGER NOT NULL, PRIMARY KEY (host, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS site_rep_seen (host TEXT NOT NULL, key BLOB NOT NULL, PRIMARY KEY (host, key)) WITHOUT ROWID;
"""
_CHUNK = 500  # keys per statement, under SQLite's limit on bound parameters


def sibling_counts_path(state_path: str | Path) -> Path:
    """The counts file beside a SQLite crawl state: ``state.sqlite3`` -> ``state.site-rep.sqlite3``."""
    path = Path(state_path)
    return path.with_name(f"{path.stem}.site-rep{path.suffix or '.sqlite3'}")


class SQLiteSiteCounts:
    def __init__(self, path: str | Path, *, max_blocks: int = MAX_BLOCKS, timeout: float = 30.0) -> None:
        self.max_blocks = max(2, max_blocks)
        self.db = open_index_file(path, _SCHEMA, timeout)

    def observe(self, host: str, keys: Sequence[bytes], blocks: Sequence[bytes]) -> tuple[int, dict[bytes, int]]:
        blocks = list(dict.fromkeys(blocks))
        with immediate(self.db):
            new = [self._mark_seen(host, key) for key in keys]
            if all(new):
                self._count(host, blocks)
            row = self.db.execute("SELECT pages FROM site_rep_hosts WHERE host = ?", (host,)).fetchone()
            counts = self._lookup(host, blocks)
        return (row[0] if row else 0), counts

    def _mark_seen(self, host: str, key: bytes) -> bool:
        cursor = self.db.execute("INSERT OR IGNORE INTO site_rep_seen (host, key) VALUES (?, ?)", (host, key))
        return cursor.rowcount == 1

    def _lookup(self, host: str, blocks: Sequence[bytes]) -> dict[bytes, int]:
        counts: dict[bytes, int] = {}
        for start in range(0, len(blocks), _CHUNK):
            chunk = blocks[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT key, pages FROM site_rep_blocks WHERE host = ? AND key IN ({marks})"
            counts.update(self.db.execute(query, (host, *chunk)))
        return counts

    def _count(self, host: str, blocks: Sequence[bytes]) -> None:
        known = self._lookup(host, blocks)
        fresh = [key for key in blocks if key not in known]
        self.db.executemany(
            "UPDATE site_rep_blocks SET pages = pages + 1 WHERE host = ? AND key = ?", ((host, k) for k in known)
        )
        self.db.executemany(
            "INSERT INTO site_rep_blocks (host, key, pages) VALUES (?, ?, 1)", ((host, k) for k in fresh)
        )
        self.db.execute(
            "INSERT INTO site_rep_hosts (host, pages, blocks) VALUES (?, 1, ?) ON CONFLICT (host) "
            "DO UPDATE SET pages = pages + 1, blocks = blocks + excluded.blocks",
            (host, len(fresh)),
        )
        (distinct,) = self.db.execute("SELECT blocks FROM site_rep_hosts WHERE host = ?", (host,)).fetchone()
        if distinct > self.max_blocks:
            self._prune(host)

    def _prune(self, host: str) -> None:
        """Keep the host's ``max_blocks // 2`` blocks seen on the most pages."""
        keep = self.max_blocks // 2
        self.db.execute(
            "DELETE FROM site_rep_blocks WHERE host = ? AND key NOT IN "
            "(SELECT key FROM site_rep_blocks WHERE host = ? ORDER BY pages DESC LIMIT ?)",
            (host, host, keep),
        )
        self.db.execute(
            "UPDATE site_rep_hosts SET blocks = (SELECT COUNT(*) FROM site_rep_blocks WHERE host = ?) WHERE host = ?",
            (host, host),
        )

    def close(self) -> None:
        self.db.close()


# KEYS: hosts hash, the host's blocks (sorted set), the host's seen page keys (set).
# ARGV: host, max blocks, blocks kept when over it, the number of page keys, the page keys, the block keys.
# Returns the host's pages, then the count of each block key (0: not kept).
_OBSERVE = """
local nkeys = tonumber(ARGV[4])
local new = true
for i = 5, 4 + nkeys do
  if redis.call('SADD', KEYS[3], ARGV[i]) == 0 then new = false end
end
local first = 5 + nkeys
if new then
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
  for i = first, #ARGV do redis.call('ZINCRBY', KEYS[2], 1, ARGV[i]) end
  local size = redis.call('ZCARD', KEYS[2])
  if size > tonumber(ARGV[2]) then
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, size - tonumber(ARGV[3]) - 1)
  end
end
local out = {tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or 0)}
for i = first, #ARGV do
  out[#out + 1] = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[i]) or 0)
end
return out
"""


class RedisSiteCounts:
    def __init__(self, url: str, *, prefix: str, max_blocks: int = MAX_BLOCKS, client: Any = None) -> None:
        from crawler.state.crawl_state import redis_client

        self.redis = client if client is not None else redis_client(url)
        self.prefix = prefix
        self.max_blocks = max(2, max_blocks)
        self._script = self.redis.register_script(_OBSERVE)

    def observe(self, host: str, keys: Sequence[bytes], blocks: Sequence[bytes]) -> tuple[int, dict[bytes, int]]:
        blocks = list(dict.fromkeys(blocks))
        redis_keys = [f"{self.prefix}:hosts", f"{self.prefix}:blocks:{host}", f"{self.prefix}:seen:{host}"]
        args = [host, self.max_blocks, self.max_blocks // 2, len(keys), *keys, *blocks]
        pages, *counts = self._script(keys=redis_keys, args=args)
        return int(pages), {key: int(n) for key, n in zip(blocks, counts, strict=True) if n}

    def close(self) -> None:
        self.redis.close()
