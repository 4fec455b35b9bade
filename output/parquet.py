"""Records as Parquet: the Arrow schema read off record.schema.json, and a writer that shards by size.

No Scrapy here: ``cleancrawl export`` converts JSON-lines files with it, and the crawl's feed
exporter (crawler/components/parquet_feed.py) wraps it.

The schema is derived from the JSON Schema, field by field, so a field added there (in a new
``schema_version``) becomes a column without a code change:

- ``string`` -> string; ``integer`` (or a ``const``/``enum`` of integers) -> int64; ``number`` ->
  float64; ``boolean`` -> bool;
- ``format: date-time`` -> ``timestamp[us, tz=UTC]`` (``fetched_at``). Date fields without that
  format stay ISO strings: ``published`` is a full date-time with the page's own zone or a bare
  ``YYYY-MM-DD``, and an Arrow column has one zone and one precision, so a timestamp would invent
  a midnight for a bare date and lose the page's offset; ``pd.to_datetime(df.published,
  utc=True, format="ISO8601")`` is one call away for whoever wants instants;
- ``array`` -> list of its items; ``object`` with ``properties`` -> struct (``images``);
  ``object`` with only ``additionalProperties`` (``removed``: rule id -> count) -> a list of
  ``{key, value}`` structs, Parquet's own layout of a map, because Hugging Face datasets cannot
  load an Arrow map column (``as_mapping`` turns one back into a dict);
- every column is nullable: a file converted from an older ``schema_version`` lacks the fields
  added since, and they read back as null rather than failing the conversion.

A Parquet file is only readable once its footer is written, when it is closed. So a record is
*written* when the file holding it is closed, not when it is handed to the writer (it sits in the
row-group buffer) nor when its row group is flushed (the file still has no footer). Files are
written as ``.NAME.part`` and renamed when closed: a killed writer leaves a hidden ``.part``
file, which neither a glob of ``*.parquet`` nor ``pandas.read_parquet(folder)`` picks up (pyarrow
skips hidden files), never a torn ``.parquet``. ``on_file_closed`` tells the caller
which records are now safe. Each file is fsynced before its rename and its folder after
(:func:`replace_durably`), so a power loss cannot leave a named file whose bytes never reached the disk.

``convert_jsonl`` (``cleancrawl export``) goes further: its shards are staged under hidden names
and named ``PREFIX-00000.parquet``... only once the whole conversion is done, so a killed export
leaves no ``.parquet`` at all (never a partial dataset, never a torn file), and a hidden marker,
``.PREFIX.exporting``, lives from the first shard to the last rename: a re-run that finds it
clears what the interrupted export left (:func:`clear_interrupted_export`) and starts again.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA_PATH = Path(__file__).with_name("record.schema.json")
PART_SUFFIX = ".part"
# Rows of one row group are buffered in memory until their estimated size reaches this; readers
# load (and the Hugging Face viewer pages) by row group, so tens of MB, not GB.
DEFAULT_ROW_GROUP_BYTES = 32 * 1024 * 1024
DEFAULT_FILE_BYTES = 256 * 1024 * 1024
COMPRESSION = "zstd"
# zstd's own default level; pyarrow's (1) leaves files 12% larger than level 3 for the same time
# (985 records of the trafilatura evaluation set: 2.94 MB at 1, 2.63 MB at 3, 2.37 MB at 9 for 4x the time).
COMPRESSION_LEVEL = 3

_SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
_TIMESTAMP = pa.timestamp("us", tz="UTC")
_PYTHON = {pa.string(): str, pa.int64(): int, pa.float64(): (int, float), pa.bool_(): bool, _TIMESTAMP: str}


class SchemaError(ValueError):
    """A JSON Schema construct that has no Arrow type here; names the field."""


def _json_types(spec: dict[str, Any]) -> list[str]:
    if "type" in spec:
        types = spec["type"]
        return [types] if isinstance(types, str) else list(types)
    values = [spec["const"]] if "const" in spec else spec.get("enum", [])
    kinds = {type(v) for v in values if v is not None}
    if kinds == {int}:
        return ["integer"]
    if kinds == {str}:
        return ["string"]
    if kinds <= {int, float} and kinds:
        return ["number"]
    return []


def arrow_type(spec: dict[str, Any], name: str) -> pa.DataType:
    """The Arrow type of one JSON Schema property (``name`` is only for the error message)."""
    types = [t for t in _json_types(spec) if t != "null"]
    if len(types) != 1:
        raise SchemaError(f"record.schema.json: field {name!r} has type {types or 'unknown'}; give it one (and null)")
    kind = types[0]
    if kind == "string" and spec.get("format") == "date-time":
        return _TIMESTAMP
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "array":
        return pa.list_(arrow_type(spec.get("items", {}), f"{name}[]"))
    if kind == "object" and "properties" in spec:
        return pa.struct([_field(key, sub, f"{name}.{key}") for key, sub in spec["properties"].items()])
    if kind == "object" and isinstance(spec.get("additionalProperties"), dict):
        # A list of (key, value) structs, which is how Parquet stores a map anyway, and not an Arrow
        # map: Hugging Face datasets has no feature type for maps and refuses to load the file.
        value = arrow_type(spec["additionalProperties"], f"{name}{{}}")
        return pa.list_(pa.struct([pa.field("key", pa.string()), pa.field("value", value)]))
    raise SchemaError(f"record.schema.json: field {name!r}: no Arrow type for {spec}")


def _field(key: str, spec: dict[str, Any], name: str) -> pa.Field:
    metadata = {"description": spec["description"]} if spec.get("description") else None
    return pa.field(key, arrow_type(spec, name), nullable=True, metadata=metadata)


def arrow_schema(json_schema: dict[str, Any]) -> pa.Schema:
    """Columns in the JSON Schema's property order, each with its description; the schema's ``$id``
    goes into the file's metadata, so a Parquet file says which record version it holds. (Not the
    whole JSON Schema: pyarrow stores schema metadata twice, and ~14 kB a file is more than a
    small crawl's records.)"""
    fields = [_field(key, spec, key) for key, spec in json_schema["properties"].items()]
    metadata = {"cleancrawl.schema_id": json_schema.get("$id", "")}
    return pa.schema(fields, metadata=metadata)


