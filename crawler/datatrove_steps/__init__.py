"""cleancrawl as datatrove steps (``pip install "cleancrawl[datatrove]"``).

Swap cleancrawl's cleaning into a datatrove pipeline with one import, and run it on the executor
you already have (local, Slurm, Ray); ``cleancrawl process`` builds the common pipeline
(``pipeline.build_stages``). docs/datatrove.md shows both.

- ``CleancrawlPageReader``: WARC/HTML inputs read as ``cleancrawl clean`` reads them;
- ``CleancrawlExtractor``: cleancrawl's cleaning, the record's fields in ``document.metadata``;
- ``SiteRepetitionCounts`` / ``SiteRepetitionStrip``: site repetition as two stages;
- ``NearDupSignatures`` / ``NearDupClusters`` / ``NearDupMarks``: near-duplicates, ``dedup``'s marks;
- ``CleancrawlJsonlWriter`` / ``CleancrawlParquetWriter``: the record schema on disk.
"""

from crawler.datatrove_steps.extractor import CleancrawlExtractor
from crawler.datatrove_steps.near_dup import NearDupClusters, NearDupMarks, NearDupSignatures
from crawler.datatrove_steps.reader import CleancrawlPageReader
from crawler.datatrove_steps.site_repetition import SiteRepetitionCounts, SiteRepetitionStrip
from crawler.datatrove_steps.writers import CleancrawlJsonlWriter, CleancrawlParquetWriter

__all__ = [
    "CleancrawlExtractor",
    "CleancrawlJsonlWriter",
    "CleancrawlPageReader",
    "CleancrawlParquetWriter",
    "NearDupClusters",
    "NearDupMarks",
    "NearDupSignatures",
    "SiteRepetitionCounts",
    "SiteRepetitionStrip",
]
