"""The group k-fold split by site (benchmarks/folds.py): no site in two folds, deterministic."""

from __future__ import annotations

import random

import pytest

from benchmarks.folds import fold_keys, site_folds, site_of_url


def _urls() -> dict[str, str]:
    urls = {}
    for site in range(40):
        for page in range(1 + site % 4):  # sites of 1 to 4 pages
            host = ("www." if page % 2 else "news.") + f"paper{site}.co.uk"
            urls[f"k{site}-{page}"] = f"https://{host}/story/{page}"
    urls["a1"] = "https://web.archive.org/web/2012/http://www.paper3.co.uk/old"
    urls["b1"] = "https://anna.wordpress.com/2013/post"
    urls["b2"] = "https://bert.wordpress.com/2013/post"
    return urls


def test_subdomains_share_a_site_and_archived_copies_belong_to_their_original():
    assert site_of_url("https://news.bbc.co.uk/x") == site_of_url("https://www.bbc.co.uk/y") == "bbc.co.uk"
    assert site_of_url("https://web.archive.org/web/20130307/the-pain.net/2008/x") == "the-pain.net"
    assert site_of_url("https://web.archive.org/web/2014/http://nessel.wordpress.com/a") == "nessel.wordpress.com"


def test_blogs_on_one_host_are_separate_sites():
    assert site_of_url("https://anna.wordpress.com/a") != site_of_url("https://bert.wordpress.com/a")
    assert site_of_url("https://plenty.blogspot.de/x") == site_of_url("https://plenty.blogspot.com/y")


@pytest.mark.parametrize("url", ["nonsense", "http://[::1", "http://127.0.0.1:8080/x", ""])
def test_odd_urls_are_a_site_of_their_own_not_a_crash(url):
    assert isinstance(site_of_url(url), str)


def test_no_site_in_two_folds():
    urls = _urls()
    folds = site_folds(urls)
    fold_of_site: dict[str, int] = {}
    for key, fold in folds.items():
        assert fold_of_site.setdefault(site_of_url(urls[key]), fold) == fold, key
    assert folds["a1"] == folds["k3-0"]  # the archived copy goes with its site
    assert set(folds.values()) == set(range(5))


def test_folds_are_balanced_and_cover_every_page_once():
    urls = _urls()
    keys = fold_keys(site_folds(urls))
    assert sorted(k for fold in keys for k in fold) == sorted(urls)
    sizes = [len(fold) for fold in keys]
    assert max(sizes) - min(sizes) <= 4  # at most one largest site apart


def test_split_is_deterministic_whatever_the_order():
    urls = _urls()
    items = list(urls.items())
    random.Random(7).shuffle(items)
    assert site_folds(dict(items)) == site_folds(urls)
    assert site_folds(urls, k=3) != site_folds(urls)  # k is honoured


def test_k_below_two_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        site_folds({"a": "https://a.com/"}, k=1)


def test_quality_reports_every_system_per_fold_and_overall():
    from benchmarks.quality import Dataset, fold_rows

    urls = {f"p{i}": f"https://site{i % 7}.example/a{i}" for i in range(21)}
    truth = {key: f"the article text number {key} with enough words to make shingles" for key in urls}
    dataset = Dataset("tiny", "aeb", {}, urls, truth)
    perfect = dict(truth)
    empty_fold0 = {key: ("" if fold == 0 else truth[key]) for key, fold in site_folds(urls).items()}
    rows = fold_rows(dataset, {"perfect": perfect, "misses fold 0": empty_fold0})
    assert [(r["system"], r["fold"]) for r in rows[:6]] == [("perfect", f) for f in ("0", "1", "2", "3", "4", "all")]
    assert all(r["f1"] == 1.0 for r in rows if r["system"] == "perfect")
    missing = {r["fold"]: r for r in rows if r["system"] == "misses fold 0"}
    assert missing["0"]["f1"] == 0.0 and missing["1"]["f1"] == 1.0 and 0 < missing["all"]["f1"] < 1
    assert sum(r["pages"] for f, r in missing.items() if f != "all") == missing["all"]["pages"] == 21
    assert sum(r["sites"] for f, r in missing.items() if f != "all") == missing["all"]["sites"] == 7
