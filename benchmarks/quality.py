"""Article-extraction quality and speed on benchmark sets, all systems side by side in one run.

Usage:
    python benchmarks/quality.py ../shared/benchmarks/scrapinghub-aeb ../shared/benchmarks/trafilatura-eval \\
        [--floor scrapinghub-aeb=0.975 --floor trafilatura-eval=0.93] [--only NAME ...]

A dataset folder is recognised by what it holds: ``ground-truth.json`` (the scrapinghub
article-extraction benchmark, scored with its shingle metric, output/aeb_metric.py) or
``snippets.json`` (trafilatura's evaluation set, scored with its snippet metric,
output/snippet_metric.py). One table per set.

cleancrawl runs through the code of ``cleancrawl clean`` itself (``crawler.offline.page_cleaning.clean_page``
on the page's bytes and URL, default settings; ``--no-model`` and ``--model-threshold X`` as that
command's): a page that command would reject scores as an
empty text and is counted in the "rejected" column. The other systems get the same page decoded
the same way (cleaners.decoding), that decoding timed with them as cleancrawl's is with it;
their "rejected" column counts empty outputs. Pages are visited in one loop and each system is
timed on each page in turn, so a noisy neighbour slows them all alike; which system goes first
rotates from page to page. ``--floor NAME=F1`` makes the script a quality gate: exit status 1
when cleancrawl's F1 on that set is below it.

``--folds`` also scores every system on each of the set's five site folds (benchmarks/folds.py:
every page of a site in one fold), so that a rule change can be checked on the folds it was not
written from. Nothing here is learned, so in-sample and out-of-fold are the same numbers; a
learned model's side-by-side table is benchmarks/train_block_model.py's.

``--only "cleancrawl (block model)"`` adds cleancrawl with the block model forced on (at
``--model-threshold`` or the model's own), timed page by page next to the others: the model's
cost and its (in-sample: it was trained on these sets) F1 next to the rules'. Not run unless named.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import folds
from output import aeb_metric, snippet_metric
from output.benchmark_sets import load_dataset as load_truth

Extractor = Callable[[bytes, str, str], str]
SPEED_REFERENCE = "trafilatura (with_metadata)"
F1_REFERENCE = "trafilatura (default)"
MODEL_SYSTEM = "cleancrawl (block model)"


# clean_html's (block_model, model_threshold) for the "cleancrawl" system: (None, None) is the
# default setting, as `cleancrawl clean` runs; --no-model and --model-threshold set it.
MODEL_OPTIONS: tuple[bool | None, float | None] = (None, None)
# --wording-folds: page URL -> the wording table trained without its site's fold (out-of-fold)
WORDING_TABLES: dict[str, object] = {}


def wording_fold_tables(dataset: Dataset, folder: Path) -> dict[str, object]:
    """Each page's URL -> the table ``folder/fold-<n>.json`` of its site fold (as ``fold_rows``
    splits the set; benchmarks/train_wording_model.py ``--fold-tables`` wrote them)."""
    from cleaners.wording_model import read_table

    tables = {n: read_table((folder / f"fold-{n}.json").read_text(encoding="utf-8")) for n in range(folds.K)}
    return {dataset.urls[key]: tables[n] for key, n in folds.site_folds(dataset.urls).items()}


def _cleancrawl(block_model: bool | None = None) -> Extractor:
    """``cleancrawl clean``'s cleaning; ``block_model=True``: with the block model forced on (the
    "cleancrawl (block model)" system, to compare it with the rules in the same run)."""
    from cleaners.metadata import detect_language
    from cleaners.wording_model import table_in_use
    from crawler.offline.page_cleaning import Options, clean_page
    from crawler.offline.page_inputs import SavedPage

    switch, threshold = MODEL_OPTIONS
    options = Options(block_model=switch if block_model is None else block_model, model_threshold=threshold)
    # load the language model now, as a crawl's workers do at start, not inside the first page's time
    detect_language("warm-up text for the language identification model")

    def run(body: bytes, _: str, url: str) -> str:
        table = WORDING_TABLES.get(url)
        with table_in_use(table) if table is not None else contextlib.nullcontext():
            outcome = clean_page(SavedPage(url, body, url=url), options)
        if outcome.error:
            raise RuntimeError(outcome.error)
        return outcome.record["text"] if outcome.record else ""

    return run


def _trafilatura(**options: object) -> Extractor:
    import trafilatura

    return lambda _, html, url: trafilatura.extract(html, url=url, **options) or ""


def _trafilatura_metadata() -> Extractor:
    import trafilatura

    def run(_: bytes, html: str, url: str) -> str:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
        return (document.text or "") if document else ""

    return run


def _readability() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document

    def run(_: bytes, html: str, url: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return lxml_html.fromstring(summary).text_content() if summary.strip() else ""

    return run


def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(_: bytes, html: str, url: str) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda _, html, url: extract_plain_text(html, main_content=True)


SYSTEMS: dict[str, Callable[[], Extractor]] = {
    "cleancrawl": _cleancrawl,
    MODEL_SYSTEM: lambda: _cleancrawl(block_model=True),
    "trafilatura (default)": lambda: _trafilatura(include_comments=False),
    "trafilatura (favor_precision)": lambda: _trafilatura(include_comments=False, favor_precision=True),
    "trafilatura (fast)": lambda: _trafilatura(include_comments=False, fast=True),
    SPEED_REFERENCE: _trafilatura_metadata,
    "readability-lxml": _readability,
    "justext": _justext,
    "resiliparse": _resiliparse,
}


@dataclass
class Dataset:
    name: str
    kind: str  # "aeb" or "snippets"
    bodies: dict[str, bytes]
    urls: dict[str, str]
    truth: dict  # aeb: key -> article body; snippets: key -> {"with": [...], "without": [...]}


def load_dataset(directory: Path) -> Dataset:
    """The set's truth (output.benchmark_sets, shared with ``cleancrawl diff --truth``) and bodies."""
    try:
        truth = load_truth(directory)
    except ValueError as err:
        raise SystemExit(str(err)) from err
    return Dataset(truth.name, truth.kind, truth.bodies(), truth.urls, truth.truth)