@cache
def record_schema() -> pa.Schema:
    return arrow_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _converter(kind: pa.DataType) -> Callable[[Any], Any] | None:
    """What turns a JSON value into what pyarrow takes for ``kind``; None when it takes it as is."""
    if kind == _TIMESTAMP:
        return lambda value: datetime.fromisoformat(value) if isinstance(value, str) else value
    if pa.types.is_list(kind) and _is_key_value(kind.value_type):
        return lambda value: [{"key": k, "value": v} for k, v in value.items()] if isinstance(value, dict) else value
    if pa.types.is_list(kind):
        inner = _converter(kind.value_type)
        return None if inner is None else lambda value: None if value is None else [inner(v) for v in value]
    if pa.types.is_struct(kind):
        parts = [(kind.field(i).name, _converter(kind.field(i).type)) for i in range(kind.num_fields)]
        if all(convert is None for _, convert in parts):
            return None
        return lambda value: None if value is None else {k: c(value.get(k)) if c else value.get(k) for k, c in parts}
    return None


def _is_key_value(kind: pa.DataType) -> bool:
    return pa.types.is_struct(kind) and [kind.field(i).name for i in range(kind.num_fields)] == ["key", "value"]


def as_mapping(pairs: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """A column read back as ``[{"key": k, "value": v}, ...]`` (``removed``) as the JSON record's object."""
    return None if pairs is None else {pair["key"]: pair["value"] for pair in pairs}


class RecordTable:
    """Turns records into Arrow tables of one schema; a field the schema lacks is an error that
    names it (record.schema.json forbids additional properties)."""

    def __init__(self, schema: pa.Schema | None = None) -> None:
        self.schema = schema or record_schema()
        self.names = self.schema.names
        self.known = set(self.names)
        self.converters = [(field.name, _converter(field.type)) for field in self.schema]
        self.expected = [(f.name, _PYTHON[f.type]) for f in self.schema if f.type in _PYTHON]

    def row(self, record: dict[str, Any]) -> list[Any]:
        """One record's values in column order, converted; a bad record fails here, alone, before
        it joins a row group."""
        extra = record.keys() - self.known
        if extra:
            raise SchemaError(f"record {record.get('url')!r} has field(s) not in record.schema.json: {sorted(extra)}")
        for name, kind in self.expected:  # so that one bad value cannot fail a whole row group later
            value = record.get(name)
            if value is not None and (not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool)):
                wrong, right = type(value).__name__, self.schema.field(name).type
                raise SchemaError(f"record {record.get('url')!r}: {name} is {wrong}, not {right}")
        values = []
        for name, convert in self.converters:
            value = record.get(name)
            values.append(convert(value) if convert is not None and value is not None else value)
        return values

    def table(self, rows: list[list[Any]]) -> pa.Table:
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in self.names]
        arrays = [pa.array(column, type=field.type) for column, field in zip(columns, self.schema, strict=True)]
        return pa.Table.from_arrays(arrays, schema=self.schema)


