"""Out-of-fold by site: a deterministic group k-fold split of a benchmark set by site.

Anything learned or tuned on the dev sets must be scored on pages of sites it never saw
(issue 19). A page's site is the registered domain of its URL (``courlan.extract_domain``:
``www.bbc.co.uk`` and ``news.bbc.co.uk`` are one site, ``bbc.co.uk``), with two exceptions that
the sets need: a page archived on ``web.archive.org`` belongs to the site it is a copy of, and on a
blog host (``*.wordpress.com``, ``*.blogspot.*``...) each blog is a site of its own, its template
being its owner's choice. Every page of a site falls in one fold. Folds are balanced greedily
by page count, largest site first, ties broken by the site's name, so the split depends only on
the URLs: the same set always splits the same way.

Pure Python, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlsplit

from courlan import extract_domain

K = 5
# Hosts whose subdomains are separate sites (each blog its own template).
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "tumblr.com", "typepad.com", "livejournal.com", "over-blog.com",
              "github.io", "substack.com", "medium.com")
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]*/(.+)$", re.IGNORECASE)


def site_of_url(url: str) -> str:
    """The registered domain of ``url`` (lower case): an archived copy's original site, a blog
    host's blog; the host when it has no registered domain (an IP, a bare name); the URL itself
    when it has no host, so an odd page is a site of its own."""
    archived = _ARCHIVED.match(url)
    if archived:
        original = archived.group(1)
        url = original if "://" in original else "http://" + original
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    blog = _blog_of(host)
    if blog:
        return blog
    try:
        domain = extract_domain(url)
    except (ValueError, TypeError):
        domain = None
    if domain:
        return domain.lower()
    return host or url.lower()


def _blog_of(host: str) -> str | None:
    """``name.wordpress.com`` for a blog on a blog host (``www.`` aside), else None."""
    host = host.removeprefix("www.")
    for platform in BLOG_HOSTS:
        if host.endswith("." + platform) or (platform == "blogspot.com" and ".blogspot." in host):
            return host.split(".", 1)[0] + "." + platform
    return None


def site_folds(urls: Mapping[str, str], k: int = K) -> dict[str, int]:
    """Page key -> fold (0..k-1), every page of one site in one fold, folds balanced by pages.

    Sites are placed largest first (ties: by name) into the fold with the fewest pages so far
    (ties: the lowest fold number): deterministic, independent of the mapping's order."""
    if k < 2:
        raise ValueError(f"k must be at least 2, not {k}")
    sites = {key: site_of_url(url) for key, url in urls.items()}
    sizes = Counter(sites.values())
    fold_of_site: dict[str, int] = {}
    load = [0] * k
    for site, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = min(range(k), key=lambda f: (load[f], f))
        fold_of_site[site] = fold
        load[fold] += size
    return {key: fold_of_site[site] for key, site in sites.items()}


def fold_keys(folds: Mapping[str, int], k: int = K) -> list[list[str]]:
    """The page keys of each fold, sorted."""
    keys: list[list[str]] = [[] for _ in range(k)]
    for key, fold in sorted(folds.items()):
        keys[fold].append(key)
    return keys
