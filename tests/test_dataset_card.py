"""The Hub-ready dataset folder (output/dataset_card.py, ``cleancrawl export --format hub``): read
back the way its users read it, with ``datasets.load_dataset(DIR)`` and ``huggingface_hub.DatasetCard``,
offline. The card's features are checked against what ``datasets`` itself writes for the record
schema, and the records must come back equal to what went in."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

# Hugging Face datasets and huggingface_hub read these when imported: local files only, never the Hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
import datasets
import pyarrow.parquet as pq
import pytest
from conftest import SCHEMA_PATH
from huggingface_hub import DatasetCard, DatasetCardData
from test_parquet import _as_json_record, _record

from cleaners.ruleset import builtin_rule_files
from output.dataset_card import (
    CardError,
    DatasetStats,
    export_hub_folder,
    features_yaml,
    hub_shards,
    language_code,
    write_dataset_card,
)
from output.parquet import ParquetShards, record_schema

FIXTURES = Path(__file__).parent / "fixtures"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Text that trips encoders: accents, CJK, right-to-left, an emoji outside the BMP, combining marks,
# a zero-width joiner, a line separator and YAML's own markers inside a value.
_UNICODE = [
    ("fr", "Élysée : « déjà vu », œuvre — 12 €"),
    ("zh-Hant", "臺北市政府今天宣布，新的捷運路線將於明年通車。"),
    ("ar", "قالت الحكومة إن المشروع سيكتمل العام المقبل"),
    ("he-IL", "הממשלה הודיעה היום"),
    ("hi", "सरकार ने आज घोषणा की"),
    ("en-GB", "Family 👩‍👩‍👧 e\u0301te\u0301\u2028next line\n---\nkey: value # not a comment"),
    (None, "No language declared or identified."),
    ("und", "Undetermined language tag."),
]


def _unicode_records(n: int) -> list[dict]:
    records = []
    for i in range(n):
        language, words = _UNICODE[i % len(_UNICODE)]
        record = _record(i, language=language, title=f"{words[:12]} {i}", text=f"{words}\n{_record(i)['text']}")
        record["authors"] = ["José Ñúñez", "김민준"] if i % 2 else []
        if i % 5 == 0:
            record["markdown"] = f"# {record['title']}\n\n{record['text']}"
        if i % 7 == 0:
            record["removed_blocks"] = [{"rule": "ads.marker", "stage": "text", "text": "Ad — 広告", "at": 0}]
        records.append(record)
    return records


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _load(folder: Path, tmp_path: Path) -> datasets.Dataset:
    return datasets.load_dataset(str(folder), split="train", cache_dir=str(tmp_path / "hf-cache"))


def _card(folder: Path) -> DatasetCard:
    return DatasetCard.load(folder / "README.md")


def test_card_features_are_what_datasets_writes_for_the_record_schema():
    """Every column typed, lists and structs named as datasets names them in YAML (list: string,
    a list of struct fields for images, timestamp[us, tz=UTC]), and read back into the same Arrow types."""
    ours = features_yaml()
    assert ours == datasets.Features.from_arrow_schema(record_schema())._to_yaml_list()
    assert [f["name"] for f in ours] == record_schema().names
    back = datasets.Features._from_yaml_list(ours)
    assert back.arrow_schema.remove_metadata() == record_schema().remove_metadata()

    # and what record.schema.json says of each field, read directly
    for name, spec in json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"].items():
        feature, kinds = back[name], spec.get("type", "integer" if isinstance(spec.get("const"), int) else None)
        kinds = {kinds} if isinstance(kinds, str) else set(kinds or ()) - {"null"}
        if spec.get("format") == "date-time":
            assert feature == datasets.Value("timestamp[us, tz=UTC]"), name
        elif kinds == {"string"}:
            assert feature == datasets.Value("string"), name
        elif kinds == {"integer"}:
            assert feature == datasets.Value("int64"), name
        elif kinds == {"array"} and spec["items"].get("type") == "string":
            assert feature == datasets.List(datasets.Value("string")), name
        elif kinds == {"array"}:
            assert isinstance(feature, datasets.List) and list(feature.feature) == list(spec["items"]["properties"])
        elif kinds == {"object"}:  # rule id -> count: a list of {key, value}
            value = datasets.Value("int64")
            assert feature == datasets.List({"key": datasets.Value("string"), "value": value}), name
        else:
            raise AssertionError(f"{name}: a schema type this test does not know: {spec}")


def test_an_exported_folder_loads_typed_in_several_shards_and_gives_back_the_records(tmp_path):
    records = _unicode_records(48)
    source = _write_jsonl(tmp_path / "run.jsonl", records)
    done = export_hub_folder([source], tmp_path / "ds", shard_bytes=16_000, row_group_bytes=8_000)
    folder = tmp_path / "ds"

    total = len(done.shards)
    assert total > 2, "16 kB shards of ~250 kB of records"
    assert [p.name for p in done.shards] == [f"train-{i:05d}-of-{total:05d}.parquet" for i in range(total)]
    assert sorted(p.name for p in (folder / "data").iterdir()) == [p.name for p in done.shards], "no strays"

    dataset = _load(folder, tmp_path)
    card = _card(folder).data.to_dict()
    card_features = datasets.Features._from_yaml_list(card["dataset_info"]["features"])
    assert dataset.features == card_features == datasets.Features.from_arrow_schema(record_schema())
    assert dataset.features["fetched_at"] == datasets.Value("timestamp[us, tz=UTC]")
    assert dataset.features["authors"] == datasets.List(datasets.Value("string"))
    assert dataset.features["images"] == datasets.List(
        {name: datasets.Value("string") for name in ("src", "alt", "caption", "credit")}
    )

    assert [_as_json_record(row) for row in dataset.to_list()] == records
    assert card["dataset_info"]["splits"] == [
        {"name": "train", "num_examples": 48, "num_bytes": card["dataset_info"]["dataset_size"]}
    ]
    assert card["dataset_info"]["download_size"] == sum(p.stat().st_size for p in done.shards)
    assert card["dataset_info"]["dataset_size"] == sum(
        pq.ParquetFile(p).metadata.row_group(i).total_byte_size
        for p in done.shards
        for i in range(pq.ParquetFile(p).metadata.num_row_groups)
    )
    builder = datasets.load_dataset_builder(str(folder), cache_dir=str(tmp_path / "hf-cache"))
    assert builder.info.splits["train"].num_examples == 48, "datasets reads the split sizes off the card"


def test_the_front_matter_is_a_valid_hub_card_with_languages_license_and_provenance(tmp_path):
    records = _unicode_records(16)
    rules = tmp_path / "house.toml"
    rules.write_text('[[line]]\nid = "house.promo"\npattern = "^Subscribe now"\n', encoding="utf-8")
    export_hub_folder([_write_jsonl(tmp_path / "run.jsonl", records)], tmp_path / "ds", rule_files=[rules])
    text = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    card = _card(tmp_path / "ds")

    data = card.data.to_dict()
    assert DatasetCardData(**data).to_dict() == data, "huggingface_hub takes the metadata as it is"
    assert data["language"] == ["ar", "en", "fr", "he", "hi", "zh"], "ISO 639 codes (ties in code order)"
    assert data["size_categories"] == ["n<1K"]
    assert data["configs"] == [{"config_name": "default", "data_files": [{"split": "train", "path": "data/train-*"}]}]
    assert data["license"] == "unknown"
    assert data["pretty_name"] == "ds"
    assert re.search(r"^# license: .*\n(#.*\n)*license: unknown$", text, re.M), "marked for the user to set"

    # what load_dataset itself reads from the card: the data files config and the dataset info
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs

    assert MetadataConfigs.from_dataset_card_data(card.data)["default"]["data_files"] == [
        {"split": "train", "path": "data/train-*"}
    ]
    info = DatasetInfosDict.from_dataset_card_data(card.data)["default"]
    assert info.splits["train"].num_examples == 16

    made = data["cleancrawl"]
    assert made["record_schema"] == json.loads(SCHEMA_PATH.read_text())["$id"]
    assert made["version"]
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in builtin_rule_files()}
    assert {r["file"]: r["sha256"] for r in made["rule_files"] if r["origin"] == "built-in"} == expected
    assert {"file": str(rules), "sha256": hashlib.sha256(rules.read_bytes()).hexdigest(), "origin": "given"} in made[
        "rule_files"
    ]
    assert "臺北市" not in text, "the card states counts, not the records' text"
    assert "`zh-Hant` | 2 |" in card.text, "the records' own tags, counted, in the prose"


def test_an_empty_export_loads_as_an_empty_typed_split(tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    done = export_hub_folder([tmp_path / "empty.jsonl"], tmp_path / "ds")
    assert [p.name for p in done.shards] == ["train-00000-of-00001.parquet"]

    # datasets 5 refuses to build an empty split ("corresponds to no data"); streaming reads the
    # folder as it is: every column typed, no rows. So do pyarrow and pandas.
    streamed = datasets.load_dataset(str(tmp_path / "ds"), split="train", streaming=True)
    assert list(streamed) == []
    assert streamed.features == datasets.Features.from_arrow_schema(record_schema())
    assert pq.read_table(tmp_path / "ds" / "data").schema.remove_metadata() == record_schema().remove_metadata()
    data = _card(tmp_path / "ds").data.to_dict()
    assert "language" not in data
    assert data["dataset_info"]["splits"][0]["num_examples"] == 0


def test_write_dataset_card_describes_shards_another_writer_made(tmp_path):
    """The datatrove writer's path: shards written by several tasks, then one card read off them."""
    folder = tmp_path / "ds"
    for task in range(2):
        shards = ParquetShards(lambda n, t=task: folder / "data" / f"train-{t:05d}-of-00002.parquet", max_file_bytes=0)
        for i in range(task * 10, task * 10 + 10):
            shards.write(_record(i, language="pt-BR" if i % 2 else "en"))
        shards.close()
    card = write_dataset_card(folder, how_made="Two datatrove tasks.")

    data = DatasetCard.load(card).data.to_dict()
    assert data["dataset_info"]["splits"][0]["num_examples"] == 20
    assert data["language"] == ["en", "pt"]
    assert "Two datatrove tasks." in card.read_text(encoding="utf-8")
    assert _load(folder, tmp_path).num_rows == 20

    counted = DatasetStats()
    for i in range(3):
        counted.add(_record(i, language="en-US"))
    assert counted.num_examples == 3 and counted.language_codes() == ["en"]
    assert counted.sites == {"news.example": 3}


