"""Where cleancrawl loses to trafilatura, or gains little: dev-set F1 split by page kind and language.

Usage:
    python benchmarks/quality.py SET... --only cleancrawl --only "trafilatura (default)" --dump DIR
    python benchmarks/page_split.py SET... --dump DIR [--by kind|language|fold ...] [--min-pages N]

Reads the texts ``quality.py --dump`` wrote (one run, both systems on the same pages) and
prints, per set, a table of F1 / precision / recall for each system and each group of pages,
with cleancrawl's lead over trafilatura default; groups where cleancrawl loses or leads by less
than ``GAIN`` are flagged. Scored as the set's metric scores (output.snippet_metric: counts
summed over the group's pages; output.aeb_metric: per-page means), so the "all" row is
quality.py's.

- **kind** (``page_kind``): neither set labels its pages, so the kind is read from what the page
  says of itself (schema.org ``@type`` in JSON-LD, ``og:type``, the ``generator`` meta) and, failing
  that, from its address's path words: ``product``, ``forum``, ``docs`` (reference, help, downloads,
  how-tos), ``list`` (section, tag, search and archive pages), ``blog``, ``news`` (a news or
  article type, or a dated / news path), else ``page`` (company, government and other pages).
  A reporting split only: nothing in cleaners/ uses it.
- **language**: the page's declared language (``<html lang>``, Content-Language, og:locale), else
  py3langid on the page's truth text; languages with fewer than ``--min-pages`` pages are "other".
- **fold**: benchmarks/folds.py's site folds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds
from output import aeb_metric, snippet_metric
from output.benchmark_sets import Dataset, load_dataset

OURS = "cleancrawl"
THEIRS = "trafilatura (default)"
# a group where cleancrawl leads trafilatura default by less than this is flagged (issue 19's margin)
GAIN = 0.02

_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_WORD = re.compile(r"[a-z]+")
# (kind, schema.org / og types that say it, path words that say it), in the order they are tried
KIND_SIGNS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("product", frozenset({"product", "offer", "aggregateoffer", "productgroup", "og:product"}),
     frozenset({"product", "products", "produkt", "produkte", "shop", "store", "dp", "item", "artikelnummer"})),
    ("forum", frozenset({"discussionforumposting", "qapage", "question", "comment"}),
     frozenset({"forum", "forums", "thread", "threads", "topic", "viewtopic", "showthread", "community", "board",
                "boards", "questions", "answers", "diskussion"})),
    ("docs", frozenset({"techarticle", "apireference", "softwareapplication", "faqpage", "howto",
                        "softwaresourcecode"}),
     frozenset({"docs", "doc", "documentation", "wiki", "manual", "help", "faq", "faqs", "download", "downloads",
                "handbuch", "anleitung", "ratgeber", "tutorial", "guide", "howto", "hilfe", "support"})),
    ("list", frozenset({"collectionpage", "itemlist", "searchresultspage", "og:website+list"}),
     frozenset({"tag", "tags", "category", "categories", "kategorie", "archive", "archiv", "search", "suche",
                "topics", "themen", "index"})),
    ("blog", frozenset({"blogposting", "blog"}),
     frozenset({"blog", "blogs", "weblog", "post", "posts"})),
    ("news", frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                        "article", "og:article", "liveblogposting", "scholarlyarticle"}),
     frozenset({"news", "nachrichten", "artikel", "article", "articles", "story", "stories", "noticias",
                "actualites", "aktuelles", "meldungen", "presse", "press", "politik", "politics"})),
)
_BLOG_GENERATORS = ("wordpress", "blogger", "ghost", "hugo", "jekyll", "typepad", "medium", "tumblr", "hexo")
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/\d\d?/")


def page_types(tree: object) -> set[str]:
    """The schema.org types of the page's JSON-LD and its ``og:type``, lower case (``og:`` prefixed)."""
    types: set[str] = set()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):  # type: ignore[attr-defined]
        for match in _LD_TYPE.finditer(script):
            types.update(t.lower() for t in re.findall(r'"([^"]+)"', match.group(1)))
    for value in tree.xpath("//meta[@property='og:type' or @name='og:type']/@content"):  # type: ignore[attr-defined]
        types.add("og:" + value.strip().lower())
    return types


def page_kind(tree: object, url: str) -> str:
    """What kind of page this is (see the module's docstring), from its types, generator and address."""
    types = page_types(tree)
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        path_words = set(_WORD.findall((parts.path + " " + parts.query).lower()))
        host = (parts.hostname or "").lower()
    except ValueError:
        path_words, host = set(), ""
    for kind, kind_types, _ in KIND_SIGNS:
        if types & kind_types and kind != "news":
            return kind
    for kind, _, words in KIND_SIGNS[:4]:
        if path_words & words:
            return kind
    generator = " ".join(tree.xpath("//meta[@name='generator']/@content")).lower()  # type: ignore[attr-defined]
    if (types & KIND_SIGNS[4][1] or path_words & KIND_SIGNS[4][2] or "blog" in host
            or folds._blog_of(host) or any(g in generator for g in _BLOG_GENERATORS)):
        return "blog"
    if types & KIND_SIGNS[5][1] or path_words & KIND_SIGNS[5][2] or _DATED_PATH.search(url):
        return "news"
    return "page"


