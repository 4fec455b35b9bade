"""Junk sentences told by the concepts they join, in any language and any word order.

A newsletter prompt, a comment form's notice or a disclaimer is written a thousand ways ('Sign up
for our newsletter', 'Get the briefing in your inbox', 'Bültenimize abone olun'), but every wording
joins the same few ideas: a newsletter AND subscribing to it; an e-mail address AND publishing it
AND a negation; views AND their author AND a 'do not reflect'. The phrase grammars of
``60-prompts.toml`` and ``70-notices.toml`` list wordings; the ``concept-note`` kind lists, for
each idea, the word STEMS that say it in many languages (``cleaners/concept_stems.py``), and takes
a short block that holds words of every concept of one of its groups, in any order.

A block is read NFKC-normalised and case-folded; a stem matches at the start of a word (``"subscrib"``
matches 'Subscribe', 'subscribers'), or anywhere when written with a leading ``*`` (Chinese,
Japanese, Korean, Hebrew and Arabic attach particles and prefixes; German glues compounds). The
stems are compiled once into tries; a block is first scanned for the gate concepts (``may_hold``),
and only a block that may hold one is scanned in full, once for all the concept rules (cached).

Guards, each checked on the dev sets' hits (``concept_class``): a word cap per class (a prompt is
short, a disclaimer longer); no quotation marks and no reporting verb ('said', 'sagte', 'сказал':
a story's sentence that names an author's views); no figures in a notice ('Earn 80,000 points on
purchases'); a newsletter prompt speaks to the reader, opens with its call (the class's ``opening``
concepts, not its noun) or is a short label (``LABEL_MAX_WORDS``).
A stem written with a trailing ``$`` matches only a whole word: 'no' does not match 'note'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from cleaners.blocks import Block
from cleaners.concept_stems import CONCEPT_CLASSES, SAID
from cleaners.ruleset import TextRule


class PageContext(Protocol):
    """What the matcher reads of ``cleaners.text_rules.PageContext`` (which imports this module)."""

    word_counts: tuple[int, ...]
    blocks: tuple[Block, ...]

    def kind(self, i: int) -> str: ...


CONCEPT_BLOCKS = ("p", "quote", "item", "head")
# Reported speech or a quoted wording: a sentence of the story, whatever it names.
_QUOTES = re.compile("[\"“”„«»「」『』‹›]")
# ... but a name in quotation marks is a name: 'Материал впервые опубликован на сайте «Портовые вести»'
_QUOTED_NAME = re.compile("[\"“„«‹「『][^\"“”„«»‹›「」『』]{1,40}[\"”“»›」』]")
QUOTED_NAME_MAX_WORDS = 4


def _quoted(text: str) -> bool:
    """Whether ``text`` quotes someone: quotation marks that are not around a short name."""
    if not _QUOTES.search(text):
        return False
    bare = _QUOTED_NAME.sub(lambda m: "" if len(m.group().split()) <= QUOTED_NAME_MAX_WORDS else m.group(), text)
    return _QUOTES.search(bare) is not None


def normal(text: str) -> str:
    """The form stems are matched on: NFKC, case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


# Scripts written without spaces between words, or with prefixes attached (Hebrew, Arabic, Indic,
# Thai, Chinese, Japanese, Korean): their stems are matched anywhere, and only in a block that
# holds such a script.
_FAR_SCRIPT = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """The stems compiled, and which concepts a matched stem stands for."""

    words: re.Pattern[str]
    """Word-start and whole-word stems, one trie, at word starts."""
    far: re.Pattern[str]
    """Anywhere stems in scripts without spaces (``_FAR_SCRIPT``), one trie."""
    near: dict[str, frozenset[str]]
    """Anywhere stems in spaced scripts ('newsletter' in 'Gratis-Newsletter') -> concepts: substrings."""
    gate: re.Pattern[str]
    """The first letters (up to ``GATE_KEY_CHARS``) of the longest word of every gate stem, at word starts."""
    gate_near: tuple[str, ...]
    """Gate stems among ``near``."""
    prefix_stems: dict[str, frozenset[str]]
    """A stem matched at a word's start (or anywhere, ``*``) -> its concepts."""
    whole_stems: dict[str, frozenset[str]]
    """A stem that must be the whole word (``$``: 'no', 'не', 'mai') -> its concepts."""
    groups: dict[str, tuple[frozenset[str], ...]]
    """class -> the concept sets, any one of which (all its concepts present) makes the class."""


_END = ""  # a trie node's key for "a prefix stem ends here"
_WHOLE_END = "$"  # ... "a whole-word stem ends here"
GATE_KEY_CHARS = 8


