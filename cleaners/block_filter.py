"""The block model in cleaning: after the text rules, drop the blocks they kept that it calls junk.

The packaged model (``cleaners/models/block_model.json``, see its data card there) is used "on
top" of the rules: the page's blocks are judged by the text rules first (the rules' verdicts are
feature columns, but the shipped model was trained with them hidden, so it judges the block
alone and only the blocks the rules kept can go), then every block gets its features
(``cleaners.block_features``) and a junk score; a block the rules kept whose score is at or
above the threshold is removed, with provenance ``model.block`` and its score
(``RemovedBlock.score``; a record writes it as ``model.block@0.873``, see docs/block-model.md).

Never removed: code lines and table rows (``protected`` blocks), the headline's block, and never
so much that the model takes more than half the words the rules left: then the page stays as the
rules left it and ``FilterResult.held_back`` says so (the pipeline also keeps the rules' page when
the model's cut would make it no article).

Pure: no Scrapy; the only I/O is reading the model file once per process (cached). A model file
that is missing, corrupt or trained on other features is said ONCE in the log, and cleaning goes
on with the rules alone.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from lxml import etree

from cleaners.block_features import FEATURE_NAMES, PHRASE_KINDS, block_features, jaccard
from cleaners.block_model import BlockModel
from cleaners.blocks import Block
from cleaners.lexical_junk import LexicalModel
from cleaners.result import MODEL_RULE_ID, SCORE_DIGITS, RemovedBlock
from cleaners.ruleset import RuleSet

log = logging.getLogger(__name__)

# THE default: whether cleaning uses the block model when nobody says (``block_model=None``, no
# CLEANCRAWL_BLOCK_MODEL, no --no-model). Off: out-of-fold it beats the rules on both dev sets by
# a hair (+0.0002 / +0.0008, with the lexical columns), it leaves junk in unseen wordings about as
# the rules do (19.5% against 19.7% on scrapinghub-aeb), and its cost is at the budget
# (+10% a page): docs/block-model.md, cleaners/models/README.md.
DEFAULT_BLOCK_MODEL = False
MODEL_FILE = "block_model.json"
LEXICAL_FILE = "lexical_junk.json"
"""The learned lexical junk table (cleaners/lexical_junk.py) whose scores are the model's
``LEXICAL_COLUMNS``: trained with the model, shipped beside it."""
# The model never takes more than this share of the words the rules kept on a page.
MAX_MODEL_WORD_SHARE = 0.5
# Block kinds never removed (the record's ``protected`` lines: code and table rows).
PROTECTED_KINDS = frozenset({"code", "row"})
# A block at least this like the headline (word Jaccard) is the headline's block.
HEADLINE_SIMILARITY = 0.5


class ModelUnavailable(Exception):
    """The packaged model cannot be used (missing, corrupt, or trained on other features)."""


def read_model(text: str) -> BlockModel:
    """A model from its file's text, checked against today's features; ModelUnavailable if not."""
    try:
        return BlockModel.from_json(text, FEATURE_NAMES)
    except (ValueError, KeyError, TypeError, AttributeError) as err:  # JSONDecodeError is a ValueError
        raise ModelUnavailable(f"the block model file cannot be used: {err}") from None


def _model_text() -> str:
    return (resources.files("cleaners") / "models" / MODEL_FILE).read_text(encoding="utf-8")


def _lexical_text() -> str:
    return (resources.files("cleaners") / "models" / LEXICAL_FILE).read_text(encoding="utf-8")


def read_lexical(text: str) -> LexicalModel:
    """The lexical junk table from its file's text; ModelUnavailable if it cannot be used."""
    try:
        return LexicalModel.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ModelUnavailable(f"the lexical junk table cannot be used: {err}") from None


@functools.cache
def packaged_lexical() -> LexicalModel | None:
    """The packaged lexical junk table, read once per process; None when it cannot be used (the
    model that reads its columns is then off: ``packaged_model``)."""
    try:
        return read_lexical(_lexical_text())
    except (OSError, UnicodeDecodeError, ModelUnavailable):
        return None


@functools.cache
def packaged_model() -> BlockModel | None:
    """The packaged model, read once per process; None (and ONE warning) when it cannot be used,
    or when it reads the lexical columns and the lexical table cannot be used."""
    try:
        model = read_model(_model_text())  # its features are FEATURE_NAMES, the lexical columns among them
        if packaged_lexical() is None:  # read once, kept for the features
            log.warning("block model off, rules only: the lexical junk table cleaners/models/%s cannot be used",
                        LEXICAL_FILE)
            return None
        return model
    except (OSError, UnicodeDecodeError) as err:
        log.warning("block model off, rules only: cannot read cleaners/models/%s or %s: %s", MODEL_FILE,
                    LEXICAL_FILE, err)
    except ModelUnavailable as err:
        log.warning("block model off, rules only: %s", err)
    return None


def model_wanted(block_model: bool | None) -> bool:
    """Whether to use the model: the caller's say, else the default."""
    return DEFAULT_BLOCK_MODEL if block_model is None else bool(block_model)