def truth_text(dataset: Dataset, key: str) -> str:
    """The page's truth as text: the article body, or the snippet set's must-passages."""
    value = dataset.truth[key]
    return value if isinstance(value, str) else " ".join(value.get("with", []))


def page_groups(dataset: Dataset, by: str, min_pages: int) -> dict[str, str]:
    """Page key -> its group under ``by`` (kind, language, fold)."""
    if by == "fold":
        return {key: str(fold) for key, fold in folds.site_folds(dataset.urls).items()}
    from cleaners.decoding import decode_html
    from cleaners.metadata import detect_language, page_language
    from cleaners.parsing import UnparsableHTML, parse_html

    groups: dict[str, str] = {}
    for key in dataset.truth:
        body = dataset.page_path(key).read_bytes()
        try:
            tree = parse_html(decode_html(gzip.decompress(body)))
        except UnparsableHTML:
            groups[key] = "unparsable"
            continue
        if by == "kind":
            groups[key] = page_kind(tree, dataset.urls.get(key) or "")
        else:
            language = page_language(tree) or detect_language(truth_text(dataset, key)) or "unknown"
            groups[key] = language.split("-")[0]
    if by == "language":
        sizes = defaultdict(int)
        for group in groups.values():
            sizes[group] += 1
        groups = {key: (group if sizes[group] >= min_pages else "other") for key, group in groups.items()}
    return groups


def group_scores(dataset: Dataset, texts: Mapping[str, str], keys: Iterable[str]) -> tuple[float, float, float]:
    """(F1, precision, recall) of ``texts`` on the pages ``keys``, as the set's metric scores."""
    keys = list(keys)
    if dataset.kind == "aeb":
        scores = [aeb_metric.score_page(dataset.truth[k], texts.get(k, "") or "") for k in keys]
        summary = aeb_metric.summarise(scores, resamples=1)  # no spread wanted: one resample
        return summary.f1, summary.precision, summary.recall
    counts = snippet_metric.evaluate({k: dataset.truth[k] for k in keys}, texts)
    return counts.f1, counts.precision, counts.recall


def split_rows(dataset: Dataset, texts: Mapping[str, Mapping[str, str]], groups: Mapping[str, str]) -> list[dict]:
    """One row per group (largest first, then "all"): pages, each system's F1/P/R, the lead."""
    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(dataset.truth):
        members[groups[key]].append(key)
    ordered = [*sorted(members.items(), key=lambda item: (-len(item[1]), item[0])), ("all", sorted(dataset.truth))]
    rows = []
    for group, keys in ordered:
        row: dict = {"group": group, "pages": len(keys)}
        for system in (OURS, THEIRS):
            row[system] = group_scores(dataset, texts[system], keys)
        row["lead"] = row[OURS][0] - row[THEIRS][0]
        rows.append(row)
    return rows


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print("| group | pages | cleancrawl F1 | P | R | trafilatura F1 | P | R | lead | |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ours, theirs = row[OURS], row[THEIRS]
        flag = "LOSS" if row["lead"] < 0 else ("< +0.02" if row["lead"] < GAIN else "")
        print(f"| {row['group']} | {row['pages']} | {ours[0]:.4f} | {ours[1]:.4f} | {ours[2]:.4f} "
              f"| {theirs[0]:.4f} | {theirs[1]:.4f} | {theirs[2]:.4f} | {row['lead']:+.4f} | {flag} |")


def load_texts(dump: Path, name: str) -> dict[str, dict[str, str]]:
    """Both systems' texts of set ``name`` from ``quality.py --dump DIR``."""
    texts = {}
    for system in (OURS, THEIRS):
        path = dump / name / f"{system}.json"
        if not path.is_file():
            raise SystemExit(f"{path}: missing: run quality.py --only {OURS!r} --only {THEIRS!r} --dump {dump}")
        texts[system] = json.loads(path.read_text("utf-8"))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders, as given to quality.py")
    parser.add_argument("--dump", type=Path, required=True, help="the folder quality.py --dump wrote")
    parser.add_argument("--by", action="append", choices=("kind", "language", "fold"),
                        help="how to split (default: kind and language)")
    parser.add_argument("--min-pages", type=int, default=8, help="smaller languages are pooled as 'other'")
    args = parser.parse_args(argv)
    for directory in args.datasets:
        try:
            dataset = load_dataset(directory)
        except ValueError as err:
            print(str(err), file=sys.stderr)
            return 2
        texts = load_texts(args.dump, dataset.name)
        for by in args.by or ["kind", "language"]:
            groups = page_groups(dataset, by, args.min_pages)
            print_rows(f"{dataset.name}: by {by}", split_rows(dataset, texts, groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
