"""Running one crawl: its Scrapy settings from the command line's options, its outputs and job
folder (``--resume``), the crawl itself in this process, and its summary and outcome.

Library code of ``cleancrawl crawl`` (crawler/cli/crawl.py), which ``demo``, ``feed`` and
``scrapyd`` use too; the commands parse their arguments and call these functions.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import logging
import re
import shutil
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from crawler.components.log_filters import redact
from crawler.state.sources import Source, SourceError


def crawl_settings(args: argparse.Namespace):
    """The crawl's settings from the command line; a SourceError names any value that is wrong."""
    from scrapy.settings import Settings

    from crawler.safety.setting_checks import check_setting

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    verbose = getattr(args, "verbose", 0) or 0
    quiet = getattr(args, "quiet", False) and not verbose
    settings.set("LOG_LEVEL", "ERROR" if quiet else {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG"), priority="cmdline")
    if quiet:
        settings.set("CLEANCRAWL_PROGRESS", "off", priority="cmdline")
    for item in args.set:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SourceError(f"-s {item!r}: expected NAME=VALUE")
        check_setting(name, value)
        settings.set(name, value, priority="cmdline")
    if getattr(args, "redis", None):
        settings.set("CLEANCRAWL_REDIS_URL", args.redis, priority="cmdline")
    if getattr(args, "redis_volatile_ok", False):
        settings.set("CLEANCRAWL_REDIS_VOLATILE_OK", True, priority="cmdline")
    if getattr(args, "full", False):
        settings.set("CLEANCRAWL_FULL", True, priority="cmdline")
    if getattr(args, "tombstones", None):
        settings.set("CLEANCRAWL_TOMBSTONES", str(Path(args.tombstones).resolve()), priority="cmdline")
    if getattr(args, "state", None):
        settings.set("CLEANCRAWL_STATE", args.state, priority="cmdline")
    if getattr(args, "provenance", False):
        settings.set("CLEANCRAWL_PROVENANCE", True, priority="cmdline")
    if getattr(args, "no_model", False):
        settings.set("CLEANCRAWL_BLOCK_MODEL", "off", priority="cmdline")
    if getattr(args, "model_threshold", None) is not None:
        settings.set("CLEANCRAWL_BLOCK_MODEL_THRESHOLD", args.model_threshold, priority="cmdline")
    if getattr(args, "no_site_repetition", False):
        settings.set("CLEANCRAWL_SITE_REPETITION", False, priority="cmdline")
    if getattr(args, "warc", None):
        settings.set("CLEANCRAWL_WARC_DIR", str(Path(args.warc).resolve()), priority="cmdline")
    if args.output:
        # Never replaced: an existing file holds records the crawl state marks written (see keep_existing).
        options: dict[str, Any] = {"format": "jsonl", "overwrite": False}
        if args.output.endswith(".parquet"):
            options["format"] = "parquet"  # crawler/components/parquet_feed.py
        elif args.output.endswith(".gz"):
            options["format"] = "jsonl.gz"  # a gzip member per record (crawler/components/feed_exporter.py)
        uri = output_uri(args.output, settings)
        if urlsplit(uri).scheme not in ("", "file", "stdout"):
            # a remote storage's own default (S3 and GCS cannot append, and warn when asked to)
            del options["overwrite"]
        settings.set("FEEDS", {uri: options}, priority="cmdline")
    return settings


STDOUT = "stdout:"


def output_uri(output: str, settings) -> str:
    """The feed URI of ``-o OUT``: ``-`` and ``stdout:`` are standard output, a URI of a feed
    storage Scrapy knows (s3://, file://...) stays as it is, anything else is a local file
    (missing folders are made). A folder, or a path through a file, is refused: Scrapy would fail
    to open it on every record while the crawl went on and the records were counted written."""
    if output in ("-", STDOUT):
        return STDOUT
    scheme = urlsplit(output).scheme
    storages = {**settings.getdict("FEED_STORAGES_BASE"), **settings.getdict("FEED_STORAGES")}
    if len(scheme) > 1 and scheme in storages:
        if scheme != "file":
            return output
        path = Path(unquote(urlsplit(output).path))
    else:
        path = Path(output)
    if path.is_dir() or output.endswith(("/", "\\")):
        raise SourceError(
            f"-o {output}: is a folder; give a file in it, e.g. -o {path / 'articles.jsonl'} "
            "(or leave -o out for the default data/<source>/<timestamp>.jsonl)"
        )
    path = path.resolve()
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise SourceError(f"-o {output}: {ancestor} is a file, so no folder can be made there for the output")
    # A batch template (-o out-%(batch_id)05d.parquet with FEED_EXPORT_BATCH_ITEM_COUNT) stays a plain
    # path: as a file:// URI its % would be percent-encoded and Scrapy would find no %(batch_id)d in it.
    return str(path) if "%(" in str(path) else path.as_uri()


def keep_existing(feeds: dict[str, Any]) -> list[str]:
    """What happens to each local output file that already exists, one line each: a re-run (a daily
    cron line) appends to a JSON-lines file, after cutting off what a killed crawl left unfinished,
    and writes a Parquet file's records beside it (``NAME-1.parquet``...), since the earlier records
    are marked written in the crawl state and nothing would bring them back if the file were replaced."""
    from crawler.components.parquet_feed import free_name
    from crawler.state.crawl_state import local_path, repair_output

    lines = []
    for uri, options in feeds.items():
        path = local_path(str(uri))
        if not path or "%(" in path or not Path(path).is_file() or Path(path).stat().st_size == 0:
            continue
        if options.get("format") == "parquet":
            lines.append(f"{path} exists and is kept; this crawl's records go to {free_name(Path(path))}")
        elif not options.get("postprocessing"):
            repair_output(path)
            lines.append(f"{path} exists; this crawl's records are appended to it")
    return lines


def _feed_paths(feeds: dict[str, Any]) -> list[str]:
    out = []
    for uri in feeds:
        parts = urlsplit(str(uri))
        out.append(unquote(parts.path) if parts.scheme == "file" else str(uri))
    return out


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
    from crawler.state.crawl_state import local_path, repair_output

    if not jobdir:
        names = "+".join(sorted(s.name for s in sources))
        if len(names) > 100:
            names = names[:80] + "-" + hashlib.sha1(names.encode()).hexdigest()[:12]
        jobs = Path(settings.get("CLEANCRAWL_DATA_DIR") or "data") / "jobs"
        if Path(jobs, names).resolve().parent != jobs.resolve():  # source names are checked; never trust it
            raise SourceError(f"source name(s) {names!r} do not name a folder inside {jobs}")
        jobdir = str(jobs / names)
    settings.set("JOBDIR", jobdir, priority="cmdline")
    feeds = settings.getdict("FEEDS")
    if feeds:
        appending = {}
        for uri, options in feeds.items():
            path = local_path(str(uri))
            if path:
                if not options.get("postprocessing"):
                    repair_output(path)  # a partial last line, a torn last gzip member; never Parquet
                options = {**options, "overwrite": False}
            appending[uri] = options
        settings.set("FEEDS", appending, priority="cmdline")
    return Path(jobdir)


# What Scrapy keeps in a JOBDIR: the dupefilter's requests.seen, the scheduler's disk queues and
# the SpiderState extension's spider.state.
_JOB_FILES = ("requests.seen", "requests.queue", "spider.state")


def remove_job(jobdir: Path) -> None:
    """A finished job's files go, and the folder if that leaves it empty: only what Scrapy put
    there is removed, so a JOBDIR named by mistake (the data folder, a home directory) loses
    nothing else."""
    for name in _JOB_FILES:
        path = jobdir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        jobdir.rmdir()  # only if empty


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
        # fetched, never cleaned: lost by this run, exit status 1 (crawler/components/drops.py)
        ("not cleaned (not marked done: fetched again next run)", "cleancrawl/not_cleaned/"),
        # ... and given up, by the failure of its last try: its cleaning failed CLEANCRAWL_MAX_CLEANING_ATTEMPTS
        # runs in a row (dropped as cleaning-failed, done: fetched again only if it changes; no exit 1)
        ("given up (cleaning failed too many runs in a row; done unless it changes)", "cleancrawl/given_up/"),
        # records the schema refused, by field and keyword (crawler/components/validation.py)
        ("invalid (not written)", "cleancrawl/invalid/"),
        ("failed", "cleancrawl/failed/"),
        ("links refused", "cleancrawl/links/"),
        # the address guard: requests (redirects, refreshes, entries) off the source's domains or to internal addresses
        ("requests refused", "cleancrawl/refused/"),
        ("incremental", "cleancrawl/incremental/"),
        # written pages taken down since: 404/410, or no longer in a complete sitemap (crawler/state/incremental.py)
        ("gone", "cleancrawl/gone/"),
        ("near-duplicates", "cleancrawl/near_duplicates/"),
        # template blocks taken out, and the records they were taken from (crawler/components/site_repetition.py)
        ("site repetition", "cleancrawl/site_repetition/"),
    ):
        counts = {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}
        if counts:
            lines.append(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    forbidden = stats.get("robotstxt/forbidden")
    if forbidden:
        lines.append(f"  robots.txt forbade {forbidden} request(s)")
    retries = stats.get("retry/count")
    if retries:
        lines.append(
            f"  retried {retries} time(s), gave up on {stats.get('retry/max_reached', 0)} request(s)"
        )
    failed_feeds = failed_outputs(stats)
    if failed_feeds:
        lines.append(f"  {failed_feeds} output(s) could not be stored; see the errors above")
    errors = stats.get("log_count/ERROR")
    if errors:
        lines.append(f"  {errors} error(s) logged; run with -v for details")
    return lines


class _HeldStopSignals:
    """SIGINT and SIGTERM held from the start of a crawl until Scrapy's own handlers take over.

    Scrapy installs its stop handlers only once the reactor has started. Before that, a Ctrl-C
    raised KeyboardInterrupt wherever the crawl's start-up was (loading an extension, opening the
    spider): inside a Twisted Deferred, which logged it as a CRITICAL traceback and went on to
    crawl, or lost it without a word. Held here, a stop signal is only noted; the crawl raises it
    as KeyboardInterrupt before anything has started (``raise_if_received``) or, once the
    reactor runs, hands it to Scrapy's graceful stop (``replay``)."""

    def __init__(self) -> None:
        import signal

        self.received: int | None = None
        self._previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():  # signals go to the main thread only
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._note)

    def _note(self, signum: int, frame: Any) -> None:
        if self.received is None:
            self.received = signum

    def release(self) -> None:
        """Put the handlers that were there before back (Scrapy replaces them later)."""
        import signal

        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}

    def raise_if_received(self) -> None:
        if self.received is not None:
            self.release()
            raise KeyboardInterrupt

    def replay(self, stop: Any) -> None:
        """Scrapy's handlers are in place: a signal noted before goes to ``stop`` (the graceful stop)."""
        self._previous = {}  # Scrapy's handlers stay
        if self.received is not None:
            stop(self.received, None)


