"""The block model wired into cleaning (cleaners/block_filter.py, clean_html's block_model and
model_threshold): provenance with scores, the switch, the threshold, the guards, a bad model file."""

from __future__ import annotations

import logging

import pytest
from model_cases import CASES, model_cut

from cleaners import block_filter
from cleaners.block_features import FEATURE_NAMES
from cleaners.block_filter import MODEL_RULE_ID, FilterResult, filter_blocks, headline_index
from cleaners.block_model import BlockModel
from cleaners.blocks import Block
from cleaners.pipeline import clean_html
from cleaners.result import RemovedBlock
from cleaners.ruleset import rules_for
from cleaners.words import count_words
from crawler.offline.fixture_cases import load_expected, recorded_output
from output.record import make_record, split_provenance_rule


def _clean(case, **kwargs):
    return clean_html(case.read_page(), case.url, content_type=case.content_type, **kwargs)


def constant_model(score_logit: float = 5.0, threshold: float = 0.5) -> BlockModel:
    """A model without trees: every block scores the logistic of ``score_logit`` (0.993 for 5)."""
    return BlockModel(tuple(FEATURE_NAMES), score_logit, (), threshold)


@pytest.fixture
def fresh_model_cache():
    block_filter.packaged_model.cache_clear()
    yield
    block_filter.packaged_model.cache_clear()


def test_the_packaged_model_loads_with_todays_features(fresh_model_cache):
    model = block_filter.packaged_model()
    assert model is not None
    assert model.features == tuple(FEATURE_NAMES)
    assert 0 < model.threshold < 1


def test_a_model_removal_is_in_the_provenance_with_its_score():
    case, threshold = model_cut()
    article = _clean(case, block_model=True, model_threshold=threshold)
    taken = [b for b in article.removed if b.rule_id == MODEL_RULE_ID]
    assert taken
    assert all(b.stage == "text" and b.score is not None and threshold <= b.score <= 1 for b in taken)
    assert all(b.text not in article.text.split("\n") for b in taken)
    record = make_record(article, provenance=True)
    assert record["removed"][MODEL_RULE_ID] == len(taken)
    written = [b for b in record["removed_blocks"] if b["rule"].startswith(MODEL_RULE_ID)]
    assert [split_provenance_rule(b["rule"]) for b in written] == [(MODEL_RULE_ID, b.score) for b in taken]
    assert all(isinstance(b["at"], int) and 0 <= b["at"] <= len(record["text"]) for b in written)


def test_provenance_rule_round_trips_and_leaves_plain_ids_alone():
    assert split_provenance_rule("model.block@0.873") == ("model.block", 0.873)
    assert split_provenance_rule("comments.heading") == ("comments.heading", None)
    assert split_provenance_rule("user.rule@home") == ("user.rule@home", None)  # not a score: the id as written
    assert split_provenance_rule("x@7") == ("x@7", None)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_model_gives_the_recorded_output_byte_for_byte(case):
    article = _clean(case, block_model=False)
    expected = load_expected(case)
    actual = recorded_output(article)
    assert {k: actual[k] for k in expected if k in actual} == {k: expected[k] for k in expected if k in actual}
    assert not any(b.rule_id == MODEL_RULE_ID for b in article.removed)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_threshold_of_0999_removes_nothing(case):
    rules_only = _clean(case, block_model=False)
    article = _clean(case, block_model=True, model_threshold=0.999)
    assert article.text == rules_only.text
    assert [b.rule_id for b in article.removed] == [b.rule_id for b in rules_only.removed]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_threshold_of_0001_never_takes_protected_lines_the_headline_or_half_the_words(case):
    rules_only = _clean(case, block_model=False)
    article = _clean(case, block_model=True, model_threshold=0.001)
    taken = [b.text for b in article.removed if b.rule_id == MODEL_RULE_ID]
    assert article.rejected == rules_only.rejected  # never made into no article
    assert not set(taken) & set(rules_only.protected)
    assert article.protected == rules_only.protected
    if rules_only.title:
        assert rules_only.title not in taken
    assert sum(count_words(t) for t in taken) <= 0.5 * count_words(rules_only.text)


