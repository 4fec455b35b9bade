"""Held-out check of the neighbour guards (issue 19, wave 2): widget lines a rule recognises
between two prose paragraphs, planted where the guard decides (before a subheading, beside a
short paragraph, two widgets together), and subheading-like story lines planted the same way.

Wordings: tests/wordings/prompts3_wordings.json (like, share, messenger), split by the fixed hash
of benchmarks/prompt_wordings.py (rules from half A, survival on half B). Only lines removed
between prose count (the rule knows them); the guard survivors are those kept elsewhere.
``--stories FILE`` plants story lines in the same places and prints every one removed."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.prompt_wordings import PROSE, half  # noqa: E402
from cleaners import clean_html  # noqa: E402

SHORT = "<p>It was not the first time.</p>"
HEAD = "<h3>What happens next</h3>"
# where the widget stands: (before it, after it); prose paragraphs fill the rest
PLACES = {
    "prose/head": ("", HEAD),
    "prose/short": ("", SHORT),
    "short/prose": (SHORT, ""),
    "head/prose": (HEAD, ""),
}
CLASSES = ("like", "share", "messenger")


def removed(line: str, place: str, wrap: str = "<p>{}</p>") -> bool:
    """Whether ``line`` (as ``wrap``) planted at ``place`` is gone from the cleaned text."""
    before, after = PLACES.get(place, ("", ""))
    middle = before + wrap.format(escape(line)) + after
    body = "".join((*(f"<p>{p}</p>" for p in PROSE[:3]), middle, *(f"<p>{p}</p>" for p in PROSE[3:])))
    html = (f"<html><head><title>Council budget row</title></head><body><article>"
            f"<h1>Council budget row</h1>{body}</article></body></html>")
    article = clean_html(html, "https://news.example/2024/05/budget")
    return line.strip() not in article.text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wordings", type=Path, default=ROOT / "tests/wordings/prompts3_wordings.json")
    parser.add_argument("--half", choices=("A", "B", "all"), default="B")
    parser.add_argument("--stories", type=Path, help="plant these story lines; print those removed")
    parser.add_argument("--old-guard", action="store_true", help="network prompts: prose on both sides only")
    args = parser.parse_args()
    if args.old_guard:
        from cleaners import shape_rules

        shape_rules.widget_guard = lambda paragraphs: shape_rules.between_prose
    if args.stories:
        lines = [s.strip() for s in args.stories.read_text().splitlines() if s.strip() and not s.startswith("#")]
        bad = 0
        for line in lines:
            for place in PLACES:
                if removed(line, place):
                    bad += 1
                    print(f"REMOVED {place}\t{line}")
        print(f"{bad} story placements removed of {len(PLACES) * len(lines)}")
        return 0
    data = json.loads(args.wordings.read_text())
    for cls in CLASSES:
        known, kept = 0, Counter()
        for lang, lines in data[cls].items():
            for line in lines:
                if args.half != "all" and half(line) != args.half:
                    continue
                if not removed(line, "between"):
                    continue
                known += 1
                for place in PLACES:
                    if not removed(line, place):
                        kept[place] += 1
                        print(f"  kept {cls}/{lang} {place}\t{line}")
        print(f"{cls}: {known} known between prose; kept by place: {dict(kept)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
