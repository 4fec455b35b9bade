"""A Hub-ready dataset folder: Parquet shards named as Hugging Face names them, and a README.md
whose YAML front matter lets ``datasets.load_dataset(DIR)`` type every column and lets
``huggingface_hub`` push the folder as it is.

The folder::

    DIR/README.md                                   the dataset card (YAML front matter + prose)
    DIR/data/train-00000-of-00003.parquet ...       the records, one split ("train")

The card's front matter holds:

- ``dataset_info.features``: every column of output/record.schema.json, typed the way
  ``datasets`` writes them in YAML (``dtype: string``, ``list: string``, a ``list`` of struct
  fields for ``images``, ``timestamp[us, tz=UTC]`` for ``fetched_at``), read off the same Arrow
  schema the shards are written with (:func:`output.parquet.record_schema`), so the two cannot
  drift apart; ``splits`` (records and bytes), ``download_size`` and ``dataset_size``;
- ``configs``: the default config's ``data_files`` (``data/train-*``);
- ``language``: the ISO 639 codes of the records' languages (``en-US`` counts as ``en``);
- ``pretty_name`` (the folder's name unless given); ``license: unknown``, marked in a comment
  for the user to set (the pages' rights are theirs to know, not ours to guess); ``size_categories``;
- ``cleancrawl``: the version that wrote the folder, the record schema's ``$id`` and the sha256
  of every rule file in use (the built-in ones by name, given ones by path).

Public functions (the datatrove writer calls the same ones, so a folder built on a cluster and
one built by ``cleancrawl export`` carry the same card):

- :func:`write_dataset_card` ``(folder, stats=None, *, rule_files=(), how_made="", ...)``: writes
  ``folder/README.md`` for the shards already in ``folder/data/``. Without ``stats`` it reads them
  from the shards' Parquet footers and their ``language`` and ``url`` columns (a few MB, whatever
  the size of ``text``), which is what a multi-task writer wants: call it once, after every task
  has written its shards.
- :func:`DatasetStats.from_shards` / :meth:`DatasetStats.add`: the counts the card states, from
  files or record by record.
- :func:`hub_shard_name` / :func:`name_shards_for_hub`: ``train-00000-of-00003.parquet``; the
  total is known only when the last shard is closed, so shards are written under another name and
  renamed at the end.
- :func:`export_hub_folder`: JSON-lines record files into a whole folder (``cleancrawl export
  --format hub``).

No Scrapy, no network, no ``datasets`` import here: ``datasets`` and ``huggingface_hub`` are
what users load the folder with, and the tests check the card against both.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from output.parquet import (
    DEFAULT_FILE_BYTES,
    DEFAULT_ROW_GROUP_BYTES,
    SCHEMA_PATH,
    Conversion,
    RowGroupWriter,
    clear_interrupted_export,
    convert_jsonl,
    export_marker,
    fsync_folder,
    record_schema,
    replace_durably,
)

SPLIT = "train"
DATA_DIR = "data"
CARD_NAME = "README.md"
# Written first, renamed to train-NNNNN-of-NNNNN.parquet once the count of shards is known.
_PENDING_PREFIX = "pending-train"
# .hub.exporting: present while export_hub_folder runs (output.parquet.export_marker)
_HUB_MARKER = "hub"
_HUB_NAME = re.compile(r"^(?P<split>[A-Za-z0-9_]+)-(?P<index>\d{5})-of-(?P<total>\d{5})\.parquet$")
# An ISO 639-1/-2/-3 code: the first subtag of a BCP 47 tag, as the Hub's ``language`` wants it.
_ISO_639 = re.compile(r"^[a-z]{2,3}$")
# Not languages: "undetermined", "no linguistic content", "multiple", and the private-use range.
_NOT_LANGUAGES = {"und", "zxx", "mul", "mis"}

# datasets' names for Arrow's scalar types, where they differ from str(type) ("double" is "float64")
_DTYPES = {pa.float64(): "float64", pa.float32(): "float32", pa.float16(): "float16", pa.bool_(): "bool"}
# The Hub's size_categories, by record count (upper bounds, exclusive).
_SIZE_CATEGORIES = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
    (10_000_000_000, "1B<n<10B"),
    (100_000_000_000, "10B<n<100B"),
    (1_000_000_000_000, "100B<n<1T"),
]


class CardError(ValueError):
    """The folder cannot be described: no shards, or shards of another schema; says which."""


# --- features: the Arrow schema as datasets writes it in YAML ----------------------------------------


def feature_yaml(kind: pa.DataType) -> dict[str, Any]:
    """One Arrow type as a ``datasets`` feature in YAML form, without its name: ``{"dtype":
    "string"}``, ``{"list": "string"}``, ``{"list": [fields...]}``, ``{"struct": [fields...]}``.
    The same shape ``datasets.Features._to_yaml_list`` writes (the tests compare them)."""
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        inner = feature_yaml(kind.value_type)
        key = "large_list" if pa.types.is_large_list(kind) else "list"
        # datasets shortens a list of one dtype to that dtype, and a list of a struct to its fields
        if list(inner) == ["dtype"]:
            return {key: inner["dtype"]}
        if list(inner) == ["struct"]:
            return {key: inner["struct"]}
        return {key: inner}
    if pa.types.is_struct(kind):
        return {
            "struct": [{"name": kind.field(i).name, **feature_yaml(kind.field(i).type)} for i in range(kind.num_fields)]
        }
    if pa.types.is_map(kind) or pa.types.is_dictionary(kind) or pa.types.is_union(kind):
        raise CardError(f"no datasets feature for Arrow type {kind}")
    return {"dtype": _DTYPES.get(kind, str(kind))}


def features_yaml(schema: pa.Schema | None = None) -> list[dict[str, Any]]:
    """Every column of ``schema`` (default: the record schema) as ``dataset_info.features``."""
    schema = schema if schema is not None else record_schema()
    return [{"name": column.name, **feature_yaml(column.type)} for column in schema]


# --- what the card states about the records -----------------------------------------------------------


def language_code(tag: object) -> str | None:
    """The ISO 639 code of a BCP 47 tag (``pt-BR`` -> ``pt``, ``zh-Hant`` -> ``zh``); None for
    none, ``und`` and anything that is not a tag."""
    if not isinstance(tag, str):
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if not _ISO_639.match(primary) or primary in _NOT_LANGUAGES or "qaa" <= primary <= "qtz":
        return None
    return primary


def _host(url: object) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


@dataclass
class DatasetStats:
    """What the card says about one split: records, bytes, languages (the records' full tags),
    sites (hosts of the records' URLs), and the files holding them. ``num_bytes`` is the records'
    uncompressed size as the Parquet footers give it (what ``datasets`` calls a split's
    ``num_bytes``); ``download_size`` is the shards' size on disk."""

    num_examples: int = 0
    num_bytes: int = 0
    download_size: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)

    def add(self, record: dict[str, Any]) -> None:
        """Count one record (for a writer that sees records go by; sizes come from the files)."""
        self.num_examples += 1
        if record.get("language"):
            self.languages[str(record["language"])] += 1
        host = _host(record.get("url"))
        if host:
            self.sites[host] += 1

    @classmethod
    def from_shards(cls, files: Iterable[Path]) -> DatasetStats:
        """Counts read from written shards: footers for rows and sizes, and only the ``language``
        and ``url`` columns (never ``text``). A shard of another schema is a :class:`CardError`."""
        stats = cls()
        expected = record_schema().remove_metadata()
        for path in sorted(files):
            parquet = pq.ParquetFile(path)
            if parquet.schema_arrow.remove_metadata() != expected:
                raise CardError(f"{path}: not a shard of cleancrawl's record schema ({SCHEMA_PATH.name})")
            meta = parquet.metadata
            stats.num_examples += meta.num_rows
            stats.num_bytes += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            stats.download_size += path.stat().st_size
            columns = parquet.read(columns=["language", "url"])
            stats.languages.update(tag for tag in columns.column("language").to_pylist() if tag)
            stats.sites.update(h for h in map(_host, columns.column("url").to_pylist()) if h)
            stats.files.append(path)
        return stats

    def language_codes(self) -> list[str]:
        """The ISO 639 codes of the records' languages, most records first."""
        codes: Counter[str] = Counter()
        for tag, n in self.languages.items():
            code = language_code(tag)
            if code:
                codes[code] += n
        return [code for code, _ in sorted(codes.items(), key=lambda item: (-item[1], item[0]))]


def size_category(num_examples: int) -> str:
    for bound, name in _SIZE_CATEGORIES:
        if num_examples < bound:
            return name
    return "n>1T"


# --- shard names ------------------------------------------------------------------------------------


def hub_shard_name(index: int, total: int, split: str = SPLIT) -> str:
    """``train-00000-of-00003.parquet``: the name the Hub's own Parquet conversion gives shards."""
    return f"{split}-{index:05d}-of-{total:05d}.parquet"


def hub_shards(folder: Path, split: str = SPLIT) -> list[Path]:
    """The shards of ``split`` under ``folder/data/``, in order."""
    data = Path(folder) / DATA_DIR
    if not data.is_dir():
        return []
    return sorted(p for p in data.iterdir() if (m := _HUB_NAME.match(p.name)) and m["split"] == split)


def name_shards_for_hub(files: list[Path], folder: Path, split: str = SPLIT) -> list[Path]:
    """Move ``files`` (in order) to ``folder/data/SPLIT-0000i-of-0000N.parquet``; returns the new paths.

    Refuses (before moving any) when ``folder/data`` already holds shards of that split: two
    exports into one folder would otherwise mix their ``-of-N`` counts."""
    data = Path(folder) / DATA_DIR
    if hub_shards(folder, split):
        raise CardError(f"{data} already holds {split} shards; give an empty folder")
    data.mkdir(parents=True, exist_ok=True)
    named = []
    for index, path in enumerate(files):
        target = data / hub_shard_name(index, len(files), split)
        os.replace(path, target)
        named.append(target)
    fsync_folder(data)
    return named


def write_empty_shard(path: Path) -> Path:
    """A shard of no rows with the record schema: an export of no records still loads (as an
    empty split with every column typed) instead of failing on a pattern that matches nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    RowGroupWriter(str(path)).close()
    return path


# --- the card ---------------------------------------------------------------------------------------


def _cleancrawl_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cleancrawl")
    except PackageNotFoundError:  # a source tree that was never installed
        return "unknown (not installed)"


def _now() -> datetime:
    """The card's date: SOURCE_DATE_EPOCH when set (reproducible builds: the same records give the
    same card), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def rule_file_hashes(extra_files: Iterable[str | Path] = ()) -> list[dict[str, str]]:
    """``{"file", "sha256", "origin"}`` for every rule file cleaning uses with ``extra_files``
    (``--rules``) beside the built-in ones: the full sha256 of each file's bytes. Built-in files
    are named by file name (their install path says nothing to a reader of the card)."""
    from cleaners.ruleset import builtin_rule_files, rule_file_paths

    builtin = {str(p) for p in builtin_rule_files()}
    hashes = []
    for path in rule_file_paths(None, extra_files):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as err:
            raise CardError(f"rule file {path}: {err.strerror or err}") from None
        origin = "built-in" if str(path) in builtin else "given"
        hashes.append({"file": path.name if origin == "built-in" else str(path), "sha256": digest, "origin": origin})
    return hashes


