"""Where cleancrawl loses the main text trafilatura keeps, on a snippet set (trafilatura-eval).

Usage:
    python benchmarks/recall_losses.py ../shared/benchmarks/trafilatura-eval [--fold N] [--limit N]

For every page, the ``with`` (must) snippets that trafilatura's default extraction keeps and
cleancrawl's default cleaning (``clean_html``, as ``cleancrawl clean`` runs it) does not (``--all``: every must-snippet
cleancrawl loses, trafilatura's or not), each
with its cause, read from clean_html's provenance:

- ``rejected:<reason>``: the page was rejected as no article (cleaners/page_kind.py, pipeline);
- ``<rule id>``: a removed block (DOM or text stage, or ``model.block``) holds the snippet, or
  holds a part of it when the snippet spans blocks;
- ``extraction``: no removed block holds it: our extraction (the pass picked, the container,
  split_body) never had the text. With ``--where``, told apart further:
  ``extraction:recall-mode`` (trafilatura's ``favor_recall`` extraction of the page has it),
  ``extraction:in-page`` (the page's text has it, outside scripts and styles: neither pass
  takes it) and ``extraction:not-in-page`` (written differently, or by a script).

Prints one line per loss (page, fold, cause, snippet), then counts per cause, and per fold
(benchmarks/folds.py) so a fix can be checked on folds it was not read from. One process.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds
from output.benchmark_sets import load_dataset
from output.snippet_metric import collapse

# a snippet part this long found in a removed block names that block's rule (a snippet can span blocks)
MIN_PART = 25


def loss_cause(snippet: str, article: object) -> str:
    """Why ``snippet`` is missing from ``article`` (a cleaners.result.Article): its rejection,
    the rule of the removed block that holds the snippet (or a long part of it), or extraction."""
    rejected = getattr(article, "rejected", None)
    if rejected:
        return f"rejected:{rejected}"
    removed = getattr(article, "removed", [])
    for block in removed:  # the whole snippet inside one removed block
        if snippet in collapse(block.text):
            return block.rule_id
    head, tail = snippet[:MIN_PART], snippet[-MIN_PART:]
    for block in removed:  # a snippet spanning blocks: its start or end, or a whole block inside it
        text = collapse(block.text)
        if len(snippet) >= MIN_PART and (head in text or tail in text):
            return block.rule_id
        if len(text) >= MIN_PART and text in snippet:
            return block.rule_id
    return "extraction"


def extraction_where(snippet: str, recall_text: str, page_text: str) -> str:
    """Where an extraction loss stands (``--where``): in trafilatura's recall-mode text, elsewhere
    in the page's text, or nowhere (each whitespace-collapsed)."""
    if snippet in recall_text:
        return "extraction:recall-mode"
    return "extraction:in-page" if snippet in page_text else "extraction:not-in-page"


def page_text(html: str) -> str:
    """The page's text outside scripts and styles, whitespace collapsed."""
    from cleaners.parsing import UnparsableHTML, parse_html

    try:
        tree = parse_html(html)
    except UnparsableHTML:
        return ""
    for node in tree.iter("script", "style"):
        node.text = None
    return collapse(" ".join(tree.itertext()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="a snippet set's folder (snippets.json and html/)")
    parser.add_argument("--fold", type=int, help="only the pages of this site fold (0..4)")
    parser.add_argument("--limit", type=int, help="only the first N pages (a quick look)")
    parser.add_argument("--all", action="store_true",
                        help="every must-snippet cleancrawl loses, also those trafilatura loses too")
    parser.add_argument("--where", action="store_true",
                        help="tell extraction losses apart: in trafilatura's recall mode, elsewhere in the page, "
                             "or not in it (one more extraction per page that has one)")
    args = parser.parse_args(argv)
    if not (args.dataset / "snippets.json").is_file():
        print(f"{args.dataset}: no snippets.json: not a snippet set", file=sys.stderr)
        return 2

    import trafilatura

    from cleaners import clean_html
    from cleaners.decoding import decode_html

    dataset = load_dataset(args.dataset)
    truth = dataset.truth
    fold_of = folds.site_folds(dataset.urls)
    keys = sorted(k for k in truth if args.fold is None or fold_of[k] == args.fold)[: args.limit]
    causes: Counter[str] = Counter()
    by_fold: Counter[tuple[int, str]] = Counter()
    for key in keys:
        body = gzip.decompress(dataset.page_path(key).read_bytes())
        url = truth[key].get("url") or ""
        ours = clean_html(body, url)
        theirs = collapse(trafilatura.extract(decode_html(body), url=url, include_comments=False) or "")
        text = collapse(ours.text)
        where: tuple[str, str] | None = None  # (recall-mode text, page text), made once per page
        for snippet in map(collapse, truth[key].get("with", [])):
            if (args.all or snippet in theirs) and snippet not in text:
                cause = loss_cause(snippet, ours)
                if cause == "extraction" and args.where:
                    if where is None:
                        html = decode_html(body)
                        recall = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
                        where = (collapse(recall or ""), page_text(html))
                    cause = extraction_where(snippet, *where)
                causes[cause] += 1
                by_fold[fold_of[key], cause] += 1
                print(f"{key}\tfold {fold_of[key]}\t{cause}\t{snippet[:100]}")
    total = sum(causes.values())
    which = "" if args.all else " trafilatura keeps and"
    print(f"\n{total} must-snippets{which} cleancrawl loses, on {len(keys)} pages")
    print("| cause | lost | " + " | ".join(f"fold {i}" for i in range(folds.K)) + " |")
    print("|---|---|" + "---|" * folds.K)
    for cause, count in causes.most_common():
        cells = " | ".join(str(by_fold[i, cause]) for i in range(folds.K))
        print(f"| {cause} | {count} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
