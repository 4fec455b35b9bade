"""Issue 17.4: one rule for outputs in every sub-command (crawler/cli/outputs.py). An output that is
an input (the same file, through a link too) or lies inside an input folder is refused with exit
status 2 and one line, before any work, and the input is left as it was; a ``.gz`` output is gzip."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, run_command

from output.record import content_fingerprint

PROSE = (
    "The harbour council voted on Tuesday to delay the dredging of the northern channel until the spring, "
    "citing the cost of the work and the objections of the fishermen who moor their boats along the quay."
)
PAGE = (
    "<html lang='en'><head><title>Harbour dredging delayed</title></head><body><article>"
    "<h1>Harbour dredging delayed</h1>" + "".join(f"<p>{PROSE} ({i})</p>" for i in range(6))
    + "</article></body></html>"
)
DEMO_SITE = ROOT / "crawler" / "demo_site"


def _record(url: str) -> dict:
    return {
        "schema_version": 2, "url": url, "canonical_url": None, "file": None, "source": "news",
        "fetched_at": "2026-12-01T10:00:00Z", "status": 200, "title": url, "authors": [], "published": None,
        "modified": None, "language": "en", "site_name": None, "description": None, "tags": [], "categories": [],
        "images": [], "text": PROSE, "word_count": len(PROSE.split()), "fingerprint": content_fingerprint(PROSE),
        "removed": {},
    }  # fmt: skip


def _run_file(path: Path, *urls: str) -> Path:
    path.write_text("".join(json.dumps(_record(u)) + "\n" for u in urls), encoding="utf-8")
    return path


def _inputs(tmp: Path) -> None:
    """Every kind of input the cases name: a page, a folder of pages, two runs, a sources file,
    a folder of fixture cases."""
    (tmp / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp / "pages").mkdir()
    (tmp / "pages" / "a.html").write_text(PAGE, encoding="utf-8")
    _run_file(tmp / "A.jsonl", "https://news.example/1", "https://news.example/2")
    _run_file(tmp / "B.jsonl", "https://news.example/1", "https://news.example/3")
    (tmp / "sources.toml").write_text('[sources.news]\nurls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    shutil.copytree(ROOT / "tests" / "fixtures" / "nonarticle-404-page", tmp / "cases" / "nonarticle-404-page")
    (tmp / "link.jsonl").symlink_to(tmp / "A.jsonl")
    sqlite3.connect(tmp / "cases" / "state.sqlite3").close()


def _snapshot(tmp: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp)): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}


# (sub-command argv, the input that must survive); every one would destroy or pollute an input
CASES: list[tuple[str, list[str]]] = [
    ("clean-same-file", ["clean", "p.html", "-o", "p.html"]),
    ("clean-into-input-folder", ["clean", "pages/", "-o", "pages/x.html"]),
    ("review-same-run", ["review", "A.jsonl", "-o", "A.jsonl"]),
    ("review-into-input-folder", ["review", "pages", "-o", "pages/review.html"]),
    ("diff-first-run", ["diff", "A.jsonl", "B.jsonl", "-o", "A.jsonl"]),
    ("diff-into-page-folder", ["diff", "--rules-b", "sources.toml", "pages", "-o", "pages/d.html"]),
    ("dedup-same-file", ["dedup", "A.jsonl", "-o", "A.jsonl"]),
    ("dedup-through-a-link", ["dedup", "A.jsonl", "-o", "link.jsonl"]),
    ("export-onto-its-input", ["export", "A.jsonl", "-o", "A.jsonl"]),
    ("fixtures-review-among-cases", ["fixtures", "check", "--dir", "cases", "--html", "cases/review.html"]),
    ("crawl-over-sources", ["crawl", "--sources", "sources.toml", "-o", "sources.toml"]),
    ("crawl-stats-over-sources", ["crawl", "--sources", "sources.toml", "--stats-file", "sources.toml"]),
    ("crawl-over-its-state", ["crawl", "--state", "sqlite:///cases/state.sqlite3", "http://127.0.0.1:9/",
                              "-o", "cases/state.sqlite3"]),
    ("crawl-tombstones-into-its-records", ["crawl", "-s", "CLEANCRAWL_STATE=off", "http://127.0.0.1:9/",
                                           "-o", "new.jsonl", "--tombstones", "new.jsonl"]),
    ("schedule-run-log-over-sources", ["schedule", "--sources", "sources.toml", "--runs-db", "sources.toml"]),
    ("demo-into-its-site", ["demo", "-o", str(DEMO_SITE / "refused.jsonl")]),
]


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[c[0] for c in CASES])
def test_an_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path, name: str, argv: list[str]) -> None:
    _inputs(tmp_path)
    before = _snapshot(tmp_path)
    demo_before = sorted(os.listdir(DEMO_SITE))

    proc = run_command("cli", argv, cwd=tmp_path, timeout=60)

    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    refusals = ("is also an input", "inside the input folder", "is a file; give a folder", "name the same file")
    assert len(lines) == 1 and any(refusal in lines[0] for refusal in refusals), proc.stderr
    assert _snapshot(tmp_path) == before, "an input was changed or written into"
    assert sorted(os.listdir(DEMO_SITE)) == demo_before


def _gunzip_lines(path: Path) -> list[dict]:
    assert path.read_bytes()[:2] == b"\x1f\x8b", f"{path} is not gzip"
    return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]


GZ_CASES: list[tuple[str, list[str], str, Callable[[Path], object]]] = [
    ("clean", ["clean", "p.html", "-o", "out.jsonl.gz", "-j", "1"], "out.jsonl.gz",
     lambda p: len(_gunzip_lines(p)) == 1),
    ("dedup", ["dedup", "A.jsonl", "B.jsonl", "-o", "out.jsonl.gz"], "out.jsonl.gz",
     lambda p: len(_gunzip_lines(p)) == 4),
    ("review", ["review", "A.jsonl", "-o", "review.html.gz"], "review.html.gz",
     lambda p: gzip.decompress(p.read_bytes()).lstrip().lower().startswith(b"<!doctype html")),
]


@pytest.mark.parametrize(("name", "argv", "output", "check"), GZ_CASES, ids=[c[0] for c in GZ_CASES])
def test_a_gz_output_is_gzip_and_cleancrawl_reads_it_back(
    tmp_path: Path, name: str, argv: list[str], output: str, check: Callable[[Path], object]
) -> None:
    _inputs(tmp_path)
    proc = run_command("cli", argv, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert check(tmp_path / output)
    if output.endswith(".jsonl.gz"):  # and the next command reads it back
        again = run_command("cli", ["dedup", output, "-o", "-"], cwd=tmp_path, timeout=60)
        assert again.returncode == 0 and again.stdout.count("\n") >= 1, again.stderr
