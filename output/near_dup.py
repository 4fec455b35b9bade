"""Near-duplicate detection: MinHash signatures of word shingles, LSH banding, first seen wins.

A syndicated wire story shows up on many sites with a rewritten headline, a dateline, a paragraph
added or cut and each site's own boilerplate: its fingerprint (output/record.py) differs on every
copy, but most of its word 5-grams do not. Each record's text becomes a set of shingles (runs of
``shingle_size`` words, words as ``cleaners/words.py`` counts them: one per Chinese or Japanese
character, so a Chinese article gets as many shingles as an English one; casefolded, punctuation
and symbols dropped, so curly and straight quotes or a changed comma do not count). Its MinHash
signature (``num_perm`` 32-bit values) estimates the Jaccard similarity of two shingle sets;
LSH banding (``bands`` x ``rows`` = ``num_perm``) finds the candidates without comparing every
pair, and a candidate is a near-duplicate only when the signatures agree on at least
``threshold`` of their values (estimated Jaccard >= 0.8 by default).

The first record seen of a cluster is its *original* (``near_duplicate_of`` null); every later
member points at that original's URL, through whichever member it matched (so clusters are
transitive, as in datatrove's and CCNet's MinHash deduplication). A URL seen before keeps its
verdict (a re-fetch of an original stays the original).

Library: rensa (``RMinHash``, Rust) rather than datasketch: computing the signatures with
datasketch (``MinHash.update_batch`` or its ``update`` loop) is many times slower than with rensa's
RMinHash (or its CMinHash) and would be the bottleneck of the whole step. With rensa the bottleneck
is making the shingles as strings, so ``signature`` never builds them: it hashes the words with
numpy (prefix sums over the canonical UTF-8 bytes) and hands rensa the shingles' 64-bit hashes
(``digest_matrix_from_flat_token_hashes``); ``benchmarks/neardup.py`` measures the step. rensa
has no dependencies (datasketch pulls numpy and scipy) and is deterministic across processes for a
seed, which the index needs: signatures are stored and compared across runs and machines (so rensa
is pinned to one minor version).
Neither library's LSH index is used: neither stores it in SQLite, and datasketch's Redis storage
has no atomic check-and-insert, which two workers need so that they never both take two members
of one cluster for originals. The banding here is the textbook one (bands chosen as datasketch
chooses them: the (b, r) with the least false-positive plus false-negative area around the
threshold, weighted towards candidates: each is checked on the whole signature), so an index is a
pair of small tables.

``NearDupConfig.scheme`` names the signature scheme (library, shingle hashing, rensa's algorithm,
permutations, shingle size, seed, bands): indexes keep records of different schemes apart, so a
changed setting never compares signatures that cannot be compared. rensa's algorithm is probed, not
read from its version number (``rensa_algorithm``): ``v1`` is the hashing of rensa 0.5, the one the
stored signatures were made with; a rensa that hashes otherwise names its probe's digest instead
(logged), so its signatures start a fresh index rather than silently matching nothing stored, and a
release that hashes the same keeps the stored ones comparable.
"""

from __future__ import annotations

import array
import hashlib
import logging
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from cleaners.words import has_unspaced_script, split_words
from output.dedup import url_keys
from output.sqlite_transactions import commit, rollback

DEFAULT_THRESHOLD = 0.8
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE_SIZE = 5
# Any fixed value: signatures made with different seeds cannot be compared.
SEED = 20261201

LOGGER = logging.getLogger(__name__)


def _rminhash() -> Any:
    """rensa's ``RMinHash``, imported on first use: a command that never signs a text (``clean``,
    ``--version``, ``-h``) does not load it."""
    cls = globals().get("RMinHash")
    if cls is None:
        from rensa import RMinHash as cls

        globals()["RMinHash"] = cls
    return cls


