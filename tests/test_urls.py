"""cleaners/urls.py: the one reading of a URL's host that the cleaning (rule files), site
repetition and the review share, so the three cannot disagree on which site a page is of."""

from __future__ import annotations

import pytest

from cleaners.urls import site_host, url_host
from output.site_repetition import record_host


@pytest.mark.parametrize(
    ("url", "host", "site"),
    [
        ("https://WWW.Example.com/a", "www.example.com", "example.com"),
        ("https://example.com:8443/a?b#c", "example.com", "example.com"),
        ("http://[::1]:8080/a", "::1", "::1"),
        ("http://[::1/a", None, None),  # unparsable: no host, never an exception
        ("/relative/path", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_host_and_site_of_a_url(url: str | None, host: str | None, site: str | None) -> None:
    assert url_host(url) == host
    assert site_host(url) == site


def test_a_record_counts_for_the_site_of_its_url_else_its_canonical_url_unless_a_site_is_given() -> None:
    assert record_host({"url": "https://www.a.example/x", "canonical_url": "https://b.example/x"}) == "a.example"
    assert record_host({"url": None, "canonical_url": "https://www.b.example/x"}) == "b.example"
    assert record_host({"url": "https://a.example/x"}, site="mine") == "mine"
    assert record_host({}) is None
