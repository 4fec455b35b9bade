"""``cleancrawl dedup IN.jsonl... -o OUT.jsonl``: mark (or drop) exact and near-duplicates in files
already written, keeping the first seen of each story, in input order. The logic is
output/near_dup.py's, as in a crawl; the index is a temporary SQLite file, so memory stays flat
however many records go through. No Scrapy here."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.cli.common import (
    SkippedLines,
    UsageError,
    answers_usage_errors,
    atomic_output,
    check_inputs,
    check_output,
    progress_bar,
)
from output.jsonlines import JsonLinesWriter
from output.near_dup import (
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE_SIZE,
    DEFAULT_THRESHOLD,
    DedupReport,
    NearDupConfig,
    SQLiteNearDupIndex,
    mark_duplicates,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dedup",
        help="mark or drop exact and near-duplicate records in JSON-lines files",
        description="Sets near_duplicate_of on every record (the URL of the first record seen of its "
        "near-duplicate cluster, null for that one; exact copies point at their first copy too), or "
        "with --drop leaves the duplicates out. Records are read in the order of the files given.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="IN.jsonl", help="record files (.jsonl, .jsonl.gz; - for standard input)"
    )
    parser.add_argument(
        "-o", "--output", default="-", metavar="OUT.jsonl", help="where to write (default: standard output)"
    )
    parser.add_argument("--drop", action="store_true", help="leave duplicates out instead of marking them")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="estimated Jaccard similarity of word shingles from which records are near-duplicates "
        f"(default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--num-perm",
        type=int,
        default=DEFAULT_NUM_PERM,
        help=f"MinHash values per signature (default {DEFAULT_NUM_PERM})",
    )
    parser.add_argument(
        "--shingle-size",
        type=int,
        default=DEFAULT_SHINGLE_SIZE,
        help=f"words per shingle (default {DEFAULT_SHINGLE_SIZE})",
    )
    parser.set_defaults(run=run)


def _with_progress(records: Iterator[dict[str, Any]], quiet: bool) -> Iterator[dict[str, Any]]:
    """The records as they go by, counted on a bar (on a terminal only, never with -q)."""
    bar = progress_bar(unit=" records", desc="dedup", quiet=quiet)
    if bar is None:
        yield from records
        return
    try:
        for record in records:
            yield record
            bar.update(1)
    finally:
        bar.close()


@answers_usage_errors("dedup")
def run(args: argparse.Namespace) -> int:
    check_inputs(args.inputs)
    check_output(args.output, args.inputs)
    try:
        config = NearDupConfig(threshold=args.threshold, num_perm=args.num_perm, shingle_size=args.shingle_size)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    report = DedupReport()
    skipped = SkippedLines("dedup")
    with tempfile.TemporaryDirectory(prefix="cleancrawl-dedup-") as folder:
        index = SQLiteNearDupIndex(Path(folder) / "index.sqlite3", config, durable=False)
        try:
            with atomic_output(args.output) as out:  # renamed into place only when every record went through
                writer = JsonLinesWriter(out, flush_every=1000)
                records = _with_progress(skipped.records(args.inputs), getattr(args, "quiet", False))
                for record in mark_duplicates(records, index, config, drop=args.drop, report=report):
                    writer.write(record)
                writer.close()
        finally:
            index.close()
    skipped.report()
    action = "dropped" if args.drop else "marked"
    print(
        f"{report.records} records read, {report.records - report.exact - report.near} originals; "
        f"{action}: {report.exact} exact duplicates, {report.near} near-duplicates"
        + (f"; {len(skipped.lines)} corrupt line(s) skipped" if skipped else ""),
        file=sys.stderr,
    )
    return skipped.exit_code
