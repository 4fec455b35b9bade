"""Near-duplicates in a crawl: each record gets ``near_duplicate_of``, and per setting is kept (marked)
or dropped. The detection itself (shingles, MinHash, banding) is output/near_dup.py's.

- The signature is computed in the cleaning workers, next to the fingerprint (crawler/workers/cleaning.py),
  and travels with the record as an attribute of it (output.near_dup.SignedRecord), never as a field: a
  pipeline that copies the record loses it and this one computes it again, nothing else changes.
- The index lives beside the incremental state (crawler/state/crawl_state.py), so it holds across runs:
  ``<state>.near-dup.sqlite3`` next to a SQLite state (``data/state.near-dup.sqlite3`` by default),
  the same Redis for a Redis state (which ``--redis`` workers share), in memory (this run only)
  with ``CLEANCRAWL_STATE=off``. It is one index for every source: a wire story is syndicated
  across sites, which are usually different sources.
- ``check_and_insert`` is atomic in both stores (a ``BEGIN IMMEDIATE`` transaction; one Lua
  script), so two workers seeing two copies of a story at the same moment never both write
  theirs as the original: one of them is second.
- The pipeline runs after the exact dedup (DedupPipeline, 400): an exact copy is dropped there and
  never reaches the index. A dropped near-duplicate is marked done in the crawl state as a
  duplicate (``NearDuplicate`` is an ``Unchanged`` that is settled), as an exact copy is: the
  next run asks for it conditionally where the server allows, and drops it again if it comes.

Settings: ``CLEANCRAWL_NEAR_DUPLICATES`` (``mark``, the default; ``drop``; ``off``),
``CLEANCRAWL_NEAR_DUPLICATE_THRESHOLD`` (0.8), ``CLEANCRAWL_NEAR_DUPLICATE_NUM_PERM`` (128),
``CLEANCRAWL_NEAR_DUPLICATE_SHINGLE_SIZE`` (5). Stats (and summary lines, when not zero):
``cleancrawl/near_duplicates/marked`` and ``cleancrawl/dropped/near-duplicate``.

Known limit: an original whose record is then lost (the crawl killed before its line was written)
stays the original in the index; it is written when its page is fetched again, but a copy seen in
between points at it.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.components import store_failure
from crawler.components.drops import Unchanged
from crawler.state.crawl_state import sqlite_path, state_location
from output.near_dup import (
    NearDupConfig,
    NearDupIndex,
    SQLiteNearDupIndex,
    band_keys,
    sibling_index_path,
    signature,
    with_near_duplicate_of,
)

logger = logging.getLogger(__name__)

MODES = ("mark", "drop", "off")


def near_dup_mode(settings: Any) -> str:
    mode = (settings.get("CLEANCRAWL_NEAR_DUPLICATES") or "mark").strip().lower()
    if mode not in MODES:
        raise ValueError(f"CLEANCRAWL_NEAR_DUPLICATES={mode!r}: expected one of {', '.join(MODES)}")
    return mode


def near_dup_config(settings: Any) -> NearDupConfig | None:
    """The detection settings, or None when near-duplicates are off."""
    if near_dup_mode(settings) == "off":
        return None
    return NearDupConfig(
        threshold=settings.getfloat("CLEANCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8),
        num_perm=settings.getint("CLEANCRAWL_NEAR_DUPLICATE_NUM_PERM", 128),
        shingle_size=settings.getint("CLEANCRAWL_NEAR_DUPLICATE_SHINGLE_SIZE", 5),
    )


# KEYS: members (hash url -> original URL or ""), signatures (hash url -> bytes), the claims of this
# worker (a set; see RedisNearDupIndex), then one hash per band (band key -> first member URL). ARGV:
# url, signature, values needed to match, this entry's claim ('' for none), then the band keys.
# Returns the original's URL, or false for an original.
_CHECK_AND_INSERT = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then
  if known == '' then return false end
  return known
end
local sig, need = ARGV[2], tonumber(ARGV[3])
local n = #sig / 4
local best, best_score, seen = false, need - 1, {}
for i = 1, #KEYS - 3 do
  local candidate = redis.call('HGET', KEYS[i + 3], ARGV[i + 4])
  if candidate and not seen[candidate] then
    seen[candidate] = true
    local other = redis.call('HGET', KEYS[2], candidate)
    if other and #other == #sig then
      local same = 0
      for j = 0, n - 1 do
        if string.sub(sig, j * 4 + 1, j * 4 + 4) == string.sub(other, j * 4 + 1, j * 4 + 4) then same = same + 1 end
      end
      if same > best_score then
        local original = redis.call('HGET', KEYS[1], candidate)
        if original == '' or not original then original = candidate end
        best, best_score = original, same
      end
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], best or '')
redis.call('HSET', KEYS[2], ARGV[1], sig)
for i = 1, #KEYS - 3 do redis.call('HSETNX', KEYS[i + 3], ARGV[i + 4], ARGV[1]) end
if ARGV[4] ~= '' then redis.call('SADD', KEYS[3], ARGV[4]) end
return best
"""


