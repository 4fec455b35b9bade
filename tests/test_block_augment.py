"""Training-time augmentation for the block model (benchmarks/block_augment.py): junk planted in
our own wordings inside the article container, labelled junk, the page's own blocks keeping the
truth's labels, every planted page in its real page's site fold, the same draws every run."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import numpy as np
import pytest
from lxml import html as lxml_html

from benchmarks import block_augment, planted
from benchmarks.block_labels import JUNK, KEEP
from output.benchmark_sets import Dataset

WORDS = ["council", "budget", "river", "bridge", "school", "harbour", "winter", "market", "teachers", "residents",
         "funding", "plan", "museum", "library", "railway", "station", "weather", "report", "hospital", "doctors"]


def _paragraph(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "."


def _page(key: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html lang='en'><head><title>Council agrees new plan for the river bridge {key}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>Council agrees new plan for the river bridge {key}"
            f"</h1>{body}</article><footer>Contact us</footer></body></html>")


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    """Three pages of an aeb-kind set (full-text truth), each on its own site."""
    (tmp_path / "html").mkdir()
    urls, truth = {}, {}
    for n, key in enumerate(("a1", "b2", "c3")):
        paragraphs = [_paragraph(10 * n + i) for i in range(7)]
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(_page(key, paragraphs).encode()))
        urls[key] = f"https://site{n}.example/news/{key}"
        truth[key] = "\n".join(paragraphs)
    return Dataset("toy", tmp_path, "aeb", urls, truth)


def _context(lang: str, seed: int) -> planted.Context:
    return planted.Context(random.Random(seed), lang, "https://site.example",
                           ["Another page's headline about the harbour works", "Trains return after the strike ends"])


@pytest.mark.parametrize("lang", block_augment.LANGS)
def test_every_class_plants_in_every_language_with_its_lines_in_the_markup(lang):
    """Each class has wordings in every language (no KeyError), plants no class or id, and every
    line it reports is in the markup's text (else the labeller could not find it)."""
    for name, generate in block_augment.junk_set().classes.items():
        for seed in range(6):
            markup, lines = generate(_context(lang, seed))
            fragments = [f for f in lxml_html.fragments_fromstring(markup) if not isinstance(f, str)]
            assert fragments, name
            text = planted.words(" ".join(t for f in fragments for t in f.itertext()))
            assert not any(el.get("class") or el.get("id") for f in fragments for el in f.iter()), name
            for line, payload in lines:
                assert planted.words(line).strip() and planted.words(line) in text, (name, lang, line)
                assert payload is None or planted.words(payload) in text, (name, lang, payload)


def test_the_junk_set_is_ours_and_covers_the_built_in_classes():
    junk = block_augment.junk_set()
    assert junk.source == "block_augment" and junk.loose
    assert set(junk.langs) >= {"en", "de", "es", "fr", "tr", "id", "ru", "pl", "pt", "it", "nl"}
    assert {f"built-in-{name}" for name in planted.CLASSES} <= set(junk.classes)
    assert len(junk.classes) >= block_augment.MAX_ITEMS


def test_planted_labels_junk_the_planted_blocks_and_keep_the_truths_labels():
    lines = [planted.PlantedLine("aug-share", "en", "Share this article Facebook X", None, True),
             planted.PlantedLine("aug-related", "en", "Read more: Trains return", "Trains return", True)]
    texts = ["A paragraph of the article.", "Share this article", "Facebook", "Read more: Trains return",
             "Comments", "The article goes on. Share this article Facebook X", "Share"]
    truth = [KEEP, None, None, None, JUNK, None, KEEP]
    labels = block_augment.planted_labels(texts, truth, lines, {"a paragraph of the article.", "share"})
    assert labels == [KEEP, JUNK, JUNK, JUNK, JUNK, None, KEEP]  # "Share" stands on the real page too