def test_a_folder_without_shards_or_with_foreign_ones_gets_no_card(tmp_path):
    with pytest.raises(CardError, match="no train"):
        write_dataset_card(tmp_path)
    foreign = tmp_path / "data" / "train-00000-of-00001.parquet"
    foreign.parent.mkdir()
    import pyarrow as pa

    pq.write_table(pa.table({"text": ["a"]}), foreign)
    with pytest.raises(CardError, match="record schema"):
        write_dataset_card(tmp_path)
    assert not (tmp_path / "README.md").exists()


def test_a_second_export_into_the_same_folder_is_refused_before_it_writes(tmp_path):
    source = _write_jsonl(tmp_path / "run.jsonl", [_record(i) for i in range(3)])
    export_hub_folder([source], tmp_path / "ds")
    before = {p: p.read_bytes() for p in (tmp_path / "ds").rglob("*") if p.is_file()}
    with pytest.raises(CardError, match="already holds"):
        export_hub_folder([source], tmp_path / "ds")
    assert {p: p.read_bytes() for p in (tmp_path / "ds").rglob("*") if p.is_file()} == before
    assert len(hub_shards(tmp_path / "ds")) == 1


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en", "en"), ("pt-BR", "pt"), ("zh-Hant", "zh"), ("EN_us", "en"), ("fil", "fil"), ("und", None),
     ("qaa", None), ("", None), (None, None), ("x-klingon", None), ("english", None), (7, None)],
)  # fmt: skip
def test_language_codes_are_iso_639(tag, code):
    assert language_code(tag) == code


