"""Hostile sites: the crawl cannot be turned against its host's network, and endless or huge link
spaces cannot make it run or grow without bound.

127.0.0.1 plays the site the user asked for, 127.0.0.2 an internal service (loopback only): every
probe counts the requests that reached the internal server, which must stay at zero.
"""

from __future__ import annotations

import ipaddress
import json

import pytest
from mockserver import MockServer, article_html, listing_html, rss_xml, sitemap_index_xml, sitemap_xml

from crawler.safety.address_guard import AddressPolicy, address_class, check_resolved, host_address


@pytest.fixture
def internal():
    with MockServer(host="127.0.0.2") as srv:
        srv.add("/secret", article_html("Internal secret", words=200))
        yield srv


def _stats(tmp_path) -> dict:
    return json.loads((tmp_path / "stats.json").read_text())["stats"]


def _sources(tmp_path, server: MockServer, internal: MockServer, start: str) -> str:
    """A source that starts on the site but whose allowed domains also name the internal host, so
    that only the address check (not the domain check) stands between the crawl and 127.0.0.2."""
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[sources.site]\nurls = ["{start}"]\nallowed_domains = ["127.0.0.1", "127.0.0.2"]\nmax_depth = 2\n'
    )
    return str(path)


def _hostile_site(server: MockServer, internal: MockServer) -> None:
    secret = internal.url("/secret")
    server.add("/story1", b"", status=302, headers={"Location": secret})
    refresh = f'<meta http-equiv="refresh" content="0; url={secret}">'
    server.add("/story2", f"<html><head>{refresh}</head><body>moved</body></html>")
    # a redirect chain that ends inside, and a loop
    server.add("/chain1", b"", status=301, headers={"Location": server.url("/chain2")})
    server.add("/chain2", b"", status=302, headers={"Location": server.url("/chain3")})
    server.add("/chain3", b"", status=307, headers={"Location": secret})
    server.add("/loop1", b"", status=302, headers={"Location": server.url("/loop2")})
    server.add("/loop2", b"", status=302, headers={"Location": server.url("/loop1")})
    # spellings of the internal address a naive host check lets through
    as_int = int(ipaddress.IPv4Address("127.0.0.2"))
    server.add("/story4", b"", status=302, headers={"Location": f"http://{as_int}:{internal.port}/secret"})
    server.add("/story5", b"", status=302, headers={"Location": f"http://0177.0.0.2:{internal.port}/secret"})
    server.add("/story6", b"", status=302, headers={"Location": f"http://[::ffff:127.0.0.2]:{internal.port}/secret"})
    server.add("/good", article_html("A real story", words=150))
    links = ["/story1", "/story2", "/chain1", "/loop1", "/story4", "/story5", "/story6", "/good"]
    server.add("/", listing_html([server.url(p) for p in links]))
    server.add(
        "/sitemap.xml",
        sitemap_xml([server.url("/story1"), server.url("/story2"), server.url("/good")]),
        content_type="application/xml",
    )
    server.add(
        "/feed.xml",
        rss_xml([server.url("/story2"), server.url("/chain1"), server.url("/good")]),
        content_type="application/rss+xml",
    )


@pytest.mark.parametrize("start", ["/", "/sitemap.xml", "/feed.xml"])
def test_redirects_and_refreshes_never_reach_an_internal_address(crawl, server, internal, tmp_path, start):
    _hostile_site(server, internal)
    result = crawl(
        "--sources",
        _sources(tmp_path, server, internal, server.url(start)),
        "--stats-file",
        str(tmp_path / "stats.json"),
    )
    assert result.returncode == 0, result.stderr
    assert sum(len(hits) for hits in internal.hits.values()) == 0, dict(internal.hits)
    assert [r["url"] for r in result.records] == [server.url("/good")]
    stats = _stats(tmp_path)
    # the first request for /secret is refused as loopback, later ones are dupe-filtered copies; the
    # other spellings of 127.0.0.2 are not in the allowed domains
    assert stats.get("cleancrawl/refused/loopback", 0) >= 1, stats
    refused = sum(v for k, v in stats.items() if k.startswith("cleancrawl/refused/"))
    assert refused >= (4 if start == "/" else 1), stats
    summary = next(line for line in result.stderr.splitlines() if "requests refused:" in line)
    assert f"loopback {stats['cleancrawl/refused/loopback']}" in summary, summary


def test_redirect_to_another_host_is_refused_as_offsite(crawl, server, internal, tmp_path):
    _hostile_site(server, internal)
    result = crawl(server.url("/"), "--stats-file", str(tmp_path / "stats.json"))
    assert sum(len(hits) for hits in internal.hits.values()) == 0, dict(internal.hits)
    assert [r["url"] for r in result.records] == [server.url("/good")]
    assert _stats(tmp_path).get("cleancrawl/refused/offsite", 0) >= 3


