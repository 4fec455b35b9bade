"""Metadata beyond what trafilatura returns, read from the same parsed tree."""

from __future__ import annotations

import calendar
import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from lxml import etree

from cleaners.countries import is_country

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

# A separator between a title's parts: a dash, bar, colon, bullet or guillemet with spaces
# around it, or a bar (ASCII or full-width) with or without them.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[\-–—:·•»«~]|::)\s+|\s*[|｜]\s*")
# "Site: headline": a colon right after a leading site name.
_LEADING_COLON = re.compile(r"^([^:|]{2,80}?):\s+")
# Host labels that name no site ("blog.example.org", "edition.example.com").
_GENERIC_HOST_LABELS = {"www", "m", "amp", "mobile", "blog", "blogs", "news", "edition", "web", "en", "de", "fr", "es"}


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def site_names(
    site_name: str | None, host: str | None, more: Iterable[str | None] = (), headlines: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The keys (letters and digits, case-folded) a page's own name can take in its titles: the
    declared site name (og:site_name, JSON-LD publisher, trafilatura's pick), each part of a
    declared name that is itself a list ("LinkNaija | Nigeria's popular news platform"), and the
    host's name ("vg247" of www.vg247.com, "wdayru" of www.wday.ru). A declared name, or a part
    of one, that holds one of ``headlines`` (keys) is left out: some pages declare their
    headline as their site's name."""
    host_names: set[str] = set()
    if host:
        labels = host.lower().removeprefix("www.").split(".")
        host_names.add(_key(".".join(labels)))
        host_names.update(_key(label) for label in labels[:-1] if label not in _GENERIC_HOST_LABELS and len(label) > 2)
    host_names.discard("")
    frozen_host = frozenset(host_names)

    def headline_not_name(key: str) -> bool:  # holds a headline, and is not the host's name
        return any(len(h) >= 8 and h in key for h in headlines) and not _is_site_name(key, frozen_host)

    names: set[str] = set()
    for name in (site_name, *more):
        if name and not headline_not_name(_key(name)):
            names.add(_key(name))
            names.update(_key(part) for part in _TITLE_SEPARATORS.split(name))
    names = {name for name in names if not headline_not_name(name)} | host_names
    names.discard("")
    return frozenset(names)


def _is_site_name(part: str, names: frozenset[str]) -> bool:
    """Whether a title part is the site's name: equal to one, containing one that makes up a good
    share of it ("The GiveWell Blog" holds "givewell"), or a part of a longer declared name."""
    key = _key(part)
    if not key:
        return False
    if key in names:
        return True
    for name in names:
        if len(name) >= 4 and name in key and len(name) >= 0.4 * len(key):
            return True
        if len(key) >= 4 and key in name and len(key) >= 0.4 * len(name):
            return True
    return False


def _title_parts(title: str) -> list[tuple[int, int]]:
    """The (start, end) spans of a title's parts between separators."""
    spans, start = [], 0
    for separator in _TITLE_SEPARATORS.finditer(title):
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(title)))
    return [(a, b) for a, b in spans if b > a]


def strip_site_name(title: str | None, names: frozenset[str]) -> str | None:
    """``title`` without the site-name parts that <title> and og:title carry (' | Site', 'Site - ',
    'Site: ', ' - Site - Tagline'), cut from the title as written (its own dashes and quotes kept).
    None for no title, or a title that is nothing but the site's name."""
    if not title:
        return None
    title = " ".join(title.split())
    spans = _title_parts(title)
    if len(spans) > 1 and names:
        # leading site-name parts go ('Site » Blog Archive » Headline')...
        leading = 0
        while leading < len(spans) - 1 and _is_site_name(title[spans[leading][0]:spans[leading][1]], names):
            leading += 1
        spans = spans[leading:]
        # ...then the first site-name part after the headline ends it: what follows is a tagline
        for index in range(1, len(spans)):
            if _is_site_name(title[spans[index][0]:spans[index][1]], names):
                spans = spans[:index]
                break
        title = title[spans[0][0]:spans[-1][1]]
    colon = _LEADING_COLON.match(title)
    if colon and names and _is_site_name(colon.group(1), names) and title[colon.end():].strip():
        title = title[colon.end():]
    title = title.strip(" |｜-–—:·•»«~")
    if not title or _key(title) in names:  # the site's name itself ('Gitarre & Bass 02/2022' is not)
        return None
    return title


