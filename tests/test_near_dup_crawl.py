"""A syndicated story crawled at several URLs: one original, the copies marked (or dropped), across runs.

A local site serves the wire story of tests/test_near_dup.py at three URLs, each as another
newspaper prints it (its own headline, a dateline, a paragraph more, its own boilerplate), next to
a different article on the same strike."""

from __future__ import annotations

import json
import sqlite3
from html import escape

from mockserver import listing_html
from test_near_dup import EXTRA, OTHER_STORY_SAME_STRIKE, STORY


def page(title: str, paragraphs: list[str], footer: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title></head><body>"
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main><footer>{escape(footer)}</footer></body></html>"
    )


COPIES = {
    "/wire/port-strike.html": page("Dock workers strike at three container ports", STORY),
    "/daily/ports-shut.html": page(
        "Ports shut as union walks out over robot cranes",
        ["ROTTERDAM (Reuters) — " + STORY[0], *STORY[1:]],
        "Daily Example",
    ),
    "/gazette/strike.html": page(
        "Strike halts ships: what it means for your holiday shopping",
        [*STORY[:5], EXTRA, *STORY[5:], "Sign up for the Gazette's morning briefing to get the top stories first."],
    ),
}
OTHER = {"/daily/ships-turn-away.html": page("Ships turn away from striking ports", OTHER_STORY_SAME_STRIKE)}


def serve(server, paths: dict[str, str]) -> str:
    for path, html in paths.items():
        server.add(path, html)
    return server.add("/", listing_html([server.url(p) for p in paths]))


def verdicts(records: list[dict]) -> dict[str, str | None]:
    return {r["url"]: r["near_duplicate_of"] for r in records}


def test_a_story_on_three_urls_gives_one_original_and_two_copies_marked_then_a_new_copy_next_run(
    server, crawl, tmp_path
):
    home = serve(server, {**COPIES, **OTHER})
    first = crawl(home, "-s", "DOWNLOAD_DELAY=0")
    assert first.returncode == 0, first.stderr[-3000:]
    marks = verdicts(first.records)
    copies = {server.url(p) for p in COPIES}
    assert copies | {server.url(p) for p in OTHER} == set(marks)
    originals = [url for url in copies if marks[url] is None]
    assert len(originals) == 1, marks
    assert all(marks[url] == originals[0] for url in copies - set(originals))
    assert marks[server.url("/daily/ships-turn-away.html")] is None  # same topic, another article
    assert "near-duplicates: marked 2\n" in first.stderr  # the summary

    # the next run finds one more copy: marked against the first run's original, from the index on disk
    server.add("/herald/strike.html", page("Port strike: talks collapse", STORY[:3] + STORY[4:], "The Herald"))
    server.add("/", listing_html([server.url(p) for p in [*COPIES, *OTHER, "/herald/strike.html"]]))
    second = crawl(home, output="second.jsonl")
    assert second.returncode == 0, second.stderr[-3000:]
    assert verdicts(second.records) == {server.url("/herald/strike.html"): originals[0]}
    assert (tmp_path / "data" / "state.near-dup.sqlite3").exists()
    assert "near-duplicates:" not in crawl(home, output="third.jsonl").stderr  # nothing new: no line


def test_drop_mode_writes_the_original_only_and_counts_the_copies(server, crawl, tmp_path):
    home = serve(server, COPIES)
    result = crawl(home, "-s", "CLEANCRAWL_NEAR_DUPLICATES=drop", "--stats-file", "stats.json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [r["near_duplicate_of"] for r in result.records] == [None]
    assert result.records[0]["url"] in {server.url(p) for p in COPIES}
    stats = json.loads((tmp_path / "stats.json").read_text())["stats"]
    assert stats["cleancrawl/dropped/near-duplicate"] == 2
    assert "near-duplicate 2" in result.stderr  # the summary's dropped line

    # the copies are done in the crawl state (as duplicates), so the next run does not take them for new
    with sqlite3.connect(tmp_path / "data" / "state.sqlite3") as db:
        statuses = sorted(s for (s,) in db.execute("SELECT status FROM pages WHERE url != ?", (home,)))
    assert statuses == ["duplicate", "duplicate", "written"]


def test_off_leaves_every_record_unmarked(server, crawl):
    result = crawl(serve(server, COPIES), "-s", "CLEANCRAWL_NEAR_DUPLICATES=off", "--state", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [r["near_duplicate_of"] for r in result.records] == [None, None, None]


def test_an_unknown_near_duplicates_mode_is_one_line_and_exit_2(server, crawl):
    result = crawl(serve(server, COPIES), "-s", "CLEANCRAWL_NEAR_DUPLICATES=maybe")
    assert result.returncode == 2
    assert "CLEANCRAWL_NEAR_DUPLICATES must be one of mark, drop, off" in result.stderr
    assert not server.hits