def __getattr__(name: str) -> Any:
    """``near_dup.RMinHash`` for the code and tests that name it (PEP 562), loaded on first use."""
    if name == "RMinHash":
        return _rminhash()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class NearDupConfig:
    """The knobs: ``threshold`` (estimated Jaccard similarity from which two texts are
    near-duplicates), ``num_perm`` (signature length: more is more exact and slower; 128 gives a
    standard error of 0.035 at 0.8), ``shingle_size`` (words per shingle: smaller matches looser
    rewrites but also different articles on one topic)."""

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = DEFAULT_NUM_PERM
    shingle_size: int = DEFAULT_SHINGLE_SIZE

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold {self.threshold}: expected a share in (0, 1]")
        if self.num_perm < 8 or self.num_perm > 1024:
            raise ValueError(f"near-duplicate num_perm {self.num_perm}: expected 8 to 1024")
        if self.shingle_size < 1 or self.shingle_size > 20:
            raise ValueError(f"near-duplicate shingle size {self.shingle_size}: expected 1 to 20 words")

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) for the threshold."""
        return optimal_bands(self.threshold, self.num_perm)

    @property
    def scheme(self) -> str:
        bands, rows = self.bands
        return f"rensa-rminhash-flat64-{rensa_algorithm()}:{self.num_perm}:{self.shingle_size}:{SEED}:{bands}x{rows}"


# rensa's hashing, probed: the signatures of fixed token hashes at the smallest, default and largest
# num_perm (rensa draws each count's permutations apart), as one digest. RENSA_V1_PROBE is that
# digest under rensa 0.5.0, the hashing every stored "v1" signature was made with.
_PROBE_TOKENS = np.arange(1, 65, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_PROBE_NUM_PERMS = (8, DEFAULT_NUM_PERM, 1024)
RENSA_V1_PROBE = "e059b4e2c3c542f963fb5bf8335b45d0"


def rensa_probe_digest() -> str:
    """The digest of rensa's signatures of the probe tokens (what ``RENSA_V1_PROBE`` pins)."""
    digest = hashlib.blake2b(digest_size=16)
    for num_perm in _PROBE_NUM_PERMS:
        rows = _rminhash().digest_matrix_from_flat_token_hashes(_PROBE_TOKENS, [0, len(_PROBE_TOKENS)], num_perm, SEED)
        digest.update(array.array("I", rows.to_rows()[0]).tobytes())
    return digest.hexdigest()


@cache
def rensa_algorithm() -> str:
    """The scheme's name for the installed rensa's hashing: ``v1`` for the pinned one, else its
    probe digest (warned once: signatures stored under ``v1`` are not compared with new ones)."""
    digest = rensa_probe_digest()
    if digest == RENSA_V1_PROBE:
        return "v1"
    import rensa

    version = getattr(rensa, "__version__", None) or _installed_version("rensa")
    LOGGER.warning(
        "rensa %s hashes otherwise than rensa 0.5 (probe %s, pinned %s): near-duplicate signatures "
        "stored under scheme v1 are not compared with new ones (a fresh index); re-check output/near_dup.py",
        version, digest, RENSA_V1_PROBE,
    )
    return "r" + digest[:16]


def _installed_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(unknown version)"


# Band candidates are checked against the whole signature, so a false positive of the banding costs
# one comparison and a false negative a missed copy: the banding leans to candidates.
FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT = 0.05, 0.95


