"""The address guard: a crawl cannot be turned against the network it runs in.

A crawler follows other people's links, redirects and refreshes, often from inside a cloud network
where ``169.254.169.254`` (instance credentials) and internal services answer. So every request
(start URLs, links, sitemap and feed entries, 3xx redirects, meta refreshes, retries, robots.txt)
is checked before it is sent, by :class:`AddressGuardMiddleware` (a downloader middleware at 60,
before RobotsTxtMiddleware so not even a robots.txt is fetched for a refused host), for the source
it was made for (``request.meta["source"]``; redirects and retries keep their request's meta, and
:class:`crawler.components.robots.BoundedRobotsTxtMiddleware` gives a robots.txt request the
source of the page that needed it):

- only http(s) (and ``data:``, which never leaves the process); the host within the source's
  allowed domains; a redirect target no longer than CLEANCRAWL_MAX_URL_LENGTH;
- the address it connects to: a host spelled as an IP address, in any spelling ``inet_aton``
  accepts (``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``[::ffff:127.0.0.1]``), is that address; a
  host name is resolved by the reactor's resolver, :class:`GuardedResolver` (installed as Scrapy's
  ``TWISTED_DNS_RESOLVER``; getaddrinfo, IPv4 and IPv6), which pins each name to the addresses it
  answered for the crawl (``PINNED``): the connection asks the resolver again and gets the very
  addresses that were checked, every one of them, so a DNS-rebinding name cannot answer one address
  to the check and ``127.0.0.1`` to the connection. A name with any address no source may reach is
  refused by the resolver itself, so a connection never gets it either.

The rule: an address that is not a public Internet address (loopback, private (RFC 1918, ULA),
link-local (``169.254/16``, ``fe80::/10``), CGNAT (``100.64/10``), multicast, unspecified, and
everything else not globally routable, IPv4-mapped IPv6 judged as the IPv4 it carries) may be
reached by a request of a source only at the origins (scheme, address, port) of that source's own
start URLs, in the networks of its ``allow_networks`` (crawler/state/sources.py), or in the networks of
CLEANCRAWL_ALLOW_NETWORKS (every source). Another port of a start address, or an address another
source started on, stays refused. A worker of a shared crawl trusts only the sources it was given
(crawler/distributed/worker.py sets CLEANCRAWL_TRUSTED_SOURCES): whoever can write to the Redis can make
workers fetch public URLs, not internal ones. CLEANCRAWL_RESOLVE pins names to addresses without
asking DNS (curl's ``--resolve``), each address checked like any other.

Every refusal is counted as ``cleancrawl/refused/<reason>`` (``offsite``, ``scheme``,
``url-too-long``, ``loopback``, ``private``, ``link-local``, ``cgnat``, ``multicast``,
``unspecified``, ``reserved``) and logged.

Known limits: through an HTTP proxy (``meta["proxy"]`` or the environment's) the proxy resolves
names, so only IP-literal hosts are checked; the resolver and the policy are one per process (one
crawl, with cleancrawl); a name evicted from ``PINNED`` (over 100,000 names in one crawl) between
its check and its connection is resolved again and checked against every source's allowance only.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import HostResolution
from scrapy.utils.datatypes import LocalCache
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer
from twisted.internet._idna import _idnaBytes
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IHostnameResolver
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer

try:  # Scrapy 2.19+ wraps Twisted's DNS error in its own
    from scrapy.exceptions import CannotResolveHostError
except ImportError:  # pragma: no cover - older Scrapy
    CannotResolveHostError = DNSLookupError

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SAFE_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
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


def _plain(address: Address) -> Address:
    """An IPv4-mapped IPv6 address as the IPv4 address it carries; any other address as it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _within(address: Address, networks: Iterable[Network]) -> bool:
    plain = _plain(address)
    return any(plain in net or address in net for net in networks)


