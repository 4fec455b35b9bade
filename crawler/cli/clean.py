"""``cleancrawl clean PATH... -o OUT.jsonl``: clean saved pages into JSON lines, on every core.

The run survives its inputs: reads are bounded (see ``cleaners.page_inputs``), each page is
cleaned in a worker process that may die or hang without ending the run (see
``crawler.worker_pool``), and everything that went wrong is named in the summary on standard
error: inputs that could not be read fully, and pages lost to a crashed or stuck worker. Either
makes the exit status 1; bad arguments make it 2, Ctrl-C 130 (after the summary so far).

Progress is counted in input bytes: the walk finds every file and its size before the first
page is read, so the bar has a total and an ETA for folders and WARC files alike (a WARC's page
count is unknown until it is read through). Standard input has no size: no total then.

Site repetition (``cleaners.site_repetition``): a short block that recurs in many pages of one
host is template text, so it can only be told once every page of the host was seen. The run
therefore goes in two passes: the first cleans every page (in input order, on every core),
writes each record to an anonymous temporary spool file (orjson lines, under ``TMPDIR``) and
counts its short blocks per host in a temporary SQLite file; the second reads the spool back,
strips each record's recurring blocks (``SiteRepetition``'s guards over the counts of that
record's blocks) and writes it. A spool rather than holding records per host, because memory
then stays bounded whatever the batch and however one host dominates it (a host's records may
span the whole input), and the output is in input order without any reordering; the counts on
disk rather than in a Counter, because they grow with every distinct short block of the batch
(kilobytes a page: gigabytes for millions of pages). Standard input alone
(``clean -``) is one page or a stream to pass through as it comes: nothing to count, no spool.
``--no-site-repetition`` gives the one-pass run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import logging
import os
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

import orjson

from cleaners import (
    DEFAULT_MIN_WORDS,
    FORMATS,
    RuleFileError,
    SiteRepetition,
    clean_html,
    count_words,
    validate_rule_files,
)
from cleaners.page_inputs import InputEntry, SavedPage, find_inputs, read_inputs
from cleaners.pipeline import prose_words  # the article minimum, as clean_html applies it
from cleaners.ruleset import describe_rule_files
from cleaners.safe_regex import PatternTimeout
from cleaners.site_repetition import RULE_ID as SITE_RULE
from cleaners.site_repetition import normalise
from crawler.cli.common import (
    UsageError,
    answers_usage_errors,
    atomic_output,
    check_inputs,
    check_output,
    progress_bar,
)
from crawler.log_filters import printable
from crawler.settings import CLEANCRAWL_PAGE_TIMEOUT
from crawler.worker_pool import CLEANER_TIMEOUT, WORKER_CRASHED, WorkerPool
from output.jsonlines import JsonLinesWriter
from output.record import content_fingerprint, make_record, strip_positions

log = logging.getLogger("cleancrawl.clean")
_FAILURE_TEXT = {
    WORKER_CRASHED: "the cleaning process died (killed, or out of memory)",
    CLEANER_TIMEOUT: "cleaning took longer than --page-timeout",
}


@dataclass(frozen=True, slots=True)
class Options:
    rule_files: tuple[str, ...] = ()
    min_words: int = DEFAULT_MIN_WORDS
    provenance: bool = False
    format: str = "text"


@dataclass(slots=True)
class Outcome:
    """What became of one entry: a record, a rejection reason, a failed page (``failure`` names
    why, ``error`` says it in words) or an input that could not be read (``input_error``)."""

    label: str
    record: dict[str, Any] | None = None
    rejected: str | None = None
    error: str | None = None
    failure: str | None = None
    input_error: str | None = None
    rule_counts: dict[str, int] = field(default_factory=dict)
    progress: int = 0
    protected: list[str] = field(default_factory=list)
    """The record's code lines and table rows, which site repetition leaves alone."""


