"""Train the block classifier (issue 19) and score it out-of-fold by site against today's rules.

Usage:
    python benchmarks/train_block_model.py ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval \\
        [--cache /tmp/blocks.pkl] [--save cleaners/models/block_model.json]

Every page of both sets is cleaned with its block trace; each block gets its features
(cleaners/block_features.py) and, where the truth says, a keep/junk label
(benchmarks/block_labels.py). The lexical columns come from a lexical junk table
(benchmarks/train_lexical_junk.py) trained from the whole pages' boilerplate, per fold like the
trees (``LexicalFits``); ``--save`` writes the table trained on every page beside the model
(``lexical_junk.json``). Also printed: the lexical score alone as a rule on top of the rules.
Sites are split into five folds over both sets together
(benchmarks/folds.py: no site in two folds, in either set). For each fold, a gradient-boosted
classifier (scikit-learn's HistGradientBoostingClassifier, seeded, one thread) is trained on the
labelled blocks of the other four folds, the blocks the rules took included, with what the rules
did hidden from it (``HIDDEN``: it learns the block, not the rules' decisions); its junk threshold
is tuned on those four folds alone, from their own out-of-fold scores (each of the four predicted
by a model trained on the other three), to maximise the mean page F1 of the two sets; then the
held-out fold's pages are cleaned with it. Two ways of using the same scores, each side by side
with today's rules:

- ``on top``: the rules as today, and the model also drops the blocks it calls junk;
- ``instead``: the rules that judge wordings (phrase rules, ``line`` kinds) are off and the model
  decides in their place; the structural rules stay.

Printed: out-of-fold block metrics (on labelled blocks), page F1 per set and per fold, in-sample
(trained and tuned on every page) next to out-of-fold, and what features and inference cost
against cleaning. ``--save`` writes the model trained on all pages (``on top``) with its
threshold tuned from the out-of-fold scores, if it is under 1 MB. Nothing here changes cleaning:
the model is not wired in.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import block_augment
from benchmarks import folds as site_split
from benchmarks import train_lexical_junk as lexical_training
from benchmarks.block_labels import JUNK, KEEP, LabelledPage, labelled_pages, page_text
from cleaners.block_features import (
    FEATURE_NAMES,
    LEXICAL_COLUMNS,
    RULE_COLUMNS,
    block_features,
    lexical_columns,
    normalise,
)
from cleaners.block_filter import phrase_rules
from cleaners.block_model import BlockModel, from_sklearn
from cleaners.lexical_junk import LexicalModel
from cleaners.ruleset import rules_for
from output import aeb_metric, snippet_metric
from output.benchmark_sets import Dataset, load_dataset

# scikit-learn runs on one thread here; told so, joblib does not start lscpu to count the cores
os.environ.setdefault("LOKY_MAX_CPU_COUNT", "1")
SEED = 0
MAX_MODEL_BYTES = 1_000_000
# Junk probability at or above which a block is dropped; the top of the range is the
# high-precision end (dropping an article block costs more than keeping a junk one).
THRESHOLDS = (*(round(0.05 * i, 2) for i in range(4, 20)), 0.97, 0.98, 0.99, 0.995)
_SITE_REPEATS = FEATURE_NAMES.index("site_repeats")
# What the rules did to a block and around it: hidden from the model (zero, so never split on).
# Seeing them, it learns the rules' own decisions (most labelled junk is what the rules took),
# not the block; hidden, the blocks the rules took are junk examples like any other, and one
# model serves both ways of use.
HIDDEN = [FEATURE_NAMES.index(name) for name in RULE_COLUMNS]


def make_model(augmented: Mapping[str, int] | None = None):
    """The classifier, fixed: no early stopping (its validation split is random), one seed.
    Small and strongly regularised (few shallow trees, large leaves, L2): with a few hundred junk
    labels a larger model learns the sites' templates, and out-of-fold by site it won nothing;
    fewer trees also score faster. ``augmented`` (``--augment``: thousands of planted junk blocks
    of many classes): the larger size those labels support (``AUGMENTED_MODEL`` by default)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    size = augmented if augmented is not None else {"max_iter": 100, "max_leaf_nodes": 8}
    return HistGradientBoostingClassifier(
        learning_rate=0.05, min_samples_leaf=40, l2_regularization=3.0, early_stopping=False, random_state=SEED,
        **size,
    )


