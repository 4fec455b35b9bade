"""The snippet metric of trafilatura's evaluation set, as that set's README defines it.

Each page has ``with`` passages (main text) and ``without`` passages (boilerplate). After
collapsing whitespace in both, a ``with`` passage found in the extracted text is a true positive,
else a false negative; a ``without`` passage found is a false positive, else a true negative.
Counts are summed over all pages (not averaged per page), then precision, recall and F1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Whitespace runs made one space, ends stripped: how snippets and texts are compared."""
    return _SPACES.sub(" ", text or "").strip()


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0


def score_page(text: str, with_snippets: Sequence[str], without_snippets: Sequence[str]) -> Counts:
    body = collapse(text)
    found_with = sum(1 for s in with_snippets if collapse(s) in body) if body else 0
    found_without = sum(1 for s in without_snippets if collapse(s) in body) if body else 0
    return Counts(found_with, len(with_snippets) - found_with, found_without, len(without_snippets) - found_without)


def evaluate(snippets: Mapping[str, Mapping[str, Sequence[str]]], predictions: Mapping[str, str]) -> Counts:
    """Summed counts over every page of ``snippets`` (a page missing from ``predictions`` is empty)."""
    total = Counts()
    for key, page in snippets.items():
        total += score_page(predictions.get(key, ""), page.get("with", ()), page.get("without", ()))
    return total
