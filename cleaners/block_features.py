"""Language-agnostic features of the blocks trafilatura keeps, for a block classifier (issue 19).

Each block (``cleaners.blocks.Block``: a paragraph, heading, list item, quote, code line or table
row) becomes a fixed-length vector of numbers read from structure and shape, never from words of
one language: its kind and where it sits in the page's markup (tag path, depth, the class and id
tokens of its ancestors, hashed into buckets), how much of it is link text, its length and shape
(punctuation, case, digits), where it stands in the article (from the start, the end, the
headline), how much it resembles the headline and its neighbours, whether it repeats on the page
or across the site, and which rule family, if any, took it (provenance).

Pure: no Scrapy, no I/O, no model. Hashing uses ``zlib.crc32``, so a vector is the same in every
process (Python's ``hash`` is salted per run). ``FEATURE_NAMES`` names each column.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence

from lxml import etree

from cleaners.blocks import Block
from cleaners.container import block_sources

KINDS = ("p", "head", "item", "quote", "code", "row")
# Rule families (the part of a rule id before its first dot); others count as "other".
FAMILIES = ("text", "related", "comments", "ads", "prompts", "notices", "datelines", "captions", "site", "other")
# Rule kinds that match wordings (phrase rules): the rest judge structure.
PHRASE_KINDS = frozenset({"line", "line-with-list"})
TAG_BUCKETS = 16
CLASS_BUCKETS = 32
# Ancestors read for tag and class/id tokens, nearest first.
MAX_ANCESTORS = 8
# Elements counted under a block's source element for its text density (bounded cost).
MAX_DENSITY_NODES = 50
_TOKEN = re.compile(r"\w+")
_CLASS_TOKEN = re.compile(r"[a-z]+")
SEPARATORS = ("|", "·", "•", "»", "«", "›", "‹", "/", "–", "—", ":")
_SENTENCE_END = frozenset(".!?。！？…\"'”’»)")

_SCALAR_NAMES = (
    "chars_log", "words_log", "mean_word_len", "link_share", "links", "same_site_link_share", "segments",
    "punct_share", "separator_count", "ends_sentence", "upper_share", "title_case_share", "digit_share",
    "starts_digit", "has_bracket_start",
    "index_share", "from_end_share", "chars_before_share", "is_first", "is_last", "from_title",
    "title_similarity", "prev_similarity", "next_similarity", "prev_same_kind", "next_same_kind",
    "page_repeats", "site_repeats",
    "body_depth", "source_found", "source_depth_log", "text_density", "heading_level",
    "removed_by_rule", "removed_by_phrase_rule",
)
FEATURE_NAMES: tuple[str, ...] = (
    tuple(f"kind_{k}" for k in KINDS)
    + _SCALAR_NAMES
    + tuple(f"family_{f}" for f in FAMILIES)
    + tuple(f"tag_bucket_{i}" for i in range(TAG_BUCKETS))
    + tuple(f"class_bucket_{i}" for i in range(CLASS_BUCKETS))
)
PHRASE_COLUMNS = ("removed_by_phrase_rule",)
"""Columns a model that decides instead of the phrase rules must not see."""


def normalise(text: str) -> str:
    """Casefolded word tokens joined by spaces: what repetition compares."""
    return " ".join(_TOKEN.findall(text.casefold()))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def bucket(token: str, buckets: int) -> int:
    """A stable bucket for ``token`` (crc32, the same in every process)."""
    return zlib.crc32(token.encode("utf-8")) % buckets


def shape(text: str) -> dict[str, float]:
    """Punctuation, case and digit shape of a line, whatever its language. Counted with C-level
    maps of ``str`` methods: a per-character Python loop, or a regular expression's list of
    matches, costs a good part of a page's cleaning time."""
    n = len(text) - sum(map(str.isspace, text)) or 1
    alphanumeric = sum(map(str.isalnum, text))
    letters = sum(map(str.isalpha, text)) or 1
    initials = [word[0] for word in text.split()]
    upper_initials = sum(map(str.isupper, initials))
    cased_initials = upper_initials + sum(map(str.islower, initials))
    stripped = text.strip()
    return {
        "punct_share": (n - alphanumeric) / n if text.strip() else 0.0,
        "separator_count": float(sum(map(text.count, SEPARATORS))),
        "ends_sentence": float(bool(stripped) and stripped[-1] in _SENTENCE_END),
        "upper_share": sum(map(str.isupper, text)) / letters,
        "title_case_share": upper_initials / (cased_initials or 1),
        "digit_share": sum(map(str.isdigit, text)) / n,
        "starts_digit": float(stripped[:1].isdigit()),
        "has_bracket_start": float(stripped[:1] in ("(", "[", "{", "<") and bool(stripped)),
    }


def rule_family(rule_id: str | None) -> str | None:
    if not rule_id:
        return None
    family = rule_id.split(".", 1)[0]
    return family if family in FAMILIES else "other"


