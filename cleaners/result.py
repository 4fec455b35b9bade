"""What cleaning a page returns: the article, its metadata, and what each rule removed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaners.words import count_words

MODEL_RULE_ID = "model.block"
"""The rule id of a block the block model removed (cleaners/block_filter.py); here, where the
record's provenance is defined, so that readers of records need not load the model."""
SCORE_DIGITS = 3
"""Digits of a model's junk score in a removed block's provenance (``model.block@0.873``,
``model.wording@0.975``)."""


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """One block a rule took out: ``stage`` is ``dom`` (before extraction) or ``text`` (after).
    ``at`` is where it stood: the character offset in the article's final ``text`` of the kept
    paragraph it preceded (``len(text)`` after the last one), ``None`` when unknown."""

    rule_id: str
    stage: str
    text: str
    at: int | None = None
    score: float | None = None
    """The block model's junk score, for its removals (rule ``model.block``); None for a rule's."""


@dataclass(slots=True)
class Article:
    """The clean article: text as paragraphs joined by newlines, plus metadata and provenance."""

    text: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    """ISO 8601: the date, with time and zone where the page's markup gives them."""
    modified: str | None = None
    language: str | None = None
    language_guessed: bool = False
    """True when ``language`` was identified from the text because the page declares none: a
    publisher's own declaration elsewhere (a news sitemap's) is worth more."""
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)
    """The article's figures: ``{"src", "alt", "caption", "credit"}``, absolute ``src``."""
    markdown: str | None = None
    """The article as Markdown, when asked for (``format="markdown"``)."""
    protected: list[str] = field(default_factory=list)
    """Lines of ``text`` that are code or table rows: signals that read only text (site
    repetition) must leave them alone."""
    removed: list[RemovedBlock] = field(default_factory=list)
    rejected: str | None = None
    """Why this page yields no record (``empty-page``, ``no-text``, ``too-short``...), else None."""
    model_held_back: str | None = None
    """Why the block model's removals were not applied to this page, when it scored some as junk:
    ``over-half`` (more than half the words the rules kept) or ``would-reject`` (the page would
    no longer be an article). None otherwise (and when the model is off)."""

    words_counted: tuple[str, int] | None = field(default=None, repr=False, compare=False)
    """``(text, count_words(text))`` when the pipeline counted the text's words as it made it (the
    sum of its kept blocks' counts, which is the joined text's: a line break parts words and runs
    alike): ``word_count`` reads the count while ``text`` is that very string."""

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.split("\n") if line]

    @property
    def word_count(self) -> int:
        counted = self.words_counted
        if counted is not None and counted[0] is self.text:
            return counted[1]
        return count_words(self.text)

    def rule_counts(self) -> dict[str, int]:
        """How many blocks each rule removed, most first."""
        return dict(Counter(block.rule_id for block in self.removed).most_common())
