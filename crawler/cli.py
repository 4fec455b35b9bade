"""The ``cleancrawl`` command: a thin dispatcher; each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# Each module defines ``add_parser(subparsers)`` and ``run(args) -> int``. Imported only when
# listed here, so ``cleancrawl clean`` never pays for importing Scrapy.
COMMAND_MODULES = (
    "crawler.cmd_clean",
    "crawler.cmd_fixtures",
    "crawler.cmd_crawl",
    "crawler.cmd_feed",
    "crawler.cmd_demo",
    "crawler.cmd_schedule",
    "crawler.cmd_runs",
    "crawler.cmd_scrapyd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleancrawl", description="Crawl news sites and emit clean article text as JSON lines."
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
