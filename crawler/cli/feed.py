"""``cleancrawl feed``: hand sources and start URLs to the workers of a crawl shared through Redis.

Workers are ``cleancrawl crawl --redis URL`` processes on any number of machines; they crawl every
source fed to the run, and take start URLs fed while they run. See crawler/distributed/worker.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.cli.common import answers_usage_errors
from crawler.components.log_filters import redact
from crawler.crawl_runner import select_sources
from crawler.state.sources import SourceError, load_sources, merge_sources, sources_from_urls


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "feed",
        help="give sources and start URLs to the workers of a crawl shared through Redis",
        description="Registers the sources with the shared crawl at --redis and queues their start URLs; "
        "workers (cleancrawl crawl --redis URL) started before or after take them.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="start page, sitemap or feed")
    parser.add_argument("--redis", required=True, metavar="URL", help="the shared crawl's Redis, redis://HOST:PORT/DB")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources TOML file (see crawler/state/sources.py)")
    parser.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="feed only this source of --sources (repeatable)"
    )
    parser.add_argument(
        "--key",
        default="cleancrawl",
        metavar="NAME",
        help="the crawl's key prefix in Redis, as the workers' CLEANCRAWL_REDIS_KEY (default: cleancrawl)",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="first forget the crawl's unfinished run (queued requests, dedup, sources, fed URLs) instead of "
        "letting the next worker resume it; refused while workers run",
    )
    parser.set_defaults(run=run)


@answers_usage_errors("feed")
def run(args: argparse.Namespace) -> int:
    from crawler.cli.common import check_inputs

    try:
        check_inputs([args.sources], option="--sources")
        from_file = select_sources(load_sources(args.sources) if args.sources else [], args.source, args.sources)
        sources = merge_sources(from_file, sources_from_urls(args.urls))
        if not sources and not args.reset:
            raise SourceError("give at least one URL or --sources FILE")
        from crawler.distributed import worker as distributed

        keys = distributed.Keys(args.key)
        server = distributed.connect(args.redis)
        if args.reset:
            distributed.reset(server, keys)
            print(f"reset the crawl at {redact(args.redis)} (key {keys.prefix})")
        queued = distributed.feed(server, keys, sources) if sources else 0
    except SourceError as exc:
        print(f"cleancrawl feed: {redact(str(exc))}", file=sys.stderr)
        return 2
    if not sources:
        return 0
    print(f"fed {len(sources)} source(s) and {queued} start URL(s) to {redact(args.redis)} (key {keys.prefix})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.cli.feed``: this command alone, without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="cleancrawl")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(["feed", *(sys.argv[1:] if argv is None else argv)]))


if __name__ == "__main__":
    sys.exit(main())
