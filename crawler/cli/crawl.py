"""``cleancrawl crawl``: crawl start pages, sitemaps or feeds and write clean articles as JSON lines."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from crawler.cli.common import (
    add_model_arguments,
    add_provenance_argument,
    add_warc_argument,
    answers_usage_errors,
    check_inputs,
    check_output,
    check_set_options,
)
from crawler.cli.outputs import local_path
from crawler.components.log_filters import redact
from crawler.crawl_runner import (
    crawl,
    crawl_settings,
    failed_outputs,
    keep_existing,
    no_start_url_answered,
    not_cleaned,
    output_failure,
    remove_job,
    report,
    resume_job,
    select_sources,
    write_stats_file,
    written_files,
)
from crawler.safety.setting_checks import check_state
from crawler.state.sources import Source, SourceError, load_sources, merge_sources, sources_from_urls


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
        help="write all records to this file or feed URI (OUT.jsonl; OUT.jsonl.gz is gzipped; OUT.parquet is "
        "Parquet; - or stdout: is standard output; s3://... and other Scrapy feed storages work too)",
    )
    add_warc_argument(parser)
    add_provenance_argument(parser)
    add_model_arguments(parser)
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources TOML file (see crawler/state/sources.py)")
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
        "--tombstones",
        metavar="FILE",
        help="append a JSON line (url, source, gone_at, reason) for each written page now gone: answering "
        "404/410, or no longer in its source's complete sitemaps (output/tombstone.schema.json)",
    )
    parser.add_argument(
        "--redis-volatile-ok",
        action="store_true",
        help="with --redis: run even though that Redis saves nothing (no AOF, no RDB), so that its restart "
        "loses the crawl (otherwise refused)",
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
        "--no-site-repetition",
        action="store_true",
        help="keep short blocks that recur in many pages of a site (signatures, 'posted in' lines), "
        "which are otherwise taken out once the site's counts build up (setting CLEANCRAWL_SITE_REPETITION)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a Scrapy setting, as with 'scrapy crawl' (repeatable)",
    )


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


def resume_hint(argv: Sequence[str] | None, jobdir: Path | None) -> str:
    """The command that carries on a crawl that was stopped early."""
    words = list(argv or ["crawl"])
    if jobdir is None:
        words.append("--resume")
    return redact("cleancrawl " + shlex.join(words))


def _output_problem(args: argparse.Namespace, settings) -> str | None:
    """-o, --stats-file and --warc never name the sources file or the state (crawler/cli/outputs.py)."""
    from crawler.state.crawl_state import state_location

    inputs = [getattr(args, "sources", None), state_location(settings)]
    named = {"-o": args.output, "--stats-file": getattr(args, "stats_file", None),
             "--tombstones": getattr(args, "tombstones", None)}
    seen: dict[Path, str] = {}
    for option, value in named.items():
        path = local_path(value)
        if path is not None and path.resolve() in seen:
            return f"{seen[path.resolve()]} and {option} name the same file {value}; give each its own"
        if path is not None:
            seen[path.resolve()] = option
    # Each: not an input, and writable (crawler/cli/common.py); Scrapy's feed and the WARC writer
    # create missing folders, so only the nearest existing one must be writable.
    check_output(args.output, inputs, makes_folders=True)
    check_output(getattr(args, "stats_file", None), inputs, "--stats-file", makes_folders=True)
    check_output(getattr(args, "tombstones", None), inputs, "--tombstones", makes_folders=True)
    check_output(getattr(args, "warc", None), inputs, "--warc", folder=True, makes_folders=True)
    return None


def _fail(message: str) -> int:
    print(f"cleancrawl crawl: {redact(message)}", file=sys.stderr)
    return 2


@answers_usage_errors("crawl")
def run(args: argparse.Namespace) -> int:
    if getattr(args, "resume", None) and "://" in args.resume:
        # `--resume URL`: the URL is a start URL, and the job directory the default one.
        args.urls.append(args.resume)
        args.resume = ""
    try:
        check_inputs([args.sources], option="--sources")
        from_file = select_sources(load_sources(args.sources) if args.sources else [], args.source, args.sources)
        sources = merge_sources(from_file, sources_from_urls(args.urls))
        check_set_options(args.set)  # a misspelt name: "did you mean" (values: crawl_settings)
        settings = crawl_settings(args)
        problem = _output_problem(args, settings)
        if problem:  # before the state is opened or anything fetched
            raise SourceError(problem)
        if settings.get("CLEANCRAWL_STATE") or not settings.get("CLEANCRAWL_REDIS_URL"):
            # (A worker of a shared crawl keeps its state in that crawl's Redis unless told otherwise.)
            check_state(settings)
        if settings.get("CLEANCRAWL_REDIS_URL"):
            # A worker of a shared crawl: its sources join the ones fed to the crawl, and it crawls them all.
            from crawler.distributed import worker as distributed

            sources = distributed.shared_sources(settings, sources)
    except SourceError as exc:
        return _fail(str(exc))
    if not sources:
        return _fail("give at least one URL or --sources FILE")
    warn_default_user_agent(sources, settings.get("USER_AGENT", ""))
    try:
        jobdir = resume_job(settings, sources, args.resume) if getattr(args, "resume", None) is not None else None
    except SourceError as exc:
        return _fail(str(exc))
    for line in keep_existing(settings.getdict("FEEDS")):
        print(f"cleancrawl crawl: {redact(line)}", file=sys.stderr)
    stats, outputs, not_shown = crawl(sources, settings)
    finished = stats.get("finish_reason") == "finished"
    if jobdir is not None and finished:
        # The job is complete: the next --resume starts a new (incremental) one.
        remove_job(jobdir)
    written = written_files(outputs)
    if args.stats_file:
        write_stats_file(args.stats_file, stats, written)
    report(stats, outputs, written, not_shown)
    if stats.get("cleancrawl/rule_error"):  # a configuration error (crawler/components/pipelines.py): stopped at once
        print(f"cleancrawl crawl: {stats['cleancrawl/rule_error']}", file=sys.stderr)
        return 2
    failure = output_failure(stats)
    if settings.get("CLEANCRAWL_REDIS_URL") and (not failure or stats.get("cleancrawl/distributed/stopped")):
        from crawler.distributed import worker as distributed

        # Redis lost the run or went away (the cause, when a store on it failed too), pages not written
        failure = distributed.failure(stats) or failure
    if failure:
        print(f"cleancrawl crawl: {failure}", file=sys.stderr)
        return 1
    if not finished:
        print(
            "stopped before the end; carry on with: " + resume_hint(getattr(args, "argv", None), jobdir),
            file=sys.stderr,
        )
        return 1
    if failed_outputs(stats):
        print(f"cleancrawl crawl: {failed_outputs(stats)} output(s) could not be stored", file=sys.stderr)
        return 1
    if not_cleaned(stats):
        print(
            f"cleancrawl crawl: {not_cleaned(stats)} page(s) could not be cleaned (see 'not cleaned' above); "
            "the next crawl fetches them again",
            file=sys.stderr,
        )
        return 1
    if no_start_url_answered(stats):
        print("cleancrawl crawl: none of the start URLs could be fetched (see 'failed' above)", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crawler.cli.crawl``: this command alone, without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="cleancrawl crawl")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    _add_arguments(parser)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    args.argv = ["crawl", *argv]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
