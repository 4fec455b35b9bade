"""A fixture page the packaged block model cuts into, and at what threshold: found, not hard-coded,
so that the tests of the model's wiring hold when the model file is retrained."""

from __future__ import annotations

import functools
from pathlib import Path

from cleaners.block_filter import MODEL_RULE_ID
from cleaners.pipeline import clean_html
from crawler.offline.fixture_cases import Case, case_directories, load_case

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [load_case(d) for d in case_directories(FIXTURES)]
# Tried first: the model (as first trained) cuts into this page at 0.01.
PREFERRED = "list-article-numbered-subheadings"
THRESHOLDS = (0.01, 0.03, 0.1, 0.3, 0.5)


def clean_case(case: Case, **kwargs):
    return clean_html(case.read_page(), case.url, content_type=case.content_type, **kwargs)


@functools.cache
def model_cut() -> tuple[Case, float]:
    """A case and a threshold at which the packaged model removes some of the page (not held
    back, not nothing)."""
    ordered = sorted(CASES, key=lambda c: c.name != PREFERRED)
    for threshold in THRESHOLDS:
        for case in ordered:
            article = clean_case(case, block_model=True, model_threshold=threshold)
            if not article.rejected and any(b.rule_id == MODEL_RULE_ID for b in article.removed):
                return case, threshold
    raise AssertionError("the packaged block model removes nothing from any fixture page at any threshold tried")