# Systems handed the raw bytes, which decode them inside their own time; the others are given
# the page decoded by cleaners.decoding, and that decoding is charged to them too, in their time.
DECODE_THEMSELVES = frozenset({"cleancrawl"})


def _extract_all(dataset: Dataset, names: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    from cleaners.decoding import decode_html

    extractors = {name: SYSTEMS[name]() for name in names}
    first = next(iter(dataset.bodies))
    for extract in extractors.values():  # warm-up: imports, caches, compiled rules
        extract(dataset.bodies[first], decode_html(dataset.bodies[first]), dataset.urls[first])
    predictions: dict[str, dict[str, str]] = {name: {} for name in names}
    seconds = dict.fromkeys(names, 0.0)
    order = list(extractors.items())
    for page, (key, body) in enumerate(dataset.bodies.items()):
        # each system goes first on as many pages as the others: the first to run on a page is
        # measurably slower (about 3%, the page's memory is cold), whoever it is
        shift = page % len(order)
        for name, extract in order[shift:] + order[:shift]:
            start = time.perf_counter()
            try:
                text = "" if name in DECODE_THEMSELVES else decode_html(body)
                predictions[name][key] = extract(body, text, dataset.urls[key])
            except Exception as err:  # a crashing extractor scores an empty page, as in the paper
                print(f"{name} failed on {key}: {err!r}", file=sys.stderr)
                predictions[name][key] = ""
            seconds[name] += time.perf_counter() - start
    return predictions, seconds


def run(dataset: Dataset, names: list[str]) -> tuple[list[dict[str, object]], dict[str, dict[str, str]]]:
    predictions, seconds = _extract_all(dataset, names)
    rows = []
    for name in names:
        row: dict[str, object] = {
            "system": name,
            "rejected": sum(1 for text in predictions[name].values() if not text.strip()),
            "pages_per_s": len(dataset.bodies) / seconds[name],
        }
        if dataset.kind == "aeb":
            summary = aeb_metric.evaluate(dataset.truth, predictions[name])
            row |= {"f1": summary.f1, "f1_std": summary.f1_std, "precision": summary.precision,
                    "recall": summary.recall, "accuracy": summary.accuracy}
        else:
            counts = snippet_metric.evaluate(dataset.truth, predictions[name])
            row |= {"f1": counts.f1, "precision": counts.precision, "recall": counts.recall,
                    "accuracy": counts.accuracy}
        rows.append(row)
    return rows, predictions


def print_table(dataset: Dataset, rows: list[dict[str, object]]) -> None:
    speed_ref = next((r["pages_per_s"] for r in rows if r["system"] == SPEED_REFERENCE), None)
    f1_ref = next((r["f1"] for r in rows if r["system"] == F1_REFERENCE), None)
    metric = "shingle metric" if dataset.kind == "aeb" else "snippet metric"
    print(f"\n{dataset.name}: {len(dataset.bodies)} pages, {metric}")
    print("| system | F1 | vs trafilatura default | precision | recall | accuracy | rejected | pages/s "
          "| speed vs trafilatura with_metadata |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        f1 = f"{r['f1']:.4f}" + (f" ± {r['f1_std']:.4f}" if "f1_std" in r else "")
        delta = f"{r['f1'] - f1_ref:+.4f}" if f1_ref is not None else "-"
        ratio = f"{r['pages_per_s'] / speed_ref:.2f}x" if speed_ref else "-"
        print(f"| {r['system']} | {f1} | {delta} | {r['precision']:.4f} | {r['recall']:.4f} | {r['accuracy']:.3f} "
              f"| {r['rejected']} | {r['pages_per_s']:.1f} | {ratio} |")


def fold_rows(dataset: Dataset, predictions: dict[str, dict[str, str]], k: int = folds.K) -> list[dict[str, object]]:
    """Each system's F1, precision and recall on each site fold, then on all pages."""
    pages = folds.fold_keys(folds.site_folds(dataset.urls, k), k)
    groups = [(str(i), keys) for i, keys in enumerate(pages)] + [("all", sorted(dataset.truth))]
    rows = []
    for name, texts in predictions.items():
        for label, keys in groups:
            truth = {key: dataset.truth[key] for key in keys}
            texts_in = {key: texts.get(key, "") for key in keys}
            if dataset.kind == "aeb":
                summary = aeb_metric.evaluate(truth, texts_in)
                f1, precision, recall = summary.f1, summary.precision, summary.recall
            else:
                counts = snippet_metric.evaluate(truth, texts_in)
                f1, precision, recall = counts.f1, counts.precision, counts.recall
            sites = len({folds.site_of_url(dataset.urls[key]) for key in keys})
            rows.append({"system": name, "fold": label, "pages": len(keys), "sites": sites,
                         "f1": f1, "precision": precision, "recall": recall})
    return rows


def print_fold_table(dataset: Dataset, rows: list[dict[str, object]]) -> None:
    print(f"\n{dataset.name}: per site fold (nothing learned: in-sample = out-of-fold)")
    print("| system | fold | pages | sites | F1 | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['system']} | {r['fold']} | {r['pages']} | {r['sites']} | {r['f1']:.4f} "
              f"| {r['precision']:.4f} | {r['recall']:.4f} |")


def _parse_floor(value: str) -> tuple[str, float]:
    name, sep, number = value.rpartition("=")
    try:
        return (name if sep else ""), float(number)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"--floor wants NAME=F1 (e.g. scrapinghub-aeb=0.975), not {value!r}") from err


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json, and html/)"
    )
    parser.add_argument("--only", action="append", choices=list(SYSTEMS), help="run only these systems")
    parser.add_argument("--floor", action="append", type=_parse_floor, default=[],
                        help="NAME=F1: fail (exit 1) when cleancrawl's F1 on the set in folder NAME is below F1; "
                             "a bare number applies to every set")
    parser.add_argument("--min-f1", type=float, help="same as a bare --floor number (kept for old CI scripts)")
    parser.add_argument("--folds", action="store_true",
                        help="also score every system on each of the set's five site folds (benchmarks/folds.py)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--dump", type=Path, help="write every system's text per page to DIR/<set>/<system>.json")
    parser.add_argument("--no-model", action="store_true",
                        help="cleancrawl without the block model (as `cleancrawl clean --no-model`)")
    parser.add_argument("--model-threshold", type=float, metavar="X",
                        help="the block model's threshold, for cleancrawl and cleancrawl (block model) "
                             "(as `cleancrawl clean --model-threshold X`: turns the model on unless --no-model)")
    parser.add_argument("--wording-folds", type=Path, metavar="DIR",
                        help="score each page with the wording table that never saw its site "
                             "(DIR/fold-<n>.json, from benchmarks/train_wording_model.py --fold-tables): "
                             "the rule model.wording out-of-fold")
    args = parser.parse_args(argv)
    global MODEL_OPTIONS
    MODEL_OPTIONS = (False if args.no_model else (True if args.model_threshold is not None else None),
                     args.model_threshold)
    names = list(dict.fromkeys(args.only or [name for name in SYSTEMS if name != MODEL_SYSTEM]))
    floors = dict(args.floor)
    if args.min_f1 is not None:
        floors[""] = args.min_f1
    if floors and "cleancrawl" not in names:
        names.insert(0, "cleancrawl")
    failed = False
    all_rows: dict[str, list[dict[str, object]]] = {}
    for directory in args.datasets:
        dataset = load_dataset(directory)
        if args.wording_folds:
            WORDING_TABLES.clear()
            try:
                WORDING_TABLES.update(wording_fold_tables(dataset, args.wording_folds))
            except (OSError, ValueError) as err:
                print(f"error: --wording-folds {args.wording_folds}: {err}", file=sys.stderr)
                return 2
        started = time.perf_counter()
        rows, predictions = run(dataset, names)
        print_table(dataset, rows)
        print(f"({time.perf_counter() - started:.0f} s for this set)")
        all_rows[dataset.name] = rows
        if args.folds:
            per_fold = fold_rows(dataset, predictions)
            print_fold_table(dataset, per_fold)
            all_rows[f"{dataset.name} folds"] = per_fold
        if args.dump:
            (args.dump / dataset.name).mkdir(parents=True, exist_ok=True)
            for name, texts in predictions.items():
                (args.dump / dataset.name / f"{name}.json").write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        floor = floors.get(dataset.name, floors.get(""))
        if floor is not None:
            f1 = next(r["f1"] for r in rows if r["system"] == "cleancrawl")
            if f1 < floor:
                print(f"FAIL: cleancrawl F1 {f1:.4f} on {dataset.name} is below the floor {floor:.4f}", file=sys.stderr)
                failed = True
            else:
                print(f"ok: cleancrawl F1 {f1:.4f} on {dataset.name} >= floor {floor:.4f}")
    unknown = set(floors) - set(all_rows) - {""}
    if unknown:
        print(f"FAIL: --floor for sets not run: {sorted(unknown)}", file=sys.stderr)
        failed = True
    if args.json:
        args.json.write_text(json.dumps(all_rows, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