def clean_page(page: SavedPage, options: Options) -> Outcome:
    """Clean one saved page into a record, or say why there is none. Never raises for a page."""
    if page.error:
        return Outcome(page.label, input_error=page.error, progress=page.progress)
    if page.rejected:
        return Outcome(page.label, rejected=page.rejected, progress=page.progress)
    try:
        article = clean_html(
            page.body,
            page.url,
            content_type=page.content_type,
            rule_files=options.rule_files,
            min_words=options.min_words,
            format=options.format,
            positions=options.provenance,  # a record carries them only with provenance
        )
    except RuleFileError:
        raise
    except PatternTimeout as err:  # the user's rule, not the page: named, and only this page lost
        return Outcome(page.label, error=str(err), failure=err.reason, progress=page.progress)
    except MemoryError:  # past the worker's CLEAN_WORKER_MEMORY: a page too large to clean
        return Outcome(page.label, rejected="too-large", progress=page.progress)
    except Exception as err:  # a bug or a pathological page must not end the run
        log.exception("cleaning %s failed", page.label)
        return Outcome(page.label, error=f"cleaning failed: {err!r}", failure="cleaner-error", progress=page.progress)
    counts = article.rule_counts()
    if article.rejected:
        return Outcome(page.label, rejected=article.rejected, rule_counts=counts, progress=page.progress)
    # (fetched_at and status: known for a WARC record, from the WARC)
    fetched = {"fetched_at": page.fetched_at, "status": page.status}
    record = make_record(article, url=page.url, file=page.file, provenance=options.provenance, **fetched)
    return Outcome(page.label, record=record, rule_counts=counts, progress=page.progress, protected=article.protected)


def _clean_in_worker(args: tuple[SavedPage, Options]) -> Outcome:
    return clean_page(*args)


# What one cleaning worker may allocate beyond its size at birth: the page bounds
# (cleaners/page_bounds.py) keep the worst known page near 300 MB, this catches the unknown ones
# as a ``too-large`` rejection before the OOM killer picks a process.
CLEAN_WORKER_MEMORY = 2 * 1024**3

_WARM_UP_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><p>"
    + b"A page cleaned once before the workers start, so that they are born with what it loads. " * 4
    + b"</p></article></body></html>"
)


def _warm_up(options: Options) -> Callable[[], object]:
    """One page cleaned in this process before the workers fork: the language model, trafilatura's
    lazy parts and the rules are then loaded in every worker from birth (a second or more each)."""

    def warm_up() -> None:
        with contextlib.suppress(Exception):  # nothing but time rides on it: a page would say what fails
            clean_page(SavedPage("warm-up", _WARM_UP_PAGE), options)

    return warm_up


def task_label(args: tuple[SavedPage, Options]) -> str:
    """How the worker pool names a page in its log."""
    return args[0].label


def failed_outcome(args: tuple[SavedPage, Options], reason: str) -> Outcome:
    page = args[0]
    return Outcome(page.label, error=_FAILURE_TEXT[reason], failure=reason, progress=page.progress)


@dataclass(slots=True)
class Summary:
    pages: int = 0
    written: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False

    def add(self, outcome: Outcome) -> None:
        if outcome.input_error:
            self.unread.append(outcome.input_error)
            return
        self.pages += 1
        self.rules.update(outcome.rule_counts)
        if outcome.failure:
            self.failed[outcome.failure] += 1
            self.errors.append(f"{outcome.label}: {outcome.error}")
        elif outcome.rejected:
            self.rejected[outcome.rejected] += 1
        else:
            self.written += 1

    def demote(self, reason: str) -> None:
        """A page counted written in the first pass that the second pass rejects."""
        self.written -= 1
        self.rejected[reason] += 1

    @property
    def complete(self) -> bool:
        return not (self.unread or self.failed or self.interrupted)

    def report(self, stream: IO[str], top: int = 8, shown: int = 20) -> None:
        print(f"pages read: {self.pages}, articles written: {self.written}", file=stream)
        if self.rejected:
            reasons = ", ".join(f"{reason} {n}" for reason, n in self.rejected.most_common())
            print(f"pages rejected: {sum(self.rejected.values())} ({reasons})", file=stream)
        for title, lines, total in (
            ("pages failed", self.errors, f"{len(self.errors)} ({_counts(self.failed)})"),
            ("inputs not read fully", self.unread, str(len(self.unread))),
        ):
            if lines:
                print(f"{title}: {total}", file=stream)
                for line in lines[:shown]:
                    print(f"  {printable(line, lines=False)}", file=stream)
                if len(lines) > shown:
                    print(f"  ... and {len(lines) - shown} more (run with -v to see each)", file=stream)
        if self.rules:
            fired = ", ".join(f"{rule} {n}" for rule, n in self.rules.most_common(top))
            print(f"rules that fired most: {fired}", file=stream)
        if self.interrupted:
            print("interrupted: the pages above were done; run again to clean the rest", file=stream)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in counter.most_common())


