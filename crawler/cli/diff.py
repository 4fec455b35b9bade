"""``cleancrawl diff``: what a rule change does to a corpus, before it is merged.

Two shapes, one report:

- ``cleancrawl diff A.jsonl B.jsonl``: two runs of ``clean`` (``--provenance`` gives the words
  lost per rule), pages matched by ``file``, then ``url``;
- ``cleancrawl diff --rules-a OLD --rules-b NEW PAGES...``, or ``--model-a off --model-b on``
  (or a threshold) to see what the block model takes: one corpus cleaned twice, with each
  page's two cleanings done side by side in one worker (``clean``'s own ``clean_page`` and
  ``Options``, every core). A side left out is the built-in rules: those of the checkout the
  command runs in, if any (``cleaners.ruleset.checkout_rules_dir``), else the installed ones.
  ``--rules-a``/``--rules-b`` take files or folders, repeatable; a file named like a built-in
  one replaces it (an edited copy of ``50-ads.toml`` is tried as ``--rules-b my/50-ads.toml``).

The summary goes to standard output (a diff writes no records): the rule files of each side
(path and short sha256), pages compared and changed, words lost and gained per rule, pages
newly rejected or accepted, the pages that changed most with some of the words they lost, and
with ``--truth`` the F1 of A, of B and the change. ``-o diff.html`` writes the review
(``output.review``) of the changed pages with their side-by-side word diff.

Site repetition (``clean``'s second pass) is left out: it does not read rule files, and a diff
of rule sets should show what the rules did. Exit status: 1 when any page changed (so it can
gate a pull request) or a corrupt line of a run was skipped (named on standard error, counted in
the summary), 0 when none did, 2 for bad input before any work (a broken rule file, a missing
input, a run given with --rules-a/--rules-b, a folder that is no benchmark). docs/cli.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaners import DEFAULT_MIN_WORDS, RuleFileError, clean_html, validate_rule_files
from cleaners.ruleset import describe_rule_files, rules_for
from crawler.cli.common import (
    SkippedLines,
    UsageError,
    answers_usage_errors,
    check_inputs,
    check_output,
    model_mode,
    progress_bar,
    write_text_atomic,
)
from crawler.components.log_filters import printable
from crawler.offline.page_cleaning import Options, Outcome, base_rules, clean_page, rule_file_lines
from crawler.offline.page_inputs import SavedPage, find_inputs, read_inputs
from crawler.settings import CLEANCRAWL_PAGE_TIMEOUT
from crawler.workers.pool import WorkerPool
from output.benchmark_sets import Dataset, NotABenchmark, load_dataset
from output.run_diff import DiffSummary, Side, compare, compare_view, match_runs


class BadInput(Exception):
    """Input the diff cannot use; the message names it (exit status 2)."""


# --- the two sides ---------------------------------------------------------------------------


def _side(page: SavedPage, options: Options) -> Side:
    outcome = clean_page(page, options)
    return _as_side(outcome)


def _as_side(outcome: Outcome) -> Side:
    if outcome.record is not None:
        return Side(outcome.record)
    if outcome.failure:
        return Side(rejected=outcome.failure, failed=f"{outcome.label}: {outcome.error}")
    return Side(rejected=outcome.rejected or "input-error")


def _explained(page: SavedPage, options: Options, side: Side) -> Side:
    """A side rejected after the rules ran keeps what they removed (``clean_page`` gives no
    record for it): the page cleaned again through ``clean_html``, whose article still carries
    its removed blocks, so that the words that left it empty or too short are charged to the
    rules that took them. The side stays rejected."""
    if side.rejected in (None, "missing") or side.failed or page.error or page.rejected:
        return side
    try:
        article = clean_html(page.body, page.url, content_type=page.content_type,
                             rule_files=options.rule_files, min_words=options.min_words,
                             block_model=options.block_model, model_threshold=options.model_threshold)
    except Exception:  # the first cleaning said what went wrong; this is only an explanation
        return side
    blocks = [{"rule": b.rule_id, "stage": b.stage, "text": b.text} for b in article.removed]
    return Side({"text": "", "removed_blocks": blocks}, side.rejected) if blocks else side


def clean_twice(task: tuple[SavedPage, Options, Options]) -> tuple[str, Side | str, Side | None]:
    """One page under both rule sets (in a worker): its key and its two sides, or its key and
    the reason it could not be read."""
    page, options_a, options_b = task
    key = page.file or page.url or page.label
    if page.error:
        return key, page.error, None
    a, b = _side(page, options_a), _side(page, options_b)
    if a.article != b.article:
        a, b = _explained(page, options_a, a), _explained(page, options_b, b)
    return key, a, b


def _failed(task: tuple[SavedPage, Options, Options], reason: str) -> tuple[str, Side, Side]:
    page = task[0]
    failed = Side(rejected=reason, failed=f"{page.label}: {reason}")
    return page.file or page.label, failed, failed


def _with_truth_urls(pages: Iterator[SavedPage], truth: Dataset | None) -> Iterator[SavedPage]:
    """A benchmark page file gets its URL from the truth, as benchmarks/quality.py cleans it."""
    for page in pages:
        key = truth.key_for(page.file) if truth else None
        yield dataclasses.replace(page, url=truth.urls[key]) if key and not page.url else page


def diff_pages(args: argparse.Namespace, truth: Dataset | None) -> list[tuple[str, Side, Side]]:
    base, _ = base_rules()
    model_a, model_b = args.model_a or (None, None), args.model_b or (None, None)
    options_a = Options(tuple(base + args.rules_a), args.min_words, provenance=True, block_model=model_a[0],
                        model_threshold=model_a[1])
    options_b = Options(tuple(base + args.rules_b), args.min_words, provenance=True, block_model=model_b[0],
                        model_threshold=model_b[1])
    paths = args.inputs or ([str(truth.directory / "html")] if truth else [])
    if not paths:
        raise BadInput("name the pages to clean (files, folders, WARC files), or --truth DIR")
    pages = _with_truth_urls(read_inputs(find_inputs(paths)), truth)
    pool = WorkerPool(args.jobs, page_timeout=args.page_timeout)
    pairs: list[tuple[str, Side, Side]] = []
    unread: list[str] = []
    bar = progress_bar(unit=" pages", desc="cleaning twice", quiet=getattr(args, "quiet", False))
    for key, a, b in pool.map_ordered(clean_twice, ((page, options_a, options_b) for page in pages), _failed):
        if bar is not None:
            bar.update(1)
        if isinstance(a, str):
            unread.append(a)
        else:
            assert b is not None
            pairs.append((key, a, b))
    if bar is not None:
        bar.close()
    if unread:
        raise BadInput("inputs not read fully:\n  " + "\n  ".join(unread))
    return pairs


RUN_SUFFIXES = (".jsonl", ".jsonl.gz")


def is_run(path: str) -> bool:
    """A run of ``clean`` (records), not pages to clean."""
    return path.lower().endswith(RUN_SUFFIXES)


def read_run(path: str, skipped: SkippedLines) -> list[dict[str, Any]]:
    return list(skipped.records([path]))


def diff_runs(args: argparse.Namespace, skipped: SkippedLines) -> list[tuple[str, Side, Side]]:
    if len(args.inputs) != 2:
        raise BadInput("two runs to compare (A.jsonl B.jsonl), or --rules-a/--rules-b (or --model-a/--model-b) "
                       "and the pages to clean")
    return list(match_runs(read_run(args.inputs[0], skipped), read_run(args.inputs[1], skipped)))


def cleans_pages(args: argparse.Namespace) -> bool:
    """Whether the two sides are cleanings of pages (rule sets or block-model settings given),
    not two runs."""
    return bool(args.rules_a or args.rules_b or args.model_a or args.model_b)


def check_shape(args: argparse.Namespace) -> None:
    """One shape or the other, never a mix: with --rules-a/--rules-b (or --model-a/--model-b) every
    input is pages to clean, so a run (.jsonl) among them would be read as pages, not compared (it
    used to be, exit 0)."""
    runs = [path for path in args.inputs if is_run(path)]
    if cleans_pages(args) and runs:
        raise UsageError(
            f"{runs[0]} is a run (records), but --rules-a/--rules-b and --model-a/--model-b clean pages: "
            "compare two runs without them (diff A.jsonl B.jsonl), or give the pages (files, folders, WARC files)"
        )
    if not cleans_pages(args) and args.inputs and len(runs) != len(args.inputs):
        pages = next(path for path in args.inputs if not is_run(path))
        raise UsageError(
            f"{pages} is not a run (.jsonl, .jsonl.gz): compare two runs (diff A.jsonl B.jsonl), or clean "
            "pages under two rule sets (diff --rules-a OLD --rules-b NEW PAGES...)"
        )


def _side_label(rules: list[str], model: tuple[bool, float | None] | None) -> str:
    """A side as the summary names it: its rules, and its block-model setting when one was given."""
    label = " + ".join(rules) or "built-in rules"
    if model is None:
        return label
    block_model, threshold = model
    if not block_model:
        return f"{label}, block model off"
    return f"{label}, block model on" + (f" (threshold {threshold:g})" if threshold is not None else "")


# --- the report ------------------------------------------------------------------------------


def truth_scores(truth: Dataset, pairs: list[tuple[str, Side, Side]]) -> tuple[float, float, int]:
    """F1 of A and of B on the truth's pages (a page rejected or missing scores as empty text)."""
    by_url = {url: key for key, url in truth.urls.items()}
    texts_a: dict[str, str] = {}
    texts_b: dict[str, str] = {}
    for key, a, b in pairs:
        record = a.record or b.record or {}
        name = truth.key_for(key) or truth.key_for(record.get("file")) or by_url.get(record.get("url") or "")
        if name:
            texts_a[name], texts_b[name] = a.text, b.text
    return truth.score(texts_a)[0], truth.score(texts_b)[0], len(texts_a)


