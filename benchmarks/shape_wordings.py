"""Survival of held-out shape wordings (tests/data/shapes2_wordings.json): how many lines of one
half stay when each is planted as a paragraph between the story's prose, and before a subheading.

Half A (md5 of the line even) is what the rules were written from; half B is measured only.

    python benchmarks/shape_wordings.py [--half B] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners import clean_html

WORDINGS = Path(__file__).resolve().parent.parent / "tests" / "data" / "shapes2_wordings.json"
PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]


def half(line: str) -> str:
    """'A' or 'B', fixed by the line's md5."""
    return "A" if int(hashlib.md5(line.encode()).hexdigest(), 16) % 2 == 0 else "B"


def survives(line: str, before_heading: bool) -> bool:
    after = ["<h2>Budget vote</h2>", *PROSE[3:]] if before_heading else PROSE[3:]
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in (*PROSE[:3], f"<p>{line}</p>", *after))
    html = (
        "<html><head><title>Council budget row</title></head><body><article><h1>Council budget row</h1>"
        f"{body}</article></body></html>"
    )
    text = " ".join(clean_html(html, "https://news.example/2024/05/budget").text.split())
    return " ".join(line.split()) in text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", default="B", choices=["A", "B"])
    parser.add_argument("--show", action="store_true", help="print the lines that survive")
    args = parser.parse_args()
    data = json.loads(WORDINGS.read_text())
    for cls, groups in data.items():
        if cls.startswith("_"):
            continue
        for where in ("prose/prose", "prose/head"):
            lines = [ln for group in groups.values() for ln in group if half(ln) == args.half]
            kept = [ln for ln in lines if survives(ln, where == "prose/head")]
            print(f"{cls:12} {where:12} half {args.half}: {len(kept)}/{len(lines)} survive")
            if args.show:
                for ln in kept:
                    print("    ", ln)


if __name__ == "__main__":
    main()