@cache
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (b, r), b * r <= num_perm, minimising the weighted probability mass of false positives
    below ``threshold`` and false negatives above it (datasketch's rule). For 0.8 and 128: 16 bands
    of 8, which make a pair of similarity 0.8 a candidate with probability 0.95 (0.99 at 0.85)."""

    def area(low: float, high: float, fn: Any, steps: int = 200) -> float:
        width = (high - low) / steps
        return sum(fn(low + (i + 0.5) * width) for i in range(steps)) * width

    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = area(0.0, threshold, lambda s, b=bands, r=rows: 1 - (1 - s**r) ** b)
            fn = area(threshold, 1.0, lambda s, b=bands, r=rows: (1 - s**r) ** b)
            error = FALSE_POSITIVE_WEIGHT * fp + FALSE_NEGATIVE_WEIGHT * fn
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


# Punctuation and symbols become spaces; so does whitespace of every kind. The ASCII ones in one
# bytes.translate pass; the common non-ASCII ones (quotes, dashes, CJK and full-width marks, no-break
# spaces), named here, in one pass of a bytes pattern. (A regex \p{P}\p{S} class over the text cost
# twice the whole MinHash step.) A rare symbol left in a word only costs that word.
_ASCII_NOT_WORD = bytes(
    32 if (chr(i) in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" or i < 33 or i == 127) else i for i in range(256)
)
_UNICODE_NOT_WORD = re.compile(
    b"|".join(
        re.escape(ch.encode("utf-8"))
        for ch in "\u00a0\u00ab\u00bb\u00a9\u00ae\u00b7\u00bf\u00a1\u2010\u2011\u2012\u2013\u2014\u2015"
        "\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2032\u2033\u2039\u203a\u2122\u2009\u200a"
        "\u200b\u202f\u2028\u2029\u3000\u3001\u3002\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011"
        "\u30fb\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\ufeff"
    )
)


def canonical_words(text: str) -> bytes:
    """The text's words (cleaners/words.py's, casefolded, punctuation and symbols dropped) as UTF-8,
    separated by runs of spaces: what the shingles are hashed from."""
    folded = text.casefold()
    if has_unspaced_script(folded):
        folded = " ".join(split_words(folded))
    data = folded.encode("utf-8", "replace").translate(_ASCII_NOT_WORD)
    return data if data.isascii() else _UNICODE_NOT_WORD.sub(b" ", data)


def words(text: str) -> list[str]:
    """The words the shingles are made of, in order."""
    return canonical_words(text).decode("utf-8").split()


def shingles(text: str, size: int = DEFAULT_SHINGLE_SIZE) -> list[str]:
    """The text's word shingles as strings (for tests and comparisons; ``signature`` hashes them
    without building the strings). A text shorter than ``size`` words is one shingle."""
    found = words(text)
    if len(found) <= size:
        return [" ".join(found)] if found else []
    return list(map(" ".join, zip(*(found[i:] for i in range(size)), strict=False)))


_MASK = (1 << 64) - 1
_BASE = 0x100000001B3  # FNV's 64-bit prime: odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
# Odd multipliers, one per position in a shingle (up to 20 words).
_POSITION = np.array([(0x9E3779B97F4A7C15 * (2 * i + 1)) & _MASK | 1 for i in range(20)], dtype=np.uint64)
_powers = np.ones(1, dtype=np.uint64)
_inverse_powers = np.ones(1, dtype=np.uint64)


def _power_tables(length: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE**-i modulo 2**64 for i < length (grown on demand, kept)."""
    global _powers, _inverse_powers
    if len(_powers) < length:
        size = max(length, 2 * len(_powers), 4096)
        _powers = np.ones(size, dtype=np.uint64)
        _powers[1:] = np.cumprod(np.full(size - 1, _BASE, dtype=np.uint64), dtype=np.uint64)
        _inverse_powers = np.ones(size, dtype=np.uint64)
        _inverse_powers[1:] = np.cumprod(np.full(size - 1, _BASE_INVERSE, dtype=np.uint64), dtype=np.uint64)
    return _powers[:length], _inverse_powers[:length]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(text: str, size: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    """64-bit hashes of the text's shingles, computed on its canonical words with numpy: each word's
    polynomial hash from prefix sums, then the ``size`` words of each shingle combined by position.
    Building each shingle as a string costs more than the whole MinHash."""
    data = np.frombuffer(canonical_words(text), dtype=np.uint8)
    if not len(data):
        return np.zeros(0, dtype=np.uint64)
    word = data != 32
    edges = np.flatnonzero(np.diff(np.concatenate(([False], word, [False])).astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    powers, inverse = _power_tables(len(data) + 1)
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.cumsum((data.astype(np.uint64) + np.uint64(1)) * powers[: len(data)], dtype=np.uint64, out=prefix[1:])
    hashes = _mix((prefix[ends] - prefix[starts]) * inverse[starts] + (ends - starts).astype(np.uint64))
    count = max(1, len(hashes) - size + 1)
    combined = np.zeros(count, dtype=np.uint64)
    for position in range(min(size, len(hashes))):
        combined += hashes[position : position + count] * _POSITION[position]
    return _mix(combined)


def signature(text: str, config: NearDupConfig) -> bytes:
    """The MinHash signature of ``text``: ``num_perm`` little-endian uint32 values (rensa, from
    the shingles' 64-bit hashes); empty for a text without words, which is nobody's copy."""
    hashes = shingle_hashes(text, config.shingle_size)
    if not len(hashes):
        return b""
    rows = _rminhash().digest_matrix_from_flat_token_hashes(hashes, [0, len(hashes)], config.num_perm, SEED).to_rows()
    values = array.array("I", rows[0])
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    x, y = array.array("I", a), array.array("I", b)
    if len(x) != len(y) or not x:
        return 0.0
    return sum(1 for i, j in zip(x, y, strict=True) if i == j) / len(x)


def band_keys(sig: bytes, config: NearDupConfig) -> list[bytes]:
    """One key per band: a hash of its rows (equal keys: equal on the whole band)."""
    bands, rows = config.bands
    width = rows * 4
    return [
        bytes([band]) + hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8).digest()
        for band in range(bands)
    ]


class SignedRecord(dict):
    """A record (a plain dict to every other component) carrying its MinHash signature from the
    cleaning worker as an attribute: pickled with it, never exported."""

    near_dup_signature: bytes | None = None


def sign(record: dict[str, Any], config: NearDupConfig) -> SignedRecord:
    """``record`` with its signature attached (run in the cleaning worker)."""
    signed = SignedRecord(record)
    signed.near_dup_signature = signature(record.get("text") or "", config)
    return signed


class NearDupIndex(Protocol):
    """Where the signatures seen so far live (SQLite here; Redis in crawler/components/near_dup.py)."""

    def check_and_insert(self, url: str, sig: bytes) -> str | None:
        """In one atomic step: the URL of the original of ``sig``'s cluster (None when ``sig``
        is the first of its cluster), after which ``url`` is a member of it."""
        ...

    def settled(self, url: str, *, written: bool = True) -> None:
        """The record of ``url`` is written (or, ``written`` false, done with unwritten): an index
        that holds a worker's entries as claims until then (Redis) lets them stay or go."""
        ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS near_dup_members (
    scheme TEXT NOT NULL,
    url TEXT NOT NULL,
    original TEXT,
    signature BLOB NOT NULL,
    PRIMARY KEY (scheme, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_dup_bands (
    scheme TEXT NOT NULL,
    key BLOB NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (scheme, key)
) WITHOUT ROWID;
"""


class SQLiteNearDupIndex:
    """The index in a SQLite file (the default, beside the crawl state) or in memory (``":memory:"``).
    Each band bucket keeps the first member that fell in it; ``check_and_insert`` is one
    ``BEGIN IMMEDIATE`` transaction, so the crawl processes of one machine sharing the file (WAL)
    never both take two members of a cluster for originals. ``durable=False`` commits every
    ``batch`` records instead (the dedup command, whose index is a temporary file)."""

    def __init__(
        self, path: str | Path, config: NearDupConfig, *, durable: bool = True, batch: int = 2000, timeout: float = 30.0
    ) -> None:
        self.config = config
        self.durable = durable
        self.batch = batch
        self._since_commit = 0
        self.db = open_index_file(path, _SCHEMA, timeout)

    def _begin(self) -> None:
        if not self.db.in_transaction:  # SQLite may have rolled back by itself (a full disk)
            self.db.execute("BEGIN IMMEDIATE")

    def _commit(self, *, force: bool = False) -> None:
        self._since_commit += 1
        if force or self.durable or self._since_commit >= self.batch:
            self._since_commit = 0
            commit(self.db)

    def check_and_insert(self, url: str, sig: bytes) -> str | None:
        if not sig:
            return None  # no words: nobody's copy, and no one's original
        scheme = self.config.scheme
        self._begin()
        try:
            original = self._insert(scheme, url, sig)
        except BaseException:
            rollback(self.db)
            raise
        self._commit()
        return original

    def _insert(self, scheme: str, url: str, sig: bytes) -> str | None:
        """The member's original (None: it is one), inserted unless the index knows it already."""
        known = self.db.execute(
            "SELECT original FROM near_dup_members WHERE scheme = ? AND url = ?", (scheme, url)
        ).fetchone()
        if known is not None:
            return known[0]
        keys = band_keys(sig, self.config)
        original = self._match(scheme, keys, sig)
        self.db.execute(
            "INSERT INTO near_dup_members (scheme, url, original, signature) VALUES (?, ?, ?, ?)",
            (scheme, url, original, sig),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO near_dup_bands (scheme, key, url) VALUES (?, ?, ?)",
            [(scheme, key, url) for key in keys],
        )
        return original

    def _match(self, scheme: str, keys: list[bytes], sig: bytes) -> str | None:
        """The original of the most similar candidate at or over the threshold, if any."""
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT DISTINCT m.url, m.original, m.signature FROM near_dup_bands b "
            "JOIN near_dup_members m ON m.scheme = b.scheme AND m.url = b.url "
            f"WHERE b.scheme = ? AND b.key IN ({marks})",
            (scheme, *keys),
        ).fetchall()
        best, best_score = None, self.config.threshold
        for candidate, original, other in rows:
            score = similarity(sig, other)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = original or candidate, score
        return best

    def settled(self, url: str, *, written: bool = True) -> None:
        """Nothing to do: this index holds no claims (its entries are committed with
        ``check_and_insert``, and no other worker reclaims a dead one's)."""

    def close(self) -> None:
        try:
            self._commit(force=True)
        finally:
            self.db.close()


def sibling_index_path(state_path: str | Path) -> Path:
    """The index file beside a SQLite crawl state: ``state.sqlite3`` -> ``state.near-dup.sqlite3``."""
    path = Path(state_path)
    return path.with_name(f"{path.stem}.near-dup{path.suffix or '.sqlite3'}")


def open_index_file(path: str | Path, schema: str, timeout: float) -> sqlite3.Connection:
    """An SQLite index beside the crawl state (``:memory:`` for none): its folder made, WAL so
    that readers never wait for a writer, autocommit (callers open their own transactions), and
    its schema created if new."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db


@dataclass
class DedupReport:
    """What ``mark_duplicates`` did: records read, exact and near duplicates found."""

    records: int = 0
    exact: int = 0
    near: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)


class ExactDuplicates:
    """output/dedup.py's rule (same canonical URL or URL, or the same words) with the URL of the
    first record each key was seen with, so a duplicate can point at it."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}
        self._fingerprints: dict[str, str] = {}

    def check(self, record: dict[str, Any]) -> tuple[str, str] | None:
        """(reason, URL of the first record) for a duplicate, else None (and remembered)."""
        keys = url_keys(record)
        for key in sorted(keys):
            if key in self._urls:
                return "duplicate-url", self._urls[key]
        fingerprint = record.get("fingerprint")
        if fingerprint and fingerprint in self._fingerprints:
            return "duplicate-content", self._fingerprints[fingerprint]
        url = str(record.get("url") or record.get("canonical_url") or record.get("file") or "")
        for key in keys:
            self._urls[key] = url
        if fingerprint:
            self._fingerprints[fingerprint] = url
        return None


def record_key(record: dict[str, Any], position: int) -> str:
    """What a record is known by in the index: its URL, else its canonical URL or file, else its
    position in the input (records of saved files may have no URL)."""
    return str(record.get("url") or record.get("canonical_url") or record.get("file") or f"#{position}")


def mark_duplicates(
    records: Iterable[dict[str, Any]], index: NearDupIndex, config: NearDupConfig, *, drop: bool, report: DedupReport
) -> Iterator[dict[str, Any]]:
    """The records with ``near_duplicate_of`` set (exact duplicates point at the first copy too),
    or without the duplicates when ``drop``; the first seen of each cluster is kept as is."""
    exact = ExactDuplicates()
    for position, record in enumerate(records):
        report.records += 1
        key = record_key(record, position)
        duplicate = exact.check(record)
        original: str | None
        if duplicate is not None:
            reason, original = duplicate
            report.exact += 1
        else:
            text = record.get("text")
            original = index.check_and_insert(key, signature(text, config)) if isinstance(text, str) else None
            reason = "near-duplicate"
            if original is not None:
                report.near += 1
        if original is not None:
            report.by_reason[reason] = report.by_reason.get(reason, 0) + 1
            if drop:
                continue
        yield with_near_duplicate_of(record, original)


def with_near_duplicate_of(record: dict[str, Any], original: str | None) -> dict[str, Any]:
    """The record carrying the field, in its documented place (after ``fingerprint``), as schema
    version 3 at least (the version that added it)."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name == "near_duplicate_of":
            continue
        out[name] = value
        if name == "fingerprint":
            out["near_duplicate_of"] = original
    out.setdefault("near_duplicate_of", original)
    if isinstance(out.get("schema_version"), int) and out["schema_version"] < 3:
        out["schema_version"] = 3
    return out
