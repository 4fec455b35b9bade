"""Language-agnostic features of the blocks trafilatura keeps, for a block classifier (issue 19).

Each block (``cleaners.blocks.Block``: a paragraph, heading, list item, quote, code line or table
row) becomes a fixed-length vector of numbers read from the blocks alone, never from words of
one language: its kind and depth in trafilatura's result, how much of it is link text, its
length and shape (punctuation, case, digits), where it stands in the article (from the start,
the end, the headline, the article's long paragraphs), how much it resembles the headline and
its neighbours, how its neighbours look (sentence ends, length, links, whether a rule took
them), whether it repeats on the page or across the site, and which rule family, if any, took
it (provenance).

Nothing from the page's markup. Hashed class/id and tag buckets named each site's template (with
a few hundred junk labels a model reading them learned the sites: out-of-fold by site they won
nothing); a fixed vocabulary of generic class words and tags (share, related, caption, meta,
promo, comment, nav; figure, aside, list...) with the source element's depth, text density and
share of its parent's text did no better out-of-fold (0.9755 / 0.9455 against 0.9755 / 0.9463
without), and finding each block's source element costs a walk of the page. So ``tree`` and
``sources`` are accepted and not read (the call stays the same if markup comes back).

One exception to "no words": the learned lexical junk score (``LEXICAL_COLUMNS``, from
cleaners/lexical_junk.py) of the block and its neighbours. It is not a phrase list of ours: a
table of word and character n-gram weights learned from the boilerplate of the dev pages in every
language they hold, each n-gram seen on at least three sites (benchmarks/train_lexical_junk.py).

Pure: no Scrapy, no I/O, no model; the same blocks give the same vector in every process.
``FEATURE_NAMES`` names each column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from lxml import etree

from cleaners.blocks import Block
from cleaners.lexical_junk import LexicalModel

KINDS = ("p", "head", "item", "quote", "code", "row")
# Rule families (the part of a rule id before its first dot); others count as "other".
FAMILIES = ("text", "related", "comments", "ads", "prompts", "notices", "datelines", "captions", "site", "other")
# Rule kinds that match wordings (phrase rules): the rest judge structure.
PHRASE_KINDS = frozenset({"line", "line-with-list"})
# Characters of a line whose punctuation, case and digit shares are read (bounded cost).
SHAPE_CHARS = 200
# A "long paragraph": at least this many words (the article's body, whatever the language).
LONG_WORDS = 25
_TOKEN = re.compile(r"\w+")
SEPARATORS = ("|", "·", "•", "»", "«", "›", "‹", "/", "–", "—", ":")
_SENTENCE_END = frozenset(".!?。！？…\"'”’»)")

_SCALAR_NAMES = (
    "chars_log", "words_log", "mean_word_len", "link_share", "links", "same_site_link_share", "segments",
    "punct_share", "separator_count", "ends_sentence", "upper_share", "title_case_share", "digit_share",
    "starts_digit", "has_bracket_start",
    "index_share", "from_end_share", "chars_before_share", "is_first", "is_last", "from_title",
    "title_similarity", "prev_similarity", "next_similarity", "prev_same_kind", "next_same_kind",
    "prev_ends_sentence", "next_ends_sentence", "prev_chars_log", "next_chars_log", "prev_link_share",
    "next_link_share", "prev_removed", "next_removed", "removed_nearby",
    "after_last_long", "before_first_long", "long_share",
    "page_repeats", "site_repeats",
    "body_depth", "heading_level",
    "removed_by_rule", "removed_by_phrase_rule",
    "lex_junk", "prev_lex_junk", "next_lex_junk",
)
FEATURE_NAMES: tuple[str, ...] = (
    tuple(f"kind_{k}" for k in KINDS)
    + _SCALAR_NAMES
    + tuple(f"family_{f}" for f in FAMILIES)
)
_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}
_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
RULE_COLUMNS = ("prev_removed", "next_removed", "removed_nearby", "removed_by_rule", "removed_by_phrase_rule",
                *(f"family_{f}" for f in FAMILIES))
"""Columns that say what the rules did: the training hides them (benchmarks/train_block_model.py
``HIDDEN``), so the model learns the block, not the rules' decisions."""


LEXICAL_COLUMNS = ("lex_junk", "prev_lex_junk", "next_lex_junk")
"""The learned lexical junk score (cleaners/lexical_junk.py) of the block, and of the blocks
before and after it (0 at the ends): the words of junk, learned from the dev pages' boilerplate."""


LEXICAL_CHARS = 400
"""A block longer than this is not read by the lexical table (its score is 0): the table learned
short lines (cleaners/lexical_junk.py), and reading long paragraphs' words would cost most of its
time for nothing."""


