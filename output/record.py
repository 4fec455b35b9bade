"""The one record shape that both ``cleancrawl clean`` and the crawl emit (see record.schema.json)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from cleaners.result import Article

SCHEMA_VERSION = 3
# Between a removed block's rule id and its block-model score in ``removed_blocks`` (provenance_rule).
SCORE_MARK = "@"
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
        # set by the crawl's near-duplicate check (crawler/components/near_dup.py) or `cleancrawl dedup`
        "near_duplicate_of": None,
        "removed": article.rule_counts(),
    }
    if article.markdown is not None:
        record["markdown"] = article.markdown
    if provenance:
        record["removed_blocks"] = [
            {"rule": provenance_rule(block.rule_id, block.score), "stage": block.stage, "text": block.text,
             "at": block.at}
            for block in article.removed
        ]
    return record


def provenance_rule(rule_id: str, score: float | None) -> str:
    """A removed block's ``rule`` in ``removed_blocks``: the rule id, and for the block model's
    removals its junk score after an ``@`` (``model.block@0.873``). The schema's entry has no other
    place for it (its keys are closed until a new schema_version); ``removed`` counts by the bare id."""
    return rule_id if score is None else f"{rule_id}{SCORE_MARK}{score:.3f}"


def split_provenance_rule(rule: str) -> tuple[str, float | None]:
    """``provenance_rule`` read back: (rule id, score or None)."""
    rule_id, mark, score = rule.rpartition(SCORE_MARK)
    if not mark or not rule_id:
        return rule, None
    try:
        value = float(score)
    except ValueError:
        return rule, None
    return (rule_id, value) if 0.0 <= value <= 1.0 else (rule, None)


def strip_positions(text: str, gone: list[bool]) -> tuple[list[int], Callable[[int | None], int | None]]:
    """For paragraphs taken out of ``text`` after cleaning (site repetition): ``gone`` flags each
    non-empty line of ``text``. Returns where each gone line stood in the new text (the
    ``"\n".join`` of the lines left), and a function that moves a block's old ``at`` there."""
    old_starts: list[int] = []
    new_starts: list[int] = []
    gone_at: list[int] = []
    offset = new_length = 0
    flags = iter(gone)
    for line in text.split("\n"):
        if line:
            old_starts.append(offset)
            new_starts.append(new_length)
            if next(flags):
                gone_at.append(new_length)
            else:
                new_length += len(line) + 1
        offset += len(line) + 1
    end = max(new_length - 1, 0)

    def moved(at: int | None) -> int | None:
        if at is None:
            return None
        index = bisect_left(old_starts, at)
        return min(new_starts[index], end) if index < len(new_starts) else end

    return [min(at, end) for at in gone_at], moved
