"""Listings that survive a bad entry (issue 21, item 3).

One unreadable URL first in a page, sitemap, sitemap index, feed or robots.txt used to raise out of
the spider's callback: every later entry was lost and the crawl still exited 0. Each entry is now
read on its own; a bad one is counted as ``cleancrawl/links/invalid-url`` and skipped.
"""

from __future__ import annotations

import json

import pytest
from mockserver import article_html

from crawler.safety.links import canonical_url
from crawler.state import discovery

IPV6 = "http://[2001:db8::1]/x"
# lxml cannot hand out the text of an element holding a lone surrogate (UnicodeDecodeError).
SURROGATE_XML = "http://&#xD800;.example/x"
UNCLOSED = "http://[::1/x"  # urlsplit / urljoin raise "Invalid IPv6 URL"
SPACED = "http://exa mple.com/x"


# --- the URL normaliser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[2001:DB8::1]/x", "http://[2001:db8::1]/x"),
        ("http://[::1]:8080/a?b=2&a=1", "http://[::1]:8080/a?a=1&b=2"),
        ("https://[2001:db8:0:0::1]:443/", "https://[2001:db8::1]/"),
        ("http://bücher.de/x", "http://xn--bcher-kva.de/x"),
        ("http://127.0.0.1:8000/good", "http://127.0.0.1:8000/good"),
    ],
)
def test_canonical_url_keeps_ipv6_literals_bracketed(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        UNCLOSED,
        SPACED,
        "http://%zz/x",
        "http://a..b/x",
        "http://\ud800.example/x",
        "http://\ufffd.example/x",
        "http://[2001:db8::zz]/x",
        "http://[fe80::1%25eth0]/x",
        "http://example.com:99999/x",
        "http:///x",
    ],
)
def test_canonical_url_refuses_garbage_without_raising(url):
    assert canonical_url(url) is None


# --- each listing reader, one entry at a time --------------------------------------------------------


def _urlset(locs: list[str]) -> bytes:
    """A sitemap whose ``<loc>`` texts are written as given (character references left to the parser)."""
    rows = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    ).encode()


