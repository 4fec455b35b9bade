"""Records are checked against output/record.schema.json before they are written.

The world: a cleaner release that emits a wrong type for one field (simulated by a make_record that
turns ``word_count`` into a string, in the crawl's own processes, cleaning workers included). The
records it spoils are counted and named once per reason with a URL, never written, and not
marked done in the crawl state: the next crawl, with the fault fixed, writes them once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import pytest
from conftest import FAST, ROOT, read_jsonl
from mockserver import article_html
from scrapy.utils.test import get_crawler

from crawler.components.validation import (
    InvalidRecord,
    SchemaValidationPipeline,
    fast_check,
    record_schema,
    record_validator,
    validation_errors,
)
from output.record import SCHEMA_VERSION

# Loaded by every Python process of the crawl (the cleaning workers are started fresh, by forkserver).
_FAULT = """
import os
if os.environ.get("BREAK_RECORDS"):
    import output.record as record
    make_record = record.make_record
    def broken(*args, **kwargs):
        made = make_record(*args, **kwargs)
        if os.environ["BREAK_RECORDS"] in (made.get("url") or ""):
            made["word_count"] = str(made["word_count"])
        return made
    record.make_record = broken
"""


def _record(**changes) -> dict:
    record = {
        "schema_version": SCHEMA_VERSION,
        "url": "http://127.0.0.1/a.html",
        "canonical_url": None,
        "file": None,
        "source": "news",
        "fetched_at": "2026-12-01T09:00:00Z",
        "status": 200,
        "title": "A title",
        "authors": ["Jane Doe"],
        "published": None,
        "modified": None,
        "language": "en",
        "site_name": None,
        "description": None,
        "tags": [],
        "categories": [],
        "images": [],
        "text": "Some words of text.",
        "word_count": 4,
        "fingerprint": "0" * 32,
        "near_duplicate_of": None,
        "removed": {},
    }
    return record | changes


def _pipeline() -> tuple[SchemaValidationPipeline, object]:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    return SchemaValidationPipeline.from_crawler(crawler), crawler.stats


def test_a_valid_record_passes_and_an_invalid_one_is_dropped_and_counted(caplog):
    pipeline, stats = _pipeline()
    good = _record()
    assert pipeline.process_item(good) is good
    caplog.set_level(logging.WARNING, logger="crawler.components.validation")
    for i in range(3):
        with pytest.raises(InvalidRecord) as dropped:
            pipeline.process_item(_record(url=f"http://127.0.0.1/{i}.html", word_count="4"))
        assert dropped.value.reason == "invalid-record"
    with pytest.raises(InvalidRecord):
        pipeline.process_item(_record(authors="Jane Doe"))
    assert stats.get_value("cleancrawl/invalid/word_count/type") == 3
    assert stats.get_value("cleancrawl/invalid/authors/type") == 1
    assert stats.get_value("cleancrawl/dropped/invalid-record") == 4
    # logged once per reason, with the first URL: not once per record
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2, warnings
    assert "http://127.0.0.1/0.html" in warnings[0] and "word_count" in warnings[0]


def test_reasons_name_the_field_not_the_list_position():
    bad_image = {"src": "x", "alt": None, "caption": None, "credit": None, "extra": 1}
    reasons = validation_errors(_record(images=[bad_image], word_count=0))
    assert set(reasons) == {"images/additionalProperties", "word_count/minimum"}
    assert validation_errors(_record(surprise=1)) == {
        "additionalProperties": "Additional properties are not allowed ('surprise' was unexpected)"
    }
    assert validation_errors(_record()) == {}


# What fastjsonschema implements (drafts 4 to 7), plus annotations: a newer keyword in the schema
# would be ignored by the quick check, and records breaking it written.
_DRAFT7_KEYWORDS = {
    "type", "enum", "const", "properties", "additionalProperties", "required", "items", "additionalItems",
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minItems", "maxItems", "uniqueItems", "contains", "propertyNames", "patternProperties",
    "dependencies", "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "format", "minProperties",
    "maxProperties", "$ref", "definitions", "default",
    "$schema", "$id", "title", "description", "examples", "$comment", "readOnly", "writeOnly",
}  # fmt: skip


def _keywords(schema: dict) -> set[str]:
    found = set(schema)
    for key in ("properties", "patternProperties", "definitions"):
        for sub in schema.get(key, {}).values():
            found |= _keywords(sub)
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"):
        if isinstance(schema.get(key), dict):
            found |= _keywords(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            found |= _keywords(sub)
    return found


def test_the_schema_uses_only_keywords_the_quick_check_knows():
    assert _keywords(record_schema()) <= _DRAFT7_KEYWORDS, _keywords(record_schema()) - _DRAFT7_KEYWORDS


@pytest.mark.parametrize(
    "changes",
    [
        {"word_count": "4"},
        {"word_count": 0},
        {"authors": "Jane Doe"},
        {"authors": [None]},
        {"text": ""},
        {"fingerprint": "XYZ"},
        {"schema_version": 1},
        {"status": "200"},
        {"removed": {"ads": 0}},
        {"images": [{"src": "http://x/a.jpg", "alt": None, "caption": None}]},
        {"surprise": True},
    ],
)
def test_the_quick_and_the_thorough_check_agree(changes):
    record = _record(**changes)
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        fast_check()(record)
    assert not record_validator().is_valid(record)
    missing = _record()
    del missing["title"]
    assert validation_errors(missing) == {"required": "'title' is a required property"}
    fast_check()(_record())  # and a valid one passes both
    assert record_validator().is_valid(_record())


def test_items_that_are_not_records_pass_untouched():
    pipeline, _ = _pipeline()
    page = object()
    assert pipeline.process_item(page) is page


def _crawl(tmp_path: Path, url: str, out: Path, *, break_urls: str = "") -> subprocess.CompletedProcess:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(_FAULT, encoding="utf-8")
    env = {"PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if break_urls:
        env["BREAK_RECORDS"] = break_urls
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", *FAST, url, "-o", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_an_invalid_record_is_not_written_and_the_next_crawl_writes_it_once_fixed(server, tmp_path):
    urls = [server.add(f"/news/{i}.html", article_html(f"Story {i}")) for i in range(4)]
    sitemap = server.add_sitemap("/sitemap.xml", urls)

    broken = _crawl(tmp_path, sitemap, tmp_path / "first.jsonl", break_urls="/news/2.html")
    assert broken.returncode == 0, broken.stderr
    records, _ = read_jsonl(tmp_path / "first.jsonl")
    assert sorted(r["url"] for r in records) == sorted(u for u in urls if not u.endswith("/2.html"))
    assert "invalid (not written): word_count/type 1" in broken.stderr
    assert "3 articles written" in broken.stderr
    (logged,) = [line for line in broken.stderr.splitlines() if "not written" in line and "schema" in line]
    assert urls[2] in logged

    fixed = _crawl(tmp_path, sitemap, tmp_path / "second.jsonl")
    assert fixed.returncode == 0, fixed.stderr
    (record,), _ = read_jsonl(tmp_path / "second.jsonl")
    # the incremental state did not count the invalid one done: written now, and only it
    assert record["url"] == urls[2] and isinstance(record["word_count"], int)
