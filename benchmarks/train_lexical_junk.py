"""Train the lexical junk score (cleaners/lexical_junk.py) from the dev pages' own boilerplate.

Usage:
    python benchmarks/train_lexical_junk.py \\
        ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval \\
        [--save cleaners/models/lexical_junk.json]

Samples: the short labelled blocks of every WHOLE page (benchmarks/lexical_labels.py: menus,
share bars, prompts, footers... against the article's lines) plus the labelled blocks trafilatura
keeps (benchmarks/block_labels.py, the in-container labels), at most ``MAX_WORDS`` words each,
each text once per site and label. Features: the n-grams of cleaners/lexical_junk.py (word
unigrams and bigrams, character 3- and 4-grams within words), each occurrence counted and divided
by the square root of the text's number of n-grams; only n-grams seen on at least ``MIN_SITES``
sites of the training pages (a site's own names and template words say nothing of another's).
Sample weights: ``1 / sqrt(n)`` for the n samples of one site and label (no site dominates),
then each class the same total. A logistic regression (scikit-learn, liblinear, L2, seeded),
weights rounded to ``DIGITS`` decimals and pruned to the ``MAX_ENTRIES`` largest (at least
``MIN_WEIGHT``): the same samples give the same table, byte for byte.

benchmarks/train_block_model.py trains one such table per fold (never on the held-out fold's
sites) for the block model's lexical columns, and writes the shipped one with ``--save-lexical``;
this script alone trains on every page and prints its block AUC out-of-fold by site.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds as site_split
from benchmarks.block_labels import JUNK, KEEP
from cleaners.lexical_junk import MAX_WORDS, LexicalModel, text_grams, words

SEED = 0
MIN_SITES = 3
C = 1.0
DIGITS = 3
MIN_WEIGHT = 0.02
MAX_ENTRIES = 30_000
MAX_TABLE_BYTES = 1_000_000


@dataclass
class Samples:
    """Labelled short texts and their n-grams, interned once (``encode``)."""

    texts: list[str]
    labels: np.ndarray
    """1 junk, 0 article (the junk probability is what is learned)."""
    sites: list[str]
    pages: list[str]
    grams: list[str]
    """The n-gram of each column."""
    matrix: object
    """scipy CSR: row i, column j: occurrences of gram j in text i / sqrt(its n-grams)."""


def dedupe(rows: Sequence[tuple[str, str, str, int]]) -> list[tuple[str, str, str, int]]:
    """(site, page, text, label) once per site, text and label; first page kept; sorted (stable)."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for site, page, text, label in sorted(rows, key=lambda r: (r[0], r[2], r[3], r[1])):
        if (site, text, label) not in seen and words(text) and len(text.split()) <= MAX_WORDS:
            seen.add((site, text, label))
            out.append((site, page, text, label))
    return out


