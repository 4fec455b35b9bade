"""Article-extraction quality and speed on the scrapinghub benchmark, side by side in one run.

Usage: python benchmarks/quality.py ../shared/benchmarks/scrapinghub-aeb [--min-f1 0.965] [--only NAME]

Every system gets the same decoded page and URL; pages are visited in one loop and each system is
timed on each page in turn, so a noisy neighbour slows them all alike. The metric is the one the
dataset's README defines (benchmarks/aeb_metric.py). ``--min-f1`` makes the script a quality
gate: exit status 1 when cleancrawl's F1 is below it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aeb_metric import evaluate

Extractor = Callable[[str, str], str]


def _cleancrawl() -> Extractor:
    from cleaners import clean_html

    return lambda html, url: clean_html(html, url, min_words=0).text


def _trafilatura(**options: object) -> Extractor:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url, **options) or ""


def _trafilatura_metadata() -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        return (document.text or "") if document else ""

    return run


def _readability() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document

    def run(html: str, url: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return lxml_html.fromstring(summary).text_content() if summary.strip() else ""

    return run


def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html: str, url: str) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html, url: extract_plain_text(html, main_content=True)


SYSTEMS: dict[str, Callable[[], Extractor]] = {
    "cleancrawl": _cleancrawl,
    "trafilatura (default)": lambda: _trafilatura(),
    "trafilatura (favor_precision)": lambda: _trafilatura(favor_precision=True),
    "trafilatura (fast)": lambda: _trafilatura(fast=True),
    "trafilatura (with_metadata)": _trafilatura_metadata,
    "readability-lxml": _readability,
    "justext": _justext,
    "resiliparse": _resiliparse,
}


def load_dataset(directory: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    truth_file = directory / "ground-truth.json"
    if not truth_file.is_file():
        raise SystemExit(f"{truth_file} not found: pass the benchmark folder (it holds ground-truth.json and html/)")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    html_dir = directory / "html"
    pages = {key: gzip.decompress((html_dir / f"{key}.html.gz").read_bytes()).decode("utf-8") for key in truth}
    return (
        pages,
        {key: value["url"] for key, value in truth.items()},
        {key: value["articleBody"] for key, value in truth.items()},
    )


def run(directory: Path, names: list[str]) -> list[dict[str, object]]:
    pages, urls, truths = load_dataset(directory)
    extractors = {name: SYSTEMS[name]() for name in names}
    first = next(iter(pages))
    for extract in extractors.values():  # warm-up: imports, caches, compiled rules
        extract(pages[first], urls[first])
    predictions: dict[str, dict[str, str]] = {name: {} for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for key, html in pages.items():
        for name, extract in extractors.items():
            start = time.perf_counter()
            try:
                predictions[name][key] = extract(html, urls[key])
            except Exception as err:  # a crashing extractor scores an empty page, as in the paper
                print(f"{name} failed on {key}: {err!r}", file=sys.stderr)
                predictions[name][key] = ""
            seconds[name] += time.perf_counter() - start
    rows = []
    for name in names:
        summary = evaluate(truths, predictions[name])
        rows.append(
            {
                "system": name,
                "f1": summary.f1,
                "f1_std": summary.f1_std,
                "precision": summary.precision,
                "recall": summary.recall,
                "accuracy": summary.accuracy,
                "pages_per_s": len(pages) / seconds[name],
            }
        )
    return rows


def print_table(rows: list[dict[str, object]], pages: int) -> None:
    speed_ref = next((r["pages_per_s"] for r in rows if r["system"] == "trafilatura (with_metadata)"), None)
    print(f"scrapinghub article-extraction-benchmark, {pages} pages")
    print("| system | F1 (± std) | precision | recall | accuracy | pages/s | speed vs trafilatura with_metadata |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['pages_per_s'] / speed_ref:.2f}x" if speed_ref else "-"
        print(
            f"| {r['system']} | {r['f1']:.4f} ± {r['f1_std']:.4f} | {r['precision']:.4f} | {r['recall']:.4f} "
            f"| {r['accuracy']:.3f} | {r['pages_per_s']:.1f} | {ratio} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="folder with ground-truth.json and html/*.html.gz")
    parser.add_argument("--only", action="append", choices=list(SYSTEMS), help="run only these systems")
    parser.add_argument("--min-f1", type=float, help="fail (exit 1) when cleancrawl's F1 is below this")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    names = args.only or list(SYSTEMS)
    if args.min_f1 is not None and "cleancrawl" not in names:
        names.insert(0, "cleancrawl")
    rows = run(args.dataset, names)
    print_table(rows, len(json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if args.min_f1 is not None:
        f1 = next(r["f1"] for r in rows if r["system"] == "cleancrawl")
        if f1 < args.min_f1:
            print(f"FAIL: cleancrawl F1 {f1:.4f} is below the floor {args.min_f1:.4f}", file=sys.stderr)
            return 1
        print(f"ok: cleancrawl F1 {f1:.4f} >= floor {args.min_f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
