"""Source health: a site redesigned between two scheduled runs is flagged by ``cleancrawl runs --health``.

The world: three sources, crawled twice by the real scheduler (real crawl processes, the default
incremental state, the run log). Between the runs one site changes its article template: the
byline and date markup are gone and half its pages became listing-like (rejected as no article).
The other two do not change at all, so their second run writes nothing new: one serves its pages
again in full (found unchanged by their words), the other answers 304 to the conditional requests
(not fetched at all). Neither may be flagged for that.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import FAST, ROOT, run_command
from mockserver import article_html, listing_html
from newssite import NewsSite

from crawler.state.run_log import RunLog
from crawler.state.scheduler import CrawlLauncher, Scheduler
from crawler.state.sources import load_sources

_BYLINE = (
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2026-11-20T10:00:00+00:00">'
)


def _serve_alpha(server, *, redesigned: bool) -> list[str]:
    urls = []
    for i in range(12):
        path = f"/alpha/story-{i}.html"
        if not redesigned:
            body = article_html(f"Alpha story {i}", meta=_BYLINE)
        elif i % 2:
            # the redesign turned these into teaser lists: no article text at all
            body = listing_html([server.url(f"/alpha/story-{j}.html") for j in range(12)], title=f"Alpha {i}")
        else:
            body = article_html(f"Alpha story {i} as redesigned")  # no author, no date
        urls.append(server.add(path, body))
    return urls


def _run_all(tmp_path: Path, sources_file: Path, db: Path) -> None:
    """One scheduled run of every source (as `cleancrawl schedule --run-at-start` starts them)."""
    launcher = CrawlLauncher(sources_file, tmp_path / "runs", crawl_args=FAST, cwd=tmp_path)
    scheduler = Scheduler(load_sources(sources_file), RunLog(db), launcher, run_at_start=True)
    scheduler.tick()
    deadline = time.monotonic() + 90
    while scheduler.running and time.monotonic() < deadline:
        time.sleep(0.1)
        scheduler.reap()
    assert not scheduler.running, "the crawls did not end"


def test_a_redesigned_source_is_flagged_and_unchanged_ones_are_not(server, tmp_path, monkeypatch):
    # the scheduler's crawl processes inherit the environment: they must run this tree's code
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    with NewsSite(6, lastmod=False) as conditional:  # ETag and Last-Modified: a re-run gets 304s
        _check_health(server, conditional, tmp_path)


def _check_health(server, conditional: NewsSite, tmp_path: Path) -> None:
    alpha = _serve_alpha(server, redesigned=False)
    steady = [server.add(f"/steady/{i}.html", article_html(f"Steady story {i}", meta=_BYLINE)) for i in range(6)]
    server.add_sitemap("/alpha/sitemap.xml", alpha)
    server.add_sitemap("/steady/sitemap.xml", steady)
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(
        f'[sources.alpha]\nurls = ["{server.url("/alpha/sitemap.xml")}"]\nschedule = "@daily"\n'
        f'[sources.steady]\nurls = ["{server.url("/steady/sitemap.xml")}"]\nschedule = "@daily"\n'
        f'[sources.conditional]\nurls = ["{conditional.base}/sitemap.xml"]\nschedule = "@daily"\n',
        encoding="utf-8",
    )
    db = tmp_path / "runs.sqlite3"

    _run_all(tmp_path, sources_file, db)
    first = run_command("cli", ["runs", "--health", "--runs-db", str(db)], cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr  # one run each: nothing to compare with yet
    assert "alpha" in first.stdout and "too few runs" in first.stdout

    _serve_alpha(server, redesigned=True)
    _run_all(tmp_path, sources_file, db)

    runs = RunLog(db).runs()
    assert [r.status for r in runs] == ["succeeded"] * 6, [(r.source, r.status, r.message) for r in runs]
    last = {r.source: r for r in reversed(runs)}
    # incremental: nothing new to write, yet the sites are fine
    assert last["steady"].items == last["conditional"].items == 0
    assert last["steady"].sources["steady"]["unchanged"] == 6
    spared = last["conditional"].sources["conditional"]
    assert (spared["fetched"], spared["not_modified"]) == (0, 6)
    # the state says what the pages answered 304 were last time: six articles
    assert spared["spared"] == {"articles": 6, "rejected": {}}
    figures = last["alpha"].sources["alpha"]
    assert figures["fetched"] == 12 and figures["written"] == 6
    assert figures["with"]["authors"] == 0 and sum(figures["rejected"].values()) == 6

    health = run_command("cli", ["runs", "--health", "--runs-db", str(db)], cwd=tmp_path)
    assert health.returncode == 1, health.stdout + health.stderr
    flagged = [line for line in health.stdout.splitlines() if "DROP" in line]
    assert len(flagged) == 1 and "alpha" in flagged[0], health.stdout
    # the figures that dropped are named, with before and after
    assert "authors 1.00 -> 0.00" in health.stdout and "yield 1.00 -> 0.50" in health.stdout, health.stdout
    for name in ("steady", "conditional"):
        assert any(line.startswith(name) and " ok " in line for line in health.stdout.splitlines()), health.stdout

    as_json = run_command("cli", ["runs", "--health", "--json", "--runs-db", str(db)], cwd=tmp_path)
    assert as_json.returncode == 1
    reports = {r["source"]: r for r in map(json.loads, as_json.stdout.splitlines())}
    assert reports["alpha"]["status"] == "drop"
    assert reports["steady"]["status"] == reports["conditional"]["status"] == "ok"
    dropped = {d["figure"] for d in reports["alpha"]["drops"]}
    assert {"yield", "authors", "published"} <= dropped