def clean_title(title: str | None, site_name: str | None, h1: str | None, host: str | None = None) -> str | None:
    """The headline without the site's name that <title> and og:title carry (' | Site', 'Site - ').

    A part of the title that is the page's <h1> is that headline; otherwise the site-name parts
    are cut (``strip_site_name``). A title that is only the site's name gives None."""
    if not title:
        return None
    title = " ".join(title.split())
    if h1:
        h1_key = _key(h1)
        for start, end in _title_parts(title):
            if _key(title[start:end]) == h1_key:
                return title[start:end]
    return strip_site_name(title, site_names(site_name, host))


# --- the headline as printed -----------------------------------------------------------------------

_MAX_HEADINGS = 60
# Metas that declare the page's title, or the site's name.
_TITLE_METAS = {"og:title", "twitter:title", "og:site_name", "application-name"}
# Metas that name the page's publisher (a URL in them is no name).
_PUBLISHER_METAS = {"publisher", "article:publisher", "dc.publisher", "dcterms.publisher", "copyright"}
# What a copyright notice says besides its holder's name.
_COPYRIGHT_WORDS = re.compile(r"(?i)\bcopyright\b|\(c\)|©|\b(?:19|20)\d\d\b|\ball rights reserved\b|[-–,.]")
_LD_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.){1,600})"')
_LD_PUBLISHER = re.compile(r'"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"((?:[^"\\]|\\.){1,200})"')
# Class and id words of the page's own frame around a heading: its masthead, menus, footer.
_CHROME_WORDS = {
    "logo", "brand", "branding", "masthead", "navbar", "nav", "navigation", "menu", "footer", "foot", "sidebar",
    "recirc", "related", "promo", "adblock", "teaser", "breadcrumb", "breadcrumbs", "cabecera",
    "topbar", "sitename", "sectionname", "banner",
}
_CHROME_TAGS = {"nav", "footer", "aside"}
# Words of a page's top bar that say "frame" unless an article container is further up.
_WEAK_CHROME_WORDS = {"header", "top", "pagetitle"}
# Class and id words of the article's own container or its heading.
_ARTICLE_WORDS = {
    "article", "post", "entry", "story", "hentry", "headline", "hed", "title", "single", "detail", "titulo", "content",
}
_WORD = re.compile(r"[a-z0-9]+")
# Letters of the scripts written without spaces between words (Chinese, Japanese, Korean, Thai):
# six of them say as much as three words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(frozen=True, slots=True)
class Heading:
    """An <h1> or <h2> as printed (ruby readings left out), and where it stands."""

    text: str
    level: int
    chrome: bool  # in the page's masthead, menus, sidebar or footer
    in_article: bool  # inside an article container (or the article's header)
    # its own text and each child element's, when it has children: a kicker or a date printed
    # inside the heading ("<span>Wurmkiste</span> Wurmkiste selber bauen") is a piece apart
    pieces: tuple[str, ...] = ()


# The scripts trafilatura's JSON-LD pass reads (its extract_meta_json: ``.//script[@type=...]``).
JSON_SCRIPT_TYPES = ("application/ld+json", "application/settings+json")
JSON_LD_TYPE = JSON_SCRIPT_TYPES[0]


def is_json_script(script: etree._Element, tree: etree._Element) -> bool:
    """``script`` (a ``<script>`` of ``tree``) is one trafilatura's JSON-LD pass reads."""
    return script.get("type") in JSON_SCRIPT_TYPES and script is not tree


@dataclass(slots=True)
class HeadlineClues:
    """What the page says its headline is, read before extraction (which prunes the tree)."""

    headings: list[Heading] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # og:title, JSON-LD headline, twitter:title, <title>
    names: list[str] = field(default_factory=list)  # og:site_name, application-name, JSON-LD publisher
    # the publisher's names in the metas (publisher, article:publisher, the copyright holder): not
    # the headline's clues, read in the same walk for the byline (``clean_authors``' publishers)
    publishers: list[str] = field(default_factory=list)
    json_scripts: list[etree._Element] = field(default_factory=list)
    """The page's scripts of ``JSON_SCRIPT_TYPES`` in page order, the root aside: what trafilatura's
    JSON-LD pass reads (cleaners.json_ld), found by the same walk."""

    def json_ld(self) -> list[str]:
        """The texts of the page's JSON-LD scripts (``application/ld+json``), in page order: what
        the timestamps, the JSON-LD authors and the article test read."""
        return [script.text for script in self.json_scripts if script.get("type") == JSON_LD_TYPE and script.text]


# Tags whose text runs on with its neighbours' ("<b>Ger</b>many", ruby bases).
_GAP = "\x00"
_GAP_BEFORE_PUNCTUATION = re.compile(r"\x00+(?=\s*[,.:;!?…)\]])")
_RUN_ON_TAGS = {"ruby", "rb", "b", "i", "em", "strong", "u", "sup", "sub", "abbr", "mark", "a", "font", "q"}


