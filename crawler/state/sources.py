"""Crawl sources: where a crawl starts and what it may follow.

A source is one or more start URLs (a page, a sitemap or sitemap index, a robots.txt listing
sitemaps, or an RSS/Atom feed: the spider tells them apart from the response), the domains it
may stay in, allow/deny URL patterns, depth and page limits, and optional extra rule files.
Sources come from a TOML file::

    [sources.example-news]
    urls = ["https://news.example.com/sitemap.xml"]
    allowed_domains = ["news.example.com"]     # default: the start URLs' hosts
    allow = ['/\\d{4}/\\d{2}/']                 # regexes; default: everything
    deny = ['/tag/', '/author/']
    max_depth = 2                               # link hops from a start page
    max_pages = 5000                            # pages fetched in full per crawl (304s are free); 0 = no limit
    rule_files = ["rules/example-news.toml"]    # relative to this TOML file
    schedule = "17 */2 * * *"                   # cron (5 fields or @hourly..., in UTC) for `cleancrawl schedule`
    allow_networks = ["10.0.0.0/24"]            # internal networks this source may reach (any port); its
                                                # start URLs' own origins always, nothing else internal

or from bare URLs on the command line (one source per host). This module does not import Scrapy.

allow/deny patterns are users' patterns, run as user cleaning rules are (cleaners/safe_regex.py):
with the ``regex`` module and a time limit per match, since under ``re`` a pattern such as
``/news/([a-z0-9]+-?)+\\.html$`` froze the crawl on one hostile link (``regex`` sees through that
one; ``(a|aa)+$`` it does not). A match that runs out of time raises ``UrlPatternTimeout``: the
link is skipped and counted. A pattern that ran out of time ``URL_PATTERN_STRIKES`` times is not
tried again in this process: every link it would judge is skipped, so a stream of hostile links
costs a few time limits, not one each.
"""

from __future__ import annotations

import ipaddress
import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import regex

DEFAULT_MAX_DEPTH = 2
DEFAULT_MAX_PAGES = 0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_NAME_RULE = "a name is letters, digits, '.', '_' or '-', starting with a letter or digit (it names the output folder)"
# What a host name may not hold to name a folder: anything else becomes '_' ('[::1]:8080' -> '1_8080').
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9._-]")
_FIELDS = {
    "urls",
    "allowed_domains",
    "allow",
    "deny",
    "max_depth",
    "max_pages",
    "rule_files",
    "schedule",
    "allow_networks",
}


class SourceError(ValueError):
    """A source definition that cannot be used; the message names the file, source and field."""


# The limit of user cleaning rules (cleaners.safe_regex.USER_PATTERN_TIMEOUT, not imported here:
# importing the cleaners package loads trafilatura); regex checks it as it runs, so a match that
# runs out of time returns after one to two limits.
URL_PATTERN_TIMEOUT = 1.0
URL_PATTERN_STRIKES = 2


class UrlPatternTimeout(RuntimeError):
    """An allow/deny pattern ran out of time on a URL (or has before, too often, and is not tried)."""

    def __init__(self, pattern: str, message: str) -> None:
        super().__init__(f"URL pattern {pattern!r} {message}")
        self.pattern = pattern


class UrlPattern:
    """An allow/deny pattern whose ``search`` has a time limit and gives up on itself after
    ``URL_PATTERN_STRIKES`` timeouts (a catastrophic pattern, not an unlucky URL)."""

    __slots__ = ("_compiled", "pattern", "timeouts")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled = regex.compile(pattern)
        self.timeouts = 0

    def search(self, url: str) -> bool:
        if self.timeouts >= URL_PATTERN_STRIKES:
            raise UrlPatternTimeout(self.pattern, f"ran out of time {self.timeouts} times and is not tried again")
        try:
            return self._compiled.search(url, timeout=URL_PATTERN_TIMEOUT) is not None
        except TimeoutError:
            self.timeouts += 1
            raise UrlPatternTimeout(
                self.pattern,
                f"ran out of time ({URL_PATTERN_TIMEOUT:g} s) on a {len(url)}-character URL; it backtracks "
                "too much, rewrite it (avoid nested repeats like (a+)+)",
            ) from None

    def __reduce__(self) -> tuple:
        return (UrlPattern, (self.pattern,))


