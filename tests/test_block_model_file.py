"""The versioned block model (cleaners/models/block_model.json) matches today's features and
scores as a model: a feature change without retraining fails here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import cleaners
from cleaners.block_features import FEATURE_NAMES, block_features
from cleaners.block_model import BlockModel
from cleaners.blocks import Block

MODEL = Path(cleaners.__file__).parent / "models" / "block_model.json"


def test_the_model_file_is_small_and_reads_with_todays_features():
    assert MODEL.stat().st_size < 1_000_000
    model = BlockModel.from_json(MODEL.read_text("ascii"), FEATURE_NAMES)
    assert model.features == FEATURE_NAMES and 0 < model.threshold < 1
    assert model.to_json(_card()) == MODEL.read_text("ascii")  # canonical: read and written alike


def test_the_model_scores_blocks_as_probabilities():
    model = BlockModel.from_json(MODEL.read_text("ascii"), FEATURE_NAMES)
    blocks = [Block("The council approved the budget on Tuesday after a long debate about schools.", "p", None, 13),
              Block("Share", "p", None, 1, link_chars=5, links=["https://x.example/share"])]
    scores = model.junk_scores(block_features(blocks, None, "Council approves budget"))
    assert scores.shape == (2,) and np.all((scores >= 0) & (scores <= 1))


def _card() -> dict:
    import json

    return json.loads(MODEL.read_text("ascii"))["card"]
