"""Whether a change to the cleaning code changed its output: every page of the dev sets cleaned
into its full record, written to a file, and compared with the file written before the change.

Usage:
    python benchmarks/same_records.py /work/shared/benchmarks/scrapinghub-aeb \\
        /work/shared/benchmarks/trafilatura-eval --write before.jsonl
    (change the code)
    python benchmarks/same_records.py ... --write after.jsonl --against before.jsonl

Each page is cleaned as ``cleancrawl clean`` cleans it (``crawler.offline.page_cleaning.clean_page``)
in several settings (``--modes``): ``provenance`` (the full record with ``removed_blocks`` and
``markdown``), ``default`` (what ``benchmarks/quality.py`` times: no provenance, text only) and
``model`` (the block model forced on, with provenance). What is compared is all of the outcome:
the record (text, title, authors, dates, images, removed counts, provenance), or the rejection,
failure and error, the rule counts, the protected lines and the model's hold-back, serialised as
canonical JSON. Exit status 1 when any page differs from ``--against`` (the first few are shown,
field by field), 0 when all are identical. A speed-up must leave this at 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.offline.page_cleaning import Options, clean_page
from crawler.offline.page_inputs import SavedPage
from output.benchmark_sets import load_dataset

MODES = {
    "provenance": Options(provenance=True, format="markdown"),
    "default": Options(),
    "model": Options(provenance=True, block_model=True),
}
SHOWN_DIFFERENCES = 5


def outcome_line(dataset: str, key: str, mode: str, url: str, body: bytes) -> dict[str, object]:
    """One page's whole outcome in one mode, as a JSON-ready dict (the label aside: it is the key)."""
    outcome = clean_page(SavedPage(key, body, url=url), MODES[mode])
    fields = dataclasses.asdict(outcome)
    fields.pop("label")
    return {"set": dataset, "key": key, "mode": mode, "outcome": fields}


def clean_all(directories: list[Path], modes: list[str]) -> tuple[list[dict[str, object]], float]:
    """Every page of every set in every mode, and the seconds the cleaning took."""
    lines, seconds = [], 0.0
    for directory in directories:
        dataset = load_dataset(directory)
        for key, body in dataset.bodies().items():
            for mode in modes:
                start = time.perf_counter()
                line = outcome_line(dataset.name, key, mode, dataset.urls[key], body)
                seconds += time.perf_counter() - start
                lines.append(line)
    return lines, seconds


def canonical(line: dict[str, object]) -> str:
    return json.dumps(line, ensure_ascii=False, sort_keys=True)


def differences(before: dict[tuple[str, str, str], str], after: dict[tuple[str, str, str], str]) -> list[str]:
    """A description of each page whose outcome is not the same, or is missing on one side."""
    found = []
    for page in sorted(before.keys() | after.keys()):
        old, new = before.get(page), after.get(page)
        if old == new:
            continue
        if old is None or new is None:
            found.append(f"{page}: only {'after' if old is None else 'before'}")
            continue
        old_fields, new_fields = _flat(json.loads(old)["outcome"]), _flat(json.loads(new)["outcome"])
        changed = [name for name in sorted(old_fields.keys() | new_fields.keys())
                   if old_fields.get(name) != new_fields.get(name)]
        detail = "; ".join(f"{name}: {old_fields.get(name)!r:.120} -> {new_fields.get(name)!r:.120}"
                           for name in changed[:3])
        found.append(f"{page}: {detail}")
    return found


def _flat(outcome: dict[str, object]) -> dict[str, object]:
    record = outcome.get("record") or {}
    rest = {f"outcome.{name}": value for name, value in outcome.items() if name != "record"}
    return rest | {f"record.{name}": value for name, value in record.items()}


def read_lines(path: Path) -> dict[tuple[str, str, str], str]:
    pages = {}
    for text in path.read_text("utf-8").splitlines():
        line = json.loads(text)
        pages[(line["set"], line["key"], line["mode"])] = canonical(line)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (as benchmarks/quality.py's)")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES),
                        help="the settings to clean in (default: all)")
    parser.add_argument("--write", type=Path, help="write every outcome here, one JSON line each")
    parser.add_argument("--against", type=Path, help="compare with the outcomes written before")
    args = parser.parse_args(argv)
    if not args.write and not args.against:
        parser.error("nothing to do: give --write, --against or both")
    lines, seconds = clean_all(args.datasets, args.modes)
    print(f"{len(lines)} outcomes ({len(args.modes)} modes) cleaned in {seconds:.1f} s")
    if args.write:
        args.write.write_text("".join(canonical(line) + "\n" for line in lines), "utf-8")
    if not args.against:
        return 0
    after = {(line["set"], line["key"], line["mode"]): canonical(line) for line in lines}
    before = {page: text for page, text in read_lines(args.against).items() if page[2] in args.modes}
    found = differences(before, after)
    for description in found[:SHOWN_DIFFERENCES]:
        print(f"DIFFERS {description}")
    if found:
        print(f"FAIL: {len(found)} of {len(after)} outcomes differ from {args.against}")
        return 1
    print(f"identical: all {len(after)} outcomes are byte for byte those of {args.against}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
