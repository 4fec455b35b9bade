"""``cleancrawl schedule``: run each source with a ``schedule`` as its own crawl when it is due.

Runs in the foreground until SIGTERM or SIGINT (systemd, a container, a terminal), then stops
launching, asks running crawls to stop, waits ``--grace`` seconds and kills what is left. Every
run is recorded in the run log (see ``cleancrawl runs``); each crawl's output goes to the usual
``data/<source>/<UTC timestamp>.jsonl``, its log and final stats to ``data/_runs/<source>/``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from crawler.cli.common import answers_usage_errors, check_inputs, check_output, check_set_options
from crawler.state.run_log import DEFAULT_PATH, RunLog, RunLogError
from crawler.state.sources import SourceError, load_sources

DEFAULT_RUNS_DIR = Path("data") / "_runs"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="run scheduled sources as crawls when their cron expression is due (foreground)",
        description='Each source of the sources file with schedule = "<cron expression>" (UTC) is '
        "crawled in its own process when due; a source never runs twice at once (a due run while the "
        "previous one still runs is recorded as skipped). The sources file is read at start: restart to pick "
        "up changes. Stops cleanly on SIGTERM or SIGINT.",
    )
    parser.add_argument("--sources", type=Path, required=True, metavar="FILE", help="sources TOML file")
    parser.add_argument(
        "--runs-db", type=Path, default=DEFAULT_PATH, metavar="PATH", help=f"run log (default: {DEFAULT_PATH})"
    )
    parser.add_argument(
        "--runs-dir",
        type=Path,
        default=DEFAULT_RUNS_DIR,
        metavar="DIR",
        help=f"each run's log and stats go to DIR/<source>/ (default: {DEFAULT_RUNS_DIR})",
    )
    parser.add_argument(
        "--grace",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="on SIGTERM/SIGINT, how long running crawls get to finish before they are killed (default: 60)",
    )
    parser.add_argument(
        "--run-at-start", action="store_true", help="start every scheduled source once right away, then follow cron"
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Scrapy setting passed to every crawl (repeatable)",
    )
    parser.set_defaults(run=run)


def _install_stop_handlers(stop: threading.Event) -> None:
    def handle(signum: int, frame: object) -> None:
        logging.getLogger("crawler.state.scheduler").info("%s received", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


@answers_usage_errors("schedule")
def run(args: argparse.Namespace) -> int:
    if not getattr(args, "verbose", 0) and not getattr(args, "quiet", False):  # a foreground service says what it does
        logging.getLogger("crawler.state.scheduler").setLevel(logging.INFO)
    try:
        check_set_options(args.set)  # every crawl would fail on it: said once, now
        check_inputs([args.sources], option="--sources")
        check_output(args.runs_db, [args.sources], "--runs-db", makes_folders=True)
        check_output(args.runs_dir, [args.sources], "--runs-dir", folder=True, makes_folders=True)
        # (after the checks: croniter runs `file` on the interpreter when imported)
        from crawler.state.scheduler import CrawlLauncher, Scheduler

        sources = load_sources(args.sources)
        run_log = RunLog(args.runs_db)
        crawl_args = [arg for item in args.set for arg in ("-s", item)]
        launcher = CrawlLauncher(args.sources, args.runs_dir, crawl_args=crawl_args)
        scheduler = Scheduler(sources, run_log, launcher, run_at_start=args.run_at_start)
    except (SourceError, RunLogError) as exc:
        print(f"cleancrawl schedule: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"cleancrawl schedule: {args.sources}: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()
    _install_stop_handlers(stop)
    scheduler.serve(stop, grace=args.grace)
    return 0
