"""A cleancrawl record as a datatrove ``Document`` and back.

The record's ``text`` is the document's text; every other field of the record sits in
``document.metadata`` under its own name, in the record's key order, so filters that datatrove
users already write (``doc.metadata["language"] == "en"``) work on it. What the steps carry between
them for their own use is kept under names that start with ``cleancrawl_``, which no record field
does, and never reaches an output file:

- ``cleancrawl_position``: the page's place in the input (file number, record number; fixed-width,
  so it sorts as the input runs): near-duplicates keep the first seen of a cluster, as
  ``cleancrawl dedup`` of ``cleancrawl clean``'s output does;
- ``cleancrawl_protected``: the record's code lines and table rows, which site repetition leaves
  alone (``cleaners.site_repetition``);
- ``cleancrawl_body`` and the page's fetch facts, from the reader to the extractor.
"""

from __future__ import annotations

import os
from typing import Any

from datatrove.data import Document
from datatrove.io import DataFolder, DataFolderLike, get_datafolder

PRIVATE = "cleancrawl_"
POSITION = "cleancrawl_position"
PROTECTED = "cleancrawl_protected"
BODY = "cleancrawl_body"
PAGE = "cleancrawl_page"  # the reader's facts of the page: url, content_type, fetched_at, status, file, label


def position(file_number: int, record_number: int) -> str:
    """A sortable position: inputs in the order given, records in file order."""
    return f"{file_number:08d}.{record_number:010d}"


def document_from_record(record: dict[str, Any], where: str, protected: list[str] | None = None) -> Document:
    """The document of one record (``where`` is its position)."""
    metadata = {name: value for name, value in record.items() if name != "text"}
    metadata[POSITION] = where
    metadata[PROTECTED] = list(protected or [])
    return Document(text=record["text"], id=where, metadata=metadata)


def record_from_document(document: Document) -> dict[str, Any]:
    """The record a document stands for, fields in the order ``output.record.make_record`` writes
    them (``text`` after ``images``), the steps' own keys left out."""
    record: dict[str, Any] = {}
    for name, value in document.metadata.items():
        if name.startswith(PRIVATE):
            continue
        record[name] = value
        if name == "images":
            record["text"] = document.text
    record.setdefault("text", document.text)
    return record


def spool_line(document: Document) -> list[Any]:
    """What a stage keeps of a document on disk for the next one: position, record, protected lines."""
    return [document.metadata[POSITION], record_from_document(document), document.metadata.get(PROTECTED, [])]


def document_from_spool(line: list[Any]) -> Document:
    where, record, protected = line
    return document_from_record(record, where, protected)


def folder(where: DataFolderLike | os.PathLike[str]) -> DataFolder:
    """datatrove's ``DataFolder`` of a path, fsspec URL or folder (``pathlib.Path`` taken too)."""
    return get_datafolder(os.fspath(where) if isinstance(where, os.PathLike) else where)