def test_export_format_hub_writes_a_folder_and_keeps_the_exit_status(tmp_path, run_cleancrawl):
    _write_jsonl(tmp_path / "a.jsonl", _unicode_records(12))
    with (tmp_path / "a.jsonl").open("a", encoding="utf-8") as stream:
        stream.write('{"url": "cut')  # a crawl killed mid-line
    proc = run_cleancrawl("cli", ["export", "a.jsonl", "--format", "hub", "-o", "ds", "--shard-size", "16k"])
    assert proc.returncode == 1, proc.stderr
    assert "a.jsonl:13" in proc.stderr and "12 record(s)" in proc.stderr
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert "1 input line(s) were not records" in card and "cleancrawl export a.jsonl --format hub" in card
    assert _load(tmp_path / "ds", tmp_path).num_rows == 12

    again = run_cleancrawl("cli", ["export", "a.jsonl", "--format", "hub", "-o", "ds"])
    assert again.returncode == 2 and "already holds a dataset" in again.stderr
    no_rules = run_cleancrawl("cli", ["export", "a.jsonl", "--format", "hub", "-o", "other", "--rules", "nope.toml"])
    assert no_rules.returncode == 2 and "nope.toml" in no_rules.stderr
    assert not (tmp_path / "other").exists()
    plain = run_cleancrawl("cli", ["export", "a.jsonl", "-o", "plain"])
    assert plain.returncode == 1 and sorted(p.name for p in (tmp_path / "plain").iterdir()) == ["part-00000.parquet"]