def fit_model(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None,
              size: Mapping[str, int] | None = None):
    """Train on one thread (the CPU is shared; and one thread is the same order of sums every
    time): the same data gives the same model, byte for byte (``model_bytes``). ``weight``: per
    row (the planted pages' rows weigh ``--augment-weight``); given, the larger model, of ``size``
    (default ``AUGMENTED_MODEL``)."""
    from threadpoolctl import threadpool_limits

    augmented = (size if size is not None else AUGMENTED_MODEL) if weight is not None else None
    with threadpool_limits(limits=1):
        return make_model(augmented).fit(x, y, sample_weight=weight)


# --augment: the model's size, and how much a planted page's labelled block weighs against a
# real one's (chosen out-of-fold by site, docs/block-model.md "Augmentation")
AUGMENTED_MODEL: Mapping[str, int] = MappingProxyType({"max_iter": 200, "max_leaf_nodes": 16})
"""``--trees`` / ``--leaves`` set another, which ``main`` passes down (with the lexical columns,
120 of 12 and 100 of 8 were measured too: docs/block-model.md, "Both together")."""
AUGMENT_WEIGHT = 0.3


def augmented_fit(pages: Sequence[Page], planted: Sequence[Page], weight: float,
                  held: frozenset[int] = frozenset(), lexical: LexicalFits | None = None,
                  size: Mapping[str, int] | None = None):
    """The model for ``pages`` and, when there are any, the planted pages weighted ``weight``
    (the larger model, of ``size``); ``held``: the folds it is trained without (the lexical
    columns' too, from ``lexical``: ``training_rows``)."""
    if not planted:
        return fit_model(*training_rows(pages, held, lexical))
    x, y = training_rows([*pages, *planted], held, lexical)
    real = sum(sum(label is not None for label in p.labels) for p in pages)
    return fit_model(x, y, np.where(np.arange(len(y)) < real, 1.0, weight), size)


def junk_scores(model, x: np.ndarray) -> np.ndarray:
    """Probability of junk for each row."""
    from threadpoolctl import threadpool_limits

    if len(x) == 0:
        return np.zeros(0)
    with threadpool_limits(limits=1):
        return model.predict_proba(x)[:, list(model.classes_).index(JUNK)]


def export(model, threshold: float = 0.5, features: Sequence[str] | None = None) -> BlockModel:
    """The fitted model's trees as plain data (cleaners/block_model.py), scored without sklearn."""
    names = features if features is not None else [f"f{i}" for i in range(model.n_features_in_)]
    return from_sklearn(model, names, threshold, JUNK)


def model_bytes(
    model, threshold: float = 0.5, features: Sequence[str] | None = None, card: dict | None = None
) -> bytes:
    """The model file's bytes: canonical JSON, so one model is one byte string (a pickle is not:
    its memo depends on which equal objects happen to be shared)."""
    return export(model, threshold, features).to_json(card).encode("ascii")


@dataclass
class Page:
    set_name: str
    key: str
    url: str
    texts: list[str]
    rule_ids: list[str | None]
    labels: list[int | None]
    x: np.ndarray
    clean_seconds: float
    feature_seconds: float
    fold: int = -1
    junk: dict[str, np.ndarray] = field(default_factory=dict)
    """Out-of-fold junk scores per way of use."""


def collect(dataset: Dataset) -> list[Page]:
    return collect_from(labelled_pages(dataset))


def collect_from(labelled: Iterable[LabelledPage]) -> list[Page]:
    """Each labelled page's feature rows (its trace dropped once read)."""
    pages = []
    for page in labelled:
        started = time.perf_counter()
        trace = page.trace
        x = np.array(block_features(trace.blocks, trace.tree, page.title, page.rule_ids, PHRASE_RULES), dtype=float)
        seconds = time.perf_counter() - started
        pages.append(Page(page.set_name, page.key, page.url, page.texts, page.rule_ids, page.labels,
                          x.reshape(len(page.texts), len(FEATURE_NAMES)), page.seconds, seconds))
        page.drop_trace()
    return pages


