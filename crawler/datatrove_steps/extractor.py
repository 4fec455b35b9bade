"""``CleancrawlExtractor``: cleancrawl's cleaning of one page as a datatrove extractor.

Each document's HTML goes through ``cleaners.clean_html`` (trafilatura plus cleancrawl's rules,
the function ``cleancrawl clean`` runs per page) and comes out as the record ``clean`` would
write: its text as the document's text, every other field of the record in ``document.metadata``
(see ``documents``). A page without an article is dropped and counted in datatrove's stats as
``rejected.<reason>`` (``too-short``, ``not-article``...); rules that fired are counted as
``rules.<rule id>``.

Like datatrove's own extractors, cleaning runs in a sandbox process (``ExtractorSandbox``) with a
time limit per page: a page still being cleaned after ``timeout`` seconds is counted
``failed.cleaner-timeout`` and one whose cleaning process dies ``failed.worker-crashed``, the
task going on with the next page, as ``clean``'s worker pool does.

Documents from cleancrawl's reader carry the page's bytes and fetch facts; documents from any
other reader (datatrove's ``WarcReader``: decoded HTML as text, ``url`` and ``date`` in metadata)
are cleaned from their text.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.logging import logger

from cleaners import DEFAULT_MIN_WORDS, RuleFileError, clean_html
from cleaners.safe_regex import PatternTimeout
from crawler.datatrove_steps.documents import BODY, PAGE, POSITION, PROTECTED
from output.record import make_record

# What ``cleancrawl clean`` waits for one page (crawler.settings.CLEANCRAWL_PAGE_TIMEOUT), without
# importing Scrapy's settings module into every task.
PAGE_TIMEOUT = 120.0

WARM_UP_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><p>"
    + b"A page cleaned once before the first real one, so that the sandbox is born with what it loads. " * 4
    + b"</p></article></body></html>",
    None,
    "text/html; charset=utf-8",
    None,
    None,
    None,
)


class CleancrawlExtractor(BaseExtractor):
    """cleancrawl's cleaning, one page at a time, in a sandbox process with a per-page time limit."""

    name = "🧹 cleancrawl"

    def __init__(
        self,
        rule_files: tuple[str, ...] | list[str] = (),
        min_words: int = DEFAULT_MIN_WORDS,
        format: str = "text",
        provenance: bool = False,
        timeout: float = PAGE_TIMEOUT,
        *,
        block_model: bool | None = None,
        model_threshold: float | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        self.rule_files = tuple(rule_files)
        self.min_words = min_words
        self.format = format
        self.provenance = provenance
        self.block_model = block_model
        self.model_threshold = model_threshold

    def extract(  # type: ignore[override]
        self,
        body: bytes | str,
        url: str | None,
        content_type: str | None,
        fetched_at: str | None,
        status: int | None,
        file: str | None,
    ) -> dict[str, Any]:
        """One page's outcome (runs in the sandbox): ``record`` and ``protected``, or
        ``rejected``, or ``failure`` with ``error``. Never raises: an exception would end the
        sandbox's loop and count as a crash."""
        try:
            article = clean_html(
                body,
                url,
                content_type=content_type,
                rule_files=self.rule_files,
                min_words=self.min_words,
                format=self.format,
                positions=self.provenance,
                block_model=self.block_model,
                model_threshold=self.model_threshold,
            )
        except RuleFileError as err:
            return {"failure": "rule-error", "error": str(err)}
        except PatternTimeout as err:
            return {"failure": err.reason, "error": str(err)}
        except MemoryError:
            return {"rejected": "too-large"}
        except Exception as err:
            return {"failure": "cleaner-error", "error": f"cleaning failed: {err!r}"}
        counts = article.rule_counts()
        if article.rejected:
            return {"rejected": article.rejected, "rules": counts}
        record = make_record(
            article, url=url, file=file, provenance=self.provenance, fetched_at=fetched_at, status=status
        )
        return {"record": record, "protected": article.protected, "rules": counts}

    @staticmethod
    def _arguments(metadata: dict[str, Any], text: str) -> tuple[Any, ...]:
        page = metadata.get(PAGE)
        if page is not None:
            facts = (page["url"], page["content_type"], page["fetched_at"], page["status"], page["file"])
            return (metadata.get(BODY, b""), *facts)
        # another reader's document (datatrove's WarcReader): decoded HTML as text
        return (text, metadata.get("url"), "text/html; charset=utf-8", metadata.get("date"), None, None)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with ExtractorSandbox(timeout=self.timeout, warmup_text=WARM_UP_PAGE) as sandbox:
            for number, doc in enumerate(data):
                self.stat_update("pages")
                label = (doc.metadata.get(PAGE) or {}).get("label") or doc.id
                with self.track_time():
                    try:
                        outcome = sandbox.process_document(self._arguments(doc.metadata, doc.text), self.extract)
                    except TimeoutError:
                        outcome = {"failure": "cleaner-timeout", "error": "cleaning took longer than the timeout"}
                    except EOFError:
                        outcome = {"failure": "worker-crashed", "error": "the cleaning process died"}
                for rule, n in (outcome.get("rules") or {}).items():
                    self.stat_update(f"rules.{rule}", value=n)
                if outcome.get("failure"):
                    self.stat_update("failed", f"failed.{outcome['failure']}")
                    logger.warning(f"cleancrawl: {label}: {outcome.get('error')}")
                    continue
                if outcome.get("rejected"):
                    self.stat_update(f"rejected.{outcome['rejected']}")
                    continue
                record = outcome["record"]
                doc.text = record.pop("text")
                where = doc.metadata.get(POSITION) or f"{rank:08d}.{number:010d}"
                doc.metadata = {**record, POSITION: where, PROTECTED: outcome.get("protected") or []}
                # record order: text after images, as documents.record_from_document rebuilds it
                self.stat_update("articles")
                self.update_doc_stats(doc)
                yield doc
