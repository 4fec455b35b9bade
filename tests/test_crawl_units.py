"""The crawl's pure parts, without a crawl: sources, URL hygiene, discovery parsing, dedup, exporter."""

from __future__ import annotations

import gzip
import io

import orjson
import pytest
from mockserver import atom_xml, rss_xml, sitemap_index_xml, sitemap_xml

from crawler.components.feed_exporter import OrjsonLinesExporter
from crawler.components.feed_layout import SourceFilter, default_feeds
from crawler.safety.links import TrapGuard, canonical_url
from crawler.state import discovery
from crawler.state.sources import Source, SourceError, load_sources, merge_sources, sources_from_urls
from output.dedup import Deduplicator


def _toml(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_file_is_read_with_defaults(tmp_path):
    path = _toml(
        tmp_path, '[sources.news]\nurls = ["https://News.example.com/sitemap.xml"]\ndeny = ["/tag/"]\n'
    )
    (source,) = load_sources(path)
    assert source.name == "news"
    assert source.allowed_domains == ("news.example.com",)
    assert source.allows("https://sub.news.example.com/a") and not source.allows(
        "https://news.example.com/tag/x"
    )
    assert not source.allows("https://example.com/a")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources.news]\nallow = ["x"]\n', "source 'news': field 'urls' is required"),
        ('[sources.news]\nurls = "https://a/"\nmax_depth = -1\n', "source 'news', field 'max_depth'"),
        ('[sources.news]\nurls = ["https://a/"]\ndeny = ["("]\n', "field 'deny': bad regular expression"),
        ('[sources.news]\nurls = ["https://a/"]\nmax_page = 3\n', "unknown field(s) max_page"),
        ('[sources.news]\nurls = ["https://a/"]\nrule_files = ["nope.toml"]\n', "field 'rule_files'"),
        ('[sources."bad name"]\nurls = ["https://a/"]\n', "source 'bad name'"),
        ("[source.news]\nurls = []\n", "unknown top-level key(s) source"),
        ("[sources.news\n", "not valid TOML"),
    ],
)
def test_bad_sources_name_the_source_and_field(tmp_path, text, message):
    with pytest.raises(SourceError) as err:
        load_sources(_toml(tmp_path, text))
    assert message in str(err.value)
    assert str(tmp_path) in str(err.value) or "TOML" in str(err.value)


def test_command_line_urls_make_one_source_per_host():
    sources = sources_from_urls(["http://a.example/x", "http://a.example/y", "http://127.0.0.1:8000/"])
    assert [(s.name, len(s.urls)) for s in sources] == [("a.example", 2), ("127.0.0.1_8000", 1)]
    with pytest.raises(SourceError, match="defined twice"):
        merge_sources(sources, sources)


def test_canonical_url_strips_tracking_and_normalises():
    assert (
        canonical_url("HTTP://Ex.COM:80/a/./b/../c?utm_source=x&b=2&a=1&fbclid=9#top")
        == "http://ex.com/a/c?a=1&b=2"
    )
    assert canonical_url("https://ex.com:8443/x") == "https://ex.com:8443/x"
    assert canonical_url("mailto:x@example.com") is None
    assert canonical_url("javascript:void(0)") is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://a/" + "x" * 600, "url-too-long"),
        ("http://a/x/x/x/story", "repeated-path-segment"),
        ("http://a/events/calendar/2026/11", "calendar"),
        ("http://a/archive?year=2026&month=11", "calendar"),
        ("http://a/news?page=500", "pagination"),
        ("http://a/news/page/999/", "pagination"),
        ("http://a/img/photo.JPG", "not-a-page"),
        ("http://a/2026/11/24/story-title", None),
        ("http://a/news?page=2", None),
    ],
)
def test_trap_guard(url, reason):
    assert TrapGuard().reason(url) == reason


def test_sitemap_index_news_gzip_and_feeds_are_read():
    news = {"http://a/1": {"publication_date": "2026-11-24", "title": "T", "language": "en_GB"}}
    xml = sitemap_xml(["http://a/1", "http://a/2"], news=news, gz=True)
    kind, body = discovery.classify("http://a/s.xml.gz", "application/octet-stream", xml)
    assert kind == discovery.SITEMAP
    entries = discovery.listing(kind, "http://a/s.xml.gz", xml, body).entries
    assert entries == [
        ("http://a/1", {"title": "T", "published": "2026-11-24", "language": "en-gb"}),
        ("http://a/2", {}),
    ]

    index = sitemap_index_xml(["http://a/s1.xml"])
    assert discovery.classify("http://a/i.xml", "text/xml", index)[0] == discovery.SITEMAP_INDEX
    for feed in (rss_xml(["http://a/r"]), atom_xml(["http://a/t"])):
        kind, body = discovery.classify("http://a/feed", "application/xml", feed)
        assert (
            kind == discovery.FEED and len(discovery.listing(kind, "http://a/feed", feed, body).entries) == 1
        )
    assert discovery.classify("http://a/robots.txt", "text/plain", b"Sitemap: /s.xml")[0] == discovery.ROBOTS
    assert discovery.classify("http://a/", "text/html", b"<?xml version='1.0'?><html/>")[0] == discovery.PAGE
    assert discovery.classify("http://a/x", "", gzip.compress(b"not xml at all"))[0] == discovery.PAGE
    assert discovery.listing(discovery.SITEMAP, "http://a/", b"<urlset", b"<urlset").entries == []


def test_deduplicator():
    seen = Deduplicator()
    assert seen.check({"url": "http://a/1?b=1&a=2", "canonical_url": None, "fingerprint": "f1"}) is None
    assert (
        seen.check({"url": "http://a/1?a=2&b=1", "canonical_url": None, "fingerprint": "f2"})
        == "duplicate-url"
    )
    assert (
        seen.check({"url": "http://a/2", "canonical_url": None, "fingerprint": "f1"}) == "duplicate-content"
    )
    # A canonical link pointing at the home page is not trusted as identity.
    assert seen.check({"url": "http://a/3", "canonical_url": "http://a/", "fingerprint": "f3"}) is None
    assert seen.check({"url": "http://a/4", "canonical_url": "http://a/", "fingerprint": "f4"}) is None


def test_exporter_writes_orjson_lines_and_layout_filters_by_source():
    buffer = io.BytesIO()
    exporter = OrjsonLinesExporter(buffer, indent=4)
    exporter.start_exporting()
    exporter.export_item({"url": "http://a/ü", "n": 1})
    exporter.export_item({"url": "http://a/2", "n": 2})
    exporter.finish_exporting()
    lines = buffer.getvalue().splitlines()
    assert [orjson.loads(line)["n"] for line in lines] == [1, 2]
    assert "ü".encode() in lines[0]
    feeds = default_feeds("data", ["one", "two"], "20261125T000000Z")
    assert [o["source"] for o in feeds.values()] == ["one", "two"]
    assert all(uri.endswith("/20261125T000000Z.jsonl") for uri in feeds)
    assert SourceFilter({"source": "one"}).accepts({"source": "one"})
    assert not SourceFilter({"source": "one"}).accepts({"source": "two"})


@pytest.mark.parametrize("url", ["http://../", "http://./x", "http://a..b/", "http://.example/"])
def test_a_url_host_that_is_no_name_is_refused(url):
    with pytest.raises(SourceError, match="host"):
        sources_from_urls([url])


def test_source_names_from_hosts_are_folder_names():
    (ipv6,) = sources_from_urls(["http://[::1]:8080/"])
    assert ipv6.name == "1_8080"
    with pytest.raises(SourceError):
        Source(name="../x", urls=("http://a.example/",))