def _url_pattern(pattern: str) -> UrlPattern:
    try:
        return UrlPattern(pattern)
    except regex.error as exc:  # re accepted it (parse_source checks), regex did not
        raise SourceError(f"bad regular expression {pattern!r}: {exc}") from None


@dataclass(frozen=True)
class Source:
    name: str
    urls: tuple[str, ...]
    allowed_domains: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    max_depth: int = DEFAULT_MAX_DEPTH
    max_pages: int = DEFAULT_MAX_PAGES
    rule_files: tuple[str, ...] = ()
    schedule: str | None = None
    allow_networks: tuple[str, ...] = ()
    _allow_re: tuple[UrlPattern, ...] = field(default=(), repr=False, compare=False)
    _deny_re: tuple[UrlPattern, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        # The name becomes a folder (data/<name>/, data/jobs/<name>): never a path of its own.
        if not _NAME.match(self.name):
            raise SourceError(f"source name {self.name!r}: {_NAME_RULE}")
        if not self.allowed_domains:
            hosts = tuple(dict.fromkeys(h for h in (urlsplit(u).hostname for u in self.urls) if h))
            object.__setattr__(self, "allowed_domains", hosts)
        object.__setattr__(self, "_allow_re", tuple(_url_pattern(p) for p in self.allow))
        object.__setattr__(self, "_deny_re", tuple(_url_pattern(p) for p in self.deny))

    def in_domain(self, url: str) -> bool:
        """True if ``url``'s host is one of the allowed domains or a subdomain of one."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def allows(self, url: str) -> bool:
        """True if ``url`` is in the allowed domains, matches an allow pattern (if any) and no deny one.
        Raises ``UrlPatternTimeout`` when a pattern cannot tell in time: skip the link."""
        if not self.in_domain(url):
            return False
        if any(p.search(url) for p in self._deny_re):
            return False
        return not self._allow_re or any(p.search(url) for p in self._allow_re)


def source_name_for(url: str) -> str:
    """The default source name of a bare URL: its host (with port when not the default), made a
    folder name as TOML source names are (``_check_url`` has refused hosts with empty labels)."""
    parts = urlsplit(url)
    name = (parts.hostname or "source").lower()
    if parts.port:
        name = f"{name}_{parts.port}"
    name = _NOT_IN_NAME.sub("_", name).strip("._-")[:100]
    if not _NAME.match(name):
        raise SourceError(f"{url!r}: its host {parts.hostname!r} cannot name a source folder; use a --sources file")
    return name


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise SourceError(f"{where}: expected a URL string, got {url!r}")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"{where}: {url!r} is not an absolute http(s) URL")
    labels = parts.hostname.rstrip(".").split(".")
    if ":" not in parts.hostname and not all(labels):
        raise SourceError(f"{where}: {url!r}: host {parts.hostname!r} has an empty label (is it a path?)")
    return url


def sources_from_urls(urls: Iterable[str]) -> list[Source]:
    """One source per host for URLs given on the command line, named after the host."""
    grouped: dict[str, list[str]] = {}
    for url in urls:
        url = _check_url(url, "command line")
        grouped.setdefault(source_name_for(url), []).append(url)
    return [Source(name=name, urls=tuple(group)) for name, group in grouped.items()]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SourceError(f"{where}: expected a whole number >= 0, got {value!r}")
    return value


def _schedule(value: object, where: str) -> str | None:
    """A cron expression (five fields, or an alias such as @hourly), checked by croniter."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f'{where}: expected a cron expression string such as "0 */6 * * *", got {value!r}')
    expression = " ".join(value.split())
    if not expression.startswith("@") and len(expression.split()) != 5:
        raise SourceError(
            f"{where}: {value!r} is not a cron expression of five fields (minute hour day month weekday), "
            'e.g. "0 */6 * * *", or an alias such as @hourly or @daily'
        )
    from croniter import croniter  # only needed by sources that are scheduled

    try:
        croniter(expression)
    except (ValueError, KeyError) as exc:
        raise SourceError(f"{where}: {value!r} is not a valid cron expression: {exc}") from None
    return expression


def parse_source(name: str, table: object, *, where: str, base_dir: Path | None = None) -> Source:
    """Validate one source table; every error names ``where``, the source and the field."""
    at = f"{where}: source {name!r}"
    if not _NAME.match(name):
        raise SourceError(f"{at}: {_NAME_RULE}")
    if not isinstance(table, dict):
        raise SourceError(f"{at}: expected a table of settings, got {table!r}")
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise SourceError(f"{at}: unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(_FIELDS))}")
    if "urls" not in table:
        raise SourceError(f"{at}: field 'urls' is required (start pages, sitemaps or feeds)")
    urls = tuple(_check_url(u, f"{at}, field 'urls'") for u in _strings(table["urls"], f"{at}, field 'urls'"))
    if not urls:
        raise SourceError(f"{at}, field 'urls': give at least one URL")
    domains = tuple(
        d.strip().lower().lstrip(".")
        for d in _strings(table.get("allowed_domains", []), f"{at}, field 'allowed_domains'")
    )
    patterns: dict[str, tuple[str, ...]] = {}
    for key in ("allow", "deny"):
        patterns[key] = _strings(table.get(key, []), f"{at}, field {key!r}")
        for pattern in patterns[key]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceError(f"{at}, field {key!r}: bad regular expression {pattern!r}: {exc}") from None
    rule_files = tuple(
        str((base_dir / p) if base_dir and not Path(p).is_absolute() else Path(p))
        for p in _strings(table.get("rule_files", []), f"{at}, field 'rule_files'")
    )
    if rule_files:
        from cleaners import RuleFileError, validate_rule_files  # loads trafilatura: only when needed

        try:
            validate_rule_files(rule_files)
        except (RuleFileError, OSError) as exc:
            raise SourceError(f"{at}, field 'rule_files': {exc}") from None
    networks = _strings(table.get("allow_networks", []), f"{at}, field 'allow_networks'")
    for network in networks:
        try:
            ipaddress.ip_network(network.strip(), strict=False)
        except ValueError:
            raise SourceError(
                f"{at}, field 'allow_networks': {network!r} is not a network; give CIDR blocks such as 10.0.0.0/24"
            ) from None
    return Source(
        name=name,
        urls=urls,
        allowed_domains=domains,
        allow=patterns["allow"],
        deny=patterns["deny"],
        max_depth=_count(table.get("max_depth", DEFAULT_MAX_DEPTH), f"{at}, field 'max_depth'"),
        max_pages=_count(table.get("max_pages", DEFAULT_MAX_PAGES), f"{at}, field 'max_pages'"),
        rule_files=rule_files,
        schedule=_schedule(table.get("schedule"), f"{at}, field 'schedule'"),
        allow_networks=tuple(n.strip() for n in networks),
    )


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources TOML file (``[sources.<name>]`` tables)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read sources file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML: {exc}") from None
    return sources_from_toml(text, where=str(path), base_dir=path.parent)


def sources_from_toml(text: str, *, where: str, base_dir: Path | None = None) -> list[Source]:
    """Validate sources TOML text; ``where`` (a file name, or what the text came from) starts every error."""
    path = where
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"sources"})
    if extra:
        raise SourceError(f"{path}: unknown top-level key(s) {', '.join(extra)}; define [sources.<name>] tables")
    tables = data.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise SourceError(f"{path}: no sources; define at least one [sources.<name>] table with 'urls'")
    return [parse_source(name, table, where=where, base_dir=base_dir) for name, table in tables.items()]


def source_to_toml(source: Source) -> str:
    """``source`` as a sources TOML text that ``sources_from_toml`` reads back to an equal Source."""
    lines = [f"[sources.{json.dumps(source.name)}]"]
    for key in ("urls", "allowed_domains", "allow", "deny", "max_depth", "max_pages", "rule_files", "schedule"):
        value = getattr(source, key)
        if value is not None:
            # A JSON string, list of strings or number is also a TOML one.
            lines.append(f"{key} = {json.dumps(list(value) if isinstance(value, tuple) else value)}")
    if source.allow_networks:
        lines.append(f"allow_networks = {json.dumps(list(source.allow_networks))}")
    return "\n".join(lines) + "\n"


def merge_sources(*groups: Sequence[Source]) -> list[Source]:
    """Concatenate source lists; two sources may not share a name (they would share an output folder)."""
    seen: dict[str, Source] = {}
    for group in groups:
        for source in group:
            if source.name in seen:
                raise SourceError(f"source {source.name!r} is defined twice; give each source its own name")
            seen[source.name] = source
    return list(seen.values())