def _printed_text(element: etree._Element) -> str:
    """An element's text as a reader sees it: no ruby readings (<rt>, <rp>), scripts or styles."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("rt", "rp", "script", "style"):
                # a kicker's <span> or a <br> is a line of its own; <b>, <a> and ruby run on
                gap = "" if child.tag in _RUN_ON_TAGS else _GAP
                parts.append(gap)
                walk(child)
                parts.append(gap)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    # a gap before punctuation is none ('<span>Klimaschutz</span><span>:</span> Bohren')
    text = _GAP_BEFORE_PUNCTUATION.sub("", "".join(parts)).replace(_GAP, " ")
    return " ".join(text.split())


def _pieces(element: etree._Element) -> tuple[str, ...]:
    """A heading's own text (its text and its children's tails) and each child element's."""
    children = [child for child in element if isinstance(child.tag, str) and child.tag not in ("rt", "rp", "br")]
    if not children:
        return ()
    own = " ".join((element.text or "").split() + [w for child in element for w in (child.tail or "").split()])
    texts = [own, *(_printed_text(child) for child in children[:8])]
    return tuple(text for text in (t.strip(" |｜-–—:·•»«~") for t in texts) if text)


def _place(element: etree._Element) -> tuple[bool, bool]:
    """(chrome, in_article) of a heading: the first ancestor (itself included) that says which
    decides; a page header (<header>, 'header' words) counts as frame unless an article
    container encloses it."""
    weak = False
    node: etree._Element | None = element
    depth = 0
    while node is not None and depth < 12:
        tag = node.tag if isinstance(node.tag, str) else ""
        words = set(_WORD.findall(f"{node.get('class') or ''} {node.get('id') or ''}".lower()))
        if tag in ("article", "main") or (words & _ARTICLE_WORDS and tag not in _CHROME_TAGS):
            return False, True
        if tag in _CHROME_TAGS or words & _CHROME_WORDS:
            return True, False
        if tag == "header" or words & _WEAK_CHROME_WORDS:
            weak = True
        if tag == "body":
            break
        node = node.getparent()
        depth += 1
    return weak, False


def headline_clues(tree: etree._Element) -> HeadlineClues:
    """The page's headings and declared titles, for ``printed_headline``: one walk over the
    elements that can hold them (a page's headings, metas, title and JSON-LD scripts), which also
    reads the publisher's names in the metas (``publishers``) and lists the scripts trafilatura's
    JSON-LD pass reads (``json_scripts``)."""
    clues = HeadlineClues()
    og = twitter = html_title = None
    ld: list[str] = []
    headings = 0
    for element in tree.iter("h1", "h2", "meta", "title", "script"):
        tag = element.tag
        if tag == "meta":
            name = (element.get("property") or element.get("name") or "").lower()
            if name in _PUBLISHER_METAS:
                clues.publishers += _publisher_name(name, element.get("content") or "")
            elif name in _TITLE_METAS:
                content = " ".join((element.get("content") or "").split())
                if not content:
                    continue
                if name == "og:title":
                    og = og or content
                elif name == "twitter:title":
                    twitter = twitter or content
                else:
                    clues.names.append(content)
        elif tag == "script":
            if is_json_script(element, tree):
                clues.json_scripts.append(element)
            if element.get("type") == JSON_LD_TYPE and element.text:
                ld += [_json_string(m) for m in _LD_HEADLINE.findall(element.text)[:5]]
                clues.names += [_json_string(m) for m in _LD_PUBLISHER.findall(element.text)[:5]]
        elif tag == "title":
            html_title = html_title or element.text
        elif headings < _MAX_HEADINGS:
            headings += 1
            text = _printed_text(element)
            if text:
                chrome, in_article = _place(element)
                level = 1 if tag == "h1" else 2
                clues.headings.append(Heading(text, level, chrome, in_article, _pieces(element)))
    for title in (og, *ld, twitter, html_title):
        title = html_lib.unescape(" ".join((title or "").split()))
        if title and title not in clues.titles:
            clues.titles.append(title)
    return clues


def _publisher_name(meta: str, content: str) -> list[str]:
    """The publisher's name a publisher or copyright meta gives (none for a URL)."""
    if "://" in content or content.startswith("www."):
        return []
    if meta == "copyright":
        content = _COPYRIGHT_WORDS.sub(" ", content)
    content = " ".join(html_lib.unescape(content).split())
    return [content] if content else []


