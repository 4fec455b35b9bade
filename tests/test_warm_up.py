"""What a process that forks cleaning workers loads before it forks: every table cleaning builds
on first use, so no worker's first page pays for it (half a second on a quiet machine for the
concept table; on a loaded one, enough to run into ``--page-timeout``)."""

from __future__ import annotations

import pytest

from cleaners.concept_rules import concept_table
from crawler.offline.page_cleaning import Options, warm_up_with
from crawler.workers.cleaning import warm_up


@pytest.fixture
def cold_concept_table():
    concept_table.cache_clear()
    yield
    concept_table()


def test_clean_warms_up_the_concept_table_before_its_workers_fork(cold_concept_table):
    warm_up_with(Options())()
    assert concept_table.cache_info().currsize == 1


def test_the_crawl_forkserver_warms_up_the_concept_table(cold_concept_table):
    warm_up()
    assert concept_table.cache_info().currsize == 1
