"""Writers of cleancrawl's record schema (output/record.schema.json) on datatrove's disk writers.

``CleancrawlJsonlWriter`` writes each document as the record it stands for, one orjson line, the
bytes ``cleancrawl clean`` writes for that record (``output.jsonlines.dumps_line``).
``CleancrawlParquetWriter`` writes the columns ``cleancrawl export`` writes: the Arrow schema read
off the record schema (``output.parquet.record_schema``), values converted the same way
(``fetched_at`` a UTC timestamp, ``removed`` a list of key/value pairs), zstd level 3. Both take
datatrove's file naming (``${rank}``), compression and size rotation.
"""

from __future__ import annotations

from typing import IO, Any

from datatrove.data import Document
from datatrove.io import DataFolderLike
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.pipeline.writers.parquet import ParquetWriter

from crawler.datatrove_steps.documents import folder, record_from_document
from output.jsonlines import dumps_line
from output.parquet import COMPRESSION, COMPRESSION_LEVEL, RecordTable


class CleancrawlJsonlWriter(DiskWriter):
    """Records as JSON lines, as ``cleancrawl clean`` writes them."""

    default_output_filename = "${rank}.jsonl"
    name = "🧹 cleancrawl jsonl"

    def __init__(
        self, output_folder: DataFolderLike, output_filename: str | None = None, compression: str | None = None,
        max_file_size: int = -1,
    ) -> None:
        super().__init__(
            folder(output_folder), output_filename=output_filename, compression=compression, mode="wb",
            max_file_size=max_file_size,
        )

    def _default_adapter(self, document: Document) -> dict[str, Any]:
        return record_from_document(document)

    def _write(self, document: dict[str, Any], file_handler: IO, _filename: str) -> None:
        file_handler.write(dumps_line(document))


class CleancrawlParquetWriter(ParquetWriter):
    """Records as Parquet, the columns and types of ``cleancrawl export``."""

    name = "🧹 cleancrawl parquet"

    def __init__(
        self, output_folder: DataFolderLike, output_filename: str | None = None, batch_size: int = 1000,
        max_file_size: int = 5 * 2**30,
    ) -> None:
        self.tables = RecordTable()
        super().__init__(
            folder(output_folder), output_filename=output_filename, compression=COMPRESSION, batch_size=batch_size,
            max_file_size=max_file_size, schema=self.tables.schema, use_content_defined_chunking=False,
        )

    def _default_adapter(self, document: Document) -> dict[str, Any]:
        values = self.tables.row(record_from_document(document))
        return dict(zip(self.tables.names, values, strict=True))

    def _write(self, document: dict[str, Any], file_handler: IO, filename: str) -> None:
        import pyarrow.parquet as pq

        name = self._get_filename_with_file_id(filename) if self.max_file_size > 0 else filename
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(
                file_handler, schema=self.schema, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL
            )
        super()._write(document, file_handler, filename)