def _process(settings, held: _HeldStopSignals | None = None):
    """Scrapy's CrawlerProcess, saying on standard error what a stop signal does (Scrapy logs it
    at INFO, below the default level) and remembering a forced stop (the second signal), after
    which Scrapy never closes the stats: no finish reason, no finish time. A stop signal ``held``
    during the crawl's start-up is handed to the graceful stop as soon as the reactor runs."""
    from scrapy.crawler import CrawlerProcess

    class Process(CrawlerProcess):
        forced = False

        def _setup_reactor(self, install_signal_handlers: bool) -> None:
            super()._setup_reactor(install_signal_handlers)
            if held is not None and install_signal_handlers:
                from twisted.internet import reactor

                # after Scrapy's own "after startup" trigger, which installs its handlers
                reactor.addSystemEventTrigger("after", "startup", held.replay, self._signal_shutdown)

        @staticmethod
        def _log_shutdown(signum: int) -> None:
            print(
                f"\n{_signal_name(signum)}: stopping; the pages in flight are finished and written "
                "(again to stop at once)",
                file=sys.stderr,
            )

        def _signal_kill(self, signum: int, frame: Any) -> None:
            self.forced = True
            super()._signal_kill(signum, frame)

        @staticmethod
        def _log_kill(signum: int) -> None:
            print(f"{_signal_name(signum)} again: stopping at once", file=sys.stderr)

    return Process(settings)


