"""Apply text rules to the extracted paragraphs, keeping a record of every removal."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.result import RemovedBlock
from cleaners.ruleset import TextRule

# Captions are short; a long paragraph that happens to repeat the one before it is prose.
CAPTION_MAX_WORDS = 40
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", _DASHES.sub("-", text)).strip().casefold()


def _line_hit(rule: TextRule, paragraph: str) -> bool:
    assert rule.pattern is not None
    return len(paragraph.split()) <= rule.max_words and rule.pattern.match(paragraph) is not None


def _repeated_captions(paragraphs: Sequence[str]) -> set[int]:
    """Indexes of caption pairs: a short paragraph and the next one that repeats it."""
    hits: set[int] = set()
    normal = [_normal(p) for p in paragraphs]
    for i in range(len(paragraphs) - 1):
        first, second = normal[i], normal[i + 1]
        if not first or len(paragraphs[i + 1].split()) > CAPTION_MAX_WORDS:
            continue
        if second == first or second.startswith(first.rstrip(".") ):
            hits.update((i, i + 1))
    return hits


def apply_text_rules(paragraphs: Sequence[str], rules: Sequence[TextRule]) -> tuple[list[str], list[RemovedBlock]]:
    """Return the paragraphs that stay and the blocks removed, in document order."""
    verdict: dict[int, str] = {}
    total = len(paragraphs)
    cut_at: int | None = None
    for rule in rules:
        if rule.kind == "repeated-caption":
            for i in _repeated_captions(paragraphs):
                verdict.setdefault(i, rule.id)
        elif rule.kind == "duplicate":
            seen: set[str] = set()
            for i, paragraph in enumerate(paragraphs):
                key = _normal(paragraph)
                if key in seen and i not in verdict:
                    verdict[i] = rule.id
                seen.add(key)
        elif rule.kind == "line":
            for i, paragraph in enumerate(paragraphs):
                if i not in verdict and _line_hit(rule, paragraph):
                    verdict[i] = rule.id
        elif rule.kind == "cut-after":
            for i, paragraph in enumerate(paragraphs):
                if total and i / total >= rule.min_position and _line_hit(rule, paragraph):
                    if cut_at is None or i < cut_at:
                        cut_at = i
                        for j in range(i, total):
                            verdict[j] = rule.id
                    break
    kept = [p for i, p in enumerate(paragraphs) if i not in verdict]
    removed = [RemovedBlock(verdict[i], "text", p) for i, p in enumerate(paragraphs) if i in verdict]
    return kept, removed