def lexical_columns(texts: Sequence[str], lexical: LexicalModel) -> np.ndarray:
    """``LEXICAL_COLUMNS`` for blocks of these texts: (n, 3)."""
    score = lexical.junk_score
    scores = np.array([score(t) if len(t) <= LEXICAL_CHARS else 0.0 for t in texts], dtype=float)
    out = np.zeros((len(texts), 3))
    out[:, 0] = scores
    out[1:, 1] = scores[:-1]
    out[:-1, 2] = scores[1:]
    return out


def normalise(text: str) -> str:
    """Casefolded word tokens joined by spaces: what repetition compares."""
    return " ".join(_TOKEN.findall(text.casefold()))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


SHAPE_NAMES = ("punct_share", "separator_count", "ends_sentence", "upper_share", "title_case_share", "digit_share",
               "starts_digit", "has_bracket_start")


def shape(text: str) -> dict[str, float]:
    """Punctuation, case and digit shape of a line, whatever its language (``SHAPE_NAMES``)."""
    return dict(zip(SHAPE_NAMES, _shape_values(text), strict=True))


def _shape_values(text: str) -> tuple[float, ...]:
    """``shape``'s values in ``SHAPE_NAMES`` order. Counted with C-level maps of ``str``
    methods: a per-character Python loop, or a regular expression's list of matches, costs a good
    part of a page's cleaning time. The shares are read from the first ``SHAPE_CHARS``
    characters (a long paragraph's shape is its opening's)."""
    stripped = text.strip()
    if not stripped:
        return _EMPTY_SHAPE
    head = stripped[:SHAPE_CHARS]
    spaces, alphanumeric, letters, upper, digits = _char_counts(head)
    n = len(head) - spaces or 1
    initials = "".join(word[0] for word in head.split())
    upper_initials, _, _, _, _ = _char_counts(initials, upper_only=True)
    cased_initials = upper_initials + sum(map(str.islower, initials))
    return (
        (n - alphanumeric) / n,
        float(sum(map(text.count, SEPARATORS))),
        float(stripped[-1] in _SENTENCE_END),
        upper / (letters or 1),
        upper_initials / (cased_initials or 1),
        digits / n,
        float(stripped[0].isdigit()),
        float(stripped[0] in ("(", "[", "{", "<")),
    )


_EMPTY_SHAPE = (0.0,) * len(SHAPE_NAMES)
_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_UPPER = bytes(c for c in range(128) if chr(c).isupper())
_ASCII_LOWER = bytes(c for c in range(128) if chr(c).islower())
_ASCII_DIGIT = bytes(c for c in range(128) if chr(c).isdigit())


