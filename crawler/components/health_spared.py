"""Per-source health counts of the pages a crawl did not fetch again because the state knew them.

An incremental re-run spares two kinds of pages: those whose sitemap ``lastmod`` said unchanged
(never requested: ``skipped``) and those the server answered 304 (``not_modified``). Neither is
cleaned again, so the run itself cannot tell whether such a page is an article. The crawl state
can: it keeps what the page was the last time it was fetched (``written`` or ``duplicate``: an
article; ``dropped``: rejected, with the cleaner's reason). Each spared page is counted as that
outcome, so ``cleancrawl runs --health`` sees what the site still offers: a 304 of a page that
was a teaser list is a rejection again, not an article.

Stat keys, under ``cleancrawl/source/<source>/`` (crawler/state/run_log.py reads them):
``skipped`` / ``not_modified`` (how the page was spared), ``spared_articles`` and
``spared_rejected/<reason>`` (what it was last time; ``unknown`` for a page dropped before the
state kept reasons). Pure: no Scrapy, no I/O; the incremental middlewares call it.
"""

from __future__ import annotations

from typing import Any, Protocol

from crawler.state.crawl_state import DROPPED, DUPLICATE, WRITTEN, PageState
from crawler.state.run_log import SOURCE_PREFIX

HOW = ("skipped", "not_modified")
UNKNOWN_REASON = "unknown"


class Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def spared_outcome(known: PageState | None) -> str | None:
    """``article`` or ``rejected/<reason>`` for what ``known`` was last time; None when the state
    does not say (no state, or a status that is neither)."""
    if known is None:
        return None
    if known.status in (WRITTEN, DUPLICATE):
        return "article"
    if known.status == DROPPED:
        return f"rejected/{known.reason or UNKNOWN_REASON}"
    return None


def count_spared(stats: Stats | Any, source: str, how: str, known: PageState | None) -> None:
    """Count one page of ``source`` spared by ``how`` (``skipped`` or ``not_modified``) as what it
    was the last time it was fetched."""
    if how not in HOW:
        raise ValueError(f"{how!r}: a page is spared as one of {', '.join(HOW)}")
    prefix = f"{SOURCE_PREFIX}{source}/"
    stats.inc_value(prefix + how)
    outcome = spared_outcome(known)
    if outcome == "article":
        stats.inc_value(prefix + "spared_articles")
    elif outcome is not None:
        stats.inc_value(prefix + "spared_" + outcome)
