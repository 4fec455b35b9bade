"""``cleancrawl export``: JSON-lines record files into Parquet shards (output/parquet.py does the work).

Exit status (docs/cli.md): 0 every line converted; 1 some line was not a record (each is named
on standard error; the rest are converted); 2 a mistake in the command line (a missing input, an
output folder that already holds Parquet files or cannot be written, a size that is not one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.cli.common import UsageError, answers_usage_errors, check_inputs, check_output


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="convert JSON-lines record files into Parquet shards (for pandas, pyarrow, Hugging Face datasets)",
        description="Convert record files (RUN.jsonl, RUN.jsonl.gz) into DIR/part-00000.parquet, ... "
        "with the columns' types from output/record.schema.json.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="RUN.jsonl", help="record files, in order")
    parser.add_argument("--format", choices=["parquet"], default="parquet", help="output format (default parquet)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder for the shards")
    parser.add_argument(
        "--shard-size", default="256MB", metavar="SIZE", help="start a new file once one reaches SIZE (default 256MB)"
    )
    parser.add_argument(
        "--row-group-size", default="32MB", metavar="SIZE", help="records per row group, in bytes (default 32MB)"
    )
    parser.add_argument("--prefix", default="part", help="file names: PREFIX-00000.parquet (default part)")
    parser.set_defaults(run=run)


@answers_usage_errors("export")
def run(args: argparse.Namespace) -> int:
    from output.parquet import convert_jsonl, parse_size

    try:
        shard_bytes = parse_size(args.shard_size)
        row_group_bytes = parse_size(args.row_group_size)
    except ValueError as err:
        raise UsageError(str(err)) from None
    check_inputs(args.inputs)
    check_output(args.output, args.inputs, folder=True)
    existing = sorted(args.output.glob(f"{args.prefix}-*.parquet")) if args.output.is_dir() else []
    if existing:
        raise UsageError(f"{args.output} already holds {existing[0].name}...; give an empty folder or another --prefix")
    try:
        done = convert_jsonl(
            args.inputs, args.output, shard_bytes=shard_bytes, row_group_bytes=row_group_bytes, prefix=args.prefix
        )
    except OSError as err:
        print(f"cleancrawl export: {err.filename or args.output}: {err.strerror or err}", file=sys.stderr)
        return 1
    for problem in done.bad_lines[:20]:
        print(f"cleancrawl export: skipped {problem}", file=sys.stderr)
    if len(done.bad_lines) > 20:
        print(f"cleancrawl export: ... and {len(done.bad_lines) - 20} more line(s) skipped", file=sys.stderr)
    print(f"{done.records} record(s) in {len(done.files)} file(s) under {args.output}", file=sys.stderr)
    return 1 if done.bad_lines else 0
