"""Survival of held-out comment-section wordings (tests/data/comment_wordings.json).

The wordings are split in two halves by a fixed hash of the line (``half``): rules are written from
half A only, and survival is measured on half B, so a rule that only fits the lines it was written
from shows here. Each line is planted between prose paragraphs as a paragraph, a heading and a
small-print paragraph; a line survives a tag when no rule removes it.

    python benchmarks/comment_wordings.py [--half A|B|all] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleaners import clean_html

WORDINGS = Path(__file__).resolve().parents[1] / "tests" / "data" / "comment_wordings.json"
TAGS = (("<p>", "</p>"), ("<h3>", "</h3>"), ("<p><small>", "</small></p>"))
PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]


def half(line: str) -> str:
    """'A' or 'B', fixed by the line's hash."""
    return "A" if hashlib.sha1(line.encode()).digest()[0] % 2 == 0 else "B"


def survives(line: str, open_tag: str, close_tag: str) -> bool:
    """Whether ``line`` planted mid-article under the tags is still in the cleaned text."""
    middle = f"{open_tag}{line}{close_tag}"
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + middle + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    html = (
        "<html><head><title>Council budget row</title></head><body><article>"
        f"<h1>Council budget row</h1>{body}</article></body></html>"
    )
    article = clean_html(html, "https://news.example/2024/05/budget")
    return not any(line.strip() in block.text for block in article.removed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="B", choices=("A", "B", "all"))
    parser.add_argument("--show", action="store_true", help="print the surviving lines")
    args = parser.parse_args()
    wordings = json.loads(WORDINGS.read_text())
    kept = planted = 0
    for lang, lines in wordings.items():
        lang_kept = lang_planted = 0
        for line in lines:
            if args.half != "all" and half(line) != args.half:
                continue
            for open_tag, close_tag in TAGS:
                lang_planted += 1
                if survives(line, open_tag, close_tag):
                    lang_kept += 1
                    if args.show:
                        print(f"  {lang}\t{open_tag}\t{line}")
        print(f"{lang}: {lang_kept}/{lang_planted}")
        kept += lang_kept
        planted += lang_planted
    print(f"half {args.half}: {kept}/{planted} survive ({100 * kept / max(planted, 1):.1f}%)")


if __name__ == "__main__":
    main()