class _Progress:
    """A tqdm bar over input bytes, with pages and articles beside it (crawler/cli/common.py:
    on a terminal only, never with -q)."""

    def __init__(self, entries: list[InputEntry], quiet: bool) -> None:
        total = None if any(e.kind == "stdin" for e in entries) else sum(e.size for e in entries)
        self.bar = progress_bar(total=total, unit="B", unit_scale=True, unit_divisor=1024, quiet=quiet)

    def update(self, outcome: Outcome, summary: Summary) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{summary.pages} pages, {summary.written} articles", refresh=False)
            self.bar.update(outcome.progress)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _check_arguments(args: argparse.Namespace) -> str | None:
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if args.page_timeout < 0:
        return "--page-timeout must be 0 (no limit) or more seconds"
    try:
        validate_rule_files(args.rules)
    except RuleFileError as err:
        return str(err)
    return None


@answers_usage_errors("clean")
def run(args: argparse.Namespace) -> int:
    problem = _check_arguments(args)
    if problem is not None:
        raise UsageError(problem)
    check_inputs(args.paths)  # before the output exists: a missing input creates no file
    check_output(args.output, args.paths)
    summary = Summary()
    try:
        with atomic_output(args.output) as stream:  # complete, or (after an interrupt) what was done
            return _clean_all(args, stream, summary)
    except RuleFileError as err:
        raise UsageError(str(err)) from None


def _clean_all(args: argparse.Namespace, stream: IO[bytes], summary: Summary) -> int:
    options = Options(tuple(args.rules), args.min_words, args.provenance, args.format)
    entries = find_inputs(args.paths)
    writer = JsonLinesWriter(stream)
    try:
        sites = _SitePass(args, entries)
    except OSError as err:  # before any page: one line, as for the other bad settings (and no output file)
        raise UsageError(
            f"cannot create the spool file and counts of site repetition in {tempfile.gettempdir()}: "
            f"{err.strerror or err} (set TMPDIR, or use --no-site-repetition)"
        ) from None
    progress = _Progress(entries, args.quiet)
    pool = WorkerPool(
        args.jobs, page_timeout=args.page_timeout, warm_up=_warm_up(options), memory_limit=CLEAN_WORKER_MEMORY
    )
    tasks = ((page, options) for page in read_inputs(entries))
    try:
        for outcome in pool.map_ordered(_clean_in_worker, tasks, failed_outcome, describe=task_label):
            summary.add(outcome)
            _log(outcome)
            if outcome.record is not None and sites.on:
                sites.keep(outcome.record, outcome.protected)
            elif outcome.record is not None:
                writer.write(outcome.record)
            progress.update(outcome, summary)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        progress.close()
    try:
        if sites.on:  # after an interrupt too: the pages cleaned so far are written
            sites.write_stripped(writer, summary)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        sites.close()
        writer.close()
    if not args.quiet or not summary.complete:
        summary.report(sys.stderr)
        if getattr(args, "verbose", 0):  # which rules made this output: path and short sha256 of each file
            print("rule files:", file=sys.stderr)
            for loaded in describe_rule_files(None, args.rules):
                print(f"  {loaded['path']}  sha256 {loaded['sha256']}", file=sys.stderr)
        if not args.quiet and args.output not in (None, "-"):
            print(f"output: {args.output}", file=sys.stderr)
    if summary.interrupted:
        return 130
    return 0 if summary.complete else 1


def record_host(record: dict[str, Any], site: str | None = None) -> str | None:
    """The group a record's blocks are counted in: ``--site`` when given, else the host of its
    URL (the page's or WARC target URI, else the canonical one), ``www.`` aside; None without."""
    if site:
        return site
    url = record.get("url") or record.get("canonical_url")
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


