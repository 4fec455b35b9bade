"""``CleancrawlPageReader``: saved pages (WARC files as Common Crawl ships them, HTML files,
folders) as datatrove documents, read exactly as ``cleancrawl clean`` reads them.

The reading is ``crawler.offline.page_inputs``'s, so a page that ``clean`` cleans is the page this step
hands on, with the same target URI, WARC-Date, HTTP status and Content-Type; and what ``clean``
refuses is refused here too, counted in datatrove's stats instead of stopping the task:

- a non-success response (``rejected.http-404``...), a body over the size bound
  (``rejected.too-large``);
- records that are no page: requests, metadata, warcinfo (``skipped.not-response``), responses of
  another Content-Type (``skipped.not-html``);
- an input that cannot be read fully (a WARC cut by its segment boundary, a truncated gzip
  member, garbage where a record should be, a missing file): ``input_errors``, logged with what
  ``clean`` would print, the pages before the damage kept.

Sharding: with at least as many inputs as tasks, task ``rank`` reads inputs ``rank``,
``rank + world_size``... (Common Crawl's case: thousands of WARCs); with fewer inputs than tasks
(one WARC, two tasks) every task walks every input and keeps every ``world_size``-th page, so the
tasks still share the cleaning, which costs a thousand times the reading.
"""

from __future__ import annotations

from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger

from cleaners.pipeline import MAX_PAGE_BYTES
from crawler.datatrove_steps.documents import BODY, PAGE, POSITION, position
from crawler.offline.page_inputs import SavedPage, find_inputs, read_html_file, read_warc


class CleancrawlPageReader(PipelineStep):
    """Reads ``paths`` (WARC/ARC files, .html/.htm/.html.gz files, folders of them; local or a
    shared file system) into documents carrying the page's bytes for ``CleancrawlExtractor``."""

    name = "cleancrawl pages"
    type = "📖 - READER"

    def __init__(self, paths: list[str], max_bytes: int = MAX_PAGE_BYTES, limit: int = -1) -> None:
        super().__init__()
        self.paths = list(paths)
        self.max_bytes = max_bytes
        self.limit = limit

    def _pages(self, path: str, kind: str, problem: str | None) -> Iterator[SavedPage]:
        if kind == "problem":
            yield SavedPage(path, file=path, error=problem)
        elif kind == "warc":
            yield from read_warc(path, self.max_bytes, skipped=lambda why: self.stat_update(f"skipped.{why}"))
        else:
            yield read_html_file(path, self.max_bytes)

    def read(self, rank: int = 0, world_size: int = 1) -> Iterator[tuple[str, SavedPage]]:
        """(position, page) of this task's share, in input order."""
        entries = [entry for entry in find_inputs(self.paths) if entry.kind != "stdin"]
        by_file = len(entries) >= world_size
        seen = 0
        for number, entry in enumerate(entries):
            if by_file and number % world_size != rank:
                continue
            for record_number, page in enumerate(self._pages(entry.path, entry.kind, entry.problem)):
                mine = by_file or seen % world_size == rank
                seen += 1
                if mine:
                    yield position(number, record_number), page

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        produced = 0
        for where, page in self.read(rank, world_size):
            if 0 <= self.limit <= produced:
                return
            with self.track_time():
                document = self.document(where, page)
            if document is not None:
                produced += 1
                yield document

    def document(self, where: str, page: SavedPage) -> Document | None:
        """The page as a document, or None (counted) for an input error or a refused page."""
        if page.error:
            self.stat_update("input_errors")
            logger.warning(f"cleancrawl: {page.error}")
            return None
        self.stat_update("pages")
        if page.rejected:
            self.stat_update(f"rejected.{page.rejected}")
            return None
        facts = {
            "label": page.label,
            "url": page.url,
            "file": page.file,
            "content_type": page.content_type,
            "fetched_at": page.fetched_at,
            "status": page.status,
        }
        return Document(text="", id=where, metadata={POSITION: where, BODY: page.body, PAGE: facts})