def _json_string(value: str) -> str:
    try:
        return html_lib.unescape(json.loads(f'"{value}"'))
    except ValueError:
        return value


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def agreement(heading: str, title: str) -> float:
    """How surely ``heading`` and ``title`` are the same headline: 1 equal (letters and digits,
    case-folded), 0.9 one holds the other and is most of it, else the share of the shorter's
    words the other has (for three words or more, and at least 0.4 of the longer's count; scaled
    below containment), else 0."""
    a, b = _key(heading), _key(title)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if short in long and len(short) >= 0.4 * len(long):
        return 0.9
    words_a, words_b = _tokens(heading), _tokens(title)
    shorter, longer = sorted((len(words_a), len(words_b)))
    if shorter < 3 or shorter < 0.4 * longer:  # a blog's or a section's name inside a long title
        return 0.0
    return 0.85 * len(words_a & words_b) / shorter


# A heading agreeing with a declared title this surely is the printed headline.
MIN_AGREEMENT = 0.5
# An <h2> must agree this surely (h2s are also teasers and section heads).
MIN_H2_AGREEMENT = 0.9


def _best_heading(
    headings: list[Heading], titles: list[str], parts: list[str], minimum: float, longer_ok: bool = True
) -> tuple[Heading, str] | None:
    """The heading that agrees best with one of the titles or is one of their ``parts`` (the
    first of equals), and that title; unless ``longer_ok``, not a heading that is the title and
    much more."""
    part_keys = {_key(part) for part in parts}
    best: tuple[float, Heading, str] | None = None
    for heading in headings:
        if heading.level == 1 and _key(heading.text) in part_keys and (best is None or best[0] < 0.95):
            best = (0.95, heading, heading.text)
        for title in titles:
            score = agreement(heading.text, title)
            if not longer_ok and len(_key(heading.text)) > 1.2 * len(_key(title)):
                continue
            if score >= minimum and (best is None or score > best[0]):
                best = (score, heading, title)
    return (best[1], best[2]) if best else None


def _without_kicker(found: Heading, titles: list[str]) -> str:
    """A heading with a kicker, a date or a site name printed in it ('Local News | ...',
    '<span>Roofline</span> Headline'): the piece of it that a declared title is, as printed."""
    heading = found.text
    keys = {_key(title) for title in titles}
    if _key(heading) in keys:
        return heading
    for piece in found.pieces:
        if _key(piece) in keys:
            return piece
    # a piece that agrees as well as the whole, and is most of it: the rest is a hidden label
    # or a date ('Energiewende und Mobilität<span>, Thema: Forschung</span>')
    whole = max(agreement(heading, title) for title in titles) if titles else 0.0
    for piece in found.pieces:
        if len(piece) >= 0.5 * len(heading) and whole and max(agreement(piece, t) for t in titles) >= whole:
            return piece
    spans = _title_parts(heading)
    if len(spans) < 2:
        return heading
    for first in range(len(spans)):
        for last in range(len(spans) - 1, first - 1, -1):
            if (first, last) != (0, len(spans) - 1) and _key(heading[spans[first][0]:spans[last][1]]) in keys:
                return heading[spans[first][0]:spans[last][1]]
    return heading