def card_metadata(
    stats: DatasetStats,
    *,
    rule_files: list[dict[str, str]],
    title: str | None = None,
    split: str = SPLIT,
    created: datetime | None = None,
    schema: pa.Schema | None = None,
) -> dict[str, Any]:
    """The card's YAML front matter as a dict (what ``DatasetCardData(**metadata)`` takes)."""
    schema = schema if schema is not None else record_schema()
    schema_id = (schema.metadata or {}).get(b"cleancrawl.schema_id", b"").decode()
    metadata: dict[str, Any] = {"pretty_name": title} if title else {}
    metadata["license"] = "unknown"
    codes = stats.language_codes()
    if codes:
        metadata["language"] = codes
    metadata["size_categories"] = [size_category(stats.num_examples)]
    metadata["configs"] = [
        {"config_name": "default", "data_files": [{"split": split, "path": f"{DATA_DIR}/{split}-*"}]}
    ]
    metadata["dataset_info"] = {
        "features": features_yaml(schema),
        "splits": [{"name": split, "num_bytes": stats.num_bytes, "num_examples": stats.num_examples}],
        "download_size": stats.download_size,
        "dataset_size": stats.num_bytes,
    }
    metadata["cleancrawl"] = {
        "version": _cleancrawl_version(),
        "record_schema": schema_id,
        "created": (created or _now()).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rule_files": rule_files,
    }
    return metadata