def test_a_setting_can_allow_a_named_network(crawl, server, internal, tmp_path):
    _hostile_site(server, internal)
    result = crawl(
        "--sources",
        _sources(tmp_path, server, internal, server.url("/")),
        "-s",
        "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.2/32",
    )
    assert internal.hits["/secret"], "the allowed network was refused"
    assert internal.url("/secret") in {r["url"] for r in result.records}


# --- the address classifier -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "loopback"),
        ("2130706433", "loopback"),  # decimal
        ("0177.0.0.1", "loopback"),  # octal
        ("0x7f.0.0.1", "loopback"),  # hex
        ("127.1", "loopback"),  # short form
        ("[::1]", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "link-local"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("100.64.0.1", "cgnat"),
        ("100.127.255.254", "cgnat"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("0xc0a80101", "private"),  # 192.168.1.1 in hex
        ("fd00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.10", "private"),  # documentation (Python counts it private)
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_class(host, expected):
    address = host_address(host)
    assert address is not None, host
    assert address_class(address) == expected


@pytest.mark.parametrize("host", ["example.com", "news.example.co.uk", "localhost", "1.2.3.4.example", "0x.com"])
def test_host_names_are_not_addresses(host):
    assert host_address(host) is None


def test_policy_allows_start_origins_and_named_networks_only():
    policy = AddressPolicy(["10.0.0.0/8"])
    policy.allow_source("site", ["http://127.0.0.1:8080/", "https://news.example.invalid/"])
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), "site", "http", 8080) is None
    assert policy.refusal(ipaddress.ip_address("::ffff:127.0.0.1"), "site", "http", 8080) is None
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), "site", "http", 8081) == "loopback"
    assert policy.refusal(ipaddress.ip_address("127.0.0.2"), "site", "http", 8080) == "loopback"
    assert policy.refusal(ipaddress.ip_address("10.9.8.7"), "site", "http", 80) is None
    assert policy.refusal(ipaddress.ip_address("169.254.169.254"), "site", "http", 80) == "link-local"


def test_resolver_refuses_a_name_that_resolves_inside(monkeypatch):
    """The check runs on the resolved address itself (what Twisted connects to): a public-looking
    name answering 169.254.169.254 is refused however the URL spelled it."""
    from crawler.safety import address_guard

    monkeypatch.setattr(address_guard, "POLICY", AddressPolicy())
    with pytest.raises(address_guard.RefusedAddress):
        check_resolved(["169.254.169.254"], "metadata.rebind.example")
    assert address_guard.REFUSED_NAMES["metadata.rebind.example"] == "link-local"
    assert check_resolved(["93.184.215.14"], "example.com") == ["93.184.215.14"]


# --- endless and huge link spaces ------------------------------------------------------------------


class RandomTrap:
    """A site that makes up links: every page links to ten new ones, ``/?pg=N&sort=<random>`` and
    ``/tag/<random>``, none of them an article. Counts the pages it served."""

    def __init__(self) -> None:
        import random
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.hits = 0
        lock = threading.Lock()
        trap = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with lock:
                    trap.hits += 1
                rng = random.Random()
                links = [f"/?pg={rng.randint(1, 40)}&sort={rng.getrandbits(40):x}" for _ in range(5)]
                links += [f"/tag/{rng.getrandbits(40):x}" for _ in range(5)]
                body = listing_html(links, title="Browse").encode() if self.path != "/robots.txt" else b""
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_random_id_link_trap_stops_by_itself(crawl, tmp_path):
    trap = RandomTrap()
    try:
        (tmp_path / "sources.toml").write_text(f'[sources.trap]\nurls = ["{trap.url}"]\nmax_depth = 30\n')
        # CLOSESPIDER_PAGECOUNT only keeps a failing run short; the guard must stop it well before
        result = crawl(
            "--sources",
            str(tmp_path / "sources.toml"),
            "--stats-file",
            str(tmp_path / "stats.json"),
            "-s",
            "CLOSESPIDER_PAGECOUNT=1500",
        )
    finally:
        trap.close()
    stats = _stats(tmp_path)
    assert stats["finish_reason"] == "finished", stats["finish_reason"]
    # Two families of 30 pages judged, plus what was fetched while their verdicts were pending. Pages
    # waiting for a cleaning worker no longer pile up on a loaded machine (CLEANCRAWL_CLEANING_BACKLOG:
    # 80-97 hits measured on a loaded 2-core machine, 335-373 with the backlog bound off; 318 seen in CI
    # before it); the guard must end the crawl far below the 1,500 backstop.
    assert trap.hits <= 200, trap.hits
    assert stats.get("cleancrawl/links/trap/family", 0) > 0
    assert result.records == []


