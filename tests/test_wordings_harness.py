"""One wordings harness (tidy6): ``benchmarks/wordings.py`` splits every held-out wordings file of
tests/wordings/ exactly as the per-task script it replaces did, and plants its lines in the same
markups.

Rules were written from each file's half A, so a line that moved from one half to the other would
turn a fitted line into a held-out one (or the reverse) without anyone noticing. The old scripts'
splits are fixed here as their formulas (not as stored halves), each named with the script it came
from; the harness reads the hash from the file's ``_split`` key and its markups from ``_markups``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.wordings import MARKUPS, half, labelled_lines, markups_of

ROOT = Path(__file__).resolve().parent.parent
WORDINGS = ROOT / "tests" / "wordings"


def _sha1_first_byte(line: str) -> str:
    """benchmarks/comment_wordings.py and benchmarks/prompt_wordings.py (deleted in tidy6)."""
    return "A" if hashlib.sha1(line.encode()).digest()[0] % 2 == 0 else "B"


def _sha256_first_byte(line: str) -> str:
    """benchmarks/notice_wordings.py, whose half benchmarks/german_wordings.py imported."""
    return "A" if hashlib.sha256(line.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def _md5_whole_digest(line: str) -> str:
    """benchmarks/shape_wordings.py (its file, tests/data/shapes2_wordings.json, was never committed)."""
    return "A" if int(hashlib.md5(line.encode()).hexdigest(), 16) % 2 == 0 else "B"


_PROMPT_WRAPS = ("<p>{}</p>", "<h3>{}</h3>", "<div>{}</div>", '<p><a href="/n"><strong>{}</strong></a></p>')
_NOTICE_MARKUPS = ("<p>{}</p>", "<p><em>{}</em></p>", "<div><span>{}</span></div>")
# file -> (the old script's split, the old script's markups)
OLD: dict[str, tuple[Callable[[str], str], tuple[str, ...]]] = {
    "comment_wordings.json": (_sha1_first_byte, ("<p>{}</p>", "<h3>{}</h3>", "<p><small>{}</small></p>")),
    "prompts3_wordings.json": (_sha1_first_byte, _PROMPT_WRAPS),
    # measured with benchmarks/prompt_wordings.py --wordings (the langs commit's half-B counts:
    # share 48 plantings = 12 lines x 4 wraps, which only sha1 gives)
    "langs_wordings.json": (_sha1_first_byte, _PROMPT_WRAPS),
    "notices_wordings.json": (_sha256_first_byte, _NOTICE_MARKUPS),
    "german_wordings.json": (_sha256_first_byte, _NOTICE_MARKUPS),
}
DELETED_SCRIPTS = ("comment_wordings.py", "notice_wordings.py", "prompt_wordings.py", "german_wordings.py",
                   "shape_wordings.py", "guard_wordings.py", "tests/data/comment_")


def _load(name: str) -> dict:
    return json.loads((WORDINGS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(OLD))
def test_every_line_keeps_the_half_its_old_script_gave(name: str) -> None:
    data = _load(name)
    old_half, _ = OLD[name]
    lines = [line for _, _, line in labelled_lines(data)]
    assert len(lines) > 100
    moved = [line for line in lines if half(line, data["_split"]) != old_half(line)]
    assert moved == []
    assert {old_half(line) for line in lines} == {"A", "B"}


@pytest.mark.parametrize("name", sorted(OLD))
def test_lines_are_planted_in_the_old_scripts_markups(name: str) -> None:
    assert markups_of(_load(name)) == OLD[name][1]


def test_md5_split_is_the_shape_scripts_whole_digest_parity() -> None:
    lines = [line for name in OLD for _, _, line in labelled_lines(_load(name))]
    assert [half(line, "md5") for line in lines] == [_md5_whole_digest(line) for line in lines]
    # the first byte's parity would differ: the formula, not only the hash, is the file's
    assert any(_md5_whole_digest(line) != ("A" if hashlib.md5(line.encode()).digest()[0] % 2 == 0 else "B")
               for line in lines)


def test_a_file_without_keys_gets_the_default_split_and_markups() -> None:
    assert markups_of({"like": ["Like"]}) == MARKUPS
    assert half("Like") == _sha256_first_byte("Like")


def test_the_comment_wordings_are_one_class_by_language() -> None:
    data = _load("comment_wordings.json")
    classes = {class_name for class_name, _, _ in labelled_lines(data)}
    languages = {lang for _, lang, _ in labelled_lines(data)}
    assert classes == {"comment-heading"}
    assert {"en", "de", "tr", "ru", "other"} <= languages


def test_guard_places_name_a_before_and_an_after_for_each_place() -> None:
    spec = _load("guard_places.json")
    assert spec["_classes"] == ["like", "share", "messenger"]
    assert len(spec["_places"]) == 4
    assert all(len(pair) == 2 and any(pair) for pair in spec["_places"].values())
    assert not list(labelled_lines(spec))  # all keys are notes: no lines to plant by mistake


def test_no_doc_or_source_names_a_deleted_script_or_the_old_folder() -> None:
    files = [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("cleaners/**/*.py"),
             *ROOT.glob("benchmarks/*.py"), *WORDINGS.iterdir(), *ROOT.glob("tests/*.py")]
    named = [(str(f.relative_to(ROOT)), script) for f in files if f != Path(__file__).resolve()
             for script in DELETED_SCRIPTS if script in f.read_text(encoding="utf-8")]
    assert named == []
    assert not any((ROOT / "benchmarks" / script).exists() for script in DELETED_SCRIPTS)
