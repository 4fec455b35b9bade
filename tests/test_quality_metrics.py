"""The benchmark metrics: a wrong metric would make every quality figure meaningless."""

from __future__ import annotations

from output import snippet_metric


def test_snippets_are_found_with_whitespace_collapsed_and_counted_over_pages():
    snippets = {
        "a": {"with": ["the harbour  authority", "missing line"], "without": ["Share this", "Menu"]},
        "b": {"with": ["only\ntext"], "without": ["footer"]},
    }
    predictions = {"a": "The the harbour\nauthority approved it.\nShare this", "b": ""}
    counts = snippet_metric.evaluate(snippets, predictions)
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 2, 1, 2)
    assert counts.precision == 0.5
    assert counts.recall == 1 / 3
    assert abs(counts.f1 - 0.4) < 1e-9


def test_a_page_with_no_output_loses_its_with_snippets_and_finds_no_junk():
    counts = snippet_metric.score_page("", ["a"], ["b"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (0, 1, 0, 1)
