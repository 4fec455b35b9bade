"""Deduplication within one crawl: by canonical URL and by content fingerprint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    try:
        key = canonicalize_url(url)
    except ValueError:
        return None
    # Sites that point every page's canonical link at their home page would otherwise collapse
    # all articles into one; the fingerprint still catches true copies.
    return None if urlsplit(key).path in ("", "/") else key


def url_keys(record: dict[str, Any]) -> set[str]:
    """The keys a record's URLs are deduplicated by: its canonical URL and its URL, canonicalised."""
    return {k for k in (_url_key(record.get("canonical_url")), _url_key(record.get("url"))) if k}


class Deduplicator:
    """Remembers the canonical URLs and fingerprints of the records let through so far.

    ``check(record)`` returns None for a new record (and remembers it) or the reason it is a
    duplicate: ``duplicate-url`` (same canonical URL as an earlier record) or
    ``duplicate-content`` (same words as an earlier record at another URL).
    """

    def __init__(self) -> None:
        self._urls: set[str] = set()
        self._fingerprints: set[str] = set()

    def check(self, record: dict[str, Any]) -> str | None:
        keys = url_keys(record)
        if keys & self._urls:
            return "duplicate-url"
        fingerprint = record.get("fingerprint")
        if fingerprint and fingerprint in self._fingerprints:
            return "duplicate-content"
        self._urls |= keys
        if fingerprint:
            self._fingerprints.add(fingerprint)
        return None

    def __len__(self) -> int:
        return len(self._fingerprints)
