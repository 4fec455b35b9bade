"""clean_html(positions=False): the same article and removals, without placing them."""

from __future__ import annotations

from cleaners.pipeline import clean_html
from crawler.offline.page_cleaning import Options, clean_page
from crawler.offline.page_inputs import SavedPage

PARAGRAPHS = "".join(
    f"<p>On day {i} of the hearing the committee went through item {i} of the harbour budget, and "
    f"members asked why the ferry costs rose by {i * 3} percent while crossings fell.</p>"
    for i in range(8)
)
PAGE = (
    "<html><head><title>Harbour budget</title></head><body><article><h1>Harbour budget</h1>"
    f"{PARAGRAPHS[:400]}<div class='sharedaddy'>Share this: Facebook Twitter</div>{PARAGRAPHS[400:]}"
    "<p>Share this article</p></article></body></html>"
).encode()
URL = "https://example.com/news/harbour"


def test_same_article_and_removals_without_positions() -> None:
    placed = clean_html(PAGE, URL)
    unplaced = clean_html(PAGE, URL, positions=False)
    assert placed.rejected is None and unplaced.text == placed.text
    assert any(block.stage == "dom" for block in placed.removed)
    assert [(b.rule_id, b.stage, b.text) for b in unplaced.removed] == [
        (b.rule_id, b.stage, b.text) for b in placed.removed
    ]
    assert all(b.at is not None for b in placed.removed)
    assert all(b.at is None for b in unplaced.removed)


def test_clean_places_them_only_for_provenance() -> None:
    page = SavedPage("harbour.html", PAGE, url=URL)
    plain = clean_page(page, Options())
    audited = clean_page(page, Options(provenance=True))
    assert plain.record["text"] == audited.record["text"]
    assert plain.record["removed"] == audited.record["removed"]
    assert "removed_blocks" not in plain.record
    assert all(isinstance(block["at"], int) for block in audited.record["removed_blocks"])