def test_a_threshold_of_0001_acts_on_the_fixture_pages():
    """The guards test above is not met by the model doing nothing at 0.001: on every page it
    acts, it either takes a little or, wanting over half the words, is held back (said on the
    article) and leaves the rules' text as it was."""
    acted = 0
    for case in CASES:
        article = _clean(case, block_model=True, model_threshold=0.001)
        took = any(b.rule_id == MODEL_RULE_ID for b in article.removed)
        if article.model_held_back:
            assert not took and article.text == _clean(case, block_model=False).text
        acted += took or article.model_held_back is not None
    assert acted >= len(CASES) // 2


def test_the_model_does_remove_on_the_fixtures():
    """The guards above are not met by the model taking nothing."""
    case, threshold = model_cut()  # raises when no fixture page loses a block at any threshold tried
    rules_only = _clean(case, block_model=False)
    assert _clean(case, block_model=True, model_threshold=threshold).text != rules_only.text


def _blocks(*specs: tuple[str, str]) -> list[Block]:
    return [Block(text, kind, None, count_words(text)) for kind, text in specs]


_CHARS = FEATURE_NAMES.index("chars_log")


def _by_text(rows, blocks, junk: set[str], high: float, low: float):
    """Scores for ``rows`` (which may be a subset of the blocks'): ``high`` for the rows of the
    blocks whose text is in ``junk``, told apart by their length (chars_log)."""
    import math

    import numpy as np

    junk_lengths = {round(math.log1p(len(b.text)), 9) for b in blocks if b.text in junk}
    return np.array([high if round(row[_CHARS], 9) in junk_lengths else low for row in rows])


def _filter(model, blocks, kept=None, removed=(), title=None, threshold=None) -> FilterResult:
    return filter_blocks(
        model, blocks, blocks if kept is None else kept, list(removed), tree=None, title=title,
        ruleset=rules_for(None), threshold=threshold,
    )


def test_filter_keeps_code_rows_and_the_headline_whatever_the_score():
    blocks = _blocks(
        ("head", "Storm closes the harbour"), ("p", "Share this on social networks"),
        ("code", "x = 1"), ("row", "Mon | 12 | 14"),
        *[("p", f"Paragraph {i} of the story about the harbour, long enough to count.") for i in range(6)],
    )
    result = _filter(constant_model(), blocks, title="Storm closes the harbour", threshold=0.99)
    # every block scores 0.993: all junk, so over half the words: nothing taken, and said
    assert result.held_back and result.kept == blocks and not result.removed
    few = blocks[:4] + _blocks(*[("p", "A longer paragraph of the article that stays. " * 4) for _ in range(3)])
    model = constant_model()

    class OneBlock(BlockModel):  # junk: the first four blocks (the headline, the share line, code, row)
        def junk_scores(self, rows):
            return _by_text(rows, few, {b.text for b in few[:4]}, 0.99, 0.0)

    one = OneBlock(model.features, model.baseline, model.trees, model.threshold)
    result = _filter(one, few, title="Storm closes the harbour")
    assert [b.text for b in result.removed] == ["Share this on social networks"]
    assert result.removed[0].score == 0.99
    assert [b.kind for b in result.kept][:3] == ["head", "code", "row"]


def test_filter_merges_its_removals_with_the_rules_in_block_order():
    blocks = _blocks(("p", "one two three four five six seven eight"), ("p", "Related: other stories"),
                     ("p", "nine ten eleven twelve thirteen fourteen"), ("p", "Follow us"),
                     *[("p", "more article text to keep the share of words low " * 3) for _ in range(3)])
    kept = [b for i, b in enumerate(blocks) if i != 1]
    rules_removed = [RemovedBlock("related.label", "text", blocks[1].text)]

    class ThirdJunk(BlockModel):
        def junk_scores(self, rows):
            return _by_text(rows, blocks, {"Follow us"}, 0.9, 0.1)

    base = constant_model()
    result = _filter(ThirdJunk(base.features, base.baseline, base.trees, 0.5), blocks, kept, rules_removed)
    assert [(b.rule_id, b.text) for b in result.text_removed] == [
        ("related.label", "Related: other stories"), (MODEL_RULE_ID, "Follow us")]
    assert blocks[3] not in result.kept and len(result.kept) == len(kept) - 1


