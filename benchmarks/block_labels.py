"""Block labels aligned from the dev sets: for each block our cleaning judges, keep or junk.

Usage:
    python benchmarks/block_labels.py ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval

Each page is cleaned as ``cleancrawl clean`` would (``clean_html``, default rules) with its block
trace (``clean_html(trace=...)``): every block of the extraction used (paragraphs, headings, list
items, quotes, code lines, table rows), and which text rule, if any, took it. Each block gets a
label from the set's truth:

- scrapinghub-aeb (the article's full text): a block is ``keep`` when at least ``KEEP_SHARE`` of
  its word 4-shingles (the set's own metric, output/aeb_metric.py) are in the truth's, ``junk``
  when at most ``JUNK_SHARE`` are; in between it is left out (ambiguous). A block of fewer than
  four words is ``keep`` when it is one of the truth's lines, ``junk`` when its words do not
  occur in that order anywhere in the truth, else left out.
- trafilatura-eval (must / must-not snippets): a block holding a must-not snippet, or held in one
  (whitespace collapsed), is ``junk``; holding or held in a must snippet, ``keep``; both, or
  neither, and it is left out (the snippets are a few lines per page). A short block is held in
  a snippet only joined to its neighbour's words. (``fill_between_keeps`` would also call the
  blocks between two ``keep`` blocks ``keep``: 12,000 more labels, but out-of-fold it made the
  model no better on scrapinghub-aeb, so the training does not use it.)

Printed: label counts per set, how the labels agree with today's rules (a rule removed a block
labelled keep: a rule's false positive; kept a junk block: what a model could add), and the page
F1 that the labels would give as a perfect block filter on top of the rules (the ceiling of what
a block model can win here).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners.block_filter import rule_ids
from cleaners.pipeline import BlockTrace, clean_html
from output import aeb_metric
from output.benchmark_sets import Dataset, load_dataset

KEEP, JUNK = 1, 0
KEEP_SHARE = 0.8
JUNK_SHARE = 0.2
SHORT_WORDS = aeb_metric.SHINGLE


@dataclass(slots=True)
class LabelledPage:
    """One page's judged blocks, their labels and the rule that took each one."""

    set_name: str
    key: str
    url: str
    title: str | None
    texts: list[str]
    rule_ids: list[str | None]
    labels: list[int | None]
    trace: BlockTrace | None
    """The page's parsed tree and blocks: large; ``drop_trace`` once features are read."""
    seconds: float = 0.0
    """How long cleaning the page took (with its trace)."""

    def drop_trace(self) -> LabelledPage:
        self.trace = None
        return self


def rule_ids_of(trace: BlockTrace) -> list[str | None]:
    """Per block, the id of the text rule that removed it (None: kept), computed as cleaning
    computes it for the model (``cleaners.block_filter.rule_ids``), so training sees the same."""
    return rule_ids(trace.blocks, trace.kept, trace.removed)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _contiguous(tokens: Sequence[str], truth_tokens: Sequence[str]) -> bool:
    """``tokens`` occur in this order, one after the other, somewhere in ``truth_tokens``."""
    n = len(tokens)
    if n == 0:
        return False
    first = tokens[0]
    return any(
        truth_tokens[i] == first and list(truth_tokens[i : i + n]) == list(tokens)
        for i in range(len(truth_tokens) - n + 1)
    )


def label_by_full_text(texts: Sequence[str], truth: str, junk_share: float = JUNK_SHARE) -> list[int | None]:
    """Labels from an article's full text (scrapinghub-aeb). ``junk_share``: a block of four
    words or more is junk when at most that share of its 4-shingles are in the truth (the whole
    page's labels, benchmarks/lexical_labels.py, ask for none: 0)."""
    truth_tokens = aeb_metric.tokenize(truth)
    truth_shingles = set(aeb_metric.shingles(truth_tokens))
    truth_lines = {tuple(aeb_metric.tokenize(line)) for line in truth.split("\n") if line.strip()}
    labels: list[int | None] = []
    for text in texts:
        tokens = aeb_metric.tokenize(text)
        if not tokens:
            labels.append(None)
        elif len(tokens) < SHORT_WORDS:
            if tuple(tokens) in truth_lines:
                labels.append(KEEP)
            elif not _contiguous(tokens, truth_tokens):
                labels.append(JUNK)
            else:
                labels.append(None)
        else:
            shingles = aeb_metric.shingles(tokens)
            share = sum(1 for s in shingles if s in truth_shingles) / len(shingles)
            labels.append(KEEP if share >= KEEP_SHARE else JUNK if share <= junk_share else None)
    return labels


def label_by_snippets(texts: Sequence[str], must: Sequence[str], must_not: Sequence[str]) -> list[int | None]:
    """Labels from must / must-not snippets (trafilatura-eval): a block holding or held in a
    snippet takes its label; both kinds, or none, leave it out. A block too short to be judged
    so (under 20 characters: a word like "Share" is held in many passages) takes a snippet's label
    when the snippet holds it joined to its neighbour's first or last words: it is part of the
    passage there, not a word that happens to occur in it."""
    keep = [_collapse(s) for s in must if s.strip()]
    junk = [_collapse(s) for s in must_not if s.strip()]
    blocks = [_collapse(text) for text in texts]
    labels: list[int | None] = []
    for i, block in enumerate(blocks):
        if not block:
            labels.append(None)
            continue
        is_keep = any(s in block or (len(block) >= 20 and block in s) for s in keep)
        is_junk = any(s in block or (len(block) >= 20 and block in s) for s in junk)
        if not is_keep and not is_junk and len(block) < 20:
            in_passage = _in_passage(blocks, i)
            is_keep = any(in_passage(s) for s in keep)
            is_junk = any(in_passage(s) for s in junk)
        labels.append(None if is_keep == is_junk else KEEP if is_keep else JUNK)
    return labels


