"""The address guard allows each source its own start origins, nothing wider.

A start URL on 127.0.0.1:P opens 127.0.0.1:P for its source only: another service on the same
address (another port, however the host is spelled), or an address another source started on,
stays refused. Each probe counts the requests that reached the services no source allowed: zero.
``evil.localhost`` stands in for a name an attacker's DNS points inside (CLEANCRAWL_RESOLVE pins it
to 127.0.0.2 for the crawl, as curl's --resolve does).
"""

from __future__ import annotations

import ipaddress
import json
import socket

import pytest
from mockserver import MockServer, article_html, listing_html, rss_xml, sitemap_xml
from scrapy.utils.datatypes import LocalCache

from crawler.safety.address_guard import AddressPolicy
from crawler.state.sources import SourceError, source_to_toml, sources_from_toml

# 127.0.0.1 as a link may spell it ([::ffff:7f00:1] is how w3lib writes [::ffff:127.0.0.1])
SPELLINGS = ("127.0.0.1", "127.1", "localhost", "2130706433", "0x7f.1", "[::ffff:7f00:1]")
EVIL = json.dumps({"evil.localhost": "127.0.0.2"})


@pytest.fixture
def other_port():
    """Another service on the start host's own address (127.0.0.1), on a port no source started on."""
    with MockServer(host="127.0.0.1") as srv:
        srv.add("/secret", article_html("INTERNAL SECRET", words=200))
        srv.add("/sitemap.xml", sitemap_xml([srv.url("/secret")]), content_type="application/xml")
        yield srv


def _stats(tmp_path) -> dict:
    return json.loads((tmp_path / "stats.json").read_text())["stats"]


def _refused(stats: dict) -> int:
    return sum(v for k, v in stats.items() if k.startswith("cleancrawl/refused/"))


def _hits(*servers: MockServer) -> dict:
    return {f"{s.base}{path}": len(h) for s in servers for path, h in s.hits.items()}


def _write_sources(tmp_path, text: str) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return str(path)


def _one_source(tmp_path, start: str) -> str:
    """Its allowed domains name every spelling, so only the address guard stands in the way."""
    domains = json.dumps([host.strip("[]") for host in SPELLINGS])
    return _write_sources(tmp_path, f'[sources.site]\nurls = ["{start}"]\nallowed_domains = {domains}\n')


def _secrets(other: MockServer, path: str = "/secret") -> list[str]:
    return [f"http://{host}:{other.port}{path}" for host in SPELLINGS]


@pytest.mark.parametrize("way", ["link", "redirect", "feed", "robots-sitemap"])
def test_another_port_of_the_start_host_is_refused(crawl, server, other_port, tmp_path, way):
    good = server.add("/good", article_html("A real story", words=150))
    if way == "link":
        start = server.add("/", listing_html([good, *_secrets(other_port)]))
    elif way == "redirect":
        hops = []
        for i, target in enumerate(_secrets(other_port)):
            hops.append(server.add(f"/moved{i}", b"", status=302, headers={"Location": target}))
        start = server.add("/", listing_html([good, *hops]))
    elif way == "feed":
        start = server.add("/feed.xml", rss_xml([good, *_secrets(other_port)]), content_type="application/rss+xml")
    else:
        server.add("/sitemap.xml", sitemap_xml([good]), content_type="application/xml")
        lines = [f"Sitemap: {server.url('/sitemap.xml')}"] + [
            f"Sitemap: {url}" for url in _secrets(other_port, "/sitemap.xml")
        ]
        start = server.add("/robots.txt", "User-agent: *\n" + "\n".join(lines) + "\n", content_type="text/plain")
    result = crawl("--sources", _one_source(tmp_path, start), "--stats-file", str(tmp_path / "stats.json"))
    assert result.returncode == 0, result.stderr
    assert not other_port.hits, _hits(other_port)  # not even its robots.txt
    assert [r["url"] for r in result.records] == [good]
    stats = _stats(tmp_path)
    assert stats.get("cleancrawl/refused/loopback", 0) >= len(SPELLINGS), stats


