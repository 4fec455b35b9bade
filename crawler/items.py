"""What the articles spider hands to the pipelines: one fetched page, not yet cleaned."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class PageItem:
    """A fetched page on its way to cleaning. ``CleanPipeline`` turns it into a record dict (see
    output/record.schema.json) or drops it with a reason; the body is never written out."""

    url: str
    body: bytes
    status: int
    content_type: str
    source: str
    fetched_at: str
    rule_files: tuple[str, ...] = ()
    # Fields a news sitemap vouches for (title, published, language): used where the page has none.
    hints: dict[str, str] = field(default_factory=dict)
    # the URL the crawl state knows the page by (the one the spider requested, before any redirect:
    # crawler/state/incremental.py's state_key); "": ``url``
    state_url: str = ""