NEIGHBOUR_WORDS = 3


def _in_passage(blocks: Sequence[str], i: int):
    """A test: does a snippet hold block ``i`` joined to the last words of the block before it
    or the first words of the block after it (whitespace collapsed)?"""
    block = blocks[i]
    before = " ".join(blocks[i - 1].split()[-NEIGHBOUR_WORDS:]) if i > 0 else ""
    after = " ".join(blocks[i + 1].split()[:NEIGHBOUR_WORDS]) if i + 1 < len(blocks) else ""
    joined = [text for text in (before and f"{before} {block}", after and f"{block} {after}") if text]
    return lambda snippet: block in snippet and any(text in snippet for text in joined)


def fill_between_keeps(labels: Sequence[int | None], removed: Sequence[bool]) -> list[int | None]:
    """Unlabelled blocks between two ``keep`` blocks are ``keep`` too (the article runs on between
    two of its passages), unless a ``junk`` block lies between them (then nothing is assumed)
    or a rule removed the block (left out: such a block is what the rules judge, and between two
    passages a removal is more often right than not)."""
    out = list(labels)
    keeps = [i for i, label in enumerate(labels) if label == KEEP]
    for start, end in itertools.pairwise(keeps):
        if any(labels[j] == JUNK for j in range(start + 1, end)):
            continue
        for j in range(start + 1, end):
            if labels[j] is None and not removed[j]:
                out[j] = KEEP
    return out


def labels_for(dataset: Dataset, key: str, texts: Sequence[str],
               removed: Sequence[bool] | None = None) -> list[int | None]:
    """A page's block labels from its set's truth. Snippet sets label a few passages a page;
    given ``removed`` (per block, a rule took it), the blocks between two article passages are
    filled in (``fill_between_keeps``)."""
    if dataset.kind == "aeb":
        return label_by_full_text(texts, dataset.truth[key])
    entry = dataset.truth[key]
    labels = label_by_snippets(texts, entry.get("with", []), entry.get("without", []))
    return fill_between_keeps(labels, removed) if removed is not None else labels


def labelled_pages(dataset: Dataset, bodies: dict[str, bytes] | None = None) -> Iterator[LabelledPage]:
    """Every page of the set that cleaning turns into blocks (one process, in key order)."""
    bodies = bodies if bodies is not None else dataset.bodies()
    for key in sorted(bodies):
        trace: list[BlockTrace] = []
        started = time.perf_counter()
        article = clean_html(bodies[key], dataset.urls[key], positions=False, trace=trace)
        seconds = time.perf_counter() - started
        if not trace:
            continue
        texts = [b.text for b in trace[-1].blocks]
        yield LabelledPage(dataset.name, key, dataset.urls[key], article.title, texts, rule_ids_of(trace[-1]),
                           labels_for(dataset, key, texts), trace[-1], seconds)


def page_text(texts: Sequence[str], keep: Sequence[bool]) -> str:
    """A page's text from its kept blocks, as the pipeline joins them."""
    return "\n".join(t for t, k in zip(texts, keep, strict=True) if k)


def report(dataset: Dataset, pages: list[LabelledPage]) -> None:
    """Label counts, agreement with today's rules, and the labels' ceiling as a block filter."""
    counts: Counter[str] = Counter()
    for page in pages:
        for label, rule in zip(page.labels, page.rule_ids, strict=True):
            name = {KEEP: "keep", JUNK: "junk", None: "unlabelled"}[label]
            counts[name] += 1
            counts[f"{name}/{'removed' if rule else 'kept'} by rules"] += 1
    labelled = counts["keep"] + counts["junk"]
    print(f"\n{dataset.name}: {len(pages)} pages with blocks, {sum(len(p.labels) for p in pages)} blocks")
    print(f"  labels: keep {counts['keep']}, junk {counts['junk']}, left out {counts['unlabelled']} "
          f"({labelled / max(1, labelled + counts['unlabelled']):.0%} labelled)")
    print(f"  rules vs labels: keep&kept {counts['keep/kept by rules']}, keep&removed {counts['keep/removed by rules']}"
          f" (rule false positives), junk&removed {counts['junk/removed by rules']},"
          f" junk&kept {counts['junk/kept by rules']} (left for a model)")
    rules = {p.key: page_text(p.texts, [r is None for r in p.rule_ids]) for p in pages}
    oracle = {p.key: page_text(p.texts, [r is None and lab != JUNK
                                         for r, lab in zip(p.rule_ids, p.labels, strict=True)]) for p in pages}
    oracle_all = {p.key: page_text(p.texts, [lab != JUNK if lab is not None else r is None
                                             for r, lab in zip(p.rule_ids, p.labels, strict=True)]) for p in pages}
    f1_rules = dataset.score(rules)[0]
    print(f"  page F1 from the blocks: rules {f1_rules:.4f}; labels' junk also dropped {dataset.score(oracle)[0]:.4f}; "
          f"labels decide where they exist, rules elsewhere {dataset.score(oracle_all)[0]:.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json)")
    args = parser.parse_args(argv)
    for directory in args.datasets:
        try:
            dataset = load_dataset(directory)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        report(dataset, [page.drop_trace() for page in labelled_pages(dataset)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