def test_a_source_without_max_pages_has_a_default_budget(crawl, server, tmp_path):
    links = [server.add(f"/a/{i}.html", article_html(f"Budget {i}")) for i in range(30)]
    server.add("/", listing_html(links))
    result = crawl(
        server.url("/"), "-s", "CLEANCRAWL_DEFAULT_MAX_PAGES=10", "--stats-file", str(tmp_path / "stats.json")
    )
    assert len(result.records) == 10
    assert sum(len(h) for p, h in server.hits.items() if p.startswith("/a/")) == 10
    assert _stats(tmp_path)[f"cleancrawl/links/max_pages/127.0.0.1_{server.port}"] == 20


def test_a_huge_sitemap_is_queued_as_the_crawl_drains_it(crawl, server, tmp_path):
    """20,000 entries: at most about one batch of them is ever queued (was: all of them at once)."""
    urls = [server.url(f"/big/{i}.html") for i in range(20_000)]
    server.add("/big.xml", sitemap_xml(urls), content_type="application/xml")
    crawl(
        server.url("/big.xml"),
        "--stats-file",
        str(tmp_path / "stats.json"),
        "-s",
        "CLOSESPIDER_PAGECOUNT=60",
        "-s",
        "CLEANCRAWL_SITEMAP_BATCH=500",
    )
    stats = _stats(tmp_path)
    assert stats["scheduler/enqueued"] <= 2 * 500 + 100, stats["scheduler/enqueued"]


def test_every_entry_of_a_sitemap_is_still_crawled_batch_by_batch(crawl, server, tmp_path):
    urls = [server.add(f"/b/{i}.html", article_html(f"Batch {i}")) for i in range(25)]
    server.add("/b.xml", sitemap_xml(urls), content_type="application/xml")
    result = crawl(server.url("/b.xml"), "-s", "CLEANCRAWL_SITEMAP_BATCH=10")
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(urls)


def test_the_sitemaps_of_an_index_together_keep_about_one_batch_queued(crawl, server, tmp_path):
    children = []
    for c in range(6):
        urls = [server.url(f"/idx/{c}/{i}.html") for i in range(3000)]
        children.append(server.add(f"/idx/{c}.xml", sitemap_xml(urls), content_type="application/xml"))
    server.add("/index.xml", sitemap_index_xml(children), content_type="application/xml")
    crawl(
        server.url("/index.xml"),
        "--stats-file",
        str(tmp_path / "stats.json"),
        "-s",
        "CLOSESPIDER_PAGECOUNT=80",
        "-s",
        "CLEANCRAWL_SITEMAP_BATCH=300",
    )
    assert _stats(tmp_path)["scheduler/enqueued"] <= 2 * 300 + 100, _stats(tmp_path)["scheduler/enqueued"]


def test_every_entry_of_every_sitemap_of_an_index_is_crawled(crawl, server):
    children, urls = [], []
    for c in range(3):
        mine = [server.add(f"/ix/{c}/{i}.html", article_html(f"Index {c} {i}")) for i in range(12)]
        children.append(server.add(f"/ix/{c}.xml", sitemap_xml(mine), content_type="application/xml"))
        urls += mine
    server.add("/ix.xml", sitemap_index_xml(children), content_type="application/xml")
    result = crawl(server.url("/ix.xml"), "-s", "CLEANCRAWL_SITEMAP_BATCH=5")
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(urls)


def test_a_host_name_is_judged_by_the_address_it_resolves_to(crawl, server, internal, tmp_path):
    """The resolver itself refuses: ``localhost`` (allowed by name) resolves to 127.0.0.1, which this
    crawl, started on 127.0.0.2, did not ask for. Refused, counted, not retried."""
    server.add("/secret", article_html("Loopback secret", words=200))
    internal.add("/", listing_html([f"http://localhost:{server.port}/secret"]))
    (tmp_path / "sources.toml").write_text(
        f'[sources.inside]\nurls = ["{internal.url("/")}"]\nallowed_domains = ["127.0.0.2", "localhost"]\n'
    )
    result = crawl("--sources", str(tmp_path / "sources.toml"), "--stats-file", str(tmp_path / "stats.json"))
    assert result.returncode == 0, result.stderr
    assert not server.hits, dict(server.hits)
    stats = _stats(tmp_path)
    # the page, refused before its robots.txt is asked for
    assert stats.get("cleancrawl/refused/loopback") == 1, stats
    assert not stats.get("retry/count"), stats


def test_allowed_networks_are_read_from_a_comma_list_and_a_bad_one_is_named():
    from scrapy.settings import Settings

    from crawler.safety.address_guard import allowed_networks

    assert [str(n) for n in allowed_networks(Settings({"CLEANCRAWL_ALLOW_NETWORKS": "10.0.0.0/8, fd00::/8"}))] == [
        "10.0.0.0/8",
        "fd00::/8",
    ]
    with pytest.raises(ValueError, match="CLEANCRAWL_ALLOW_NETWORKS: 'intranet'"):
        allowed_networks(Settings({"CLEANCRAWL_ALLOW_NETWORKS": ["intranet"]}))