# Words too common to gate on: 'small fee' is gated by 'fee'.
_COMMON_WORDS = frozenset({"a", "an", "the", "of", "to", "be", "get", "small"})


def _gate_key(stem: str) -> str:
    """Every word of a stem starts a word of the block: gate on the longest that is not common."""
    words = [w for w in stem.split() if w not in _COMMON_WORDS] or stem.split()
    return max(words, key=len)[:GATE_KEY_CHARS]


def _trie_pattern(prefix: Sequence[str], whole: Sequence[str] = ()) -> str:
    """One expression for many literal stems, as a trie ('sub(?:scrib|mit)'): a position tries a
    character class, not hundreds of alternatives, and the greedy match is the longest stem. A
    whole-word stem ends only before a non-word character."""
    root: dict = {}
    for stems, marker in ((prefix, _END), (whole, _WHOLE_END)):
        for stem in stems:
            node = root
            for ch in stem:
                node = node.setdefault(ch, {})
            node[marker] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch not in (_END, _WHOLE_END)]
        if _END in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        if _WHOLE_END in node:
            branches.append(r"(?!\w)")
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(root)


# Reported speech is a concept too: it vetoes every class ('The senator said the views ... were her own').
STORY = "story.said"
_ALL_CLASSES = {**CONCEPT_CLASSES, "story": {"groups": [], "concepts": {"said": SAID}}}


@lru_cache(maxsize=1)
def concept_table() -> ConceptTable:
    """Compile ``CONCEPT_CLASSES`` once: word-start stems, whole-word stems (a trailing ``$``) and
    anywhere stems (a leading ``*``); a group's first concept is its gate."""
    kinds: dict[str, dict[str, set[str]]] = {"word": {}, "whole": {}, "far": {}, "near": {}}
    groups: dict[str, tuple[frozenset[str], ...]] = {}
    gate_keys: set[str] = set()
    gate_near: set[str] = set()
    for class_name, spec in _ALL_CLASSES.items():
        # a class's ``alone`` concept is a gate too: a line made only of it is the class's
        gates = {group[0] for group in spec["groups"]} | ({spec["alone"]} if spec.get("alone") else set())
        for concept, stems in spec["concepts"].items():
            for stem in stems:
                folded = normal(stem.strip("*$"))
                if stem.startswith("*"):
                    kind = "far" if _FAR_SCRIPT.search(folded) else "near"
                else:
                    kind = "whole" if stem.endswith("$") else "word"
                kinds[kind].setdefault(folded, set()).add(f"{class_name}.{concept}")
                if concept in gates and kind == "near":
                    gate_near.add(folded)
                elif concept in gates and kind in ("word", "whole"):
                    gate_keys.add(_gate_key(folded))
        groups[class_name] = tuple(frozenset(f"{class_name}.{c}" for c in group) for group in spec["groups"])
    prefix = {s: set(c) for s, c in kinds["word"].items()}
    for stem, concepts in kinds["far"].items():
        prefix.setdefault(stem, set()).update(concepts)
    return ConceptTable(
        words=re.compile(f"(?<!\\w){_trie_pattern(list(kinds['word']), list(kinds['whole']))}"),
        far=re.compile(_trie_pattern(list(kinds["far"]))),
        near={s: frozenset(c) for s, c in kinds["near"].items()},
        gate=re.compile(f"(?<!\\w){_trie_pattern(sorted(gate_keys))}"),
        gate_near=tuple(sorted(gate_near)),
        prefix_stems={s: frozenset(c) for s, c in prefix.items()},
        whole_stems={s: frozenset(c) for s, c in kinds["whole"].items()},
        groups=groups,
    )


@lru_cache(maxsize=4096)
def _stem_concepts(matched: str, whole_word: bool) -> frozenset[str]:
    """The concepts a match stands for: those of every prefix stem it starts with (the trie took
    the longest at its position; the shorter ones matched there too) and, when the match is a
    whole word, those of the whole-word stem it is."""
    table = concept_table()
    found: set[str] = set()
    for end in range(1, len(matched) + 1):
        found |= table.prefix_stems.get(matched[:end], frozenset())
    if whole_word:
        found |= table.whole_stems.get(matched, frozenset())
    return frozenset(found)


def may_hold(folded: str, far: bool) -> bool:
    """Whether a (normalised) block may hold a gate concept of any class: a word starts with the
    first letters of a gate stem, or a gate stem of a spaced script is in it, or it is written in
    a script without spaces. Most blocks of a story stop here, after one small scan."""
    table = concept_table()
    return far or any(stem in folded for stem in table.gate_near) or table.gate.search(folded) is not None


