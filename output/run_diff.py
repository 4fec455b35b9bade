"""Two cleanings of the same pages, compared: what a rule change does to a corpus.

Pure functions over records (no Scrapy, no cleaning): ``cleancrawl diff`` feeds them either two
JSON-lines runs or one corpus cleaned twice with two rule sets. A side of a page is a ``Side``:
the record, or the reason the page gave none.

- A page changed when its text differs or it is an article on one side only (newly rejected,
  newly accepted).
- The word diff is difflib over the text's whitespace tokens (paragraph breaks are tokens too,
  so a dropped paragraph is one run), coalesced into runs ``[op, text]``: ``=`` in both, ``-``
  only in A, ``+`` only in B. The runs are the ``compare`` of ``output.review`` page dicts.
- Words lost are charged to the rule that removed them in B, from B's provenance
  (``removed_blocks``): each lost line goes to the removed block it overlaps most. Words gained
  are charged to the rule that removed them in A (the rule that no longer fires). Without
  provenance, or when nothing overlaps (the extraction itself moved), the words go to
  ``UNATTRIBUTED``; a page rejected in B charges what no rule explains to ``rejected:<reason>``.

``autojunk`` is off: with it, difflib treats every common word of a long article ("the") as
junk and the runs fall apart into noise.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cleaners.words import count_words
from output.record import split_provenance_rule

UNATTRIBUTED = "(no rule: extraction changed)"
_TOKEN = re.compile(r"\S+|\n")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of one page: a record, or why there is none (``rejected``; ``missing`` in a
    JSON-lines run, which holds no line for a page it rejected)."""

    record: dict[str, Any] | None = None
    rejected: str | None = None
    failed: str | None = None
    """Set when cleaning failed (the reason is then in ``rejected``): what went wrong, in words."""

    @property
    def article(self) -> bool:
        """A record and no rejection (a rejected side may carry a record of what was removed)."""
        return self.record is not None and self.rejected is None

    @property
    def text(self) -> str:
        return self.record.get("text", "") if self.article and self.record else ""


@dataclass(slots=True)
class PageDiff:
    """How one page differs between A and B."""

    key: str
    a: Side
    b: Side
    ops: list[list[str]] = field(default_factory=list)
    lost: int = 0
    gained: int = 0
    lost_by_rule: Counter[str] = field(default_factory=Counter)
    gained_by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def status(self) -> str:
        if self.a.article and not self.b.article:
            return "newly-rejected"
        if not self.a.article and self.b.article:
            return "newly-accepted"
        return "changed" if self.lost or self.gained or self.a.text != self.b.text else "same"

    @property
    def changed(self) -> bool:
        return self.status != "same"

    def samples(self, op: str = "-", limit: int = 3, width: int = 90) -> list[str]:
        """The first few runs of lost (``-``) or gained (``+``) words, shortened, for the summary."""
        runs = [" ".join(text.split()) for kind, text in self.ops if kind == op and text.strip()]
        return [run if len(run) <= width else run[: width - 1] + "…" for run in runs[:limit]]


@dataclass(slots=True)
class DiffSummary:
    pages: list[PageDiff]

    @property
    def changed(self) -> list[PageDiff]:
        return [p for p in self.pages if p.changed]

    def count(self, status: str) -> int:
        return sum(1 for p in self.pages if p.status == status)

    @property
    def lost(self) -> int:
        return sum(p.lost for p in self.pages)

    @property
    def gained(self) -> int:
        return sum(p.gained for p in self.pages)

    def by_rule(self, which: str) -> list[tuple[str, int, int]]:
        """``(rule id, words, pages)`` for ``lost`` or ``gained``, most words first."""
        words: Counter[str] = Counter()
        pages: Counter[str] = Counter()
        for page in self.pages:
            counts = page.lost_by_rule if which == "lost" else page.gained_by_rule
            words.update(counts)
            pages.update(counts.keys())
        return [(rule, n, pages[rule]) for rule, n in words.most_common()]

    def rejections(self, status: str) -> Counter[str]:
        """Rejection reasons of the pages newly rejected (B's reason) or newly accepted (A's)."""
        side = "b" if status == "newly-rejected" else "a"
        return Counter(getattr(p, side).rejected or "missing" for p in self.pages if p.status == status)

    def top(self, limit: int = 10) -> list[PageDiff]:
        return sorted(self.changed, key=lambda p: (-(p.lost + p.gained), p.key))[:limit]


# --- the word diff ---------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Whitespace tokens, with each paragraph break a token of its own."""
    return _TOKEN.findall(text or "")


def _join(parts: list[str]) -> str:
    return " ".join(parts).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")


