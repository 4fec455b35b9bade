"""benchmarks/recall_losses.py names why a must-snippet is missing: rejection, the removing rule
(also for a snippet that spans blocks), or the extraction."""

from __future__ import annotations

from benchmarks.recall_losses import collapse, loss_cause
from cleaners.result import Article, RemovedBlock


def _article(*removed: tuple[str, str], rejected: str | None = None) -> Article:
    return Article(text="kept text", removed=[RemovedBlock(rule, "text", text) for rule, text in removed],
                   rejected=rejected)


def test_a_rejected_page_is_the_cause_before_any_rule():
    article = _article(("text.title-repeat", "Harbour budget passes"), rejected="no-text")
    assert loss_cause("Harbour budget passes", article) == "rejected:no-text"


def test_the_rule_whose_block_holds_the_snippet_is_named():
    article = _article(("prompts.newsletter", "Sign up today"),
                       ("captions.credit-only", "The same can't be said of gas-fired furnaces, for now."))
    assert loss_cause(collapse("The same can't  be said"), article) == "captions.credit-only"


def test_a_snippet_spanning_two_blocks_names_the_rule_of_its_start():
    article = _article(("text.outside-container-tail", "The committee will meet again in the spring"))
    snippet = "again in the spring to vote on the ferry budget and the harbour works"
    assert loss_cause("The committee will meet again in the spring and then", article) == "text.outside-container-tail"
    assert loss_cause(snippet, article) == "extraction"  # only a short overlap: not this block's


def test_text_no_rule_removed_is_an_extraction_loss():
    assert loss_cause("Paragraphs the extraction never had", _article(("dom.share-bars", "Share"))) == "extraction"


def test_where_an_extraction_loss_stands():
    from benchmarks.recall_losses import extraction_where, page_text

    page = page_text("<html><body><div class='teaser'>Standfirst under the headline</div>"
                     "<script>var x = 'Only in a script';</script><p>Body</p></body></html>")
    assert "Only in a script" not in page
    assert extraction_where("Standfirst under", "Body", page) == "extraction:in-page"
    assert extraction_where("Standfirst under", "Standfirst under the headline Body", page) == "extraction:recall-mode"
    assert extraction_where("Only in a script", "Body", page) == "extraction:not-in-page"
