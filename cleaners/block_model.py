"""The block classifier's trees as plain data, and scoring blocks with them (no scikit-learn).

benchmarks/train_block_model.py trains a gradient-boosted classifier (scikit-learn's
HistGradientBoostingClassifier) and writes its trees here as JSON (``to_json``): the format is
canonical (sorted keys, exact floats), so the same model is the same bytes, and reading it needs
only numpy. A junk score is the logistic of the baseline plus each tree's leaf value for the row,
as scikit-learn computes it for a binary problem (numeric splits only: ``x <= threshold`` goes
left; a missing value goes where the tree says).

Not wired into cleaning: this module only reads and scores (issue 19's groundwork).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FORMAT = "cleancrawl-block-model/1"
_FIELDS = ("feature", "threshold", "missing_left", "left", "right", "is_leaf", "value")


@dataclass(frozen=True)
class BlockModel:
    """Trees over ``features`` (names, in ``cleaners.block_features.FEATURE_NAMES`` order)."""

    features: tuple[str, ...]
    baseline: float
    trees: tuple[dict[str, np.ndarray], ...]
    threshold: float
    """Junk score at or above which a block is junk (tuned out-of-fold)."""
    junk_class_positive: bool = True
    """The logistic gives the junk class's probability (else one minus it)."""

    def junk_scores(self, rows: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """Probability of junk for each row: every tree walked at once, one level per step."""
        x = np.asarray(rows, dtype=float)
        if x.ndim != 2 or x.shape[1] != len(self.features):
            if x.size == 0:
                return np.zeros(0)
            raise ValueError(f"rows must have {len(self.features)} features, not shape {x.shape}")
        packed = self._packed
        trees = np.arange(len(self.trees))[:, None]
        row_index = np.arange(len(x))[None, :]
        node = np.zeros((len(self.trees), len(x)), dtype=np.int64)
        for _ in range(packed["depth"]):  # a leaf points to itself: walking on past it stays there
            values = x[row_index, packed["feature"][trees, node]]
            go_left = np.where(np.isnan(values), packed["missing_left"][trees, node],
                               values <= packed["threshold"][trees, node])
            node = np.where(go_left, packed["left"][trees, node], packed["right"][trees, node])
        raw = self.baseline + packed["value"][trees, node].sum(axis=0)
        probability = 1.0 / (1.0 + np.exp(-raw))
        return probability if self.junk_class_positive else 1.0 - probability

    @functools.cached_property
    def _packed(self) -> dict:
        """The trees as (tree, node) arrays, padded, leaves pointing to themselves; and the
        deepest leaf's depth."""
        width = max(len(tree["feature"]) for tree in self.trees) if self.trees else 1
        shape = (len(self.trees), width)
        packed = {"feature": np.zeros(shape, dtype=np.int64), "threshold": np.zeros(shape),
                  "missing_left": np.zeros(shape, dtype=bool), "value": np.zeros(shape),
                  "left": np.tile(np.arange(width), (len(self.trees), 1)),
                  "right": np.tile(np.arange(width), (len(self.trees), 1))}
        depth = 0
        for t, tree in enumerate(self.trees):
            n = len(tree["feature"])
            leaf = tree["is_leaf"]
            own = np.arange(n)
            packed["feature"][t, :n] = np.where(leaf, 0, tree["feature"])
            packed["threshold"][t, :n] = tree["threshold"]
            packed["missing_left"][t, :n] = tree["missing_left"]
            packed["value"][t, :n] = tree["value"]
            packed["left"][t, :n] = np.where(leaf, own, tree["left"])
            packed["right"][t, :n] = np.where(leaf, own, tree["right"])
            depth = max(depth, _depth(tree))
        packed["depth"] = depth
        return packed

    def to_json(self, card: dict | None = None) -> str:
        data = {
            "format": FORMAT,
            "features": list(self.features),
            "baseline": self.baseline,
            "threshold": self.threshold,
            "junk_class_positive": self.junk_class_positive,
            "trees": [{name: tree[name].tolist() for name in _FIELDS} for tree in self.trees],
            "card": card or {},
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"

    @classmethod
    def from_json(cls, text: str, features: Sequence[str] | None = None) -> BlockModel:
        """Read a model; ``features``, when given, must be the names it was trained on (a model
        for another feature set is refused, not misread)."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"not a block model file (format {data.get('format')!r}, expected {FORMAT!r})")
        if features is not None and list(features) != data["features"]:
            raise ValueError("the model was trained on other features than these: retrain it")
        types = {"feature": np.int64, "threshold": float, "missing_left": bool, "left": np.int64,
                 "right": np.int64, "is_leaf": bool, "value": float}
        trees = tuple({name: np.asarray(tree[name], dtype=types[name]) for name in _FIELDS} for tree in data["trees"])
        return cls(tuple(data["features"]), float(data["baseline"]), trees, float(data["threshold"]),
                   bool(data["junk_class_positive"]))


def _depth(tree: dict[str, np.ndarray]) -> int:
    """Splits on the longest path from the root to a leaf."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, depth = stack.pop()
        if tree["is_leaf"][node]:
            deepest = max(deepest, depth)
        else:
            stack += [(int(tree["left"][node]), depth + 1), (int(tree["right"][node]), depth + 1)]
    return deepest


def from_sklearn(model, features: Sequence[str], threshold: float, junk_class: object) -> BlockModel:
    """The trees of a fitted binary HistGradientBoostingClassifier (numeric features only)."""
    if len(model.classes_) != 2:
        raise ValueError("a block model has two classes, keep and junk")
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        trees.append({
            "feature": nodes["feature_idx"].astype(np.int64),
            "threshold": nodes["num_threshold"].astype(float),
            "missing_left": nodes["missing_go_to_left"].astype(bool),
            "left": nodes["left"].astype(np.int64),
            "right": nodes["right"].astype(np.int64),
            "is_leaf": nodes["is_leaf"].astype(bool),
            "value": nodes["value"].astype(float),
        })
    baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
    return BlockModel(tuple(features), baseline, tuple(trees), threshold, bool(model.classes_[1] == junk_class))
