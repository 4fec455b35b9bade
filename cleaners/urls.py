"""The host of a URL, the one way cleancrawl reads it off a page's or record's URL.

``url_host`` is the host as ``urlsplit`` gives it (lower-case; what rule files are chosen by);
``site_host`` is the site a page counts for (``www.`` aside), as site repetition and the review
group pages. Neither raises: a missing or unparsable URL has no host (None).
"""

from __future__ import annotations

from urllib.parse import urlsplit


def url_host(url: str | None) -> str | None:
    """``url``'s host name, lower-case; None without a URL, a host, or for one that cannot be parsed."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def site_host(url: str | None) -> str | None:
    """``url``'s host without a leading ``www.``: ``www.example.com`` and ``example.com`` are one site."""
    host = url_host(url)
    return host.removeprefix("www.") if host else None