def printed_headline(
    clues: HeadlineClues, extracted_title: str | None, site_name: str | None, host: str | None
) -> str | None:
    """The headline as the page prints it (see docs/output.md, "title").

    1. an <h1> outside the page's frame that agrees with a declared title (og:title, JSON-LD
       headline, twitter:title, <title>, each without its site-name parts; or equal to one of
       their parts), the best agreeing one, minus a section kicker;
    2. else an <h1> in the page's frame (a breadcrumb's last item, say) or an <h2> that agrees
       nearly exactly;
    3. else the first <h1> outside the frame, when it is in an article container and has three
       words or more, or six letters of a script written without spaces (the printed headline
       where the SEO title says something else);
    4. else the first declared title without its site name, else trafilatura's title; never a
       bare site name (None)."""
    raw = clues.titles
    # each title and its longest part: the headline, whatever else the page calls its name
    declared = {_key(title) for title in raw} | {
        _key(max((title[a:b] for a, b in _title_parts(title)), key=len)) for title in raw
    }
    names = site_names(site_name, host, clues.names, frozenset(declared))
    stripped = [t for t in dict.fromkeys(strip_site_name(title, names) for title in raw) if t]
    # a title's part an h1 may equal ('Penny' of 'Penny - Stardew Valley Wiki'): one that every
    # declared title holds, so not a section's name that og:title does not share ('News - Site')
    parts = [
        part for title in raw for part in (title[a:b] for a, b in _title_parts(title))
        if len(_title_parts(title)) > 1 and not _is_site_name(part, names)
        and all(_key(part) in _key(other) for other in raw)
    ]
    headings = [h for h in clues.headings if not _is_site_name(h.text, names)]
    tiers = (
        ([h for h in headings if h.level == 1 and not h.chrome], MIN_AGREEMENT, True),
        ([h for h in headings if h.level == 1 and h.chrome], MIN_H2_AGREEMENT, False),  # a breadcrumb's h1
        ([h for h in headings if h.level == 2 and not h.chrome], MIN_H2_AGREEMENT, False),
    )
    for candidates, minimum, longer_ok in tiers:
        found = _best_heading(candidates, stripped, parts, minimum, longer_ok)
        if found:
            return _without_kicker(found[0], stripped)
    first = next((h for h in clues.headings if h.level == 1 and not h.chrome), None)
    # a first h1 that is the site's name, or that a declared title holds, is the site's or a
    # section's name, not a headline: then there is no article h1 to fall back on
    if first and (_is_site_name(first.text, names) or any(_key(first.text) in _key(title) for title in raw)):
        first = None
    if first and first.in_article and (len(first.text.split()) >= 3 or len(_UNSPACED.findall(first.text)) >= 6):
        return first.text
    if stripped:
        return stripped[0]
    # trafilatura's pick last: it may be the page's first <h1>, a logo as often as not
    return strip_site_name(extracted_title, names)


_BY = re.compile(
    r"^(?i:by|from|von|por|par|di|door|av|af|autor|autorin|autora|autore|auteur|author|text|texto|texte|tekst"
    r"|yazar|penulis|автор|текст|interview|written by|posted by)\s*:?\s+"
    r"|^(?:责任编辑|编辑|作者|记者|撰文|文)\s*[:：]\s*"  # Chinese labels, closed by a colon
)
# "Analysis by Name", "Un reportage par Name": a short lead-in before the by-word.
_LEAD_IN_BY = re.compile(r"^(?:[\w'’]+\s+){1,3}(?i:by|por|par)\s+(?=\w)")  # not 'von': Christoph von Eichhorn
# What a byline part is trimmed of at its ends.
_PART_EDGES = " .·|-–—:'\"‘’“”«»"
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b)\s*")
# A wire agency printed after a person's name in one part ("JILL LAWLESS Associated Press"):
# cut off, so that the name stays (the agency alone is no person: ``_ROLE``).
_AGENCY_TAIL = re.compile(r"(?i)\s+(?:the\s+)?(?:associated press|reuters|afp|dpa|ap|ansa|efe|xinhua)$")


def _without_agency(part: str) -> str:
    """``part`` without a wire agency after the name, when a name of two words or more is left
    ('The Associated Press' stays whole, for ``_ROLE`` to drop)."""
    name = _AGENCY_TAIL.sub("", part)
    return name if " " in name else part


# Words that make a byline part a job title or an organisation, not a person.
_ROLE = re.compile(
    r"(?i)\b(?:writer|reporter|editor|correspondent|staff|contributor|columnist|journalist|photographer|producer"
    r"|analyst|desk|team|bureau|newsroom|redaktion|redacci[oó]n|r[ée]daction|agency|press|wire|news|media"
    r"|associated|reuters|afp|dpa|ap|ansa|efe|xinhua|agencies|agenturen|contributing|senior|chief|special|guest"
    r"|noticias|nachrichten|stiftung|verband|verlag|gmbh|ag|kg|e\.v|inc|ltd|llc|foto|photo|фото|bild|credit)\b"
)
# A host name whose dots a byline lost: "Www Example Com", "Cleveland com", "przepisy pl".
_DOMAIN_WORDS = re.compile(r"(?i)^www\b|\s(?:com|org|net|info|de|at|ch|pl|fr|es|it|uk|ru|nl|br)$")
_EMAIL_OR_HANDLE = re.compile(r"\S+@\S+|(?<!\w)@\w+|\bhttps?://\S+|\bwww\.\S+|[()\[\]]")
# Month names of the languages trafilatura's date search knows best (English from ``calendar``),
# and the words that start a time stamp: where a date glued to a byline begins.
_MONTHS = {
    *(name.casefold() for name in calendar.month_name[1:]), *(name.casefold() for name in calendar.month_abbr[1:]),
    "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",  # de
    "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",  # fr
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
    "octubre", "noviembre", "diciembre",  # es
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",  # it
    "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro",  # pt
    "januari", "februari", "maart", "mei", "augustus",  # nl
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
    "października", "listopada", "grudnia",  # pl
}
# Day names (English from ``calendar``, in full): 'Malcolm Owen Monday, November 14'.
_WEEKDAYS = {
    *(name.casefold() for name in calendar.day_name),
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",  # de
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",  # fr
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",  # es
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",  # it
    "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",  # pt
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",  # nl
    "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",  # pl
}
_STAMP_WORDS = {
    "updated", "published", "posted", "aktualisiert", "veröffentlicht", "publié", "publiée", "mis", "publicado",
    "actualizado", "pubblicato", "aggiornato", "atualizado", "am", "le", "el", "on", "uhr",
}
_WORDS = re.compile(r"\S+")


