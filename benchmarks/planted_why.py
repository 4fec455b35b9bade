"""Why planted junk survives cleancrawl: by the markup it was planted in, and by what the shape
rules (cleaners/shape_rules.py) saw of it. Counts only: no line is ever printed.

``benchmarks/planted.py --why`` runs cleancrawl a second time on each planted page whose junk
survived, with ``clean_html(trace=...)`` (the blocks the text rules judged: the same cleaning as
``clean_page``'s default, which ``benchmarks/quality.py`` runs), and sorts every surviving line:

- ``merged``: the line is inside a longer kept block (the extraction glued it to a neighbour);
- ``split``: the line spans two or more kept blocks (the extraction cut it);
- ``not-found``: no kept block holds it (the output got it some other way);
- ``kind:<kind>``: a block of its own, of a kind the shape matchers do not take (a heading, an item);
- ``no-shape``: a paragraph of its own that no shape of the six matches;
- ``guard:<rule>:<prev>/<next>``: a paragraph that ``<rule>`` takes when it stands between two
  paragraphs of prose, kept on its page by its neighbours; each neighbour named by what it is
  (``prose``; ``short``: a paragraph under the prose length; ``junk``: another planted line;
  ``head``, ``item``...; ``edge``: none), with ``!`` before the side(s) that keep it (the line set
  beside prose on the other side is still kept; both marked when either alone lets it go);
- ``own-test:<part>``: a paragraph a shape part or a label lexicon recognises (``<part>``:
  ``count-widget``, ``network-prompt``... or ``label.comments``, ``label.likes``...) that no rule
  takes even between two paragraphs of prose: the matcher's own extra test (a count in a series,
  a network line that is a sentence, a label's word or length limit) kept it, not the neighbours;
  ``over-limit:<part>`` when it is longer than that shape's word limit;
- ``shape-kept``: a rule takes it between prose and beside its real neighbours alike, yet the page
  kept it (a later step of the pipeline, or the page's other blocks).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lxml import html as lxml_html

from cleaners import label_rules
from cleaners.blocks import Block
from cleaners.ruleset import rules_for
from cleaners.shape_rules import (
    LONE_LINK_MIN_SHARE,
    PROSE_MIN_WORDS,
    is_bracketed_note,
    is_category_line,
    is_count_widget,
    is_counted_heading,
    is_date_line,
    names_network,
    shape_word_limits,
)
from cleaners.text_rules import PageContext, TextRule, judge_blocks
from cleaners.words import count_words

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


def _words(text: str) -> str:
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().casefold()
    return f" {' '.join(_WORD.findall(folded))} "


def markup_label(markup: str) -> list[str]:
    """Each top-level element of a planted fragment as 'tag' or 'tag>child' (a single child
    element holding all the text: 'p>span', 'p>a'), '+a' when it holds a link elsewhere."""
    labels = []
    for element in lxml_html.fragments_fromstring(markup):
        if isinstance(element, str):
            continue
        label = element.tag
        children = [c for c in element if isinstance(c.tag, str) and c.tag != "img"]
        own = (element.text or "").strip() or any((c.tail or "").strip() for c in children)
        if len(children) == 1 and not own:
            label += ">" + children[0].tag
            inner = [c for c in children[0] if isinstance(c.tag, str)]
            if len(inner) == 1 and not (children[0].text or "").strip():
                label += ">" + inner[0].tag
        if "a" not in label.split(">") and next(element.iter("a"), None) is not None:
            label += "+a"
        labels.append(label)
    return labels


def line_markups(markup: str, n_lines: int) -> list[str]:
    """The markup label of each of an item's ``n_lines`` lines: one element each when they pair
    up (a heading and its notice line), else the whole fragment's ('figure+p')."""
    labels = markup_label(markup)
    if len(labels) == n_lines:
        return labels
    return ["+".join(labels)] * n_lines