def _describe(names: list[str]) -> dict[str, str]:
    try:
        return rules_for(None, names).describe()
    except RuleFileError:
        return {}


def print_summary(summary: DiffSummary, out, top: int) -> None:
    changed = summary.changed
    print(f"pages compared: {len(summary.pages)}, pages changed: {len(changed)}", file=out)
    print(f"words lost: {summary.lost}, words gained: {summary.gained}", file=out)
    for status, title in (("newly-rejected", "pages newly rejected"), ("newly-accepted", "pages newly accepted")):
        reasons = summary.rejections(status)
        if reasons:
            print(f"{title}: {sum(reasons.values())} (" + ", ".join(f"{r} {n}" for r, n in reasons.most_common())
                  + ")", file=out)
        else:
            print(f"{title}: 0", file=out)
    for which, title in (("lost", "words lost in B, by the rule that removed them"),
                         ("gained", "words gained in B, by the rule that removed them in A")):
        rows = summary.by_rule(which)
        if rows:
            print(f"{title}:", file=out)
            for rule, words, pages in rows:
                print(f"  {rule}: {words} words on {pages} page{'s' if pages != 1 else ''}", file=out)
    if changed:
        print(f"pages that changed most (of {len(changed)}):", file=out)
        for page in summary.top(top):
            rules = ", ".join(rule for rule, _ in (page.lost_by_rule + page.gained_by_rule).most_common(3))
            status = "" if page.status == "changed" else f" [{page.status}]"
            key = printable(page.key, lines=False)  # a WARC-Target-URI or a file name, as read
            print(f"  {key}: -{page.lost} +{page.gained} words{status}" + (f" ({rules})" if rules else ""), file=out)
            for op, word in (("-", "lost"), ("+", "gained")):
                for sample in page.samples(op):
                    print(f"      {word}: {sample!r}", file=out)