# One-word byline parts that name no person: a CMS's placeholder accounts, a degree, the button
# or label printed beside a byline, an editorial office's or a credit's abbreviation.
_PLACEHOLDERS = frozenset({
    "admin", "administrator", "webmaster", "unknown", "anonymous", "anonym", "anónimo", "guest", "gast", "user",
    "editorial", "posted", "follow", "folgen", "seguir", "suivre", "text", "phd",
    # the abbreviations of an editorial office and of a picture credit ('red', 'zvg': zur Verfügung
    # gestellt), and 'courtesy' alone
    "red", "zvg", "courtesy", "cortesía", "cortesia",
})


def _is_placeholder(word: str) -> bool:
    """A one-word byline part that is no one's name: ``_PLACEHOLDERS`` or an account named after
    the admin ('Jdadmin', 'Wordpressadmin'). A month alone may be a first name ('Jan', 'June')."""
    folded = word.casefold()
    return folded in _PLACEHOLDERS or folded.endswith("admin")


def _without_date(part: str) -> str:
    """A byline part up to where a date or a time stamp glued to it starts ('Carrie Arnold
    November 12' -> 'Carrie Arnold'). A month or day name ends the name when a number (or, for a
    day, a month) follows it or when it comes after two words or more: 'Theresa May', 'April
    Ryan' and 'Joe Friday' stay; a day name alone is no name ('Dienstag')."""
    words = _WORDS.findall(part)
    for index, word in enumerate(words):
        bare = word.strip(".,:;").casefold()
        following = words[index + 1] if index + 1 < len(words) else ""
        if any(c.isdigit() for c in word):
            return " ".join(words[:index])
        if bare in _MONTHS and (following[:1].isdigit() or (index >= 2 and not following)):
            return " ".join(words[:index])
        if bare in _WEEKDAYS and (
            len(words) == 1 or following[:1].isdigit() or following.strip(".,").casefold() in _MONTHS
            or (index >= 2 and not following)
        ):
            return " ".join(words[:index])
        if bare in _STAMP_WORDS and index >= 1 and (following[:1].isdigit() or following.casefold() in _MONTHS
                                                    or bare in ("updated", "published", "posted", "aktualisiert",
                                                                "veröffentlicht", "publié", "publicado")):
            return " ".join(words[:index])
    return part


def clean_authors(
    raw: str | list[str] | None, site_name: str | None = None, publishers: Iterable[str] = ()
) -> list[str]:
    """Person names from a byline, as a set in page order: split on commas, bars and 'and' (and
    its equivalents in a few languages), without 'By', job titles ('AP Auto Writer'), degrees
    ('MS', 'RD'), agencies, the site's own name, emails and @handles, or a date glued on; repeats
    (in any case) once; a name printed in capitals in its usual case. ``publishers``: the names
    the page gives its publisher (``HeadlineClues.names`` and ``publishers``), left out when a
    name of the byline remains (a ``<meta name=author>`` that names the publisher beside the
    writers: 'Condé Nast; Molly Wood'); alone, such a name may be a blog's own author."""
    names = frozenset({_key(site_name)} if site_name else ())  # the whole name: a blog's may be its author's
    out: list[str] = []
    seen: set[str] = set()
    for name in _person_names(raw, names):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
            if len(out) >= MAX_AUTHORS:
                break
    return _without_publishers(_without_short_forms(out), publishers)


def _without_short_forms(authors: list[str]) -> list[str]:
    """``authors`` without a name printed again with a middle initial more ('Troy Smith' beside
    'Troy L. Smith'): the longer form stays, where the first of the two stood (``_full_form``)."""
    forms = [_full_form(name) for name in authors]
    out: list[str] = []
    placed: dict[tuple[str, ...], int] = {}
    for name, form in zip(authors, forms, strict=True):
        if form in placed:
            at = placed[form]
            if len(name.split()) > len(out[at].split()):
                out[at] = name
            continue
        placed[form] = len(out)
        out.append(name)
    return out


