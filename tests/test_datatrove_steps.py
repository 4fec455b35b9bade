"""cleancrawl as datatrove steps (crawler/datatrove_steps/) and ``cleancrawl process`` (issue 20).

Unit tests run the steps in this process, stage by stage and rank by rank, as datatrove's
executors would: the reader on damaged and Common-Crawl-shaped WARCs, the two site-repetition
stages and the near-duplicate stages against the library code ``clean`` and ``dedup`` run, the
writers against ``clean``'s bytes and ``export``'s columns. The slow ones (marked) run
``cleancrawl process`` on the local executor with 2 tasks against ``cleancrawl clean`` +
``cleancrawl dedup`` of the same WARC, and the pickled stages in fresh interpreters.
"""

from __future__ import annotations

import gzip
import io
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dill
import orjson
import pyarrow.parquet as pq
import pytest
from hostile_inputs import write_warc, write_warc_record

from crawler.cli import main
from crawler.datatrove_steps import (
    CleancrawlJsonlWriter,
    CleancrawlPageReader,
    CleancrawlParquetWriter,
    NearDupClusters,
    NearDupMarks,
    NearDupSignatures,
    SiteRepetitionCounts,
    SiteRepetitionStrip,
)
from crawler.datatrove_steps.documents import document_from_record, position, record_from_document
from crawler.datatrove_steps.pipeline import JobSettings, build_executors, build_stages
from output.jsonlines import dumps_line
from output.near_dup import DedupReport, NearDupConfig, SQLiteNearDupIndex, mark_duplicates
from output.parquet import RowGroupWriter

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "crawler" / "demo_site"
SIGNATURE = "Follow the Valley Courier on Mastodon and Bluesky for the news as it breaks."


# --- inputs ------------------------------------------------------------------------------------------


def demo_pages() -> list[tuple[str, bytes]]:
    """The demo site's pages at the URLs the demo crawl fetches them from, then its news pages
    again on a second host that signs every article with one line (site repetition's case; and
    each is a near-duplicate of its first copy)."""
    pages = [(f"http://127.0.0.1:8000/{p.relative_to(DEMO)}", p.read_bytes()) for p in sorted(DEMO.rglob("*.html"))]
    signature = f"<p>{SIGNATURE}</p></article>".encode()
    signed = [
        (url.replace("127.0.0.1:8000", "mirror.example"), body.replace(b"</article>", signature))
        for url, body in pages
        if "/news/" in url and "/amp/" not in url
    ]
    return pages + signed


def record_bytes(kind: str, uri: str, payload: bytes, content_type: str = "text/html") -> bytes:
    """One WARC record of any type (request, metadata, a response of any Content-Type), gzipped."""
    out = io.BytesIO()
    if kind == "response":
        write_warc_record(out, uri, [payload], len(payload), content_type=content_type)
        return out.getvalue()
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{len(uri) % 10}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + payload + b"\r\n\r\n")