def test_an_allowance_of_one_source_is_not_another_sources(crawl, server, tmp_path):
    """An intranet source started on 127.0.0.2 reaches its own origin (by address or by a name that
    resolves there); a public source's links to 127.0.0.2, its own port or any other, are refused."""
    with MockServer(host="127.0.0.2") as intranet, MockServer(host="127.0.0.2") as elsewhere:
        elsewhere.add("/secret", article_html("INTERNAL SECRET", words=200))
        intranet.add("/secret", article_html("INTRANET SECRET", words=200))
        story = intranet.add("/story", article_html("Intranet story", words=150))
        named = f"http://evil.localhost:{intranet.port}/named"
        intranet.add("/named", article_html("Intranet story by name", words=150))
        intranet.add("/", listing_html([story, named]))
        public = f"http://localhost:{server.port}"
        server.add("/good", article_html("A public story", words=150))
        server.add(
            "/",
            listing_html(
                [
                    f"{public}/good",
                    f"http://evil.localhost:{elsewhere.port}/secret",
                    f"http://evil.localhost:{intranet.port}/secret",
                    elsewhere.url("/secret"),
                    intranet.url("/secret"),
                ]
            ),
        )
        sources = _write_sources(
            tmp_path,
            f'[sources.intranet]\nurls = ["{intranet.url("/")}"]\nallowed_domains = ["127.0.0.2", "evil.localhost"]\n'
            f'[sources.public]\nurls = ["{public}/"]\nallowed_domains = ["localhost", "127.0.0.2"]\n',
        )
        result = crawl(
            "--sources", sources, "--stats-file", str(tmp_path / "stats.json"), "-s", f"CLEANCRAWL_RESOLVE={EVIL}"
        )
        reached = _hits(intranet, elsewhere)
    assert result.returncode == 0, result.stderr
    assert not elsewhere.hits, reached
    assert "/secret" not in intranet.hits, reached
    assert intranet.hits["/robots.txt"], "robots.txt is asked for the source of the page that needs it"
    assert sorted(r["url"] for r in result.records) == sorted([story, named, f"{public}/good"])
    assert _refused(_stats(tmp_path)) >= 4, _stats(tmp_path)


def test_a_source_may_allow_a_network(crawl, server, other_port, tmp_path):
    good = server.add("/good", article_html("A real story", words=150))
    start = server.add("/", listing_html([good, other_port.url("/secret")]))
    sources = _write_sources(tmp_path, f'[sources.site]\nurls = ["{start}"]\nallow_networks = ["127.0.0.0/30"]\n')
    result = crawl("--sources", sources)
    assert result.returncode == 0, result.stderr
    assert other_port.hits["/secret"], "the source's allowed network was refused"
    assert sorted(r["url"] for r in result.records) == sorted([good, other_port.url("/secret")])


def test_a_redirect_past_the_url_length_limit_is_not_fetched(crawl, server, tmp_path):
    good = server.add("/good", article_html("A real story", words=150))
    long_path = "/long/" + "a" * 10_000
    server.add(long_path, article_html("Behind a very long URL", words=150))
    hop = server.add("/hop", b"", status=302, headers={"Location": server.url(long_path)})
    # Scrapy reads a meta refresh in a page's first 4096 characters only
    refresh_path = "/refreshed/" + "b" * 3_000
    server.add(refresh_path, article_html("Refreshed to a very long URL", words=150))
    refresh = f'<html><head><meta http-equiv="refresh" content="0; url={server.url(refresh_path)}"></head></html>'
    moved = server.add("/refresh", refresh)
    result = crawl(server.add("/", listing_html([good, hop, moved])), "--stats-file", str(tmp_path / "stats.json"))
    assert result.returncode == 0, result.stderr
    assert long_path not in server.hits and refresh_path not in server.hits
    assert [r["url"] for r in result.records] == [good]
    assert _stats(tmp_path).get("cleancrawl/refused/url-too-long") == 2, _stats(tmp_path)


# --- the policy itself ----------------------------------------------------------------------------


def test_a_start_url_allows_its_own_origin_for_its_own_source_only():
    policy = AddressPolicy(["10.0.0.0/8"])
    policy.allow_source("site", ["http://127.0.0.1:8080/"])
    policy.allow_source("intranet", ["https://127.0.0.2/"], networks=["192.168.5.0/24"])
    local, inside = ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("127.0.0.2")
    assert policy.refusal(local, "site", "http", 8080) is None
    assert policy.refusal(ipaddress.ip_address("::ffff:127.0.0.1"), "site", "http", 8080) is None
    assert policy.refusal(local, "site", "http", 9004) == "loopback"
    assert policy.refusal(local, "site", "https", 8080) == "loopback"
    assert policy.refusal(local, "intranet", "http", 8080) == "loopback"
    assert policy.refusal(local, None, "http", 8080) == "loopback"
    assert policy.refusal(inside, "intranet", "https", 443) is None
    assert policy.refusal(inside, "site", "https", 443) == "loopback"
    assert policy.refusal(ipaddress.ip_address("192.168.5.9"), "intranet", "http", 80) is None
    assert policy.refusal(ipaddress.ip_address("192.168.5.9"), "site", "http", 80) == "private"
    assert policy.refusal(ipaddress.ip_address("10.9.8.7"), None, "http", 80) is None  # every source
    assert policy.refusal(ipaddress.ip_address("169.254.169.254"), "site", "http", 80) == "link-local"
    assert policy.refusal(ipaddress.ip_address("93.184.215.14"), None, "http", 80) is None
    # what the resolver asks before it knows the request: does any source allow this address at all?
    assert policy.refused_by_all(local) is None and policy.refused_by_all(inside) is None
    assert policy.refused_by_all(ipaddress.ip_address("127.0.0.3")) == "loopback"


