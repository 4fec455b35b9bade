"""The block model's switch and threshold reach cleaning from every place that cleans: the command
line's --no-model / --model-threshold (crawler/cli/common.py), the crawl's settings
(CLEANCRAWL_BLOCK_MODEL, CLEANCRAWL_BLOCK_MODEL_THRESHOLD), the offline workers (Options), the
crawl's workers and the datatrove step. All in this process: no pool, no server."""

from __future__ import annotations

import pytest
from model_cases import model_cut
from scrapy.settings import Settings

from cleaners.block_filter import MODEL_RULE_ID
from crawler.cli import build_parser
from crawler.cli.common import UsageError, check_set_options, model_options
from crawler.components.pipelines import block_model_settings
from crawler.offline.fixture_cases import check_case
from crawler.offline.page_cleaning import Options, clean_page
from crawler.offline.page_inputs import SavedPage
from crawler.workers import cleaning


@pytest.fixture
def cut():
    """A fixture case and a threshold at which the packaged model cuts into the page."""
    return model_cut()


def _model_rules(record) -> list[str]:
    return [b["rule"] for b in record.get("removed_blocks", []) if b["rule"].startswith(MODEL_RULE_ID)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["clean", "p.html"], (None, None)),
        (["clean", "p.html", "--no-model"], (False, None)),
        (["clean", "p.html", "--model-threshold", "0.6"], (True, 0.6)),
        (["review", "p.html", "-o", "r.html", "--no-model", "--model-threshold", "0.6"], (False, 0.6)),
        (["fixtures", "check", "--no-model"], (False, None)),
        (["process", "p.html", "-o", "out", "--model-threshold", "0.3"], (True, 0.3)),
        (["crawl", "--no-model"], (False, None)),
        (["demo", "--model-threshold", "0.9"], (True, 0.9)),
    ],
)
def test_every_cleaning_command_takes_the_model_options(argv, expected):
    assert model_options(build_parser(argv[0]).parse_args(argv)) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, (None, None)),
        ({"CLEANCRAWL_BLOCK_MODEL": "off"}, (False, None)),
        ({"CLEANCRAWL_BLOCK_MODEL": "on"}, (True, None)),
        ({"CLEANCRAWL_BLOCK_MODEL_THRESHOLD": "0.4"}, (True, 0.4)),
        ({"CLEANCRAWL_BLOCK_MODEL": "off", "CLEANCRAWL_BLOCK_MODEL_THRESHOLD": "0.4"}, (False, 0.4)),
    ],
)
def test_the_crawl_reads_the_settings(values, expected):
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    assert block_model_settings(settings) == expected


@pytest.mark.parametrize("item", ["CLEANCRAWL_BLOCK_MODEL_THRESHOLD=1", "CLEANCRAWL_BLOCK_MODEL_THRESHOLD=x",
                                  "CLEANCRAWL_BLOCK_MODEL=maybe"])
def test_bad_model_settings_are_usage_errors(item):
    with pytest.raises(UsageError, match="CLEANCRAWL_BLOCK_MODEL"):
        check_set_options([item])


def test_good_model_settings_pass():
    assert check_set_options(["CLEANCRAWL_BLOCK_MODEL=off", "CLEANCRAWL_BLOCK_MODEL_THRESHOLD=0.5"]) == [
        ("CLEANCRAWL_BLOCK_MODEL", "off"), ("CLEANCRAWL_BLOCK_MODEL_THRESHOLD", "0.5")]


def test_offline_workers_pass_the_options(cut):
    case, low = cut
    page = SavedPage(case.name, case.read_page(), url=case.url)
    on = clean_page(page, Options(provenance=True, block_model=True, model_threshold=low))
    off = clean_page(page, Options(provenance=True, block_model=False, model_threshold=low))
    assert _model_rules(on.record) and not _model_rules(off.record)
    assert MODEL_RULE_ID in on.rule_counts and MODEL_RULE_ID not in off.rule_counts


def test_crawl_workers_pass_the_options(cut):
    case, low = cut
    common = {"content_type": None, "status": 200, "source": "s", "fetched_at": None, "provenance": True}
    on, _ = cleaning.clean_page(case.url, case.read_page(), block_model=True, model_threshold=low, **common)
    off, _ = cleaning.clean_page(case.url, case.read_page(), block_model=False, model_threshold=low, **common)
    assert _model_rules(on) and not _model_rules(off)


def test_the_datatrove_step_passes_the_options(cut):
    case, low = cut
    from crawler.datatrove_steps.extractor import CleancrawlExtractor

    def record(**kwargs):
        step = CleancrawlExtractor(provenance=True, **kwargs)
        return step.extract(case.read_page(), case.url, None, None, 200, None)["record"]

    assert _model_rules(record(block_model=True, model_threshold=low))
    assert not _model_rules(record(block_model=False, model_threshold=low))


def test_process_job_identity_changes_only_when_the_model_is_set():
    from crawler.cli.process import job_identity, settings_from

    def identity(*extra):
        args = build_parser("process").parse_args(["process", "p.html", "-o", "out", *extra])
        return job_identity(settings_from(args))

    assert "block_model" not in identity()  # a job folder of an earlier version still matches
    assert identity("--no-model")["block_model"] is False
    assert identity("--model-threshold", "0.5")["model_threshold"] == 0.5


def test_fixtures_check_with_the_model_low_differs_and_without_it_passes(cut):
    case, low = cut
    assert check_case(case, (), (False, None)).ok
    assert not check_case(case, (), (True, low)).ok


