"""Why a crawl dropped an item: the exceptions its pipelines raise, in one module of their own.

Scrapy's ``item_dropped`` signal carries the item first given to the pipelines (the raw PageItem),
whichever pipeline dropped it; the exception is what tells the drops apart. Several components
read them (the state pipelines, near-duplicates, site repetition, traps, health), so they live
here and not in the pipeline that raises each: importing the pipelines for an exception class is
what made the circle crawler/state/incremental.py -> pipelines.py -> near_dup.py -> incremental.py.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

# Reasons that are failures of the cleaning, not verdicts on the page: such pages are fetched again.
# ``rule-error``: a user DOM rule that failed on a page although it passed its load-time trial
# (cleaners/ruleset.py): a configuration error; the crawl stops at the first one and exits 2, and
# its pages are left to fetch again once the rule is fixed (never marked done, never retried forever
# unnoticed: every run fails loudly until then).
RULE_ERROR = "rule-error"
TRANSIENT_REASONS = frozenset({"worker-crashed", "cleaner-error", "cleaner-timeout", RULE_ERROR})
# Pages fetched but never cleaned (their worker died or ran out of time, or the cleaning code
# failed): not marked done, so a later crawl fetches them again, but this run lost them, so they
# are counted under NOT_CLEANED_STAT too, named in the summary and make the crawl exit 1 (as
# `cleancrawl clean` does for the same failures). A rule error has its own exit status (2).
NOT_CLEANED_REASONS = TRANSIENT_REASONS - {RULE_ERROR}
NOT_CLEANED_STAT = "cleancrawl/not_cleaned/"


class NotAnArticle(DropItem):
    """CleanPipeline's verdict on a page (or its failure to reach one, when ``transient``)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"not an article ({reason}): {url}")
        self.reason = reason

    @property
    def transient(self) -> bool:
        return self.reason in TRANSIENT_REASONS


class Unchanged(DropItem):
    """A record whose words (``fingerprint``) were written by an earlier crawl; ``settled``: their
    line is surely in an output file (not only being written by a crawl that is still running);
    ``written_url``: the page they were written for (this one, or another: a copy).
    The exception carries the fingerprint because ``item_dropped`` is given the raw PageItem."""

    def __init__(self, message: str, *, fingerprint: str, settled: bool, written_url: str = "") -> None:
        super().__init__(message, log_level="DEBUG")
        self.fingerprint = fingerprint
        self.settled = settled
        self.written_url = written_url