class RedisNearDupIndex:
    """The index in Redis, shared by every worker: ``<prefix>:members``, ``<prefix>:signatures`` and
    ``<prefix>:band:<i>`` hashes, under a prefix naming the signature scheme. One Lua script does the
    check and the insert, so it is atomic for all workers.

    ``claims``: a set (a ``--redis`` worker's ``pending:<worker>``, crawler/distributed/worker.py)
    where each entry this process adds is listed, in the same script, until its record is written
    (:meth:`settled`); if the worker dies first, the worker that reclaims its requests removes those
    entries, so the page it fetches again is not judged against a record that was never written."""

    def __init__(
        self, url: str, config: NearDupConfig, *, prefix: str, client: Any = None, claims: str | None = None
    ) -> None:
        from crawler.state.crawl_state import redis_client

        self.config = config
        self.redis = client if client is not None else redis_client(url)
        scheme = hashlib.blake2b(config.scheme.encode(), digest_size=6).hexdigest()
        self.prefix = f"{prefix}:{scheme}"
        bands, _ = config.bands
        self.claims = claims
        self._keys = [f"{self.prefix}:members", f"{self.prefix}:signatures", claims or f"{self.prefix}:claims"] + [
            f"{self.prefix}:band:{i}" for i in range(bands)
        ]
        self._script = self.redis.register_script(_CHECK_AND_INSERT)
        # Values that must agree: the threshold as a count of the num_perm values.
        self._need = int(-(-config.threshold * config.num_perm // 1))
        self._claimed: dict[str, bytes] = {}  # url -> its claim, until its record is written

    def check_and_insert(self, url: str, sig: bytes) -> str | None:
        if not sig:
            return None  # no words: nobody's copy, and no one's original
        bands = band_keys(sig, self.config)
        claim = near_dup_claim(self.prefix, url, bands) if self.claims else b""
        original = self._script(keys=self._keys, args=[url, sig, self._need, claim, *bands])
        if claim:
            self._claimed[url] = claim
        if original is None:
            return None
        return original.decode("utf-8") if isinstance(original, bytes) else str(original)

    def settled(self, url: str, *, written: bool = True) -> None:
        """The record of ``url`` is written (or settled otherwise): its entries stay if this worker
        dies. With ``written`` false, only forgotten here (what it claimed is released if it dies)."""
        claim = self._claimed.pop(url, None)
        if claim is not None and written and self.claims:
            self.redis.srem(self.claims, claim)

    def close(self) -> None:
        self.redis.close()


def near_dup_claim(prefix: str, url: str, bands: list[bytes]) -> bytes:
    """``nd:<index prefix> NUL <band keys, hex, comma-separated> NUL <url>``: the entries of ``url`` in the index,
    as listed in a worker's claims (removed by crawler/distributed/worker.py's reclaim when the
    worker died before its record was written)."""
    return b"\0".join([b"nd:" + prefix.encode(), ",".join(band.hex() for band in bands).encode(), url.encode()])


def open_index(settings: Any, config: NearDupConfig) -> NearDupIndex:
    """The index beside the crawl state CLEANCRAWL_STATE names (see the module docstring)."""
    location = state_location(settings)
    if location is None:
        return SQLiteNearDupIndex(":memory:", config)
    scheme = urlsplit(location).scheme
    if scheme in ("redis", "rediss", "unix"):
        prefix = (settings.get("CLEANCRAWL_STATE_REDIS_PREFIX") or "cleancrawl:state") + ":near-dup"
        from crawler.state.crawl_state import redis_client

        claims = settings.get("CLEANCRAWL_REDIS_CLAIMS_KEY") or None
        return RedisNearDupIndex(
            location, config, prefix=prefix, client=redis_client(location, settings), claims=claims
        )
    path = sqlite_path(location) if scheme == "sqlite" else location
    return SQLiteNearDupIndex(sibling_index_path(path), config)


class NearDuplicate(Unchanged):
    """A record dropped as a near-duplicate of an article already written (``written_url``)."""


class NearDuplicatePipeline:
    """Sets ``near_duplicate_of`` on every record: the URL of the first article seen of its cluster,
    None for that first one; drops the others instead with CLEANCRAWL_NEAR_DUPLICATES=drop."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.mode = near_dup_mode(settings)
        config = near_dup_config(settings)
        if config is None:
            raise NotConfigured  # CLEANCRAWL_NEAR_DUPLICATES=off: records keep near_duplicate_of null
        self.config = config
        self.crawler = crawler
        self.stats = crawler.stats
        self.index = open_index(settings, config)
        if getattr(self.index, "claims", None):  # a --redis worker: its entries are claimed until written
            crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
            crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.index.close()

    @staticmethod
    def _url(item: Any) -> str:
        return str(item.get("url") or item.get("canonical_url"))

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, dict):
            self._settle(self._url(item))

    def item_dropped(self, item: Any) -> None:
        if isinstance(item, dict):  # not written: its entries are released if this worker dies
            self.index.settled(self._url(item), written=False)

    def _settle(self, url: str) -> None:
        try:
            self.index.settled(url)
        except store_failure.store_errors() as exc:  # left claimed: released only if this worker dies
            logger.warning("near-duplicate index: %s", exc)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "fingerprint" not in item:
            return item
        sig = getattr(item, "near_dup_signature", None) or signature(item["text"], self.config)
        url = self._url(item)
        # After DedupPipeline: a record not written here was counted written (crawler/components/store_failure.py).
        if store_failure.failed(self.crawler):
            raise store_failure.not_written(self.crawler, item, counted=True)
        try:
            original = self.index.check_and_insert(url, sig)
        except store_failure.store_errors() as exc:
            store_failure.stop_crawl(self.crawler, store_failure.describe(self.index, "near-duplicate index"), exc)
            raise store_failure.not_written(self.crawler, item, counted=True) from None
        if original is None or original == url:
            item["near_duplicate_of"] = None
            return item
        if self.mode == "drop":
            self.stats.inc_value("cleancrawl/dropped/near-duplicate")
            logger.info("dropped as a near-duplicate of %s: %s", original, url)
            self._settle(url)  # done with (marked a duplicate in the crawl state): its entry stays
            raise NearDuplicate(
                f"near-duplicate of {original}: {url}",
                fingerprint=item["fingerprint"],
                settled=True,
                written_url=original,
            )
        self.stats.inc_value("cleancrawl/near_duplicates/marked")
        logger.debug("near-duplicate of %s: %s", original, url)
        if "near_duplicate_of" in item:
            item["near_duplicate_of"] = original
            return item
        return with_near_duplicate_of(item, original)