def _index(locs: list[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'
    ).encode()


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>S{i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>E</title>{items}</channel></rss>'.encode()


def _atom(links: list[str]) -> bytes:
    entries = "".join(f'<entry><title>S</title><link href="{u}"/></entry>' for u in links)
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


def _robots(lines: list[bytes]) -> bytes:
    return b"User-agent: *\nAllow: /\n" + b"".join(b"Sitemap: " + line + b"\n" for line in lines)


def _listed(kind: str, url: str, body: bytes) -> list[str | None]:
    found_kind, xml = discovery.classify(url, "application/xml", body)
    assert found_kind == kind
    return [entry for entry, _ in discovery.listing(kind, url, body, xml).entries]


@pytest.mark.parametrize("bad", [SURROGATE_XML, UNCLOSED, "http://x/&#xDFFF;&#xD800;"])
@pytest.mark.parametrize(
    ("kind", "make"),
    [
        (discovery.SITEMAP, _urlset),
        (discovery.SITEMAP_INDEX, _index),
        (discovery.FEED, _rss),
        (discovery.FEED, _atom),
    ],
)
def test_a_bad_first_entry_of_an_xml_listing_leaves_the_others(kind, make, bad):
    good = ["http://a.example/1", "http://a.example/2"]
    listed = _listed(kind, "http://a.example/listing.xml", make([bad, *good]))
    # the bad entry is kept as unreadable (None) or as the URL the spider will refuse
    assert listed[1:] == good
    assert listed[0] is None or canonical_url(listed[0]) is None


def test_undecodable_attributes_of_feed_entries_cost_only_their_entry():
    atom = _atom(["http://a.example/1"]).replace(b"<link ", b'<link rel="&#xD800;" ')
    rss = _rss([]).replace(
        b"</channel>", b'<item><guid isPermaLink="&#xD800;">http://a.example/2</guid></item></channel>'
    )
    assert _listed(discovery.FEED, "http://a.example/f", atom) == ["http://a.example/1"]
    assert _listed(discovery.FEED, "http://a.example/f", rss) == ["http://a.example/2"]


@pytest.mark.parametrize("bad", [b"http://\xed\xa0\x80.example/x", UNCLOSED.encode(), b"http://\xff\xfe/x"])
def test_a_bad_first_sitemap_line_of_robots_txt_leaves_the_others(bad):
    listed = _listed(discovery.ROBOTS, "http://a.example/robots.txt", _robots([bad, b"/s.xml"]))
    assert listed == [None, "http://a.example/s.xml"]


# --- a whole crawl -------------------------------------------------------------------------------------


def _stats(tmp_path) -> dict:
    return json.loads((tmp_path / "stats.json").read_text())["stats"]


# bad entries in each kind, by case: (XML / HTML text, robots.txt bytes)
BAD = {
    "ipv6": ([IPV6], [IPV6.encode()]),
    "surrogate": ([SURROGATE_XML], [b"http://\xed\xa0\x80.example/x"]),
    "garbage": ([UNCLOSED, SPACED], [UNCLOSED.encode(), SPACED.encode()]),
}
# what each case must count: 5 listings (a page, a sitemap, an index, a feed, robots.txt)
EXPECTED = {
    # an IPv6 literal is a good URL, only off the source's domains
    "ipv6": {"cleancrawl/links/offsite": 5},
    "surrogate": {"cleancrawl/links/invalid-url": 5},
    # a page's unclosed bracket, which Scrapy's LinkExtractor drops unsaid, is counted too
    # (crawler/safety/links.py unjoinable_hrefs)
    "garbage": {"cleancrawl/links/invalid-url": 10},
}


@pytest.mark.parametrize(
    ("case", "queue"),
    # with a JOBDIR (--resume) sitemaps are listed whole instead of batch by batch (crawler/state/backlog.py)
    [(case, "memory") for case in sorted(BAD)] + [("surrogate", "jobdir"), ("garbage", "jobdir")],
)
def test_a_bad_first_entry_loses_no_later_entry_in_a_crawl(server, crawl, tmp_path, case, queue):
    texts, robots_lines = BAD[case]
    good = {
        name: server.add(f"/{name}-good.html", article_html(f"Good story from the {name}"))
        for name in ("page", "sitemap", "index", "feed", "robots")
    }
    hrefs = "".join(f'<a href="{u}">bad</a> ' for u in texts)
    server.add("/page", f'<html><body>{hrefs}<a href="{good["page"]}">good</a></body></html>')
    server.add("/s.xml", _urlset([*texts, good["sitemap"]]), content_type="application/xml")
    server.add("/i-child.xml", _urlset([good["index"]]), content_type="application/xml")
    server.add("/i.xml", _index([*texts, server.url("/i-child.xml")]), content_type="application/xml")
    server.add("/f.xml", _rss([*texts, good["feed"]]), content_type="application/rss+xml")
    server.add("/r.xml", _urlset([good["robots"]]), content_type="application/xml")
    server.add("/robots.txt", _robots([*robots_lines, server.url("/r.xml").encode()]), content_type="text/plain")
    starts = [server.url(p) for p in ("/page", "/s.xml", "/i.xml", "/f.xml", "/robots.txt")]

    jobdir = ["-s", f"JOBDIR={tmp_path / 'job'}"] if queue == "jobdir" else []
    result = crawl(*starts, "--stats-file", str(tmp_path / "stats.json"), *jobdir)

    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(good.values())
    stats = _stats(tmp_path)
    for key, count in EXPECTED[case].items():
        assert stats.get(key) == count, {k: v for k, v in stats.items() if "links" in k}
    assert not stats.get("spider_exceptions/count"), stats


def test_the_links_a_link_extractor_drops_unsaid_are_found():
    """Scrapy's LinkExtractor skips an href it cannot join (an unclosed IPv6 bracket) without a word;
    unjoinable_hrefs names each, so the spider counts them as invalid-url."""
    from parsel import Selector

    from crawler.safety.links import unjoinable_hrefs

    html = (
        f'<html><body><a href="{UNCLOSED}">a</a><a href=" /fine ">b</a><area href="http://[::1/y">'
        f'<a href="{SPACED}">c</a><a>no href</a><a href="http://[::1]:8080/v6">d</a>'
        '<link href="http://[::1/css"></body></html>'
    )
    root = Selector(text=html).root
    assert unjoinable_hrefs(root, "http://a.example/page") == [UNCLOSED, "http://[::1/y"]
    # a <base href> that cannot be joined: the extractor drops every link of the page
    every = [UNCLOSED, " /fine ", "http://[::1/y", SPACED, "http://[::1]:8080/v6"]
    assert unjoinable_hrefs(root, "http://[::1/base") == every


def test_an_article_with_unparsable_links_and_images_is_still_cleaned():
    """An unclosed IPv6 bracket in a link or an image made the cleaner's ``urljoin`` raise: the whole
    article was lost as cleaner-error."""
    from mockserver import article_html as page

    from cleaners import clean_html

    html = page("Ferry timetable", words=200)
    bad = (
        f'<p>See <a href="{UNCLOSED}">the timetable</a> and <a href="/fares">fares</a>.</p>'
        f'<figure><img src="{UNCLOSED}"><figcaption>The ferry at dawn.</figcaption></figure>'
    )
    article = clean_html(html.replace("</article>", bad + "</article>"), "http://a.example/ferry")
    plain = clean_html(html, "http://a.example/ferry")
    assert not article.rejected and article.text.startswith(plain.text[:200])


def test_a_site_on_an_ipv6_literal_is_crawled(crawl, tmp_path):
    """Start URL, links and sitemap entries on http://[::1]:port/: canonical_url used to rebuild the
    host without its brackets and w3lib raised on the first of them."""
    from mockserver import MockServer, listing_html, sitemap_xml

    try:
        site = MockServer(host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback")
    with site:
        linked = site.add("/a/linked.html", article_html("A story linked from the front"))
        listed = site.add("/a/listed.html", article_html("A story listed in the sitemap"))
        site.add("/", listing_html([linked, "/a/relative.html"]))
        relative = site.add("/a/relative.html", article_html("A story linked relatively"))
        site.add("/sitemap.xml", sitemap_xml([listed]), content_type="application/xml")
        # with the default resolver, the address guard's GuardedResolver (getaddrinfo, both families)
        result = crawl(site.url("/"), site.url("/sitemap.xml"))
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted([linked, listed, relative])
    assert linked.startswith("http://[::1]:")


def test_an_ipv6_link_to_an_address_not_asked_for_is_refused_and_counted(server, crawl, tmp_path):
    """An in-domain IPv6 literal the crawl did not start on: the address guard refuses it (counted),
    the good link after it is still followed."""
    good = server.add("/good.html", article_html("A good story after the IPv6 link"))
    server.add("/", f'<html><body><a href="http://[::1]:{server.port}/x">v6</a><a href="{good}">g</a></body></html>')
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[sources.v6]\nurls = ["{server.url("/")}"]\nallowed_domains = ["127.0.0.1", "::1"]\n')
    result = crawl("--sources", str(sources), "--stats-file", str(tmp_path / "stats.json"))
    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in result.records] == [good]
    assert _stats(tmp_path).get("cleancrawl/refused/loopback") == 1, _stats(tmp_path)