def estimated_size(record: dict[str, Any]) -> int:
    """Bytes a record takes in a row group, roughly: its strings (text dominates) plus a little per field."""
    return sum(len(v) for v in record.values() if isinstance(v, str)) + 16 * len(record)


class RowGroupWriter:
    """One Parquet file: records buffered (converted) until their estimated size reaches
    ``row_group_bytes``, then written as one row group; ``close`` flushes and writes the footer.
    ``sink`` is a path or an open binary file (what Scrapy's feed storages hand out)."""

    def __init__(
        self, sink: Any, *, row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES, tables: RecordTable | None = None
    ) -> None:
        self.sink = sink
        self.row_group_bytes = max(1, row_group_bytes)
        self.tables = tables or RecordTable()
        self.buffer: list[list[Any]] = []
        self.buffered_bytes = 0
        self.rows_flushed = 0
        self.writer: pq.ParquetWriter | None = None

    def _open(self) -> pq.ParquetWriter:
        return pq.ParquetWriter(
            self.sink, self.tables.schema, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL
        )

    def write(self, record: dict[str, Any]) -> None:
        self.buffer.append(self.tables.row(record))
        self.buffered_bytes += estimated_size(record)
        if self.buffered_bytes >= self.row_group_bytes:
            self.flush_row_group()

    def flush_row_group(self) -> None:
        if not self.buffer:
            return
        table = self.tables.table(self.buffer)
        if self.writer is None:
            self.writer = self._open()
        self.writer.write_table(table, row_group_size=len(self.buffer))
        self.rows_flushed += len(self.buffer)
        self.buffer.clear()
        self.buffered_bytes = 0

    def close(self) -> int:
        """Flush, write the footer; returns the file's row count. A file of no rows still gets the
        schema, so an empty shard reads as an empty table."""
        self.flush_row_group()
        if self.writer is None:
            self.writer = self._open()
        self.writer.close()
        return self.rows_flushed


class ParquetShards:
    """Writes records to ``path_for(0)``, ``path_for(1)``...: row groups of about
    ``row_group_bytes``, a new file once one reaches ``max_file_bytes`` (0: one file), checked
    after each row group, so a file exceeds it by at most one compressed row group. Each file is
    written as ``NAME.part`` and renamed once closed; ``on_file_closed(path, n)`` is called then,
    when its ``n`` records are safely in it."""

    def __init__(
        self,
        path_for: Callable[[int], Path],
        *,
        row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
        max_file_bytes: int = DEFAULT_FILE_BYTES,
        on_file_closed: Callable[[Path, int], None] | None = None,
    ) -> None:
        self.path_for = path_for
        # A row group never outgrows a shard: its estimate counts uncompressed bytes, so a row group
        # of at most a shard's size compresses into less than one.
        self.row_group_bytes = min(row_group_bytes, max_file_bytes) if max_file_bytes else row_group_bytes
        self.max_file_bytes = max_file_bytes
        self.tables = RecordTable()
        self.on_file_closed = on_file_closed
        self.file: RowGroupWriter | None = None
        self.path: Path | None = None
        self.closed_files: list[Path] = []
        self.rows = 0

    def write(self, record: dict[str, Any]) -> None:
        if self.file is None:
            self.path = self.path_for(len(self.closed_files))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            sink = str(part_path(self.path))
            self.file = RowGroupWriter(sink, row_group_bytes=self.row_group_bytes, tables=self.tables)
        flushed = self.file.rows_flushed
        self.file.write(record)
        grown = self.file.rows_flushed != flushed  # a row group went to disk
        if grown and self.max_file_bytes and part_path(self.path).stat().st_size >= self.max_file_bytes:  # type: ignore[arg-type]
            self.close_file()

    def close_file(self) -> None:
        """Footer written, ``.part`` renamed: from here on the file's records are written."""
        if self.file is None or self.path is None:
            return
        rows = self.file.close()
        replace_durably(part_path(self.path), self.path)
        path = self.path
        self.file, self.path = None, None
        self.closed_files.append(path)
        self.rows += rows
        if self.on_file_closed is not None:
            self.on_file_closed(path, rows)

    def close(self) -> None:
        self.close_file()


