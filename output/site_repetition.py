"""Site repetition over records: a short block that recurs verbatim (normalised) in many pages of
one host is template text, taken out of each record (``text`` and what derives from it).

The per-block rule (which blocks count, the guards, the normalisation) is
``cleaners.site_repetition.SiteRepetition``; this module applies it to records: which host a
record counts for (``record_host``), taking the blocks out of a record (``strip_record``), and the
two passes of an offline batch (``SitePass``: records spooled and their blocks counted in a
temporary SQLite file, then each stripped). The crawl's glue is crawler/components/site_repetition.py.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import IO, Any, Protocol

import orjson

from cleaners import SiteRepetition, count_words
from cleaners.pipeline import prose_words  # the article minimum, as clean_html applies it
from cleaners.site_repetition import RULE_ID as SITE_RULE
from cleaners.site_repetition import normalise
from cleaners.urls import site_host
from output.jsonlines import JsonLinesWriter
from output.record import content_fingerprint, strip_positions


def block_key(normalised: str) -> bytes:
    """A block's key: a 12-byte hash of its normalised text (offline, and in a crawl's counts)."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=12).digest()


class Tally(Protocol):
    """What the second pass reports to: rules fired, and pages it turned into rejections."""

    rules: Counter[str]

    def demote(self, reason: str) -> None: ...


def record_host(record: dict[str, Any], site: str | None = None) -> str | None:
    """The group a record's blocks are counted in: ``--site`` when given, else the host of its
    URL (the page's or WARC target URI, else the canonical one), ``www.`` aside; None without."""
    if site:
        return site
    return site_host(record.get("url") or record.get("canonical_url"))