def test_a_sources_allowed_networks_are_checked():
    (source,) = sources_from_toml(
        '[sources.a]\nurls = ["http://10.0.0.5/"]\nallow_networks = ["10.0.0.0/24", "fd00::/8"]\n', where="t"
    )
    assert source.allow_networks == ("10.0.0.0/24", "fd00::/8")
    assert sources_from_toml(source_to_toml(source), where="again") == [source]  # as a shared crawl stores it
    with pytest.raises(SourceError, match=r"source 'a', field 'allow_networks': 'intranet' is not a network"):
        sources_from_toml('[sources.a]\nurls = ["http://10.0.0.5/"]\nallow_networks = ["intranet"]\n', where="t")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("CLEANCRAWL_ALLOW_NETWORKS=intranet", "'intranet' is not a network"),
        ('CLEANCRAWL_RESOLVE={"evil.localhost": "inside"}', "'evil.localhost': 'inside' is not an IP address"),
        ('CLEANCRAWL_RESOLVE={"evil.localhost": ["10.0.0.5", "inside"]}', "'evil.localhost': 'inside' is not an"),
        ('CLEANCRAWL_RESOLVE={"evil.localhost": []}', "'evil.localhost': no address"),
    ],
)
def test_a_bad_network_or_pinned_address_is_a_usage_error(crawl, server, setting, message):
    result = crawl(server.url("/"), "-s", setting)  # run_command: no traceback either
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not server.hits


def test_a_worker_of_a_shared_crawl_trusts_only_the_sources_it_was_given():
    """Sources read from the Redis (anyone's who can write to it) open no internal address, their
    allow_networks included; without a shared crawl every source of the spider counts."""
    from types import SimpleNamespace

    from scrapy.settings import Settings

    from crawler.safety.address_guard import trusted_sources
    from crawler.state.sources import Source

    fed = Source(name="fed", urls=("http://127.0.0.2:81/",), allow_networks=("0.0.0.0/0",))
    spider = SimpleNamespace(sources={"fed": fed})
    given = {"mine": {"urls": ["http://127.0.0.1:8080/"], "allow_networks": ["10.0.0.0/24"]}}
    worker = Settings({"CLEANCRAWL_TRUSTED_SOURCES": given})
    assert trusted_sources(worker, spider) == {"mine": (["http://127.0.0.1:8080/"], ["10.0.0.0/24"])}
    assert trusted_sources(Settings(), spider) == {"fed": (["http://127.0.0.2:81/"], ["0.0.0.0/0"])}


def test_an_ipv6_link_is_spelled_with_brackets_not_a_crash():
    from crawler.safety.links import canonical_url

    assert canonical_url("http://[::1]:8080/a") == "http://[::1]:8080/a"
    assert canonical_url("HTTPS://[FE80::1]:443/x") == "https://[fe80::1]/x"
    assert canonical_url("http://[::ffff:127.0.0.1]:9004/s") == "http://[::ffff:7f00:1]:9004/s"


def _resolver(
    monkeypatch, policy: AddressPolicy | None = None, resolve: dict | None = None, answers=(), hang: bool = False
):
    """A GuardedResolver on a clean policy and pin table, asking a fake getaddrinfo (``answers``:
    addresses) on a clock whose "thread pool" runs each lookup at once (never, with ``hang``)."""
    from twisted.internet.task import Clock
    from twisted.python.failure import Failure

    from crawler.safety import address_guard

    class InlineReactor(Clock):
        def getThreadPool(self):
            return self

        def callInThreadWithCallback(self, on_result, f, *args, **kwargs):
            if hang:
                return
            try:
                result = f(*args, **kwargs)
            except Exception as exc:
                on_result(False, Failure(exc))
            else:
                on_result(True, result)

        def callFromThread(self, f, *args, **kwargs):
            f(*args, **kwargs)

    def getaddrinfo(host, port, family, kind):
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, kind, 6, "", (a, port, 0, 0) if ":" in a else (a, port))
            for a in answers
        ]

    monkeypatch.setattr(address_guard, "POLICY", policy or AddressPolicy())
    monkeypatch.setattr(address_guard, "PINNED", LocalCache(10))
    monkeypatch.setattr(address_guard, "REFUSED_NAMES", LocalCache(10))
    monkeypatch.setattr(address_guard, "RESOLVE", resolve or {})
    return address_guard.GuardedResolver(InlineReactor(), 5.0, getaddrinfo=getaddrinfo)


