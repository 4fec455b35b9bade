"""Survival of held-out junk wordings, and story lines the rules remove: one harness for every
wordings file under tests/wordings/.

Usage:
    python benchmarks/wordings.py tests/wordings/FILE.json [--half A|B|all] [--show]
    python benchmarks/wordings.py --story tests/wordings/FILE_story_lines.txt
    python benchmarks/wordings.py tests/wordings/prompts3_wordings.json --places tests/wordings/guard_places.json
    python benchmarks/wordings.py --story FILE --places tests/wordings/guard_places.json
    python benchmarks/wordings.py FILE [--place prose|pair|heading|short|end]

A wordings file is JSON: ``{class: [line, ...]}`` or ``{class: {language: [line, ...]}}`` (keys that
start with ``_`` are notes). Its lines are split in two halves by a fixed hash of each line
(``half``; the file's ``"_split"`` key names the hash, ``sha256`` when it has none): rules are
written from half A, and half B, which nobody fitted, says whether they carry. Each line is planted
between prose paragraphs in each of the file's markups (its ``"_markups"`` key, format strings
with one ``{}``; ``MARKUPS``, markups ``benchmarks/planted.py`` uses, when it has none) and cleaned
with ``cleaners.clean_html``; it survives a markup when the cleaned text holds it. ``--show``
prints the surviving lines. ``--story`` plants each line of a file of STORY lines (as ``<p>`` and
``<h3>``) and prints those a rule removed: false positives, to keep at zero.

``--places FILE`` checks the neighbour guards instead (``tests/wordings/guard_places.json``): of the
lines of its ``_classes`` a rule removes between prose, how many stay at each of its ``_places``
(``[before, after]``: before a subheading, beside a short paragraph); with ``--story`` it plants the
story lines at those places.

``--table FILE`` has the rule ``model.wording`` read that table instead of the packaged one: a
file's lines read by a table trained without them (benchmarks/train_wording_model.py).

``--place`` sets every line of a wordings file in one place (``PLACES``): between two prose
paragraphs (``prose``, the default), next to another line of the file (``pair``: junk comes in
clusters), right under a subheading (``heading``), beside a short line of the story (``short``), or
closing a section before the next subheading (``end``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners import clean_html
from cleaners.wording_model import read_table, table_in_use

PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]
MARKUPS = ("<p>{}</p>", "<p><em>{}</em></p>", "<div><span>{}</span></div>", "<p><small>{}</small></p>")
STORY_MARKUPS = ("<p>{}</p>", "<h3>{}</h3>")
HASHES = ("sha256", "sha1", "md5")
BETWEEN_PROSE = ("", "")
SUBHEADING = "<h3>Where the money goes</h3>"
SHORT_LINE = "<p>The vote was close.</p>"
PLACES = ("prose", "pair", "heading", "short", "end")


def half(line: str, hash_name: str = "sha256") -> str:
    """'A' or 'B', fixed by the line's text: the same split on every run and machine. ``md5``
    splits on the whole digest's parity, the others on the first byte's (each as the file's
    rules were first written against)."""
    digest = hashlib.new(hash_name, line.encode("utf-8"))
    value = int(digest.hexdigest(), 16) if hash_name == "md5" else digest.digest()[0]
    return "A" if value % 2 == 0 else "B"


def place_pair(place: str, companion: str = "") -> tuple[str, str]:
    """What stands before and after a line set in ``place`` (``PLACES``); ``companion``: the
    markup of the line set beside it for ``pair``."""
    return {
        "pair": ("", companion),
        "heading": (SUBHEADING, ""),
        "short": (SHORT_LINE, ""),
        "end": ("", SUBHEADING),
    }.get(place, BETWEEN_PROSE)


def page(middle: str, place: str = "prose", companion: str = "") -> str:
    """An article of six prose paragraphs with ``middle`` after the third, in its ``place``."""
    before, after = place_pair(place, companion)
    middle = before + middle + after
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + middle + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    return (f"<html><head><title>Council budget row</title></head><body><article>"
            f"<h1>Council budget row</h1>{body}</article></body></html>")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def markups_of(data: dict) -> tuple[str, ...]:
    """The markups a wordings file's lines are planted in: its ``"_markups"``, else ``MARKUPS``."""
    return tuple(data.get("_markups", MARKUPS))


def removed_by(line: str, markup: str, place: tuple[str, str] = BETWEEN_PROSE) -> str | None:
    """The rule that removed ``line`` planted in ``markup`` between ``place``'s before and after
    (nothing: prose on both sides), '(extractor)' when it is gone from the output with no rule
    named, or None when it is in the cleaned text."""
    before, after = place
    middle = before + markup.format(escape(line)) + after
    article = clean_html(page(middle), "https://news.example/2024/05/budget")
    wanted = _norm(line)
    if wanted in _norm(article.text):
        return None
    for block in article.removed:
        if wanted in _norm(block.text):
            return block.rule_id
    return "(extractor)"


def labelled_lines(data: dict) -> Iterator[tuple[str, str, str]]:
    """(class, language, line) for every line of a wordings file ('' when it names no language)."""
    for class_name, value in data.items():
        if class_name.startswith("_"):
            continue
        groups = value.items() if isinstance(value, dict) else [("", value)]
        for lang, lines in groups:
            for line in lines:
                yield class_name, lang, line