# Where a stem may start: after a non-word character, at a character that is not a space. Those
# inside a match of several words are tried too: overlapping stems ('of this article', 'this
# article') each give their concepts.
_STARTS = re.compile(r"(?<!\w)\S")


def _match_concepts(folded: str, match: re.Match[str]) -> frozenset[str]:
    after = folded[match.end():match.end() + 1]
    return _stem_concepts(match.group(), not (after.isalnum() or after == "_"))


@lru_cache(maxsize=4096)
def concepts_in(text: str) -> frozenset[str]:
    """The concept ids (``class.concept``) whose stems ``text`` holds; ``*`` counts as the
    asterisk concept ``comment-form.star``. Empty when no gate concept can be there (``may_hold``).
    Cached: the page's concept rules ask about the same blocks."""
    folded = normal(text)
    far = _FAR_SCRIPT.search(folded) is not None
    if not may_hold(folded, far):
        return frozenset()
    table = concept_table()
    found: set[str] = set()
    for match in table.words.finditer(folded):
        found |= _match_concepts(folded, match)
        if " " in match.group():  # a stem that starts inside it: 'this article' in 'of this article'
            for start in _STARTS.finditer(folded, match.start() + 1, match.end()):
                inner = table.words.match(folded, start.start())
                if inner is not None:
                    found |= _match_concepts(folded, inner)
    if far:
        for match in table.far.finditer(folded):
            found |= _stem_concepts(match.group(), False)
    for stem, concepts in table.near.items():
        if stem in folded:
            found |= concepts
    if "*" in folded:
        found.add("comment-form.star")
    return frozenset(found)


def concept_class(text: str, classes: Sequence[str]) -> str | None:
    """The first of ``classes`` whose concepts ``text`` joins (every concept of one of its groups)
    and that it is not a sentence of the story; else None."""
    found = classes_of(text)
    return next((name for name in classes if name in found), None)


@lru_cache(maxsize=8192)
def classes_of(text: str) -> frozenset[str]:
    """Every class ``text`` is a note of, worked out once: each concept rule of a page asks about
    the same blocks, and the guards (``_addressed``) normalise the text again."""
    found = concepts_in(text)
    if not found or STORY in found or _quoted(text):
        return frozenset()
    groups = concept_table().groups
    matched = set()
    for class_name in CONCEPT_CLASSES:
        if not any(group <= found for group in groups[class_name]):
            if _alone(text, found, CONCEPT_CLASSES[class_name].get("alone"), class_name):
                matched.add(class_name)
            continue
        if not CONCEPT_CLASSES[class_name].get("figures") and _DIGIT.search(text):
            continue
        if _vetoed(found, class_name):
            continue  # 'Reuters reported that...': the story citing an agency, not its credit
        if CONCEPT_CLASSES[class_name].get("addressed") and not _addressed(text, found, class_name):
            continue
        matched.add(class_name)
    return frozenset(matched)


def _vetoed(found: frozenset[str], class_name: str) -> bool:
    """A concept of the class's ``veto`` is there, and none of its ``veto_unless`` (a syndication
    note naming its page, or a call to read it, is one whatever language it names)."""
    spec = CONCEPT_CLASSES[class_name]
    if not any(f"{class_name}.{veto}" in found for veto in spec.get("veto", ())):
        return False
    return not any(f"{class_name}.{keep}" in found for keep in spec.get("veto_unless", ()))


ALONE_MAX_WORDS = 6
# What may join the stems of a class's ``alone`` concept in a line of them ('(AFP/dpa)', 'Reuters and AP').
_JOINERS = re.compile(
    r"(?:\b(?:and|und|et|y|e|i|и|і|ve|dan|og|och|en|ja|és|a|with|mit|avec|con|com|met|z|с|з)\b|\W|_)+"
)


def _alone(text: str, found: frozenset[str], concept: str | None, class_name: str) -> bool:
    """Whether ``text`` is only stems of the class's ``alone`` concept, with punctuation and 'and'
    between them: '(dpa)', '— Reuters', 'AFP/Reuters' are an agency's credit."""
    wanted = f"{class_name}.{concept}"
    if not concept or wanted not in found or len(text.split()) > ALONE_MAX_WORDS:
        return False
    folded = normal(text)

    def drop(match: re.Match[str]) -> str:
        return " " if wanted in _match_concepts(folded, match) else match.group()

    rest = concept_table().words.sub(drop, folded)
    if rest != folded and not _JOINERS.sub("", rest):
        return True
    # ... after a place or a name and a separator: 'Berlin (dpa)', 'Maria Keller / AFP'
    named = _NAME_THEN_CREDIT.match(text)
    return named is not None and _alone(text[named.end():], found, concept, class_name)