def _full_form(name: str) -> tuple[str, ...]:
    """A name's words without its initials, when two words or more are left ('J. Smith' and
    'K. Smith' are two people); else all its words."""
    words = tuple(w.casefold() for w in name.split())
    full = tuple(w for w in words if not _INITIAL.fullmatch(w))
    return full if len(full) >= 2 else words


_INITIAL = re.compile(r"[^\W\d_]\.?")


def _without_publishers(authors: list[str], publishers: Iterable[str]) -> list[str]:
    """``authors`` without the publisher's names, unless nothing else is left."""
    keys = {_key(name) for name in publishers}
    writers = [name for name in authors if _key(name) not in keys]
    return writers or authors


# A name with an initial whose dot the byline lost: 'Sarah E Needleman' ('J O Haselhoef').
_BARE_INITIAL = re.compile(r"(?<!\S)[^\W\d_](?!\S)")


def printed_initials(name: str, printed: Iterable[str], page: str = "") -> str:
    """``name`` as the page prints it when trafilatura's byline lost the dots of its initials
    ('Sarah E Needleman' -> 'Sarah E. Needleman'): from ``printed`` (the page's JSON-LD author
    names) where one is the same name with dots, else from the first place in ``page`` (the
    page's markup) that prints it so; ``name`` itself when neither does."""
    if not _BARE_INITIAL.search(name):
        return name
    key = _key(name)
    for candidate in printed:
        if "." in candidate and _key(candidate) == key:
            return " ".join(candidate.split())
    words = name.split()
    if not any(_BARE_INITIAL.fullmatch(word) for word in words[:-1]):
        return name  # 'John F': no initial is followed by more of the name
    pattern = "".join(
        re.escape(word) + (r"\.\s*" if _BARE_INITIAL.fullmatch(word) else r"\s+") for word in words[:-1]
    ) + re.escape(words[-1])
    found = re.search(rf"(?<!\w){pattern}(?!\w)", page)
    return " ".join(found.group().split()) if found else name


def _person_names(raw: str | list[str] | None, names: frozenset[str]) -> Iterator[str]:
    """The byline parts of ``raw`` that look like a person's name, repeats included. Once a date
    begins in a part, the parts after it are the rest of it ('Malcolm Owen Monday, November',
    which trafilatura gives as 'Malcolm Owen Monday; November')."""
    # an entity's ';' is no separator ('Redacci&oacute;n'), in a byline or in a list's names
    raw = html_lib.unescape(raw) if isinstance(raw, str) else [html_lib.unescape(name) for name in raw or ()]
    parts = [part for item in split_list(raw, limit=_MAX_BYLINE_PARTS) for part in _AUTHOR_SPLIT.split(_bare(item))]
    for part in _without_address(parts):
        bare = _BY.sub("", part.strip(_PART_EDGES))
        dated = _without_date(bare)
        name = _without_title(_without_agency(dated.strip(_PART_EDGES)))
        if _is_person_name(name, names):
            yield " ".join(w.capitalize() if len(w) > 1 else w for w in name.split()) if name.isupper() else name
        if dated != bare:
            return


# A job title printed before a person's name ('Rechtsanwalt Jan Weber', 'FOCUS-Online-Experte Jan
# Weber', 'Reporter Ana Souza'): the role, or a compound ending in one, in the languages of _BY.
_LEADING_TITLE = re.compile(
    r"(?i)^(?:[\w.]+-)*(?:rechtsanw[aä]lt(?:in)?|fachanw[aä]lt(?:in)?|anw[aä]lt(?:in)?|experte|expertin"
    r"|(?:chef|gast)?redakteur(?:in)?|reporter(?:in)?|korrespondent(?:in)?|(?:gast)?autor(?:in)?|journalist(?:in)?"
    r"|kolumnist(?:in)?|moderator(?:in)?|correspondent|columnist|journaliste|r[ée]dact(?:eur|rice)|chroniqueu(?:r|se)"
    r"|redactora?|periodista|corresponsal|giornalista|redatt(?:ore|rice)|inviat[oa]|jornalista|rep[óo]rter|redatora?"
    r"|colunista|redacteur|verslaggever|dziennikar(?:z|ka)|redaktor(?:ka)?|korespondent(?:ka)?|muhabir|edit[öo]r"
    r"|журналист(?:ка)?|корреспондент|обозреватель|редактор|wartawan)\s+"
)


