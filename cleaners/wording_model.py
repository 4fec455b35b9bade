"""The wording model: a short line that reads like page furniture in any wording, learned (issue 19).

The phrase rules (label, concept and shape rules) take the furniture lines whose words and
grammar they were written for; a writer's other wording of the same prompt ("Bu haberi
beğendiniz mi? Paylaşmayı unutmayın", "Te-a ajutat acest articol? Spune-ne în comentarii")
slips through when no rule's grammar holds it. This rule reads a line's words as the lexical junk
score does (cleaners/lexical_junk.py: word unigrams and bigrams, character 3- and 4-grams of each
word, so a weight carries across inflections and related languages), with a table learned from
the junk lines of every wording file we hold (``tests/wordings``, about 25 languages) against
the story lines written beside them (news sentences, subheadings and how-to steps using the same
words) and the dev pages' own article blocks (benchmarks/train_wording_model.py; the data card
is cleaners/models/README.md).

A block the other rules kept goes when it is short (``max_words`` of its rule), is not the
headline, is no heading (an ``<h2>`` 'How to turn off comments on Facebook' is the story's own:
how-to and Q&A articles are full of them; a comment section's heading is left to the label
rules), is no bare label of one or two words unless alone between prose (``LABEL_MAX_WORDS``),
and scores at or above the table's threshold (``card.threshold``, chosen out-of-fold by the
training script), or at or above ``OFF_TOPIC_THRESHOLD`` when it shares no word of five letters
or more with the rest of the story and its titles (furniture speaks of the site and the reader,
not of the story); and never every line the other rules kept. It runs after every other rule (it
judges what they left), so a line another rule explains keeps that rule's name in its
provenance; its own removals carry their score (``RemovedBlock.score``: ``model.wording@0.975``
in a record, shown by the review).

Pure: no Scrapy; the only I/O is reading the table once per process (cached). A table that is
missing or cannot be read is said ONCE in the log and the rule takes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Protocol

from cleaners.block_features import jaccard
from cleaners.lexical_junk import LexicalModel
from cleaners.result import SCORE_DIGITS
from cleaners.ruleset import TextRule
from cleaners.shape_rules import between_prose

log = logging.getLogger(__name__)


class PageContext(Protocol):
    """What the matcher reads of ``cleaners.text_rules.PageContext`` (which imports this module)."""

    titles: tuple[str, ...]
    word_counts: tuple[int, ...]

    def kind(self, i: int) -> str: ...

    def heading_in_page(self, i: int) -> bool: ...


TABLE_FILE = "wording_junk.json"
LABEL_MAX_WORDS = 2
"""A bare label of at most this many words ('Telegram', 'No comment', 'Opinion') is a story's
flattened subheading as often as furniture: the table judges it only alone between two prose
paragraphs ('Kommentare lesen', 'Jetzt posten'), as the shape rules judge a bare network name
(``shape_rules.between_prose``); beside a heading or a short line it is left to the label rules,
which know the exact words."""
HEADLINE_SIMILARITY = 0.5
"""A line sharing at least this share of its words with the headline (Jaccard) is the headline's."""
_WORD = re.compile(r"\w+")
_in_use: list[LexicalModel] = []


def read_table(text: str) -> LexicalModel:
    """A wording table from its file's text; ValueError when it cannot be used (another format,
    other n-grams, or no threshold in its card)."""
    try:
        table = LexicalModel.from_json(text)
        threshold = float(table.card["threshold"])
    except (KeyError, TypeError, AttributeError, ValueError) as err:  # JSONDecodeError is a ValueError
        raise ValueError(f"the wording table cannot be used: {err!r}") from None
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"the wording table's threshold {threshold!r} is not between 0 and 1")
    return table