def article(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>".encode()


def documents_of(step, data=None, rank: int = 0, world_size: int = 1) -> list:
    return list(step.run(data, rank, world_size) or ())


def stat(step, label: str) -> int:
    value = step.stats.stats.get(label)
    return int(value.total) if value is not None else 0


# --- reader --------------------------------------------------------------------------------------------


def test_common_crawl_records_are_counted_and_skipped_never_fatal(tmp_path: Path) -> None:
    """Requests, metadata, a PDF, a 404, a page in Latin-1 declared as such, then a WARC cut by
    its segment boundary and one of garbage: the pages before the damage are read, the rest counted."""
    good = tmp_path / "a.warc.gz"
    latin = article("Café", ["Le café du marché a rouvert ses portes après des années de travaux importants."])
    good.write_bytes(
        record_bytes("request", "https://news.example/a", b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n")
        + record_bytes("response", "https://news.example/a", article("A", ["One two three."]))
        + record_bytes("metadata", "https://news.example/a", b"fetchTimeMs: 12\r\n")
        + record_bytes("response", "https://news.example/a.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
        + record_bytes("response", "https://news.example/latin", latin.decode().encode("latin-1"),
                       content_type="text/html; charset=iso-8859-1")
    )
    cut = tmp_path / "b.warc.gz"
    whole = record_bytes("response", "https://news.example/b", article("B", ["Four five six."]))
    cut.write_bytes(whole + whole[: len(whole) // 2])
    garbage = tmp_path / "c.warc.gz"
    garbage.write_bytes(b"this is no WARC at all\r\n" * 20)

    reader = CleancrawlPageReader([str(good), str(cut), str(garbage)])
    docs = documents_of(reader)

    assert [d.metadata["cleancrawl_page"]["url"] for d in docs] == [
        "https://news.example/a", "https://news.example/latin", "https://news.example/b"
    ]
    assert stat(reader, "skipped.not-response") == 2
    assert stat(reader, "skipped.not-html") == 1
    assert stat(reader, "input_errors") == 2
    assert stat(reader, "pages") == 3


def test_a_record_the_crawler_truncated_is_counted_not_cleaned_as_whole(tmp_path: Path) -> None:
    """Common Crawl keeps the first MiB of a larger page and says so with WARC-Truncated."""
    page = article("Long", ["A sentence of the long article that goes on and on."] * 5)
    cut = gzip.decompress(record_bytes("response", "https://news.example/long", page))
    cut = cut.replace(b"WARC-Type: response\r\n", b"WARC-Type: response\r\nWARC-Truncated: length\r\n")
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(gzip.compress(cut) + record_bytes("response", "https://news.example/b", page))
    reader = CleancrawlPageReader([str(warc)])
    assert [d.metadata["cleancrawl_page"]["url"] for d in documents_of(reader)] == ["https://news.example/b"]
    assert stat(reader, "rejected.warc-truncated") == 1


def test_a_non_success_response_is_counted_as_clean_counts_it(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    out = io.BytesIO()
    write_warc_record(out, "https://news.example/gone", [b"<html>gone</html>"], 17)
    raw = gzip.decompress(out.getvalue()).replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 404 Not Found")
    warc.write_bytes(gzip.compress(raw))
    reader = CleancrawlPageReader([str(warc)])
    assert documents_of(reader) == []
    assert stat(reader, "rejected.http-404") == 1


@pytest.mark.parametrize("files", [1, 3])
def test_tasks_share_the_pages_whole_and_once(tmp_path: Path, files: int) -> None:
    """One WARC for two tasks is shared page by page; more WARCs than tasks, file by file."""
    paths = []
    for n in range(files):
        pages = [(f"https://news.example/{n}/{i}", article(f"{n}-{i}", ["Words."])) for i in range(5)]
        paths.append(str(write_warc(tmp_path / f"{n}.warc.gz", pages)))
    shares = [[d.id for d in documents_of(CleancrawlPageReader(paths), None, rank, 2)] for rank in (0, 1)]
    alone = [d.id for d in documents_of(CleancrawlPageReader(paths))]
    assert sorted(shares[0] + shares[1]) == alone
    assert not set(shares[0]) & set(shares[1])
    assert shares[0] and shares[1]
    assert alone == sorted(alone)  # positions sort in input order


# --- site repetition -------------------------------------------------------------------------------------


def _record(url: str, paragraphs: list[str], fingerprint: str | None = None) -> dict:
    text = "\n".join(paragraphs)
    return {
        "schema_version": 3, "url": url, "canonical_url": None, "file": None, "source": None, "fetched_at": None,
        "status": None, "title": url, "authors": [], "published": None, "modified": None, "language": "en",
        "site_name": None, "description": None, "tags": [], "categories": [], "images": [], "text": text,
        "word_count": len(text.split()), "fingerprint": fingerprint or url, "near_duplicate_of": None, "removed": {},
    }


STORY = "The council met on Tuesday evening and agreed to fund the new bus routes for the valley towns {n}, " * 3


def _site_records() -> list[dict]:
    return [
        _record(f"https://site.example/{n}", [STORY.format(n=n), "Share this story with your friends today"])
        for n in range(6)
    ] + [_record("https://other.example/1", [STORY.format(n=9), "Share this story with your friends today"])]


def test_site_repetition_strips_across_tasks_what_one_task_alone_would(tmp_path: Path) -> None:
    """Each of three tasks sees two pages of the site (under the three-page minimum), yet the
    block that recurs on all six goes, as ``clean`` strips it over the whole batch; the other
    host's one page keeps it."""
    records = _site_records()
    for rank in range(3):
        docs = [document_from_record(r, position(0, i)) for i, r in enumerate(records) if i % 3 == rank]
        documents_of(SiteRepetitionCounts(tmp_path), iter(docs), rank, 3)
    stripped = {}
    for rank in range(3):
        step = SiteRepetitionStrip(tmp_path, min_words=5)
        stripped.update({d.metadata["url"]: d for d in documents_of(step, None, rank, 3)})
    assert set(stripped) == {r["url"] for r in records}
    for n in range(6):
        doc = stripped[f"https://site.example/{n}"]
        assert "Share this story" not in doc.text
        assert doc.metadata["removed"] == {"site.repeated-block": 1}
        assert doc.metadata["fingerprint"] != f"https://site.example/{n}"  # recomputed from the new text
    assert "Share this story" in stripped["https://other.example/1"].text


# --- near-duplicates ---------------------------------------------------------------------------------------


def _near_dup_records() -> list[dict]:
    words = " ".join(f"word{i}" for i in range(200))
    return [
        _record("https://a.example/1", [words], "f1"),
        _record("https://b.example/2", ["something else entirely " * 20], "f2"),
        _record("https://c.example/3", [words + " extra"], "f3"),  # near-duplicate of 1
        _record("https://d.example/4", ["another story " * 20], "f2"),  # same words as 2: exact
        _record("https://a.example/1", [words], "f5"),  # same URL as 1: exact
        _record("https://e.example/5", [words + " more words here"], "f6"),  # near of 1 through 3
    ]


def _run_near_dup_stages(work: Path, records: list[dict], tasks: int, drop: bool = False) -> list[dict]:
    for rank in range(tasks):
        docs = [document_from_record(r, position(0, i)) for i, r in enumerate(records) if i % tasks == rank]
        documents_of(NearDupSignatures(work), iter(docs), rank, tasks)
    documents_of(NearDupClusters(work), None, 0, 1)
    out = []
    for rank in range(tasks):
        out += [(d.id, record_from_document(d)) for d in documents_of(NearDupMarks(work, drop), None, rank, tasks)]
    return [record for _id, record in sorted(out, key=lambda pair: pair[0])]


@pytest.mark.parametrize("drop", [False, True], ids=["marked", "dropped"])
def test_near_duplicate_stages_give_dedups_marks(tmp_path: Path, drop: bool) -> None:
    records = _near_dup_records()
    config = NearDupConfig()
    index = SQLiteNearDupIndex(":memory:", config, durable=False)
    expected = list(mark_duplicates(records, index, config, drop=drop, report=DedupReport()))
    got = _run_near_dup_stages(tmp_path, records, tasks=3, drop=drop)
    assert got == expected
    if not drop:
        assert [r["near_duplicate_of"] for r in got].count(None) == 2


# --- writers ----------------------------------------------------------------------------------------------


def test_documents_carry_the_record_and_writers_write_cleans_bytes_and_exports_columns(tmp_path: Path) -> None:
    record = _record("https://news.example/x", ["A paragraph.", "Another one."])
    record["fetched_at"] = "2024-01-01T00:00:00Z"
    record["removed"] = {"ads.marker": 2}
    record["markdown"] = "A paragraph.\n\nAnother one."
    doc = document_from_record(record, position(0, 0), ["code line"])
    assert record_from_document(doc) == record
    assert list(record_from_document(doc)) == list(record)
    assert doc.text == record["text"] and doc.metadata["language"] == "en"

    with CleancrawlJsonlWriter(tmp_path / "jsonl") as writer:
        writer.write(doc, rank=0)
    assert (tmp_path / "jsonl" / "00000.jsonl").read_bytes() == dumps_line(record)

    with CleancrawlParquetWriter(tmp_path / "parquet") as writer:
        writer.write(doc, rank=0)
    exported = RowGroupWriter(str(tmp_path / "export.parquet"))
    exported.write(record)
    exported.close()
    (shard,) = (tmp_path / "parquet").glob("*.parquet")
    ours, theirs = pq.read_table(shard), pq.read_table(tmp_path / "export.parquet")
    assert ours.schema == theirs.schema
    assert ours.to_pylist() == theirs.to_pylist()


# --- the whole job (slow: processes) -----------------------------------------------------------------------


def _lines(folder: Path) -> list[bytes]:
    return sorted(line for path in sorted(folder.glob("*.jsonl")) for line in path.read_bytes().splitlines())


def _reference(tmp_path: Path, warc: Path) -> Path:
    """``cleancrawl clean`` then ``cleancrawl dedup`` of the WARC."""
    cleaned, marked = tmp_path / "clean.jsonl", tmp_path / "reference.jsonl"
    assert main(["clean", str(warc), "-o", str(cleaned), "--quiet", "--jobs", "2"]) == 0
    assert main(["dedup", str(cleaned), "-o", str(marked)]) == 0
    return marked


@pytest.mark.slow
def test_process_with_two_tasks_gives_the_records_of_clean_then_dedup(tmp_path: Path, capsys) -> None:
    warc = write_warc(tmp_path / "demo.warc.gz", demo_pages())
    reference = _reference(tmp_path, warc)
    expected = sorted(reference.read_bytes().splitlines())
    records = [orjson.loads(line) for line in expected]
    # the case is one where every part matters: repetition stripped, duplicates marked
    assert any("site.repeated-block" in r["removed"] for r in records)
    assert sum(r["near_duplicate_of"] is not None for r in records) >= 3

    capsys.readouterr()
    assert main(["process", str(warc), "-o", str(tmp_path / "out"), "--tasks", "2", "--workers", "2"]) == 0
    assert _lines(tmp_path / "out") == expected
    assert len(list((tmp_path / "out").glob("*.jsonl"))) == 2
    summary = capsys.readouterr().err
    assert f"articles written: {len(expected)}" in summary

    assert main(["process", str(warc), "-o", str(tmp_path / "pq"), "--tasks", "2", "--parquet", "-q"]) == 0
    assert main(["export", str(reference), "-o", str(tmp_path / "export")]) == 0
    assert _rows(tmp_path / "pq") == _rows(tmp_path / "export")


def _rows(folder: Path) -> list[dict]:
    rows = [row for path in sorted(folder.glob("*.parquet")) for row in pq.read_table(path).to_pylist()]
    return sorted(rows, key=lambda row: (row["url"], row["fingerprint"]))


@pytest.mark.slow
def test_damaged_warcs_are_counted_and_the_job_says_so(tmp_path: Path, capsys) -> None:
    good = write_warc(tmp_path / "good.warc.gz", demo_pages()[:8])
    whole = (tmp_path / "good.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 300])
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"\x1f\x8b" + b"not a gzip member, not a WARC" * 50)
    capsys.readouterr()
    code = main(["process", str(good), str(cut), str(garbage), "-o", str(tmp_path / "out"), "--tasks", "2"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "inputs not read fully: 2" in err
    assert "Traceback" not in err
    assert _lines(tmp_path / "out")  # the good WARC's articles (and the cut one's first) are written


def _job(tmp_path: Path, warc: Path, out: str) -> JobSettings:
    return JobSettings(paths=[str(warc)], output=str(tmp_path / out), work=str(tmp_path / f"{out}-work"),
                       logs=str(tmp_path / f"{out}-logs"), tasks=2)


CHILD = """
import sys, dill
executor = dill.load(open(sys.argv[1], "rb"))
executor._run_for_rank(int(sys.argv[2]))
"""


def _fresh_runs(tmp_path: Path, settings: JobSettings) -> Iterator[subprocess.CompletedProcess]:
    """Each stage pickled (dill, as datatrove's Slurm executor pickles it) and each of its tasks
    run in a fresh interpreter that imported nothing of the parent's."""
    for number, executor in enumerate(build_executors(build_stages(settings), settings.logs)):
        executor.depends = None
        pickled = tmp_path / f"stage-{number}.dill"
        pickled.write_bytes(dill.dumps(executor))
        for rank in range(executor.world_size):
            yield subprocess.run(
                [sys.executable, "-c", CHILD, str(pickled), str(rank)],
                capture_output=True, text=True, timeout=300, cwd=tmp_path,
                env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            )


@pytest.mark.slow
def test_the_stages_pickle_and_run_in_fresh_processes(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "demo.warc.gz", demo_pages())
    for proc in _fresh_runs(tmp_path, _job(tmp_path, warc, "fresh")):
        assert proc.returncode == 0, proc.stderr[-3000:]
    expected = sorted(_reference(tmp_path, warc).read_bytes().splitlines())
    assert _lines(tmp_path / "fresh") == expected


def test_process_refuses_bad_arguments_before_any_work(tmp_path: Path, capsys) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", demo_pages()[:2])
    (tmp_path / "file").write_text("x")
    cases = [
        ([str(tmp_path / "missing.warc.gz"), "-o", str(tmp_path / "o1")], "no such file"),
        ([str(warc), "-o", str(tmp_path / "file")], "is a file"),
        ([str(warc), "-o", str(tmp_path / "o2"), "--tasks", "0"], "--tasks"),
        ([str(warc), "-o", str(tmp_path / "o3"), "-E", "nonsense"], "KEY=VALUE"),
        ([str(warc), "-o", str(tmp_path / "o4"), "-E", "no_such_option=1"], "no_such_option"),
        ([str(tmp_path), "-o", str(tmp_path / "o5")], "inside the input folder"),
        ([str(warc), "-o", str(tmp_path / "o6"), "--executor", "slurm"], "'time' and 'partition'"),
    ]
    for args, words in cases:
        capsys.readouterr()
        assert main(["process", *args]) == 2, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("cleancrawl process: ") and words in err[0], err
    assert not (tmp_path / "o1").exists() and not (tmp_path / "o3").exists()


def test_stages_chain_and_pass_slurm_options_through(tmp_path: Path) -> None:
    """Four stages by default, the clusters in one task; fewer when parts are off; Slurm's
    executors built (not submitted) with the options given, each depending on the one before."""
    settings = _job(tmp_path, tmp_path / "a.warc.gz", "out")
    stages = build_stages(settings)
    assert [(s.name, s.tasks) for s in stages] == [("clean", 2), ("strip", 2), ("clusters", 1), ("write", 2)]
    settings.site_repetition = False
    assert [s.name for s in build_stages(settings)] == ["clean", "clusters", "write"]
    settings.near_dup = False
    (only,) = build_stages(settings)
    assert isinstance(only.steps[-1], CleancrawlJsonlWriter)

    settings = _job(tmp_path, tmp_path / "a.warc.gz", "slurm")
    executors = build_executors(build_stages(settings), settings.logs, "slurm", {"partition": "cpu", "time": "1:00:00"})
    assert [e.world_size for e in executors] == [2, 2, 1, 2]
    assert executors[0].depends is None
    assert all(later.depends is earlier for earlier, later in itertools.pairwise(executors))
    assert {e.partition for e in executors} == {"cpu"}


@pytest.mark.slow
def test_a_second_run_into_the_folder_carries_on_its_own_job_and_refuses_another(tmp_path: Path, capsys) -> None:
    """Again with the same inputs: datatrove's completion marks skip every task, records unchanged.
    With other inputs, the completion marks would be taken for this job's and nothing written:
    refused (exit 2) before any work."""
    warc = write_warc(tmp_path / "a.warc.gz", demo_pages()[:10])
    other = write_warc(tmp_path / "b.warc.gz", demo_pages()[10:])
    out = tmp_path / "out"
    assert main(["process", str(warc), "-o", str(out), "--tasks", "2", "-q"]) == 0
    first = _lines(out)
    assert first
    assert main(["process", str(warc), "-o", str(out), "--tasks", "2", "-q"]) == 0
    assert _lines(out) == first
    capsys.readouterr()
    assert main(["process", str(other), "-o", str(out), "--tasks", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "holds another job (different paths)" in err[0], err
    assert _lines(out) == first


def test_the_extractor_cleans_the_pages_bytes_so_a_wrong_charset_is_read_right() -> None:
    """A Latin-1 page served as UTF-8 (common in old archives): the step hands cleancrawl the
    bytes and the header, and cleancrawl's decoding finds the real charset (run here without the
    sandbox: ``extract`` is what the sandbox process calls)."""
    from crawler.datatrove_steps import CleancrawlExtractor

    paragraphs = [f"Le café {i} du marché a rouvert après des années de travaux pour la ville." for i in range(12)]
    page = article("Café", paragraphs).decode().encode("latin-1")
    outcome = CleancrawlExtractor().extract(page, "https://x.example/a", "text/html; charset=utf-8", None, None, None)
    assert outcome["record"]["text"].startswith("Le café 0 du marché")
    assert outcome["record"]["url"] == "https://x.example/a"


# --- --hub: a Hub-ready folder with its dataset card (slow: processes) -------------------------------------


@pytest.mark.slow
def test_process_hub_writes_a_folder_datasets_loads_with_its_card(tmp_path: Path, capsys, monkeypatch) -> None:
    """``--hub`` with 2 tasks: DIR/data/train-0000i-of-0000N.parquet and DIR/README.md; the folder
    loads typed with ``datasets.load_dataset`` and gives clean+dedup's records; the card names the
    process command and the rule files' hashes. A second run of the same job finds every task done
    and leaves the folder and its card byte for byte; a README.md not ours is refused before work."""
    datasets = pytest.importorskip("datasets")
    import yaml

    from output.dataset_card import hub_shards, rule_file_hashes

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    warc = write_warc(tmp_path / "demo.warc.gz", demo_pages())
    reference = _reference(tmp_path, warc)
    assert main(["export", str(reference), "-o", str(tmp_path / "export")]) == 0
    out = tmp_path / "hub"
    capsys.readouterr()
    assert main(["process", str(warc), "-o", str(out), "--tasks", "2", "--hub", "-q"]) == 0, capsys.readouterr().err

    shards = hub_shards(out)
    assert [p.name for p in shards] == [f"train-{i:05d}-of-{len(shards):05d}.parquet" for i in range(len(shards))]
    assert len(shards) == 2
    assert not list(out.glob("*.parquet"))  # no loose per-task files beside the folder's layout
    loaded = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "hf-cache"))
    assert loaded.features["fetched_at"].dtype.startswith("timestamp")
    assert loaded.features["text"].dtype == "string"
    rows = sorted(loaded.to_list(), key=lambda row: (row["url"], row["fingerprint"]))
    assert rows == _rows(tmp_path / "export")

    card = (out / "README.md").read_text(encoding="utf-8")
    front = yaml.safe_load(card.split("---\n")[1])
    assert front["dataset_info"]["splits"][0]["num_examples"] == len(rows)
    assert front["cleancrawl"]["rule_files"] == rule_file_hashes()
    made = card.split("## How it was made")[1]
    assert "cleancrawl process demo.warc.gz" in made and "--hub" in made
    for rule in rule_file_hashes():
        assert rule["sha256"] in made

    before = {p: p.read_bytes() for p in [out / "README.md", *shards]}
    assert main(["process", str(warc), "-o", str(out), "--tasks", "2", "--hub", "-q"]) == 0
    assert {p: p.read_bytes() for p in [out / "README.md", *hub_shards(out)]} == before

    other = tmp_path / "theirs"
    other.mkdir()
    (other / "README.md").write_text("their own readme\n")
    capsys.readouterr()
    assert main(["process", str(warc), "-o", str(other), "--tasks", "2", "--hub"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "README.md" in err[0], err
    assert (other / "README.md").read_text() == "their own readme\n"
    assert not (other / ".cleancrawl").exists()


@pytest.mark.slow
def test_after_a_cluster_job_a_local_run_writes_the_card_and_runs_no_task(tmp_path: Path, capsys, monkeypatch) -> None:
    """``--executor slurm --hub`` only submits; the same command with ``--executor local`` then
    finishes the folder. Slurm is played by a submission that runs nothing (the job still queued:
    the local run is refused, exit 2, nothing written) or that runs every task in this process
    (the job done: the local run runs no task again, names the shards and writes the card)."""
    from datatrove.executor import LocalPipelineExecutor, SlurmPipelineExecutor

    from output.dataset_card import hub_shards

    warc = write_warc(tmp_path / "demo.warc.gz", demo_pages())
    slurm = ["--executor", "slurm", "-E", "partition=cpu", "-E", "time=1:00:00"]
    queued, done = tmp_path / "queued", tmp_path / "done"

    monkeypatch.setattr(SlurmPipelineExecutor, "run", lambda self: None)
    assert main(["process", str(warc), "-o", str(queued), "--tasks", "2", "--hub", *slurm]) == 0
    capsys.readouterr()
    assert main(["process", str(warc), "-o", str(queued), "--tasks", "2", "--hub"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "has not finished (7 of 7 task(s) still to do)" in err[0], err
    assert not hub_shards(queued) and not (queued / "README.md").exists()

    ran: list[int] = []

    def run_every_task(self) -> None:
        if self.depends is not None:
            self.depends.run()
        for rank in range(self.world_size):
            ran.append(rank)
            self._run_for_rank(rank)

    monkeypatch.setattr(SlurmPipelineExecutor, "run", run_every_task)
    # a Slurm task's environment, without Slurm's tools on this machine
    monkeypatch.setattr(SlurmPipelineExecutor, "get_distributed_env", LocalPipelineExecutor.get_distributed_env)
    assert main(["process", str(warc), "-o", str(done), "--tasks", "2", "--hub", *slurm]) == 0
    assert len(ran) == 7 and not hub_shards(done)
    err = capsys.readouterr().err
    assert "--executor local to name the shards and write the dataset card" in err
    monkeypatch.setattr(SlurmPipelineExecutor, "run", lambda self: pytest.fail("the cluster job runs again"))
    assert main(["process", str(warc), "-o", str(done), "--tasks", "2", "--hub", "-q"]) == 0
    assert len(hub_shards(done)) == 2 and (done / "README.md").is_file()
    assert "articles written" not in capsys.readouterr().err
    assert main(["process", str(warc), "-o", str(tmp_path / "local"), "--tasks", "2", "--hub", "-q"]) == 0
    assert _rows(done / "data") == _rows(tmp_path / "local" / "data") != []