def _without_title(part: str) -> str:
    """``part`` without a job title printed before the name, when a name of two words or more
    is left ('Rechtsanwalt Jan Weber' -> 'Jan Weber'; 'Reporter Weber' stays, for ``_ROLE``)."""
    name = _LEADING_TITLE.sub("", part, count=1)
    words = name.split()
    return name if name != part and len(words) >= 2 and words[0][:1].isupper() else part


def _bare(item: str) -> str:
    """A byline item without emails, handles, brackets, 'By' and a lead-in ('Analysis by')."""
    return _LEAD_IN_BY.sub("", _BY.sub("", " ".join(_EMAIL_OR_HANDLE.sub(" ", item).split())))


def _without_address(parts: list[str]) -> list[str]:
    """A byline's parts without the address a publisher's imprint ends in ('Olympia-Verlag
    GmbH, Nürnberg, Germany', 'Kirche und Leben, Münster, Germany'): when the last part is a
    country, it goes, and so does every part that is one word (a town; abbreviations after it
    allowed: 'Frankfurt a. M'), which in such a line is no person's name."""
    if not parts or not is_country(parts[-1].strip(_PART_EDGES)):
        return parts
    return [part for part in parts[:-1] if not _is_place(part.strip(_PART_EDGES))]


def _is_place(part: str) -> bool:
    """One word, maybe followed by abbreviations or initials ('Hamburg', 'Frankfurt a. M')."""
    words = part.split()
    return bool(words) and all(len(w.rstrip(".")) <= 2 for w in words[1:])


# The small words a person's name holds: 'Justus von Daniels', 'Felipe de la Cruz', 'Ahmed bin Ali'.
_NAME_PARTICLES = frozenset({
    "von", "van", "der", "den", "de", "del", "della", "dela", "di", "da", "das", "do", "dos", "du", "la", "le",
    "les", "lo", "ten", "ter", "zu", "zum", "zur", "y", "e", "i", "bin", "ibn", "binti", "al", "el", "ben", "af",
    "av", "och", "und",
})
_PARTICLE_PREFIX = re.compile(r"^(?:d|l|al|el|ben|bin|ibn|o)['’-]", re.IGNORECASE)


def _small_word(word: str) -> bool:
    """A word after a name's first that starts with a small letter and is no particle of a
    name: a byline part with one is a phrase, not a person ('Catch more fish')."""
    return (
        word[0].isalpha() and word[0].islower() and word.casefold() not in _NAME_PARTICLES
        and not _PARTICLE_PREFIX.match(word)
    )


def _is_person_name(part: str, names: frozenset[str]) -> bool:
    """Whether a byline part, its date and agency cut off, looks like a person's name."""
    if not part or any(c.isdigit() for c in part) or "://" in part:
        return False
    if len(part.split()) > 5 or _ROLE.search(part) or _key(part) in names or _DOMAIN_WORDS.search(part):
        return False
    if " " not in part and len(part) <= 2:
        return False  # 'Jd' of 'Autor Jd': initials or a handle
    if " " not in part and _is_placeholder(part):
        return False  # a CMS's account or a label ('Admin', 'Unknown', 'Follow')
    if part[0].isalpha() and part[0].islower():
        return False  # 'staff', 'contributor' and the like, or a sentence fragment
    if part.split()[0].casefold() == "the":
        return False  # 'The Water Coolest', 'The Russian': a title or a phrase, not a person
    if any(_small_word(word) for word in part.split()[1:]):
        return False  # 'Catch more fish', 'Bundesministerium für Wirtschaft', 'Fuchsy designed'
    # an initialism: a degree ('MS', 'RDN'), an agency ('PTI'), 'K A'
    return not (part.isupper() and (" " not in part or max(len(w) for w in part.split()) <= 1))


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


def page_timestamps(tree: etree._Element, json_ld: Sequence[str]) -> tuple[str | None, str | None]:
    """Publication and modification date-times from the page's markup (meta, itemprop, and its
    JSON-LD scripts' texts, ``json_ld``: ``HeadlineClues.json_ld``)."""
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
        for script in json_ld:
            for name, value in _LD_DATE.findall(script):
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


def page_ld_authors(json_ld: Sequence[str]) -> list[str]:
    """Author names of the page's JSON-LD scripts' texts (``HeadlineClues.json_ld``; Person authors
    only), for when trafilatura finds none."""
    names: list[str] = []
    for script in json_ld:
        if len(names) >= _MAX_BYLINE_PARTS:
            break
        if '"author"' not in script:
            continue
        try:
            _walk_ld(json.loads(script), names)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
            continue
    return names[:_MAX_BYLINE_PARTS]
