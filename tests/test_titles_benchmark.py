"""benchmarks/titles.py: the labelling rule that made the title truth, and the truth files."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.titles import HERE, candidates, exact_share, normalise, rule_a


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_candidates_are_read_as_printed():
    found = candidates(_page(
        "<title>Ferry fares rise | Harbour Times</title><meta property='og:title' content='Ferry  fares rise'>"
        "<script type='application/ld+json'>{\"@graph\": [{\"headline\": \"Ferry fares rise\"}]}</script>",
        "<h1>Harbour Times</h1><h1>Ferry\u00a0fares rise</h1>",
    ))
    assert found["h1"] == ["Harbour Times", "Ferry fares rise"]
    assert found["og:title"] == "Ferry fares rise"
    assert found["ld"] == ["Ferry fares rise"]


def test_rule_a_takes_the_one_agreeing_h1():
    found = candidates(_page("<title>Ferry fares rise | Harbour Times</title>", "<h1>Ferry fares rise</h1>"))
    assert rule_a(found) == "Ferry fares rise"


def test_rule_a_leaves_a_logo_h1_matching_a_short_title_part_to_the_hand():
    # "India Post" is a part of the title, but not its longest: rule A must not take it
    found = candidates(_page("<title>With shattered dreams, deportees return | India Post</title>",
                             "<h1>India Post</h1>"))
    assert rule_a(found) is None


def test_rule_a_leaves_a_disagreeing_h1_to_the_hand():
    found = candidates(_page("<meta property='og:title' content='Council approves budget'>",
                             "<h1>Why the ferry will cost more</h1>"))
    assert rule_a(found) is None


def test_exact_share_keeps_case_and_punctuation():
    truth = {"a": "Ferry fares rise", "b": "‘Quoted’ title", "c": None}
    predicted = {"a": "Ferry fares rise", "b": "'Quoted' title", "c": None}
    assert exact_share(predicted, truth, ["a", "b", "c"]) == 2 / 3
    assert normalise(" Ferry\u00a0 fares\nrise ") == "Ferry fares rise"


def test_every_truth_label_says_how_it_was_made():
    files = sorted(Path(HERE).glob("title-truth-*.json"))
    assert len(files) >= 2
    for path in files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        assert truth["procedure"] and truth["selection"]
        for key, page in truth["pages"].items():
            assert page["how"] == "A" or page["how"].startswith("H: "), (path.name, key)
            assert page["title"] is None or page["title"] == normalise(page["title"]), (path.name, key)
