"""Site repetition over a corpus as two datatrove stages, the way datatrove splits its MinHash stages.

A short block that recurs in many pages of one host is template text, which can only be told
once every page of the host was seen, wherever in the corpus and on whichever task it was:

1. ``SiteRepetitionCounts`` (the end of stage 1, every task): spools each task's records to
   ``spool/RANK.jsonl`` in the work folder and counts, per host, the pages and the pages each short
   block is in (``counts/RANK.jsonl``: a line per host, blocks keyed by the 12-byte hash of their
   normalised text that ``cleancrawl clean`` keys its counts by);
2. ``SiteRepetitionStrip`` (the start of stage 2, every task, after every stage-1 task is done):
   reads its share of the spools, adds up across all count files just the counts its own records'
   blocks need (memory bounded by its share, not by the corpus), and strips each record with
   ``SiteRepetition``'s guards through ``strip_record``, the code ``clean``'s second pass runs. A
   record the stripping leaves under ``min_words`` of prose is dropped (``rejected.too-short``),
   as ``clean`` demotes it.

The count of a block over all tasks is the count ``clean`` makes over the same pages, so the
records match whatever the sharding. The work folder is a datatrove ``DataFolder`` (a local path,
or fsspec: ``s3://...``) shared by the tasks.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike
from datatrove.pipeline.base import PipelineStep

from cleaners import SiteRepetition, count_words
from cleaners.pipeline import DEFAULT_MIN_WORDS, prose_words
from cleaners.site_repetition import MAX_WORDS, MIN_PAGES, MIN_SHARE, normalise
from cleaners.site_repetition import RULE_ID as SITE_RULE
from crawler.datatrove_steps.documents import document_from_spool, folder, spool_line
from output.site_repetition import record_host, strip_record

SPOOL = "spool"
COUNTS = "counts"


def block_key(normalised: str) -> str:
    """A block's key in the count files (the hash ``clean``'s counts use, as hex)."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=12).hexdigest()


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def short_blocks(text: str, protected: Sequence[str] = (), max_words: int = MAX_WORDS) -> set[str]:
    """The normalised short blocks of a record counted for its host (once per page), code lines
    and table rows aside: what ``clean``'s first pass counts."""
    keys = {normalise(p) for p in paragraphs(text) if count_words(p) <= max_words}
    keys -= {normalise(p) for p in protected}
    keys.discard("")
    return keys


def _rank_files(folder: Any, sub: str, rank: int, world_size: int) -> list[str]:
    """This task's share of a stage's per-task files: ``sub/N.jsonl`` with ``N % world_size == rank``."""
    names = sorted(folder.list_files(sub, glob_pattern="*.jsonl")) if folder.isdir(sub) else []
    return [name for name in names if int(name.rsplit("/", 1)[-1].split(".")[0]) % world_size == rank]


class SiteRepetitionCounts(PipelineStep):
    """Stage 1's end: every record spooled, its short blocks counted per host."""

    name = "🔁 site repetition: count"
    type = "🔢 - COUNT"

    def __init__(self, work_folder: DataFolderLike, site: str | None = None, max_words: int = MAX_WORDS) -> None:
        super().__init__()
        self.work_folder = folder(work_folder)
        self.site = site
        self.max_words = max_words

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        pages: Counter[str] = Counter()
        blocks: dict[str, Counter[str]] = defaultdict(Counter)
        with self.work_folder.open(f"{SPOOL}/{rank:05d}.jsonl", "wb") as spool:
            for doc in data or ():
                with self.track_time():
                    line = spool_line(doc)
                    spool.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
                    host = record_host(line[1], self.site)
                    if host:
                        pages[host] += 1
                        blocks[host].update(block_key(b) for b in short_blocks(doc.text, line[2], self.max_words))
                self.stat_update("records")
        with self.work_folder.open(f"{COUNTS}/{rank:05d}.jsonl", "wb") as counts:
            for host in sorted(pages):
                counts.write(orjson.dumps({"host": host, "pages": pages[host], "blocks": blocks[host]}) + b"\n")
        self.stat_update("hosts", value=len(pages))
        yield from ()


class SiteRepetitionStrip(PipelineStep):
    """Stage 2's start: this task's share of the spooled records, each stripped of its host's
    recurring blocks over the counts of every stage-1 task."""

    name = "🔁 site repetition: strip"
    type = "📖 - READER"

    def __init__(
        self,
        work_folder: DataFolderLike,
        site: str | None = None,
        min_words: int = DEFAULT_MIN_WORDS,
        min_pages: int = MIN_PAGES,
        min_share: float = MIN_SHARE,
        max_words: int = MAX_WORDS,
    ) -> None:
        super().__init__()
        self.work_folder = folder(work_folder)
        self.site = site
        self.min_words = min_words
        self.min_pages = min_pages
        self.min_share = min_share
        self.max_words = max_words

    def _spooled(self, rank: int, world_size: int) -> Iterator[list[Any]]:
        for name in _rank_files(self.work_folder, SPOOL, rank, world_size):
            with self.work_folder.open(name, "rb") as spool:
                for line in spool:
                    yield orjson.loads(line)

    def _needed(self, rank: int, world_size: int) -> dict[str, set[str]]:
        """host -> the block keys this task's records need counts of."""
        needed: dict[str, set[str]] = defaultdict(set)
        for _where, record, protected in self._spooled(rank, world_size):
            host = record_host(record, self.site)
            if host:
                needed[host].update(block_key(b) for b in short_blocks(record["text"], protected, self.max_words))
        return needed

    def _counts(self, needed: dict[str, set[str]]) -> tuple[Counter[str], dict[str, Counter[str]]]:
        """Pages per needed host and pages per needed block, summed over every count file."""
        pages: Counter[str] = Counter()
        blocks: dict[str, Counter[str]] = defaultdict(Counter)
        for name in sorted(self.work_folder.list_files(COUNTS, glob_pattern="*.jsonl")):
            with self.work_folder.open(name, "rb") as counts:
                for line in counts:
                    entry = orjson.loads(line)
                    keys = needed.get(entry["host"])
                    if keys is None:
                        continue
                    pages[entry["host"]] += entry["pages"]
                    mine = blocks[entry["host"]]
                    for key, n in entry["blocks"].items():
                        if key in keys:
                            mine[key] += n
        return pages, blocks

    def _repetition(
        self, host: str | None, text: str, pages: Counter[str], blocks: dict[str, Counter[str]]
    ) -> SiteRepetition:
        repetition = SiteRepetition(self.min_pages, self.min_share, self.max_words)
        if host:
            mine = blocks.get(host, Counter())
            counts = {b: mine[block_key(b)] for b in short_blocks(text, (), self.max_words) if block_key(b) in mine}
            repetition.load(host, pages[host], counts)
        return repetition

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        with self.track_time():
            pages, blocks = self._counts(self._needed(rank, world_size))
        for line in self._spooled(rank, world_size):
            with self.track_time():
                _where, record, protected = line
                host = record_host(record, self.site)
                removed = strip_record(record, self._repetition(host, record["text"], pages, blocks), host, protected)
            self.stat_update("records")
            if removed:
                self.stat_update(f"rules.{SITE_RULE}", value=len(removed))
                if prose_words(paragraphs(record["text"])) < self.min_words:
                    self.stat_update("rejected.too-short")
                    continue
            yield document_from_spool(line)