def shapes_of(i: int, context: PageContext) -> list[str]:
    """The shape parts (no guard, no kind check) that match block ``i``."""
    block = context.blocks[i]
    text = block.text
    found = []
    if is_bracketed_note(text):
        found.append("bracketed-note")
    if is_count_widget(text) or is_counted_heading(text):
        found.append("count-widget")
    if names_network(text) and block.words <= 14:
        found.append("network-prompt")
    if is_date_line(text):
        found.append("date-line")
    if len(block.links) == 1 and block.same_site_links == 1 and block.link_share >= LONE_LINK_MIN_SHARE:
        found.append("lone-link")
    if block.segments and is_category_line(block):
        found.append("category-line")
    return found


def _neighbour(j: int, blocks: Sequence[Block], junk: set[int]) -> str:
    if j < 0 or j >= len(blocks):
        return "edge"
    if j in junk:
        return "junk"
    block = blocks[j]
    if block.kind in ("p", "quote"):
        return "prose" if block.words >= PROSE_MIN_WORDS else "short"
    return block.kind


def _find(line_words: str, kept: Sequence[Block]) -> tuple[str, int | None]:
    """Where a line stands among the kept blocks: ('alone', index in kept), ('merged', ...),
    ('split', None) or ('not-found', None)."""
    keys = [_words(b.text.removeprefix("- ")) for b in kept]
    for k, key in enumerate(keys):
        if key == line_words:
            return "alone", k
    for k, key in enumerate(keys):
        if line_words in key:
            return "merged", k
    for k in range(len(keys) - 1):
        joined = _words(" ".join(b.text for b in kept[k : k + 4]))
        if line_words in joined:
            return "split", None
    return "not-found", None


# Two paragraphs of the story about nothing any rule looks for: what "between prose" means here.
_PROSE = tuple(
    Block(text, "p", None, count_words(text))
    for text in (
        "The regional council met on Tuesday evening to discuss the budget, and members argued for several "
        "hours about how much money should go to roads, schools and the new hospital wing.",
        "After the vote the mayor told reporters that the plan would be reviewed again in the spring, when "
        "the figures for the first quarter are known and the contractors have sent their bids.",
    )
)


def taken_by(blocks: Sequence[Block], i: int, rules: Sequence[TextRule]) -> str | None:
    """The id of the rule that removes ``blocks[i]`` when ``blocks`` alone are judged, or None."""
    kept, removed = judge_blocks(list(blocks), rules, PageContext())
    if any(b is blocks[i] for b in kept):
        return None
    before = sum(1 for b in blocks[:i] if not any(k is b for k in kept))
    return removed[before].rule_id


def _beside(block: Block, left: Block | None, right: Block | None) -> tuple[list[Block], int]:
    """``block`` between ``left`` and ``right`` (None: the page ends there), and its index."""
    blocks = [b for b in (left, block, right) if b is not None]
    return blocks, int(left is not None)


def recognised_parts(i: int, context: PageContext) -> list[str]:
    """The shape parts (``shapes_of``) and the label lexicons (cleaners.label_rules) that
    recognise block ``i`` by its words alone: no guard, no word limit, no veto."""
    text = context.blocks[i].text
    heading = context.kind(i) == "head"
    parts = shapes_of(i, context)
    if label_rules.is_label(text, label_rules.COMMENTS, heading) or label_rules.is_comment_prompt(text):
        parts.append("label.comments")
    if label_rules.is_like_label(text, heading):
        parts.append("label.likes")
    if label_rules.is_label(text, label_rules.ADS, heading):
        parts.append("label.ads")
    if label_rules.is_label(text, label_rules.SHARES, heading):
        parts.append("label.shares")
    return parts