def test_clean_counts_the_pages_the_model_was_held_back_on(cut, monkeypatch):
    import io

    from cleaners import pipeline
    from cleaners.block_features import FEATURE_NAMES
    from cleaners.block_model import BlockModel
    from crawler.cli.clean import Summary

    case, low = cut
    page = SavedPage(case.name, case.read_page(), url=case.url)
    cut_page = clean_page(page, Options(block_model=True, model_threshold=low))
    # a model that calls every block junk: more than half the words, so nothing is taken
    monkeypatch.setattr(pipeline, "packaged_model", lambda: BlockModel(tuple(FEATURE_NAMES), 5.0, (), 0.5))
    held = clean_page(page, Options(block_model=True))
    assert held.model_held_back == "over-half" and MODEL_RULE_ID not in held.rule_counts
    assert cut_page.model_held_back is None
    summary = Summary()
    summary.add(held)
    summary.add(cut_page)
    stream = io.StringIO()
    summary.report(stream)
    assert "block model held back on 1 pages (over-half 1)" in stream.getvalue()


def test_the_crawl_counts_the_model_removals_in_its_stats(cut):
    import asyncio

    from scrapy.utils.test import get_crawler

    from cleaners import block_filter
    from crawler.components import pipelines
    from crawler.items import PageItem

    assert pipelines.MODEL_RULE_ID == block_filter.MODEL_RULE_ID
    case, low = cut
    crawler = get_crawler(settings_dict={"CLEANCRAWL_BLOCK_MODEL_THRESHOLD": str(low)})
    pipeline = pipelines.CleanPipeline(crawler)
    assert (pipeline.block_model, pipeline.model_threshold) == (True, low)

    async def in_this_process(item):  # the worker's call, without the pool
        return cleaning.clean_page(item.url, item.body, content_type=None, status=200, source="s",
                                   fetched_at=None, block_model=pipeline.block_model,
                                   model_threshold=pipeline.model_threshold)

    pipeline._clean = in_this_process
    item = PageItem(case.url, case.read_page(), 200, "text/html", "s", "2026-01-01T00:00:00Z")
    record = asyncio.run(pipeline.process_item(item))
    assert crawler.stats.get_value("cleancrawl/block_model/removed") == record["removed"][MODEL_RULE_ID] > 0
    assert crawler.stats.get_value("cleancrawl/block_model/pages") == 1


def test_fixtures_check_takes_the_model_options(cut, tmp_path, capsys):
    import shutil

    from crawler.cli import main

    case, low = cut
    shutil.copytree(case.directory, tmp_path / case.name)
    assert main(["fixtures", "check", "--dir", str(tmp_path), "--no-model"]) == 0
    assert main(["fixtures", "check", "--dir", str(tmp_path), "--model-threshold", str(low), "--show-removed"]) == 1
    assert f"[{MODEL_RULE_ID} " in capsys.readouterr().out  # the removal and its score, in the report


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["diff", "p.html", "--model-a", "off", "--model-b", "on"], ((False, None), (True, None))),
        (["diff", "p.html", "--model-b", "0.25"], (None, (True, 0.25))),
        (["diff", "p.html", "--model-a", "OFF"], ((False, None), None)),
    ],
)
def test_diff_takes_a_model_setting_per_side(argv, expected):
    args = build_parser("diff").parse_args(argv)
    assert (args.model_a, args.model_b) == expected


@pytest.mark.parametrize("mode", ["0", "1", "maybe", ""])
def test_diff_refuses_a_model_mode_that_is_not_on_off_or_a_threshold(mode):
    with pytest.raises(SystemExit) as exit_info:
        build_parser("diff").parse_args(["diff", "p.html", "--model-b", mode])
    assert exit_info.value.code == 2


@pytest.mark.slow  # diff cleans in its worker pool, a process even with -j 1
def test_diff_of_model_off_against_on_shows_what_the_model_removes(cut, tmp_path, capsys):
    """``diff --model-a off --model-b X`` cleans the pages twice and charges the lost words to
    ``model.block``; without a model setting on either side, the same pages are no diff at all."""
    import re

    from crawler.cli import main

    case, low = cut
    page = tmp_path / "page.html"
    page.write_bytes(case.read_page())
    code = main(["diff", "-j", "1", "--model-a", "off", "--model-b", str(low), str(page)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "block model off" in out and f"block model on (threshold {low:g})" in out
    assert re.search(r"words lost in B, by the rule that removed them:\n  model\.block: \d+ words on 1 page", out), out
    assert main(["diff", "-j", "1", "--model-a", "off", "--model-b", "off", str(page)]) == 0


def test_fixtures_add_records_the_output_of_the_model_setting_it_was_given(cut, tmp_path):
    from crawler.cli import main
    from crawler.offline.fixture_cases import load_case

    case, low = cut
    page = tmp_path / "page.html"
    page.write_bytes(case.read_page())
    cases = tmp_path / "cases"
    argv = ["fixtures", "add", str(page), "--url", case.url, "--dir", str(cases)]
    assert main([*argv, "--name", "low", "--model-threshold", str(low)]) == 0
    assert main([*argv, "--name", "off", "--no-model"]) == 0
    with_model, without = load_case(cases / "low"), load_case(cases / "off")
    assert check_case(with_model, (), (True, low)).ok and not check_case(with_model, (), (False, None)).ok
    assert check_case(without, (), (False, None)).ok and not check_case(without, (), (True, low)).ok
