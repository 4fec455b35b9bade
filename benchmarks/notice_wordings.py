"""Survival of held-out disclaimer and syndication wordings (tests/wordings/notices_wordings.json).

Usage:
    python benchmarks/notice_wordings.py [--half A|B|all] [--show] [--story tests/wordings/notices_story_lines.txt]

The wordings are split in two halves by a fixed hash of each line (``half``): the rules are written
from half A, and half B, which nobody fitted, says whether they carry. Each line is planted between
prose paragraphs as ``<p>``, ``<p><em>`` and ``<div><span>`` (three of the markups
``benchmarks/planted.py`` uses) and cleaned with ``cleaners.clean_html``; a line survives a markup
when the cleaned text holds it. ``--show`` prints the surviving lines. ``--story`` plants each
line of a file of STORY lines (as ``<p>`` and ``<h3>``) and prints those a rule removed: a false
positive of the rules, to keep at zero.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners import clean_html

ROOT = Path(__file__).resolve().parent.parent
WORDINGS = ROOT / "tests" / "wordings" / "notices_wordings.json"
PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]
MARKUPS = ("<p>{}</p>", "<p><em>{}</em></p>", "<div><span>{}</span></div>")
STORY_MARKUPS = ("<p>{}</p>", "<h3>{}</h3>")


def half(line: str) -> str:
    """'A' or 'B', fixed by the line's text: the same split on every run and machine."""
    return "A" if hashlib.sha256(line.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def page(middle: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + middle + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    return (f"<html><head><title>Council budget row</title></head><body><article>"
            f"<h1>Council budget row</h1>{body}</article></body></html>")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def removed_by(line: str, markup: str) -> str | None:
    """The rule that removed ``line`` planted in ``markup`` ('(extractor)' when it is gone from the
    output with no rule named), or None when it is in the cleaned text."""
    article = clean_html(page(markup.format(escape(line))), "https://news.example/2024/05/budget")
    wanted = _norm(line)
    if wanted in _norm(article.text):
        return None
    for block in article.removed:
        if wanted in _norm(block.text):
            return block.rule_id
    return "(extractor)"


def survival(which: str, show: bool) -> None:
    data = json.loads(WORDINGS.read_text(encoding="utf-8"))
    for class_name in ("disclaimer", "syndication"):
        kept: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for lang, lines in data[class_name].items():
            for line in lines:
                if which != "all" and half(line) != which:
                    continue
                for markup in MARKUPS:
                    total[lang] += 1
                    if removed_by(line, markup) is None:
                        kept[lang] += 1
                        if show and markup == MARKUPS[0]:
                            print(f"  kept\t{class_name}\t{lang}\t{line}")
        all_kept, all_total = sum(kept.values()), sum(total.values())
        per_lang = " ".join(f"{lang} {kept[lang]}/{total[lang]}" for lang in total)
        print(f"{class_name} half {which}: {all_kept}/{all_total} kept ({all_kept / all_total:.1%}); {per_lang}")


def story(path: Path) -> None:
    lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip() and not s.startswith("#")]
    taken = 0
    for line in lines:
        for markup in STORY_MARKUPS:
            rule = removed_by(line, markup)
            if rule:
                taken += 1
                print(f"  removed\t{markup[:4]}\t{rule}\t{line}")
    print(f"story lines: {taken} of {len(lines) * len(STORY_MARKUPS)} plantings removed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("A", "B", "all"), default="B")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--story", type=Path)
    args = parser.parse_args()
    if args.story:
        story(args.story)
    else:
        survival(args.half, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
