"""``cleancrawl crawl``: crawl start pages, sitemaps or feeds and write clean articles as JSON lines."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.sources import Source, SourceError, load_sources, merge_sources, sources_from_urls


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="crawl start pages, sitemaps or feeds and write clean articles as JSON lines",
        description="Each URL is a start page, a sitemap (or sitemap index, or robots.txt) or an RSS/Atom "
        "feed; its kind is told from the response. Without -o, records go to "
        "data/<source>/<UTC timestamp>.jsonl.",
    )
    _add_arguments(parser)
    parser.set_defaults(run=run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="start page, sitemap or feed")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write all records to this file or feed URI (OUT.jsonl; OUT.jsonl.gz is gzipped; "
        "s3://... and other Scrapy feed storages work too)",
    )
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources TOML file (see crawler/sources.py)")
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="crawl only this source of the --sources file (repeatable; default: all of them)",
    )
    parser.add_argument(
        "--stats-file",
        type=Path,
        metavar="PATH",
        help="write the final crawl stats and output files here as JSON (read by 'cleancrawl schedule')",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="be one worker of a crawl shared through Redis (redis://HOST:PORT/DB): workers split the "
        "URLs, each writes its own files; with no URL or --sources, crawl the sources fed to it "
        "(cleancrawl feed)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="fetch and write every article again, whatever earlier crawls of its source did "
        "(their state is still updated)",
    )
    parser.add_argument(
        "--resume",
        nargs="?",
        const="",
        metavar="JOBDIR",
        help="resume the crawl that was interrupted (Ctrl-C, SIGTERM, killed) in JOBDIR (default "
        "data/jobs/<source>); a crawl that finishes removes it, so the next --resume starts afresh",
    )
    parser.add_argument(
        "--state",
        metavar="URL",
        help="where what earlier crawls did is kept: sqlite:///PATH (default: sqlite:///data/state.sqlite3), "
        "redis://HOST:PORT/DB, or off (every crawl starts from nothing)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a Scrapy setting, as with 'scrapy crawl' (repeatable)",
    )


def _settings(args: argparse.Namespace):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    verbose = getattr(args, "verbose", 0) or 0
    settings.set("LOG_LEVEL", {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG"), priority="cmdline")
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SourceError(f"-s {item!r}: expected NAME=VALUE")
        settings.set(name.strip(), value, priority="cmdline")
    if getattr(args, "redis", None):
        settings.set("CLEANCRAWL_REDIS_URL", args.redis, priority="cmdline")
    if getattr(args, "full", False):
        settings.set("CLEANCRAWL_FULL", True, priority="cmdline")
    if getattr(args, "state", None):
        settings.set("CLEANCRAWL_STATE", args.state, priority="cmdline")
    if args.output:
        options: dict[str, Any] = {"format": "jsonl", "overwrite": True}
        if args.output.endswith(".gz"):
            options["postprocessing"] = ["scrapy.extensions.postprocessing.GzipPlugin"]
        uri = args.output if "://" in args.output else Path(args.output).resolve().as_uri()
        settings.set("FEEDS", {uri: options}, priority="cmdline")
    return settings


def _feed_paths(feeds: dict[str, Any]) -> list[str]:
    out = []
    for uri in feeds:
        parts = urlsplit(str(uri))
        out.append(unquote(parts.path) if parts.scheme == "file" else str(uri))
    return out


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def warn_default_user_agent(sources: list[Source], user_agent: str) -> None:
    """Site owners should be able to tell who crawls them: nag when the placeholder is still set."""
    remote = any(urlsplit(u).hostname not in _LOCAL_HOSTS for s in sources for u in s.urls)
    if remote and "example.invalid" in user_agent:
        print(
            "cleancrawl crawl: warning: USER_AGENT is the placeholder; set CLEANCRAWL_USER_AGENT or "
            "-s USER_AGENT='yourbot/1.0 (+https://your.site/contact)' so sites can reach you",
            file=sys.stderr,
        )


def written_files(outputs: list[str]) -> list[str]:
    """The local files a crawl wrote (a batched feed's template expands to its batches), and the
    remote feed URIs as given."""
    written: list[str] = []
    for path in outputs:
        if "://" in path:
            written.append(path)
        elif "%(" in path:
            pattern = Path(re.sub(r"%\(\w+\)\d*\w", "*", path))
            written += sorted(str(p) for p in pattern.parent.glob(pattern.name))
        elif Path(path).exists():
            written.append(path)
    return written


def resume_job(settings, sources: list[Source], jobdir: str) -> Path:
    """Set JOBDIR for --resume (default ``<data dir>/jobs/<source names>``). An -o file is appended
    to, not replaced (it holds the interrupted crawl's records), once a half-written last line that
    a killed crawl may have left is cut off."""
    from crawler.state import local_path, repair_jsonl

    if not jobdir:
        names = "+".join(sorted(s.name for s in sources))
        if len(names) > 100:
            names = names[:80] + "-" + hashlib.sha1(names.encode()).hexdigest()[:12]
        jobdir = str(Path(settings.get("CLEANCRAWL_DATA_DIR") or "data") / "jobs" / names)
    settings.set("JOBDIR", jobdir, priority="cmdline")
    feeds = settings.getdict("FEEDS")
    if feeds:
        appending = {}
        for uri, options in feeds.items():
            path = local_path(str(uri))
            if path:
                if not options.get("postprocessing"):
                    repair_jsonl(path)
                options = {**options, "overwrite": False}
            appending[uri] = options
        settings.set("FEEDS", appending, priority="cmdline")
    return Path(jobdir)


def summary(stats: dict[str, Any]) -> list[str]:
    """Lines of the crawl summary, from the crawl stats."""
    lines = []
    start, finish = stats.get("start_time"), stats.get("finish_time")
    elapsed = (finish - start).total_seconds() if start and finish else stats.get("elapsed_time_seconds", 0)
    fetched = sum(v for k, v in stats.items() if k.startswith("cleancrawl/pages/"))
    lines.append(
        f"{stats.get('cleancrawl/written', 0)} articles written from {fetched} pages fetched "
        f"({stats.get('downloader/request_count', 0)} requests) in {elapsed:.1f}s; "
        f"finish reason: {stats.get('finish_reason', '?')}"
    )
    for title, prefix in (
        ("dropped", "cleancrawl/dropped/"),
        ("failed", "cleancrawl/failed/"),
        ("links refused", "cleancrawl/links/"),
        ("incremental", "cleancrawl/incremental/"),
    ):
        counts = {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}
        if counts:
            lines.append(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    forbidden = stats.get("robotstxt/forbidden")
    if forbidden:
        lines.append(f"  robots.txt forbade {forbidden} request(s)")
    retries = stats.get("retry/count")
    if retries:
        lines.append(f"  retried {retries} time(s), gave up on {stats.get('retry/max_reached', 0)} request(s)")
    errors = stats.get("log_count/ERROR")
    if errors:
        lines.append(f"  {errors} error(s) logged; run with -v for details")
    return lines


def crawl(sources: list[Source], settings) -> tuple[dict[str, Any], list[str]]:
    """Run one crawl over ``sources``; returns (stats, output locations)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.articles import ArticlesSpider

    # Scrapy configures logging for the crawl (LOG_LEVEL, LOG_FILE...). A handler the CLI put on
    # the root logger would also receive everything Scrapy lets through at DEBUG and print every
    # scraped item, so Scrapy's handler is the only one while the crawl runs.
    for handler in list(logging.root.handlers):
        logging.root.removeHandler(handler)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArticlesSpider)
    process.crawl(crawler, sources=sources)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return stats, _feed_paths(crawler.settings.getdict("FEEDS"))


def select_sources(sources: list[Source], names: list[str], path: Path | None) -> list[Source]:
    """The sources named with --source, in file order; all of them when none is named."""
    if not names:
        return sources
    if path is None:
        raise SourceError("--source NAME picks sources of a --sources FILE; give --sources too")
    unknown = sorted(set(names) - {s.name for s in sources})
    if unknown:
        known = ", ".join(s.name for s in sources)
        raise SourceError(f"{path}: no source named {', '.join(unknown)}; sources there: {known}")
    return [s for s in sources if s.name in names]


def _json_value(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_stats_file(path: Path, stats: dict[str, Any], outputs: list[str]) -> None:
    """The final stats as JSON (times as ISO strings), written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    data = {"stats": stats, "outputs": outputs}
    tmp.write_text(json.dumps(data, default=_json_value, sort_keys=True, indent=1), encoding="utf-8")
    tmp.replace(path)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "resume", None) and "://" in args.resume:
        # `--resume URL`: the URL is a start URL, and the job directory the default one.
        args.urls.append(args.resume)
        args.resume = ""
    try:
        from_file = select_sources(load_sources(args.sources) if args.sources else [], args.source, args.sources)
        sources = merge_sources(from_file, sources_from_urls(args.urls))
        settings = _settings(args)
        if settings.get("CLEANCRAWL_REDIS_URL"):
            # A worker of a shared crawl: its sources join the ones fed to the crawl, and it crawls them all.
            from crawler import distributed

            sources = distributed.shared_sources(settings, sources)
    except SourceError as exc:
        print(f"cleancrawl crawl: {exc}", file=sys.stderr)
        return 2
    if not sources:
        print("cleancrawl crawl: give at least one URL or --sources FILE", file=sys.stderr)
        return 2
    warn_default_user_agent(sources, settings.get("USER_AGENT", ""))
    jobdir = resume_job(settings, sources, args.resume) if getattr(args, "resume", None) is not None else None
    stats, outputs = crawl(sources, settings)
    if jobdir is not None and stats.get("finish_reason") == "finished":
        # The job is complete: the next --resume starts a new (incremental) one.
        shutil.rmtree(jobdir, ignore_errors=True)
    written = written_files(outputs)
    if args.stats_file:
        write_stats_file(args.stats_file, stats, written)
    for line in summary(stats):
        print(line)
    if written:
        print("output: " + ", ".join(written))
    else:
        print("output: none (no articles)")
    return 0 if stats.get("finish_reason") == "finished" else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crawler.cmd_crawl``: this command alone, without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="cleancrawl crawl")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    _add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
