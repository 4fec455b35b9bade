"""A learned lexical junk score: how much a short block's words read like page furniture (issue 19).

The block model's shape features cannot tell "Comments (12)" or a messenger prompt from a short
article line. This is the vocabulary of junk learned from the dev pages' own boilerplate (menus,
share bars, follow prompts, newsletter boxes, comment sections, footers, disclaimers, credits) in
whatever language they are written, by a logistic regression trained in
benchmarks/train_lexical_junk.py, and stored here as an explicit table: n-gram -> weight.

The n-grams of a text (casefolded, digits as ``0``, its first ``MAX_WORDS`` words):

- ``=word``: each word (unigram);
- ``word word``: each pair of neighbouring words (bigram);
- the character n-grams (``CHAR_N``) of each word between boundary marks (``<word>``): they carry
  a weight across inflections ("comment", "comments", "commentaires", "kommentare") and into
  languages whose words the training pages spelt a little differently.

Score: the logistic of ``bias + sum(weight of each n-gram occurrence) / sqrt(number of n-grams)``
(n-grams not in the table weigh 0 but count in the number), a junk probability. The same text
gives the same score in every process (no salted ``hash()``: the table is keyed by the n-grams
themselves). Per word, its unigram and character n-grams are summed once and cached (a word
has ``2 * len(word)`` of them).

Pure: no I/O, no Scrapy.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat

FORMAT = "cleancrawl-lexical-junk/1"
MAX_WORDS = 40
"""Only the first this many words of a text are read (the model learned short blocks)."""
CHAR_N = (3, 4)
MAX_CHARS = 600
"""Characters read before the words are split (a long paragraph's opening: bounded cost)."""
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")
_CACHE_LIMIT = 200_000


def words(text: str) -> list[str]:
    """The words read: casefolded, each digit ``0``, the first ``MAX_WORDS`` (of the first
    ``MAX_CHARS`` characters)."""
    return _WORD.findall(_DIGITS.sub("0", text[:MAX_CHARS].casefold()))[:MAX_WORDS]


def word_grams(word: str) -> list[str]:
    """A word's own n-grams: its unigram and its character n-grams within boundary marks."""
    marked = f"<{word}>"
    grams = [f"={word}"]
    for n in CHAR_N:
        grams += [marked[i:i + n] for i in range(len(marked) - n + 1)]
    return grams


def text_grams(text: str) -> list[str]:
    """Every n-gram occurrence of a text (what training counts): each word's, then the bigrams."""
    tokens = words(text)
    grams = [gram for word in tokens for gram in word_grams(word)]
    grams += [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    return grams


@dataclass(frozen=True)
class LexicalModel:
    """A table of n-gram weights and a bias (a logistic regression over ``text_grams``)."""

    bias: float
    weights: Mapping[str, float]
    card: Mapping = field(default_factory=dict)
    _words: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def _word(self, word: str) -> float:
        """The summed weight of a word's own n-grams (``word_grams``: always ``2 * len(word)``
        of them), cached."""
        if len(self._words) > _CACHE_LIMIT:
            self._words.clear()
        get = self.weights.get
        grams = word_grams(word)
        weight = self._words[word] = sum(map(get, grams, repeat(0.0, len(grams))))
        return weight

    def logit(self, text: str) -> float:
        tokens = words(text)
        if not tokens:
            return self.bias
        weights = list(map(self._words.get, tokens))
        if None in weights:
            weights = [self._word(t) if w is None else w for w, t in zip(weights, tokens, strict=True)]
        bigrams = map(" ".join, itertools.pairwise(tokens))
        total = sum(weights) + sum(map(self.weights.get, bigrams, repeat(0.0)))
        count = 2 * sum(map(len, tokens)) + len(tokens) - 1
        return self.bias + total / math.sqrt(count)

    def junk_score(self, text: str) -> float:
        """Probability that ``text`` is junk, from its words alone."""
        z = self.logit(text)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, UTF-8): the same table is the same bytes."""
        data = {"format": FORMAT, "bias": self.bias, "max_words": MAX_WORDS, "char_n": list(CHAR_N),
                "weights": dict(self.weights), "card": dict(self.card)}
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LexicalModel:
        """Read a table; one written for other n-grams (format, word limit, n) is refused."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"not a lexical junk table (format {data.get('format')!r}, expected {FORMAT!r})")
        if data.get("max_words") != MAX_WORDS or data.get("char_n") != list(CHAR_N):
            raise ValueError("the lexical table was trained on other n-grams than these: retrain it")
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return cls(float(data["bias"]), weights, data.get("card", {}))

