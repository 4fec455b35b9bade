"""Training the block model (benchmarks/train_block_model.py) is deterministic: the same data
gives the same model bytes; other data gives another model."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from benchmarks.train_block_model import export, fit_model, junk_scores, model_bytes
from cleaners.block_model import BlockModel


def _synthetic(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6))
    y = ((x[:, 0] + 0.5 * x[:, 1] + rng.normal(scale=0.5, size=n)) > 0.8).astype(int)  # 1 keep, 0 junk
    return x, y


def test_retraining_on_the_same_data_gives_the_same_bytes():
    x, y = _synthetic(1)
    first, second = model_bytes(fit_model(x, y)), model_bytes(fit_model(x.copy(), y.copy()))
    assert first == second
    assert len(first) < 1_000_000


def test_other_data_gives_another_model():
    x, y = _synthetic(1)
    other_x, other_y = _synthetic(2)
    assert model_bytes(fit_model(x, y)) != model_bytes(fit_model(other_x, other_y))


def test_junk_scores_are_probabilities_of_the_junk_class():
    x, y = _synthetic(1)
    model = fit_model(x, y)
    scores = junk_scores(model, x)
    assert scores.shape == (len(x),) and ((scores >= 0) & (scores <= 1)).all()
    assert scores[y == 0].mean() > scores[y == 1].mean()  # junk rows score higher
    assert junk_scores(model, np.zeros((0, 6))).shape == (0,)


def test_the_exported_trees_score_as_scikit_learn_does_and_read_back_the_same():
    x, y = _synthetic(3)
    model = fit_model(x, y)
    exported = export(model, threshold=0.4)
    assert np.allclose(exported.junk_scores(x), junk_scores(model, x), atol=1e-9)
    with_nan = x.copy()
    with_nan[::7, 0] = np.nan
    read = BlockModel.from_json(exported.to_json(), features=[f"f{i}" for i in range(6)])
    assert np.allclose(read.junk_scores(with_nan), junk_scores(model, with_nan), atol=1e-9)
    assert read.threshold == 0.4 and read.to_json() == exported.to_json()


def test_a_model_for_other_features_is_refused():
    exported = export(fit_model(*_synthetic(1)))
    with pytest.raises(ValueError, match="other features"):
        BlockModel.from_json(exported.to_json(), features=["a", "b"])
    with pytest.raises(ValueError, match="not a block model"):
        BlockModel.from_json('{"format": "x"}')
    with pytest.raises(ValueError, match="6 features"):
        exported.junk_scores(np.zeros((2, 3)))


def test_the_model_never_reads_what_the_rules_did():
    """Trained on blocks where 'a rule removed it' alone tells junk from keep, the model still
    cannot split on it: the rules' columns are hidden (it must learn the block)."""
    from benchmarks.train_block_model import HIDDEN, Page, training_rows
    from cleaners.block_features import FEATURE_NAMES

    rng = np.random.default_rng(3)
    pages = []
    for p in range(20):
        x = rng.normal(size=(30, len(FEATURE_NAMES)))
        labels = [int(v) for v in rng.integers(0, 2, size=30)]
        x[:, FEATURE_NAMES.index("removed_by_rule")] = [1 - label for label in labels]
        pages.append(Page("set", f"p{p}", f"https://s{p}.example/", ["t"] * 30, [None] * 30, labels, x, 0.0, 0.0))
    exported = export(fit_model(*training_rows(pages)), features=FEATURE_NAMES)
    used = {int(f) for tree in exported.trees for f, leaf in zip(tree["feature"], tree["is_leaf"], strict=True)
            if not leaf}
    assert used and not used & set(HIDDEN)
    assert FEATURE_NAMES.index("removed_by_rule") in HIDDEN