def test_headline_index_needs_half_the_words():
    blocks = _blocks(("p", "Something else entirely"), ("head", "Storm closes the harbour"))
    assert headline_index(blocks, "Storm closes the harbour") == 1
    assert headline_index(blocks, "Markets rally") is None
    assert headline_index(blocks, None) is None


@pytest.mark.parametrize("content", ["{not json", '{"format": "other"}', ""])
def test_a_corrupt_model_file_means_rules_only_and_one_warning(content, monkeypatch, caplog, fresh_model_cache):
    case, threshold = model_cut()  # found with the real model, before it is made corrupt
    block_filter.packaged_model.cache_clear()
    monkeypatch.setattr(block_filter, "_model_text", lambda: content)
    rules_only = _clean(case, block_model=False)
    with caplog.at_level(logging.WARNING, logger="cleaners.block_filter"):
        first = _clean(case, block_model=True, model_threshold=threshold)
        second = _clean(case, block_model=True, model_threshold=threshold)
    warnings = [r for r in caplog.records if r.name == "cleaners.block_filter"]
    assert len(warnings) == 1 and "rules only" in warnings[0].getMessage()
    assert first.text == second.text == rules_only.text
    block_filter.packaged_model.cache_clear()
    monkeypatch.undo()
    assert _clean(case, block_model=True, model_threshold=threshold).text != rules_only.text  # the real one cuts


def test_a_model_for_other_features_is_refused(monkeypatch, caplog, fresh_model_cache):
    other = BlockModel(("a", "b"), 0.0, (), 0.5).to_json()
    monkeypatch.setattr(block_filter, "_model_text", lambda: other)
    with caplog.at_level(logging.WARNING, logger="cleaners.block_filter"):
        assert block_filter.packaged_model() is None
    assert "other features" in caplog.text


def test_a_missing_model_file_means_rules_only(monkeypatch, caplog, fresh_model_cache):
    def missing():
        raise FileNotFoundError("cleaners/models/block_model.json")

    monkeypatch.setattr(block_filter, "_model_text", missing)
    with caplog.at_level(logging.WARNING, logger="cleaners.block_filter"):
        assert block_filter.packaged_model() is None
    assert "cannot read" in caplog.text


@pytest.mark.parametrize("value", ["0", "1", "-0.5", "1.5", "nan", "high", ""])
def test_check_threshold_refuses_values_outside_0_1(value):
    with pytest.raises(ValueError, match="between 0 and 1"):
        block_filter.check_threshold(value)


def test_clean_html_refuses_a_threshold_outside_0_1():
    with pytest.raises(ValueError, match="between 0 and 1"):
        clean_html(b"<html><body><p>x</p></body></html>", block_model=True, model_threshold=1.5)


def test_check_threshold_takes_numbers_inside_0_1():
    assert block_filter.check_threshold("0.7") == 0.7
    assert block_filter.check_threshold(None) is None


@pytest.mark.parametrize("case", CASES[:12], ids=[c.name for c in CASES[:12]])
def test_cleaning_shows_the_model_the_rows_it_was_trained_on(case, monkeypatch):
    """The rows scored in cleaning are the training script's for the same page (its block trace,
    title, rule ids and phrase rules; the lexical columns from the shipped lexical table, the
    one trained on every page), site repetition aside (not known when cleaning)."""
    import numpy as np

    from benchmarks.block_labels import rule_ids_of
    from benchmarks.train_block_model import PHRASE_RULES
    from cleaners.block_features import block_features

    seen = []

    def capture(*args, **kwargs):
        rows = block_features(*args, **kwargs)
        seen.append(rows)
        return rows

    monkeypatch.setattr(block_filter, "block_features", capture)
    trace = []
    article = clean_html(case.read_page(), case.url, content_type=case.content_type, trace=trace,
                         positions=False, block_model=True, model_threshold=0.999)
    if not trace or not trace[-1].kept or article.rejected:
        assert not seen
        return
    page = trace[-1]
    sources = page.locate() if page.locate is not None else None
    trained = block_features(page.blocks, page.tree, article.title, rule_ids_of(page), PHRASE_RULES, sources=sources,
                             lexical=block_filter.packaged_lexical())
    assert block_filter.packaged_lexical() is not None
    assert len(seen) == 1
    assert np.array_equal(np.array(seen[0]), np.array(trained))
