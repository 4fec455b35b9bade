"""Property: ``clean_html`` takes any bytes at all, and real pages mangled in every way a
download or a broken CMS can mangle them, and always answers with an Article: either an article
with text, or a rejection reason that the run can count. It never raises, and it does not hang
(Hypothesis' deadline fails an example that takes too long, after re-running it to be sure)."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import clean_html
from cleaners.result import Article

FIXTURES = Path(__file__).parent / "fixtures"
# A rejection is a counted reason: lowercase words joined by hyphens ("too-short", "binary-body").
REASON = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples in CI every time; a failure is reproducible
)


def _fixture_pages() -> list[bytes]:
    pages = []
    for case in sorted(FIXTURES.iterdir()):
        for name in ("page.html", "page.html.gz"):
            path = case / name
            if path.is_file():
                data = path.read_bytes()
                pages.append(gzip.decompress(data) if name.endswith(".gz") else data)
    return pages


PAGES = _fixture_pages()


def assert_counted(article: Article) -> None:
    assert isinstance(article, Article)
    if article.rejected is None:
        assert article.text.strip(), "an accepted article has text"
    else:
        assert REASON.match(article.rejected), article.rejected
        assert article.text == ""


@st.composite
def mangled_page(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(page)))
        action = draw(st.sampled_from(["cut", "duplicate", "nul", "garbage", "nest", "truncate-tag"]))
        if action == "cut":
            length = draw(st.integers(1, max(1, len(page) // 2)))
            del page[where : where + length]
        elif action == "duplicate":
            length = draw(st.integers(1, max(1, len(page) // 3)))
            page[where:where] = page[where : where + length]
        elif action == "nul":
            page[where:where] = b"\x00" * draw(st.integers(1, 64))
        elif action == "garbage":
            page[where:where] = draw(st.binary(min_size=1, max_size=256))
        elif action == "nest":
            depth = draw(st.integers(100, 20_000))
            tag = draw(st.sampled_from([b"div", b"span", b"table", b"li", b"b"]))
            page[where:where] = (b"<" + tag + b">") * depth
        else:  # a tag cut open in the middle, as a truncated download leaves it
            page[where:] = b'<div class="art'
    return bytes(page)


@PROPERTY_SETTINGS
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_give_an_article_or_a_counted_rejection(data: bytes) -> None:
    assert_counted(clean_html(data, "https://news.example/story"))


@PROPERTY_SETTINGS
@given(mangled_page(), st.sampled_from([None, "text/html", "text/html; charset=utf-8", "text/html; charset=utf-16"]))
def test_mangled_real_pages_give_an_article_or_a_counted_rejection(page: bytes, content_type: str | None) -> None:
    assert_counted(clean_html(page, "https://news.example/story", content_type=content_type))


@PROPERTY_SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_gives_an_article_or_a_counted_rejection(text: str) -> None:
    assert_counted(clean_html(text, "https://news.example/story"))