def _signal_name(signum: int) -> str:
    import signal

    return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


class Crawled(NamedTuple):
    stats: dict[str, Any]
    outputs: list[str]  # the feeds' locations (local paths, URIs, stdout:)
    not_shown: list[str]  # one line per kind of repeated message cut short (log_filters.RepeatFilter)


def _prepare(sources: list[Source], settings, held: _HeldStopSignals):
    """The crawl set up up to the reactor's start: (process, crawler, repeat filter or None)."""
    from scrapy.utils.log import get_scrapy_root_handler

    from crawler.components import log_filters
    from crawler.spiders.articles import ArticlesSpider

    held.raise_if_received()  # Ctrl-C while Scrapy still imported: nothing started, nothing to stop
    # Scrapy configures logging for the crawl (LOG_LEVEL, LOG_FILE...). A handler the CLI put on
    # the root logger would also receive everything Scrapy lets through at DEBUG and print every
    # scraped item, so Scrapy's handler is the only one while the crawl runs.
    for handler in list(logging.root.handlers):
        logging.root.removeHandler(handler)
    process = _process(settings, held)
    crawler = process.create_crawler(ArticlesSpider)
    process.crawl(crawler, sources=sources)
    # Scrapy replaces its log handler until the crawl has its settings (the start of crawl(),
    # run up to the opening of the spider by the call above): the filters go on the final one.
    # -vv shows every repeated message.
    repeats = log_filters.RepeatFilter() if settings.get("LOG_LEVEL") != "DEBUG" else None
    handler = get_scrapy_root_handler()
    if handler is not None:
        log_filters.install(handler, repeats=repeats)
    return process, crawler, repeats


