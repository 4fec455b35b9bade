"""The health comparison (output/health.py), the run log's per-source figures and its migration."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from crawler.cli import main
from crawler.state.run_log import CrawlOutcome, RunLog, source_figures
from output.health import RunFigures, judge

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """``cleancrawl runs ...`` in this process (it starts no crawl): exit status, stdout, stderr."""
    code = main(["runs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def figures(fetched=10, written=10, unchanged=0, *, authors=None, published=None, rejected=None) -> dict:
    return {
        "fetched": fetched,
        "written": written,
        "unchanged": unchanged,
        "rejected": rejected or {},
        "with": {
            "title": written,
            "authors": written if authors is None else authors,
            "published": written if published is None else published,
            "language": written,
        },
        "median_words": 300,
    }


def runs(*many: dict) -> list[RunFigures]:
    """Newest first, as the run log lists them."""
    return [RunFigures(len(many) - i, f"2026-12-0{len(many) - i}T00:00:00Z", f) for i, f in enumerate(many)]


def test_one_run_is_too_few_and_never_flagged():
    report = judge("a", runs(figures(written=0)))
    assert report.status == "too-few-runs" and not report.flagged and "needs 2" in report.note


def test_a_drop_beyond_the_share_is_flagged_and_one_within_it_is_not():
    steady = [figures() for _ in range(4)]
    assert judge("a", runs(figures(written=8, fetched=10), *steady)).status == "ok"  # -20%
    report = judge("a", runs(figures(written=6, fetched=10), *steady))  # -40%
    assert report.status == "drop"
    assert {d.figure for d in report.drops} == {"articles", "yield"}
    assert judge("a", runs(figures(written=6, fetched=10), *steady), max_drop=0.5).status == "ok"


def test_the_baseline_is_the_median_of_the_last_n_so_one_odd_run_does_not_set_it():
    # before: 10, 10, 2 (one bad day), 10: median 10; the last run at 9 is fine
    history = [figures(), figures(written=2), figures(), figures()]
    assert judge("a", runs(figures(written=9), *history)).status == "ok"
    # with a baseline of one run, the bad day alone is the baseline: nothing can drop below it
    assert judge("a", runs(figures(written=9), figures(written=2), *history), baseline=1).status == "ok"
    # ... and only the last N count: with N = 2, two old runs far above do not raise the baseline
    big = [figures(fetched=100, written=100)] * 2
    assert judge("a", runs(figures(written=9), figures(), figures(), *big), baseline=2).status == "ok"
    assert judge("a", runs(figures(written=9), figures(), figures(), *big), baseline=4).status == "drop"


def test_an_emptied_field_is_flagged_even_when_the_yield_holds():
    report = judge("a", runs(figures(authors=0), figures(), figures()))
    assert [d.figure for d in report.drops] == ["authors"] and report.drops[0].share == 1.0


def test_unchanged_articles_of_an_incremental_rerun_count_as_yield_and_shares_need_enough_records():
    # nothing new to write: every article was unchanged; shares are not judged on 0 (or 2) records
    assert judge("a", runs(figures(written=0, unchanged=10), figures())).status == "ok"
    few = figures(written=2, unchanged=8, authors=0, published=0)
    assert judge("a", runs(few, figures())).status == "ok"
    assert judge("a", runs(few, figures()), min_records=2).status == "drop"


def test_pages_the_state_spared_count_as_articles_but_not_as_yield():
    # a re-run answered with 304s (or skipped by sitemap lastmod) fetched nothing and wrote nothing
    spared = figures(fetched=0, written=0) | {"not_modified": 6, "skipped": 4}
    report = judge("a", runs(spared, figures()))
    assert report.status == "ok" and report.figures["articles"]["last"] == 10
    assert report.figures["yield"]["last"] is None


def test_a_source_that_stopped_answering_drops_in_articles():
    report = judge("a", runs(figures(fetched=0, written=0), figures()))
    assert [d.figure for d in report.drops] == ["articles"]  # no page: no yield to judge, articles 0


@pytest.mark.parametrize("kwargs", [{"baseline": 0}, {"max_drop": 0}, {"max_drop": 1.5}])
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        judge("a", runs(figures(), figures()), **kwargs)


def test_source_figures_from_the_crawl_stats():
    stats = {
        "cleancrawl/pages/news": 7,
        "cleancrawl/source/news/written": 4,
        "cleancrawl/source/news/unchanged": 1,
        "cleancrawl/source/news/rejected/too-short": 2,
        "cleancrawl/source/news/with/authors": 3,
        "cleancrawl/source/news/median_words": 250.5,
        "cleancrawl/source/news/not_modified": 2,
        "cleancrawl/written": 4,
        "cleancrawl/incremental/skipped_lastmod": 3,
    }
    news = source_figures(stats)["news"]
    # lastmod skips are counted for the whole crawl: theirs when the crawl had one source
    assert (news["not_modified"], news["skipped"]) == (2, 3)
    two = source_figures(stats | {"cleancrawl/pages/other": 1})
    assert two["news"]["skipped"] == two["other"]["skipped"] == 0
    assert (news["fetched"], news["written"], news["unchanged"], news["median_words"]) == (7, 4, 1, 250.5)
    assert news["rejected"] == {"too-short": 2} and news["with"] == {
        "title": 0,
        "authors": 3,
        "published": 0,
        "language": 0,
    }


# The run log as the first version of `cleancrawl schedule` created it (before per-source figures).
_OLD_SCHEMA = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, due_at TEXT, started_at TEXT NOT NULL,
    finished_at TEXT, status TEXT NOT NULL, exit_code INTEGER, pid INTEGER, items INTEGER, errors INTEGER,
    pages_failed INTEGER, finish_reason TEXT, outputs TEXT NOT NULL DEFAULT '[]', log_file TEXT, message TEXT
);
CREATE INDEX runs_by_source ON runs (source, id);
INSERT INTO runs (source, started_at, finished_at, status, exit_code, items, outputs)
    VALUES ('news', '2026-11-30T09:00:00Z', '2026-11-30T09:01:00Z', 'succeeded', 0, 12, '["data/news/a.jsonl"]');
"""