class BlockCounts:
    """Per-host block counts in a temporary SQLite file: in memory they grow with every distinct
    short block of the batch (3 KB a page on the trafilatura set), on disk memory stays bounded
    by SQLite's page cache. A block is keyed by a 12-byte hash of its normalised text; counted
    once per page, as ``SiteRepetition.observe`` counts it."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="cleancrawl-counts-")
        self.db = sqlite3.connect(os.path.join(self.folder.name, "counts.sqlite"))
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE pages (host TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE blocks (host TEXT, key BLOB, n INTEGER NOT NULL, PRIMARY KEY (host, key)) WITHOUT ROWID;"
        )
        self.pending = 0

    key = staticmethod(block_key)

    def add(self, host: str, normalised: set[str]) -> None:
        self.db.execute(
            "INSERT INTO pages VALUES (?, 1) ON CONFLICT (host) DO UPDATE SET n = n + 1", (host,)
        )
        self.db.executemany(
            "INSERT INTO blocks VALUES (?, ?, 1) ON CONFLICT (host, key) DO UPDATE SET n = n + 1",
            ((host, self.key(block)) for block in normalised),
        )
        self.pending += 1
        if self.pending >= 500:
            self.db.commit()
            self.pending = 0

    def lookup(self, host: str, normalised: set[str]) -> tuple[int, dict[str, int]]:
        """Pages seen of ``host``, and the page count of each of ``normalised`` seen there."""
        row = self.db.execute("SELECT n FROM pages WHERE host = ?", (host,)).fetchone()
        by_key = {self.key(block): block for block in normalised}
        counts: dict[str, int] = {}
        keys = list(by_key)
        for start in range(0, len(keys), 500):  # under SQLite's limit on bound parameters
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT key, n FROM blocks WHERE host = ? AND key IN ({marks})"
            for key, n in self.db.execute(query, (host, *chunk)):
                counts[by_key[key]] = n
        return (row[0] if row else 0), counts

    def close(self) -> None:
        self.db.close()
        self.folder.cleanup()


class SitePass:
    """The two passes of site repetition: records spooled and their blocks counted, then each
    record stripped with ``SiteRepetition``'s guards over the counts of its own blocks."""

    def __init__(self, on: bool, site: str | None, min_words: int) -> None:
        """``on``: strip at all (nothing is spooled or counted when off); ``site``: count every
        record as a page of this one site, not of its own host; ``min_words``: a record shorter
        once stripped is rejected as ``too-short``."""
        self.on = on
        self.site = site
        self.min_words = min_words
        self.guards = SiteRepetition()
        self.spool: IO[bytes] | None = None
        self.counts: BlockCounts | None = None
        if self.on:
            self.spool = tempfile.TemporaryFile(prefix="cleancrawl-spool-", suffix=".jsonl")  # noqa: SIM115 (closed in close)
            self.counts = BlockCounts()

    def _blocks(self, paragraphs: list[str], protected: Sequence[str] = ()) -> set[str]:
        keys = {normalise(p) for p in paragraphs if count_words(p) <= self.guards.max_words}
        keys -= {normalise(p) for p in protected}
        keys.discard("")
        return keys

    def keep(self, record: dict[str, Any], protected: list[str]) -> None:
        """Spool the record (with its code lines and table rows, which are not counted)."""
        assert self.spool is not None and self.counts is not None
        self.spool.write(orjson.dumps([record, protected], option=orjson.OPT_APPEND_NEWLINE))
        host = record_host(record, self.site)
        if host:
            self.counts.add(host, self._blocks(_paragraphs(record["text"]), protected))

    def _spooled(self) -> Iterator[tuple[dict[str, Any], list[str]]]:
        assert self.spool is not None
        self.spool.seek(0)
        for line in self.spool:
            record, protected = orjson.loads(line)
            yield record, protected

    def _guards_for(self, host: str | None, paragraphs: list[str]) -> SiteRepetition:
        """A ``SiteRepetition`` holding just what this record's blocks need from the counts."""
        assert self.counts is not None
        repetition = SiteRepetition(self.guards.min_pages, self.guards.min_share, self.guards.max_words)
        if host:
            pages, counts = self.counts.lookup(host, self._blocks(paragraphs))
            repetition.load(host, pages, counts)
        return repetition

    def write_stripped(self, writer: JsonLinesWriter, summary: Tally) -> None:
        assert self.counts is not None
        self.counts.db.commit()
        for record, protected in self._spooled():
            host = record_host(record, self.site)
            repetition = self._guards_for(host, _paragraphs(record["text"]))
            removed = strip_record(record, repetition, host, protected)
            if removed:
                summary.rules[SITE_RULE] += len(removed)
                if prose_words(_paragraphs(record["text"])) < self.min_words:
                    summary.demote("too-short")
                    continue
            writer.write(record)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
        if self.counts is not None:
            self.counts.close()


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def strip_record(
    record: dict[str, Any], repetition: SiteRepetition, host: str | None, protected: Sequence[str] = ()
) -> list[str]:
    """Take the host's recurring blocks out of one record, in place: ``text`` and what derives
    from it (``word_count``, ``fingerprint`` as ``make_record`` computes them, ``markdown``,
    ``removed`` and ``removed_blocks``). Returns the blocks taken out."""
    paragraphs = _paragraphs(record["text"])
    kept, removed = repetition.strip(host, paragraphs, protected)
    if not removed:
        return []
    gone = {id(block) for block in removed}
    removed_at, moved = strip_positions(record["text"], [id(p) in gone for p in paragraphs])
    text = "\n".join(kept)
    record["text"] = text
    record["word_count"] = count_words(text)
    record["fingerprint"] = content_fingerprint(text)
    record["removed"] = dict((Counter(record["removed"]) + Counter({SITE_RULE: len(removed)})).most_common())
    if record.get("markdown") is not None:
        record["markdown"] = strip_markdown(record["markdown"], {normalise(block) for block in removed})
    if "removed_blocks" in record:
        for block in record["removed_blocks"]:
            if "at" in block:
                block["at"] = moved(block["at"])
        record["removed_blocks"] += [
            {"rule": SITE_RULE, "stage": "site", "text": block, "at": at}
            for block, at in zip(removed, removed_at, strict=True)
        ]
    return removed


def strip_markdown(markdown: str, keys: set[str]) -> str:
    """``markdown`` without the lines whose normalised text is a removed block (the ``#``, ``-``,
    ``>`` and ``|`` marks normalise away), and without the blank line each leaves behind."""
    out: list[str] = []
    skip_blank = False
    for line in markdown.split("\n"):
        if line.strip() and normalise(line) in keys:
            skip_blank = not out or out[-1] == ""
            continue
        if skip_blank and line == "":
            skip_blank = False
            continue
        skip_blank = False
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def strip_in_memory(rows: list[tuple[dict[str, Any], list[str]]], min_words: int) -> None:
    """Site repetition as ``clean`` applies it, in memory (``review`` holds its pages anyway): each
    ``(record, protected lines)`` stripped in place; one too short once stripped is marked rejected."""
    repetition = SiteRepetition()
    for record, protected in rows:
        if not record.get("rejected"):
            keep = {normalise(p) for p in protected}
            paragraphs = [p for p in record["text"].split("\n") if p and normalise(p) not in keep]
            repetition.observe(record_host(record), paragraphs)
    for record, protected in rows:
        if record.get("rejected"):
            continue
        if strip_record(record, repetition, record_host(record), protected):
            paragraphs = [p for p in record["text"].split("\n") if p]
            if prose_words(paragraphs) < min_words:
                record["rejected"] = "too-short"