def why_kept(i: int, blocks: Sequence[Block], junk: set[int], rules: Sequence[TextRule]) -> str:
    """Which check kept block ``i`` (a kept paragraph of its own): the neighbours (``guard:``),
    the matcher's own test (``own-test:``, ``over-limit:``), nothing recognising it
    (``no-shape``, ``kind:<kind>``) or something after the rules (``shape-kept``)."""
    block = blocks[i]
    prev, nxt = _neighbour(i - 1, blocks, junk), _neighbour(i + 1, blocks, junk)
    rule = taken_by(*_beside(block, *_PROSE), rules)
    if rule is not None:
        left = blocks[i - 1] if i > 0 else None
        right = blocks[i + 1] if i + 1 < len(blocks) else None
        left_keeps = taken_by(*_beside(block, left, _PROSE[1]), rules) is None
        right_keeps = taken_by(*_beside(block, _PROSE[0], right), rules) is None
        if not (left_keeps or right_keeps):
            left_keeps = right_keeps = taken_by(*_beside(block, left, right), rules) is None
        if not (left_keeps or right_keeps):
            return "shape-kept"
        return f"guard:{rule}:{'!' * left_keeps}{prev}/{'!' * right_keeps}{nxt}"
    context = replace(PageContext(), blocks=tuple(blocks), word_counts=tuple(b.words for b in blocks))
    parts = recognised_parts(i, context)
    if not parts:
        return "no-shape" if block.kind in ("p", "quote") else f"kind:{block.kind}"
    limits = shape_word_limits()
    over = [p for p in parts if p in limits and block.words > limits[p]]
    return f"over-limit:{over[0]}" if len(over) == len(parts) else f"own-test:{parts[0]}"


def why_survived(html: bytes, url: str, lines: Sequence[tuple[str, str | None, bool]]) -> list[str | None]:
    """For each planted line (text, payload, survived), why it survived (None for a line that went)."""
    from cleaners.pipeline import BlockTrace, clean_html

    if not any(survived for _, _, survived in lines):
        return [None] * len(lines)
    trace: list[BlockTrace] = []
    clean_html(html, url, trace=trace)
    if not trace:
        return ["not-found" if s else None for _, _, s in lines]
    blocks, kept = trace[-1].blocks, trace[-1].kept
    rules = rules_for(_host(url)).text
    index = {id(b): i for i, b in enumerate(blocks)}
    keys = [_words(b.text.removeprefix("- ")) for b in blocks]
    planted = [_words(text) for text, _, _ in lines]
    junk = {i for i, key in enumerate(keys) if any(p.strip() and p in key for p in planted)}
    out: list[str | None] = []
    for (_, payload, survived), line_words in zip(lines, planted, strict=True):
        if not survived:
            out.append(None)
            continue
        where, k = _find(line_words, kept)
        if where == "not-found" and payload:
            where, k = _find(_words(payload), kept)
        if where != "alone" or k is None:
            out.append(where)
            continue
        out.append(why_kept(index[id(kept[k])], blocks, junk, rules))
    return out


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def tally(pages: Sequence[dict[str, Any]], system: str = "cleancrawl") -> dict[str, dict[str, list[int]]]:
    """{'markup': {label: [planted, survived]}, 'why': {reason: [n, 0]}} over the pages."""
    markup: dict[str, list[int]] = {}
    why: dict[str, list[int]] = {}
    for page in pages:
        survived = page["systems"][system]["survived"]
        reasons = page.get("why") or [None] * len(survived)
        for line, kept, reason in zip(page["lines"], survived, reasons, strict=True):
            label = line.get("markup") or "?"
            counts = markup.setdefault(label, [0, 0])
            counts[0] += 1
            counts[1] += int(kept)
            if kept:
                why.setdefault(reason or "?", [0, 0])[0] += 1
                why.setdefault(f"{line['cls']}: {_short(reason)}", [0, 0])[0] += 1
                if _check(reason) != _short(reason):
                    why.setdefault(f"{line['cls']}: {_check(reason)}", [0, 0])[0] += 1
    return {"markup": markup, "why": why}


def _short(reason: str | None) -> str:
    return (reason or "?").split(":")[0]


def _check(reason: str | None) -> str:
    """The reason down to the rule or part that recognised the line ('guard:shapes.date-line')."""
    return ":".join((reason or "?").split(":")[:2])


def print_tally(found: dict[str, dict[str, list[int]]]) -> None:
    print("\n| markup | lines | cleancrawl kept |")
    print("|---|---|---|")
    for label, (n, k) in sorted(found["markup"].items(), key=lambda kv: -kv[1][0]):
        print(f"| {label} | {n} | {k} ({k / n:.0%}) |")
    print("\n| why kept (cleancrawl) | lines |")
    print("|---|---|")
    for reason, (n, _) in sorted(found["why"].items(), key=lambda kv: (": " in kv[0], -kv[1][0])):
        print(f"| {reason} | {n} |")