_LICENSE_NOTE = (
    "# license: the rights to the pages' text are their publishers'. Replace 'unknown' with the\n"
    "# license you may publish this under (e.g. cc-by-4.0, or 'other' with license_name and\n"
    "# license_link) before pushing.\n"
)


def _front_matter(metadata: dict[str, Any]) -> str:
    """YAML with the license line marked by a comment (YAML keeps no comments, so it is placed by hand)."""
    text = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=1000)
    return text.replace("license: unknown\n", _LICENSE_NOTE + "license: unknown\n", 1)


def _cell(value: str) -> str:
    """A value from the records (a language tag, a host) as a Markdown table cell that stays one cell."""
    return "`" + value.replace("`", "'").replace("|", "/").replace("\n", " ")[:100] + "`"


def _table(counter: Counter[str], heading: str, limit: int = 20) -> str:
    rows = counter.most_common(limit)
    if not rows:
        return ""
    lines = [f"| {heading} | records |", "|---|---:|", *(f"| {_cell(key)} | {n:,} |" for key, n in rows)]
    if len(counter) > limit:
        lines.append(f"| ... {len(counter) - limit:,} more | {sum(counter.values()) - sum(n for _, n in rows):,} |")
    return "\n".join(lines) + "\n"


def card_body(stats: DatasetStats, metadata: dict[str, Any], *, title: str, how_made: str, split: str = SPLIT) -> str:
    """The card's prose: what the records are, how they were made, how to load them."""
    made = metadata["cleancrawl"]
    rules = "\n".join(f"| `{r['file']}` | {r['origin']} | `{r['sha256']}` |" for r in made["rule_files"])
    parts = [
        f"# {title}\n",
        "Clean article text from web pages, one record per article, made with "
        "cleancrawl {version}: pages fetched by Scrapy (or read from saved files "
        "and WARC archives), the article extracted by trafilatura, then boilerplate left inside it "
        "(related links, share bars, ads, newsletter prompts, notices, captions...) removed by "
        "cleancrawl's rules, listed below with the sha256 of each file.\n".format(version=made["version"]),
        "## Records\n",
        f"{stats.num_examples:,} records in one split, `{split}`, in {len(stats.files)} Parquet file(s) "
        f"under `{DATA_DIR}/` ({stats.download_size:,} bytes). The columns follow cleancrawl's record "
        f"schema `{made['record_schema']}`: `text` is the clean article, `removed` counts the blocks "
        "each rule removed (a list of `{key, value}` pairs: Arrow maps do not load in `datasets`), "
        "`fingerprint` and `near_duplicate_of` serve deduplication, `fetched_at` is a UTC timestamp "
        "and `published`/`modified` stay ISO 8601 strings with the page's own zone.\n",
    ]
    if not stats.num_examples:
        parts.append(
            "No records: the shard holds the columns and no rows. `datasets.load_dataset` refuses an "
            "empty split; `load_dataset(..., streaming=True)`, pyarrow and pandas read it.\n"
        )
    if stats.languages:
        parts.append(_table(stats.languages, "language (as the records give it)"))
    if stats.sites:
        parts.append(_table(stats.sites, "site"))
    parts += [
        "## How it was made\n",
        (how_made.strip() + "\n") if how_made.strip() else "",
        f"Written by cleancrawl {made['version']} on {made['created']}.\n",
        "| rule file | origin | sha256 |\n|---|---|---|\n" + rules + "\n" if rules else "",
        "## License\n",
        "Not set: the `license` in this card's metadata is `unknown` until you set it. The text "
        "belongs to the sites it was taken from; publish only what you may.\n",
        "## Use\n",
        "```python\nfrom datasets import load_dataset\n\n"
        'ds = load_dataset("PATH/TO/THIS/FOLDER", split="train")  # or "user/name" once pushed\n```\n',
    ]
    return "\n".join(part for part in parts if part)


