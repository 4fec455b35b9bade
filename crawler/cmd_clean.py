"""``cleancrawl clean PATH... -o OUT.jsonl``: clean saved pages into JSON lines, on every core."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from cleaners import DEFAULT_MIN_WORDS, RuleFileError, clean_html, validate_rule_files
from crawler.page_inputs import SavedPage, iter_pages
from output.jsonlines import JsonLinesWriter
from output.record import make_record

log = logging.getLogger("cleancrawl.clean")
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Options:
    rule_files: tuple[str, ...] = ()
    min_words: int = DEFAULT_MIN_WORDS
    provenance: bool = False


@dataclass(slots=True)
class Outcome:
    label: str
    record: dict[str, Any] | None = None
    rejected: str | None = None
    error: str | None = None
    rule_counts: dict[str, int] = field(default_factory=dict)


def clean_page(page: SavedPage, options: Options) -> Outcome:
    """Clean one saved page into a record, or say why there is none. Never raises for a page."""
    if page.error:
        return Outcome(page.label, error=page.error)
    try:
        article = clean_html(
            page.body, page.url, content_type=page.content_type, rule_files=options.rule_files,
            min_words=options.min_words,
        )
    except RuleFileError:
        raise
    except Exception as err:  # a bug or a pathological page must not end the run
        log.exception("cleaning %s failed", page.label)
        return Outcome(page.label, error=f"cleaning {page.label} failed: {err!r}")
    counts = article.rule_counts()
    if article.rejected:
        return Outcome(page.label, rejected=article.rejected, rule_counts=counts)
    record = make_record(article, url=page.url, file=page.file, provenance=options.provenance)
    return Outcome(page.label, record=record, rule_counts=counts)


def _clean_in_worker(args: tuple[SavedPage, Options]) -> Outcome:
    return clean_page(*args)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """Map in a process pool, results in input order, with a bounded number of pages in flight
    (Executor.map would read every input into memory first)."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[Future[R]] = []
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


@dataclass(slots=True)
class Summary:
    pages: int = 0
    written: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.pages += 1
        self.rules.update(outcome.rule_counts)
        if outcome.error:
            self.errors.append(outcome.error)
        elif outcome.rejected:
            self.rejected[outcome.rejected] += 1
        else:
            self.written += 1

    def report(self, stream: IO[str], top: int = 8) -> None:
        print(f"pages read: {self.pages}, articles written: {self.written}", file=stream)
        if self.rejected:
            reasons = ", ".join(f"{reason} {n}" for reason, n in self.rejected.most_common())
            print(f"pages rejected: {sum(self.rejected.values())} ({reasons})", file=stream)
        if self.errors:
            print(f"pages failed: {len(self.errors)}", file=stream)
            for error in self.errors[:20]:
                print(f"  {error}", file=stream)
        if self.rules:
            fired = ", ".join(f"{rule} {n}" for rule, n in self.rules.most_common(top))
            print(f"rules that fired most: {fired}", file=stream)


def _progress(outcomes: Iterator[Outcome], enabled: bool) -> Iterator[Outcome]:
    if not enabled:
        return outcomes
    from tqdm import tqdm

    return tqdm(outcomes, unit="page", file=sys.stderr, dynamic_ncols=True)


def run(args: argparse.Namespace) -> int:
    try:
        validate_rule_files(args.rules)
    except RuleFileError as err:
        print(f"cleancrawl clean: {err}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("cleancrawl clean: --jobs must be at least 1", file=sys.stderr)
        return 2
    options = Options(tuple(args.rules), args.min_words, args.provenance)
    to_stdout = args.output in (None, "-")
    stream = sys.stdout.buffer if to_stdout else open(args.output, "wb")  # noqa: SIM115
    summary = Summary()
    writer = JsonLinesWriter(stream)
    show_progress = sys.stderr.isatty() and not args.quiet
    try:
        tasks = ((page, options) for page in iter_pages(args.paths))
        for outcome in _progress(ordered_map(_clean_in_worker, tasks, args.jobs), show_progress):
            summary.add(outcome)
            if outcome.error:
                log.warning("%s", outcome.error)
            elif outcome.rejected:
                log.info("%s: no article (%s)", outcome.label, outcome.rejected)
            else:
                assert outcome.record is not None
                writer.write(outcome.record)
    except RuleFileError as err:
        print(f"cleancrawl clean: {err}", file=sys.stderr)
        return 2
    finally:
        writer.close()
        if not to_stdout:
            stream.close()
    if not args.quiet:
        summary.report(sys.stderr)
        if not to_stdout:
            print(f"output: {args.output}", file=sys.stderr)
    return 1 if summary.errors else 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean saved pages (HTML files, folders, WARC files) into JSON lines",
        description="Extract and clean the article of each saved page; one JSON line per article, in input order. "
        "Exit status: 0 when every input was read, 1 when some could not be, 2 for bad arguments or rule files.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".html/.htm/.html.gz file, folder, or WARC file")
    parser.add_argument("-o", "--output", help="output .jsonl file; '-' or none for standard output")
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule file (repeatable)")
    parser.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="shorter articles are rejected")
    parser.add_argument(
        "--provenance", action="store_true", help="add every removed block with its rule to each record"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    parser.set_defaults(run=run)