def word_diff(a: str, b: str) -> list[list[str]]:
    """``[[op, text], ...]``: runs of tokens in both (``=``), only in A (``-``), only in B (``+``)."""
    if a == b:
        return [["=", a]] if a else []
    left, right = tokens(a), tokens(b)
    runs: list[list[str]] = []
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pieces = [("=", left[i1:i2])] if tag == "equal" else [("-", left[i1:i2]), ("+", right[j1:j2])]
        for op, part in pieces:
            if not part:
                continue
            if runs and runs[-1][0] == op:
                runs[-1][1] = _join([runs[-1][1], *part])
            else:
                runs.append([op, _join(part)])
    return runs


# --- charging words to rules -----------------------------------------------------------------


def _blocks(side: Side) -> list[tuple[str, str]]:
    """A side's removed blocks as (rule id, text); the block model's score is left out of the id
    (``model.block@0.873`` is charged to ``model.block``), so its removals add up under one name."""
    return [(split_provenance_rule(b.get("rule", "?"))[0], b.get("text", ""))
            for b in (side.record or {}).get("removed_blocks") or []]


def _new_blocks(removed: list[tuple[str, str]], other: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Blocks removed on this side and not on the other (same rule and text), as a multiset."""
    left = Counter(other)
    out = []
    for block in removed:
        if left[block]:
            left[block] -= 1
        else:
            out.append(block)
    return out


def _charge(runs: Iterable[str], blocks: list[tuple[str, str]], fallback: str) -> Counter[str]:
    """Each line of each run goes to the block sharing most of its words (by rule id)."""
    words = [(rule, Counter(_WORD.findall(text.lower()))) for rule, text in blocks]
    charged: Counter[str] = Counter()
    for run in runs:
        for line in run.split("\n"):
            n = count_words(line)
            if not n:
                continue
            mine = Counter(_WORD.findall(line.lower()))
            best, overlap = fallback, 0
            for rule, theirs in words:
                shared = sum((mine & theirs).values())
                if shared > overlap:
                    best, overlap = rule, shared
            charged[best] += n
    return charged


def compare_page(key: str, a: Side, b: Side) -> PageDiff:
    """The word diff of one page and the words lost and gained, charged to rules."""
    page = PageDiff(key, a, b)
    if a.text == b.text and a.article == b.article:
        return page
    page.ops = word_diff(a.text, b.text)
    lost = [text for op, text in page.ops if op == "-"]
    gained = [text for op, text in page.ops if op == "+"]
    page.lost = sum(count_words(t) for t in lost)
    page.gained = sum(count_words(t) for t in gained)
    fallback_b = f"rejected:{b.rejected}" if not b.article else UNATTRIBUTED
    fallback_a = f"rejected:{a.rejected}" if not a.article else UNATTRIBUTED
    page.lost_by_rule = _charge(lost, _new_blocks(_blocks(b), _blocks(a)), fallback_b)
    page.gained_by_rule = _charge(gained, _new_blocks(_blocks(a), _blocks(b)), fallback_a)
    return page


def compare(pairs: Iterable[tuple[str, Side, Side]]) -> DiffSummary:
    return DiffSummary([compare_page(key, a, b) for key, a, b in pairs])


# --- matching two runs -----------------------------------------------------------------------


def record_key(record: Mapping[str, Any]) -> str:
    return str(record.get("file") or record.get("url") or record.get("canonical_url") or "?")


def match_runs(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> Iterator[tuple[str, Side, Side]]:
    """Pair the records of two runs: by ``file``, else by ``url`` (then ``canonical_url``). A
    page in one run only is an article on that side and ``missing`` on the other; A's order
    first, then B's pages that A lacks."""
    index: dict[tuple[str, str], int] = {}
    for i, record in enumerate(b):
        for name in ("file", "url", "canonical_url"):
            if record.get(name):
                index.setdefault((name, record[name]), i)
    used: set[int] = set()
    for record in a:
        found = next(
            (
                index[(name, record[name])]
                for name in ("file", "url", "canonical_url")
                if record.get(name) and (name, record[name]) in index and index[(name, record[name])] not in used
            ),
            None,
        )
        if found is None:
            yield record_key(record), Side(record), Side(rejected="missing")
        else:
            used.add(found)
            yield record_key(record), Side(record), Side(b[found])
    for i, record in enumerate(b):
        if i not in used:
            yield record_key(record), Side(rejected="missing"), Side(record)


def compare_view(page: PageDiff, label_a: str, label_b: str) -> dict[str, Any]:
    """The ``compare`` entry of an ``output.review`` page dict."""
    ops = page.ops or ([["=", page.a.text]] if page.a.text else [])
    return {"label_a": label_a, "label_b": label_b, "ops": ops}
