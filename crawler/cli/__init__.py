"""The ``cleancrawl`` command: a thin dispatcher; each sub-command lives in its own module.

Exit status, for every command: 0 done; 1 the work ran but did not succeed (a crawl stopped
before its end, or none of its start URLs could be fetched); 2 a mistake in the command line or
its inputs (one line on standard error says which); 130 interrupted outside a crawl. Records go
to standard output only when asked for (``-o -``); summaries, progress and logs go to standard
error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from crawler import log_filters

# Each module defines ``add_parser(subparsers)`` and ``run(args) -> int``. Imported only when
# listed here, so ``cleancrawl clean`` never pays for importing Scrapy.
COMMAND_MODULES = (
    "crawler.cli.clean",
    "crawler.cli.fixtures",
    "crawler.cli.diff",
    "crawler.cli.crawl",
    "crawler.cli.feed",
    "crawler.cli.demo",
    "crawler.cli.schedule",
    "crawler.cli.runs",
    "crawler.cli.scrapyd",
    "crawler.cli.dedup",
    "crawler.cli.review",
    "crawler.cli.export",
    "crawler.cli.process",
)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("cleancrawl")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleancrawl",
        description="Crawl news sites and emit clean article text as JSON lines.",
        epilog="Exit status: 0 done, 1 the crawl did not succeed, 2 a mistake in the command, "
        "130 interrupted. 'cleancrawl COMMAND -h' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def _log_setup(verbose: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    log_filters.install_redaction()


def _silence_stdout() -> None:
    """The reader of standard output went away (``cleancrawl ... | head``): what is still
    buffered goes nowhere instead of raising BrokenPipeError again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:
        # Answered before the parser is built: building it imports every sub-command's module.
        print(f"cleancrawl {version()}")
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = argv  # the command as typed, for a summary's "carry on with: ..."
    if not getattr(args, "command", None):
        # Bare `cleancrawl`: what it can do, not an error message.
        parser.print_help(sys.stderr)
        return 2
    _log_setup(args.verbose)
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