# One to three capitalised words and a separator before a credit; a name alone ('Mena Suvari') is none.
_NAME_THEN_CREDIT = re.compile(r"\s*(?:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄ][\w'’.-]*\s+){0,2}[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄ][\w'’.-]*\s*[,(/|–—]\s*")


# A notice names no amounts, dates or counts; a sentence that joins its concepts with figures
# ('Earn 80,000 points on $4,000 of purchases') is the story's, but in a class whose spec says
# ``figures`` (a newsletter's 'the 5 stories you need', a rights line's '© 2024').
_DIGIT = re.compile(r"\d")
# A call that opens a prompt ('Iscriviti alla newsletter...') is short; a longer sentence that
# opens with the same stem is the story's.
CALL_MAX_WORDS = 12
# A label or a button ('Newsletter abonnieren', 'Coaching-Newsletter erhalten') is a few words; a
# headline that names the same ideas is longer ('Regierung erhält Briefing zur Lage').
LABEL_MAX_WORDS = 3
_SENTENCE_END = (".", "。", "!", "！", "?", "？", "…")


# Marks before a prompt's first word: bullets, dashes, arrows and emoji ('📩 Bültene abone ol',
# '👉 Subscribe to our newsletter', '→ Zapisz się do newslettera'). A word holds a letter or digit.
_LEADING_MARKS = re.compile(r"^[\W_]+")


def _word_count(text: str) -> int:
    """Words of ``text``, not counting tokens that are only marks ('📩', '—', '→')."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def _addressed(text: str, found: frozenset[str], class_name: str) -> bool:
    """A prompt speaks to the reader or for the site ('your inbox', 'our newsletter'), is a short
    label or button, not a headline ('Coaching-Newsletter erhalten'; 'Ministers receive briefing
    on flood defences' is longer), or opens with its CALL ('Subscribe to...', 'Newsletter
    abonnieren' is a label): the class's ``opening`` concepts, not its gate noun ('Migrants join
    Channel crossings' opens with neither), nor a word of ``opening_not`` that starts like a call
    ('Subscribers', 'Abonnenten': the people who answered it)."""
    spec = CONCEPT_CLASSES[class_name]
    if f"{class_name}.party" in found:
        return True
    words = _word_count(text)
    if words <= spec.get("label_max_words", LABEL_MAX_WORDS) and not text.rstrip().endswith(_SENTENCE_END):
        return True
    if words > spec.get("call_max_words", CALL_MAX_WORDS):
        return False  # 'Subscribers to the harbour newsletter were the first to hear of the delay, on ...'
    table = concept_table()
    folded = _after_article(_LEADING_MARKS.sub("", normal(text)), spec.get("articles", frozenset()))
    if folded.startswith(spec.get("opening_not", ())):
        return False  # 'Subscribers flock to new newsletter': the people, not the call
    opening = table.words.match(folded) or table.far.match(folded)
    if opening is None:
        return False
    concepts = _match_concepts(folded, opening)
    calls = spec.get("opening")
    if calls is None:
        return any(c.startswith(f"{class_name}.") for c in concepts)
    return any(f"{class_name}.{call}" in concepts for call in calls)


def _after_article(folded: str, articles: frozenset[str]) -> str:
    """The text after a leading article the class names ('Los comentarios están cerrados' opens
    with its comments, as 'Comments are closed' does); the text itself when it opens otherwise."""
    first, _, rest = folded.partition(" ")
    return rest.lstrip() if rest and first in articles else folded


def rule_classes(rule: TextRule) -> tuple[str, ...]:
    """The classes a rule looks for: its id's last part ('concepts.newsletter' -> newsletter)."""
    name = rule.id.rsplit(".", 1)[-1]
    if name not in CONCEPT_CLASSES:
        return ()
    return (name,)


def match_concept_notes(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Short blocks (at most ``rule.max_words``) of the kinds a note is printed as that hold every
    concept of one of the rule's class's groups and are not a quoted sentence of the story."""
    classes = rule_classes(rule)
    if not classes:
        return set()
    counts = context.word_counts
    hits = set()
    for i, text in enumerate(paragraphs):
        if counts[i] > rule.max_words or context.kind(i) not in CONCEPT_BLOCKS:
            continue
        if concept_class(text, classes):
            hits.add(i)
    return hits


CONCEPT_MATCHERS = {"concept-note": match_concept_notes}
