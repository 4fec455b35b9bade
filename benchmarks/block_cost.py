"""What the block model would add to cleaning: features and scoring against cleaning's own time.

Usage:
    python benchmarks/block_cost.py ../shared/benchmarks/scrapinghub-aeb [--repeat 3] [--profile]

Each page of the set is cleaned as ``cleancrawl clean`` does (``clean_html``, default rules,
with the block trace the model reads), then its blocks' features are read
(``cleaners.block_features.block_features``: from the blocks alone, no walk of the page) and
scored by the committed model (``cleaners/models/block_model.json``). Page by page, in one run,
side by side: each step is timed ``--repeat`` times and the fastest kept (the machine is shared;
the fastest run is the one the least disturbed). Printed: a table of cleaning alone, features,
scoring, and the two together as a share of cleaning. ``--profile`` prints cProfile's top
functions of the feature step. Exit 0 when features and scoring cost at most ``--budget`` (10%)
of cleaning, 1 when they cost more, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners.block_features import FEATURE_NAMES, block_features
from cleaners.block_model import BlockModel
from cleaners.lexical_junk import LexicalModel
from cleaners.pipeline import BlockTrace, clean_html
from output.benchmark_sets import load_dataset

MODEL = Path(__file__).resolve().parent.parent / "cleaners" / "models" / "block_model.json"
LEXICAL = MODEL.with_name("lexical_junk.json")


def _timed(step) -> tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def measure(bodies: dict[str, bytes], urls: dict[str, str], model: BlockModel, repeat: int,
            profile: cProfile.Profile | None = None, lexical: LexicalModel | None = None) -> dict[str, float]:
    """Seconds summed over the pages (each step's fastest of ``repeat``): cleaning alone (no
    trace), cleaning with the trace, features (from a fresh trace each time; with the lexical
    junk columns when ``lexical`` is given: its per-word sums are cached in the process, as in
    cleaning), scoring."""
    totals = {"pages": 0.0, "blocks": 0.0, "clean": 0.0, "clean_traced": 0.0, "features": 0.0, "scoring": 0.0}
    for key in sorted(bodies):
        body, url = bodies[key], urls[key]
        best = {"clean": float("inf"), "clean_traced": float("inf"), "features": float("inf"),
                "scoring": float("inf")}
        rows: list[list[float]] = []
        for _ in range(repeat):
            best["clean"] = min(best["clean"], _timed(lambda body=body, url=url: clean_html(body, url))[0])
            traces: list[BlockTrace] = []
            seconds, article = _timed(lambda body=body, url=url, traces=traces: clean_html(body, url, trace=traces))
            best["clean_traced"] = min(best["clean_traced"], seconds)
            if not traces:
                break
            trace = traces[-1]
            kept = {id(b) for b in trace.kept}
            rule_ids = [None if id(b) in kept else "rule" for b in trace.blocks]

            def features(trace=trace, rule_ids=rule_ids, title=article.title):
                return block_features(trace.blocks, trace.tree, title, rule_ids, lexical=lexical)

            if profile is not None:
                profile.enable()
            seconds, rows = _timed(features)
            if profile is not None:
                profile.disable()
            best["features"] = min(best["features"], seconds)
            best["scoring"] = min(best["scoring"], _timed(lambda rows=rows: model.junk_scores(rows))[0])
        totals["pages"] += 1
        totals["clean"] += best["clean"]
        totals["clean_traced"] += best["clean_traced"]
        if rows:
            totals["features"] += best["features"]
            totals["scoring"] += best["scoring"]
            totals["blocks"] += len(rows)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="a benchmark folder (its pages are what is timed)")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--lexical", type=Path, default=LEXICAL, help="the lexical junk table its features read")
    parser.add_argument("--repeat", type=int, default=3, help="times each step runs; the fastest counts")
    parser.add_argument("--budget", type=float, default=0.10, help="largest share of cleaning time allowed")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of the features")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        print("error: --repeat must be at least 1", file=sys.stderr)
        return 2
    try:
        dataset = load_dataset(args.dataset)
        model = BlockModel.from_json(args.model.read_text("ascii"), FEATURE_NAMES)
        lexical = LexicalModel.from_json(args.lexical.read_text("utf-8"))
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    profile = cProfile.Profile() if args.profile else None
    totals = measure(dataset.bodies(), dataset.urls, model, args.repeat, profile, lexical)
    clean = totals["clean"] or 1e-9
    added = totals["features"] + totals["scoring"]
    print(f"{dataset.name}: {totals['pages']:.0f} pages, {totals['blocks']:.0f} blocks, "
          f"{len(model.trees)} trees; fastest of {args.repeat} per step")
    print("| step | seconds | ms a page | share of cleaning |")
    print("|---|---|---|---|")
    for name, seconds in (("cleaning (default, no trace)", totals["clean"]),
                          ("cleaning with the block trace", totals["clean_traced"]),
                          ("features", totals["features"]), ("scoring", totals["scoring"]),
                          ("features + scoring", added)):
        print(f"| {name} | {seconds:.2f} | {1000 * seconds / max(1, totals['pages']):.2f} | {seconds / clean:.1%} |")
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
    return 0 if added <= args.budget * clean else 1


if __name__ == "__main__":
    sys.exit(main())