@functools.cache
def packaged_table() -> LexicalModel | None:
    """The packaged table, read once per process; None (and ONE warning) when it cannot be used."""
    try:
        return read_table((resources.files("cleaners") / "models" / TABLE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        log.warning("rule model.wording off: cannot use cleaners/models/%s: %s", TABLE_FILE, err)
    return None


def current_table() -> LexicalModel | None:
    """The table the rule reads: the one ``table_in_use`` set, else the packaged one."""
    return _in_use[-1] if _in_use else packaged_table()


@contextlib.contextmanager
def table_in_use(table: LexicalModel) -> Iterator[None]:
    """Read ``table`` instead of the packaged one inside the block (benchmarks score each page
    with the table trained without its site: benchmarks/quality.py ``--wording-folds``)."""
    _in_use.append(table)
    try:
        yield
    finally:
        _in_use.pop()


def removal_score(text: str) -> float | None:
    """The table's junk score of a line the rule removed, as its provenance gives it (3 digits,
    as the block model's: a record writes ``model.wording@0.975``); None without a table."""
    table = current_table()
    return None if table is None else round(table.junk_score(text), SCORE_DIGITS)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def is_headline(text: str, titles: Sequence[str]) -> bool:
    """The line shares at least ``HEADLINE_SIMILARITY`` of its words with one of the page's titles."""
    words = _word_set(text)
    return any(jaccard(words, _word_set(title)) >= HEADLINE_SIMILARITY for title in titles)


def match_wording_model(
    rule: TextRule, paragraphs: Sequence[str], context: PageContext, verdict: dict[int, str]
) -> set[int]:
    """Short lines the other rules kept that the wording table scores as junk (module docstring);
    never every line they kept."""
    table = current_table()
    if table is None:
        return set()
    threshold = float(table.card["threshold"])
    counts = context.word_counts
    kept = [i for i in range(len(paragraphs)) if i not in verdict]
    topic = _Topic(paragraphs, kept, context.titles)
    hits = set()
    for i in kept:
        if not (0 < counts[i] <= rule.max_words and context.kind(i) in rule.blocks):
            continue
        score = table.junk_score(paragraphs[i])
        if score < OFF_TOPIC_THRESHOLD or (score < threshold and not topic.off_topic(i)):
            continue
        if is_headline(paragraphs[i], context.titles) or _heading(i, context):
            continue
        if counts[i] > LABEL_MAX_WORDS or between_prose(i, context):
            hits.add(i)
    return hits if len(hits) < len(kept) else set()


OFF_TOPIC_THRESHOLD = 0.92
"""The table's threshold for a line of three words or more that shares no word of the story
(``_Topic``): furniture is about the site and the reader, not the story, so a line that reads
like furniture and shares none of the story's words is taken at a lower score. The lowest score
at which the table's own story-line budget still holds (0.9 broke it); measured out-of-fold on the
dev sets and on the held-out wave-5 wordings (cleaners/models/README.md, "Off the story's topic")."""
TOPIC_WORD_CHARS = 5
_TOPIC_WORD = re.compile(rf"\w{{{TOPIC_WORD_CHARS},}}")


def _topic_words(text: str) -> set[str]:
    """The words of ``TOPIC_WORD_CHARS`` letters or more of ``text``, in any case; not numbers."""
    return {w for w in _TOPIC_WORD.findall(text.casefold()) if not w.isdigit()}


class _Topic:
    """Whether a short line shares a word of the story: the words of five letters or more of
    the other lines kept and of the titles, read once a page, when first asked."""

    def __init__(self, paragraphs: Sequence[str], kept: Sequence[int], titles: Sequence[str]) -> None:
        self._paragraphs, self._kept, self._titles = paragraphs, kept, titles
        self._counts: Counter[str] | None = None

    def off_topic(self, i: int) -> bool:
        """Line ``i``, of three words or more, shares no such word with the rest of the story (a
        line of a script without spaces between words is one long word: never off the topic
        unless it has three)."""
        text = self._paragraphs[i]
        words = _topic_words(text)
        if not words or len(text.split()) < 3:
            return False
        if self._counts is None:
            self._counts = Counter()
            for j in self._kept:
                self._counts.update(_topic_words(self._paragraphs[j]))
            for title in self._titles:
                self._counts.update(_topic_words(title))
        return not any(self._counts[w] > 1 for w in words)  # once: the line's own


def _heading(i: int, context: PageContext) -> bool:
    """Block ``i`` is a heading: by its type, or a paragraph that starts in a heading element."""
    return context.kind(i) == "head" or context.heading_in_page(i)
