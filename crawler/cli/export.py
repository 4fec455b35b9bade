"""``cleancrawl export``: JSON-lines record files into Parquet shards (output/parquet.py does the work),
or with ``--format hub`` into a Hugging Face dataset folder: ``DIR/data/train-00000-of-0000N.parquet``
and ``DIR/README.md``, the dataset card (output/dataset_card.py does the work; docs/datasets.md).

A killed export leaves no ``.parquet`` (shards are named only once all are written, and each is
fsynced first) and a hidden marker: running the same command again clears what it left and
completes (output/parquet.py).

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
        "with the columns' types from output/record.schema.json; with --format hub, into a Hugging Face "
        "dataset folder that datasets.load_dataset(DIR) reads and the Hub takes as it is (docs/datasets.md).",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="RUN.jsonl", help="record files, in order")
    parser.add_argument(
        "--format",
        choices=["parquet", "hub"],
        default="parquet",
        help="parquet: DIR/PREFIX-00000.parquet...; hub: a Hugging Face dataset folder, DIR/data/train-*.parquet "
        "and DIR/README.md with the dataset card (default parquet)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder for the shards")
    parser.add_argument(
        "--shard-size", default="256MB", metavar="SIZE", help="start a new file once one reaches SIZE (default 256MB)"
    )
    parser.add_argument(
        "--row-group-size", default="32MB", metavar="SIZE", help="records per row group, in bytes (default 32MB)"
    )
    parser.add_argument("--prefix", default="part", help="parquet: file names PREFIX-00000.parquet (default part)")
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="with --format hub: a rule file the records were cleaned with, named and hashed in the card (repeatable)",
    )
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
    _clear_interrupted(args)
    existing = sorted(args.output.glob(f"{args.prefix}-*.parquet")) if args.output.is_dir() else []
    if existing:
        raise UsageError(f"{args.output} already holds {existing[0].name}...; give an empty folder or another --prefix")
    if args.format == "hub":
        return _export_hub(args, shard_bytes, row_group_bytes)
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


def _clear_interrupted(args: argparse.Namespace) -> None:
    """An export of the same kind killed in this folder (its hidden marker is there) is cleared,
    and said, so that running the command again completes it instead of refusing the folder."""
    from output.dataset_card import clear_interrupted_hub_export
    from output.parquet import clear_interrupted_export

    if not args.output.is_dir():
        return
    if args.format == "hub":
        removed = clear_interrupted_hub_export(args.output)
    else:
        removed = clear_interrupted_export(args.output, args.prefix)
    if removed is not None:
        print(
            f"cleancrawl export: {args.output} holds an interrupted export; removed the {len(removed)} "
            "file(s) it left, exporting again",
            file=sys.stderr,
        )


def _export_hub(args: argparse.Namespace, shard_bytes: int, row_group_bytes: int) -> int:
    """``--format hub``: the folder and its card; the same checks and exit status as Parquet shards."""
    from output.dataset_card import CardError, export_hub_folder, hub_shards

    missing = [rules for rules in args.rules if not Path(rules).exists()]
    if missing:
        raise UsageError(f"--rules: no such file: {', '.join(missing)}")
    if hub_shards(args.output) or (args.output / "README.md").exists():
        raise UsageError(f"{args.output} already holds a dataset (README.md or data/train-*); give an empty folder")
    command = " ".join(["cleancrawl", "export", *(p.name for p in args.inputs), "--format", "hub"])
    try:
        done = export_hub_folder(
            args.inputs,
            args.output,
            shard_bytes=shard_bytes,
            row_group_bytes=row_group_bytes,
            rule_files=args.rules,
            how_made=f"Converted from cleancrawl record files with `{command}`.",
        )
    except CardError as err:
        print(f"cleancrawl export: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"cleancrawl export: {err.filename or args.output}: {err.strerror or err}", file=sys.stderr)
        return 1
    bad = done.conversion.bad_lines
    for problem in bad[:20]:
        print(f"cleancrawl export: skipped {problem}", file=sys.stderr)
    if len(bad) > 20:
        print(f"cleancrawl export: ... and {len(bad) - 20} more line(s) skipped", file=sys.stderr)
    print(
        f"{done.conversion.records} record(s) in {len(done.shards)} file(s) under {args.output / 'data'}; "
        f"dataset card {done.card}",
        file=sys.stderr,
    )
    if not done.conversion.records:
        print(
            "cleancrawl export: no records: the folder holds one empty shard, which datasets loads only "
            "with streaming=True",
            file=sys.stderr,
        )
    return 1 if bad else 0
