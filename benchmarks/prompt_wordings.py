"""Held-out check of the prompt rules on our own wordings (tests/wordings/prompts3_wordings.json).

Each wording is planted between prose paragraphs as <p>, <h3>, <div> and <p><a><strong> and the
cleaner is asked whether it removed it. Lines are split in two halves by a fixed hash (sha1 of
the line, first byte even = A): rules are written from half A; survival is measured on half B
(``--half B``, the default), which prints the survivors. ``--stories FILE`` plants story lines
instead and prints every one that a rule removed (a false positive)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import clean_html  # noqa: E402

PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]
WRAPS = ("<p>{}</p>", "<h3>{}</h3>", "<div>{}</div>", '<p><a href="/n"><strong>{}</strong></a></p>')


def half(line: str) -> str:
    """'A' or 'B', fixed by the line's hash."""
    return "A" if hashlib.sha1(line.encode()).digest()[0] % 2 == 0 else "B"


def removed_by(line: str, wrap: str) -> list[str]:
    """The rules that removed ``line`` planted with ``wrap`` between prose paragraphs."""
    from html import escape

    middle = wrap.format(escape(line))
    body = "".join((*(f"<p>{p}</p>" for p in PROSE[:3]), middle, *(f"<p>{p}</p>" for p in PROSE[3:])))
    html = (f"<html><head><title>Council budget row</title></head><body><article>"
            f"<h1>Council budget row</h1>{body}</article></body></html>")
    article = clean_html(html, "https://news.example/2024/05/budget")
    if line.strip() not in article.text:
        return [b.rule_id for b in article.removed if line.strip() in b.text] or ["(gone)"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wordings", type=Path, default=ROOT / "tests/wordings/prompts3_wordings.json")
    parser.add_argument("--half", choices=("A", "B", "all"), default="B")
    parser.add_argument("--stories", type=Path, help="plant these story lines; print those removed")
    args = parser.parse_args()
    if args.stories:
        lines = [s.strip() for s in args.stories.read_text().splitlines() if s.strip() and not s.startswith("#")]
        bad = 0
        for line in lines:
            for wrap in WRAPS[:2]:
                hits = removed_by(line, wrap)
                if hits:
                    bad += 1
                    print(f"REMOVED {wrap[:4]}\t{hits}\t{line}")
        print(f"{bad} story placements removed of {2 * len(lines)}")
        return 0
    data = json.loads(args.wordings.read_text())
    for cls, by_lang in data.items():
        kept, total, by = 0, 0, Counter()
        for lang, lines in by_lang.items():
            for line in lines:
                if args.half != "all" and half(line) != args.half:
                    continue
                for wrap in WRAPS:
                    total += 1
                    if not removed_by(line, wrap):
                        kept += 1
                        by[lang] += 1
                        print(f"  kept {cls}/{lang} {wrap[:4]}\t{line}")
        print(f"{cls}: {kept}/{total} kept ({100 * kept / max(total, 1):.0f}%) {dict(by)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