def parse_networks(values: Iterable[object], where: str) -> list[Network]:
    """CIDR blocks as networks; a ValueError naming ``where`` and the bad value."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"{where}: {value!r} is not a network; give CIDR blocks such as 10.0.0.0/8") from None
    return networks


Origin = tuple[str, Address, int]  # scheme, address, port: what a start URL connects to


@dataclass
class Allowance:
    """What one source may reach beyond the public Internet: its start URLs' origins (exactly that
    scheme, address and port) and the networks its definition names (``allow_networks``)."""

    origins: set[Origin] = field(default_factory=set)
    networks: list[Network] = field(default_factory=list)

    def allows(self, address: Address, scheme: str, port: int) -> bool:
        return (scheme, _plain(address), port) in self.origins or _within(address, self.networks)

    def allows_somewhere(self, address: Address) -> bool:
        plain = _plain(address)
        return any(allowed == plain for _, allowed, _ in self.origins) or _within(address, self.networks)


def url_origin(url: str) -> tuple[str, str, int] | None:
    """``url``'s scheme, host and port (the scheme's default when none is given), or None."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return scheme, parts.hostname, port


class AddressPolicy:
    """Which addresses a request may connect to: public ones; the networks allowed to every source
    (CLEANCRAWL_ALLOW_NETWORKS); and, for a request of a source, that source's own allowance."""

    def __init__(self, networks: Iterable[str | Network] = ()) -> None:
        self.networks: list[Network] = []
        self.sources: dict[str, Allowance] = {}
        self.allow_networks(networks)

    def allow_networks(self, networks: Iterable[str | Network]) -> None:
        """Allow these networks (any port) to every source."""
        for net in parse_networks(networks, "allowed networks"):
            if net not in self.networks:
                self.networks.append(net)

    def allow_source(self, name: str, start_urls: Iterable[str], networks: Iterable[str] = ()) -> None:
        """Allow source ``name`` the origins its start URLs point at (a name: every address it
        resolves to now) and ``networks``; nothing of it to any other source."""
        allowance = self.sources.setdefault(name, Allowance())
        for url in start_urls:
            origin = url_origin(url)
            if origin is None:
                continue
            scheme, host, port = origin
            for address in _addresses(host):
                if address_class(address):
                    allowance.origins.add((scheme, _plain(address), port))
        allowance.networks.extend(parse_networks(networks, f"source {name!r}, field 'allow_networks'"))

    def refusal(self, address: Address, source: str | None, scheme: str, port: int) -> str | None:
        """None when a request of ``source`` may connect to ``address``:``port`` by ``scheme``, else
        the reason it may not (the address's class: ``loopback``, ``private``...)."""
        reason = address_class(address)
        if reason is None or _within(address, self.networks):
            return None
        allowance = self.sources.get(source) if source is not None else None
        if allowance is not None and allowance.allows(address, scheme, port):
            return None
        return reason

    def refused_by_all(self, address: Address) -> str | None:
        """None when some request of the crawl may connect to ``address`` (the resolver's question:
        it knows the name, not the request), else the reason none may."""
        reason = address_class(address)
        if reason is None or _within(address, self.networks):
            return None
        if any(allowance.allows_somewhere(address) for allowance in self.sources.values()):
            return None
        return reason


def _addresses(host: str) -> list[Address]:
    literal = host_address(host)
    if literal is not None:
        return [literal]
    pinned = RESOLVE.get(lookup_name(host).rstrip("."))
    if pinned is not None:
        return [ipaddress.ip_address(address) for address in pinned]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


# One per process, like the resolver Twisted installs: the middleware fills it in when the spider
# opens (sources, settings); the middleware asks it per request, the resolver per name.
POLICY = AddressPolicy()
# Host names the resolver refused, with the reason, so the failure Twisted reports as "no address"
# is counted as the refusal it was.
REFUSED_NAMES: LocalCache[str, str] = LocalCache(10000)
# The addresses each name resolved to in this crawl: the middleware checks them against the
# request's source, and the connection made later asks the resolver again and gets these same ones.
PINNED: LocalCache[str, tuple[str, ...]] = LocalCache(100_000)
# CLEANCRAWL_RESOLVE: names answered with given addresses instead of asking DNS (curl's --resolve).
RESOLVE: dict[str, list[str]] = {}


