"""cleancrawl's emitting stage: the record schema, JSON-lines writing, deduplication, file layout.

It never imports Scrapy spiders; the Scrapy feed exporter here is a thin adapter.
"""

from output.record import SCHEMA_VERSION, content_fingerprint, make_record

__all__ = ["SCHEMA_VERSION", "content_fingerprint", "make_record"]
