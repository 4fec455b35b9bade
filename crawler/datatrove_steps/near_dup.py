"""Near-duplicates as three datatrove stages, with cleancrawl's ``near_duplicate_of`` semantics.

Why not datatrove's MinHash stages (``MinhashDedupSignature`` / ``Buckets`` / ``Cluster`` /
``Filter``): they cannot give the marks ``cleancrawl dedup`` gives, on four counts.

- Their signatures are another function of the text: datatrove's word tokeniser and n-grams,
  SHA-1 (or xxhash) of each shingle and its own permutations, where cleancrawl hashes
  ``cleaners.words``'s words (one per Chinese or Japanese character, casefolded, punctuation
  dropped) and signs with rensa; the same pair of pages gets another estimate.
- A pair is a duplicate there as soon as one band matches; cleancrawl also requires the whole
  signatures to agree on ``threshold`` of their values, so its false positives are far fewer.
- Their clusters keep the member of the smallest (task, document) id, and ``Filter`` drops the
  others or keeps them with a cluster id; cleancrawl keeps the first seen in input order and marks
  each other member with that original's URL.
- Exact duplicates (same canonical URL or URL, same fingerprint) are not theirs to find.

So the stages are datatrove's shape (signatures in parallel, clusters in one task, the filter in
parallel) over cleancrawl's own code (``output.near_dup``):

1. ``NearDupSignatures`` (every task): spools each record to ``records/RANK.jsonl`` and writes its
   signature with what the exact check needs to ``signatures/RANK.jsonl``: the costly part (2,500-
   3,800 records a second a core) is spread over the tasks;
2. ``NearDupClusters`` (one task): reads every signature in input order and runs the index of
   ``cleancrawl dedup`` (``ExactDuplicates``, then ``SQLiteNearDupIndex.check_and_insert`` on a
   temporary file), writing the verdict of each duplicate to ``marks/RANK.jsonl``, RANK being the
   task that holds the record: the decisions are in input order, so the marks are ``dedup``'s;
3. ``NearDupMarks`` (every task): reads its records back with ``near_duplicate_of`` set (or
   without the duplicates, ``drop=True``).
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike
from datatrove.pipeline.base import PipelineStep

from crawler.datatrove_steps.documents import document_from_spool, folder, spool_line
from crawler.datatrove_steps.site_repetition import _rank_files
from output.near_dup import (
    ExactDuplicates,
    NearDupConfig,
    SQLiteNearDupIndex,
    record_key,
    signature,
    with_near_duplicate_of,
)

RECORDS = "records"
SIGNATURES = "signatures"
MARKS = "marks"
_KEYS = ("url", "canonical_url", "file", "fingerprint")


def _number(name: str) -> int:
    return int(name.rsplit("/", 1)[-1].split(".")[0])


class NearDupSignatures(PipelineStep):
    """Stage 1 of near-duplicates: records spooled, signatures written, on every task."""

    name = "🫂 near-duplicates: signatures"
    type = "🫂 - DEDUP"

    def __init__(self, work_folder: DataFolderLike, config: NearDupConfig | None = None) -> None:
        super().__init__()
        self.work_folder = folder(work_folder)
        self.config = config or NearDupConfig()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with (
            self.work_folder.open(f"{RECORDS}/{rank:05d}.jsonl", "wb") as records,
            self.work_folder.open(f"{SIGNATURES}/{rank:05d}.jsonl", "wb") as signatures,
        ):
            for doc in data or ():
                with self.track_time():
                    line = spool_line(doc)
                    records.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
                    record = line[1]
                    text = record.get("text")
                    sig = signature(text, self.config).hex() if isinstance(text, str) else None
                    entry = [line[0], *(record.get(key) for key in _KEYS), sig]
                    signatures.write(orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE))
                self.stat_update("records")
        yield from ()


class NearDupClusters(PipelineStep):
    """Stage 2 of near-duplicates: every signature in input order through ``cleancrawl dedup``'s
    index, in one task (rank 0; other ranks of a wider job have nothing to do)."""

    name = "🫂 near-duplicates: clusters"
    type = "🫂 - DEDUP"

    def __init__(self, work_folder: DataFolderLike, config: NearDupConfig | None = None) -> None:
        super().__init__()
        self.work_folder = folder(work_folder)
        self.config = config or NearDupConfig()

    def _signatures(self) -> Iterator[tuple[str, int, list[Any]]]:
        """(position, holding task, entry) of every record, in input order."""

        def read(name: str) -> Iterator[tuple[str, int, list[Any]]]:
            with self.work_folder.open(name, "rb") as stream:
                for line in stream:
                    entry = orjson.loads(line)
                    yield entry[0], _number(name), entry

        names = sorted(self.work_folder.list_files(SIGNATURES, glob_pattern="*.jsonl"))
        return heapq.merge(*(read(name) for name in names))

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        if rank != 0:
            return
        exact = ExactDuplicates()
        marks: dict[int, Any] = {}
        with tempfile.TemporaryDirectory(prefix="cleancrawl-near-dup-") as folder:
            index = SQLiteNearDupIndex(Path(folder) / "index.sqlite3", self.config, durable=False)
            try:
                for number, (where, task, entry) in enumerate(self._signatures()):
                    with self.track_time():
                        original, reason = self._verdict(exact, index, number, entry)
                    self.stat_update("records")
                    if original is None:
                        continue
                    self.stat_update(reason)
                    if task not in marks:
                        marks[task] = self.work_folder.open(f"{MARKS}/{task:05d}.jsonl", "wb")
                    marks[task].write(orjson.dumps([where, original, reason], option=orjson.OPT_APPEND_NEWLINE))
            finally:
                index.close()
                for stream in marks.values():
                    stream.close()
        with self.work_folder.open(f"{MARKS}/done", "wb") as done:
            done.write(b"")

    def _verdict(
        self, exact: ExactDuplicates, index: SQLiteNearDupIndex, number: int, entry: list[Any]
    ) -> tuple[str | None, str]:
        """What ``output.near_dup.mark_duplicates`` decides for one record, from its signature."""
        mini = dict(zip(_KEYS, entry[1:5], strict=True))
        duplicate = exact.check(mini)
        if duplicate is not None:
            _reason, original = duplicate
            return original, "exact_duplicates"
        sig = entry[5]
        original = index.check_and_insert(record_key(mini, number), bytes.fromhex(sig)) if sig is not None else None
        return original, "near_duplicates"


class NearDupMarks(PipelineStep):
    """Stage 3 of near-duplicates: this task's records read back with ``near_duplicate_of`` set
    (the original's URL, null for an original), or the duplicates left out with ``drop``."""

    name = "🫂 near-duplicates: marks"
    type = "📖 - READER"

    def __init__(self, work_folder: DataFolderLike, drop: bool = False) -> None:
        super().__init__()
        self.work_folder = folder(work_folder)
        self.drop = drop

    def _marks(self, name: str) -> dict[str, str]:
        path = f"{MARKS}/{_number(name):05d}.jsonl"
        if not self.work_folder.isfile(path):
            return {}
        with self.work_folder.open(path, "rb") as stream:
            return {where: original for where, original, _reason in map(orjson.loads, stream)}

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        for name in _rank_files(self.work_folder, RECORDS, rank, world_size):
            marks = self._marks(name)
            with self.work_folder.open(name, "rb") as stream:
                for raw in stream:
                    where, record, protected = orjson.loads(raw)
                    original = marks.get(where)
                    self.stat_update("records")
                    if original is not None:
                        self.stat_update("duplicates")
                        if self.drop:
                            continue
                    yield document_from_spool([where, with_near_duplicate_of(record, original), protected])