def _connect_to(resolver, name: str, port: int = 80, types=None) -> list:
    """What a connection to ``name`` gets from the resolver (Twisted's HostnameEndpoint asks so)."""
    got: list = []

    class Receiver:
        def resolutionBegan(self, resolution):
            pass

        def addressResolved(self, address):
            got.append(address)

        def resolutionComplete(self):
            got.append("done")

    resolver.resolveHostName(Receiver(), name, port, types)
    assert got[-1:] == ["done"], got
    return got[:-1]


def test_a_name_keeps_the_address_it_was_checked_with(monkeypatch):
    """DNS rebinding: the middleware's lookup and the connection's are two calls of the resolver;
    the second gets the pinned first answer, not what the name answers by then."""
    from crawler.safety import address_guard

    resolver = _resolver(monkeypatch, resolve={"rebind.example": ["93.184.215.14"]})
    answers: list[list[str]] = []
    resolver.addresses("rebind.example").addCallback(answers.append)
    address_guard.RESOLVE["rebind.example"] = ["127.0.0.2"]  # the name now points inside
    resolver.addresses("REBIND.example").addCallback(answers.append)
    assert answers == [["93.184.215.14"], ["93.184.215.14"]]
    assert [a.host for a in _connect_to(resolver, "rebind.example")] == ["93.184.215.14"]
    failures: list = []
    address_guard.RESOLVE["inside.example"] = ["127.0.0.2"]  # never pinned: refused, no source may reach it
    resolver.addresses("inside.example").addErrback(failures.append)
    assert [f.check(address_guard.RefusedAddress) for f in failures] == [address_guard.RefusedAddress]
    assert "inside.example" not in address_guard.PINNED
    assert _connect_to(resolver, "inside.example") == []
    # the URL has the IDNA form of a name, Twisted's connection the Unicode one: one pin for both
    address_guard.RESOLVE["xn--bcher-kva.example"] = ["93.184.215.14"]
    resolver.addresses("xn--bcher-kva.example")
    address_guard.RESOLVE["xn--bcher-kva.example"] = ["127.0.0.2"]
    assert [a.host for a in _connect_to(resolver, "Bücher.example")] == ["93.184.215.14"]


def test_the_resolver_answers_ipv6_and_checks_every_address(monkeypatch):
    """getaddrinfo, both families: a name with only an AAAA record resolves (gethostbyname, IPv4
    only, found nothing); one address no source may reach, among public ones, refuses the name."""
    from twisted.internet.address import IPv4Address, IPv6Address

    from crawler.safety import address_guard

    v6_only = _resolver(monkeypatch, answers=["2606:4700:4700::1111"])
    assert _connect_to(v6_only, "v6.example", 443) == [IPv6Address("TCP", "2606:4700:4700::1111", 443)]
    assert _connect_to(v6_only, "v6.example", 443, [IPv4Address]) == []  # connectTCP asks for IPv4 only

    both = ["93.184.215.14", "2606:4700:4700::1111"]
    dual = _resolver(monkeypatch, answers=both)
    assert [a.host for a in _connect_to(dual, "dual.example")] == both
    for inside in ("127.0.0.2", "fd00::5", "::ffff:127.0.0.2", "fe80::1%eth0"):
        for answers in ([*both, inside], [inside, *both]):
            mixed = _resolver(monkeypatch, answers=answers)
            assert _connect_to(mixed, "mixed.example") == [], (inside, answers)
            assert address_guard.REFUSED_NAMES.get("mixed.example") in ("loopback", "private", "link-local")
            assert "mixed.example" not in address_guard.PINNED

    policy = AddressPolicy()
    policy.allow_source("site", ["http://[::1]:8080/"])
    literal = _resolver(monkeypatch, policy=policy)
    assert _connect_to(literal, "::1", 8080) == [IPv6Address("TCP", "::1", 8080)]  # a start URL's origin
    assert _connect_to(literal, "::2", 8080) == []  # another loopback address: no source's
    assert _connect_to(_resolver(monkeypatch), "gone.example") == []  # no such name: a lookup failure