def add_site_repeats(pages: Sequence[Page], real_pages: Sequence[Page] | None = None) -> None:
    """Fill ``site_repeats``: on how many OTHER real pages of its site (in these sets) a block
    stands. The real pages are ``real_pages`` (default: ``pages`` themselves). A block's own real
    page is not counted: a real page's is itself; a planted page's (``--augment``) is the page it
    was planted in (its other planted copies are not counted either: a planted line stands on none)."""
    real = pages if real_pages is None else real_pages
    by_site: dict[str, Counter[str]] = defaultdict(Counter)
    own: dict[str, set[str]] = {}
    for page in real:
        texts = {normalise(t) for t in page.texts}
        own[_page_id(page)] = texts
        by_site[site_split.site_of_url(page.url)].update(texts)
    for page in pages:
        counts = by_site[site_split.site_of_url(page.url)]
        mine = own.get(page.set_name + "/" + block_augment.source_key(page.key), set())
        for i, text in enumerate(normalise(t) for t in page.texts):
            page.x[i, _SITE_REPEATS] = counts[text] - (1 if text in mine else 0)


def phrase_rule_ids() -> frozenset[str]:
    """The built-in rules' phrase rule ids, as cleaning gives them to the model."""
    return phrase_rules(rules_for(None, ()))


PHRASE_RULES = phrase_rule_ids()
WAYS = ("on top", "instead")


def features_for(page: Page, context: frozenset[int] = frozenset(),
                 lexical: LexicalFits | None = None) -> np.ndarray:
    """The page's rows as the model sees them: what the rules did hidden (``HIDDEN``); the
    lexical columns from ``lexical``'s table trained without the folds ``context`` (zero when
    there are no lexical fits)."""
    x = page.x.copy()
    x[:, HIDDEN] = 0.0
    if lexical is not None:
        x[:, LEXICAL] = lexical.columns(page, context)
    return x


# --- the lexical columns: a lexical junk table per set of held-out folds ------------------------
LEXICAL = [FEATURE_NAMES.index(name) for name in LEXICAL_COLUMNS]


class LexicalFits:
    """Lexical junk tables (benchmarks/train_lexical_junk.py), one per set of left-out folds, and
    the lexical columns of each page under each.

    Out-of-fold by site, the lexical table is trained per fold too: a page of a held-out fold is
    scored with the table trained without that fold. The block model's training rows are
    cross-fitted (stacking): a training page's lexical columns come from a table that did not see
    its own fold either (``held | {page.fold}``), so the trees learn how far an unseen page's
    lexical score can be trusted, not how well the table remembers its own training lines. The
    shipped model: trained with each page's columns from the table without its fold, and used
    with the table trained on every page (``frozenset()``)."""

    def __init__(self, samples: lexical_training.Samples, folds: np.ndarray) -> None:
        self.samples = samples
        self.folds = folds
        self.tables: dict[frozenset[int], LexicalModel] = {}
        self._columns: dict[tuple[str, frozenset[int]], np.ndarray] = {}

    def table(self, held: frozenset[int]) -> LexicalModel:
        if held not in self.tables:
            rows = np.flatnonzero(~np.isin(self.folds, sorted(held)))
            self.tables[held] = lexical_training.fit_lexical(self.samples, rows)
        return self.tables[held]

    def columns(self, page: Page, context: frozenset[int]) -> np.ndarray:
        key = (_page_id(page), context)
        if key not in self._columns:
            self._columns[key] = lexical_columns(page.texts, self.table(context))
        return self._columns[key]


def lexical_fits(datasets: dict[str, Dataset], pages: Sequence[Page]) -> LexicalFits:
    """The lexical samples (whole pages and the blocks trafilatura keeps), each in its page's
    fold; a page with no blocks here takes its site's fold (or none: -1, always trained on)."""
    samples = lexical_training.encode(lexical_training.dedupe(
        lexical_training.whole_page_rows(datasets.values()) + lexical_training.container_rows(pages)))
    fold_of_page = {_page_id(p): p.fold for p in pages}
    fold_of_site = {site_split.site_of_url(p.url): p.fold for p in pages}
    folds = np.array([fold_of_page.get(page, fold_of_site.get(site, -1))
                      for page, site in zip(samples.pages, samples.sites, strict=True)])
    print(f"lexical samples: {len(samples.texts)} ({int(samples.labels.sum())} junk), {len(samples.grams)} n-grams")
    return LexicalFits(samples, folds)