def test_article_like_lines_planted_beside_the_junk_are_labelled_keep():
    """The contrast that stops "short block between paragraphs = junk": a planted subheading of
    the article's words is a keep example, in the same places and markup as the junk."""
    lines = [planted.PlantedLine("keep-heading", "en", "Harbour funding winter", None, True),
             planted.PlantedLine("aug-comments", "en", "Show comments", None, True)]
    texts = ["Harbour funding winter", "Show comments", "Harbour funding winter Show comments"]
    assert block_augment.planted_labels(texts, [None] * 3, lines, set()) == [KEEP, JUNK, None]
    truth = "The harbour needs funding before winter. " * 3 + "Residents asked the council for a plan."
    contrast = block_augment.keep_set("aeb", truth)
    assert contrast is not None and all(name.startswith(block_augment.KEEP_PREFIX) for name in contrast.classes)
    article = set(planted.words(truth).split())
    for name, generate in contrast.classes.items():
        for seed in range(5):
            markup, made = generate(_context("en", seed))
            assert made and set(planted.words(made[0][0]).split()) <= article, name
            assert "class=" not in markup and made[0][0].split()[0] in markup
    assert block_augment.keep_set("aeb", "Too few words here.") is None


def test_items_per_page_are_seeded_and_in_range():
    draws = [block_augment.items_for(0, copy, f"k{i}") for i in range(50) for copy in range(2)]
    assert draws == [block_augment.items_for(0, copy, f"k{i}") for i in range(50) for copy in range(2)]
    assert set(draws) <= set(range(block_augment.MIN_ITEMS, block_augment.MAX_ITEMS + 1)) and len(set(draws)) > 2


def test_augmented_pages_plant_junk_between_the_articles_paragraphs(dataset):
    first = list(block_augment.augmented_pages(dataset, copies=2))
    again = list(block_augment.augmented_pages(dataset, copies=2))
    assert [p.key for p in first] == ["a1#aug0", "b2#aug0", "c3#aug0", "a1#aug1", "b2#aug1", "c3#aug1"]
    assert [(p.texts, p.labels) for p in first] == [(p.texts, p.labels) for p in again]
    for page in first:
        assert page.url == dataset.urls[block_augment.source_key(page.key)]
        truth = dataset.truth[block_augment.source_key(page.key)]
        junk = [t for t, label in zip(page.texts, page.labels, strict=True) if label == JUNK]
        keep = [t for t, label in zip(page.texts, page.labels, strict=True) if label == KEEP]
        assert junk and all(t not in truth for t in junk)
        real = [t for t in keep if t in truth]
        assert len(real) == 7  # the article's paragraphs keep their label
        made = [t for t in keep if t not in truth]  # article-like lines planted as keep examples
        assert all(set(planted.words(t).split()) <= set(planted.words(truth).split()) for t in made)
    assert any(t not in dataset.truth[block_augment.source_key(p.key)]
               for p in first for t, label in zip(p.texts, p.labels, strict=True) if label == KEEP)
    assert [p.texts for p in first[:3]] != [p.texts for p in first[3:]]  # another copy, other junk


def test_training_adds_planted_pages_in_their_real_pages_fold(dataset):
    pytest.importorskip("sklearn")
    from benchmarks import train_block_model as train
    from cleaners.block_features import FEATURE_NAMES

    pages = train.collect(dataset)
    for fold, page in enumerate(pages):
        page.fold = fold
    assert train.augmented({"toy": dataset}, pages, 0, None) == []
    added = train.augmented({"toy": dataset}, pages, 1, None)
    assert [(p.key, p.fold) for p in added] == [("a1#aug0", 0), ("b2#aug0", 1), ("c3#aug0", 2)]
    assert all(p.x.shape == (len(p.texts), len(FEATURE_NAMES)) for p in added)
    if "site_repeats" in FEATURE_NAMES:  # each page alone on its site: its own real page not counted
        assert not np.any(np.concatenate([p.x[:, FEATURE_NAMES.index("site_repeats")] for p in added]))
    _, y = train.training_rows([*pages, *added])
    assert (y == JUNK).sum() > (train.training_rows(pages)[1] == JUNK).sum()