def test_the_same_records_give_the_same_folder_under_source_date_epoch(tmp_path, monkeypatch):
    """Reproducible builds: with SOURCE_DATE_EPOCH set, two exports of one run are byte for byte equal."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = _write_jsonl(tmp_path / "run.jsonl", _unicode_records(10))
    folders = [tmp_path / name / "ds" for name in ("one", "two")]
    for folder in folders:
        export_hub_folder([source], folder, shard_bytes=16_000)
    one, two = ({p.relative_to(f): p.read_bytes() for p in f.rglob("*") if p.is_file()} for f in folders)
    assert one == two
    assert "created: '2026-01-01T00:00:00Z'" in one[Path("README.md")].decode()


def test_records_cleaned_from_real_pages_round_trip_through_the_folder(tmp_path):
    """Records as `cleancrawl clean --format markdown --provenance` makes them, from the fixture
    pages in six scripts, come back from load_dataset equal, and the card counts their languages."""
    from cleaners.pipeline import clean_html
    from output.record import make_record

    records = []
    for name in ("ar-rtl-water-plan", "he-rtl-playgrounds", "ja-library-hours-no-lang-attribute",
                 "ko-han-river-lighting", "ru-bridge-repair-no-lang", "zh-metro-line-opening"):  # fmt: skip
        case = FIXTURES / name
        url = json.loads((case / "meta.json").read_text(encoding="utf-8"))["url"]
        article = clean_html((case / "page.html").read_bytes(), url, format="markdown")
        assert not article.rejected, name
        records.append(make_record(article, url=url, file=f"{name}/page.html", provenance=True))
    done = export_hub_folder([_write_jsonl(tmp_path / "run.jsonl", records)], tmp_path / "ds")

    dataset = _load(tmp_path / "ds", tmp_path)
    assert dataset["fetched_at"] == [None] * 6, "saved files: no fetch time"
    back = [_as_json_record({**row, "fetched_at": _EPOCH}) | {"fetched_at": None} for row in dataset.to_list()]
    assert back == records
    languages = _card(tmp_path / "ds").data.to_dict()["language"]
    assert sorted(languages) == sorted({language_code(r["language"]) for r in records})
    assert done.conversion.records == 6