def write_review(path: str, summary: DiffSummary, labels: tuple[str, str], rule_files: list[dict[str, str]],
                 rules: dict[str, str], extra: dict[str, Any]) -> None:
    try:
        from output.review import page_from_record, render_review
    except ImportError as err:
        raise BadInput(f"-o {path}: the HTML review (output.review) is not available here: {err}") from None
    pages = []
    for page in summary.top(len(summary.pages)):
        shown = page.b if page.b.article or not page.a.article else page.a  # B's metadata, else A's
        record = dict(shown.record or {})
        record.setdefault("file", page.key)
        if not page.b.article:  # rejected in B: what B removed, and why there is no article
            record |= {"text": "", "rejected": page.b.rejected,
                       "removed_blocks": (page.b.record or {}).get("removed_blocks", [])}
        view = page_from_record(record)
        view["compare"] = compare_view(page, *labels)
        pages.append(view)
    html = render_review(
        pages,
        title=f"cleancrawl diff: {labels[0]} vs {labels[1]}",
        rules={rule: {"description": text} for rule, text in rules.items()},
        rule_files=rule_files,
        summary_extra=extra,
    )
    write_text_atomic(path, html)


@answers_usage_errors("diff")
def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = sys.stdout
    check_shape(args)
    check_inputs([*args.inputs, *args.rules_a, *args.rules_b, args.truth])
    check_output(args.output, [*args.inputs, *args.rules_a, *args.rules_b, args.truth])
    skipped = SkippedLines("diff")
    try:
        truth = load_dataset(Path(args.truth)) if args.truth else None
        rules_mode = cleans_pages(args)
        base, note = base_rules() if rules_mode else ([], None)
        if rules_mode:
            validate_rule_files([*base, *args.rules_a, *args.rules_b])
            files_a = describe_rule_files(None, base + args.rules_a)
            files_b = describe_rule_files(None, base + args.rules_b)
            labels = (_side_label(args.rules_a, args.model_a), _side_label(args.rules_b, args.model_b))
            if note:
                print(note, file=out)
            print("rules A:", file=out)
            print("\n".join(rule_file_lines(files_a)), file=out)
            same = {(f["path"], f["sha256"]) for f in files_a}
            differ = [f for f in files_b if (f["path"], f["sha256"]) not in same]
            gone = [f for f in files_a if (f["path"], f["sha256"]) not in {(g["path"], g["sha256"]) for g in files_b}]
            print(f"rules B: as A, except ({len(differ)} in, {len(gone)} out):", file=out)
            print("\n".join(rule_file_lines(differ, "  + ") + rule_file_lines(gone, "  - ")), file=out)
            pairs = diff_pages(args, truth)
            rule_files = [{**f, "side": "A"} for f in files_a] + [{**f, "side": "B"} for f in differ]
            rules = {**_describe(base + args.rules_a), **_describe(base + args.rules_b)}
        else:
            pairs = diff_runs(args, skipped)
            skipped.report()
            labels = (args.inputs[0], args.inputs[1]) if len(args.inputs) == 2 else ("A", "B")
            rule_files, rules = [], _describe([])
    except (BadInput, RuleFileError, NotABenchmark) as err:
        print(f"cleancrawl diff: {printable(str(err))}", file=sys.stderr)
        return 2
    failed = [a.failed for _, a, b in pairs if a.failed and b.failed]
    pairs = [(key, a, b) for key, a, b in pairs if not (a.failed and b.failed)]
    summary = compare(pairs)
    print(f"A: {printable(labels[0], lines=False)}\nB: {printable(labels[1], lines=False)}", file=out)
    print_summary(summary, out, args.top)
    if failed:
        print(f"pages not compared, cleaning failed under both rule sets: {len(failed)}", file=out)
        print("".join(f"  {printable(line, lines=False)}\n" for line in failed[:20]), end="", file=out)
    extra: dict[str, Any] = {"pages compared": len(summary.pages), "pages changed": len(summary.changed),
                             "words lost": summary.lost, "words gained": summary.gained}
    if truth is not None:
        f1_a, f1_b, scored = truth_scores(truth, pairs)
        print(f"F1 on {truth.name} ({scored} of {len(truth.truth)} pages): A {f1_a:.4f}, B {f1_b:.4f}, "
              f"change {f1_b - f1_a:+.4f}", file=out)
        extra |= {"F1 A": round(f1_a, 4), "F1 B": round(f1_b, 4), "F1 change": round(f1_b - f1_a, 4)}
    if args.output:
        try:
            write_review(args.output, summary, labels, rule_files, rules, extra)
        except OSError as err:  # the disk filled up: no half-written review left behind
            print(f"cleancrawl diff: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
            return 1
        except BadInput as err:
            print(f"cleancrawl diff: {printable(str(err))}", file=sys.stderr)
            return 2
        print(f"review: {args.output}", file=out)
    print(f"({time.perf_counter() - started:.1f} s)", file=out)
    if skipped:
        print(f"corrupt lines skipped (not compared): {len(skipped.lines)}", file=out)
    return 1 if summary.changed or skipped else 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two cleanings of the same pages: two runs, or one corpus under two rule sets",
        description="cleancrawl diff A.jsonl B.jsonl, or cleancrawl diff --rules-a OLD --rules-b NEW PAGES... "
        "(a side left out: the built-in rules, a checkout's own when run inside one). Exit status: 1 when any "
        "page changed, 0 when none did, 2 for bad input.",
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="two .jsonl runs; or, with --rules-a/--rules-b or --model-a/--model-b, the pages "
                             "(files, folders, WARC files)")
    parser.add_argument("--rules-a", action="append", default=[], metavar="PATH",
                        help="rule file or folder for side A (repeatable; a file named like a built-in one "
                             "replaces it); default: the built-in rules")
    parser.add_argument("--rules-b", action="append", default=[], metavar="PATH", help="the same for side B")
    parser.add_argument("--model-a", type=model_mode, metavar="MODE",
                        help="the block model on side A: on, off, or a junk-score threshold X (0 < X < 1, on); "
                             "default: the default setting (docs/block-model.md). --model-a off --model-b on "
                             "shows what the model removes")
    parser.add_argument("--model-b", type=model_mode, metavar="MODE", help="the same for side B")
    parser.add_argument("--truth", metavar="DIR",
                        help="a benchmark folder (ground-truth.json or snippets.json): also print F1 of A, B "
                             "and the change; its html/ is the pages when none are named")
    parser.add_argument("-o", "--output", metavar="FILE.html", help="write the HTML review of the changed pages")
    parser.add_argument("--top", type=int, default=10, help="changed pages listed in the summary (default 10)")
    parser.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="shorter articles are rejected")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--page-timeout", type=float, default=float(CLEANCRAWL_PAGE_TIMEOUT), metavar="SECONDS",
                        help="a page cleaning longer than this counts as cleaner-timeout on both sides")
    parser.set_defaults(run=run)
