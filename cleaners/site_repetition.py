"""Site repetition: a block that recurs verbatim in many pages of one host is template text.

Signatures, disclaimers, "posted in" lines, follow prompts: whatever their wording or language,
a site prints them on every page, while an article's own paragraphs appear once. This class
counts normalised blocks per host over a batch (``cleancrawl clean`` over many files, or a crawl
whose state keeps the counts) and strips the recurring ones afterwards.

Guards, so that a site's real recurring text of substance is not lost:

- a block counts as boilerplate only when it occurs in at least ``min_pages`` pages of the host
  (default 3) and in at least ``min_share`` of the host's pages seen (default 0.3): with fewer
  pages than ``min_pages`` nothing is ever removed;
- blocks longer than ``max_words`` words (default 40) are never removed, however often seen (a
  long paragraph seen twice is a quoted statement or a series' standing introduction);
- a page is stripped only while its recurring blocks hold at most ``max_removed_share`` of its
  words (default 0.5): a template is a small part of a page, while a page made mostly of blocks
  other pages share is a copy of them (the same story at a second URL of the site, a reprint
  with a new headline), which is the near-duplicate check's to judge, and stays whole;
- ``enabled=False`` switches the whole signal off.

Pure Python, no Scrapy, no I/O: the caller decides where counts live.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cleaners.words import count_words

MIN_PAGES = 3
MIN_SHARE = 0.3
MAX_WORDS = 40
MAX_REMOVED_SHARE = 0.5
RULE_ID = "site.repeated-block"
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@dataclass
class SiteRepetition:
    min_pages: int = MIN_PAGES
    min_share: float = MIN_SHARE
    max_words: int = MAX_WORDS
    enabled: bool = True
    max_removed_share: float = MAX_REMOVED_SHARE
    _counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    _pages: Counter[str] = field(default_factory=Counter)

    def observe(self, host: str | None, paragraphs: Iterable[str]) -> None:
        """Count one page's blocks (each distinct block once per page)."""
        if not self.enabled or not host:
            return
        self._pages[host] += 1
        keys = {normalise(p) for p in paragraphs if count_words(p) <= self.max_words}
        keys.discard("")
        self._counts[host].update(keys)

    def load(self, host: str, pages: int, counts: Mapping[str, int]) -> None:
        """Counts kept elsewhere (on disk, for a batch whose counts would not fit in memory):
        ``pages`` pages of ``host`` seen, and in how many of them each normalised block was."""
        self._pages[host] = pages
        self._counts[host] = Counter(counts)

    def is_boilerplate(self, host: str | None, paragraph: str) -> bool:
        if not self.enabled or not host or count_words(paragraph) > self.max_words:
            return False
        pages = self._pages[host]
        seen = self._counts[host].get(normalise(paragraph), 0)
        return pages >= self.min_pages and seen >= self.min_pages and seen / pages >= self.min_share

    def strip(
        self, host: str | None, paragraphs: list[str], protected: Iterable[str] = ()
    ) -> tuple[list[str], list[str]]:
        """(kept, removed) paragraphs of one page, once every page of the batch was observed.
        A page is never emptied: when every block would go, all stay; so do they when they hold
        over ``max_removed_share`` of its words (a copy of other pages, not their template).
        ``protected`` lines (a code block's lines, table rows) always stay, however often the site
        repeats them."""
        keep = {normalise(p) for p in protected}
        gone = [p for p in paragraphs if normalise(p) not in keep and self.is_boilerplate(host, p)]
        if len(gone) == len(paragraphs):
            return paragraphs, []
        if gone and sum(map(count_words, gone)) > self.max_removed_share * sum(map(count_words, paragraphs)):
            return paragraphs, []
        dropped = set(map(id, gone))
        return [p for p in paragraphs if id(p) not in dropped], gone