def _heading_level(block: Block) -> float:
    element = block.element
    if block.kind != "head" or element is None:
        return 0.0
    rend = element.get("rend") or ""
    return float(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit() else 0.0


def _body_depth(element: etree._Element | None) -> float:
    depth = 0
    while element is not None:
        depth += 1
        element = element.getparent()
    return float(depth)


def _own_buckets(element: etree._Element) -> tuple[int, tuple[int, ...]]:
    """The tag bucket of one element and the buckets of its class and id tokens."""
    attributes = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    tokens = set(_CLASS_TOKEN.findall(attributes))
    return bucket(element.tag, TAG_BUCKETS), tuple(bucket(t, CLASS_BUCKETS) for t in sorted(tokens))


def _markup(
    source: etree._Element | None, vector: list[float], base: int, cache: dict[etree._Element, tuple]
) -> dict[str, float]:
    """Tag path and class/id tokens of the source element and its ancestors, into ``vector``'s
    buckets from ``base`` (nearer ancestors weigh more); its depth and text density. ``cache``
    keeps each element's own buckets: the blocks of a page share most of their ancestors."""
    if source is None:
        return {"source_found": 0.0, "source_depth_log": 0.0, "text_density": 0.0}
    depth = 0
    element: etree._Element | None = source
    seen = 0
    while element is not None:
        depth += 1
        if seen < MAX_ANCESTORS and isinstance(element.tag, str):
            weight = 1.0 / (1 + seen)  # the nearest ancestors say most
            own = cache.get(element)
            if own is None:
                own = cache[element] = _own_buckets(element)
            vector[base + own[0]] += weight
            for index in own[1]:
                vector[base + TAG_BUCKETS + index] += weight
            seen += 1
        element = element.getparent()
    nodes = 0
    chars = 0
    for node in source.iter():
        nodes += 1
        if nodes > MAX_DENSITY_NODES:
            break
        chars += len(node.text or "") if isinstance(node.tag, str) else 0
    return {
        "source_found": 1.0,
        "source_depth_log": math.log1p(depth),
        "text_density": chars / nodes,
    }


def _title_index(texts: Sequence[frozenset[str]], title: frozenset[str]) -> int | None:
    """The block most like the headline (at least half its words), if any."""
    best, best_score = None, 0.5
    for i, tokens in enumerate(texts):
        score = jaccard(tokens, title)
        if score > best_score:
            best, best_score = i, score
    return best


def block_features(
    blocks: Sequence[Block],
    tree: etree._Element | None = None,
    title: str | None = None,
    rule_ids: Sequence[str | None] | None = None,
    phrase_rules: frozenset[str] = frozenset(),
    site_counts: Mapping[str, int] | None = None,
    sources: Sequence[etree._Element | None] | None = None,
) -> list[list[float]]:
    """One vector per block (``FEATURE_NAMES`` order).

    ``tree``: the parsed page the blocks were extracted from (ancestor tags and classes; without
    it those columns stay 0). ``rule_ids``: per block, the id of the rule that removed it or None.
    ``phrase_rules``: the ids of rules that match wordings. ``site_counts``: normalised block text
    -> how many other pages of the site hold it (``normalise``), when known. ``sources``: the
    page element each block starts in, when the rules walked the page for them already
    (``BlockTrace.locate``); else found here from ``tree``."""
    n = len(blocks)
    if n == 0:
        return []
    texts = [b.text for b in blocks]
    tokens = [_tokens(t) for t in texts]
    normals = [normalise(t) for t in texts]
    repeats = Counter(normals)
    title_tokens = _tokens(title or "")
    title_at = _title_index(tokens, title_tokens) if title_tokens else None
    if sources is None or len(sources) != n:
        sources = block_sources(tree, texts) if tree is not None else [None] * n
    lengths = [len(t) for t in texts]
    total_chars = sum(lengths) or 1
    rule_ids = rule_ids if rule_ids is not None else [None] * n
    base_tags = len(KINDS) + len(_SCALAR_NAMES) + len(FAMILIES)
    rows: list[list[float]] = []
    cache: dict[etree._Element, tuple] = {}
    chars_before = 0
    for i, block in enumerate(blocks):
        vector = [0.0] * len(FEATURE_NAMES)
        vector[KINDS.index(block.kind) if block.kind in KINDS else 0] = 1.0
        words = max(block.words, len(tokens[i]), 1 if texts[i] else 0)
        rule = rule_ids[i]
        scalars = {
            "chars_log": math.log1p(lengths[i]),
            "words_log": math.log1p(words),
            "mean_word_len": sum(len(w) for w in texts[i].split()) / (len(texts[i].split()) or 1),
            "link_share": block.link_share,
            "links": float(len(block.links)),
            "same_site_link_share": block.same_site_links / len(block.links) if block.links else 0.0,
            "segments": float(len(block.segments)),
            **shape(texts[i]),
            "index_share": i / n,
            "from_end_share": (n - 1 - i) / n,
            "chars_before_share": chars_before / total_chars,
            "is_first": float(i == 0),
            "is_last": float(i == n - 1),
            "from_title": float(i - title_at) if title_at is not None else float(i + 1),
            "title_similarity": jaccard(tokens[i], title_tokens),
            "prev_similarity": jaccard(tokens[i], tokens[i - 1]) if i > 0 else 0.0,
            "next_similarity": jaccard(tokens[i], tokens[i + 1]) if i + 1 < n else 0.0,
            "prev_same_kind": float(i > 0 and blocks[i - 1].kind == block.kind),
            "next_same_kind": float(i + 1 < n and blocks[i + 1].kind == block.kind),
            "page_repeats": float(repeats[normals[i]] - 1),
            "site_repeats": float(site_counts.get(normals[i], 0)) if site_counts else 0.0,
            "body_depth": _body_depth(block.element),
            "heading_level": _heading_level(block),
            "removed_by_rule": float(rule is not None),
            "removed_by_phrase_rule": float(rule is not None and rule in phrase_rules),
            **_markup(sources[i], vector, base_tags, cache),
        }
        for offset, name in enumerate(_SCALAR_NAMES):
            vector[len(KINDS) + offset] = scalars[name]
        family = rule_family(rule)
        if family is not None:
            vector[len(KINDS) + len(_SCALAR_NAMES) + FAMILIES.index(family)] = 1.0
        rows.append(vector)
        chars_before += lengths[i]
    return rows