def write_dataset_card(
    folder: str | os.PathLike[str],
    stats: DatasetStats | None = None,
    *,
    rule_files: Iterable[str | Path] = (),
    how_made: str = "",
    title: str | None = None,
    split: str = SPLIT,
    created: datetime | None = None,
) -> Path:
    """Write ``folder/README.md`` for the shards in ``folder/data/`` (named by
    :func:`hub_shard_name`); returns its path.

    ``stats``: the counts to state; by default read from the shards (:meth:`DatasetStats.from_shards`),
    which is right whenever several writers made them. ``rule_files``: the extra rule files the
    records were cleaned with (``--rules``); the built-in ones are always listed. ``how_made``: a
    paragraph (Markdown) for the card, e.g. the command line and its inputs. Written through a
    temporary file and renamed, so a card is whole or absent."""
    folder = Path(folder)
    if stats is None:
        files = hub_shards(folder, split)
        if not files:
            raise CardError(f"{folder / DATA_DIR}: no {split}-NNNNN-of-NNNNN.parquet shards to describe")
        stats = DatasetStats.from_shards(files)
    title = title or folder.resolve().name
    metadata = card_metadata(stats, rule_files=rule_file_hashes(rule_files), title=title, split=split, created=created)
    body = card_body(stats, metadata, title=title, how_made=how_made, split=split)
    text = f"---\n{_front_matter(metadata)}---\n\n{body}"
    card = folder / CARD_NAME
    pending = folder / f".{CARD_NAME}.part"
    pending.write_text(text, encoding="utf-8")
    replace_durably(pending, card)
    return card


