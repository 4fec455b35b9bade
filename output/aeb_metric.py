"""The scrapinghub article-extraction-benchmark metric, as its README defines it.

Tokens are ``\\w+`` matches (Unicode, case kept); each text becomes a multiset of 4-gram
shingles; per page tp/fp/fn are normalised so every page weighs the same; precision and
recall are averaged over pages and F1 is taken from the two means.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(tokens: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


def score_page(truth: str, prediction: str) -> PageScore:
    true_tokens, pred_tokens = tokenize(truth), tokenize(prediction)
    true_sh, pred_sh = shingles(true_tokens), shingles(pred_tokens)
    tp = fp = fn = 0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return PageScore(tp / total, fp / total, fn / total, true_tokens == pred_tokens)
    return PageScore(0.0, 0.0, 0.0, true_tokens == pred_tokens)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float
    accuracy: float
    f1_std: float


def _means(scores: list[PageScore]) -> tuple[float, float, float, float]:
    prec = [s.precision for s in scores if s.tp + s.fp > 0]
    rec = [s.recall for s in scores if s.tp + s.fn > 0]
    p = sum(prec) / len(prec) if prec else 0.0
    r = sum(rec) / len(rec) if rec else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return f1, p, r, acc


def summarise(scores: Iterable[PageScore], resamples: int = 1000, seed: int = 0) -> Summary:
    scores = list(scores)
    f1, p, r, acc = _means(scores)
    rng = random.Random(seed)
    boot = [_means(rng.choices(scores, k=len(scores)))[0] for _ in range(resamples)] if scores else [0.0]
    mean = sum(boot) / len(boot)
    std = (sum((b - mean) ** 2 for b in boot) / len(boot)) ** 0.5
    return Summary(f1, p, r, acc, std)


def evaluate(truths: Mapping[str, str], predictions: Mapping[str, str]) -> Summary:
    return summarise(score_page(truths[k], predictions.get(k, "") or "") for k in truths)