def check_threshold(value: float | str | None) -> float | None:
    """A junk-score threshold: a number strictly between 0 and 1 (None: the model's own)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"the model threshold must be a number between 0 and 1, not {value!r}") from None
    if not 0.0 < number < 1.0:  # also refuses nan
        raise ValueError(f"the model threshold must be strictly between 0 and 1, not {value!r}")
    return number


# id(rules' text tuple) -> (that tuple, its phrase rule ids): a rule set is the same object page
# after page (cleaners.ruleset caches it), and hashing its rules on every page would cost more.
_PHRASE_RULES: dict[int, tuple[object, frozenset[str]]] = {}


def phrase_rules(ruleset: RuleSet) -> frozenset[str]:
    """Ids of the page's text rules that match wordings (a feature: ``removed_by_phrase_rule``)."""
    cached = _PHRASE_RULES.get(id(ruleset.text))
    if cached is not None and cached[0] is ruleset.text:
        return cached[1]
    ids = frozenset(rule.id for rule in ruleset.text if rule.kind in PHRASE_KINDS)
    if len(_PHRASE_RULES) > 64:
        _PHRASE_RULES.clear()
    _PHRASE_RULES[id(ruleset.text)] = (ruleset.text, ids)
    return ids


def rule_ids(blocks: Sequence[Block], kept: Sequence[Block], removed: Sequence[RemovedBlock]) -> list[str | None]:
    """Per block, the id of the text rule that removed it (None: kept); the rules' removals come in
    block order, one per block not kept."""
    kept_ids = {id(b) for b in kept}
    taken = iter(removed)
    out: list[str | None] = []
    for block in blocks:
        if id(block) in kept_ids:
            out.append(None)
        else:
            rule = next(taken, None)
            out.append(rule.rule_id if rule is not None else "unknown")
    return out


def headline_index(blocks: Sequence[Block], title: str | None) -> int | None:
    """The block most like the headline (at least HEADLINE_SIMILARITY of its words), if any."""
    if not title:
        return None
    title_words = frozenset(title.casefold().split())
    best, best_score = None, HEADLINE_SIMILARITY
    for i, block in enumerate(blocks):
        score = jaccard(frozenset(block.text.casefold().split()), title_words)
        if score >= best_score:
            best, best_score = i, score
            if score == 1.0:
                break
    return best


@dataclass(slots=True)
class FilterResult:
    """What the model did to one page's blocks."""

    kept: list[Block]
    """The blocks left (the rules' kept, minus the model's removals)."""
    text_removed: list[RemovedBlock]
    """The rules' removals and the model's, merged in block order (``place_removed`` wants that)."""
    removed: list[RemovedBlock] = field(default_factory=list)
    """The model's removals alone."""
    held_back: bool = False
    """The model would have taken more than MAX_MODEL_WORD_SHARE of the words: nothing taken."""


def filter_blocks(
    model: BlockModel,
    blocks: Sequence[Block],
    kept: Sequence[Block],
    text_removed: Sequence[RemovedBlock],
    *,
    tree: etree._Element | None,
    title: str | None,
    ruleset: RuleSet,
    threshold: float | None = None,
    site_counts: Mapping[str, int] | None = None,
    sources: Sequence[etree._Element | None] | None = None,
    lexical: LexicalModel | None = None,
) -> FilterResult:
    """Score every block and remove the kept ones at or above ``threshold`` (None: the model's).
    ``lexical``: the lexical junk table for the model's lexical columns (None: the packaged one)."""
    unchanged = FilterResult(list(kept), list(text_removed))
    if not kept:
        return unchanged
    limit = model.threshold if threshold is None else threshold
    ids = rule_ids(blocks, kept, text_removed)
    headline = headline_index(blocks, title)
    candidates = [
        i for i, block in enumerate(blocks) if ids[i] is None and block.kind not in PROTECTED_KINDS and i != headline
    ]
    if not candidates:
        return unchanged
    # every block's row (a row reads its neighbours' and the rules' verdicts), but only the
    # blocks that may go are scored
    lexical = lexical if lexical is not None else packaged_lexical()
    rows = block_features(blocks, tree, title, ids, phrase_rules(ruleset), site_counts, sources, lexical)
    scores = dict(zip(candidates, model.junk_scores([rows[i] for i in candidates]), strict=True))
    drop = {i for i in candidates if scores[i] >= limit}
    if not drop:
        return unchanged
    kept_words = sum(b.words for b in kept)
    if sum(blocks[i].words for i in drop) > MAX_MODEL_WORD_SHARE * kept_words:
        unchanged.held_back = True
        return unchanged
    result = FilterResult([], [])
    rules_taken = iter(text_removed)
    for i, block in enumerate(blocks):
        if i in drop:
            gone = RemovedBlock(MODEL_RULE_ID, "text", block.text, score=round(float(scores[i]), SCORE_DIGITS))
            result.removed.append(gone)
            result.text_removed.append(gone)
        elif ids[i] is None:
            result.kept.append(block)
        else:
            taken = next(rules_taken, None)
            if taken is not None:  # (one per block the rules did not keep; never short, but never a crash)
                result.text_removed.append(taken)
    return result