def encode(rows: Sequence[tuple[str, str, str, int]]) -> Samples:
    """The samples' n-gram matrix (columns: every n-gram seen, in first-seen order)."""
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}
    indptr, ids, values = [0], [], []
    for _, _, text, _ in rows:
        grams = text_grams(text)
        counts = Counter(index.setdefault(g, len(index)) for g in grams)
        norm = 1.0 / math.sqrt(len(grams)) if grams else 0.0
        for gram_id in sorted(counts):
            ids.append(gram_id)
            values.append(counts[gram_id] * norm)
        indptr.append(len(ids))
    matrix = csr_matrix((np.array(values), np.array(ids, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                        shape=(len(rows), len(index)))
    labels = np.array([1 if label == JUNK else 0 for *_, label in rows], dtype=int)
    return Samples([r[2] for r in rows], labels, [r[0] for r in rows], [r[1] for r in rows], list(index), matrix)


def sample_weights(sites: Sequence[str], labels: np.ndarray) -> np.ndarray:
    """1 / sqrt(n) per (site, label) group of n samples; each class the same total; mean 1."""
    groups = Counter(zip(sites, labels.tolist(), strict=True))
    w = np.array([1.0 / math.sqrt(groups[(s, int(y))]) for s, y in zip(sites, labels, strict=True)])
    for cls in (0, 1):
        mask = labels == cls
        if mask.any():
            w[mask] *= 0.5 * len(w) / w[mask].sum()
    return w


def fit_lexical(
    samples: Samples, rows: np.ndarray | None = None, card: dict | None = None, c: float = C
) -> LexicalModel:
    """The table trained on ``rows`` (indices; None: all) of ``samples``, ``c`` the inverse
    regularisation strength."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows = np.arange(len(samples.texts)) if rows is None else np.asarray(rows)
    x = samples.matrix[rows]
    y = samples.labels[rows]
    sites = [samples.sites[i] for i in rows]
    site_codes = {s: i for i, s in enumerate(sorted(set(sites)))}
    present = x.copy()
    present.data[:] = 1.0
    by_site = csr_matrix((np.ones(len(rows)), (np.array([site_codes[s] for s in sites]), np.arange(len(rows)))),
                         shape=(len(site_codes), len(rows)))
    site_counts = np.asarray(((by_site @ present) > 0).sum(axis=0)).ravel()
    columns = np.flatnonzero(site_counts >= MIN_SITES)
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000)
    with threadpool_limits(limits=1):
        model.fit(x[:, columns], y, sample_weight=sample_weights(sites, y))
    weights = np.round(model.coef_[0], DIGITS)
    keep = [int(i) for i in np.flatnonzero(np.abs(weights) >= MIN_WEIGHT)]
    keep.sort(key=lambda i: (-abs(float(weights[i])), samples.grams[columns[i]]))
    table = {samples.grams[columns[i]]: float(weights[i]) for i in keep[:MAX_ENTRIES]}
    card = dict(card or {})
    card.update({"samples": len(rows), "junk": int(y.sum()), "article": int(len(y) - y.sum()),
                 "sites": len(site_codes), "ngrams_seen_on_min_sites": len(columns), "entries": len(table),
                 "min_sites": MIN_SITES, "C": c, "seed": SEED})
    return LexicalModel(round(float(model.intercept_[0]), DIGITS), table, card)


def table_bytes(model: LexicalModel) -> bytes:
    return model.to_json().encode("utf-8")


def save_table(model: LexicalModel, path: Path) -> int:
    """Write the table to ``path`` when under ``MAX_TABLE_BYTES``: 0, else 1 (said on stderr)."""
    data = table_bytes(model)
    if len(data) > MAX_TABLE_BYTES:
        print(f"not saved: {len(data)} bytes, over {MAX_TABLE_BYTES}", file=sys.stderr)
        return 1
    path.write_bytes(data)
    print(f"saved {path} ({len(data)} bytes, {len(model.weights)} entries)")
    return 0


def whole_page_rows(datasets) -> list[tuple[str, str, str, int]]:
    """(site, page id, text, label) of the whole pages' short labelled blocks."""
    from benchmarks.lexical_labels import dataset_labels

    rows = []
    for dataset in datasets:
        for key, url, labelled in dataset_labels(dataset):
            site = site_split.site_of_url(url)
            rows += [(site, f"{dataset.name}/{key}", text, label) for text, label in labelled]
    return rows


def container_rows(pages) -> list[tuple[str, str, str, int]]:
    """(site, page id, text, label) of the labelled blocks trafilatura keeps (objects with
    set_name, key, url, texts, labels: benchmarks/block_labels.LabelledPage or the training
    script's Page)."""
    rows = []
    for page in pages:
        site = site_split.site_of_url(page.url)
        rows += [(site, f"{page.set_name}/{page.key}", text, label)
                 for text, label in zip(page.texts, page.labels, strict=True) if label in (KEEP, JUNK)]
    return rows


def block_auc(model: LexicalModel, samples: Samples, rows: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    y = samples.labels[rows]
    if not 0 < y.sum() < len(y):
        return float("nan")
    return float(roc_auc_score(y, [model.junk_score(samples.texts[i]) for i in rows]))


def main(argv: list[str] | None = None) -> int:
    from benchmarks.block_labels import labelled_pages
    from output.benchmark_sets import load_dataset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json)")
    parser.add_argument("--save", type=Path, help="write the table trained on all pages here, if under 1 MB")
    parser.add_argument("--folds", type=int, default=site_split.K)
    args = parser.parse_args(argv)
    try:
        datasets = [load_dataset(path) for path in args.datasets]
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    pages = [page.drop_trace() for dataset in datasets for page in labelled_pages(dataset)]
    samples = encode(dedupe(whole_page_rows(datasets) + container_rows(pages)))
    print(f"{len(samples.texts)} samples ({int(samples.labels.sum())} junk), {len(samples.grams)} n-grams")
    fold_of = site_split.site_folds({p: p for p in sorted(set(samples.sites))}, args.folds)
    folds = np.array([fold_of[s] for s in samples.sites])
    for fold in range(args.folds):
        model = fit_lexical(samples, np.flatnonzero(folds != fold))
        print(f"fold {fold}: block AUC out-of-fold {block_auc(model, samples, np.flatnonzero(folds == fold)):.3f}")
    model = fit_lexical(samples, card={"trained_on": sorted(d.name for d in datasets)})
    return save_table(model, args.save) if args.save else 0


if __name__ == "__main__":
    sys.exit(main())