@dataclass
class HubExport:
    """What :func:`export_hub_folder` did: the conversion (records, skipped lines), the shards and the card."""

    conversion: Conversion
    shards: list[Path]
    card: Path


def export_hub_folder(
    inputs: list[Path],
    folder: Path,
    *,
    shard_bytes: int = DEFAULT_FILE_BYTES,
    row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
    rule_files: Iterable[str | Path] = (),
    how_made: str = "",
) -> HubExport:
    """JSON-lines record files into a Hub-ready ``folder``: shards under ``data/`` and the card.

    Lines that are not records are skipped and listed (as :func:`output.parquet.convert_jsonl`
    does), and the card counts them. No records still makes a folder that loads: one empty shard."""
    data = folder / DATA_DIR
    if hub_shards(folder) or (folder / CARD_NAME).exists():
        raise CardError(f"{folder} already holds a dataset ({CARD_NAME} or {DATA_DIR}/{SPLIT}-*); give an empty folder")
    for stale in data.glob(f"{_PENDING_PREFIX}-*.parquet") if data.is_dir() else ():
        stale.unlink()  # left by an export that failed before naming its shards: not this export's records
    # From here to the card, the folder is an export under way: a re-run that finds the marker
    # clears it (clear_interrupted_hub_export) rather than refusing a half-made dataset.
    folder.mkdir(parents=True, exist_ok=True)
    marker = export_marker(folder, _HUB_MARKER)
    marker.touch()
    fsync_folder(folder)
    done = convert_jsonl(inputs, data, shard_bytes=shard_bytes, row_group_bytes=row_group_bytes, prefix=_PENDING_PREFIX)
    files = done.files or [write_empty_shard(data / f"{_PENDING_PREFIX}-00000.parquet")]
    shards = name_shards_for_hub(files, folder)
    made = how_made.strip()
    if done.bad_lines:
        made += f"\n\n{len(done.bad_lines):,} input line(s) were not records and were left out."
    card = write_dataset_card(folder, rule_files=rule_files, how_made=made)
    marker.unlink()
    fsync_folder(folder)
    return HubExport(done, shards, card)


def clear_interrupted_hub_export(folder: Path) -> list[Path] | None:
    """Remove what an :func:`export_hub_folder` killed in ``folder`` left (its shards, named or
    not, the card, temporary files, the markers); returns the removed files, or None when no
    export was interrupted there (no marker): a finished dataset is never touched."""
    folder = Path(folder)
    marker = export_marker(folder, _HUB_MARKER)
    if not marker.is_file():
        return None
    data = folder / DATA_DIR
    removed = clear_interrupted_export(data, _PENDING_PREFIX) or [] if data.is_dir() else []
    leftovers = [*hub_shards(folder), *(data.glob(f"{_PENDING_PREFIX}-*.parquet") if data.is_dir() else ())]
    leftovers += [p for p in (folder / CARD_NAME, folder / f".{CARD_NAME}.part") if p.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    marker.unlink()
    for where in (data, folder):
        fsync_folder(where)
    return removed + leftovers
