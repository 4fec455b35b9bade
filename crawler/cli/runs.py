"""``cleancrawl runs``: list the crawl runs that ``cleancrawl schedule`` recorded, newest first;
``--health``: compare each source's last complete run with the runs before it (output/health.py).

Only runs that ``succeeded`` (the crawl finished and exited 0) count for health, as the last run
and in the baseline: a failed, terminated or lost run stopped part-way, so its low counts say
nothing about the site; such runs after the last complete one are named in the row's note.
Exit status of ``--health``: 1 when any source is flagged, 0 otherwise, 2 on bad input."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from crawler.cli.common import answers_usage_errors
from crawler.state.run_log import DEFAULT_PATH, STATUSES, Run, RunLog, RunLogError
from output import health


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "runs",
        help="list scheduled crawl runs (status, items, errors, output files)",
        description="Runs recorded by 'cleancrawl schedule', newest first.",
    )
    parser.add_argument("--source", metavar="NAME", help="only the runs of this source")
    parser.add_argument("--status", choices=STATUSES, action="append", default=[], help="only runs in this status")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N runs (default 20; 0 = all)")
    parser.add_argument("--json", action="store_true", help="one JSON object per run (per source: --health) and line")
    checks = parser.add_argument_group("source health (--health)")
    checks.add_argument(
        "--health",
        action="store_true",
        help="compare each source's last complete run with the runs before it; exit 1 if any source dropped",
    )
    checks.add_argument(
        "--max-drop",
        type=float,
        default=health.DEFAULT_MAX_DROP,
        metavar="SHARE",
        help="flag a figure that fell by more than this share of its baseline "
        f"(default {health.DEFAULT_MAX_DROP}: below 70%% of it)",
    )
    checks.add_argument(
        "--max-words-drop",
        type=float,
        default=health.DEFAULT_MAX_WORDS_DROP,
        metavar="SHARE",
        help="flag a median words per article that fell by more than this share of its baseline "
        f"(default {health.DEFAULT_MAX_WORDS_DROP}: below half of it)",
    )
    checks.add_argument(
        "--max-rejected-rise",
        type=float,
        default=health.DEFAULT_MAX_REJECTED_RISE,
        metavar="SHARE",
        help="flag a share of rejected pages that rose by more than this above its baseline "
        f"(default {health.DEFAULT_MAX_REJECTED_RISE}: twenty points, 0.10 -> 0.31)",
    )
    checks.add_argument(
        "--baseline",
        type=int,
        default=health.DEFAULT_BASELINE,
        metavar="N",
        help=f"the baseline is the median of up to N complete runs before the last (default {health.DEFAULT_BASELINE})",
    )
    checks.add_argument(
        "--min-records",
        type=int,
        default=health.DEFAULT_MIN_RECORDS,
        metavar="N",
        help=f"judge field shares only for runs that wrote at least N records (default {health.DEFAULT_MIN_RECORDS})",
    )
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


def _health_input(runs: list[Run]) -> tuple[dict[str, list[health.RunFigures]], dict[str, list[Run]]]:
    """Per source: its complete runs' figures, newest first; and every run recorded for it."""
    complete: dict[str, list[health.RunFigures]] = {}
    every: dict[str, list[Run]] = {}
    for r in runs:  # newest first
        every.setdefault(r.source, []).append(r)
        complete.setdefault(r.source, [])
        if r.status != "succeeded":
            continue
        for name, figures in r.sources.items():
            complete.setdefault(name, []).append(health.RunFigures(r.id, r.started_at, figures))
    return complete, every


def _later_note(report: health.SourceHealth, runs: list[Run]) -> str:
    later = [r for r in runs if r.status != "succeeded" and (report.run_id is None or r.id > report.run_id)]
    if not later:
        return ""
    return f"{len(later)} later run(s) not complete ({', '.join(sorted({r.status for r in later}))})"


def _health(args: argparse.Namespace, log: RunLog) -> int:
    for flag, value in (
        ("--max-drop", args.max_drop),
        ("--max-words-drop", args.max_words_drop),
        ("--max-rejected-rise", args.max_rejected_rise),
    ):
        if not 0 < value < 1:
            print(f"cleancrawl runs: {flag} {value}: give a share between 0 and 1 (0.3 = 30%)", file=sys.stderr)
            return 2
    if args.baseline < 1 or args.min_records < 1:
        print("cleancrawl runs: --baseline and --min-records: give 1 or more", file=sys.stderr)
        return 2
    complete, every = _health_input(log.runs(source=None))
    if args.source:
        complete = {args.source: complete.get(args.source, [])}
    reports = health.judge_all(
        complete,
        baseline=args.baseline,
        max_drop=args.max_drop,
        min_records=args.min_records,
        max_words_drop=args.max_words_drop,
        max_rejected_rise=args.max_rejected_rise,
    )
    for report in reports:
        later = _later_note(report, every.get(report.source, []))
        report.note = "; ".join(n for n in (report.note, later) if n)
    if args.json:
        for report in reports:
            print(json.dumps(report.as_dict(), ensure_ascii=False))
    elif reports:
        print("\n".join(health.table(reports)))
    else:
        print("no runs recorded")
    return 1 if any(r.flagged for r in reports) else 0


@answers_usage_errors("runs")
def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        print(f"cleancrawl runs: --limit {args.limit}: give 0 (all) or more", file=sys.stderr)
        return 2
    if not args.runs_db.exists():
        print(f"cleancrawl runs: no run log at {args.runs_db} yet ('cleancrawl schedule' writes it)", file=sys.stderr)
        return 0 if args.runs_db == DEFAULT_PATH else 2
    try:
        log = RunLog(args.runs_db)
        if args.health:
            return _health(args, log)
        runs = log.runs(source=args.source, limit=args.limit or None, statuses=args.status)
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