class _BlockCounts:
    """Per-host block counts in a temporary SQLite file: in memory they grow with every distinct
    short block of the batch (3 KB a page on the trafilatura set), on disk memory stays bounded
    by SQLite's page cache. A block is keyed by a 12-byte hash of its normalised text; counted
    once per page, as ``SiteRepetition.observe`` counts it."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="cleancrawl-counts-")
        self.db = sqlite3.connect(os.path.join(self.folder.name, "counts.sqlite"))
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE pages (host TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE blocks (host TEXT, key BLOB, n INTEGER NOT NULL, PRIMARY KEY (host, key)) WITHOUT ROWID;"
        )
        self.pending = 0

    @staticmethod
    def key(normalised: str) -> bytes:
        return hashlib.blake2b(normalised.encode("utf-8"), digest_size=12).digest()

    def add(self, host: str, normalised: set[str]) -> None:
        self.db.execute(
            "INSERT INTO pages VALUES (?, 1) ON CONFLICT (host) DO UPDATE SET n = n + 1", (host,)
        )
        self.db.executemany(
            "INSERT INTO blocks VALUES (?, ?, 1) ON CONFLICT (host, key) DO UPDATE SET n = n + 1",
            ((host, self.key(block)) for block in normalised),
        )
        self.pending += 1
        if self.pending >= 500:
            self.db.commit()
            self.pending = 0

    def lookup(self, host: str, normalised: set[str]) -> tuple[int, dict[str, int]]:
        """Pages seen of ``host``, and the page count of each of ``normalised`` seen there."""
        row = self.db.execute("SELECT n FROM pages WHERE host = ?", (host,)).fetchone()
        by_key = {self.key(block): block for block in normalised}
        counts: dict[str, int] = {}
        keys = list(by_key)
        for start in range(0, len(keys), 500):  # under SQLite's limit on bound parameters
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT key, n FROM blocks WHERE host = ? AND key IN ({marks})"
            for key, n in self.db.execute(query, (host, *chunk)):
                counts[by_key[key]] = n
        return (row[0] if row else 0), counts

    def close(self) -> None:
        self.db.close()
        self.folder.cleanup()


class _SitePass:
    """The two passes of site repetition: records spooled and their blocks counted, then each
    record stripped with ``SiteRepetition``'s guards over the counts of its own blocks."""

    def __init__(self, args: argparse.Namespace, entries: list[InputEntry]) -> None:
        self.on = not args.no_site_repetition and any(entry.kind != "stdin" for entry in entries)
        self.site: str | None = args.site
        self.min_words: int = args.min_words
        self.guards = SiteRepetition()
        self.spool: IO[bytes] | None = None
        self.counts: _BlockCounts | None = None
        if self.on:
            self.spool = tempfile.TemporaryFile(prefix="cleancrawl-spool-", suffix=".jsonl")  # noqa: SIM115 (closed in close)
            self.counts = _BlockCounts()

    def _blocks(self, paragraphs: list[str], protected: Sequence[str] = ()) -> set[str]:
        keys = {normalise(p) for p in paragraphs if count_words(p) <= self.guards.max_words}
        keys -= {normalise(p) for p in protected}
        keys.discard("")
        return keys

    def keep(self, record: dict[str, Any], protected: list[str]) -> None:
        """Spool the record (with its code lines and table rows, which are not counted)."""
        assert self.spool is not None and self.counts is not None
        self.spool.write(orjson.dumps([record, protected], option=orjson.OPT_APPEND_NEWLINE))
        host = record_host(record, self.site)
        if host:
            self.counts.add(host, self._blocks(_paragraphs(record["text"]), protected))

    def _spooled(self) -> Iterator[tuple[dict[str, Any], list[str]]]:
        assert self.spool is not None
        self.spool.seek(0)
        for line in self.spool:
            record, protected = orjson.loads(line)
            yield record, protected

    def _guards_for(self, host: str | None, paragraphs: list[str]) -> SiteRepetition:
        """A ``SiteRepetition`` holding just what this record's blocks need from the counts."""
        assert self.counts is not None
        repetition = SiteRepetition(self.guards.min_pages, self.guards.min_share, self.guards.max_words)
        if host:
            pages, counts = self.counts.lookup(host, self._blocks(paragraphs))
            repetition.load(host, pages, counts)
        return repetition

    def write_stripped(self, writer: JsonLinesWriter, summary: Summary) -> None:
        assert self.counts is not None
        self.counts.db.commit()
        for record, protected in self._spooled():
            host = record_host(record, self.site)
            repetition = self._guards_for(host, _paragraphs(record["text"]))
            removed = strip_record(record, repetition, host, protected)
            if removed:
                summary.rules[SITE_RULE] += len(removed)
                if prose_words(_paragraphs(record["text"])) < self.min_words:
                    summary.demote("too-short")
                    continue
            writer.write(record)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
        if self.counts is not None:
            self.counts.close()


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def strip_record(
    record: dict[str, Any], repetition: SiteRepetition, host: str | None, protected: Sequence[str] = ()
) -> list[str]:
    """Take the host's recurring blocks out of one record, in place: ``text`` and what derives
    from it (``word_count``, ``fingerprint`` as ``make_record`` computes them, ``markdown``,
    ``removed`` and ``removed_blocks``). Returns the blocks taken out."""
    paragraphs = _paragraphs(record["text"])
    kept, removed = repetition.strip(host, paragraphs, protected)
    if not removed:
        return []
    gone = {id(block) for block in removed}
    removed_at, moved = strip_positions(record["text"], [id(p) in gone for p in paragraphs])
    text = "\n".join(kept)
    record["text"] = text
    record["word_count"] = count_words(text)
    record["fingerprint"] = content_fingerprint(text)
    record["removed"] = dict((Counter(record["removed"]) + Counter({SITE_RULE: len(removed)})).most_common())
    if record.get("markdown") is not None:
        record["markdown"] = strip_markdown(record["markdown"], {normalise(block) for block in removed})
    if "removed_blocks" in record:
        for block in record["removed_blocks"]:
            if "at" in block:
                block["at"] = moved(block["at"])
        record["removed_blocks"] += [
            {"rule": SITE_RULE, "stage": "site", "text": block, "at": at}
            for block, at in zip(removed, removed_at, strict=True)
        ]
    return removed