def base_keep(page: Page, way: str) -> np.ndarray:
    """The blocks the rules leave for the model to judge."""
    return np.array([r is None or (way == "instead" and r in PHRASE_RULES) for r in page.rule_ids], dtype=bool)


def training_rows(pages: Sequence[Page], held: frozenset[int] = frozenset(),
                  lexical: LexicalFits | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every labelled block, the ones the rules took too (the model does not see that they did);
    ``held``: the folds the model is trained without (the lexical columns' too, from ``lexical``)."""
    xs, ys = [], []
    for page in pages:
        mask = np.array([label is not None for label in page.labels], dtype=bool)
        if mask.any():
            xs.append(features_for(page, held | {page.fold}, lexical)[mask])
            ys.append(np.array(page.labels, dtype=object)[mask].astype(int))
    return np.vstack(xs), np.concatenate(ys)


def texts_with(pages: Sequence[Page], way: str, scores: dict[str, np.ndarray], threshold: float | None) -> dict:
    """Per set, each page's text when the model (scores) drops the blocks at or above threshold;
    ``threshold=None``: the rules alone."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for page in pages:
        keep = base_keep(page, "on top" if threshold is None else way)
        if threshold is not None:
            keep &= scores[page.set_name + "/" + page.key] < threshold
        out[page.set_name][page.key] = page_text(page.texts, keep)
    return out


_PAGE_SCORES: dict[tuple[str, str, str], object] = {}


def score(dataset: Dataset, keys: Sequence[str], texts: dict[str, str]) -> tuple[float, float, float]:
    """(F1, precision, recall) of ``texts`` on the set's pages ``keys``, as the set's metric
    counts them (output/aeb_metric.py, output/snippet_metric.py), without the shingle metric's
    bootstrap; each page's score is kept, as tuning asks for the same texts again and again."""
    if dataset.kind == "aeb":
        pages = []
        for key in keys:
            text = texts.get(key, "")
            cached = _PAGE_SCORES.get((dataset.name, key, text))
            if cached is None:
                cached = _PAGE_SCORES[(dataset.name, key, text)] = aeb_metric.score_page(dataset.truth[key], text)
            pages.append(cached)
        f1, precision, recall, _ = aeb_metric._means(pages)
        return f1, precision, recall
    counts = snippet_metric.evaluate({key: dataset.truth[key] for key in keys}, texts)
    return counts.f1, counts.precision, counts.recall


def mean_f1(datasets: dict[str, Dataset], pages: Sequence[Page], texts: dict[str, dict[str, str]]) -> float:
    """The mean over sets of page F1 on these pages only."""
    values = []
    for name, dataset in datasets.items():
        keys = [p.key for p in pages if p.set_name == name]
        if keys:
            values.append(score(dataset, keys, texts.get(name, {}))[0])
    return sum(values) / len(values)


def tune_threshold(datasets: dict[str, Dataset], pages: Sequence[Page], way: str, scores: dict,
                   thresholds: Sequence[float] = THRESHOLDS) -> float:
    """The threshold with the best mean page F1 on ``pages`` (ties: the highest, dropping least)."""
    best, best_f1 = thresholds[-1], -1.0
    for threshold in thresholds:
        f1 = mean_f1(datasets, pages, texts_with(pages, way, scores, threshold))
        if f1 >= best_f1:
            best, best_f1 = threshold, f1
    return best


def _page_id(page: Page) -> str:
    return page.set_name + "/" + page.key


def scores_from(model, pages: Sequence[Page], held: frozenset[int] = frozenset(),
                lexical: LexicalFits | None = None) -> dict[str, np.ndarray]:
    """Junk scores of ``pages`` by a model trained without the folds ``held`` (lexical columns
    from ``lexical``'s table trained without them too)."""
    return {_page_id(p): junk_scores(model, features_for(p, held, lexical)) for p in pages}


@dataclass
class FoldScores:
    """Out-of-fold junk scores: ``outer`` each page's from the model that did not see its fold;
    ``inner[fold]``, for the pages of the other folds, each from a model that saw neither its
    fold nor ``fold`` (what that fold's threshold is tuned on)."""

    outer: dict[str, np.ndarray]
    inner: dict[int, dict[str, np.ndarray]]
    planted: dict[str, np.ndarray] = field(default_factory=dict)
    """The planted pages' scores, each from the model that did not see its fold."""


def fold_scores(pages: list[Page], k: int, planted: Sequence[Page] = (), weight: float = AUGMENT_WEIGHT,
                lexical: LexicalFits | None = None, size: Mapping[str, int] | None = None) -> FoldScores:
    """Train the k outer models and, for each fold, the k - 1 inner ones (the same data gives the
    same model, so each pair of left-out folds is trained once). ``planted``: pages with junk
    planted (``--augment``), trained on with their fold's real pages, never scored; ``lexical``
    and ``size`` as ``augmented_fit``'s."""
    by_left_out: dict[frozenset[int], object] = {}

    def model_without(folds: frozenset[int]):
        if folds not in by_left_out:
            by_left_out[folds] = augmented_fit([p for p in pages if p.fold not in folds],
                                               [p for p in planted if p.fold not in folds], weight, folds,
                                               lexical, size)
        return by_left_out[folds]

    outer: dict[str, np.ndarray] = {}
    inner: dict[int, dict[str, np.ndarray]] = {}
    for fold in range(k):
        outer |= scores_from(model_without(frozenset({fold})), [p for p in pages if p.fold == fold],
                             frozenset({fold}), lexical)
        inner[fold] = {}
        for other in range(k):
            if other != fold:
                held = [p for p in pages if p.fold == other]
                inner[fold] |= scores_from(model_without(frozenset({fold, other})), held, frozenset({fold, other}),
                                           lexical)
    held_planted = {fold: [p for p in planted if p.fold == fold] for fold in range(k)}
    planted_outer = {key: s for fold in range(k)
                     for key, s in scores_from(model_without(frozenset({fold})), held_planted[fold],
                                               frozenset({fold}), lexical).items()}
    return FoldScores(outer, inner, planted_outer)


def out_of_fold(datasets: dict[str, Dataset], pages: list[Page], way: str, k: int, scores: FoldScores,
                candidates: Sequence[float] = THRESHOLDS) -> list[float]:
    """Each fold's threshold for ``way``, tuned on the other folds' own out-of-fold scores (never
    on the fold it is used for); the pages' scores in ``page.junk[way]``."""
    thresholds = []
    for fold in range(k):
        train = [p for p in pages if p.fold != fold]
        thresholds.append(tune_threshold(datasets, train, way, scores.inner[fold], candidates))
    for page in pages:
        page.junk[way] = scores.outer[_page_id(page)]
    return thresholds


def block_metrics(pages: Sequence[Page], way: str, thresholds: Sequence[float]) -> str:
    """Out-of-fold metrics on the labelled blocks the rules leave to the model."""
    from sklearn.metrics import roc_auc_score

    ys, ss, drop = [], [], []
    for page in pages:
        keep = base_keep(page, way)
        for i, label in enumerate(page.labels):
            if label is not None and keep[i]:
                ys.append(label == JUNK)
                ss.append(page.junk[way][i])
                drop.append(page.junk[way][i] >= thresholds[page.fold])
    y, s, d = np.array(ys), np.array(ss), np.array(drop)
    tp, fp, fn = int((y & d).sum()), int((~y & d).sum()), int((y & ~d).sum())
    auc = roc_auc_score(y, s) if 0 < y.sum() < len(y) else float("nan")
    return (f"{len(y)} labelled blocks the rules keep ({int(y.sum())} junk): AUC {auc:.3f}; junk dropped {tp}, "
            f"keep blocks dropped {fp}, junk left {fn}; junk precision {tp / max(1, tp + fp):.3f}, "
            f"recall {tp / max(1, tp + fn):.3f}")


def page_table(datasets: dict[str, Dataset], pages: list[Page], columns: dict[str, dict], k: int) -> None:
    """Page F1 (precision, recall) per set, per fold and overall, one column per way."""
    for name, dataset in datasets.items():
        print(f"\n{name}: page F1 (P / R) from the judged blocks, {sum(p.set_name == name for p in pages)} pages; "
              "folds by site over both sets")
        print("| fold | pages | " + " | ".join(columns) + " |")
        print("|---|---|" + "---|" * len(columns))
        fold_of = {p.key: p.fold for p in pages if p.set_name == name}
        for fold in [*range(k), None]:
            # every page of the set counts: one cleaning turned into no blocks scores as empty
            keys = sorted(key for key in dataset.truth if fold is None or fold_of.get(key) == fold)
            cells = []
            for texts in columns.values():
                f1, precision, recall = score(dataset, keys, texts[name])
                cells.append(f"{f1:.4f} ({precision:.3f} / {recall:.3f})")
            print(f"| {'all' if fold is None else fold} | {len(keys)} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json)")
    parser.add_argument("--cache", type=Path, help="keep the pages' features and labels in this file (pickle)")
    parser.add_argument("--save", type=Path, help="write the model trained on all pages here, if under 1 MB")
    parser.add_argument("--folds", type=int, default=site_split.K)
    parser.add_argument("--augment", type=int, default=0, metavar="N",
                        help="also train on N copies of every page with junk planted in our own wordings "
                             "(benchmarks/block_augment.py); pages are still scored unplanted")
    parser.add_argument("--trees", type=int, metavar="N", help="with --augment: trees (default "
                        f"{AUGMENTED_MODEL['max_iter']})")
    parser.add_argument("--leaves", type=int, metavar="N", help="with --augment: leaves a tree (default "
                        f"{AUGMENTED_MODEL['max_leaf_nodes']})")
    parser.add_argument("--augment-weight", type=float, default=AUGMENT_WEIGHT, metavar="W",
                        help=f"a planted page's labelled block weighs W against a real one's "
                             f"(default {AUGMENT_WEIGHT})")
    args = parser.parse_args(argv)
    size = {"max_iter": args.trees if args.trees is not None else AUGMENTED_MODEL["max_iter"],
            "max_leaf_nodes": args.leaves if args.leaves is not None else AUGMENTED_MODEL["max_leaf_nodes"]}
    if args.augment < 0 or not 0 < args.augment_weight <= 1:
        parser.error("--augment must be >= 0 and --augment-weight in (0, 1]")
    try:
        datasets = {d.name: d for d in (load_dataset(path) for path in args.datasets)}
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.cache and args.cache.is_file():
        pages = pickle.loads(args.cache.read_bytes())
    else:
        pages = [page for dataset in datasets.values() for page in collect(dataset)]
        add_site_repeats(pages)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(pages))
    fold_of = site_split.site_folds({_page_id(p): p.url for p in pages}, args.folds)
    for page in pages:
        page.fold = fold_of[_page_id(page)]
    lexical = lexical_fits(datasets, pages)
    planted = augmented(datasets, pages, args.augment, args.cache)
    labels = Counter(label for p in pages for label in p.labels)
    print(f"{len(pages)} pages, {sum(len(p.texts) for p in pages)} blocks: keep {labels[KEEP]}, junk {labels[JUNK]}, "
          f"unlabelled {labels[None]}; {len(FEATURE_NAMES)} features")
    clean = sum(p.clean_seconds for p in pages)
    features = sum(p.feature_seconds for p in pages)
    print(f"cost as collected here (one pass, the machine as it is; benchmarks/block_cost.py measures it): "
          f"cleaning {clean:.1f} s, features {features:.1f} s ({features / clean:.1%} of cleaning)")

    columns = {"rules today": texts_with(pages, "on top", {}, None)}
    saved_model = None
    started = time.perf_counter()
    in_model = augmented_fit(pages, planted, args.augment_weight, lexical=lexical, size=size)
    in_scores = scores_from(in_model, pages, lexical=lexical)
    scores = fold_scores(pages, args.folds, planted, args.augment_weight, lexical, size)
    block_thresholds: dict[str, list[float]] = {}
    print(f"trained: {time.perf_counter() - started:.0f} s")
    for way in WAYS:
        started = time.perf_counter()
        in_threshold = tune_threshold(datasets, pages, way, in_scores)
        columns[f"model {way}, in-sample (t={in_threshold})"] = texts_with(pages, way, in_scores, in_threshold)
        thresholds = out_of_fold(datasets, pages, way, args.folds, scores)
        block_thresholds[way] = thresholds
        oof = {_page_id(p): p.junk[way] for p in pages}
        columns[f"model {way}, out-of-fold"] = _oof_texts(pages, way, oof, thresholds, datasets)
        print(f"\n{way}: thresholds per fold {thresholds} (in-sample {in_threshold}); "
              f"{time.perf_counter() - started:.0f} s")
        print("  out-of-fold blocks: " + block_metrics(pages, way, thresholds))
        if way == "on top" and planted:
            print("  " + block_augment.planted_metrics(planted, scores.planted, thresholds))
        if way == "on top":
            saved_model = (in_model, tune_threshold(datasets, pages, way, oof))
            predict = _inference_seconds(in_model, pages, lexical)
            print(f"  inference: {predict:.1f} s for all pages ({predict / clean:.1%} of cleaning; "
                  f"with features {(predict + features) / clean:.1%})")
    columns |= lexical_alone(datasets, pages, args.folds, lexical, block_thresholds.get("on top"))
    page_table(datasets, pages, columns, args.folds)
    if args.save and saved_model is not None:
        card = {"trained_on": sorted(datasets), "pages": len(pages),
                "labels": {"keep": labels[KEEP], "junk": labels[JUNK]}, "way": "on top",
                "threshold_from": "out-of-fold scores, all folds", "seed": SEED}
        if planted:
            card["augment"] = {"copies": args.augment, "pages": len(planted), "weight": args.augment_weight,
                               "model": size,
                               "junk": sum(label == JUNK for p in planted for label in p.labels)}
        data = model_bytes(saved_model[0], saved_model[1], FEATURE_NAMES, card)
        if len(data) > MAX_MODEL_BYTES:
            print(f"not saved: the model is {len(data)} bytes, over {MAX_MODEL_BYTES}", file=sys.stderr)
            return 1
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(data)
        print(f"saved {args.save} ({len(data)} bytes), threshold from out-of-fold scores: {saved_model[1]}")
        save_lexical(args.save.parent / "lexical_junk.json", datasets, lexical)
    return 0


# The lexical score alone on top of the rules: a block at or above the threshold goes.
LEXICAL_THRESHOLDS = (0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995)


def lexical_fold_scores(pages: list[Page], k: int, lexical: LexicalFits) -> FoldScores:
    """The lexical score of each block (``lex_junk``), out-of-fold as the block model's: a page of
    fold f from the table trained without f; for tuning fold f's threshold, a page of fold o from
    the table trained without f and o."""
    column = LEXICAL_COLUMNS.index("lex_junk")
    outer = {_page_id(p): lexical.columns(p, frozenset({p.fold}))[:, column] for p in pages}
    inner = {fold: {_page_id(p): lexical.columns(p, frozenset({fold, p.fold}))[:, column]
                    for p in pages if p.fold != fold} for fold in range(k)}
    return FoldScores(outer, inner)


def lexical_alone(datasets: dict[str, Dataset], pages: list[Page], k: int, lexical: LexicalFits,
                  block_thresholds: Sequence[float] | None = None) -> dict:
    """Page texts with the lexical score alone on top of the rules (in-sample: the table trained on
    every page; out-of-fold: per fold, threshold tuned on the other folds), and, given the block
    model's out-of-fold thresholds per fold (``on top``), with its drops and the lexical ones
    together."""
    column = LEXICAL_COLUMNS.index("lex_junk")
    in_scores = {_page_id(p): lexical.columns(p, frozenset())[:, column] for p in pages}
    in_threshold = tune_threshold(datasets, pages, "lexical", in_scores, LEXICAL_THRESHOLDS)
    scores = lexical_fold_scores(pages, k, lexical)
    thresholds = out_of_fold(datasets, pages, "lexical", k, scores, LEXICAL_THRESHOLDS)
    oof = {_page_id(p): p.junk["lexical"] for p in pages}
    print(f"\nlexical score alone: thresholds per fold {thresholds} (in-sample {in_threshold})")
    print("  out-of-fold blocks: " + block_metrics(pages, "lexical", thresholds))
    out = {f"lexical alone on top, in-sample (t={in_threshold})": texts_with(pages, "lexical", in_scores, in_threshold),
           "lexical alone on top, out-of-fold": _oof_texts(pages, "lexical", oof, thresholds, datasets)}
    if block_thresholds is not None:
        both = {}
        for p in pages:
            block = p.junk["on top"] >= block_thresholds[p.fold]
            lexical_drop = p.junk["lexical"] >= thresholds[p.fold]
            both[_page_id(p)] = (block | lexical_drop).astype(float)
        out["model and lexical on top, out-of-fold"] = _oof_texts(pages, "lexical", both, [0.5] * k, datasets)
    return out


def save_lexical(path: Path, datasets: dict[str, Dataset], lexical: LexicalFits) -> None:
    """The lexical table trained on every page, beside the model (the one cleaning reads)."""
    table = lexical.table(frozenset())
    data = LexicalModel(table.bias, table.weights, {**table.card, "trained_on": sorted(datasets)}).to_json()
    path.write_bytes(data.encode("utf-8"))
    print(f"saved {path} ({len(data.encode('utf-8'))} bytes, {len(table.weights)} entries)")


def augmented(datasets: dict[str, Dataset], pages: list[Page], copies: int, cache: Path | None) -> list[Page]:
    """``--augment N``: N planted copies of every page (benchmarks/block_augment.py), each in its
    real page's fold; cached beside ``cache`` (``<cache>.augN``). Printed: their label counts."""
    if copies <= 0:
        return []
    path = cache.with_name(f"{cache.name}.aug{copies}") if cache else None
    if path and path.is_file():
        planted = pickle.loads(path.read_bytes())
    else:
        own = defaultdict(dict)
        for page in pages:
            own[page.set_name][page.key] = page.texts
        planted = [page for name, dataset in datasets.items()
                   for page in collect_from(block_augment.augmented_pages(dataset, copies, page_texts=own[name]))]
        add_site_repeats(planted, pages)
        if path:
            path.write_bytes(pickle.dumps(planted))
    fold_of = {_page_id(p): p.fold for p in pages}
    for page in planted:
        page.fold = fold_of[page.set_name + "/" + block_augment.source_key(page.key)]
    labels = Counter(label for p in planted for label in p.labels)
    print(f"augmented: {len(planted)} planted pages ({copies} a page), keep {labels[KEEP]}, junk {labels[JUNK]}, "
          f"unlabelled {labels[None]} (trained on, never scored as pages)")
    return planted


def _oof_texts(pages: list[Page], way: str, oof: dict, thresholds: list[float], datasets: dict) -> dict:
    out: dict[str, dict[str, str]] = {name: {} for name in datasets}
    for fold, threshold in enumerate(thresholds):
        fold_pages = [p for p in pages if p.fold == fold]
        for name, texts in texts_with(fold_pages, way, oof, threshold).items():
            out[name] |= texts
    return out


def _inference_seconds(model, pages: Sequence[Page], lexical: LexicalFits | None) -> float:
    """Scoring page by page with the exported trees (cleaners/block_model.py), as cleaning would;
    checked against scikit-learn's own scores on the way."""
    exported = export(model, features=FEATURE_NAMES)
    seconds = 0.0
    for page in pages:
        x = features_for(page, lexical=lexical)
        started = time.perf_counter()
        ours = exported.junk_scores(x)
        seconds += time.perf_counter() - started
        if len(x) and not np.allclose(ours, junk_scores(model, x), atol=1e-9):
            raise AssertionError(f"exported trees disagree with scikit-learn on {page.key}")
    return seconds


if __name__ == "__main__":
    sys.exit(main())
