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
- ``guard:<prev>/<next>``: a paragraph a shape matches, kept because ``between_prose`` failed;
  each neighbour named by what it is (``prose``; ``short``: a paragraph under the prose length;
  ``junk``: another planted line; ``head``, ``item``...; ``edge``: none);
- ``shape-kept``: a shape matches and the guard holds, but the matcher's own extra test (a
  count in a series, a network line that is a sentence...) kept it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lxml import html as lxml_html

from cleaners.blocks import Block
from cleaners.shape_rules import (
    LONE_LINK_MIN_SHARE,
    PROSE_MIN_WORDS,
    between_prose,
    is_bracketed_note,
    is_category_line,
    is_count_widget,
    is_counted_heading,
    is_date_line,
    names_network,
)
from cleaners.text_rules import PageContext

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
    index = {id(b): i for i, b in enumerate(blocks)}
    context = replace(PageContext(), blocks=tuple(blocks), word_counts=tuple(b.words for b in blocks))
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
        i = index[id(kept[k])]
        block = blocks[i]
        shapes = shapes_of(i, context)
        if not shapes:
            out.append("no-shape" if block.kind in ("p", "quote") else f"kind:{block.kind}")
        elif block.kind not in ("p", "quote"):
            out.append(f"kind:{block.kind}")
        elif not between_prose(i, context):
            out.append(f"guard:{_neighbour(i - 1, blocks, junk)}/{_neighbour(i + 1, blocks, junk)}")
        else:
            out.append("shape-kept")
    return out


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
    return {"markup": markup, "why": why}


def _short(reason: str | None) -> str:
    return (reason or "?").split(":")[0]


def print_tally(found: dict[str, dict[str, list[int]]]) -> None:
    print("\n| markup | lines | cleancrawl kept |")
    print("|---|---|---|")
    for label, (n, k) in sorted(found["markup"].items(), key=lambda kv: -kv[1][0]):
        print(f"| {label} | {n} | {k} ({k / n:.0%}) |")
    print("\n| why kept (cleancrawl) | lines |")
    print("|---|---|")
    for reason, (n, _) in sorted(found["why"].items(), key=lambda kv: (": " in kv[0], -kv[1][0])):
        print(f"| {reason} | {n} |")