def survival(path: Path, which: str, show: bool, hash_name: str | None, place: str = "prose") -> float:
    """Print kept/planted per class and language for one half, each line set in ``place``; return
    the share kept."""
    data = json.loads(path.read_text(encoding="utf-8"))
    hash_name = hash_name or data.get("_split", "sha256")
    kept: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    lines = [(c, lang, line) for c, lang, line in labelled_lines(data)
             if which == "all" or half(line, hash_name) == which]
    for n, (class_name, lang, line) in enumerate(lines):
        # the pair's companion: the next line of the half in another class (a cluster of widgets)
        companion = next((other for c, _, other in lines[n + 1:] + lines[:n] if c != class_name), "")
        for markup in markups_of(data):
            total[class_name, lang] += 1
            pair = place_pair(place, markup.format(escape(companion)) if companion else "")
            if removed_by(line, markup, pair) is None:
                kept[class_name, lang] += 1
                if show:
                    print(f"  kept\t{class_name}\t{lang}\t{markup[:8]}\t{line}")
    for class_name in sorted({c for c, _ in total}):
        keys = [k for k in total if k[0] == class_name]
        k_sum, t_sum = sum(kept[k] for k in keys), sum(total[k] for k in keys)
        per_lang = " ".join(f"{lang} {kept[k]}/{total[k]}" for k in keys if (lang := k[1]))
        print(f"{class_name:18} {k_sum:4}/{t_sum:4} ({k_sum / t_sum:.0%}) {per_lang}")
    all_kept, all_total = sum(kept.values()), sum(total.values())
    share = all_kept / all_total if all_total else 0.0
    print(f"{path.name} half {which} ({hash_name}): {all_kept}/{all_total} kept ({share:.1%})")
    return share


def guard_survival(path: Path, places_path: Path, which: str, hash_name: str | None) -> Counter[str]:
    """Of the lines of the places file's ``_classes`` a rule removes between prose, print those kept
    at each of its ``_places`` and the count per class and place; return the kept count per place."""
    data = json.loads(path.read_text(encoding="utf-8"))
    hash_name = hash_name or data.get("_split", "sha256")
    spec = json.loads(places_path.read_text(encoding="utf-8"))
    places = {name: tuple(pair) for name, pair in spec["_places"].items()}
    classes = spec.get("_classes")
    all_kept: Counter[str] = Counter()
    for class_name in classes or dict.fromkeys(c for c, _, _ in labelled_lines(data)):
        known = 0
        kept: Counter[str] = Counter()
        for name, lang, line in labelled_lines(data):
            if name != class_name or (which != "all" and half(line, hash_name) != which):
                continue
            for markup in markups_of(spec):
                if removed_by(line, markup) is None:
                    continue  # no rule knows it between prose: not the guard's to decide
                known += 1
                for place, pair in places.items():
                    if removed_by(line, markup, pair) is None:
                        kept[place] += 1
                        print(f"  kept {class_name}/{lang} {place}\t{line}")
        print(f"{class_name}: {known} known between prose; kept by place: {dict(kept)}")
        all_kept += kept
    return all_kept


def story(path: Path, places_path: Path | None = None) -> int:
    """Print each planting of a story line that a rule removed; return how many. Planted between
    prose as ``STORY_MARKUPS``, or with ``places_path`` at each of its places in its markups."""
    lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip() and not s.startswith("#")]
    plantings = [(markup[:4], markup, BETWEEN_PROSE) for markup in STORY_MARKUPS]
    if places_path:
        spec = json.loads(places_path.read_text(encoding="utf-8"))
        plantings = [(name, markup, tuple(pair))
                     for name, pair in spec["_places"].items() for markup in markups_of(spec)]
    taken = 0
    for line in lines:
        for where, markup, place in plantings:
            rule = removed_by(line, markup, place)
            if rule:
                taken += 1
                print(f"  removed\t{where}\t{rule}\t{line}")
    print(f"story lines: {taken} of {len(lines) * len(plantings)} plantings removed")
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wordings", type=Path, nargs="?", help="a wordings JSON file")
    parser.add_argument("--half", choices=("A", "B", "all"), default="B")
    parser.add_argument("--hash", choices=HASHES, help="the split's hash (default: the file's _split, else sha256)")
    parser.add_argument("--show", action="store_true", help="print the surviving lines")
    parser.add_argument("--story", type=Path, help="a file of story lines, one a line")
    parser.add_argument("--places", type=Path, help="the guards' places (tests/wordings/guard_places.json)")
    parser.add_argument("--place", choices=PLACES, default="prose", help="where each line stands (default: prose)")
    parser.add_argument("--table", type=Path,
                        help="the wording table the rule model.wording reads instead of the packaged one "
                             "(benchmarks/train_wording_model.py --fold-tables DIR: DIR/without-<name>.json)")
    args = parser.parse_args()
    try:
        table = read_table(args.table.read_text(encoding="utf-8")) if args.table else None
    except (OSError, ValueError) as err:
        parser.error(f"--table {args.table}: {err}")
    with table_in_use(table) if table is not None else contextlib.nullcontext():
        return run(parser, args)


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.story:
        story(args.story, args.places)
    elif args.wordings and args.places:
        guard_survival(args.wordings, args.places, args.half, args.hash)
    elif args.wordings:
        survival(args.wordings, args.half, args.show, args.hash, args.place)
    else:
        parser.error("give a wordings file or --story FILE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
