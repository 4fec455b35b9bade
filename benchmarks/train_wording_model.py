"""Train the wording model (cleaners/wording_model.py): junk lines in our own held-out wordings
against story lines and the dev pages' article blocks.

Usage:
    python benchmarks/train_wording_model.py \\
        ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval \\
        [--save cleaners/models/wording_junk.json] [--fold-tables DIR]

Samples (each text once per source and label, at most ``lexical_junk.MAX_WORDS`` words):

- junk: every line of ``tests/wordings/*_wordings.json`` (page furniture in about 25 languages,
  written by nine rule-writing tasks and two writers for this table: comment headings, like and
  share widgets, newsletter and messenger prompts, disclaimers, syndication notes, ad markers...).
  Each file is one "source".
- article: the story lines (``tests/wordings/*_story_lines.txt``: news sentences, subheadings and
  how-to steps that use the same words, written to catch rules that read a word and not a line;
  beside a wordings file they share its source, alone they are a source of their own), and every
  block trafilatura keeps on the dev pages labelled article (benchmarks/block_labels.py), their
  site the source.

The n-grams, weights per source and class, pruning (an n-gram must occur in at least
``train_lexical_junk.MIN_SITES`` sources: a word only one wording file uses says nothing of
another writer's) and the table are those of benchmarks/train_lexical_junk.py.

Out-of-fold, printed: each wording file is scored by a table trained without it (nor its story
lines, nor any copy of their texts in another file, and without one dev site fold), and the dev
blocks of each site fold (benchmarks/folds.py, as benchmarks/quality.py splits each set) by a
table trained without that fold. The threshold written into the table (``card.threshold``) is
the lowest of ``THRESHOLDS`` at which, out-of-fold, at most
``MAX_ARTICLE_SHARE`` of the short article blocks and ``MAX_STORY_SHARE`` of the story lines
score at or above it. ``--fold-tables DIR`` writes the table of each site fold (``fold-<n>.json``,
trained without that fold's sites) for ``benchmarks/quality.py --wording-folds DIR``, which
scores each page with the table that never saw its site, and the table without each wording file
(``without-<name>.json``) for ``benchmarks/wordings.py FILE --table DIR/without-<name>.json``:
the file's lines through the whole cleaning, read by a table that never saw them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds as site_split
from benchmarks.block_labels import JUNK, KEEP
from benchmarks.train_lexical_junk import container_rows, dedupe, encode, fit_lexical, save_table, table_bytes
from cleaners.lexical_junk import LexicalModel, words

WORDINGS = Path(__file__).resolve().parent.parent / "tests" / "wordings"
THRESHOLDS = (0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)
C = 4.0
"""Inverse regularisation strength (train_lexical_junk uses 1.0; measured 1 and 4: 4 keeps more
held-out junk lines at the same article share)."""
MAX_ARTICLE_SHARE = 0.001
"""At most this share of the dev pages' short article blocks may score as junk, out-of-fold (0.2%
measured: with the wave-4 wordings it gave 0.96, which cost the dev sets 0.0002 / 0.0005 F1 and
planted pages 0.0005 / 0.0010 article recall out-of-fold; 0.1% gives 0.97, which costs neither)."""
MAX_STORY_SHARE = 0.01
"""At most this share of the story lines may score as junk, out-of-fold."""


def wording_rows(folder: Path = WORDINGS) -> list[tuple[str, str, str, int]]:
    """(source, page, text, label) of every junk line and story line of the wording files (a
    file's story lines share its source; a story file alone is a source of its own)."""
    rows = []
    for path in sorted(folder.glob("*_wordings.json")):
        name = path.name.removesuffix("_wordings.json")
        for cls, lines in json.loads(path.read_text(encoding="utf-8")).items():
            if cls.startswith("_"):
                continue
            by_lang = lines if isinstance(lines, dict) else {"de": lines}
            for lang, texts in by_lang.items():
                rows += [(f"wordings:{name}", f"{name}/{cls}/{lang}", text, JUNK) for text in texts]
    for story in sorted(folder.glob("*_story_lines.txt")):
        name = story.name.removesuffix("_story_lines.txt")
        texts = [t.strip() for t in story.read_text(encoding="utf-8").splitlines()]
        rows += [(f"wordings:{name}", f"{name}/story", t, KEEP) for t in texts if t and not t.startswith("#")]
    return rows


def dev_rows(datasets) -> tuple[list[tuple[str, str, str, int]], dict[str, set[int]]]:
    """(site, page, text, KEEP) of the dev pages' article blocks (train_lexical_junk's
    ``container_rows``, its article labels), and each site's folds (as benchmarks/quality.py
    splits each set: a site of both sets may sit in two folds)."""
    from benchmarks.block_labels import labelled_pages

    rows = []
    site_folds: dict[str, set[int]] = {}
    for dataset in datasets:
        fold_of = site_split.site_folds(dataset.urls)
        pages = [page.drop_trace() for page in labelled_pages(dataset)]
        for page in pages:
            site_folds.setdefault(site_split.site_of_url(page.url), set()).add(fold_of[page.key])
        rows += [row for row in container_rows(pages) if row[3] == KEEP]
    return rows, site_folds


def shares(scores: np.ndarray, threshold: float) -> float:
    return float(np.mean(scores >= threshold)) if len(scores) else 0.0


def pick_threshold(junk: np.ndarray, story: np.ndarray, article: np.ndarray) -> float:
    """The lowest threshold within both article budgets (the highest tried when none is)."""
    for t in THRESHOLDS:
        if shares(article, t) <= MAX_ARTICLE_SHARE and shares(story, t) <= MAX_STORY_SHARE:
            return t
    return THRESHOLDS[-1]


def out_of_fold(
    samples, sources: list[str], site_folds: dict[str, set[int]], k: int
) -> tuple[np.ndarray, dict[str, LexicalModel]]:
    """Each sample's junk score from a table that never saw its wording file (nor the same text in
    another file) or its site fold, and the table without each wording file (by its name). Each
    file is held out with one dev fold (``i % k``); a fold no file came with is held out alone."""
    files = sorted({s for s in sources if s.startswith("wordings:")})
    scores = np.full(len(sources), np.nan)
    without: dict[str, LexicalModel] = {}
    texts = [_same(t) for t in samples.texts]
    rounds = [(held, i % k) for i, held in enumerate(files)] + [(None, f) for f in range(len(files), k)]
    for held, fold in rounds:
        test = np.array([s == held or fold in site_folds.get(s, ()) for s in sources])
        seen = {texts[j] for j in np.flatnonzero(test)}
        train = np.flatnonzero([not t and text not in seen for t, text in zip(test, texts, strict=True)])
        model = fit_lexical(samples, train, c=C)
        if held is not None:
            without[held.removeprefix("wordings:")] = model
        for j in np.flatnonzero(test & np.isnan(scores)):
            scores[j] = model.junk_score(samples.texts[j])
    return scores, without


def _same(text: str) -> str:
    """What makes two samples the same text (a line held out must not be trained on under
    another file or site): the words the table reads."""
    return " ".join(words(text))


def main(argv: list[str] | None = None) -> int:
    from output.benchmark_sets import load_dataset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json)")
    parser.add_argument("--save", type=Path, help="write the table trained on every sample here, if under 1 MB")
    parser.add_argument("--fold-tables", type=Path, help="write each site fold's table (fold-<n>.json) here")
    args = parser.parse_args(argv)
    try:
        datasets = [load_dataset(path) for path in args.datasets]
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    dev, site_folds = dev_rows(datasets)
    samples = encode(dedupe(wording_rows() + dev))
    sources = samples.sites
    labels = samples.labels
    print(f"{len(sources)} samples: {int(labels.sum())} junk lines, {int((labels == 0).sum())} article "
          f"({Counter(s.startswith('wordings:') for s in sources)[True]} from the wording files), "
          f"{len(samples.grams)} n-grams")
    scores, without = out_of_fold(samples, sources, site_folds, site_split.K)
    wording = np.array([s.startswith("wordings:") for s in sources])
    short = np.array([len(words(t)) <= 30 for t in samples.texts])
    junk, story = scores[wording & (labels == 1)], scores[wording & (labels == 0)]
    article = scores[~wording & short]
    print("| threshold | junk lines (held-out file) | story lines | dev article blocks <= 30 words |")
    print("|---|---|---|---|")
    for t in THRESHOLDS:
        print(f"| {t} | {shares(junk, t):.3f} | {shares(story, t):.3f} | {shares(article, t):.4f} "
              f"({int(np.sum(article >= t))} of {len(article)}) |")
    threshold = pick_threshold(junk, story, article)
    print(f"threshold: {threshold}")
    for name in sorted({s for s in sources if s.startswith("wordings:")}):
        held = np.array([s == name for s in sources]) & (labels == 1)
        share = shares(scores[held], threshold)
        print(f"  {name.removeprefix('wordings:')}: {share:.3f} of {int(held.sum())} junk lines")
    card = {"trained_on": [*sorted(d.name for d in datasets), "tests/wordings"], "threshold": threshold,
            "out_of_fold": {"junk": round(shares(junk, threshold), 4), "story": round(shares(story, threshold), 4),
                            "article": round(shares(article, threshold), 4)}}
    if args.fold_tables:
        args.fold_tables.mkdir(parents=True, exist_ok=True)
        for fold in range(site_split.K):
            rows = np.flatnonzero([fold not in site_folds.get(s, ()) for s in sources])
            table = fit_lexical(samples, rows, card=dict(card, fold=fold), c=C)
            (args.fold_tables / f"fold-{fold}.json").write_bytes(table_bytes(table))
        for name, table in without.items():  # for benchmarks/wordings.py --table: a file's own lines unseen
            table = replace(table, card=dict(table.card, **card, without=name))
            (args.fold_tables / f"without-{name}.json").write_bytes(table_bytes(table))
        print(f"wrote {site_split.K} fold tables to {args.fold_tables}")
    model = fit_lexical(samples, card=card, c=C)
    return save_table(model, args.save) if args.save else 0


if __name__ == "__main__":
    sys.exit(main())