def allowed_networks(settings: Any) -> list[Network]:
    """CLEANCRAWL_ALLOW_NETWORKS as networks; a ValueError naming the setting for a bad one."""
    return parse_networks(settings.getlist("CLEANCRAWL_ALLOW_NETWORKS"), "CLEANCRAWL_ALLOW_NETWORKS")


def resolve_overrides(settings: Any) -> dict[str, list[str]]:
    """CLEANCRAWL_RESOLVE ({"name": "address"} or {"name": ["address", ...]}); a ValueError naming
    the setting for a bad entry."""
    overrides = {}
    for name, value in settings.getdict("CLEANCRAWL_RESOLVE").items():
        values = value if isinstance(value, list | tuple) else [value]
        if not values:
            raise ValueError(f"CLEANCRAWL_RESOLVE: {name!r}: no address")
        addresses = []
        for one in values:
            try:
                addresses.append(str(ipaddress.ip_address(str(one).strip())))
            except ValueError:
                raise ValueError(f"CLEANCRAWL_RESOLVE: {name!r}: {one!r} is not an IP address") from None
        overrides[lookup_name(str(name)).rstrip(".")] = addresses
    return overrides


def trusted_sources(settings: Any, spider: Any) -> dict[str, tuple[list[str], list[str]]]:
    """Each source's start URLs and allowed networks that may open internal addresses. A worker of
    a shared crawl trusts only the sources it was given (CLEANCRAWL_TRUSTED_SOURCES, set by
    crawler/distributed/worker.py): whoever can write to the Redis can make workers fetch public URLs only."""
    if settings.get("CLEANCRAWL_TRUSTED_SOURCES") is not None:
        given = settings.getdict("CLEANCRAWL_TRUSTED_SOURCES")
        return {name: (list(s.get("urls", [])), list(s.get("allow_networks", []))) for name, s in given.items()}
    return {
        name: (list(source.urls), list(getattr(source, "allow_networks", ())))
        for name, source in getattr(spider, "sources", {}).items()
    }


def configure_policy(settings: Any, sources: dict[str, tuple[list[str], list[str]]]) -> AddressPolicy:
    RESOLVE.clear()
    RESOLVE.update(resolve_overrides(settings))
    POLICY.networks.clear()
    POLICY.sources.clear()
    POLICY.allow_networks(allowed_networks(settings))
    for name, (urls, networks) in sources.items():
        POLICY.allow_source(name, urls, networks)
    return POLICY


class RefusedAddress(DNSLookupError):
    """A name that resolved to an address the crawl may not connect to."""


