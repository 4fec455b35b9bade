"""benchmarks/block_cost.py: what features and scoring add to cleaning, timed page by page."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.block_cost import MODEL, main, measure
from cleaners.block_features import FEATURE_NAMES
from cleaners.block_model import BlockModel

FIXTURE = Path(__file__).parent / "fixtures" / "amp-wire-story-byline-copyright"


def test_each_step_is_timed_on_the_page_s_blocks():
    body = (FIXTURE / "page.html").read_bytes()
    url = json.loads((FIXTURE / "meta.json").read_text())["url"]
    model = BlockModel.from_json(MODEL.read_text("ascii"), FEATURE_NAMES)
    totals = measure({"p": body}, {"p": url}, model, repeat=2)
    assert totals["pages"] == 1 and totals["blocks"] > 0
    assert all(totals[step] > 0 for step in ("clean", "clean_traced", "features", "scoring"))


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "--repeat", "0"]) == 2
    assert main([str(tmp_path / "missing")]) == 2
    assert "error" in capsys.readouterr().err
