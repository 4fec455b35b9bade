"""The lexical junk score (cleaners/lexical_junk.py), its training
(benchmarks/train_lexical_junk.py) and the whole-page labels it learns from
(benchmarks/lexical_labels.py): pure, small, fast."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from lxml import html

import cleaners
from cleaners.block_features import FEATURE_NAMES, LEXICAL_COLUMNS, block_features
from cleaners.blocks import Block
from cleaners.lexical_junk import MAX_WORDS, LexicalModel, text_grams, word_grams, words

TABLE = Path(cleaners.__file__).parent / "models" / "lexical_junk.json"


def test_words_are_casefolded_digits_as_zero_and_bounded():
    assert words("Comments (12)") == ["comments", "00"]
    assert len(words(" ".join(["word"] * 100))) == MAX_WORDS


def test_ngrams_are_unigrams_character_grams_within_words_and_bigrams():
    assert word_grams("like") == ["=like", "<li", "lik", "ike", "ke>", "<lik", "like", "ike>"]
    assert all(len(word_grams(w)) == 2 * len(w) for w in ("a", "ab", "commentaires", "ß"))
    grams = text_grams("Like us")
    assert "like us" in grams and "=us" in grams and "<us>" in grams
    assert not any(" " in g and not g.startswith(("like", "=")) for g in grams if g != "like us")


def test_the_score_is_the_logistic_of_the_bias_and_the_mean_weight_over_sqrt_n():
    table = {"=comments": 2.0, "omm": 0.5, "comments 00": 1.0, "=the": -1.0}
    model = LexicalModel(-0.5, table)
    for text in ("Comments (12)", "the comments", "Nothing here", "comments comments"):
        grams = text_grams(text)
        expected = -0.5 + sum(table.get(g, 0.0) for g in grams) / math.sqrt(len(grams))
        assert model.logit(text) == pytest.approx(expected)
        assert model.logit(text) == pytest.approx(expected)  # the cached word sums score the same
    assert model.logit("") == -0.5 and 0 < model.junk_score("!!") < 1


def test_the_table_is_canonical_and_refuses_other_ngrams():
    model = LexicalModel(0.25, {"=b": -1.5, "=a": 1.0, "ünï": 0.5}, {"k": 1})
    text = model.to_json()
    read = LexicalModel.from_json(text)
    assert read.to_json() == text and read.weights == model.weights
    assert LexicalModel(0.25, {"=a": 1.0, "ünï": 0.5, "=b": -1.5}, {"k": 1}).to_json() == text  # order-free
    with pytest.raises(ValueError, match="not a lexical"):
        LexicalModel.from_json('{"format": "x"}')
    with pytest.raises(ValueError, match="other n-grams"):
        LexicalModel.from_json(text.replace('"max_words":40', '"max_words":30'))


def test_the_packaged_table_is_small_reads_and_tells_furniture_from_a_sentence():
    assert TABLE.stat().st_size < 1_000_000
    model = LexicalModel.from_json(TABLE.read_text("utf-8"))
    assert model.to_json() == TABLE.read_text("utf-8")
    assert model.junk_score("Share on Facebook") > 0.5
    assert model.junk_score("The council approved the budget on Tuesday after a long debate about schools.") < 0.5


def test_block_features_fill_the_lexical_columns_of_the_block_and_its_neighbours():
    model = LexicalModel(0.0, {"=share": 10.0})
    blocks = [Block("The council met on Tuesday.", "p", None, 5), Block("Share", "p", None, 1),
              Block("It voted.", "p", None, 2)]
    rows = np.array(block_features(blocks, None, None, lexical=model))
    at = [FEATURE_NAMES.index(name) for name in LEXICAL_COLUMNS]
    share = model.junk_score("Share")
    assert rows[1, at[0]] == pytest.approx(share) and share > 0.9
    assert rows[0, at[2]] == pytest.approx(share) and rows[2, at[1]] == pytest.approx(share)
    assert rows[0, at[1]] == 0.0 and rows[2, at[2]] == 0.0
    assert not np.array(block_features(blocks, None, None))[:, at].any()  # no table: zero


# --- training --------------------------------------------------------------------------------

pytest.importorskip("sklearn")


def _rows(seed: int) -> list[tuple[str, str, str, int]]:
    rng = np.random.default_rng(seed)
    junk = ["Share on Facebook", "Follow us", "Comments", "Subscribe now", "Like us", "Read more"]
    article = ["The council met on Tuesday", "Rain fell across the region", "The minister said schools reopen",
               "Prices rose in the spring", "Police closed the road overnight"]
    rows = []
    for site in range(8):
        for _ in range(12):
            rows.append((f"s{site}.example", f"p{site}", f"{rng.choice(junk)} {rng.integers(0, 99)}", 0))
            rows.append((f"s{site}.example", f"p{site}", f"{rng.choice(article)} {rng.integers(0, 99)}", 1))
        rows.append((f"s{site}.example", f"p{site}", f"Zanzibar{chr(97 + site) * 3} menu", 0))  # one site's own word
    return rows


def test_retraining_on_the_same_samples_gives_the_same_bytes():
    from benchmarks.train_lexical_junk import dedupe, encode, fit_lexical, table_bytes

    first = table_bytes(fit_lexical(encode(dedupe(_rows(1)))))
    second = table_bytes(fit_lexical(encode(dedupe(list(reversed(_rows(1)))))))
    assert first == second and len(first) < 1_000_000
    assert table_bytes(fit_lexical(encode(dedupe(_rows(2))))) != first


def test_the_table_learns_junk_and_keeps_no_ngram_of_a_single_site():
    from benchmarks.train_lexical_junk import MIN_SITES, dedupe, encode, fit_lexical

    model = fit_lexical(encode(dedupe(_rows(1))))
    assert model.junk_score("Follow us 7") > 0.5 > model.junk_score("Rain fell across the region 7")
    # each site's own word: never in the table (its character grams, shared by all eight, may be)
    assert MIN_SITES > 1 and any("zanz" in gram for gram in model.weights)
    assert not any(gram.startswith(("=zanzibar", "zanzibar")) for gram in model.weights)


def test_sample_weights_give_no_site_the_lead_and_each_class_the_same_total():
    from benchmarks.train_lexical_junk import sample_weights

    sites = ["big"] * 100 + ["small"] * 4 + ["big", "small"]
    labels = np.array([0] * 104 + [1, 1])
    w = sample_weights(sites, labels)
    assert w[:100].sum() / w[100:104].sum() == pytest.approx(math.sqrt(100) / math.sqrt(4))
    assert w[labels == 0].sum() == pytest.approx(w[labels == 1].sum())


# --- whole-page labels -----------------------------------------------------------------------

PAGE = """<html><head><title>Lake ice hits a record low</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div id="story"><h1>Lake ice hits a record low</h1>
<p>The ice cover on the lake reached a record low this winter, scientists <b>said</b> on Monday.</p>
<div class="share">Share this <a href="#">Facebook</a><p>Inner block</p> tail</div>
<p>Warm winds kept the water open for weeks, and the ferries ran all season long.</p>
<p>Boats stayed in the harbour until March while the fishermen waited for the cold.</p></div>
<footer><p>Copyright 2020 Example News</p></footer></body></html>"""


def test_page_blocks_are_each_block_elements_own_text():
    from benchmarks.lexical_labels import page_blocks

    texts = [b.text for b in page_blocks(html.fromstring(PAGE))]
    assert "Share this Facebook tail" in texts and "Inner block" in texts
    assert "The ice cover on the lake reached a record low this winter, scientists said on Monday." in texts
    assert "Home" in texts and not any("Home" in t and "World" in t for t in texts)


def test_full_text_labels_call_lines_outside_the_truth_junk_and_leave_the_title_out():
    from benchmarks.lexical_labels import whole_page_labels
    from output.benchmark_sets import Dataset

    truth = ("The ice cover on the lake reached a record low this winter, scientists said on Monday.\n"
             "Warm winds kept the water open for weeks, and the ferries ran all season long.")
    dataset = Dataset("aeb", Path("."), "aeb", {"k": "https://x.example/a"}, {"k": truth})
    labels = dict(whole_page_labels(dataset, "k", PAGE.encode()))
    assert labels["Warm winds kept the water open for weeks, and the ferries ran all season long."] == 1
    assert labels["Home"] == 0 and labels["Copyright 2020 Example News"] == 0
    assert "Lake ice hits a record low" not in labels  # the headline: not junk, left out


def test_snippet_labels_call_the_outside_of_the_article_container_junk():
    from benchmarks.lexical_labels import whole_page_labels
    from output.benchmark_sets import Dataset

    entry = {"url": "https://x.example/a", "with": ["reached a record low this winter", "ferries ran all season"],
             "without": ["Inner block"]}
    dataset = Dataset("te", Path("."), "snippets", {"k": entry["url"]}, {"k": entry})
    labels = dict(whole_page_labels(dataset, "k", PAGE.encode()))
    assert labels["Home"] == 0 and labels["Copyright 2020 Example News"] == 0  # outside the container
    assert labels["Inner block"] == 0  # a without snippet
    assert "Share this Facebook tail" not in labels  # inside, in no snippet: left out
    assert "Boats stayed in the harbour until March while the fishermen waited for the cold." not in labels
    one = {**entry, "with": ["reached a record low this winter"]}
    alone = dict(whole_page_labels(Dataset("te", Path("."), "snippets", {"k": one["url"]}, {"k": one}), "k",
                                   PAGE.encode()))
    assert "Home" not in alone  # one snippet element: no container told, no outside labelled


def test_a_model_reading_lexical_columns_is_off_when_the_lexical_table_cannot_be_used(monkeypatch, caplog):
    from cleaners import block_filter

    def missing():
        raise OSError("no such file")

    block_filter.packaged_model.cache_clear()
    block_filter.packaged_lexical.cache_clear()
    monkeypatch.setattr(block_filter, "_lexical_text", missing)
    try:
        assert block_filter.packaged_model() is None
        assert "block model off" in caplog.text
        monkeypatch.setattr(block_filter, "_lexical_text", lambda: '{"format": "other"}')
        block_filter.packaged_model.cache_clear()
        block_filter.packaged_lexical.cache_clear()
        assert block_filter.packaged_model() is None
    finally:
        block_filter.packaged_model.cache_clear()
        block_filter.packaged_lexical.cache_clear()


def test_the_training_script_gives_each_page_lexical_columns_from_a_table_that_never_saw_its_fold():
    """Out-of-fold by site, the lexical table is trained per fold too; a training row's lexical
    columns come from a table trained without the row's own fold (stacking), a scored page's from
    the table trained without the held-out folds."""
    import benchmarks.train_block_model as training
    from benchmarks.train_lexical_junk import dedupe, encode

    samples = encode(dedupe(_rows(1)))
    folds = np.array([int(site[1]) % 4 for site in samples.sites])  # s0..s7: folds 0..3
    fits = training.LexicalFits(samples, folds)
    assert fits.table(frozenset({1})).card["samples"] == int((folds != 1).sum())
    assert fits.table(frozenset({1, 2})).card["samples"] == int(((folds != 1) & (folds != 2)).sum())
    texts = ["Follow us 3", "Rain fell across the region 3"]
    page = training.Page("set", "k", "https://s1.example/", texts, [None, None], [0, 1],
                         np.zeros((2, len(FEATURE_NAMES))), 0.0, 0.0, fold=1)
    at = FEATURE_NAMES.index("lex_junk")
    scored = training.features_for(page, frozenset({1}), fits)
    assert scored[0, at] == pytest.approx(fits.table(frozenset({1})).junk_score(texts[0]))
    x, _ = training.training_rows([page], frozenset({2}), fits)  # a model trained without fold 2
    assert x[0, at] == pytest.approx(fits.table(frozenset({1, 2})).junk_score(texts[0]))
    assert x[0, at] != pytest.approx(fits.table(frozenset({2})).junk_score(texts[0]))
    assert not training.features_for(page, frozenset({1}))[:, at].any()  # no fits given: the columns stay zero