def test_site_repeats_count_other_real_pages_of_the_site_for_real_and_planted_pages_alike():
    """One count for both: a real page's block, on how many OTHER real pages of its site it
    stands; a planted page's, the same as its real page's (its planted copies and its planted
    lines count for nothing)."""
    pytest.importorskip("sklearn")
    from benchmarks import train_block_model as train
    from cleaners.block_features import FEATURE_NAMES

    def page(key: str, site: str, texts: list[str]):
        return train.Page("set", key, f"https://{site}.example/{key}", texts, [None] * len(texts),
                          [None] * len(texts), np.zeros((len(texts), len(FEATURE_NAMES))), 0.0, 0.0)

    real = [page("a", "one", ["Menu", "Story a"]), page("b", "one", ["Menu", "Story b"]),
            page("c", "two", ["Menu", "Story c"])]
    planted_pages = [page("a#aug0", "one", ["Menu", "Share this", "Story a"]),
                     page("a#aug1", "one", ["Menu", "Share this", "Story a"])]
    train.add_site_repeats(real)
    train.add_site_repeats(planted_pages, real)
    at = FEATURE_NAMES.index("site_repeats")
    assert [list(p.x[:, at]) for p in real] == [[1, 0], [1, 0], [0, 0]]
    assert [list(p.x[:, at]) for p in planted_pages] == [[1, 0, 0], [1, 0, 0]]


def test_planted_pages_are_trained_on_but_never_scored(dataset):
    pytest.importorskip("sklearn")
    from benchmarks import train_block_model as train

    pages = train.collect(dataset)
    for fold, page in enumerate(pages):
        page.fold = fold
    added = train.augmented({"toy": dataset}, pages, 1, None)
    seen: list[tuple[int, float]] = []
    original = train.fit_model

    def spy(x, y, weight=None, size=None):
        assert weight is not None and set(np.unique(weight)) == {0.25, 1.0}  # planted rows weigh less
        assert size == {"max_iter": 20, "max_leaf_nodes": 4}  # the size asked for, passed down
        seen.append((len(y), float(weight.sum())))
        return original(x, y, weight, size)

    try:
        train.fit_model = spy
        scores = train.fold_scores(pages, 3, added, weight=0.25, size={"max_iter": 20, "max_leaf_nodes": 4})
    finally:
        train.fit_model = original
    assert set(scores.outer) == {"toy/a1", "toy/b2", "toy/c3"}
    assert set(scores.planted) == {"toy/a1#aug0", "toy/b2#aug0", "toy/c3#aug0"}
    real = {p.fold: 0 for p in pages}
    more = dict(real)
    for page in pages:
        real[page.fold] += sum(label is not None for label in page.labels)
    for page in added:
        more[page.fold] += sum(label is not None for label in page.labels)
    expected = {(sum(real[f] + more[f] for f in real if f not in out), sum(real[f] + 0.25 * more[f] for f in real
                                                                           if f not in out))
                for out in ({0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2})}
    assert set(seen) == expected  # each model: its folds' real AND planted pages, planted weighted


def test_retraining_with_planted_pages_gives_the_same_bytes(dataset):
    """--augment keeps retraining reproducible: the same pages plant the same junk, and the
    weighted, larger model is the same file byte for byte."""
    pytest.importorskip("sklearn")
    from benchmarks import train_block_model as train
    from cleaners.block_features import FEATURE_NAMES

    def once() -> bytes:
        pages = train.collect(dataset)
        for fold, page in enumerate(pages):
            page.fold = fold
        added = train.augmented({"toy": dataset}, pages, 2, None)
        return train.model_bytes(train.augmented_fit(pages, added, 0.3), 0.8, FEATURE_NAMES)

    first = once()
    assert first == once()
    pages = train.collect(dataset)
    assert first != train.model_bytes(train.fit_model(*train.training_rows(pages)), 0.8, FEATURE_NAMES)


@pytest.mark.parametrize("option", [["--augment", "-1"], ["--augment-weight", "0"], ["--augment-weight", "1.5"]])
def test_a_bad_augment_option_is_a_usage_error_before_any_work(option, tmp_path):
    pytest.importorskip("sklearn")
    from benchmarks import train_block_model as train

    with pytest.raises(SystemExit) as exit_:
        train.main([str(tmp_path), *option])
    assert exit_.value.code == 2
