"""Every block the shape rules remove on the dev sets, one line each (set, page, rule, text): read
them all after a change to a shape, and diff two runs to see what the change took.

    python benchmarks/shape_hits.py DATASET... [--prefix shapes.] [--processes 2] > hits.tsv
"""

from __future__ import annotations

import argparse
import sys
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.quality import load_dataset
from cleaners import clean_html

PREFIXES: tuple[str, ...] = ("shapes.",)


def _hits(job: tuple[str, str, bytes, str]) -> list[str]:
    name, key, body, url = job
    try:
        article = clean_html(body, url)
    except Exception as err:  # a page that fails is reported, the run goes on
        return [f"{name}\t{key}\tERROR\t{err!r}"]
    return [
        f"{name}\t{key}\t{b.rule_id}\t{' '.join(b.text.split())[:200]}"
        for b in article.removed if b.rule_id and b.rule_id.startswith(PREFIXES)
    ]


def main() -> None:
    global PREFIXES
    parser = argparse.ArgumentParser()
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--prefix", action="append", help="rule ids to list (default: shapes.)")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    if args.prefix:
        PREFIXES = tuple(args.prefix)
    jobs = []
    for directory in args.datasets:
        data = load_dataset(directory)
        jobs += [(data.name, key, body, data.urls[key]) for key, body in data.bodies.items()]
    with Pool(args.processes, initializer=_set_prefixes, initargs=(PREFIXES,)) as pool:
        for lines in pool.imap(_hits, jobs, chunksize=8):
            for line in lines:
                print(line)


def _set_prefixes(prefixes: tuple[str, ...]) -> None:
    global PREFIXES
    PREFIXES = prefixes


if __name__ == "__main__":
    main()
