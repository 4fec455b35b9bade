"""``cleancrawl review INPUT... -o review.html``: one HTML file that shows what cleaning did.

An input ending in ``.jsonl`` or ``.jsonl.gz`` is a run written by ``cleancrawl clean
--provenance`` (or a crawl with provenance): its records are shown as they are, and a row with
``rejected`` set shows a rejected page. Any other input (pages, folders, WARC files) is cleaned
first, as ``cleancrawl clean --provenance`` would clean it (the same workers, rules and site
repetition), except that rejected pages are kept for the review with what was removed from them.

The file is self-contained (see ``output.review``): it opens from disk with no server. Standard
error says how many pages, how long the build took, where the file went and which rule files
were loaded (path and the head of their SHA-256), so a review can be matched to a rule set.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from cleaners import DEFAULT_MIN_WORDS, RuleFileError, clean_html, validate_rule_files
from cleaners.ruleset import checkout_rules_dir
from crawler.cli.common import (
    SkippedLines,
    UsageError,
    add_model_arguments,
    answers_usage_errors,
    check_inputs,
    check_output,
    model_options,
    progress_bar,
    write_text_atomic,
)
from crawler.components.log_filters import printable
from crawler.offline.page_cleaning import Options, Outcome, clean_page, failed_outcome, task_label
from crawler.offline.page_inputs import SavedPage, find_inputs, read_inputs
from crawler.settings import CLEANCRAWL_PAGE_TIMEOUT
from crawler.workers.pool import WorkerPool
from output.record import make_record
from output.review import page_from_record, render_review, rule_catalogue
from output.site_repetition import record_host, strip_in_memory

RUN_SUFFIXES = (".jsonl", ".jsonl.gz")


def is_run(path: str) -> bool:
    return path.lower().endswith(RUN_SUFFIXES)


def read_run(path: str, skipped: SkippedLines) -> Iterator[dict[str, Any]]:
    """The records of one JSON-lines run; a line that is no record is skipped and named."""
    for _, number, record in skipped.numbered([path]):
        if not ("text" in record or "rejected" in record):
            skipped(f"{path}:{number}: not a cleancrawl record (no 'text' or 'rejected')")
            continue
        yield record


def review_page(page: SavedPage, options: Options) -> Outcome:
    """``clean_page``, but a rejected page comes back as a rejection row (the record with
    ``rejected`` set, the blocks removed from it included) rather than as a bare reason."""
    if page.error or page.rejected:
        outcome = clean_page(page, options)
        if outcome.rejected:
            outcome.record = {"file": page.file, "url": page.url, "rejected": outcome.rejected, "text": ""}
        return outcome
    try:
        article = clean_html(
            page.body, page.url, content_type=page.content_type, rule_files=options.rule_files,
            min_words=options.min_words, format=options.format, block_model=options.block_model,
            model_threshold=options.model_threshold,
        )
    except Exception:  # the same page fails the same way again, reported as clean reports it
        return clean_page(page, options)
    record = make_record(article, url=page.url, file=page.file, provenance=True)
    if article.rejected:
        record["rejected"] = article.rejected
    return Outcome(
        page.label, record=record, rejected=article.rejected, protected=article.protected, progress=page.progress
    )


def _review_in_worker(args: tuple[SavedPage, Options]) -> Outcome:
    return review_page(*args)


def clean_for_review(
    paths: list[str], options: Options, jobs: int, site_repetition: bool, quiet: bool = False
) -> tuple[list, list[str]]:
    """Clean the pages of ``paths`` into records and rejection rows; also the problems met."""
    rows: list[tuple[dict[str, Any], list[str]]] = []
    problems: list[str] = []
    pool = WorkerPool(jobs, page_timeout=float(CLEANCRAWL_PAGE_TIMEOUT))
    entries = find_inputs(paths)
    total = None if any(e.kind == "stdin" for e in entries) else sum(e.size for e in entries)
    bar = progress_bar(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="cleaning", quiet=quiet)
    pages = ((page, options) for page in read_inputs(entries))
    for outcome in pool.map_ordered(_review_in_worker, pages, failed_outcome, describe=task_label):
        if bar is not None:
            bar.set_postfix_str(f"{len(rows) + 1} pages", refresh=False)
            bar.update(outcome.progress)
        if outcome.input_error:
            problems.append(outcome.input_error)
        elif outcome.failure:
            problems.append(f"{outcome.label}: {outcome.error}")
        elif outcome.record is not None:
            rows.append((outcome.record, outcome.protected))
    if bar is not None:
        bar.close()
    if site_repetition:
        strip_in_memory(rows, options.min_words)
    return [record for record, _ in rows], problems


def _check(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    check_inputs(args.inputs)
    check_output(args.output, args.inputs)
    try:
        validate_rule_files(args.rules)
    except RuleFileError as err:
        raise UsageError(str(err)) from None


@answers_usage_errors("review")
def run(args: argparse.Namespace) -> int:
    _check(args)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    runs = [p for p in args.inputs if is_run(p)]
    pages = [p for p in args.inputs if not is_run(p)]
    skipped = SkippedLines("review")
    for path in runs:
        records.extend(read_run(path, skipped))
    skipped.report()
    # Inside a cleancrawl checkout, the rules being edited there, not the installed package's.
    checkout = checkout_rules_dir()
    rule_args = [str(checkout), *args.rules] if checkout is not None else list(args.rules)
    if checkout is not None:
        print(f"rules from the checkout {checkout} (not the installed package's)", file=sys.stderr)
    options = Options(tuple(rule_args), args.min_words, True, "text", *model_options(args))
    if pages:
        cleaned, problems = clean_for_review(
            pages, options, args.jobs, not args.no_site_repetition, quiet=getattr(args, "quiet", False)
        )
        records.extend(cleaned)
    if not records:
        print("cleancrawl review: no pages in the inputs" + (f" ({problems[0]})" if problems else ""), file=sys.stderr)
        return 1 if problems or skipped else 2
    without = sum(1 for r in records if "removed_blocks" not in r and not r.get("rejected"))
    read = time.perf_counter()
    review_pages = [page_from_record(r) for r in records]
    rules, rule_files = rule_catalogue(rule_args, {record_host(r) for r in records})
    title = args.title or f"cleancrawl review: {', '.join(os.path.basename(p.rstrip('/')) for p in args.inputs)}"
    document = render_review(review_pages, title=title, rules=rules, rule_files=rule_files)
    try:
        write_text_atomic(args.output, document)
    except OSError as err:  # the disk filled up: no half-written review left behind
        print(f"cleancrawl review: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return 1
    timings = (time.perf_counter() - started, read - started)
    _report(review_pages, timings, args.output, rule_files, problems, without, runs_only=not pages)
    return 1 if problems or skipped else 0


def _report(pages: list[dict], timings: tuple[float, float], output: str, rule_files: list[dict],
            problems: list[str], without_provenance: int, *, runs_only: bool) -> None:
    rejected = sum(1 for p in pages if p["rejected"])
    total, reading = timings
    what = "reading the runs" if runs_only else "cleaning"
    print(f"pages: {len(pages)} ({len(pages) - rejected} articles, {rejected} rejected), built in {total:.1f} s "
          f"({what} {reading:.1f} s, the HTML {total - reading:.1f} s)", file=sys.stderr)
    if without_provenance:
        print(f"{without_provenance} records carry no removed_blocks (written without --provenance): "
              "their removed text cannot be shown", file=sys.stderr)
    for line in problems[:20]:
        print(f"not reviewed: {printable(line, lines=False)}", file=sys.stderr)
    if len(problems) > 20:
        print(f"not reviewed: ... and {len(problems) - 20} more", file=sys.stderr)
    heading = "rule files (as loaded now; a run does not record its own)" if runs_only else "rule files"
    print(f"{heading}:", file=sys.stderr)
    for f in rule_files:
        print(f"  {f['path']}  {f['sha256'][:12]}", file=sys.stderr)
    print(f"output: {output}", file=sys.stderr)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="write one self-contained HTML review of a cleaning run: kept text, removed blocks and their rules",
        description="Review what cleaning did. INPUT is a JSON-lines run written with --provenance (.jsonl, "
        ".jsonl.gz), or pages to clean first (.html/.htm/.html.gz files, folders, WARC files). The HTML opens "
        "from disk in any browser. Exit status: 0, 1 when some page could not be read or cleaned (named on "
        "standard error; the others are in the review), 2 for bad arguments or inputs.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="run (.jsonl/.jsonl.gz), page file, folder or WARC")
    parser.add_argument("-o", "--output", required=True, help="the HTML file to write")
    parser.add_argument("--title", help="the review's title (default: names the inputs)")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule file (repeatable)")
    parser.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="shorter articles are rejected")
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes when cleaning pages"
    )
    parser.add_argument(
        "--no-site-repetition", action="store_true", help="when cleaning pages: keep blocks that recur on a site"
    )
    add_model_arguments(parser)
    parser.set_defaults(run=run)