def strip_markdown(markdown: str, keys: set[str]) -> str:
    """``markdown`` without the lines whose normalised text is a removed block (the ``#``, ``-``,
    ``>`` and ``|`` marks normalise away), and without the blank line each leaves behind."""
    out: list[str] = []
    skip_blank = False
    for line in markdown.split("\n"):
        if line.strip() and normalise(line) in keys:
            skip_blank = not out or out[-1] == ""
            continue
        if skip_blank and line == "":
            skip_blank = False
            continue
        skip_blank = False
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _log(outcome: Outcome) -> None:
    if outcome.input_error:
        log.info("%s", outcome.input_error)
    elif outcome.failure:
        log.info("%s: %s", outcome.label, outcome.error)
    elif outcome.rejected:
        log.info("%s: no article (%s)", outcome.label, outcome.rejected)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean saved pages (HTML files, folders, WARC files) into JSON lines",
        description="Extract and clean the article of each saved page; one JSON line per article, in input order. "
        "Exit status: 0 when every input was read and cleaned, 1 when some input could not be read fully or a "
        "page was lost to a crashed or stuck cleaning process (each is named in the summary), 2 for bad "
        "arguments or rule files, 130 when interrupted.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".html/.htm/.html.gz file, folder, WARC file, or '-' for one page or a WARC stream on standard input",
    )
    parser.add_argument("-o", "--output", help="output .jsonl file; '-' or none for standard output")
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule file (repeatable)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="markdown: each record also carries the article as Markdown (headings, lists, quotes, code, tables)",
    )
    parser.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="shorter articles are rejected")
    parser.add_argument(
        "--provenance", action="store_true", help="add every removed block with its rule to each record"
    )
    parser.add_argument(
        "--site",
        metavar="NAME",
        help="count every input as pages of one site NAME for site repetition (default: each record's host)",
    )
    parser.add_argument(
        "--no-site-repetition",
        action="store_true",
        help="keep short blocks that recur on many pages of a host (by default they go as site.repeated-block)",
    )
    parser.add_argument(
        "--page-timeout",
        type=float,
        default=float(CLEANCRAWL_PAGE_TIMEOUT),
        metavar="SECONDS",
        help="a page still being cleaned after this long is counted as cleaner-timeout and its worker "
        f"replaced; 0 for no limit (default: {CLEANCRAWL_PAGE_TIMEOUT})",
    )
    parser.set_defaults(run=run)
