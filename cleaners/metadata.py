"""Metadata beyond what trafilatura returns, read from the same parsed tree."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache

from lxml import etree

# XPath note for this module: "/descendant::x" selects what "//x" does without libxml2 visiting
# every node twice (descendant-or-self, then child), and "/descendant::*/@a[. = 'v']/.." tests
# an attribute as a step, not as a predicate on every element: a third to a half of the time,
# the same nodes in the same order.
_LANG = etree.XPath(
    "string((/html/@lang | /html/@xml:lang"
    " | /descendant::meta[@http-equiv='content-language' or @http-equiv='Content-Language'"
    " or @property='og:locale']/@content)[1])",
    namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
)


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Tags that say "no language given", not a language.
_NOT_A_LANGUAGE = {"und", "zxx", "mul", "mis", "xx"}
# Below this many characters of text, language identification is a guess.
DETECT_MIN_CHARS = 20
DETECT_MAX_CHARS = 3000


def normalise_language(value: str | None) -> str | None:
    """One BCP 47 tag in its canonical case (``en``, ``pt-BR``, ``zh-Hant-TW``), or None for
    values that are no language tag (``x-default``, ``und``, ``{{lang}}``)."""
    if not value:
        return None
    value = value.strip().replace("_", "-").split(",")[0].split(";")[0].strip()
    if not _TAG.match(value) or value.lower() in _NOT_A_LANGUAGE:
        return None
    primary, *rest = value.split("-")
    parts = [primary.lower()]
    for part in rest:
        if len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def page_language(tree: etree._Element) -> str | None:
    """The language the page declares (``<html lang>``, Content-Language, og:locale), normalised."""
    return normalise_language(str(_LANG(tree)))


@lru_cache(maxsize=1)
def _identifier():  # returns py3langid.langid.LanguageIdentifier (imported lazily)
    """py3langid's model ships inside its wheel: loaded once per process (from its unpacked copy,
    ``cleaners.langid_model``), never downloaded."""
    from cleaners.langid_model import load_identifier

    return load_identifier(norm_probs=True)


def detect_language(text: str, min_probability: float = 0.5) -> str | None:
    """The language of ``text`` by py3langid, when the text is long enough and the model sure."""
    if len(text) < DETECT_MIN_CHARS:
        return None
    try:
        identifier = _identifier()
    except OSError:  # py3langid unpacks its model to a temporary file: no room, no language
        return None
    language, probability = identifier.classify(text[:DETECT_MAX_CHARS])
    return normalise_language(language) if probability >= min_probability else None


# At most this many authors, tags or categories are kept of a page (the first ones, in page
# order): real pages give a handful, and a page listing 200,000 must not cost more than a few.
MAX_AUTHORS = 50
MAX_TAGS = 100
# Byline parts read to find those authors (some parts are job titles or agencies, not names).
_MAX_BYLINE_PARTS = 20 * MAX_AUTHORS
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")


def split_list(value: str | list[str] | None, separator: str = ";", limit: int = MAX_TAGS) -> list[str]:
    """trafilatura joins authors, tags and categories into one string; split them back: the
    first ``limit`` distinct items, in order (a set tells repeats: linear in the input)."""
    if not value:
        return []
    items: Iterable[str] = value if isinstance(value, list) else value.split(separator)
    if separator != ";" or isinstance(value, list):
        # tags and categories: a list whose items are themselves comma- or pipe-joined lists
        items = (piece for item in items for piece in _LIST_SPLIT.split(item))
    return _first_distinct((" ".join(item.split()) for item in items), limit)


def _first_distinct(items: Iterable[str], limit: int) -> list[str]:
    """The first ``limit`` distinct non-empty items, in order."""
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
            if len(out) >= limit:
                break
    return out


# --- headline, authors, timestamps ---------------------------------------------------------------

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def clean_title(title: str | None, site_name: str | None, h1: str | None, host: str | None = None) -> str | None:
    """The headline without the site's name that <title> and og:title carry (' | Site', 'Site - ').

    A part is dropped when it is the site name (or the host's name), or when the page's <h1> is
    one of the other parts; a title with no separator is kept as it is."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if h1:
        h1_key = _key(h1)
        for part in parts:
            if _key(part) == h1_key:
                return part
    names = {_key(site_name or "")}
    if host:
        labels = host.lower().removeprefix("www.").split(".")
        names.add(_key(labels[0]))
        names.add(_key(".".join(labels)))
    names.discard("")
    for candidate in (parts[:-1], parts[1:]):
        dropped = parts[-1] if candidate == parts[:-1] else parts[0]
        if _key(dropped) in names or any(name and name in _key(dropped) for name in names if len(name) > 3):
            return " - ".join(candidate) if len(candidate) > 1 else candidate[0]
    return title


_BY = re.compile(r"^(?i:by|from|von|por|par|di|door|av|af)\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b)\s*")
# Words that make a byline part a job title or an organisation, not a person.
_ROLE = re.compile(
    r"(?i)\b(?:writer|reporter|editor|correspondent|staff|contributor|columnist|journalist|photographer|producer"
    r"|analyst|desk|team|bureau|newsroom|redaktion|redacci[oó]n|r[ée]daction|agency|press|wire|news|media"
    r"|associated|reuters|afp|dpa|ap|ansa|efe|xinhua|contributing|senior|chief|special|guest)\b"
)


def clean_authors(raw: str | list[str] | None, site_name: str | None = None) -> list[str]:
    """Person names from a byline: no 'By', no job titles ('AP Auto Writer'), no site or agency
    names, split on commas and 'and' (and its equivalents in a few languages)."""
    site = _key(site_name or "")
    return _first_distinct(_person_names(raw, site), MAX_AUTHORS)


def _person_names(raw: str | list[str] | None, site: str) -> Iterator[str]:
    """The byline parts of ``raw`` that look like a person's name, repeats included."""
    for item in split_list(raw, limit=_MAX_BYLINE_PARTS):
        item = _BY.sub("", item.strip())
        for part in _AUTHOR_SPLIT.split(item):
            part = _BY.sub("", part.strip(" .·|-–—:"))
            if not part or any(c.isdigit() for c in part) or "@" in part or "://" in part:
                continue
            if len(part.split()) > 5 or _ROLE.search(part) or (site and _key(part) == site):
                continue
            if part[0].isalpha() and part[0].islower():
                continue  # 'staff', 'contributor' and the like, or a sentence fragment
            yield part


# One pass over the page for both stamps: meta elements, itemprop dates and <time pubdate>.
_STAMP_NODES = etree.XPath(
    "/descendant::meta[@content] | /descendant::*/@itemprop[. = 'datePublished' or . = 'dateModified']/.."
    " | /descendant::time[@pubdate]"
)
_PUBLISHED_NAMES = {
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date",
    "dc.date.issued", "dcterms.created",
}
_MODIFIED_NAMES = {"article:modified_time", "og:updated_time", "datemodified", "lastmod", "dcterms.modified"}
_JSON_LD = etree.XPath("/descendant::script[@type='application/ld+json']/text()")
_LD_DATE = re.compile(r'"(datePublished|dateModified)"\s*:\s*"([^"]{10,40})"')


def _timestamp(value: str) -> str | None:
    """An ISO 8601 date-time as the page gives it, normalised (``2023-03-21T10:00:00+01:00``);
    None for values without a time of day or that do not parse."""
    value = value.strip()
    if len(value) <= 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed.isoformat()


def page_timestamps(tree: etree._Element) -> tuple[str | None, str | None]:
    """Publication and modification date-times from the page's markup (meta, itemprop, JSON-LD)."""
    found: dict[str, str] = {}
    for node in _STAMP_NODES(tree):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if node.tag == "time":
            name = "pubdate"
        key = "published" if name in _PUBLISHED_NAMES else "modified" if name in _MODIFIED_NAMES else None
        if key is None or key in found:
            continue
        stamp = _timestamp(node.get("content") or node.get("datetime") or "")
        if stamp:
            found[key] = stamp
    if len(found) < 2:
        for script in _JSON_LD(tree):
            for name, value in _LD_DATE.findall(str(script)):
                key = "published" if name == "datePublished" else "modified"
                stamp = _timestamp(value)
                if stamp and key not in found:
                    found[key] = stamp
    return found.get("published"), found.get("modified")


def with_time(date: str | None, stamp: str | None) -> str | None:
    """trafilatura's date, with the time and zone of the page's own timestamp for that day."""
    if stamp and (not date or stamp[:10] == date[:10]):
        return stamp
    return date


def _ld_author_names(node: object, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for item in node:
            _ld_author_names(item, out)
    elif isinstance(node, dict):
        name = node.get("name")
        if isinstance(name, str) and node.get("@type", "Person") in ("Person", ["Person"]):
            out.append(name)


def _walk_ld(node: object, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_ld(item, out)
    elif isinstance(node, dict):
        if "author" in node:
            _ld_author_names(node["author"], out)
        for key in ("@graph", "mainEntity"):
            if key in node:
                _walk_ld(node[key], out)


def page_ld_authors(tree: etree._Element) -> list[str]:
    """Author names of the page's JSON-LD (Person authors only), for when trafilatura finds none."""
    names: list[str] = []
    for script in _JSON_LD(tree):
        if len(names) >= _MAX_BYLINE_PARTS:
            break
        if '"author"' not in script:
            continue
        try:
            _walk_ld(json.loads(str(script)), names)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
            continue
    return names[:_MAX_BYLINE_PARTS]