def test_a_lookup_that_never_answers_fails_after_dns_timeout(monkeypatch):
    from twisted.internet.error import DNSLookupError

    resolver = _resolver(monkeypatch, answers=["93.184.215.14"], hang=True)
    failures: list = []
    resolver.addresses("slow.example").addErrback(failures.append)
    resolver.reactor.advance(4.9)
    assert failures == []
    resolver.reactor.advance(0.2)  # past the resolver's 5 s (DNS_TIMEOUT)
    assert [f.check(DNSLookupError) for f in failures] == [DNSLookupError]


# --- IPv6, and names with more than one address ---------------------------------------------------


def _ipv6_site() -> MockServer:
    try:
        return MockServer(host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback")


def test_a_name_with_only_an_ipv6_address_is_crawled(crawl, tmp_path):
    """A host with an AAAA record and no A record (v6.localhost pinned to ::1): gethostbyname,
    IPv4 only, could not resolve it (CannotResolveHostError); the guarded resolver asks getaddrinfo."""
    with _ipv6_site() as site:
        base = f"http://v6.localhost:{site.port}"
        site.add("/story", article_html("A story on an IPv6-only host", words=150))
        site.add("/", listing_html([f"{base}/story"]))
        resolve = json.dumps({"v6.localhost": "::1"})
        result = crawl(f"{base}/", "-s", f"CLEANCRAWL_RESOLVE={resolve}", "--stats-file", str(tmp_path / "stats.json"))
    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in result.records] == [f"{base}/story"]
    assert site.hits["/story"] and not _refused(_stats(tmp_path)), _stats(tmp_path)


@pytest.mark.parametrize("internal_first", [False, True])
def test_a_name_answering_an_allowed_and_an_internal_address_never_reaches_the_internal_one(
    crawl, server, tmp_path, internal_first
):
    """An attacker's name answers two addresses: one the crawl may reach (127.0.0.3, allowed to
    every source, plays a public address) and an internal one (127.0.0.2). The connection would try
    each in turn; the resolver refuses the whole name, so the internal service sees nothing."""
    with MockServer(host="127.0.0.2") as internal:
        internal.add("/secret", article_html("INTERNAL SECRET", words=200))
        good = server.add("/good", article_html("A real story", words=150))
        mixed = f"http://mixed.localhost:{internal.port}/secret"
        start = server.add("/", listing_html([mixed, good]))
        answers = ["127.0.0.2", "127.0.0.3"] if internal_first else ["127.0.0.3", "127.0.0.2"]
        sources = _write_sources(
            tmp_path, f'[sources.site]\nurls = ["{start}"]\nallowed_domains = ["127.0.0.1", "mixed.localhost"]\n'
        )
        result = crawl(
            "--sources", sources, "--stats-file", str(tmp_path / "stats.json"),
            "-s", "CLEANCRAWL_RESOLVE=" + json.dumps({"mixed.localhost": answers}),
            "-s", "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.3/32",
        )  # fmt: skip
        reached = _hits(internal)
    assert result.returncode == 0, result.stderr
    assert not internal.hits, reached
    assert [r["url"] for r in result.records] == [good]
    assert _stats(tmp_path).get("cleancrawl/refused/loopback") == 1, _stats(tmp_path)


def test_an_ipv4_mapped_ipv6_address_is_refused(crawl, server, tmp_path):
    """::ffff:127.0.0.2 is 127.0.0.2 spelled as IPv6: refused as a literal and as a name's answer."""
    with MockServer(host="127.0.0.2") as internal:
        internal.add("/secret", article_html("INTERNAL SECRET", words=200))
        good = server.add("/good", article_html("A real story", words=150))
        links = [f"http://[::ffff:127.0.0.2]:{internal.port}/secret", f"http://mapped.localhost:{internal.port}/secret"]
        start = server.add("/", listing_html([*links, good]))
        domains = json.dumps(["127.0.0.1", "::ffff:7f00:2", "mapped.localhost"])
        sources = _write_sources(tmp_path, f'[sources.site]\nurls = ["{start}"]\nallowed_domains = {domains}\n')
        resolve = json.dumps({"mapped.localhost": "::ffff:127.0.0.2"})
        result = crawl(
            "--sources", sources, "--stats-file", str(tmp_path / "stats.json"), "-s", f"CLEANCRAWL_RESOLVE={resolve}"
        )
        reached = _hits(internal)
    assert result.returncode == 0, result.stderr
    assert not internal.hits, reached
    assert [r["url"] for r in result.records] == [good]
    assert _stats(tmp_path).get("cleancrawl/refused/loopback") == 2, _stats(tmp_path)
