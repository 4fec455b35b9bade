"""Workers sharing one Redis never both write two copies of one story as originals.

The check and the insert are one Lua script: two processes inserting two copies of each of many
stories at the same moment get exactly one original per story; two ``--redis`` crawl workers
splitting a site of syndicated copies write each story's original once, whichever found which."""

from __future__ import annotations

import multiprocessing
import random
from collections import defaultdict

import pytest
from conftest import FAST
from mockserver import listing_html
from test_distributed import finish, records_of, start_worker
from test_near_dup_crawl import page

from output.near_dup import NearDupConfig, signature

pytestmark = pytest.mark.filterwarnings("default::scrapy.exceptions.ScrapyDeprecationWarning:scrapy_redis")

CONFIG = NearDupConfig()
STORIES, WORDS = 40, 160


def stories(seed: int = 7) -> list[list[str]]:
    """Distinct stories of random words (no two alike), in paragraphs of 40 words."""
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(3000)]
    out = []
    for _ in range(STORIES):
        words = [rng.choice(vocabulary) for _ in range(WORDS)]
        out.append([" ".join(words[i : i + 40]) for i in range(0, WORDS, 40)])
    return out


def copy_of(story: list[str], which: int) -> str:
    """Copy 0 as the wire sent it, 1 with a dateline, 2 with a line of boilerplate."""
    paragraphs = list(story)
    if which == 1:
        paragraphs[0] = "LONDON (AP) " + paragraphs[0]
    if which == 2:
        paragraphs.append("Follow us for more news")
    return "\n".join(paragraphs)


def _insert_all(url: str, prefix: str, which: int, barrier) -> list[tuple[int, str | None]]:
    from crawler.components.near_dup import RedisNearDupIndex

    index = RedisNearDupIndex(url, CONFIG, prefix=prefix)
    signatures = [signature(copy_of(story, which), CONFIG) for story in stories()]
    barrier.wait()  # both processes insert copy i of story i at the same time
    return [(i, index.check_and_insert(f"https://site{which}.example/{i}", sig)) for i, sig in enumerate(signatures)]


def test_two_processes_inserting_copies_at_once_get_one_original_per_story(redis_url):
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        barrier = manager.Barrier(2)
        runs = [pool.apply_async(_insert_all, (redis_url, "race", which, barrier)) for which in (0, 1)]
        results = [run.get(timeout=120) for run in runs]
    for i in range(STORIES):
        verdicts = [dict(results[which])[i] for which in (0, 1)]
        assert verdicts.count(None) == 1, (i, verdicts)
        original = f"https://site{verdicts.index(None)}.example/{i}"
        assert original in verdicts


def test_two_redis_workers_write_one_original_per_story(server, redis_url, tmp_path):
    links, story_of = [], {}
    for s, story in enumerate(stories(seed=11)[:20]):
        for which in range(3):
            # slow pages: both workers have copies of one story in flight at once
            url = server.add(
                f"/{which}/story-{s}.html",
                page(f"Story {s} copy {which}", copy_of(story, which).split("\n")),
                delay=0.05,
            )
            links.append(url)
            story_of[url] = s
    home = server.add("/", listing_html(links))
    (tmp_path / "sources.toml").write_text(f'[sources.news]\nurls = ["{home}"]\nmax_depth = 1\n')
    # site repetition off: a copy's added line recurs on a third of this host's pages, so it would go
    # as template and leave that copy an exact duplicate of its original (dropped, not marked)
    common = [
        *FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=3", "-s", "CLEANCRAWL_SITE_REPETITION=False"
    ]
    first = start_worker(
        "cli.crawl",
        [*common, "--sources", str(tmp_path / "sources.toml"), "-s", "CLEANCRAWL_WORKER_ID=w1"],
        tmp_path / "m1",
    )
    second = start_worker("cli.crawl", [*common, "-s", "CLEANCRAWL_WORKER_ID=w2"], tmp_path / "m2")
    finish(first)
    finish(second)

    shares = {name: records_of(tmp_path / name) for name in ("m1", "m2")}
    records = shares["m1"] + shares["m2"]
    assert sorted(r["url"] for r in records) == sorted(links)
    assert shares["m1"] and shares["m2"], "each worker wrote a share"
    by_story = defaultdict(list)
    for r in records:
        by_story[story_of[r["url"]]].append(r)
    for s, members in by_story.items():
        originals = [r["url"] for r in members if r["near_duplicate_of"] is None]
        assert len(originals) == 1, (s, [(r["url"], r["near_duplicate_of"]) for r in members])
        assert all(r["near_duplicate_of"] == originals[0] for r in members if r["url"] != originals[0])
