"""Titles as printed: cleancrawl's ``title`` and trafilatura's against a hand-checked headline truth.

Usage:
    python benchmarks/titles.py ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval
    python benchmarks/titles.py --candidates DATASET_DIR [--pages ID ...]   # the labelling aid

For each set it prints the share of labelled pages whose title is exactly the printed headline,
for cleancrawl (``crawler.offline.page_cleaning.clean_page``, the code of ``cleancrawl clean``)
and trafilatura's default metadata (``bare_extraction(with_metadata=True).title``), overall and
per site fold (benchmarks/folds.py), and the authors of the pages whose truth names them.

Exact means equal after NFKC and collapsing whitespace; case and punctuation are kept. A page
with no headline in the truth (``"title": null``: a page that prints none) counts as a hit when
the system gives no title.

The truth files (``benchmarks/title-truth-<set>.json``) were made WITHOUT cleancrawl's title
code, by the procedure written in docs/quality.md ("Titles: the truth") and repeated here:

1. candidates read from the page: every ``<h1>``'s text, ``og:title``, ``twitter:title``,
   ``<title>``, every JSON-LD ``headline`` (``--candidates`` prints them);
2. rule A (automatic): when exactly one distinct ``<h1>`` text equals (compared by its letters
   and digits, case-folded) og:title, twitter:title, the JSON-LD headline, ``<title>``, or the
   longest of ``<title>``'s segments around a `` | `` / `` - `` / `` – `` / `` — `` / `` :: ``
   separator (a shorter segment is as likely the site's name as the headline), that ``<h1>``
   text (as printed: NFKC, whitespace collapsed) is the truth;
3. rule H (by hand) for every other page: the page's HTML was read around the article's start
   and the headline printed above the article body taken, verbatim; where the page prints none
   (a home or listing page) the truth is null. Every hand label carries a note saying why
   (``"how"`` in the file: ``A`` or ``H: <note>``). A section kicker printed inside the h1 in an
   element of its own ("Local News | ...") is not part of the headline; ruby readings are not.

Which pages: scrapinghub, all 181; trafilatura-eval, a sample of news and blog articles in
several languages (the file's ``"selection"`` says how it was drawn, by page id, before any
title was looked at).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds
from output.benchmark_sets import load_dataset

HERE = Path(__file__).resolve().parent
_SEGMENTS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«)\s+")


def normalise(text: str | None) -> str | None:
    """NFKC, whitespace collapsed; None for no text."""
    if text is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text or None


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def truth_path(directory: Path) -> Path:
    return HERE / f"title-truth-{directory.name}.json"


def candidates(html_text: str) -> dict[str, object]:
    """The headline candidates a page offers, each normalised (see the module's procedure)."""
    from cleaners.parsing import parse_html

    tree = parse_html(html_text)
    found: dict[str, object] = {
        "h1": [t for t in (normalise(" ".join(h.itertext())) for h in tree.iter("h1")) if t],
        "og:title": None, "twitter:title": None,
        "title": normalise(tree.findtext(".//title")),
        "ld": [],
    }
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        if name in ("og:title", "twitter:title") and found[name] is None:
            found[name] = normalise(meta.get("content"))
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            _ld_headlines(json.loads(script), found["ld"])  # type: ignore[arg-type]
        except (ValueError, RecursionError):
            continue
    return found


def _ld_headlines(node: object, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _ld_headlines(item, out)
    elif isinstance(node, dict):
        headline = node.get("headline")
        if isinstance(headline, str) and normalise(headline):
            out.append(normalise(headline))  # type: ignore[arg-type]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in node:
                _ld_headlines(node[key], out)


def rule_a(found: dict[str, object]) -> str | None:
    """The one ``<h1>`` text another title source agrees with (rule A), or None."""
    others: set[str] = set()
    for name in ("og:title", "twitter:title"):
        if found[name]:
            others.add(_letters(str(found[name])))
    for headline in found["ld"]:  # type: ignore[attr-defined]
        others.add(_letters(headline))
    if found["title"]:
        others.add(_letters(str(found["title"])))
        parts = _SEGMENTS.split(str(found["title"]))
        others.add(_letters(max(parts, key=len)))  # the headline is the title's longest segment
    others.discard("")
    agreeing = {h for h in found["h1"] if _letters(h) in others}  # type: ignore[attr-defined]
    return agreeing.pop() if len(agreeing) == 1 else None


def load_truth(directory: Path) -> tuple[dict[str, str | None], set[str]]:
    """Page key -> printed headline (None: the page prints none) of the set's truth file, and
    the keys of its held-out pages (labelled after the title code was written)."""
    pages = json.loads(truth_path(directory).read_text(encoding="utf-8"))["pages"]
    held_out = {key for key, page in pages.items() if page.get("held_out")}
    return {key: normalise(page["title"]) for key, page in pages.items()}, held_out


def _systems() -> dict[str, object]:
    import trafilatura

    from crawler.offline.page_cleaning import Options, clean_page
    from crawler.offline.page_inputs import SavedPage

    options = Options()

    def cleancrawl(body: bytes, _: str, url: str) -> str | None:
        outcome = clean_page(SavedPage(url, body, url=url), options)
        return outcome.record["title"] if outcome.record else None

    def trafilatura_default(_: bytes, text: str, url: str) -> str | None:
        document = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False)
        return document.title if document else None

    return {"cleancrawl": cleancrawl, "trafilatura": trafilatura_default}


def titles_of(directory: Path, keys: list[str]) -> dict[str, dict[str, str | None]]:
    """System -> page key -> the title it gives (normalised)."""
    from cleaners.decoding import decode_html

    dataset = load_dataset(directory)
    systems = _systems()
    out: dict[str, dict[str, str | None]] = {name: {} for name in systems}
    for key in keys:
        body = gzip.decompress(dataset.page_path(key).read_bytes())
        text = decode_html(body)
        for name, system in systems.items():
            out[name][key] = normalise(system(body, text, dataset.urls[key]))  # type: ignore[operator]
    return out


def exact_share(predicted: dict[str, str | None], truth: dict[str, str | None], keys: list[str]) -> float:
    """Share of ``keys`` whose predicted title equals the truth exactly."""
    return sum(predicted.get(key) == truth[key] for key in keys) / len(keys) if keys else float("nan")


def report(directory: Path, show_misses: bool = False) -> dict[str, object]:
    """Print and return one set's exact-match table, overall and per site fold."""
    truth, held_out = load_truth(directory)
    dataset = load_dataset(directory)
    keys = sorted(truth)
    titles = titles_of(directory, keys)
    seen = [key for key in keys if key not in held_out]
    fold_of = folds.site_folds({key: dataset.urls[key] for key in seen})
    by_fold = folds.fold_keys(fold_of)
    rows: dict[str, object] = {}
    print(f"\n{directory.name}: {len(seen)} labelled pages seen while writing the code, {len(held_out)} held out")
    print(f"{'system':<14} {'seen':>6} {'held':>6}  " + "  ".join(f"fold{f}" for f in range(folds.K)))
    for name, predicted in titles.items():
        per_fold = [exact_share(predicted, truth, fold) for fold in by_fold]
        rows[name] = {
            "seen": exact_share(predicted, truth, seen),
            "held_out": exact_share(predicted, truth, sorted(held_out)),
            "folds": per_fold,
        }
        held = f"{rows[name]['held_out']:>6.3f}" if held_out else f"{'-':>6}"  # type: ignore[index]
        print(f"{name:<14} {rows[name]['seen']:>6.3f} {held}  "  # type: ignore[index]
              + "  ".join(f"{x:5.3f}" for x in per_fold))
    if show_misses:
        for key in keys:
            if titles["cleancrawl"][key] != truth[key]:
                print(f"  miss {key[:16]}: {titles['cleancrawl'][key]!r}\n{'':>24}want {truth[key]!r}")
    return rows


def print_candidates(directory: Path, pages: list[str]) -> None:
    """The labelling aid: each page's candidates and rule A's pick (None: label it by hand)."""
    from cleaners.decoding import decode_html

    dataset = load_dataset(directory)
    for key in pages or sorted(dataset.urls):
        found = candidates(decode_html(gzip.decompress(dataset.page_path(key).read_bytes())))
        print(json.dumps({"page": key, "url": dataset.urls[key], **found, "rule_a": rule_a(found)}, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--candidates", action="store_true", help="print the labelling aid instead")
    parser.add_argument("--pages", nargs="*", default=[], help="with --candidates: these pages only")
    parser.add_argument("--misses", action="store_true", help="list cleancrawl's misses")
    args = parser.parse_args(argv)
    for directory in args.datasets:
        if args.candidates:
            print_candidates(directory, args.pages)
        elif not truth_path(directory).exists():
            print(f"no title truth for {directory.name} ({truth_path(directory)})", file=sys.stderr)
            return 2
        else:
            report(directory, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
