"""``cleancrawl runs``: list the crawl runs that ``cleancrawl schedule`` recorded, newest first."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from crawler.run_log import DEFAULT_PATH, STATUSES, Run, RunLog, RunLogError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "runs",
        help="list scheduled crawl runs (status, items, errors, output files)",
        description="Runs recorded by 'cleancrawl schedule', newest first.",
    )
    parser.add_argument("--source", metavar="NAME", help="only the runs of this source")
    parser.add_argument("--status", choices=STATUSES, action="append", default=[], help="only runs in this status")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N runs (default 20; 0 = all)")
    parser.add_argument("--json", action="store_true", help="one JSON object per run and line")
    parser.add_argument(
        "--runs-db", type=Path, default=DEFAULT_PATH, metavar="PATH", help=f"run log (default: {DEFAULT_PATH})"
    )
    parser.set_defaults(run=run)


def _duration(run: Run) -> str:
    if not run.finished_at:
        return "-"
    seconds = (datetime.fromisoformat(run.finished_at) - datetime.fromisoformat(run.started_at)).total_seconds()
    return f"{seconds:.0f}s" if seconds < 120 else f"{seconds / 60:.1f}m"


def _table(runs: list[Run]) -> list[str]:
    header = ("ID", "SOURCE", "STARTED", "TOOK", "STATUS", "EXIT", "ITEMS", "ERRORS", "OUTPUT / MESSAGE")
    rows = [
        (
            str(r.id),
            r.source,
            r.started_at,
            _duration(r),
            r.status,
            "" if r.exit_code is None else str(r.exit_code),
            "" if r.items is None else str(r.items),
            "" if r.errors is None else str(r.errors),
            ", ".join(r.outputs) or (r.message or ""),
        )
        for r in runs
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in [header, *rows]
    ]


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        print(f"cleancrawl runs: --limit {args.limit}: give 0 (all) or more", file=sys.stderr)
        return 2
    if not args.runs_db.exists():
        print(f"cleancrawl runs: no run log at {args.runs_db} yet ('cleancrawl schedule' writes it)", file=sys.stderr)
        return 0 if args.runs_db == DEFAULT_PATH else 2
    try:
        runs = RunLog(args.runs_db).runs(source=args.source, limit=args.limit or None, statuses=args.status)
    except RunLogError as exc:
        print(f"cleancrawl runs: {exc}", file=sys.stderr)
        return 2
    if args.json:
        for r in runs:
            print(json.dumps(r.as_dict(), ensure_ascii=False))
    elif runs:
        print("\n".join(_table(runs)))
    else:
        print("no runs recorded" + (f" for source {args.source!r}" if args.source else ""))
    return 0