def fsync_folder(folder: Path) -> None:
    """Make the names in ``folder`` (a rename, a new or removed file) durable (POSIX; else a no-op)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # a file system that cannot sync a folder
    finally:
        os.close(fd)


def replace_durably(temporary: Path, target: Path) -> None:
    """``temporary`` (complete, closed) renamed to ``target``: its bytes fsynced first, the folder
    after, so ``target`` is the whole file or the old one, after a kill or a power loss alike."""
    with open(temporary, "rb") as written:
        os.fsync(written.fileno())
    os.replace(temporary, target)
    fsync_folder(Path(target).parent)


def part_path(path: Path) -> Path:
    """Where ``path`` is written until it is complete: hidden (a leading dot), because pyarrow,
    pandas and datasets skip hidden files when they read a folder, and a ``.part`` besides."""
    return path.with_name(f".{path.name}{PART_SUFFIX}")


def shard_paths(folder: Path, prefix: str = "part") -> Callable[[int], Path]:
    return lambda n: folder / f"{prefix}-{n:05d}.parquet"


STAGED_SUFFIX = ".staged"
MARKER_SUFFIX = ".exporting"


def staged_path(path: Path) -> Path:
    """Where a finished shard of ``convert_jsonl`` waits (hidden) until the whole export is done."""
    return path.with_name(f".{path.name}{STAGED_SUFFIX}")


def export_marker(folder: Path, prefix: str = "part") -> Path:
    """Present while an export of ``prefix`` shards into ``folder`` is under way (or was killed)."""
    return Path(folder) / f".{prefix}{MARKER_SUFFIX}"


def clear_interrupted_export(folder: Path, prefix: str = "part") -> list[Path] | None:
    """Remove what an export of ``prefix`` killed in ``folder`` left (its shards, named or staged,
    its temporary files, its marker); returns the removed files, or None when no export of
    ``prefix`` was interrupted there (no marker): the shards of a finished export are never touched."""
    folder = Path(folder)
    marker = export_marker(folder, prefix)
    if not marker.is_file():
        return None
    staged, part = re.escape(STAGED_SUFFIX), re.escape(PART_SUFFIX)
    shard = re.compile(rf"^\.*{re.escape(prefix)}-\d{{5}}\.parquet({staged})?({part})?$")
    removed = [p for p in sorted(folder.iterdir()) if shard.match(p.name) and p.is_file()]
    for path in [*removed, marker]:
        path.unlink(missing_ok=True)
    fsync_folder(folder)
    return removed


def parse_size(text: str) -> int:
    """``256MB``, ``1.5GiB``, ``64k``, ``1000000``: bytes. Units are powers of 1024 (as du and
    most storage consoles show them)."""
    raw = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    for unit, power in (("K", 1), ("M", 2), ("G", 3), ("T", 4)):
        if raw.endswith(unit):
            raw, factor = raw[:-1], 1024**power
            break
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{text!r} is not a size: give bytes or e.g. 256MB, 1GB") from None
    if value <= 0:
        raise ValueError(f"{text!r}: a size must be above 0")
    return int(value * factor)


@dataclass
class Conversion:
    """What ``convert_jsonl`` did: the files written, records converted, and the lines it could
    not read (``path:line: why``), which it skipped."""

    files: list[Path] = field(default_factory=list)
    records: int = 0
    bad_lines: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        yield from enumerate(stream, 1)


def convert_jsonl(
    inputs: list[Path],
    folder: Path,
    *,
    shard_bytes: int = DEFAULT_FILE_BYTES,
    row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
    prefix: str = "part",
) -> Conversion:
    """JSON-lines record files (plain or .gz) into ``folder/PREFIX-00000.parquet``...: shards of
    about ``shard_bytes``. A line that is not a record (a crawl killed mid-line leaves a cut-off
    last line) is skipped and reported, never silently."""
    done = Conversion()
    named = shard_paths(folder, prefix)
    folder.mkdir(parents=True, exist_ok=True)
    marker = export_marker(folder, prefix)
    marker.touch()
    fsync_folder(folder)
    shards = ParquetShards(
        lambda n: staged_path(named(n)), row_group_bytes=row_group_bytes, max_file_bytes=shard_bytes
    )
    for path in inputs:
        for number, line in _lines(path):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                shards.write(record)
            except (orjson.JSONDecodeError, SchemaError, ValueError, TypeError, pa.ArrowException) as err:
                done.bad_lines.append(f"{path}:{number}: {err}")
                continue
            done.records += 1
    shards.close()
    # Every shard is whole and fsynced: named now, all together, then the marker goes.
    done.files = [named(n) for n in range(len(shards.closed_files))]
    for staged, path in zip(shards.closed_files, done.files, strict=True):
        os.replace(staged, path)
    marker.unlink()
    fsync_folder(folder)
    return done
