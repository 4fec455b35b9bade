"""`cleancrawl demo`: the bundled site crawled end to end, offline; the records carry none of its junk."""

from __future__ import annotations

import json
import re

import pytest

JUNK = [
    "Also Read",
    "Leave a Reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Advertisement",
    "Story continues below",
    "Share this article",
    "newsletter",
    "Published November",
    "(Photo: Sam Reed",
    "- video",
    "Facebook",
    "Post Comment",
    "All rights reserved",
]
ARTICLES = {
    "river-flooding-valley",
    "city-council-transit-budget",
    "library-restores-medieval-maps",
    "startup-batteries-recycling",
    "marathon-record-autumn",
    "coffee-prices-growers",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    import subprocess
    import sys

    from conftest import ROOT

    cwd = tmp_path_factory.mktemp("demo")
    child = (
        "import sys, warnings\n"
        "from scrapy.exceptions import ScrapyDeprecationWarning\n"
        "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
        "from crawler.cli.demo import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", child],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    files = list((cwd / "data" / "demo").glob("*.jsonl"))
    records = [json.loads(line) for f in files for line in f.read_text().splitlines()]
    return proc, files, records


def test_demo_writes_the_articles_again_on_a_second_run(run_cleancrawl, tmp_path):
    for _ in range(2):
        proc = run_cleancrawl("cli.demo", [])
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stderr.splitlines()[1].startswith("6 articles written")


def test_a_crawl_can_write_markdown_too(run_cleancrawl, tmp_path):
    proc = run_cleancrawl("cli.demo", ["-o", str(tmp_path / "md.jsonl"), "-s", "CLEANCRAWL_FORMAT=markdown"])
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (tmp_path / "md.jsonl").read_text().splitlines()]
    assert len(records) == len(ARTICLES)
    assert all(r["markdown"] and r["markdown"].count("\n\n") >= 1 for r in records)


def test_demo_crawls_offline_in_seconds(demo):
    proc, files, _ = demo
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "DeprecationWarning" not in proc.stderr
    assert len(files) == 1 and str(files[0]) in proc.stderr
    elapsed = float(re.search(r"in ([\d.]+)s", proc.stderr).group(1))
    assert elapsed < 20


def test_demo_writes_each_article_once(demo):
    _, _, records = demo
    slugs = [
        r["canonical_url"].rsplit("/", 1)[-1].removesuffix(".html") for r in records if "/news/" in r["url"]
    ]
    assert sorted(slugs) == sorted(ARTICLES)  # the AMP copy is a duplicate, the draft is disallowed
    assert not any("/private/" in r["url"] for r in records)
    # News sitemap fields and the page's own metadata reach the records.
    assert all(
        r["published"] and r["title"] and r["language"] == "en" for r in records if "/news/" in r["url"]
    )


def test_demo_records_carry_none_of_the_junk(demo):
    _, _, records = demo
    for record in (r for r in records if "/news/" in r["url"]):
        for junk in JUNK:
            assert junk.lower() not in record["text"].lower(), (record["url"], junk)
        assert record["word_count"] > 100


def test_demo_writes_nothing_but_articles(demo):
    _, _, records = demo
    assert all("/news/" in r["url"] for r in records), [r["url"] for r in records]