def crawl(sources: list[Source], settings) -> Crawled:
    """Run one crawl over ``sources``."""
    held = _HeldStopSignals()
    try:
        process, crawler, repeats = _prepare(sources, settings, held)
    except BaseException:
        held.release()
        raise
    process.start()
    # The crawl has stopped; what is left (the summary, the run log) takes a moment. A Ctrl-C now
    # (a second one just too late) would only cut the summary short and end the process by the
    # signal, not by the crawl's exit status: it is ignored.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    if "finish_reason" not in stats:
        # Stopped at once (a second Ctrl-C): Scrapy closed nothing, so the summary says so itself.
        stats["finish_reason"] = "forced stop" if process.forced else "stopped"
        if stats.get("start_time"):
            stats["finish_time"] = datetime.now(UTC)
        take_off_unclosed_feeds(crawler, stats)
    not_shown = repeats.suppressed_lines() if repeats is not None else []
    return Crawled(stats, _feed_paths(crawler.settings.getdict("FEEDS")), not_shown)


def take_off_unclosed_feeds(crawler: Any, stats: dict[str, Any]) -> None:
    """A crawl stopped at once closes no feed. A Parquet file is only readable once closed (its
    footer), so the records of a Parquet feed still open are in no output (left in a hidden
    ``.part``; the crawl state marks them written only once the feed is stored, so the next crawl
    fetches them again): they come off ``cleancrawl/written``, as a failed write's do. JSON lines
    are in their file as soon as written, and are counted as they were."""
    from crawler.components.parquet_feed import ParquetItemExporter

    for extension in getattr(crawler.extensions, "middlewares", ()):
        for slot in getattr(extension, "slots", ()):
            if isinstance(getattr(slot, "exporter", None), ParquetItemExporter) and slot.itemcount:
                stats["cleancrawl/written"] = stats.get("cleancrawl/written", 0) - slot.itemcount
                stats["cleancrawl/output/unwritten"] = stats.get("cleancrawl/output/unwritten", 0) + slot.itemcount


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
    text = json.dumps(data, default=_json_value, sort_keys=True, indent=1).encode("utf-8")
    tmp.write_bytes(gzip.compress(text) if path.name.lower().endswith(".gz") else text)  # as cli/outputs.py names gzip
    tmp.replace(path)


def output_failure(stats: dict[str, Any]) -> str | None:
    """The line saying which output a record could not be written to
    (crawler.components.feed_exporter.CheckedFeedExporter stopped the crawl there), or None."""
    failed = stats.get("cleancrawl/output/failed")
    if not failed:
        return None
    return (
        f"could not write to {redact(str(failed))}; {stats.get('cleancrawl/output/unwritten', 0)} record(s) "
        "not written (the next crawl fetches their pages again)"
    )


def not_cleaned(stats: dict[str, Any]) -> int:
    """Pages fetched but lost before a record was made (their cleaning worker was killed or ran
    out of time, the cleaning code failed): never marked done, fetched again by the next crawl."""
    from crawler.components.drops import NOT_CLEANED_STAT

    return sum(v for k, v in stats.items() if k.startswith(NOT_CLEANED_STAT))


def failed_outputs(stats: dict[str, Any]) -> int:
    """Feeds Scrapy could not store (a remote storage refused, a disk full): their records are lost."""
    return sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))


def no_start_url_answered(stats: dict[str, Any]) -> bool:
    """Start URLs were requested and not one answered (refused, timed out, 4xx/5xx): the crawl
    did nothing useful. (A resumed crawl requests no start URL again: nothing to judge.)"""
    return stats.get("cleancrawl/start_urls/requested", 0) > 0 and not stats.get("cleancrawl/start_urls/answered")


def report(stats: dict[str, Any], outputs: list[str], written: list[str], not_shown: list[str]) -> None:
    """The summary, on standard error: standard output carries records only (-o -)."""
    for line in [*summary(stats), *not_shown]:
        print(redact(line), file=sys.stderr)
    if STDOUT in outputs and stats.get("cleancrawl/written"):
        written = ["standard output", *written]
    print("output: " + (redact(", ".join(written)) if written else "none (no articles)"), file=sys.stderr)
