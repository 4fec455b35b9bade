"""The address guard: a crawl cannot be turned against the network it runs in.

A crawler follows other people's links, redirects and refreshes, often from inside a cloud network
where ``169.254.169.254`` (instance credentials) and internal services answer. So every request
(start URLs, links, sitemap and feed entries, 3xx redirects, meta refreshes, retries, robots.txt)
is checked twice:

1. **Before it is sent** (:class:`AddressGuardMiddleware`, a downloader middleware at 60, before
   RobotsTxtMiddleware so not even a robots.txt is fetched for a refused host): only http(s) (and
   ``data:``, which never leaves the process); the host must be within its source's allowed
   domains; a host spelled as an IP address, in any spelling ``inet_aton`` accepts (``2130706433``,
   ``0177.0.0.1``, ``0x7f.1``, ``[::ffff:127.0.0.1]``), must not be a refused address. Scrapy's
   RedirectMiddleware and MetaRefreshMiddleware hand their new request back to the scheduler, so it
   comes through this middleware again like any other: that is where redirects are checked.
2. **When its host name is resolved** (:class:`GuardedResolver`, installed as Scrapy's
   ``TWISTED_DNS_RESOLVER``): the address a name resolves to is checked in the resolver itself,
   and Twisted connects to exactly the address the resolver returned. Checking in a middleware
   (a lookup of its own) and letting the download handler resolve again would let a DNS-rebinding
   name answer a public address to the check and ``127.0.0.1`` to the connection; here there is
   one resolution, so the address checked is the address connected to (and the DNS cache keeps
   it for the crawl). A refused name fails as a DNS error, which :class:`RefusedAddressMiddleware`
   (at 555, before RetryMiddleware sees it) turns into a counted, not retried, refusal.

Refused: loopback, private (RFC 1918, ULA), link-local (``169.254/16``, ``fe80::/10``), CGNAT
(``100.64/10``), multicast, unspecified (``0.0.0.0``, ``::``) and every other address that is not
globally routable ("reserved": documentation, benchmarking, ``240/4``...), IPv4-mapped IPv6
addresses judged as the IPv4 address they carry. Allowed anyway: the addresses the crawl's own
start URLs point at (the user asked for them: the demo, the tests, an intranet crawl), and the
networks named in ``CLEANCRAWL_ALLOW_NETWORKS`` (e.g. ``["10.0.0.0/8"]``). Start URLs read from a
shared Redis do not count (crawler/distributed.py records the ones this worker was given): whoever
can write to the Redis can make workers fetch public URLs, not internal ones.

Every refusal is counted as ``cleancrawl/refused/<reason>`` (``offsite``, ``scheme``,
``loopback``, ``private``, ``link-local``, ``cgnat``, ``multicast``, ``unspecified``,
``reserved``) and logged once per host.

Known limits: through an HTTP proxy (``HttpProxyMiddleware``) the proxy resolves names, so only
IP-literal hosts are checked; the resolver is one per process (Twisted installs it on the reactor),
so the start-URL exemptions are those of the crawl running in the process (one, with cleancrawl).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.datatypes import LocalCache
from twisted.internet.error import DNSLookupError

try:  # Scrapy 2.19+ wraps Twisted's DNS error in its own
    from scrapy.exceptions import CannotResolveHostError
except ImportError:  # pragma: no cover - older Scrapy
    CannotResolveHostError = DNSLookupError

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SAFE_SCHEMES = frozenset({"http", "https"})
# Never leaves the process (the spider's own continuation requests use it).
_LOCAL_SCHEMES = frozenset({"data"})


def host_address(host: str) -> Address | None:
    """The IP address a URL host spells, or None for a host name. Every spelling a resolver takes
    for an address counts: dotted, decimal (``2130706433``), octal (``0177.0.0.1``), hex
    (``0x7f.0.0.1``), short forms (``127.1``), bracketed IPv6 with or without a zone."""
    host = host.strip().strip("[]").rstrip(".")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:  # inet_aton accepts the classic BSD spellings that browsers and resolvers also accept
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def address_class(address: Address) -> str | None:
    """Why ``address`` is not a public Internet address (``loopback``, ``private``, ...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "cgnat"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"
    return None


class AddressPolicy:
    """Which addresses the crawl may connect to: public ones, plus the allowed networks."""

    def __init__(self, networks: Iterable[str | Network] = ()) -> None:
        self.networks: list[Network] = []
        self.allow_networks(networks)

    def allow_networks(self, networks: Iterable[str | Network]) -> None:
        for network in networks:
            net = network if not isinstance(network, str) else ipaddress.ip_network(network.strip(), strict=False)
            if net not in self.networks:
                self.networks.append(net)

    def allow_start_urls(self, urls: Iterable[str]) -> None:
        """Allow the exact addresses these start URLs point at (a name: every address it resolves to now)."""
        for url in urls:
            host = urlsplit(url).hostname
            if not host:
                continue
            for address in _addresses(host):
                if address_class(address):
                    self.allow_networks([ipaddress.ip_network(address)])

    def refusal(self, address: Address) -> str | None:
        """None when ``address`` may be connected to, else the reason it may not."""
        plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        if any(plain in net or address in net for net in self.networks):
            return None
        return address_class(address)


def _addresses(host: str) -> list[Address]:
    literal = host_address(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


# One per process, like the resolver Twisted installs: the middleware fills it in when the spider
# opens (start URLs, settings), the resolver reads it on every lookup.
POLICY = AddressPolicy()
# Host names the resolver refused, with the reason, so the failure Twisted reports as "no address"
# is counted as the refusal it was.
REFUSED_NAMES: LocalCache[str, str] = LocalCache(10000)


def allowed_networks(settings: Any) -> list[Network]:
    """CLEANCRAWL_ALLOW_NETWORKS as networks; a ValueError naming the setting for a bad one."""
    networks = []
    for value in settings.getlist("CLEANCRAWL_ALLOW_NETWORKS"):
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"CLEANCRAWL_ALLOW_NETWORKS: {value!r} is not a network; give CIDR blocks such as 10.0.0.0/8"
            ) from None
    return networks


def configure_policy(settings: Any, start_urls: Iterable[str]) -> AddressPolicy:
    POLICY.networks.clear()
    POLICY.allow_networks(allowed_networks(settings))
    POLICY.allow_start_urls(start_urls)
    return POLICY


class RefusedAddress(DNSLookupError):
    """A name that resolved to an address the crawl may not connect to."""


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that refuses names resolving to a refused address, so the check
    and the connection use one and the same resolution (no DNS rebinding in between)."""

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        deferred = super().getHostByName(name, timeout)
        deferred.addCallback(check_resolved, name)
        return deferred


def check_resolved(address: str, name: str) -> str:
    """``address`` (what ``name`` resolved to) when it may be connected to; else RefusedAddress."""
    reason = POLICY.refusal(ipaddress.ip_address(address))
    if reason:
        if name not in REFUSED_NAMES:
            logger.warning("refused %s: it resolves to %s (%s)", name, address, reason)
        REFUSED_NAMES[name] = reason
        raise RefusedAddress(name, f"resolves to a {reason} address")
    return address


def _refuse(crawler: Crawler, request: Request, reason: str, detail: str) -> IgnoreRequest:
    crawler.stats.inc_value(f"cleancrawl/refused/{reason}")
    logger.warning("refused %s: %s", request.url, detail)
    return IgnoreRequest(f"address guard: {detail}")


class AddressGuardMiddleware:
    """Refuses, before it is sent, any request whose scheme, host or literal address the crawl may
    not reach: see the module docstring. Redirects and meta refreshes come back through here."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        allowed_networks(crawler.settings)  # a bad network stops the crawl before it starts
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        if settings.get("CLEANCRAWL_TRUSTED_START_URLS") is not None:
            # A worker of a shared crawl: sources read from the Redis do not open internal addresses.
            start = settings.getlist("CLEANCRAWL_TRUSTED_START_URLS")
        else:
            start = [url for source in getattr(spider, "sources", {}).values() for url in source.urls]
            start += list(getattr(spider, "start_urls", []))
        configure_policy(settings, start)
        from twisted.internet import reactor

        if not isinstance(getattr(reactor, "resolver", None), GuardedResolver):
            logger.warning(
                "host names are not checked by the address they resolve to: TWISTED_DNS_RESOLVER (DNS_RESOLVER "
                "before Scrapy 2.19) is not crawler.address_guard.GuardedResolver; only IP-literal hosts are"
            )

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme in _LOCAL_SCHEMES:
            return
        if scheme not in _SAFE_SCHEMES:
            raise _refuse(self.crawler, request, "scheme", f"scheme {scheme!r} is not http(s)")
        host = parts.hostname or ""
        spider = self.crawler.spider
        source = getattr(spider, "sources", {}).get(request.meta.get("source"))
        if source is not None and not source.in_domain(request.url):
            raise _refuse(self.crawler, request, "offsite", f"{host} is outside source {source.name!r}'s domains")
        address = host_address(host)
        if address is not None:
            reason = POLICY.refusal(address)
            if reason:
                raise _refuse(self.crawler, request, reason, f"{host} is a {reason} address ({address})")


class RefusedAddressMiddleware:
    """Counts a request whose host name the GuardedResolver refused, and keeps RetryMiddleware
    (550, whose process_exception runs after this one's) from retrying it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RefusedAddressMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, CannotResolveHostError | DNSLookupError):
            return
        host = urlsplit(request.url).hostname or ""
        reason = REFUSED_NAMES.get(host)
        if reason:
            raise _refuse(self.crawler, request, reason, f"{host} resolves to a {reason} address")
