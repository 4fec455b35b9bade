"""``cleancrawl clean PATH... -o OUT.jsonl``: clean saved pages into JSON lines, on every core.

The run survives its inputs: reads are bounded (see ``crawler.offline.page_inputs``), each page is
cleaned in a worker process that may die or hang without ending the run (see
``crawler.workers.pool``), and everything that went wrong is named in the summary on standard
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
import logging
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from cleaners import (
    DEFAULT_MIN_WORDS,
    FORMATS,
    RuleFileError,
    validate_rule_files,
)
from cleaners.ruleset import describe_rule_files
from crawler.cli.common import (
    UsageError,
    add_model_arguments,
    answers_usage_errors,
    atomic_output,
    check_inputs,
    check_output,
    model_options,
    progress_bar,
)
from crawler.components.log_filters import printable
from crawler.offline.page_cleaning import (
    CLEAN_WORKER_MEMORY,
    Options,
    Outcome,
    clean_in_worker,
    failed_outcome,
    task_label,
    warm_up_with,
)
from crawler.offline.page_inputs import InputEntry, find_inputs, read_inputs
from crawler.settings import CLEANCRAWL_PAGE_TIMEOUT
from crawler.workers.pool import WorkerPool
from output.jsonlines import JsonLinesWriter
from output.site_repetition import SitePass

log = logging.getLogger("cleancrawl.clean")


@dataclass(slots=True)
class Summary:
    pages: int = 0
    written: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    model_held_back: Counter[str] = field(default_factory=Counter)
    """Pages the block model would have cut too far, kept as the rules left them, by why."""
    interrupted: bool = False

    def add(self, outcome: Outcome) -> None:
        if outcome.input_error:
            self.unread.append(outcome.input_error)
            return
        self.pages += 1
        self.rules.update(outcome.rule_counts)
        if outcome.model_held_back:
            self.model_held_back[outcome.model_held_back] += 1
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
        if self.model_held_back:
            print(f"block model held back on {sum(self.model_held_back.values())} pages "
                  f"({_counts(self.model_held_back)}): kept as the rules left them", file=stream)
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
    options = Options(tuple(args.rules), args.min_words, args.provenance, args.format, *model_options(args))
    entries = find_inputs(args.paths)
    writer = JsonLinesWriter(stream)
    try:
        sites = SitePass(
            not args.no_site_repetition and any(entry.kind != "stdin" for entry in entries), args.site, args.min_words
        )
    except OSError as err:  # before any page: one line, as for the other bad settings (and no output file)
        raise UsageError(
            f"cannot create the spool file and counts of site repetition in {tempfile.gettempdir()}: "
            f"{err.strerror or err} (set TMPDIR, or use --no-site-repetition)"
        ) from None
    progress = _Progress(entries, args.quiet)
    pool = WorkerPool(
        args.jobs, page_timeout=args.page_timeout, warm_up=warm_up_with(options), memory_limit=CLEAN_WORKER_MEMORY
    )
    tasks = ((page, options) for page in read_inputs(entries))
    try:
        for outcome in pool.map_ordered(clean_in_worker, tasks, failed_outcome, describe=task_label):
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
    add_model_arguments(parser)
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
