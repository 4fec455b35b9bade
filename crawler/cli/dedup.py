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

from crawler.cli.outputs import open_output, output_problem
from output import jsonlines
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


class InputError(Exception):
    """A line that is no record, named by file and line number."""


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


def read_records(paths: list[str]) -> Iterator[dict[str, Any]]:
    for path in paths:
        try:
            yield from jsonlines.read_records(path)
        except jsonlines.BadLine as err:
            raise InputError(str(err)) from None


def _check(args: argparse.Namespace) -> str | None:
    for path in args.inputs:
        if path != "-" and not Path(path).is_file():
            return f"{path}: no such file"
    if args.output != "-" and not Path(args.output).parent.is_dir():
        return f"-o {args.output}: folder {Path(args.output).parent} does not exist"
    return output_problem(args.output, args.inputs)


def run(args: argparse.Namespace) -> int:
    problem = _check(args)
    try:
        config = NearDupConfig(threshold=args.threshold, num_perm=args.num_perm, shingle_size=args.shingle_size)
    except ValueError as exc:
        problem = problem or str(exc)
    if problem:
        print(f"cleancrawl dedup: {problem}", file=sys.stderr)
        return 2
    report = DedupReport()
    with tempfile.TemporaryDirectory(prefix="cleancrawl-dedup-") as folder:
        index = SQLiteNearDupIndex(Path(folder) / "index.sqlite3", config, durable=False)
        out = sys.stdout.buffer if args.output == "-" else open_output(args.output)
        writer = JsonLinesWriter(out, flush_every=1000)
        try:
            for record in mark_duplicates(read_records(args.inputs), index, config, drop=args.drop, report=report):
                writer.write(record)
        except InputError as exc:
            print(f"cleancrawl dedup: {exc}", file=sys.stderr)
            return 2
        finally:
            writer.close()
            if out is not sys.stdout.buffer:
                out.close()
            index.close()
    action = "dropped" if args.drop else "marked"
    print(
        f"{report.records} records read, {report.records - report.exact - report.near} originals; "
        f"{action}: {report.exact} exact duplicates, {report.near} near-duplicates",
        file=sys.stderr,
    )
    return 0