def _char_counts(text: str, upper_only: bool = False) -> tuple[int, int, int, int, int]:
    """(spaces, letters and digits, letters, capitals, digits) in ``text``, as ``str``'s own
    isspace/isalnum/isalpha/isupper/isdigit count them. ASCII text is counted by deleting byte
    classes (C speed); other text one ``str`` method map at a time. ``upper_only``: the capitals
    alone (the rest 0)."""
    if text.isascii():
        data = text.encode("ascii")
        size = len(data)
        upper = size - len(data.translate(None, _ASCII_UPPER))
        if upper_only:
            return upper, 0, 0, 0, 0
        lower = size - len(data.translate(None, _ASCII_LOWER))
        digits = size - len(data.translate(None, _ASCII_DIGIT))
        spaces = size - len(data.translate(None, _ASCII_SPACE))
        return spaces, upper + lower + digits, upper + lower, upper, digits
    upper = sum(map(str.isupper, text))
    if upper_only:
        return upper, 0, 0, 0, 0
    return (sum(map(str.isspace, text)), sum(map(str.isalnum, text)), sum(map(str.isalpha, text)), upper,
            sum(map(str.isdigit, text)))


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
    lexical: LexicalModel | None = None,
) -> list[list[float]]:
    """One vector per block (``FEATURE_NAMES`` order).

    ``rule_ids``: per block, the id of the rule that removed it or None. ``phrase_rules``: the
    ids of rules that match wordings. ``site_counts``: normalised block text -> how many other
    pages of the site hold it (``normalise``), when known. ``tree`` (the parsed page) and
    ``sources`` (each block's page element) are not read: no feature comes from the page's
    markup (module docstring); they stay in the call for its users. ``lexical``: the learned
    lexical junk table that fills ``LEXICAL_COLUMNS`` (None: they stay 0; the training script
    fills them itself, per fold)."""
    n = len(blocks)
    if n == 0:
        return []
    texts = [b.text for b in blocks]
    words_of = [_TOKEN.findall(t.casefold()) for t in texts]
    tokens = [frozenset(w) for w in words_of]
    normals = [" ".join(w) for w in words_of]  # normalise(t), read once
    repeats = Counter(normals)
    title_tokens = _tokens(title or "")
    title_at = _title_index(tokens, title_tokens) if title_tokens else None
    x = np.zeros((n, len(FEATURE_NAMES)))
    at = _COLUMN
    index = np.arange(n)
    x[index, [_KIND_INDEX.get(b.kind, 0) for b in blocks]] = 1.0
    lengths = np.array([len(t) for t in texts], dtype=float)
    chars_log = np.log1p(lengths)
    words = np.array([max(b.words, len(tokens[i]), 1 if texts[i] else 0) for i, b in enumerate(blocks)], dtype=float)
    x[:, at["chars_log"]] = chars_log
    x[:, at["words_log"]] = np.log1p(words)
    spaces = np.array([t.count(" ") for t in texts], dtype=float)
    x[:, at["mean_word_len"]] = (lengths - spaces) / np.maximum([len(t.split()) for t in texts], 1)
    link_shares = np.array([b.link_share for b in blocks])
    x[:, at["link_share"]] = link_shares
    links = np.array([len(b.links) for b in blocks], dtype=float)
    x[:, at["links"]] = links
    x[:, at["same_site_link_share"]] = np.array([b.same_site_links for b in blocks]) / np.maximum(links, 1)
    x[:, at["segments"]] = [len(b.segments) for b in blocks]
    shapes = np.array([_shape_values(t) for t in texts], dtype=float)
    x[:, [at[name] for name in SHAPE_NAMES]] = shapes
    x[:, at["index_share"]] = index / n
    x[:, at["from_end_share"]] = (n - 1 - index) / n
    x[:, at["chars_before_share"]] = (np.cumsum(lengths) - lengths) / (lengths.sum() or 1)
    x[0, at["is_first"]] = 1.0
    x[n - 1, at["is_last"]] = 1.0
    x[:, at["from_title"]] = index - title_at if title_at is not None else index + 1
    x[:, at["title_similarity"]] = [jaccard(t, title_tokens) for t in tokens]
    # similarity of block i to block i + 1: the next's "prev", this one's "next"
    following = np.array([jaccard(tokens[i], tokens[i + 1]) for i in range(n - 1)] + [0.0])
    x[1:, at["prev_similarity"]] = following[:-1]
    x[:, at["next_similarity"]] = following
    kinds = [b.kind for b in blocks]
    same_kind = np.array([kinds[i] == kinds[i + 1] for i in range(n - 1)], dtype=float)
    x[1:, at["prev_same_kind"]] = same_kind
    x[:-1, at["next_same_kind"]] = same_kind
    ends = shapes[:, SHAPE_NAMES.index("ends_sentence")]
    x[:, at["prev_ends_sentence"]] = np.r_[-1.0, ends[:-1]]
    x[:, at["next_ends_sentence"]] = np.r_[ends[1:], -1.0]
    x[1:, at["prev_chars_log"]] = chars_log[:-1]
    x[:-1, at["next_chars_log"]] = chars_log[1:]
    x[1:, at["prev_link_share"]] = link_shares[:-1]
    x[:-1, at["next_link_share"]] = link_shares[1:]
    rule_ids = rule_ids if rule_ids is not None else [None] * n
    removed = np.array([r is not None for r in rule_ids], dtype=float)
    x[1:, at["prev_removed"]] = removed[:-1]
    x[:-1, at["next_removed"]] = removed[1:]
    padded = np.pad(removed, 2)
    x[:, at["removed_nearby"]] = (padded[:-4] + padded[1:-3] + padded[3:-1] + padded[4:]) / 4
    long = np.flatnonzero((words >= LONG_WORDS) & (removed == 0))
    first_long, last_long = (int(long[0]), int(long[-1])) if len(long) else (n, -1)
    x[:, at["after_last_long"]] = np.where(index > last_long, (index - last_long) / n, 0.0)
    x[:, at["before_first_long"]] = np.where(index < first_long, (first_long - index) / n, 0.0)
    x[:, at["long_share"]] = len(long) / n
    x[:, at["page_repeats"]] = [repeats[normal] - 1 for normal in normals]
    if site_counts:
        x[:, at["site_repeats"]] = [site_counts.get(normal, 0) for normal in normals]
    x[:, at["body_depth"]] = [_body_depth(b.element) for b in blocks]
    x[:, at["heading_level"]] = [_heading_level(b) for b in blocks]
    x[:, at["removed_by_rule"]] = removed
    x[:, at["removed_by_phrase_rule"]] = [r is not None and r in phrase_rules for r in rule_ids]
    for i, rule in enumerate(rule_ids):
        family = rule_family(rule)
        if family is not None:
            x[i, at[f"family_{family}"]] = 1.0
    if lexical is not None:
        x[:, [at[name] for name in LEXICAL_COLUMNS]] = lexical_columns(texts, lexical)
    return x.tolist()
