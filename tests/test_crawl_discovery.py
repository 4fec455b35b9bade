"""Discovery through sitemaps (index, gzipped, news, robots.txt), feeds and links, against a local server."""

from __future__ import annotations

from mockserver import article_html, atom_xml, listing_html, rss_xml, sitemap_index_xml


def _articles(server, n, prefix="/news/story-"):
    urls = []
    for i in range(n):
        urls.append(server.add(f"{prefix}{i}.html", article_html(f"Story {prefix} {i}")))
    return urls


def test_sitemap_crawl_writes_every_article_once_and_nothing_else(server, crawl):
    articles = _articles(server, 6)
    # Non-articles listed in the sitemap: a stub page, an empty page, a tag listing.
    server.add("/about.html", "<html><body><p>About us.</p></body></html>")
    server.add("/empty.html", b"")
    server.add("/tag/politics", listing_html(articles))
    # The same story twice: once with a tracking parameter (same canonical URL after cleaning).
    listed = [
        *articles,
        articles[0] + "?utm_source=rss",
        server.url("/about.html"),
        server.url("/empty.html"),
        server.url("/tag/politics"),
        server.url("/missing.html"),
    ]
    server.add_sitemap("/sitemap-news.xml.gz", listed, gz=True)
    server.add(
        "/sitemap.xml",
        sitemap_index_xml([server.url("/sitemap-news.xml.gz")]),
        content_type="application/xml",
    )

    result = crawl(server.url("/sitemap.xml"))

    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(articles)
    assert len(result.lines) == len(articles)
    # Each article fetched once: the tracking-parameter spelling is the same request.
    assert all(len(server.hits[u.removeprefix(server.base)]) == 1 for u in articles)
    assert "/tag/politics" in server.hits  # fetched, then dropped as not an article
    assert "written" in result.stderr and "dropped:" in result.stderr


def test_news_sitemap_fields_reach_the_record(server, crawl):
    # A page without its own title or language: the news sitemap's values fill them.
    bare = article_html("x", lang=None).replace("<title>x</title>", "").replace("<h1>x</h1>", "")
    url = server.add("/n/1.html", bare)
    titled = server.add("/n/2.html", article_html("Own Title"))
    news = {
        url: {"publication_date": "2026-11-24T10:00:00Z", "title": "From The Sitemap", "language": "de"},
        titled: {"publication_date": "2026-11-23", "title": "Sitemap Title", "language": "fr"},
    }
    server.add_sitemap("/news.xml", [url, titled], news=news)

    result = crawl(server.url("/news.xml"))

    by_url = {r["url"]: r for r in result.records}
    assert by_url[url]["published"] == "2026-11-24T10:00:00Z"
    assert by_url[url]["title"] == "From The Sitemap"
    assert by_url[url]["language"] == "de"
    # The page's own metadata wins where it has some: the record is the one `clean` makes.
    assert by_url[titled]["title"] == "Own Title"
    assert by_url[titled]["language"] == "en"
    assert by_url[titled]["published"] == "2026-11-23"


def test_sitemaps_listed_in_robots_txt(server, crawl):
    articles = _articles(server, 3)
    server.add_sitemap("/sm.xml", articles)
    server.add(
        "/robots.txt",
        f"User-agent: *\nAllow: /\nSitemap: {server.url('/sm.xml')}\n",
        content_type="text/plain",
    )

    result = crawl(server.url("/robots.txt"))

    assert sorted(r["url"] for r in result.records) == sorted(articles)


def test_rss_and_atom_feeds(server, crawl):
    rss_items = _articles(server, 3, "/rss/")
    atom_items = _articles(server, 2, "/atom/")
    server.add("/feed.rss", rss_xml(rss_items), content_type="application/rss+xml")
    server.add("/feed.atom", atom_xml(atom_items), content_type="application/atom+xml")

    result = crawl(server.url("/feed.rss"), server.url("/feed.atom"))

    assert sorted(r["url"] for r in result.records) == sorted(rss_items + atom_items)


def test_link_following_stays_in_domain_depth_and_patterns(server, crawl, tmp_path):
    deep = server.add("/a/deep.html", article_html("Deep story"))
    level1 = server.add("/a/one.html", article_html("Level one", links=["/a/two.html"]))
    server.add("/a/two.html", article_html("Level two", links=["/a/deep.html"]))
    denied = server.add("/a/sponsored-1.html", article_html("Sponsored"))
    server.add(
        "/",
        listing_html(
            [
                "/a/one.html",
                "/a/one.html?utm_campaign=x#top",
                "/a/sponsored-1.html",
                "http://other.invalid/a/x.html",
                "/a/x/x/x/loop.html",
                "/calendar/2026/11",
                "/photo.jpg",
                "mailto:desk@example.invalid",
            ]
        ),
    )
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.local]\nurls = ["{server.url("/")}"]\ndeny = ["sponsored"]\nmax_depth = 2\n',
        encoding="utf-8",
    )

    result = crawl("--sources", str(sources))

    urls = {r["url"] for r in result.records}
    assert level1 in urls and server.url("/a/two.html") in urls
    assert deep not in urls and "/a/deep.html" not in server.hits  # depth 3
    assert denied not in urls and "/a/sponsored-1.html" not in server.hits
    assert not any(p.startswith(("/calendar", "/a/x/", "/photo")) for p in server.hits)
    assert len(server.hits["/a/one.html"]) == 1
    assert {r["source"] for r in result.records} == {"local"}
    assert "trap" in result.stderr  # refused links are summarised


def test_max_pages_limits_a_source(server, crawl, tmp_path):
    articles = _articles(server, 8)
    server.add_sitemap("/sm.xml", articles)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.capped]\nurls = ["{server.url("/sm.xml")}"]\nmax_pages = 3\n', encoding="utf-8"
    )

    result = crawl("--sources", str(sources))

    assert len(result.records) == 3
    assert sum(len(v) for k, v in server.hits.items() if k.startswith("/news/")) == 3


def test_per_source_rule_files_reach_the_cleaner(server, crawl, tmp_path):
    junk = "Brought to you by the Acme Widget Company"
    url = server.add("/r/1.html", article_html("Ruled story", junk=[junk]))
    other = server.add("/o/1.html", article_html("Other story", junk=[junk]))
    (tmp_path / "acme.toml").write_text(
        '[[text]]\nid = "local.acme-sponsor"\ndescription = "Acme sponsor line"\nmax_words = 12\n'
        "pattern = '''^Brought to you by the Acme Widget Company$'''\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.toml").write_text(
        f'[sources.ruled]\nurls = ["{url}"]\nrule_files = ["acme.toml"]\n'
        f'[sources.plain]\nurls = ["{other}"]\n',
        encoding="utf-8",
    )

    result = crawl("--sources", str(tmp_path / "sources.toml"))

    by_source = {r["source"]: r for r in result.records}
    assert junk not in by_source["ruled"]["text"] and by_source["ruled"]["removed"]["local.acme-sponsor"] == 1
    assert junk in by_source["plain"]["text"]  # the rule file is that source's only
