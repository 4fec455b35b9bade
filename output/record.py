"""The one record shape that both ``cleancrawl clean`` and the crawl emit (see record.schema.json)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from cleaners.result import Article

SCHEMA_VERSION = 3
_WORDS = re.compile(r"\w+")


def content_fingerprint(text: str) -> str:
    """A hash of the article's words, blind to case, spacing and punctuation: the same story
    served at two URLs, or re-rendered with other markup, gets the same fingerprint."""
    words = " ".join(_WORDS.findall(text.casefold()))
    return hashlib.blake2b(words.encode("utf-8"), digest_size=16).hexdigest()


def make_record(
    article: Article,
    *,
    url: str | None = None,
    file: str | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
    status: int | None = None,
    provenance: bool = False,
) -> dict[str, Any]:
    """Build the output record for one article. Key order is the documented order."""
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "url": url or article.canonical_url,
        "canonical_url": article.canonical_url,
        "file": file,
        "source": source,
        "fetched_at": fetched_at,
        "status": status,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "modified": article.modified,
        "language": article.language,
        "site_name": article.site_name,
        "description": article.description,
        "tags": article.tags,
        "categories": article.categories,
        "images": article.images,
        "text": article.text,
        "word_count": article.word_count,
        "fingerprint": content_fingerprint(article.text),
        # set by the crawl's near-duplicate check (crawler/near_dup.py) or `cleancrawl dedup`
        "near_duplicate_of": None,
        "removed": article.rule_counts(),
    }
    if article.markdown is not None:
        record["markdown"] = article.markdown
    if provenance:
        record["removed_blocks"] = [
            {"rule": block.rule_id, "stage": block.stage, "text": block.text} for block in article.removed
        ]
    return record
