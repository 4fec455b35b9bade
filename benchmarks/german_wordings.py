"""Survival of held-out German page furniture (tests/wordings/german_wordings.json), per class.

Usage:
    python benchmarks/german_wordings.py [--half A|B|all] [--show] [--story tests/wordings/german_story_lines.txt]

Same method as ``benchmarks/notice_wordings.py`` (whose halves, page and markups it reuses): each
line is planted between prose paragraphs as ``<p>``, ``<p><em>`` and ``<div><span>`` and cleaned;
it survives a markup when the cleaned text holds it. Rules are written from half A; half B says
whether they carry. ``--story`` prints the German story lines a rule removed (to keep at zero).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from notice_wordings import MARKUPS, half, removed_by, story

WORDINGS = Path(__file__).resolve().parent.parent / "tests" / "wordings" / "german_wordings.json"


def survival(which: str, show: bool) -> None:
    data = json.loads(WORDINGS.read_text(encoding="utf-8"))
    kept: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for class_name, lines in data.items():
        if class_name.startswith("_"):
            continue
        for line in lines:
            if which != "all" and half(line) != which:
                continue
            for markup in MARKUPS:
                total[class_name] += 1
                if removed_by(line, markup) is None:
                    kept[class_name] += 1
                    if show:
                        print(f"  kept\t{class_name}\t{markup[:8]}\t{line}")
    for class_name in total:
        share = kept[class_name] / total[class_name]
        print(f"{class_name:16} {kept[class_name]:3}/{total[class_name]:3} ({share:.0%})")
    all_kept, all_total = sum(kept.values()), sum(total.values())
    print(f"half {which}: {all_kept}/{all_total} kept ({all_kept / all_total:.1%})")


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
