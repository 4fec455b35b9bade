"""Near-duplicate detection on planted syndication variants of real articles: precision, recall, speed.

Usage:
    python benchmarks/neardup.py ../shared/benchmarks/scrapinghub-aeb [more sets] [--cleaned] [--seed N]

Texts: a set's ground-truth article bodies (``ground-truth.json``), or with ``--cleaned`` (or for a
set without ground truth) the text cleancrawl extracts from its pages (``html/*.html.gz``). Articles
of fewer than 100 words are left out (a 30-word brief plus one added paragraph is another text).

The records, in a shuffled order (the first seen of each story is its original, as in a crawl):

- every even-numbered article, and its planted variants as other sites print a wire story:
  ``headline`` (a rewritten headline line above the text), ``dateline`` ("CITY (Agency) — "),
  ``paragraph-added`` (one paragraph of another article, 15 to 60 words, inserted in the middle),
  ``paragraph-removed`` (one paragraph, not the first, of at most a fifth of the words),
  ``boilerplate`` (a site's newsletter, copyright and follow lines appended), ``combined``
  (headline, dateline and boilerplate together);
- negatives: every odd-numbered article of 400 words or more cut into its two halves (two
  different articles on one topic: the same names and subject, none of the same sentences), the
  other odd-numbered articles whole.

A record marked ``near_duplicate_of`` counts as a true positive when it points at a record of its
own story, else as a false positive; recall is over the records that are not the first of their
story. The speed is that of the MinHash step (shingles and signature, ``output.near_dup.signature``)
and of the index check, each on one core (process CPU time, so other processes on the machine do
not count). The library table times the signature alone with rensa and datasketch on the same
shingle strings, and the making of those strings (which ``signature`` avoids).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from output.near_dup import NearDupConfig, SQLiteNearDupIndex, shingles, signature

MIN_WORDS = 100
HALVES_MIN_WORDS = 400
DATELINES = ["WASHINGTON (AP) — ", "LONDON (Reuters) — ", "PARIS (AFP) — ", "NEW YORK — ", "BERLIN (dpa) - "]
BOILERPLATE = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "© 2026 Example Media Group. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Have a news tip? Contact our newsroom.",
]
HEADLINE_WORDS = [
    "What",
    "we",
    "know",
    "about",
    "the",
    "latest",
    "twist",
    "as",
    "officials",
    "react",
    "and",
    "experts",
    "weigh",
    "in",
    "on",
]


@dataclass
class Item:
    key: str
    story: str  # records of one story are near-duplicates of each other
    kind: str
    text: str


def load_texts(folder: Path, cleaned: bool) -> list[str]:
    truth = folder / "ground-truth.json"
    if truth.exists() and not cleaned:
        return [entry["articleBody"] for _, entry in sorted(json.loads(truth.read_text(encoding="utf-8")).items())]
    from cleaners import clean_html

    texts = []
    for path in sorted((folder / "html").glob("*.htm*")):
        body = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        article = clean_html(body, f"https://{path.name.split('.')[0]}.example/")
        if not article.rejected:
            texts.append(article.text)
    return texts


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def plant(texts: list[str], rng: random.Random) -> list[Item]:
    usable = [t for t in texts if len(t.split()) >= MIN_WORDS]
    fillers = [p for t in usable for p in paragraphs(t) if 15 <= len(p.split()) <= 60]
    items: list[Item] = []
    for n, text in enumerate(usable):
        story = f"s{n}"
        parts = paragraphs(text)
        if n % 2:
            if len(text.split()) >= HALVES_MIN_WORDS and len(parts) >= 4:
                half = len(parts) // 2
                items.append(Item(f"{story}/first-half", story + "a", "same-topic", "\n".join(parts[:half])))
                items.append(Item(f"{story}/second-half", story + "b", "same-topic", "\n".join(parts[half:])))
            else:
                items.append(Item(f"{story}/whole", story, "distinct", text))
            continue
        headline = " ".join(rng.sample(HEADLINE_WORDS, 8)).capitalize()
        dateline = rng.choice(DATELINES)
        boiler = "\n".join(rng.sample(BOILERPLATE, 3))
        variants = {
            "original": text,
            "headline": headline + "\n" + text,
            "dateline": dateline + text,
            "boilerplate": text + "\n" + boiler,
            "combined": headline + "\n" + dateline + text + "\n" + boiler,
        }
        filler = rng.choice([p for p in fillers if p not in parts] or fillers)
        middle = len(parts) // 2
        variants["paragraph-added"] = "\n".join([*parts[:middle], filler, *parts[middle:]])
        words = len(text.split())
        removable = [i for i in range(1, len(parts)) if len(parts[i].split()) <= words / 5]
        if removable:
            cut = rng.choice(removable)
            variants["paragraph-removed"] = "\n".join(parts[:cut] + parts[cut + 1 :])
        items.extend(Item(f"{story}/{kind}", story, kind, body) for kind, body in variants.items())
    rng.shuffle(items)
    return items


def evaluate(items: list[Item], config: NearDupConfig) -> dict:
    start = time.process_time()
    signatures = [signature(item.text, config) for item in items]
    sign_seconds = time.process_time() - start
    index = SQLiteNearDupIndex(":memory:", config)
    start = time.process_time()
    verdicts = [index.check_and_insert(item.key, sig) for item, sig in zip(items, signatures, strict=True)]
    index_seconds = time.process_time() - start
    story_of = {item.key: item.story for item in items}
    seen: set[str] = set()
    by_kind: dict[str, list[int]] = {}  # kind -> [positives, found, marked, true positives]
    for item, original in zip(items, verdicts, strict=True):
        counts = by_kind.setdefault(item.kind, [0, 0, 0, 0])
        positive = item.story in seen
        seen.add(item.story)
        counts[0] += positive
        if original is not None:
            counts[2] += 1
            correct = story_of[original] == item.story
            counts[3] += correct
            counts[1] += positive and correct
    return {
        "records": len(items),
        "sign_rate": len(items) / sign_seconds if sign_seconds else float("inf"),
        "index_rate": len(items) / index_seconds if index_seconds else float("inf"),
        "by_kind": by_kind,
    }


def library_table(items: list[Item], config: NearDupConfig) -> list[str]:
    """Signature alone, rensa against datasketch, on the same shingles (CPU time, one core)."""
    sets = [shingles(item.text, config.shingle_size) for item in items]
    rows = []

    def timed(name: str, fn) -> None:
        start = time.process_time()
        for s in sets:
            fn(s)
        rows.append(f"  {name:<36} {len(sets) / (time.process_time() - start):>10,.0f}")

    from rensa import CMinHash, RMinHash

    timed("rensa RMinHash", lambda s: RMinHash(config.num_perm, 1).update(s))
    timed("rensa CMinHash", lambda s: CMinHash(config.num_perm, 1).update(s))
    try:
        from datasketch import MinHash
    except ImportError:
        rows.append("  datasketch: not installed (pip install -e '.[bench]')")
    else:
        timed(
            "datasketch MinHash.update_batch",
            lambda s: MinHash(config.num_perm, seed=1).update_batch([x.encode() for x in s]),
        )
    start = time.process_time()
    for item in items:
        shingles(item.text, config.shingle_size)
    shingle_rate = len(items) / (time.process_time() - start)
    return [
        f"signature from shingle strings, records/s (mean {sum(map(len, sets)) / len(sets):.0f} shingles a record):",
        *rows,
        f"  {'making the shingle strings':<36} {shingle_rate:>10,.0f}",
        "  (cleancrawl's signature hashes the shingles with numpy instead: the MinHash step above)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="benchmark folders (ground-truth.json or html/)")
    parser.add_argument("--cleaned", action="store_true", help="texts cleaned by cleancrawl, not the ground truth")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--shingle-size", type=int, default=5)
    args = parser.parse_args(argv)
    config = NearDupConfig(args.threshold, args.num_perm, args.shingle_size)
    texts = [text for folder in args.sets for text in load_texts(folder, args.cleaned)]
    items = plant(texts, random.Random(args.seed))
    result = evaluate(items, config)
    print(
        f"{result['records']} records from {len(texts)} articles; threshold {config.threshold}, "
        f"{config.num_perm} permutations, {config.shingle_size}-word shingles, "
        f"bands {config.bands[0]}x{config.bands[1]}"
    )
    print(f"{'kind':<20} {'records':>8} {'copies':>7} {'found':>6} {'marked':>7} {'wrong':>6} {'recall':>7}")
    totals = [0, 0, 0, 0]
    for kind, (positives, found, marked, correct) in sorted(result["by_kind"].items()):
        records = sum(1 for item in items if item.kind == kind)
        recall = f"{found / positives:.3f}" if positives else "-"
        print(f"{kind:<20} {records:>8} {positives:>7} {found:>6} {marked:>7} {marked - correct:>6} {recall:>7}")
        totals = [a + b for a, b in zip(totals, (positives, found, marked, correct), strict=True)]
    positives, found, marked, correct = totals
    precision = correct / marked if marked else 1.0
    recall = found / positives if positives else 1.0
    print(f"precision {precision:.3f}  recall {recall:.3f}  (targets: >= 0.95, >= 0.9)")
    print(f"MinHash step (shingles + signature), one core: {result['sign_rate']:,.0f} records/s (target >= 2,000)")
    print(f"index check and insert (SQLite, in memory), one core: {result['index_rate']:,.0f} records/s")
    print("\n".join(library_table(items, config)))
    return 0 if precision >= 0.95 and recall >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
