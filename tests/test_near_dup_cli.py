"""``cleancrawl dedup``: files already written get near_duplicate_of, or lose their copies with --drop."""

from __future__ import annotations

import gzip
import json

import jsonschema
from test_near_dup import OTHER_STORY_SAME_STRIKE, STORY, text, variants

from crawler.cli import main
from output.record import content_fingerprint


def dedup(*args: str) -> int:
    """``cleancrawl dedup ARGS`` in this process (it never starts Scrapy)."""
    return main(["dedup", *args])


def record(url: str, body: str) -> dict:
    """A schema version 2 record, as crawls wrote them before near_duplicate_of."""
    return {
        "schema_version": 2, "url": url, "canonical_url": None, "file": None, "source": "news",
        "fetched_at": "2026-12-01T10:00:00Z", "status": 200, "title": url, "authors": [], "published": None,
        "modified": None, "language": "en", "site_name": None, "description": None, "tags": [], "categories": [],
        "images": [], "text": body, "word_count": len(body.split()), "fingerprint": content_fingerprint(body),
        "removed": {},
    }  # fmt: skip


def write(path, records) -> str:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)
    return str(path)


def inputs(tmp_path) -> list[str]:
    first = write(
        tmp_path / "run1.jsonl",
        [
            record("https://wire.example/strike", text(STORY)),
            record("https://b.example/ships", text(OTHER_STORY_SAME_STRIKE)),
        ],
    )
    second = write(
        tmp_path / "run2.jsonl.gz",
        [
            record("https://c.example/strike", variants()["paragraph-added"]),
            record("https://d.example/strike-copy", text(STORY)),  # the very same words
            record("https://e.example/strike", variants()["dateline"]),
        ],
    )
    return [first, second]


def test_dedup_marks_copies_of_earlier_files_and_writes_valid_version_3_records(tmp_path, record_schema, capsys):
    assert dedup(*inputs(tmp_path), "-o", str(tmp_path / "out.jsonl")) == 0
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["url"], r["near_duplicate_of"]) for r in out] == [
        ("https://wire.example/strike", None),
        ("https://b.example/ships", None),
        ("https://c.example/strike", "https://wire.example/strike"),
        ("https://d.example/strike-copy", "https://wire.example/strike"),
        ("https://e.example/strike", "https://wire.example/strike"),
    ]
    validator = jsonschema.Draft202012Validator(record_schema)
    for r in out:
        validator.validate(r)
    assert "5 records read, 2 originals; marked: 1 exact duplicates, 2 near-duplicates" in capsys.readouterr().err


def test_dedup_drop_keeps_the_first_of_each_story(tmp_path, capsysbinary):
    assert dedup(*inputs(tmp_path), "--drop", "-o", "-") == 0
    assert [json.loads(line)["url"] for line in capsysbinary.readouterr().out.splitlines()] == [
        "https://wire.example/strike",
        "https://b.example/ships",
    ]


def test_dedup_skips_a_broken_line_naming_it_exits_1_and_refuses_an_output_that_is_an_input(tmp_path, capsys):
    """The contract (docs/cli.md): a corrupt line is skipped and named, the rest goes through,
    exit 1; an output that is an input is refused before any work."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(record("https://a.example/1", text(STORY))) + "\n{not json\n"
        + json.dumps(record("https://b.example/ships", text(OTHER_STORY_SAME_STRIKE))) + "\n"
    )
    assert dedup(str(bad), "-o", str(tmp_path / "out.jsonl")) == 1
    assert f"cleancrawl dedup: skipped {bad}:2: not a JSON line" in capsys.readouterr().err
    out = [json.loads(line)["url"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert out == ["https://a.example/1", "https://b.example/ships"]
    before = bad.read_bytes()
    assert dedup(str(bad), "-o", str(bad)) == 2
    assert "is also an input" in capsys.readouterr().err
    assert bad.read_bytes() == before