@implementer(IHostnameResolver)
class GuardedResolver:
    """The reactor's name resolver (Twisted's IHostnameResolver, installed by Scrapy's
    TWISTED_DNS_RESOLVER): it resolves IPv4 and IPv6 with getaddrinfo in the reactor's thread pool
    (within DNS_TIMEOUT), checks EVERY address a name answers, and answers each name with the same
    checked addresses for the whole crawl (``PINNED``), so the addresses the middleware checked for
    the request's source are the ones connected to (no DNS rebinding in between).

    A name with any address no source may reach is refused whole, rather than answered with its
    allowed addresses only: a name answering one public and one internal address is what a
    rebinding attacker serves, and the connection tries each address in turn (Happy Eyeballs), so
    the internal one would be reached whenever the public one does not answer. There is no telling
    which address the site meant, and a partial answer would let the resolver (which knows the
    name only) and the middleware (which checks each address for the request's source) disagree on
    what the connection gets. IP-literal hosts (``[::1]``, ``2130706433``) are answered as the
    address they spell, checked the same way."""

    def __init__(self, reactor: Any, timeout: float = 60.0, getaddrinfo: Any = socket.getaddrinfo) -> None:
        self.reactor = reactor
        self.timeout = timeout
        self._getaddrinfo = getaddrinfo

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        return cls(reactor, crawler.settings.getfloat("DNS_TIMEOUT"))

    def install_on_reactor(self) -> None:
        # the simple resolver (reactor.resolver, for connectTCP to a name) becomes a view of this one
        self.reactor.installNameResolver(self)

    def addresses(self, name: str) -> Deferred[list[str]]:
        """The checked addresses ``name`` is pinned to for this crawl (resolved and checked on
        first use); a RefusedAddress failure when some address no source may reach, a
        DNSLookupError one when it has none."""
        name = lookup_name(name)
        pinned = PINNED.get(name)
        if pinned is not None:
            return defer.succeed(list(pinned))
        literal = host_address(name)
        forced = RESOLVE.get(name.rstrip("."))
        if literal is not None:
            deferred = defer.succeed([str(literal)])
        elif forced is not None:
            deferred = defer.succeed(list(forced))
        else:
            deferred = self._lookup(name)
        deferred.addCallback(check_resolved, name)
        return deferred

    def _lookup(self, name: str) -> Deferred[list[str]]:
        """Every address getaddrinfo gives ``name`` (both families, first answer order), in a thread."""
        pool = self.reactor.getThreadPool()
        deferred = deferToThreadPool(
            self.reactor, pool, self._getaddrinfo, name, 0, socket.AF_UNSPEC, socket.SOCK_STREAM
        )
        deferred.addTimeout(self.timeout, self.reactor)

        def found(infos: list[tuple[Any, ...]]) -> list[str]:
            seen = dict.fromkeys(str(ipaddress.ip_address(info[4][0].split("%", 1)[0])) for info in infos)
            return list(seen)

        def failed(failure: Any) -> None:
            failure.trap(OSError, defer.TimeoutError, defer.CancelledError, UnicodeError)
            raise DNSLookupError(name, str(failure.value))

        return deferred.addCallbacks(found, failed)

    def resolveHostName(  # Twisted's interface names it
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        """IHostnameResolver: the checked, pinned addresses of ``hostName`` (of ``addressTypes``);
        none for a refused name, so the connection fails as a lookup failure would."""
        name = lookup_name(hostName)
        resolution = HostResolution(name)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(addresses: list[str]) -> None:
            for address in addresses:
                kind = IPv6Address if ipaddress.ip_address(address).version == 6 else IPv4Address
                if addressTypes is None or kind in addressTypes:
                    resolutionReceiver.addressResolved(kind("TCP", address, portNumber))

        def not_found(failure: Any) -> None:
            if not failure.check(DNSLookupError):
                logger.error("resolving %s failed: %s", name, failure.getErrorMessage())

        deferred = self.addresses(name).addCallbacks(deliver, not_found)
        deferred.addBoth(lambda _: resolutionReceiver.resolutionComplete())
        return resolution


def lookup_name(name: str | bytes) -> str:
    """A host name as the resolver keys it: ASCII (IDNA for a Unicode name), lower case, so the
    middleware (which has the URL's host) and the connection (which has Twisted's) share one pin."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    name = name.lower()
    if not name.isascii():
        # a name IDNA does not take stays as it is: getaddrinfo finds nothing for it either
        with contextlib.suppress(UnicodeError, ValueError):
            name = _idnaBytes(name).decode("ascii")
    return name


def check_resolved(addresses: list[str], name: str) -> list[str]:
    """``addresses`` (what ``name`` resolved to), pinned, when some source may connect to each;
    else RefusedAddress (one address no source may reach refuses the name: see GuardedResolver)."""
    if not addresses:
        raise DNSLookupError(name, "no address")
    for address in addresses:
        reason = POLICY.refused_by_all(ipaddress.ip_address(address))
        if reason:
            if name not in REFUSED_NAMES:
                logger.warning("refused %s: it resolves to %s (%s)", name, address, reason)
            REFUSED_NAMES[name] = reason
            raise RefusedAddress(name, f"resolves to a {reason} address")
    pinned = PINNED.get(name)
    if pinned is not None:  # a lookup of the same name that finished first: its answer holds
        return list(pinned)
    PINNED[name] = tuple(addresses)
    return list(addresses)


def _refuse(crawler: Crawler, request: Request, reason: str, detail: str) -> IgnoreRequest:
    crawler.stats.inc_value(f"cleancrawl/refused/{reason}")
    logger.warning("refused %s: %s", request.url[:300], detail)
    return IgnoreRequest(f"address guard: {detail}")


class AddressGuardMiddleware:
    """Refuses, before it is sent, any request whose scheme, host or address its source may not
    reach: see the module docstring. Redirects and meta refreshes come back through here."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        allowed_networks(settings)  # a bad network or override stops the crawl before it starts
        resolve_overrides(settings)
        self.max_url_length = settings.getint("CLEANCRAWL_MAX_URL_LENGTH", 512)
        self.env_proxies = getproxies() if settings.getbool("HTTPPROXY_ENABLED") else {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        configure_policy(settings, trusted_sources(settings, spider))
        from twisted.internet import reactor

        if not isinstance(getattr(reactor, "nameResolver", None), GuardedResolver):
            logger.warning(
                "host names are not checked by the address they resolve to: TWISTED_DNS_RESOLVER (DNS_RESOLVER "
                "before Scrapy 2.19) is not crawler.safety.address_guard.GuardedResolver; only IP-literal hosts are"
            )

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme in _LOCAL_SCHEMES:
            return
        if scheme not in _SAFE_SCHEMES:
            raise _refuse(self.crawler, request, "scheme", f"scheme {scheme!r} is not http(s)")
        host = parts.hostname or ""
        source_name = request.meta.get("source")
        source = getattr(self.crawler.spider, "sources", {}).get(source_name)
        if source is not None and not source.in_domain(request.url):
            raise _refuse(self.crawler, request, "offsite", f"{host} is outside source {source.name!r}'s domains")
        if request.meta.get("redirect_urls") and len(request.url) > self.max_url_length:
            limit = self.max_url_length
            detail = f"a redirect to a URL of {len(request.url)} characters (CLEANCRAWL_MAX_URL_LENGTH {limit})"
            raise _refuse(self.crawler, request, "url-too-long", detail)
        origin = url_origin(request.url)
        if origin is None:
            raise _refuse(self.crawler, request, "bad-url", "no host or port to connect to")
        address = host_address(host)
        if address is not None:
            addresses = [address]
        elif self._proxied(request, scheme, host):
            return  # the proxy resolves the name: only IP-literal hosts can be checked
        else:
            addresses = await self._resolve(request, host)
        for address in addresses:  # the connection may try each of them
            reason = POLICY.refusal(address, source_name, scheme, origin[2])
            if reason:
                whose = f"source {source_name!r}" if source_name else "a request of no source"
                detail = f"{host}:{origin[2]} ({address}) is a {reason} address {whose} may not reach"
                raise _refuse(self.crawler, request, reason, detail)

    def _proxied(self, request: Request, scheme: str, host: str) -> bool:
        if "proxy" in request.meta:
            return bool(request.meta["proxy"])
        return scheme in self.env_proxies and not proxy_bypass(host)

    async def _resolve(self, request: Request, host: str) -> list[Address]:
        """The addresses ``host`` is pinned to for this crawl (asked of the reactor's resolver, which
        the connection asks again). A refused name is a counted refusal; a name that does not
        resolve fails as Scrapy's own lookup failure would (retried, then counted by the spider)."""
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        if isinstance(resolver, GuardedResolver):
            lookup = resolver.addresses(host)
        else:  # another resolver (warned of when the spider opened): what it gives the connection
            lookup = reactor.resolver.getHostByName(host).addCallback(lambda address: [address])
        try:
            resolved = await maybe_deferred_to_future(lookup)
        except RefusedAddress:
            reason = REFUSED_NAMES.get(lookup_name(host), "reserved")
            raise _refuse(self.crawler, request, reason, f"{host} resolves to a {reason} address") from None
        except DNSLookupError as exc:
            raise CannotResolveHostError(str(exc)) from exc
        return [ipaddress.ip_address(address) for address in resolved]


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
        reason = REFUSED_NAMES.get(lookup_name(host))
        if reason:
            raise _refuse(self.crawler, request, reason, f"{host} resolves to a {reason} address")