def test_an_old_run_log_keeps_working_and_gains_the_figures(tmp_path, capsys):
    db = tmp_path / "runs.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.executescript(_OLD_SCHEMA)
    log = RunLog(db)
    (old,) = log.runs()
    assert (old.source, old.items, old.sources) == ("news", 12, {})  # an old row: a run without figures
    run_id = log.started("news", started_at=NOW, due_at=None, pid=None)
    outcome = CrawlOutcome(items=5, sources={"news": figures(written=5)})
    log.finished(run_id, finished_at=NOW, status="succeeded", exit_code=0, outcome=outcome)
    RunLog(db)  # opening it again (migrated already) changes nothing
    new, old_again = log.runs()
    assert new.sources["news"]["written"] == 5 and old_again == old
    # the old row has no figures: one complete run to compare, not two
    code, out, _ = cli(capsys, "--health", "--runs-db", str(db))
    assert code == 0 and "too few runs" in out
    code, out, _ = cli(capsys, "--json", "--runs-db", str(db))
    assert [json.loads(line)["items"] for line in out.splitlines()] == [5, 12]


def _log_with(tmp_path, *statuses_and_figures):
    log = RunLog(tmp_path / "runs.sqlite3")
    for status, figs in statuses_and_figures:
        run_id = log.started("news", started_at=NOW, due_at=None, pid=None)
        outcome = CrawlOutcome(sources={"news": figs} if figs else {})
        log.finished(run_id, finished_at=NOW, status=status, exit_code=0, outcome=outcome)
    return tmp_path / "runs.sqlite3"


def test_runs_that_did_not_succeed_are_left_out_of_the_comparison(tmp_path, capsys):
    # a terminated run with half the pages would look like a drop; it is neither baseline nor last run
    db = _log_with(
        tmp_path,
        ("succeeded", figures()),
        ("succeeded", figures()),
        ("terminated", figures(fetched=4, written=2)),
        ("failed", None),
    )
    code, out, err = cli(capsys, "--health", "--json", "--runs-db", str(db))
    assert code == 0, out + err
    (report,) = map(json.loads, out.splitlines())
    assert report["status"] == "ok" and report["run_id"] == 2 and report["previous"] == 1
    assert "2 later run(s) not complete (failed, terminated)" in report["note"]


def test_health_exit_status_and_bad_input(tmp_path, capsys):
    db = _log_with(tmp_path, ("succeeded", figures()), ("succeeded", figures(written=5)))
    code, out, _ = cli(capsys, "--health", "--runs-db", str(db))
    assert code == 1 and "DROP" in out and "articles 10 -> 5" in out
    assert cli(capsys, "--health", "--max-drop", "0.6", "--runs-db", str(db))[0] == 0
    for bad in (["--max-drop", "1"], ["--max-drop", "0"], ["--baseline", "0"]):
        code, _, err = cli(capsys, "--health", *bad, "--runs-db", str(db))
        assert code == 2 and bad[0] in err
    assert cli(capsys, "--health", "--runs-db", str(tmp_path / "nope.sqlite3"))[0] == 2


class _Outputs:
    """Stands in for CheckedFeedExporter: says which records reached the output."""

    def __init__(self, lost: set[str]) -> None:
        self.lost = lost

    def wrote(self, item: dict) -> bool:
        return item["url"] not in self.lost


def test_the_crawl_counts_per_source_only_records_really_written():
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from crawler.components.drops import NotAnArticle, Unchanged
    from crawler.components.health import SourceFigures
    from crawler.components.validation import InvalidRecord
    from crawler.items import PageItem

    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    collector = SourceFigures(crawler)
    collector.outputs = _Outputs(lost={"http://x/lost"})  # its write failed (disk full)
    for url, words, authors in (("http://x/1", 100, ["A"]), ("http://x/2", 300, []), ("http://x/lost", 900, ["B"])):
        collector.item_scraped({"url": url, "source": "news", "fingerprint": "f", "word_count": words,
                                "title": "T", "authors": authors, "published": None, "language": "en"})  # fmt: skip
    page = PageItem(url="http://x/3", body=b"", status=200, content_type="text/html", source="news", fetched_at="")
    for exception in (
        NotAnArticle("too-short", page.url),
        DropItem("duplicate-url: http://x/3"),
        InvalidRecord(page.url, {"word_count/type": "'4' is not of type 'integer'"}),
        Unchanged("unchanged", fingerprint="f", settled=True),
    ):
        collector.item_dropped(page, None, exception)
    collector.spider_closed()
    news = source_figures(crawler.stats.get_stats())["news"]
    assert (news["written"], news["unchanged"], news["median_words"]) == (2, 1, 200)
    assert news["with"] == {"title": 2, "authors": 1, "published": 0, "language": 2}
    assert news["rejected"] == {"too-short": 1, "duplicate-url": 1, "invalid-record": 1}
