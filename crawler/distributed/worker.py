"""One worker of a crawl shared through Redis: N processes on N machines split one crawl.

Everything that knows about scrapy-redis (pinned at 0.9.1, its last release) lives in this module,
so a fix or a swap of it touches one file. Switched on by ``CLEANCRAWL_REDIS_URL`` (``cleancrawl
crawl --redis URL``); the articles spider then calls :func:`configure` from ``update_settings``.

What the workers share, under the key prefix ``CLEANCRAWL_REDIS_KEY`` (default ``cleancrawl``):

- ``<key>:requests``: the frontier, scrapy-redis's priority queue, of requests as JSON (not its
  default pickle, which would let whoever can write to the Redis run code on the workers);
- ``<key>:dupefilter``: scrapy-redis's request fingerprints, so a URL is fetched once by one worker;
- ``<key>:article-urls`` / ``<key>:article-fingerprints``: the content dedup of output/dedup.py in
  Redis, so an article found at two URLs by two workers is written once;
- ``<key>:sources``: the source definitions of the run (name -> sources TOML), so every worker
  knows every source; ``<key>:start``: start URLs fed to running workers (``cleancrawl feed``);
- ``<key>:pages``: pages taken per source, so ``max_pages`` holds for the whole crawl, and
  ``<key>:held``: the page requests held back over it; a page that answers 304 gives its place
  back, to a held-back one if there is any (``max_pages`` counts pages fetched in full);
- ``<key>:delays``: when each site may next be sent a request, so its Crawl-delay holds too;
- ``<key>:workers`` / ``<key>:active``: live workers and when each last had work (Redis's clock);
- ``<key>:taken:<worker>``: the requests a worker took from the frontier and has not settled (its
  page written, unchanged, rejected or failed); a worker not heard from for
  CLEANCRAWL_REDIS_RECLAIM_SECONDS is dead and a live one moves them back to the frontier;
- ``<key>:unstored:<worker>``: requests a worker is done with whose records wait for their gzip
  member, Parquet file or batch to be written: reclaimed like taken ones, not work in flight;
- ``<key>:gone``: workers of the run taken for dead (reclaimed); one that was only stalled finds
  itself there before it writes anything more;
- ``<key>:feeding:<worker>``: fed start URLs a worker took from ``<key>:start`` and is queueing;
- ``<key>:pending:<worker>``: what a worker claimed for records it has not written yet: article URL
  keys and fingerprints (``fp:``) in the article dedup, its pending entries in the crawl state
  (``st:``) and its entries in the near-duplicate index (``nd:``); all released in the reclaim
  when it is found dead, so its pages are written by another;
- ``<key>:epoch``: a token set when a run starts; gone or changed mid-run means Redis lost the run
  (restarted without persistence), and every worker stops (exit 1) instead of crawling it again;
- ``<key>:state:*``: the incremental state (crawler/state/crawl_state.py), unless CLEANCRAWL_STATE names another,
  and beside it ``<key>:state:near-dup:*``, the near-duplicate index (crawler/components/near_dup.py), and
  ``<key>:state:site-rep:*``, the per-host counts of site repetition (crawler/components/site_repetition.py); all
  outlive runs (``feed --reset`` forgets a run, not what earlier runs wrote).

A *run* starts when a worker joins while no other is alive and the frontier is empty (the request
dedup and content dedup of the previous run are dropped then), and ends when the last worker
leaves with an empty frontier (the sources fed to it are dropped then too). A worker joining a run
that died or was stopped with requests left resumes it, and says so (``cleancrawl feed --reset``
forgets it). A worker refuses a Redis that saves nothing (no AOF, no RDB) unless
CLEANCRAWL_REDIS_VOLATILE_OK; calls that lose the connection are retried with backoff for
CLEANCRAWL_REDIS_RETRY_SECONDS, then the worker stops (exit 1).

Each worker writes its own files (``data/<source>/<UTC timestamp>-<worker id>.jsonl``); the union
is the dataset. A worker stops once the whole crawl has been quiet (empty frontier, no worker
fetching or cleaning) for ``CLEANCRAWL_REDIS_IDLE_TIMEOUT`` seconds.

scrapy-redis traps on Scrapy 2.19 that this module works around:

- ``RedisSpider.start_requests()`` is never called on Scrapy 2.16+: we do not use RedisSpider; the
  articles spider keeps its async ``start()`` and fed URLs are polled here;
- its scheduler crashes at start on Scrapy 2.14+ unless ``DUPEFILTER_CLASS`` names its own filter:
  :func:`configure` sets it;
- ``RedisStatsCollector`` raises at close on 2.12+: not used, every worker keeps its own stats;
- its scheduler passes the deprecated ``spider`` argument to the stats collector (a
  ScrapyDeprecationWarning now, a TypeError once Scrapy drops it): :class:`SharedScheduler` does not;
- with ``SCHEDULER_PERSIST`` off, the first worker to finish deletes everyone's frontier: it is on.

A worker silent for the reclaim time is taken for dead (listed in ``<key>:gone``); if it was only
stalled, a Lua step right before each write (:class:`WriteFencePipeline`), the dedup and its
heartbeat tell it so: holding a record it stops without writing it (the worker that reclaimed it
writes it), holding nothing it rejoins, and holding records in a gzip member or Parquet file not
yet written it exits at once (as dead). With gzip or Parquet output a request stays the worker's
(``<key>:unstored:<worker>``) until its record is in its file for good (signalled by
crawler/state/incremental.py), so a worker killed before that has its pages written by another.
A worker killed between its line being flushed and the
dedup being told has that line found in its file by the reclaiming worker when both run on one
machine (:meth:`Membership.found_written`).

Known limits: a worker on another machine killed between its line being flushed and the dedup being
told (one Redis round trip) may have that page written twice; so may a worker stalled for the whole
reclaim time between the fence and its write (or, with gzip or Parquet output, between the fence
and the write of the member or file); a Redis restored from an old RDB snapshot keeps the run's epoch and
is not detected; concurrency
limits (CONCURRENT_REQUESTS_PER_DOMAIN, AutoThrottle) hold per worker, so N workers may send a
site N times as many requests at once (delays between requests hold for the whole crawl); with
the default layout a worker writes only the sources known when it started (it passes the URLs of
later ones on to other workers; with ``-o`` it takes every source).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import logging
import math
import os
import re
import socket
import stat
import time
import tomllib
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import orjson
import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DropItem, NotConfigured, ScrapyDeprecationWarning
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import request_from_dict
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.components.pipelines import DedupPipeline
from crawler.state.crawl_state import DEDUP_FINGERPRINT_CLAIM, claim_run, redis_run, run_output
from crawler.state.incremental import record_stored, record_waiting
from crawler.state.sources import Source, SourceError, source_to_toml, sources_from_toml
from output.dedup import url_keys

try:
    from scrapy.utils.asyncio import create_looping_call
except ImportError:  # an older Scrapy: Twisted's own
    from twisted.internet.task import LoopingCall as create_looping_call

logger = logging.getLogger(__name__)

# scrapy-redis 0.9.1 predates Scrapy 2.13+ and may call APIs Scrapy has since deprecated. Our own
# code must not (the test suite makes ScrapyDeprecationWarning an error), but a warning raised
# inside scrapy_redis is not ours to fix: it is shown once per place, never turned into an error.
# Only warnings attributed to scrapy_redis modules are matched. SharedScheduler already avoids the
# ones 0.9.1 emits on every request.
warnings.filterwarnings("default", category=ScrapyDeprecationWarning, module=r"scrapy_redis(\.|$)")

DEFAULT_KEY = "cleancrawl"
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$")
# How often a worker polls Redis for fed URLs and shared work, and tells it it is alive.
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0
# A worker that has not said it is alive for this long is taken for dead and its taken requests go
# back to the queue (CLEANCRAWL_REDIS_RECLAIM_SECONDS); it says so at least 4 times in that time.
RECLAIM_SECONDS = 60.0
WORKER_TTL_SECONDS = RECLAIM_SECONDS  # (``cleancrawl feed --reset``: no live worker for this long)
# A live worker looks for dead ones this often, and for requests it holds in Redis but not in memory
# (a reply lost when Redis went away) every ORPHANS_SECONDS.
RECLAIM_CHECK_SECONDS = 1.0
ORPHANS_SECONDS = 5.0
# Redis unreachable: calls are retried with backoff for about this long (CLEANCRAWL_REDIS_RETRY_SECONDS).
RETRY_SECONDS = 30.0
# Fed start URLs taken from Redis at once.
START_BATCH = 100
# A worker looks for sources fed after it started at most this often.
SOURCES_REFRESH_SECONDS = 5.0
# A request of a source no worker can write is passed back to the queue this often, then dropped.
MAX_PASSES = 100
# How much of the end of a dead worker's output file is read for the records it wrote and had not
# settled (Membership.found_written): the last lines it wrote (a record unsettled is one of the last
# few, and the read is on the reactor, once per file of a dead worker).
FOUND_WRITTEN_TAIL = 4 * 1024 * 1024
# Bounds on what is read from the Redis (anyone who can write to it may have written it).
MAX_REQUEST_BYTES = 256 * 1024
MAX_SOURCE_BYTES = 256 * 1024
MAX_SOURCE_LIST = 10_000
MAX_URL_LENGTH = 4096
MAX_PATTERN_LENGTH = 500
MAX_RULE_FILE_BYTES = 1024 * 1024
MAX_HEADERS = 64
# A site's next free moment read from the Redis is at most this many of its delays ahead.
MAX_DELAY_BOOKINGS = 64
# The spider methods a queued request may name; any other name (``close``, ``start``...) is refused.
CALLBACKS = frozenset({None, "parse_start", "parse_page"})
ERRBACKS = frozenset({None, "on_error"})


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one shared crawl, all under ``prefix``."""

    prefix: str

    def __post_init__(self) -> None:
        if not _KEY.match(self.prefix):
            raise SourceError(
                f"CLEANCRAWL_REDIS_KEY {self.prefix!r}: use letters, digits and ':._-' (it prefixes Redis keys)"
            )

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    @property
    def requests(self) -> str:
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        return self._key("dupefilter")

    @property
    def article_urls(self) -> str:
        return self._key("article-urls")

    @property
    def article_fingerprints(self) -> str:
        return self._key("article-fingerprints")

    @property
    def sources(self) -> str:
        return self._key("sources")

    @property
    def start(self) -> str:
        return self._key("start")

    @property
    def pages(self) -> str:
        return self._key("pages")

    @property
    def held(self) -> str:
        return self._key("held")

    @property
    def delays(self) -> str:
        return self._key("delays")

    @property
    def workers(self) -> str:
        return self._key("workers")

    @property
    def active(self) -> str:
        return self._key("active")

    @property
    def epoch(self) -> str:
        """A token set when a run starts: gone or changed means Redis lost the run's state."""
        return self._key("epoch")

    @property
    def gone(self) -> str:
        """Workers of this run taken for dead and reclaimed: one still alive writes nothing more."""
        return self._key("gone")

    def feeding(self, worker: str) -> str:
        """The fed start URLs ``worker`` took from ``start`` and is queueing (a list)."""
        return self._key(f"feeding:{worker}")

    def pending(self, worker: str) -> str:
        """The article URL keys and fingerprints (``fp:<fingerprint>``) ``worker`` claimed in the
        article dedup and has not written yet: a dead worker's are released with its requests."""
        return self._key(f"pending:{worker}")

    def taken(self, worker: str) -> str:
        """The requests ``worker`` took from the queue and has not settled yet (a sorted set, scored
        as in the queue)."""
        return self._key(f"taken:{worker}")

    def unstored(self, worker: str) -> str:
        """The requests ``worker`` is done with whose records wait to be kept for good (in a gzip
        member, a Parquet file or batch not yet written): reclaimed with its taken ones, not counted
        as work in flight (they wait for the end of the crawl)."""
        return self._key(f"unstored:{worker}")

    def reclaim(self, worker: str) -> list[str]:
        """The keys ``_RECLAIM`` takes to give back ``worker``'s requests and claims, in its order."""
        return [
            self.workers,
            self.requests,
            self.taken(worker),
            self.active,
            self.pending(worker),
            self.article_urls,
            self.article_fingerprints,
            self.feeding(worker),
            self.start,
            self.gone,
            self.unstored(worker),
        ]

    def run(self) -> list[str]:
        """Keys that live for one run: dropped when a new run starts or the last worker leaves."""
        return [
            self.dupefilter,
            self.article_urls,
            self.article_fingerprints,
            self.pages,
            self.held,
            self.delays,
            self.active,
            self.gone,
        ]


def keys_from(settings: BaseSettings) -> Keys:
    return Keys(settings.get("CLEANCRAWL_REDIS_KEY") or DEFAULT_KEY)


def worker_id() -> str:
    """``<host>-<pid>``, safe in a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", f"{socket.gethostname()}-{os.getpid()}")


def configure(settings: BaseSettings) -> None:
    """Make this crawl one worker of the crawl shared at CLEANCRAWL_REDIS_URL (spider priority, so
    ``-s`` still overrides any of it)."""
    url = settings.get("CLEANCRAWL_REDIS_URL")
    keys = keys_from(settings)
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    order = pipelines.pop("crawler.components.pipelines.DedupPipeline", 400)
    pipelines["crawler.distributed.worker.SharedDedupPipeline"] = order
    pipelines["crawler.distributed.worker.StoppedWorkerPipeline"] = 50  # before anything that uses Redis
    # after every pipeline that may drop the record, before the one that marks it written
    pipelines["crawler.distributed.worker.WriteFencePipeline"] = 890
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["crawler.distributed.worker.RedisWorker"] = 500
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    # after CrawlDelayMiddleware (110), which spaces this worker's own requests
    middlewares["crawler.distributed.worker.SharedDelayMiddleware"] = 115
    # max_pages is counted for all workers by SharedScheduler, which also holds back the requests
    # over it: a worker's own PageBudgetMiddleware would hold them in its memory, where a 304 that
    # another worker gets cannot release them.
    spider_middlewares = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    spider_middlewares["crawler.components.middlewares.PageBudgetMiddleware"] = None
    values = {
        "REDIS_URL": url,
        "SCHEDULER": "crawler.distributed.worker.SharedScheduler",
        # Must be scrapy-redis's: its scheduler cannot build Scrapy's own filter on Scrapy 2.14+.
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.worker.CheckedQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        # Never flush on close: the other workers are still using the frontier. Runs are reset by
        # RedisWorker instead.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "ITEM_PIPELINES": pipelines,
        "EXTENSIONS": extensions,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "SPIDER_MIDDLEWARES": spider_middlewares,
    }
    for name, value in values.items():
        settings.set(name, value, priority="spider")
    if not settings.get("CLEANCRAWL_WORKER_ID"):
        settings.set("CLEANCRAWL_WORKER_ID", worker_id(), priority="spider")
    # The incremental state (crawler/state/crawl_state.py) must be the same for every worker: in this Redis,
    # unless CLEANCRAWL_STATE names another shared store.
    state = (settings.get("CLEANCRAWL_STATE") or "").strip()
    if not state:
        settings.set("CLEANCRAWL_STATE", url, priority="spider")
        settings.set("CLEANCRAWL_STATE_REDIS_PREFIX", f"{keys.prefix}:state", priority="spider")
        # What the state and the near-duplicate index note for a record before it is written is
        # listed with this worker's dedup claims, so that a live worker releases it all if this
        # one dies first (one Lua step, _RECLAIM: the stores are in this same Redis).
        settings.set("CLEANCRAWL_REDIS_CLAIMS_KEY", keys.pending(settings.get("CLEANCRAWL_WORKER_ID")), "spider")
    elif state.lower() not in ("off", "none", "false", "0") and not state.startswith(("redis", "unix")):
        logger.warning(
            "CLEANCRAWL_STATE=%s is not shared by the other workers; leave it unset to keep the state in %s",
            state,
            url,
        )


# --- Redis access ---------------------------------------------------------------------------------


def connect(url: str, *, retry_seconds: float = 0) -> redis.Redis:
    """A client for ``url``; a clear error when the server cannot be reached now. With
    ``retry_seconds``, each later call that loses the connection is retried with backoff (up to 1 s
    apart) for about that long before redis.ConnectionError reaches the caller."""
    try:
        server = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        server.ping()
    except (redis.RedisError, ValueError) as exc:
        raise SourceError(f"cannot use Redis at {url}: {exc}; is redis-server running there?") from None
    if retry_seconds > 0:
        retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), int(retry_seconds) + 4)
        server = redis.Redis.from_url(
            url,
            socket_timeout=30,
            socket_connect_timeout=5,
            retry=retry,
            retry_on_error=[redis.ConnectionError, redis.TimeoutError],
        )
    return server


def check_persistence(server: redis.Redis, url: str, *, volatile_ok: bool) -> None:
    """Refuse a Redis that saves nothing (neither AOF nor RDB snapshots): its restart loses the queue,
    the dedup and the incremental state, and the next run writes everything again. SourceError
    (one line naming the fix) unless ``volatile_ok``; a warning when the save config cannot be read."""
    try:
        if int(server.info("persistence").get("aof_enabled", 0)):
            return
        saves = server.config_get("save").get("save", "")
    except redis.ResponseError:  # INFO or CONFIG refused (ACL, renamed command): cannot tell
        logger.warning(
            "cannot read the persistence config of Redis at %s: if it saves nothing, a restart loses the crawl", url
        )
        return
    if saves.strip():
        return
    if volatile_ok:
        logger.warning("Redis at %s has no persistence: a restart loses the crawl (--redis-volatile-ok)", url)
        return
    raise SourceError(
        f"Redis at {url} has no persistence (no AOF, no RDB save): a restart would lose the crawl and the next run "
        "would write everything again; start it with 'redis-server --appendonly yes' (or CONFIG SET appendonly yes), "
        "or pass --redis-volatile-ok to accept that"
    )


def register_sources(server: redis.Redis, keys: Keys, sources: Iterable[Source]) -> None:
    """Store the source definitions; a definition of the same name is replaced."""
    mapping = {source.name: source_to_toml(source) for source in sources}
    if mapping:
        server.hset(keys.sources, mapping=mapping)


def registered_sources(server: redis.Redis, keys: Keys, stats: Any = None) -> list[Source]:
    """The sources stored in the Redis; a definition that fails :func:`checked_source` is logged,
    counted (``cleancrawl/distributed/invalid/source``) and skipped."""
    stored = server.hgetall(keys.sources)
    found = []
    for name, text in sorted(stored.items()):
        label = name.decode("utf-8", "replace")[:100]
        try:
            found.append(checked_source(label, text))
        except (SourceError, UnicodeDecodeError, ValueError) as exc:
            _invalid(stats, "source", f"source {label!r} in {keys.sources}: {exc}")
    return found


def _invalid(stats: Any, kind: str, message: str) -> None:
    logger.error("ignoring an invalid entry read from Redis: %s", message)
    if stats is not None:
        stats.inc_value(f"cleancrawl/distributed/invalid/{kind}")


def checked_source(name: str, raw: bytes) -> Source:
    """One source definition read from Redis, checked before use: a bounded TOML text holding exactly
    the source it is stored under, http(s) start URLs only, bounded patterns, and rule files (which a
    worker reads) that are regular files of bounded size, so the Redis cannot make a worker read
    ``/dev/zero`` or spend its time on a megabyte-long pattern."""
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(f"{len(raw)} bytes, more than {MAX_SOURCE_BYTES}")
    text = raw.decode("utf-8")
    try:
        tables = tomllib.loads(text).get("sources")
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"not TOML: {exc}") from None
    if not isinstance(tables, dict) or list(tables) != [name]:
        raise SourceError(f"expected one [sources.{name}] table")
    table = tables[name]
    if not isinstance(table, dict):
        raise SourceError("not a table")
    for key in ("urls", "allowed_domains", "allow", "deny", "rule_files"):
        values = table.get(key, [])
        if not isinstance(values, list) or len(values) > MAX_SOURCE_LIST:
            raise SourceError(f"field {key!r}: a list of at most {MAX_SOURCE_LIST} strings")
        if any(not isinstance(v, str) or len(v) > MAX_URL_LENGTH for v in values):
            raise SourceError(f"field {key!r}: strings of at most {MAX_URL_LENGTH} characters")
    for key in ("allow", "deny"):
        if any(len(p) > MAX_PATTERN_LENGTH for p in table.get(key, [])):
            raise SourceError(f"field {key!r}: patterns of at most {MAX_PATTERN_LENGTH} characters")
    for url in table.get("urls", []):
        if not _web_url(url):
            raise SourceError(f"start URL {url[:200]!r} is not http(s)")
    for path in table.get("rule_files", []):
        try:
            info = os.stat(path)
        except OSError as exc:
            raise SourceError(f"rule file {path!r}: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RULE_FILE_BYTES:
            raise SourceError(f"rule file {path!r} is not a regular file under {MAX_RULE_FILE_BYTES} bytes")
    return sources_from_toml(text, where=f"Redis source {name!r}")[0]


def _web_url(url: Any) -> bool:
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def feed(server: redis.Redis, keys: Keys, sources: Iterable[Source]) -> int:
    """Register ``sources`` and queue their start URLs for the running (or next) workers."""
    sources = list(sources)
    entries = [json.dumps({"source": s.name, "url": url}) for s in sources for url in s.urls]
    # One transaction: the last worker of a run never sees the sources without their start URLs.
    with server.pipeline(transaction=True) as pipe:
        pipe.hset(keys.sources, mapping={s.name: source_to_toml(s) for s in sources})
        pipe.rpush(keys.start, *entries)
        pipe.execute()
    return len(entries)


# KEYS: workers, then the keys to delete. ARGV: TTL. Returns the number of live workers; the keys
# are deleted only when there are none.
_RESET = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
local alive = redis.call('ZCARD', KEYS[1])
if alive == 0 then
  for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
end
return alive
"""


def reset(server: redis.Redis, keys: Keys) -> None:
    """Forget an unfinished run (its queue, the requests its dead workers had taken, dedup, sources
    and fed URLs) instead of letting the next worker resume it; refused while a worker is alive."""
    workers = [w.decode("utf-8", "replace") for w in server.zrange(keys.workers, 0, -1)]
    taken = [key for w in workers for key in (keys.taken(w), keys.pending(w), keys.feeding(w))]
    doomed = [keys.requests, keys.start, keys.sources, keys.epoch, *keys.run(), *taken]
    alive = server.eval(_RESET, 1 + len(doomed), keys.workers, *doomed, WORKER_TTL_SECONDS)
    if alive:
        raise SourceError(
            f"{alive} worker(s) of the crawl {keys.prefix!r} are running; stop them before resetting it "
            f"(a worker counts as gone {WORKER_TTL_SECONDS}s after its last sign of life)"
        )


def shared_sources(settings: BaseSettings, given: list[Source]) -> list[Source]:
    """Register the sources this worker was given and return every source of the shared crawl.
    A worker given none waits for some to be fed: CLEANCRAWL_REDIS_SOURCES_WAIT seconds, or for
    ever when that is 0 (a worker started ahead of ``cleancrawl feed``, or kept running as a service)."""
    keys = keys_from(settings)
    url = settings.get("CLEANCRAWL_REDIS_URL")
    # Only the sources this worker was given may open internal addresses (crawler/safety/address_guard.py):
    # those read from the Redis are anyone's who can write to it.
    trusted = {s.name: {"urls": list(s.urls), "allow_networks": list(s.allow_networks)} for s in given}
    settings.set("CLEANCRAWL_TRUSTED_SOURCES", trusted, priority="cmdline")
    server = connect(url)
    check_persistence(server, url, volatile_ok=settings.getbool("CLEANCRAWL_REDIS_VOLATILE_OK"))
    register_sources(server, keys, given)
    wait = settings.getfloat("CLEANCRAWL_REDIS_SOURCES_WAIT", 0)
    deadline = time.monotonic() + wait
    sources = registered_sources(server, keys)
    if not sources:
        logger.warning(
            "waiting for sources to be fed to %s (key %s): cleancrawl feed --redis URL ...", url, keys.prefix
        )
    while not sources and (wait <= 0 or time.monotonic() < deadline):
        time.sleep(POLL_SECONDS)
        sources = registered_sources(server, keys)
    if not sources:
        raise SourceError(
            f"no sources were fed to {url} (key {keys.prefix}) within {wait:g}s; feed some with "
            f"'cleancrawl feed --redis {url} URL...' or give this worker URLs or --sources"
        )
    return sources


# --- Scrapy components ----------------------------------------------------------------------------


def _tagged(value: Any) -> Any:
    """``value`` as plain JSON: bytes as {"__b64__": ...}, dicts with non-string keys as {"__items__": [...]}."""
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _tagged(item) for key, item in value.items()}
        return {"__items__": [[_tagged(key), _tagged(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_tagged(item) for item in value]
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        if value.keys() == {"__items__"}:
            return {_untagged(key): _untagged(item) for key, item in value["__items__"]}
        return {key: _untagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    return value


class InvalidEntry(ValueError):
    """Something read from the Redis that fails its schema: logged, counted and skipped."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_URL_LENGTH


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and len(value) <= 100 and all(_is_text(v) for v in value)


# The meta keys our requests carry (the spider's, and those Scrapy's middlewares add), with their
# types. Any other key is dropped: meta steers Scrapy (``proxy`` would route the request through
# a host of the writer's choosing, past the address guard; ``download_maxsize`` = 0 lifts the size
# limit; ``dont_obey_robotstxt``...), so the Redis may not set it.
_META: dict[str, Any] = {
    "source": lambda v: isinstance(v, str) and len(v) <= 100,
    "page_depth": _is_int,
    "hints": lambda v: isinstance(v, dict) and len(v) <= 20 and all(_is_text(x) for x in v.values()),
    "leaf": lambda v: isinstance(v, bool),
    "lastmod": lambda v: v is None or (isinstance(v, str) and len(v) <= 64),
    "depth": _is_int,
    "retry_times": _is_int,
    "redirect_times": _is_int,
    "redirect_ttl": _is_int,
    "redirect_urls": _is_texts,
    "redirect_reasons": lambda v: isinstance(v, list) and len(v) <= 100 and all(_is_int(x) or _is_text(x) for x in v),
    "download_slot": lambda v: isinstance(v, str) and len(v) <= 300,
    "download_latency": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "cleancrawl_passes": _is_int,
    "max_pages": _is_int,
    "is_start_request": lambda v: isinstance(v, bool),  # Scrapy 2.13+ marks start requests
    "cleancrawl_budgeted": lambda v: isinstance(v, bool),
    "followed_link": lambda v: isinstance(v, bool),
    # levels of robots.txt / sitemap index above a sitemap: bounds discovery (crawler/spiders/articles.py)
    "sitemap_depth": _is_int,
}


def checked_request(data: Any) -> dict[str, Any]:
    """A queued request (``Request.to_dict()`` form) read from Redis, checked before Scrapy builds it:
    a plain GET/HEAD Request to an http(s) URL, naming one of the spider's callbacks, with bounded
    headers and only the meta keys of :data:`_META` (others dropped). InvalidEntry otherwise."""
    if not isinstance(data, dict):
        raise InvalidEntry("not a JSON object")
    unknown = set(data) - {
        "url",
        "headers",
        "body",
        "cookies",
        "meta",
        "encoding",
        "flags",
        "cb_kwargs",
        "callback",
        "dont_filter",
        "errback",
        "method",
        "priority",
    }
    if unknown:  # "_class" above all: Scrapy would import and build any class it names
        raise InvalidEntry(f"unexpected field(s) {sorted(unknown)}")
    if not _web_url(data.get("url")):
        raise InvalidEntry(f"URL {str(data.get('url'))[:200]!r} is not http(s)")
    checks = {
        "method": data.get("method", "GET") in ("GET", "HEAD"),
        "callback": data.get("callback") in CALLBACKS,
        "errback": data.get("errback") in ERRBACKS,
        "body": isinstance(data.get("body", b""), bytes | str),
        "cookies": not data.get("cookies"),
        "cb_kwargs": not data.get("cb_kwargs"),
        "encoding": data.get("encoding", "utf-8") in ("utf-8", "utf8", "ascii", "latin-1", "iso-8859-1"),
        "flags": _is_texts(data.get("flags", [])),
        "priority": _is_int(data.get("priority", 0)),
        "dont_filter": isinstance(data.get("dont_filter", False), bool),
        "headers": _headers_ok(data.get("headers", {})),
        "meta": isinstance(data.get("meta", {}), dict),
    }
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise InvalidEntry(f"field(s) {', '.join(bad)} not allowed for {data['url'][:200]}")
    meta = data.get("meta", {})
    dropped = sorted(k for k in meta if k not in _META)
    wrong = sorted(k for k in meta if k in _META and not _META[k](meta[k]))
    if wrong:
        raise InvalidEntry(f"meta {', '.join(wrong)} of the wrong type for {data['url'][:200]}")
    if data.get("callback") and "source" not in meta:  # every callback reads the request's source
        raise InvalidEntry(f"no source in the meta of {data['url'][:200]}")
    if dropped:
        logger.warning(
            "dropped meta %s of a queued request for %s", ", ".join(map(repr, dropped))[:300], data["url"][:200]
        )
    return {**data, "meta": {k: v for k, v in meta.items() if k in _META}}


def _headers_ok(headers: Any) -> bool:
    if not isinstance(headers, dict) or len(headers) > MAX_HEADERS:
        return False
    for name, values in headers.items():
        values = values if isinstance(values, list) else [values]
        if not isinstance(name, bytes | str) or len(name) > 256 or len(values) > 16:
            return False
        if any(not isinstance(v, bytes | str) or len(v) > 8192 for v in values):
            return False
    return True


class JsonRequests:
    """Requests in the shared queue as JSON instead of scrapy-redis's default, pickle: whoever can
    write to the Redis cannot make a worker run code by unpickling. (``request.to_dict()`` in,
    bytes such as headers and body tagged as base64.) What comes back is checked by
    :func:`checked_request` (InvalidEntry when it fails)."""

    @staticmethod
    def dumps(request_dict: dict[str, Any]) -> bytes:
        return orjson.dumps(_tagged(request_dict))

    @staticmethod
    def loads(data: bytes) -> dict[str, Any]:
        if len(data) > MAX_REQUEST_BYTES:
            raise InvalidEntry(f"a queued request of {len(data)} bytes (at most {MAX_REQUEST_BYTES})")
        try:
            value = _untagged(orjson.loads(data))
        except (orjson.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise InvalidEntry(f"not a queued request: {exc}") from None
        return checked_request(value)


class CheckedQueue(PriorityQueue):
    """scrapy-redis's priority queue where an entry that is not a valid request (see
    :class:`JsonRequests`) is logged, counted (``cleancrawl/distributed/invalid/request``) and
    skipped, instead of stopping the worker. With a :class:`Membership` (set by SharedScheduler),
    a request popped is taken by this worker until it is settled, and nothing is pushed or popped
    once the run's epoch is not this worker's (StateLost)."""

    member: Membership | None = None

    def push(self, request) -> None:
        if self.member is None:
            return super().push(request)
        if not self.member.push(self.key, -request.priority, self._encode_request(request)):
            raise StateLost
        return None

    def pop(self, timeout=0):
        if self.member is None:
            return super().pop(timeout)
        raw = self.member.take(self.key)
        if raw is None:
            return None
        request = self._decode_request(raw)
        if request is None:  # invalid: logged and counted, and no longer anyone's
            self.member.settle_raw(raw)
            return None
        self.member.hold(request, raw)
        return request

    def _decode_request(self, encoded_request: bytes):
        try:
            return request_from_dict(self.serializer.loads(encoded_request), spider=self.spider)
        except (InvalidEntry, ValueError, TypeError, KeyError, LookupError) as exc:
            _invalid(getattr(self.spider.crawler, "stats", None), "request", f"queue {self.key}: {exc}")
            return None


# KEYS: the page counts (a hash: source -> pages taken), the held-back requests (a sorted set).
# ARGV: source, max_pages, the request as held (see SharedScheduler._held_entry). 1 if a page was
# left and is taken; else the request is held back.
_TAKE_PAGE = """
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') >= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[2], 0, ARGV[3])
  return 0
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1
"""

# A page of the source answered 304: its place goes to the oldest request held back for the source
# (moved to the frontier, the place stays taken), or back to the budget. KEYS: page counts, held
# requests, the frontier. ARGV: source. 1 if a held-back request was released.
_GIVE_BACK_PAGE = """
local held = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1] .. '\0', '(' .. ARGV[1] .. '\1', 'LIMIT', 0, 1)[1]
if held then
  redis.call('ZREM', KEYS[2], held)
  local rest = string.sub(held, #ARGV[1] + 2)
  local seq_end = string.find(rest, '\0', 1, true)
  local score_end = string.find(rest, '\0', seq_end + 1, true)
  redis.call('ZADD', KEYS[3], string.sub(rest, seq_end + 1, score_end - 1), string.sub(rest, score_end + 1))
  return 1
end
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -1) end
return 0
"""


# --- Acknowledged requests: taken, settled, reclaimed -------------------------------------------

# KEYS: frontier, this worker's taken requests, epoch, gone workers. ARGV: epoch, worker. Moves the
# first request of the frontier to the taken ones (same score) and returns {1, request}; {1} when the
# frontier is empty; {0} when the run's epoch is not ours (Redis lost the run); {2} when this worker
# was taken for dead.
_TAKE = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {0} end
if redis.call('SISMEMBER', KEYS[4], ARGV[2]) == 1 then return {2} end
local first = redis.call('ZPOPMIN', KEYS[1])
if #first == 0 then return {1} end
redis.call('ZADD', KEYS[2], first[2], first[1])
return {1, first[1]}
"""
# KEYS: frontier, epoch. ARGV: epoch, score, request. 0 (nothing queued) when the run is lost.
_PUSH = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 1
"""
# A Lua function shared by _RECLAIM and _LEAVE: the requests of the sorted sets ``sets`` (a worker's
# taken or unstored ones) go back to ``frontier`` with their scores, and the sets are deleted;
# returns how many.
_REQUEUED = """
local function requeued(frontier, sets)
  local n = 0
  for _, key in ipairs(sets) do
    local held = redis.call('ZCARD', key)
    if held > 0 then
      redis.call('ZUNIONSTORE', frontier, 2, frontier, key, 'AGGREGATE', 'MIN')
      redis.call('DEL', key)
      n = n + held
    end
  end
  return n
end
"""
# KEYS: workers, frontier, the worker's taken requests, active, the worker's pending claims, article
# URLs, article fingerprints, the fed start URLs it was queueing, fed start URLs, gone workers, the
# worker's requests whose records wait to be kept for good (they go back to the queue too). ARGV:
# worker, reclaim seconds, the prefix of the crawl state's keys, then the fingerprints of records
# the worker claimed whose lines were found in its files (Membership.found_written). A worker not
# heard from for that long is forgotten (and listed as gone: a fence for it if it is alive after
# all): its taken requests and its fed start URLs go back to the queue, and everything it
# claimed for a record it never wrote is released: the article URLs and fingerprints of the dedup,
# the crawl state's pending entries (``st:`` claims, still that run's) and its entries in the
# near-duplicate index (``nd:`` claims; crawler/components/near_dup.py), so that the worker that
# fetches the page again writes it. A pending entry whose fingerprint claim the worker had settled
# (its line was in a file for good: SharedDedupPipeline), or whose line was found in its files, is
# marked written instead, as the worker would have a moment later. Claims naming keys outside the
# state's prefix are ignored. Returns {requests given back, claims released, records marked
# written}; {-1, 0, 0} if it has been heard from meanwhile.
_RECLAIM = _REQUEUED + """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
if seen and tonumber(seen) > now - tonumber(ARGV[2]) then return {-1, 0, 0} end
for i = 4, #ARGV do redis.call('SREM', KEYS[5], 'fp:' .. ARGV[i]) end
local n = requeued(KEYS[2], {KEYS[3], KEYS[11]})
local state = ARGV[3] .. ':'
local function ours(key) return string.sub(key, 1, #state) == state end
local released, completed = 0, 0
for _, claim in ipairs(redis.call('SMEMBERS', KEYS[5])) do
  local kind, rest = string.sub(claim, 1, 3), string.sub(claim, 4)
  if kind == 'fp:' then redis.call('SREM', KEYS[7], rest)
  elseif kind == 'st:' then
    local key, fingerprint, run = string.match(rest, '^([^%z]+)%z([^%z]+)%z(.+)$')
    if key and ours(key) and string.sub(key, -8) == ':pending' then
      local entry = redis.call('HGET', key, fingerprint)
      local ok, value = pcall(cjson.decode, entry or '')
      if ok and type(value) == 'table' and value['run_id'] == run then
        redis.call('HDEL', key, fingerprint)
        local url = value['url']
        if redis.call('SISMEMBER', KEYS[5], 'fp:' .. fingerprint) == 1 or type(url) ~= 'string' then
          released = released + 1
        else
          -- its dedup claim was settled: its line is in a file for good; the state did not hear it
          local base = string.sub(key, 1, -9)
          local known, old = pcall(cjson.decode, redis.call('HGET', base .. ':pages', url) or '')
          if known and type(old) == 'table' and old['status'] == 'written' and type(old['fingerprint']) == 'string'
              and old['fingerprint'] ~= fingerprint then
            redis.call('HDEL', base .. ':written', old['fingerprint'])
          end
          redis.call('HSET', base .. ':pages', url,
            cjson.encode({url = url, status = 'written', fingerprint = fingerprint, updated_at = now}))
          redis.call('HSET', base .. ':written', fingerprint, url)
          completed = completed + 1
        end
      end
    end
  elseif kind == 'nd:' then
    local prefix, bands, url = string.match(rest, '^([^%z]+)%z([0-9a-f,]*)%z(.+)$')
    if prefix and ours(prefix) then
      redis.call('HDEL', prefix .. ':members', url)
      redis.call('HDEL', prefix .. ':signatures', url)
      local i = 0
      for hex in string.gmatch(bands, '[0-9a-f]+') do
        local band = prefix .. ':band:' .. i
        local value = string.gsub(hex, '..', function(h) return string.char(tonumber(h, 16)) end)
        if redis.call('HGET', band, value) == url then redis.call('HDEL', band, value) end
        i = i + 1
      end
      released = released + 1
    end
  else redis.call('SREM', KEYS[6], claim) end
end
redis.call('DEL', KEYS[5])
local fed = redis.call('LRANGE', KEYS[8], 0, -1)
if #fed > 0 then
  redis.call('RPUSH', KEYS[9], unpack(fed))
  redis.call('DEL', KEYS[8])
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('SADD', KEYS[10], ARGV[1])
return {n + #fed, released, completed}
"""
# KEYS: fed start URLs, this worker's feeding list. ARGV: how many. Moves them to the feeding list.
_TAKE_FED = """
local batch = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #batch > 0 then
  redis.call('LTRIM', KEYS[1], #batch, -1)
  redis.call('RPUSH', KEYS[2], unpack(batch))
end
return batch
"""
# KEYS: frontier, taken. ARGV: requests. Those still taken go back to the frontier; returns how many.
_GIVE_BACK = """
local n = 0
for i = 1, #ARGV do
  local score = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if score then
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('ZADD', KEYS[1], score, ARGV[i])
    n = n + 1
  end
end
return n
"""


# KEYS: this worker's taken requests, its unstored ones. ARGV: a request. Moved (same score) from one
# to the other if it is still taken.
_DEFER = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[2], score, ARGV[1])
end
"""
# KEYS: workers, gone workers, epoch. ARGV: worker, epoch. A worker taken for dead that held nothing
# is listed alive again (1); 0 when the run's epoch is not ours.
_REJOIN = """
if redis.call('GET', KEYS[3]) ~= ARGV[2] then return 0 end
redis.call('SREM', KEYS[2], ARGV[1])
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) + tonumber(t[2]) / 1000000, ARGV[1])
return 1
"""


class StateLost(Exception):
    """The run's epoch is gone from Redis or is another one: Redis lost this crawl's state."""


class TakenForDead(StateLost):
    """This worker was not heard from for the reclaim time and a live worker took back its requests
    and claims: the run goes on without it, and what it still holds is no longer its to write."""


STATE_LOST = "redis-state-lost"
TAKEN_FOR_DEAD = "redis-taken-for-dead"
_MEMBERSHIPS: WeakKeyDictionary[Crawler, Membership] = WeakKeyDictionary()
UNREACHABLE = "redis-unreachable"


class Membership:
    """This worker's place in the shared run, one per crawler: its id, the run's epoch, and the
    requests it has taken from the queue. A request taken (:meth:`take`) stays in the worker's
    ``taken`` set in Redis until its page is settled (:meth:`settle`: written, unchanged, rejected or
    failed, or passed on as a retry or redirect); a worker not heard from for
    CLEANCRAWL_REDIS_RECLAIM_SECONDS is dead, and a live one puts its taken requests back in the queue
    (:meth:`reclaim_dead`, counted as ``cleancrawl/distributed/reclaimed``). When the epoch changes
    (Redis restarted without persistence) or Redis stays unreachable, the worker stops (:meth:`stop`)."""

    @classmethod
    def of(cls, crawler: Crawler) -> Membership:
        """The crawler's one Membership (its scheduler, pipeline and extension share it)."""
        if crawler not in _MEMBERSHIPS:
            _MEMBERSHIPS[crawler] = cls(crawler)
        return _MEMBERSHIPS[crawler]

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.url = settings.get("CLEANCRAWL_REDIS_URL")
        self.keys = keys_from(settings)
        self.worker = settings.get("CLEANCRAWL_WORKER_ID") or worker_id()
        self.reclaim_seconds = max(1.0, settings.getfloat("CLEANCRAWL_REDIS_RECLAIM_SECONDS", RECLAIM_SECONDS))
        self.heartbeat_seconds = min(HEARTBEAT_SECONDS, self.reclaim_seconds / 4)
        self.retry_seconds = settings.getfloat("CLEANCRAWL_REDIS_RETRY_SECONDS", RETRY_SECONDS)
        self.server = connect(self.url, retry_seconds=self.retry_seconds)
        self.taken_key = self.keys.taken(self.worker)
        # the crawl state's keys (and the near-duplicate index's) start with it: a dead worker's
        # claims naming keys elsewhere are not released
        self.state_prefix = settings.get("CLEANCRAWL_STATE_REDIS_PREFIX") or f"{self.keys.prefix}:state"
        self.epoch = ""
        self.taken: dict[Request, bytes] = {}
        # requests whose records an output keeps only once a gzip member, file or batch is written:
        # waiting for that (signalled by crawler/state/incremental.py), then, once settled, unstored
        self.awaiting: set[Request] = set()
        self.unstored: dict[Request, bytes] = {}
        self.stopped = ""
        self._take = self.server.register_script(_TAKE)
        self._push = self.server.register_script(_PUSH)
        self._reclaim = self.server.register_script(_RECLAIM)
        self._give_back = self.server.register_script(_GIVE_BACK)
        self._take_fed = self.server.register_script(_TAKE_FED)
        self._join = self.server.register_script(_JOIN)
        self._leave = self.server.register_script(_LEAVE)
        self._touch = self.server.register_script(_TOUCH)
        self._rejoin = self.server.register_script(_REJOIN)
        self._defer = self.server.register_script(_DEFER)

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def join(self) -> None:
        """Join the shared run, after putting back what dead workers had taken: a run with live
        workers is joined, one left by dead or stopped workers with requests queued is resumed, and
        otherwise a new run starts (a new epoch, the previous run's dedup dropped). Says which."""
        reclaimed = self.reclaim_dead()
        # what an earlier process under this worker id left taken (it was killed): back in the queue
        earlier, released, completed = self._reclaim(
            keys=self.keys.reclaim(self.worker),
            args=[self.worker, 0, self.state_prefix, *self.found_written(self.worker)],
        )
        if earlier > 0 or released > 0 or completed > 0:
            logger.warning(
                "worker %s: %d request(s) an earlier process under this id had taken go back to the queue "
                "(%d record(s) it had begun to write released, %d it had written marked written)",
                self.worker,
                earlier,
                released,
                completed,
            )
            reclaimed += earlier
            self._count_claims(released, completed)
        fresh, alive, epoch = self._join(
            keys=[self.keys.workers, self.keys.requests, self.keys.epoch, self.keys.gone, *self.keys.run()],
            args=[self.worker, self.reclaim_seconds, uuid.uuid4().hex],
        )
        self.epoch = epoch.decode() if isinstance(epoch, bytes) else str(epoch)
        queued = self.server.zcard(self.keys.requests)
        if fresh:
            how = "starts a new run of"
        elif alive:
            how = f"joins the run of {alive} live worker(s) (URLs it already fetched are not fetched again) of"
        else:
            how = "resumes the run left unfinished by stopped or dead workers of"
        logger.log(
            logging.INFO if fresh or alive else logging.WARNING,  # a resumed run is worth seeing
            "worker %s %s the crawl at %s (%d requests queued, %d reclaimed from dead workers)",
            self.worker,
            how,
            self.keys.prefix,
            queued,
            reclaimed,
        )
        self.stats.set_value("cleancrawl/distributed/worker", self.worker)
        silent = self.unreachable_workers() if alive else 0
        if silent:
            logger.warning(
                "worker %s joins a run where %d worker(s) have not been heard from lately: if they are dead, "
                "a live worker puts their requests back in the queue %.0fs after their last sign of life "
                "(URLs the run already fetched are not fetched again)",
                self.worker,
                silent,
                self.reclaim_seconds,
            )

    def take(self, queue_key: str) -> bytes | None:
        """The first request of the queue, now taken by this worker; None when the queue is empty."""
        if not self.epoch:
            return None
        result = self._take(
            keys=[queue_key, self.taken_key, self.keys.epoch, self.keys.gone], args=[self.epoch, self.worker]
        )
        if result[0] == 0:
            raise StateLost
        if result[0] == 2:
            raise TakenForDead
        return result[1] if len(result) > 1 else None

    def push(self, queue_key: str, score: int, data: bytes) -> bool:
        """Queue a request for whichever worker takes it first; False when the run is lost."""
        return bool(self._push(keys=[queue_key, self.keys.epoch], args=[self.epoch, score, data]))

    def take_fed(self, count: int) -> list[bytes]:
        """Up to ``count`` fed start URLs, moved to this worker's ``feeding`` list until
        :meth:`fed_done` (a dead worker's go back to ``start``)."""
        return self._take_fed(keys=[self.keys.start, self.keys.feeding(self.worker)], args=[count])

    def fed_done(self, put_back: list[bytes]) -> None:
        """The fed start URLs taken are queued, but ``put_back`` (left to other workers)."""
        with self.server.pipeline(transaction=True) as pipe:
            if put_back:
                pipe.rpush(self.keys.start, *put_back)
            pipe.delete(self.keys.feeding(self.worker))
            pipe.execute()

    def hold(self, request: Request, raw: bytes) -> None:
        self.taken[request] = raw

    def settle(self, request: Request) -> None:
        """``request``'s page is done with (or it was passed on): it is no longer this worker's, unless
        its record waits to be kept for good: then it is unstored until :meth:`stored`."""
        raw = self.taken.pop(request, None)
        if raw is None:
            return
        if request in self.awaiting:
            self.awaiting.discard(request)
            self.unstored[request] = raw
            try:
                self._defer(keys=[self.taken_key, self.keys.unstored(self.worker)], args=[raw])
            except (redis.ConnectionError, redis.TimeoutError) as exc:  # still taken: reclaimed later
                self.unreachable(exc)
            return
        self.settle_raw(raw)

    def waiting(self, request: Request) -> None:
        """``request``'s record was written where it is kept only once its member, file or batch is."""
        if request in self.taken:
            self.awaiting.add(request)

    def stored(self, request: Request) -> None:
        """``request``'s record is kept for good: the request is no longer this worker's."""
        self.awaiting.discard(request)
        raw = self.unstored.pop(request, None)
        if raw is None:
            return
        try:
            self.server.zrem(self.keys.unstored(self.worker), raw)
        except (redis.ConnectionError, redis.TimeoutError) as exc:  # given back when this worker leaves
            self.unreachable(exc)

    def settle_raw(self, raw: bytes) -> None:
        try:
            self.server.zrem(self.taken_key, raw)
        except (redis.ConnectionError, redis.TimeoutError) as exc:  # still taken: reclaimed later
            self.unreachable(exc)

    def reclaim_dead(self) -> int:
        """Put back in the queue the requests taken by workers not heard from for reclaim_seconds;
        returns how many (each worker's logged and counted). Silence counts only while Redis was
        up: within reclaim_seconds of its start nobody is reclaimed, since every worker was silent
        while it was down (and the first one back would take the others for dead)."""
        now = self._now()
        total = 0
        silent = self.server.zrangebyscore(self.keys.workers, "-inf", now - self.reclaim_seconds, withscores=True)
        if silent and self._redis_uptime() < self.reclaim_seconds:
            return 0
        for name, seen in silent:
            dead = name.decode("utf-8", "replace")
            if dead == self.worker:
                continue
            n, released, completed = self._reclaim(
                keys=self.keys.reclaim(dead),
                args=[dead, self.reclaim_seconds, self.state_prefix, *self.found_written(dead)],
            )
            if n < 0:
                continue
            total += n
            logger.warning(
                "worker %s reclaimed %d request(s) of dead worker %s (not heard from for %.0fs): back in the queue; "
                "released %d record(s) it had begun to write and never wrote, marked written %d it had written",
                self.worker,
                n,
                dead,
                now - seen,
                released,
                completed,
            )
            self.stats.inc_value("cleancrawl/distributed/reclaimed", n)
            self._count_claims(released, completed)
            self.stats.inc_value("cleancrawl/distributed/dead_workers")
        return total

    def _redis_uptime(self) -> float:
        """Seconds since the Redis server started (INFO); unknown (INFO refused) counts as long ago."""
        try:
            return float(self.server.info("server").get("uptime_in_seconds", math.inf))
        except redis.ResponseError:
            return math.inf

    def found_written(self, worker: str) -> list[str]:
        """The fingerprints ``worker`` claimed whose lines are already in its output files: a worker
        killed right after its line was flushed, before it settled the claim, wrote that record, and
        releasing the claim would have it written twice. Its files are read when its run (named by
        its crawl-state claims) was on this machine and they are its own (crawler/safety/safe_paths.py:
        in this worker's data folder, with that run's token), and repaired (a cut-off last line is cut
        off) once its process is gone. A worker on another machine cannot be read from here: its
        claims are released (the one limit left: that page may be written twice)."""
        claims = self.server.smembers(self.keys.pending(worker))
        claimed = {
            c[len(DEDUP_FINGERPRINT_CLAIM) :].decode("utf-8", "replace")
            for c in claims
            if c.startswith(DEDUP_FINGERPRINT_CLAIM)
        }
        if not claimed:
            return []
        found: set[str] = set()
        for run_id in sorted({run for c in claims if (run := claim_run(c))}):
            run = redis_run(self.server, self.state_prefix, run_id)
            if run is None or run.host != socket.gethostname():
                continue
            repaired, written = run_output(run, repair=not run.is_alive(), tail=FOUND_WRITTEN_TAIL)
            for path in repaired:
                logger.warning("worker %s: cut a partial last line off %s (dead worker %s)", self.worker, path, worker)
            found |= {fingerprint for _, fingerprint in written if fingerprint in claimed}
        return sorted(found)

    def give_back_own(self) -> tuple[int, int]:
        """This worker, taken for dead, reclaims itself: what it took or claimed since (before it knew)
        goes back. Returns (requests given back, claims released)."""
        back, released, _ = self._reclaim(keys=self.keys.reclaim(self.worker), args=[self.worker, 0, self.state_prefix])
        return back, released

    def _count_claims(self, released: int, completed: int) -> None:
        if released:
            self.stats.inc_value("cleancrawl/distributed/released_claims", released)
        if completed:
            self.stats.inc_value("cleancrawl/distributed/completed_writes", completed)

    def give_back_orphans(self, *, idle: bool = False) -> int:
        """Requests in this worker's taken set that it does not hold (a reply Redis sent but this
        worker never got: the call was retried) go back to the queue; when the engine is ``idle``,
        every one of them (nothing is in flight, so none can still be settled)."""
        if idle:
            self.taken.clear()
        held = set(self.taken.values())
        orphans = [raw for raw in self.server.zrange(self.taken_key, 0, -1) if raw not in held]
        if not orphans:
            return 0
        n = self._give_back(keys=[self.keys.requests, self.taken_key], args=orphans)
        if n:
            logger.warning("worker %s put back %d request(s) it had taken and not settled", self.worker, n)
            self.stats.inc_value("cleancrawl/distributed/orphans_returned", n)
        return n

    def unreachable_workers(self) -> int:
        """Other workers listed but not heard from for two heartbeats: dead ones not reclaimed yet."""
        since = self._now() - 2 * self.heartbeat_seconds - POLL_SECONDS
        silent = self.server.zrangebyscore(self.keys.workers, "-inf", since)
        return sum(1 for w in silent if w.decode("utf-8", "replace") != self.worker)

    def taken_anywhere(self) -> int:
        """Requests taken and not settled, by any listed worker (this one included)."""
        workers = [w.decode("utf-8", "replace") for w in self.server.zrange(self.keys.workers, 0, -1)]
        with self.server.pipeline(transaction=False) as pipe:
            for name in {*workers, self.worker}:
                pipe.zcard(self.keys.taken(name))
            return sum(pipe.execute())

    def touch(self, *, busy: bool) -> float:
        """Say this worker is alive; returns the seconds since any worker last had work."""
        quiet = self._touch(
            keys=[self.keys.workers, self.keys.active, self.keys.epoch, self.keys.gone],
            args=[self.worker, int(busy), self.epoch],
        )
        if quiet == -2:
            raise TakenForDead
        if quiet < 0:
            raise StateLost
        return float(quiet)

    def leave(self) -> tuple[bool, int]:
        """Leave the run; the requests still taken go back to the queue. Returns (whether this was the
        last worker of a finished run, how many requests were given back)."""
        last, back = self._leave(
            keys=[
                self.keys.workers,
                self.keys.requests,
                self.keys.start,
                self.taken_key,
                self.keys.epoch,
                self.keys.pending(self.worker),
                self.keys.unstored(self.worker),
                self.keys.sources,
                self.keys.epoch,
                *self.keys.run(),
            ],
            args=[self.worker, self.epoch],
        )
        return last == 1, back

    def _now(self) -> float:
        seconds, micros = self.server.time()
        return seconds + micros / 1_000_000

    def stop(self, reason: str, message: str) -> None:
        """Stop this worker (once): the crawl closes with ``reason`` and the summary says why (exit 1)."""
        if self.stopped:
            return
        self.stopped = reason
        logger.error("worker %s stops: %s", self.worker, message)
        self.stats.set_value("cleancrawl/distributed/stopped", reason)
        self.stats.set_value("cleancrawl/distributed/stopped_why", message)
        from twisted.internet import reactor

        # on the next turn of the reactor: this may be called from inside the engine's own loop
        reactor.callLater(0, self._close, reason)

    def _close(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def lost_state(self, exc: StateLost | None = None) -> None:
        if isinstance(exc, TakenForDead):
            self.taken_for_dead(holding_a_record=False)
            return
        self.stop(
            STATE_LOST,
            f"Redis at {self.url} lost the state of this crawl (its run is gone: restarted without "
            "persistence, or flushed); going on would fetch and write again what this run already did",
        )

    def taken_for_dead(self, *, holding_a_record: bool) -> None:
        """This worker was reclaimed. With records waiting in an output not yet written it exits at
        once (:meth:`_exit_as_dead`); holding nothing (no request taken, so no record on its way: a
        request is settled only after its record went through the pipelines) it rejoins the run;
        otherwise it stops, since what it holds is another worker's to write now."""
        if self.unstored or self.awaiting:
            self._exit_as_dead()
        if not (holding_a_record or self.taken or self.stopped) and self._rejoined():
            return
        self.stop(
            TAKEN_FOR_DEAD,
            f"it was not heard from for {self.reclaim_seconds:.0f}s (CLEANCRAWL_REDIS_RECLAIM_SECONDS) and was "
            "taken for dead: a live worker took back the requests it held, and writes their pages; it writes "
            "nothing more",
        )

    def _exit_as_dead(self) -> None:
        """Taken for dead with records in a gzip member, Parquet file or batch not yet written: their
        requests went back to the queue with the others, so writing them now (as closing the outputs
        would) writes them twice. The process ends at once, as the dead worker it was taken for:
        nothing more is written, and its files are left as a kill leaves them (a torn last member is
        cut off by the next crawl of this machine; an unrenamed ``.part`` is never read)."""
        logger.error(
            "worker %s stops: it was not heard from for %.0fs (CLEANCRAWL_REDIS_RECLAIM_SECONDS) and was taken for "
            "dead with %d record(s) not yet kept for good in its outputs (a gzip member, a Parquet file or batch); "
            "a live worker writes those pages, so this one exits at once without writing them",
            self.worker,
            self.reclaim_seconds,
            len(self.unstored) + len(self.awaiting),
        )
        logging.shutdown()
        os._exit(1)

    def _rejoined(self) -> bool:
        """Listed alive again after it was taken for dead (logged and counted); False if the run is gone."""
        if not self._rejoin(keys=[self.keys.workers, self.keys.gone, self.keys.epoch], args=[self.worker, self.epoch]):
            return False
        logger.warning(
            "worker %s was not heard from for %.0fs and was taken for dead while it held no request: it rejoins",
            self.worker,
            self.reclaim_seconds,
        )
        self.stats.inc_value("cleancrawl/distributed/rejoined")
        return True

    def unreachable(self, exc: Exception) -> None:
        self.stop(UNREACHABLE, f"Redis at {self.url} unreachable for {self.retry_seconds:.0f}s ({exc})")


def failure(stats: dict[str, Any]) -> str | None:
    """The line saying why a worker of a shared crawl did not do all it took on (exit 1), or None:
    it stopped because Redis lost the run or went away, or pages it fetched were not written."""
    lost = stats.get("cleancrawl/distributed/lost_pages", 0)
    unqueued = stats.get("cleancrawl/distributed/unqueued", 0)
    reason = stats.get("cleancrawl/distributed/stopped")
    if reason == STATE_LOST:
        return (
            f"{stats.get('cleancrawl/distributed/stopped_why')}; stopped with {lost} fetched page(s) not written and "
            f"{unqueued} link(s) not queued: the run cannot be resumed, the next run starts from nothing"
        )
    if reason == TAKEN_FOR_DEAD:
        left = stats.get("cleancrawl/distributed/left_to_others", 0)
        return (
            f"{stats.get('cleancrawl/distributed/stopped_why')}; {left} fetched page(s) left to the worker that took "
            "them back: nothing is lost, start this worker again to rejoin the crawl"
        )
    if reason == UNREACHABLE:
        return (
            f"{stats.get('cleancrawl/distributed/stopped_why')}; stopped with {lost} fetched page(s) not written: "
            "the requests this worker had taken stay in Redis, where a live worker or the next run takes them again"
        )
    if lost or unqueued:
        return f"{lost} fetched page(s) not written and {unqueued} link(s) not queued (Redis errors)"
    return None


class LateSources:
    """Which sources this worker can crawl: those it knows, including ones fed to the crawl after it
    started (read from Redis at most every SOURCES_REFRESH_SECONDS), as long as one of its feeds
    takes their records. The default layout has a feed per source known at start only."""

    def __init__(self, server: redis.Redis, keys: Keys, settings: BaseSettings) -> None:
        self.server, self.keys, self.settings = server, keys, settings
        self._refreshed = 0.0
        self._warned: set[str] = set()

    def serves(self, spider, name: str) -> bool:
        if name not in spider.sources and time.monotonic() - self._refreshed >= SOURCES_REFRESH_SECONDS:
            self._refreshed = time.monotonic()
            for source in registered_sources(self.server, self.keys, spider.crawler.stats):
                spider.sources.setdefault(source.name, source)
        feeds = self.settings.getdict("FEEDS")
        if name in spider.sources and any(options.get("source") in (None, name) for options in feeds.values()):
            return True
        if name not in self._warned:
            self._warned.add(name)
            logger.warning(
                "source %r was fed after this worker started: its URLs are left to workers that know it "
                "(start every worker with the same sources, or feed them before starting workers)",
                name,
            )
        return False


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler with requests queued as JSON (:class:`JsonRequests`, unless
    SCHEDULER_SERIALIZER names another), counting in the stats without the ``spider`` argument
    Scrapy deprecated (0.9.1 passes it on every request). A request of a source this worker cannot
    write goes back to the queue for another worker (dropped, logged, after MAX_PASSES)."""

    def __init__(self, server, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        if self.serializer is None:
            self.serializer = JsonRequests
        self.sources: LateSources | None = None
        self.pages_key = ""
        self.held_key = ""
        self.take_page: Any = None
        self.give_back_page: Any = None
        self.member: Membership | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        keys = keys_from(crawler.settings)
        scheduler.sources = LateSources(scheduler.server, keys, crawler.settings)
        scheduler.pages_key = keys.pages
        scheduler.held_key = keys.held
        scheduler.take_page = scheduler.server.register_script(_TAKE_PAGE)
        scheduler.give_back_page = scheduler.server.register_script(_GIVE_BACK_PAGE)
        crawler.signals.connect(scheduler.response_downloaded, signal=signals.response_downloaded)
        scheduler.member = Membership.of(crawler)
        return scheduler

    def open(self, spider):
        """Open the shared queue and join (or start, or resume) the run before any request."""
        result = super().open(spider)
        self.queue.member = self.member
        self.member.join()
        return result

    def has_pending_requests(self) -> bool:
        try:
            return super().has_pending_requests()
        except redis.RedisError:  # cannot tell: the tick stops the worker if Redis stays away
            return True

    def enqueue_request(self, request):
        try:
            return self._enqueue(request)
        except StateLost as exc:
            self._unqueued(request)
            self.member.lost_state(exc)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self._unqueued(request)
            self.member.unreachable(exc)
        return False

    def _unqueued(self, request) -> None:
        logger.error("could not queue %s in Redis", request)
        if self.stats:
            self.stats.inc_value("cleancrawl/distributed/unqueued")

    def _enqueue(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if not self._within_max_pages(request):
            return False
        try:
            self.queue.push(request)
        except TypeError as exc:  # a meta value JSON cannot hold
            logger.error("cannot queue %s in Redis: %s", request, exc)
            if self.stats:
                self.stats.inc_value("cleancrawl/distributed/unqueueable")
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def _within_max_pages(self, request) -> bool:
        """A source's max_pages over all workers, counting pages fetched in full as the local
        PageBudgetMiddleware does (which a shared crawl switches off): every new page request takes
        a place (retries and redirects are the same page) or is held back in Redis
        (``cleancrawl/links/max_pages/<source>``); a 304 gives its place back (response_downloaded)."""
        source = self.spider.sources.get(request.meta.get("source"))
        if source is None or not source.max_pages or request.dont_filter or "redirect_times" in request.meta:
            return True
        if request.callback != self.spider.parse_page:  # sitemaps, robots.txt: not pages
            return True
        request.meta["cleancrawl_budgeted"] = True  # its place is given back if it answers 304
        try:
            held = self._held_entry(source.name, request)
        except TypeError:
            return True  # not queueable: enqueue_request says so
        if self.take_page(keys=[self.pages_key, self.held_key], args=[source.name, source.max_pages, held]):
            return True
        if self.stats:
            self.stats.inc_value(f"cleancrawl/links/max_pages/{source.name}")
        return False

    def _held_entry(self, source: str, request) -> bytes:
        """``source NUL time NUL score NUL request``: held-back requests sort by source, then age (all
        with score 0, so that _GIVE_BACK_PAGE finds a source's oldest by ZRANGEBYLEX); the score is
        the one the frontier gives the request (scrapy-redis's PriorityQueue: -priority)."""
        data = self.queue._encode_request(request)
        return b"\0".join([source.encode(), b"%020d" % time.time_ns(), b"%d" % -request.priority, data])

    def response_downloaded(self, response, request, spider=None) -> None:
        if response.status != 304 or not request.meta.get("cleancrawl_budgeted"):
            return
        source = request.meta.get("source")
        try:
            released = self.give_back_page(keys=[self.pages_key, self.held_key, self.queue.key], args=[source])
        except redis.RedisError as exc:
            logger.warning("could not give back the max_pages place of %s: %s", request, exc)
            return
        if released and self.stats:
            self.stats.inc_value("cleancrawl/distributed/max_pages_released")

    def next_request(self):
        if self.member.stopped:
            return None
        try:
            request = self.queue.pop(self.idle_before_close)
        except StateLost as exc:
            self.member.lost_state(exc)
            return None
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
            return None
        if request is None:
            return None
        name = request.meta.get("source")
        if name is not None and self.sources is not None and not self.sources.serves(self.spider, name):
            self._pass_on(request, name)
            return None
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _pass_on(self, request, name: str) -> None:
        """Back to the queue for a worker that knows the source (then no longer this worker's)."""
        passes = request.meta.get("cleancrawl_passes", 0) + 1
        if passes > MAX_PASSES:
            logger.error("dropped %s: no worker that knows source %r took it", request, name)
            if self.stats:
                self.stats.inc_value("cleancrawl/distributed/unserved")
            self.member.settle(request)
            return
        request.meta["cleancrawl_passes"] = passes
        try:
            self.queue.push(request)
        except StateLost as exc:
            self.member.lost_state(exc)
            return
        except (redis.ConnectionError, redis.TimeoutError) as exc:  # still taken: given back or reclaimed
            self.member.unreachable(exc)
            return
        self.member.settle(request)
        if self.stats:
            self.stats.inc_value("cleancrawl/distributed/passed_on")


# Same decision as output.dedup.Deduplicator.check, made atomically in Redis for all workers.
# KEYS: article URLs, fingerprints, epoch, this worker's pending claims, gone workers. ARGV: epoch,
# worker, fingerprint, URL keys. 'state-lost' when the run's epoch is not ours (its dedup is gone:
# nothing can be written without writing it twice); 'taken-for-dead' when this worker was reclaimed
# (a claim now would never be released). The article's keys are claimed as pending until it is written.
_DEDUP = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 'state-lost' end
if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return 'taken-for-dead' end
for i = 4, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then return 'duplicate-url' end
end
if ARGV[3] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then return 'duplicate-content' end
for i = 4, #ARGV do
  redis.call('SADD', KEYS[1], ARGV[i])
  redis.call('SADD', KEYS[4], ARGV[i])
end
if ARGV[3] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[3])
  redis.call('SADD', KEYS[4], 'fp:' .. ARGV[3])
end
return false
"""


class SharedDeduplicator:
    """output.dedup.Deduplicator with its memory in Redis: ``check(record)`` is None for an article
    no worker has written yet in this run, else ``duplicate-url`` or ``duplicate-content``; StateLost
    when the run is gone from Redis."""

    def __init__(self, member: Membership) -> None:
        self.member = member
        self._fingerprint_claim = DEDUP_FINGERPRINT_CLAIM.decode()
        self._check = member.server.register_script(_DEDUP)
        keys = member.keys
        self.pending_key = keys.pending(member.worker)
        self._keys = [keys.article_urls, keys.article_fingerprints, keys.epoch, self.pending_key, keys.gone]

    def check(self, record: dict[str, Any]) -> str | None:
        args = [self.member.epoch, self.member.worker, record.get("fingerprint") or "", *sorted(url_keys(record))]
        reason = self._check(keys=self._keys, args=args)
        reason = reason.decode() if isinstance(reason, bytes) else reason
        if reason == "state-lost":
            raise StateLost
        if reason == "taken-for-dead":
            raise TakenForDead
        return reason

    def written(self, record: dict[str, Any]) -> None:
        """``record`` is written: its claims are no longer released if this worker dies."""
        claims = [*url_keys(record)]
        if record.get("fingerprint"):
            claims.append(self._fingerprint_claim + record["fingerprint"])
        if claims:
            self.member.server.srem(self.pending_key, *claims)


def _durable_feeds(feeds: dict[str, Any]) -> set[str]:
    """The feeds whose lines are in their file for good once written: local plain JSON lines without
    post-processing (each line is flushed as it is written: crawler/components/feed_exporter.py)."""
    from crawler.state.crawl_state import local_path

    return {
        str(uri)
        for uri, options in feeds.items()
        if local_path(str(uri))
        and not options.get("postprocessing")
        and options.get("format") in ("jsonl", "jsonlines")
    }


class StoppedWorkerPipeline:
    """Once this worker has stopped (Redis lost the run or went away), a page still in flight is not
    cleaned or written (``cleancrawl/distributed/lost_pages``): every pipeline after it would wait for
    the same Redis, and writing it could write it twice. Its request stays taken in Redis when Redis
    went away (a live worker or the next run takes it again)."""

    def __init__(self, crawler: Crawler) -> None:
        self.member = Membership.of(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoppedWorkerPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not self.member.stopped:
            return item
        if self.member.stopped == TAKEN_FOR_DEAD:
            raise _left_to_others(self.stats, item)
        self.stats.inc_value("cleancrawl/distributed/lost_pages")
        raise DropItem(f"not written: this worker stopped ({self.member.stopped})")


class SharedDedupPipeline(DedupPipeline):
    """DedupPipeline across workers: each article is written once by the whole crawl. When Redis lost
    the run or cannot be reached, a record is not written (``cleancrawl/distributed/lost_pages``) and
    the worker stops.

    A record's claims are settled once its line is in its file for good. With the crawl state in this
    Redis (CLEANCRAWL_REDIS_CLAIMS_KEY), that is right after the line is flushed when every output is
    plain JSON lines written as it goes; otherwise (gzip members, Parquet, post-processing) the state
    drops the fingerprint claim when it marks the record written. So a dead worker's fingerprint
    claim still held means its record is not in a file (the reclaim releases it), and one settled
    while the state's pending entry is still there means it is (the reclaim marks it written)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler
        self.member = Membership.of(crawler)
        self.seen = SharedDeduplicator(self.member)
        self.state_settles = bool(crawler.settings.get("CLEANCRAWL_REDIS_CLAIMS_KEY"))
        self.durable = _durable_feeds(crawler.settings.getdict("FEEDS"))
        # after the feed exporter's handler (extensions connect first), which writes the record
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @functools.cached_property
    def _feed_exporter(self) -> Any:
        """The crawl's feed exporter (None without one), looked up once."""
        from crawler.components.feed_exporter import CheckedFeedExporter

        return self.crawler.get_extension(CheckedFeedExporter)

    def _in_a_file(self, item: Any) -> bool:
        """True when ``item``'s line is flushed to files that keep it as written (plain JSON lines)."""
        if not self.state_settles:
            return True  # no state in this Redis to settle it later: as soon as it is scraped
        outputs = self._feed_exporter
        if outputs is None or not outputs.wrote(item):
            return False
        slots = outputs.slots_of(item)
        return bool(slots) and all(slot.uri_template in self.durable for slot in slots)

    def item_scraped(self, item: Any) -> None:
        if not isinstance(item, dict) or "fingerprint" not in item or not self._in_a_file(item):
            return
        try:
            self.seen.written(item)
        except redis.RedisError as exc:  # claims left pending: released only if this worker dies
            logger.warning("worker %s: Redis: %s", self.member.worker, exc)

    def process_item(self, item: Any) -> Any:
        try:
            return super().process_item(item)
        except TakenForDead:
            self.member.taken_for_dead(holding_a_record=True)
            raise _left_to_others(self.stats, item) from None
        except StateLost as exc:
            self.member.lost_state(exc)
            why = "Redis lost this crawl's state"
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
            why = "Redis unreachable"
        self.stats.inc_value("cleancrawl/distributed/lost_pages")
        raise DropItem(f"not written ({why}): {item.get('url')}")


def _left_to_others(stats: Any, item: Any) -> DropItem:
    """The drop of a record this worker may no longer write (it was taken for dead): the worker that
    took its request back writes it (``cleancrawl/distributed/left_to_others``, not a loss)."""
    stats.inc_value("cleancrawl/distributed/left_to_others")
    url = item.get("url") if isinstance(item, dict) else None
    return DropItem(f"not written here (this worker was taken for dead; another writes it): {url}")


# KEYS: workers, gone workers, epoch. ARGV: worker, epoch. 'ok' (and the worker is heard from now) when
# the worker may write; 'taken-for-dead' when it was reclaimed; 'state-lost' when the run is gone.
_FENCE = """
if redis.call('GET', KEYS[3]) ~= ARGV[2] then return 'state-lost' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'taken-for-dead' end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) + tonumber(t[2]) / 1000000, ARGV[1])
return 'ok'
"""


class WriteFencePipeline:
    """The last word before a record's line is written: is this worker still the one that holds its
    page? A worker paused past the reclaim time (a stalled machine, a long GC, SIGSTOP) was taken for
    dead, and the live worker that took back its requests writes their pages: one that goes on
    afterwards must not write them too. So right before the write, one Lua step checks that this
    worker was not reclaimed and says it is alive: a reclaim can then only come after
    CLEANCRAWL_REDIS_RECLAIM_SECONDS more, by which time the line is written (and its claims
    settled). A worker found reclaimed drops the record (``cleancrawl/distributed/left_to_others``)
    and stops (exit 1)."""

    def __init__(self, crawler: Crawler) -> None:
        self.member = Membership.of(crawler)
        self.stats = crawler.stats
        self._fence = self.member.server.register_script(_FENCE)
        self._keys = [self.member.keys.workers, self.member.keys.gone, self.member.keys.epoch]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteFencePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "fingerprint" not in item:
            return item
        try:
            verdict = self._fence(keys=self._keys, args=[self.member.worker, self.member.epoch])
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
            self.stats.inc_value("cleancrawl/distributed/lost_pages")
            self.stats.inc_value("cleancrawl/written", -1)
            raise DropItem(f"not written (Redis unreachable): {item.get('url')}") from None
        verdict = verdict.decode() if isinstance(verdict, bytes) else verdict
        if verdict == "ok":
            return item
        self.stats.inc_value("cleancrawl/written", -1)  # counted by DedupPipeline
        if verdict == "taken-for-dead":
            self.member.taken_for_dead(holding_a_record=True)
            raise _left_to_others(self.stats, item)
        self.member.lost_state()
        self.stats.inc_value("cleancrawl/distributed/lost_pages")
        raise DropItem(f"not written (Redis lost this crawl's state): {item.get('url')}")


# KEYS: next send time per site (a hash: netloc -> ms, Redis's clock). ARGV: netloc, delay in ms.
# Books the site's next free moment for this request; returns how many ms to wait for it.
_BOOK_SEND = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(now, tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'))
redis.call('HSET', KEYS[1], ARGV[1], at + tonumber(ARGV[2]))
return at - now
"""


class SharedDelayMiddleware:
    """A site's delay between requests (robots.txt ``Crawl-delay``, capped at
    CLEANCRAWL_MAX_CRAWL_DELAY, or DOWNLOAD_DELAY) holds for the whole crawl, not once per worker:
    each request books the site's next free moment in Redis and waits for it. The worker's own
    download slot then sends it at once (its delay is taken over by the booking, which uses the
    larger of the two), else its later, jittered send could come right after another worker's."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.base = settings.getfloat("DOWNLOAD_DELAY")
        self.max_delay = settings.getfloat("CLEANCRAWL_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}
        self.key = keys_from(settings).delays
        self.member = Membership.of(crawler)
        self._book = self.member.server.register_script(_BOOK_SEND)
        if settings.getbool("ROBOTSTXT_OBEY"):
            crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser, request) -> None:
        reader = getattr(robotparser, "crawl_delay", None)
        delay = reader(self.user_agent) if reader else None
        if delay:
            self.delays[urlsplit(request.url).netloc] = min(float(delay), self.max_delay)

    async def process_request(self, request) -> None:
        netloc = urlsplit(request.url).netloc
        delay = max(self.base, self.delays.get(netloc, 0.0))
        if delay <= 0:
            return
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            delay = max(delay, slot.delay)  # AutoThrottle may ask for more
        try:
            wait_ms = self._book(keys=[self.key], args=[netloc, int(delay * 1000)])
        except (redis.ConnectionError, redis.TimeoutError) as exc:  # retried for a while already
            self.member.unreachable(exc)
            wait_ms = int(delay * 1000)  # this worker's own delay at least
        # A booking far in the future can only come from a write to the Redis, not from the workers
        # (each books at most the largest delay ahead per request): never wait longer than that.
        wait_ms = min(wait_ms, int(1000 * max(delay, self.max_delay) * MAX_DELAY_BOOKINGS))
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay, slot.jitter = 0.0, 0.0


# KEYS: workers, requests, epoch, gone workers, then the run keys. ARGV: worker id, reclaim seconds, a
# new epoch. With no live worker and no request queued, a new run starts: the run keys of the previous
# one are deleted and the epoch is the new one. The worker is no longer listed as gone (a process
# under the id of one reclaimed). Returns {1 if new, live workers, the run's epoch}.
_JOIN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local alive = redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[2]), '+inf')
local fresh = 0
if alive == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  for i = 5, #KEYS do redis.call('DEL', KEYS[i]) end
  redis.call('SET', KEYS[3], ARGV[3])
  fresh = 1
elseif redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[3], ARGV[3])
end
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
return {fresh, alive, redis.call('GET', KEYS[3])}
"""
# KEYS: workers, requests, start, this worker's taken requests, epoch, its pending dedup claims (all
# settled by now), its unstored requests, then the keys to delete when the run is over (sources,
# epoch, run keys). ARGV: worker id, epoch. The requests still taken, and those whose records could
# not be stored, go back to the queue.
# Returns {1 when this was the last worker of a finished run (those keys deleted), requests given
# back}; {-1, 0} when the run's epoch is not ours (nothing touched but the worker's own entry).
_LEAVE = _REQUEUED + """
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[5]) ~= ARGV[2] then return {-1, 0} end
local back = requeued(KEYS[2], {KEYS[4], KEYS[7]})
redis.call('DEL', KEYS[6])
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 and redis.call('LLEN', KEYS[3]) == 0 then
  for i = 8, #KEYS do redis.call('DEL', KEYS[i]) end
  return {1, back}
end
return {0, back}
"""
# KEYS: workers, active, epoch, gone workers. ARGV: worker id, busy (0/1), epoch. Returns the seconds
# since any worker last had work (a large number when none ever had); -1 when the run's epoch is not
# ours; -2 when this worker was taken for dead (it is not listed alive again).
_TOUCH = """
if redis.call('GET', KEYS[3]) ~= ARGV[3] then return -1 end
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then return -2 end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZADD', KEYS[1], now, ARGV[1])
if ARGV[2] == '1' then redis.call('ZADD', KEYS[2], now, ARGV[1]) end
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if #last == 0 then return 1000000000 end
return math.floor(now - tonumber(last[2]))
"""


class RedisWorker:
    """The life of one worker: takes fed start URLs, keeps the engine pulling from the shared
    frontier, settles each request it took once its page is done with (:class:`Membership`),
    reclaims the requests of dead workers, and lets the spider close only when the whole crawl has
    been quiet for CLEANCRAWL_REDIS_IDLE_TIMEOUT seconds with no request taken by any worker. It
    stops the worker (exit 1) when Redis lost the run or stays unreachable."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        url = settings.get("CLEANCRAWL_REDIS_URL")
        if not url:
            raise NotConfigured
        self.crawler = crawler
        self.keys = keys_from(settings)
        self.member = Membership.of(crawler)
        self.server = self.member.server
        self.worker = self.member.worker
        self.idle_timeout = settings.getfloat("CLEANCRAWL_REDIS_IDLE_TIMEOUT", 30)
        self._loop = create_looping_call(self._tick)
        self._last_touch = 0.0
        self._last_reclaim = 0.0
        self._last_orphans = time.monotonic()
        self._reason = "finished"
        self.sources = LateSources(self.server, self.keys, settings)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(self.member.waiting, signal=record_waiting)
        crawler.signals.connect(self.member.stored, signal=record_stored)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisWorker:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        # A request is settled when the engine is done with it: its response or failure went through
        # the spider and the item pipelines, or the request a middleware returned for it (a retry, a
        # redirect) was queued. Scrapy has no signal for that moment; its slot's remove_request is it.
        slot = self.crawler.engine._slot
        remove_request = slot.remove_request
        member = self.member

        def settle_and_remove(request) -> None:
            member.settle(request)
            remove_request(request)

        slot.remove_request = settle_and_remove
        self._guarded(lambda: self._touch_redis(busy=True))
        self._loop.start(POLL_SECONDS, now=False)

    def spider_closed(self, spider, reason: str) -> None:
        if self._loop.running:
            self._loop.stop()
        self._reason = reason

    def engine_stopped(self) -> None:
        """Leave the run once the outputs are closed (the feed exporter closes them on spider_closed,
        asynchronously): the records they kept for good are no longer this worker's, and only the
        requests whose records could not be stored go back to the queue with those still taken."""
        reason = self._reason
        if self.member.stopped == TAKEN_FOR_DEAD:
            self._leave_reclaimed()
            return
        if self.member.stopped == UNREACHABLE:  # another wait for Redis would stall the shutdown
            logger.error(
                "worker %s leaves without telling Redis: a live worker puts the requests it had taken back in "
                "the queue %.0fs after its last sign of life",
                self.worker,
                self.member.reclaim_seconds,
            )
            return
        try:
            last, back = self.member.leave()
        except redis.RedisError as exc:
            logger.error(
                "worker %s could not leave the crawl (%s): a live worker puts the requests it had taken back "
                "in the queue %.0fs after its last sign of life",
                self.worker,
                exc,
                self.member.reclaim_seconds,
            )
            return
        if back:
            logger.warning(
                "worker %s gives back %d request(s) it had taken and not finished: back in the queue", self.worker, back
            )
            self.crawler.stats.set_value("cleancrawl/distributed/given_back", back)
        logger.info("worker %s leaves (%s)%s", self.worker, reason, "; the run is complete" if last == 1 else "")

    def _leave_reclaimed(self) -> None:
        """Leave a run that took this worker for dead: what it took or claimed since it was reclaimed
        (before it knew) goes back, as a reclaim of itself would; nothing of it was written."""
        try:
            back, released = self.member.give_back_own()
        except redis.RedisError as exc:
            logger.error("worker %s could not give back what it took after it was taken for dead: %s", self.worker, exc)
            return
        logger.warning(
            "worker %s leaves: it was taken for dead; %d request(s) and %d claim(s) it took since go back",
            self.worker,
            back,
            released,
        )

    def spider_idle(self, spider) -> None:
        if self.member.stopped:
            return  # closing already
        try:
            if self._take_fed_urls(spider):
                raise DontCloseSpider
            if self.member.give_back_orphans(idle=True):
                raise DontCloseSpider
            quiet = self._touch_redis(busy=False)
            self.member.reclaim_dead()
            if quiet < self.idle_timeout or self.server.exists(self.keys.requests):
                raise DontCloseSpider
            taken, silent = self.member.taken_anywhere(), self.member.unreachable_workers()
            if taken or silent:
                # a request still taken, or a worker neither heard from nor reclaimed yet: its
                # requests may come back to the queue
                raise DontCloseSpider
        except StateLost as exc:
            self.member.lost_state(exc)
            raise DontCloseSpider from None  # the worker is closing with its own reason
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
            raise DontCloseSpider from None
        except redis.RedisError as exc:  # cannot tell whether the crawl is over: keep waiting
            logger.warning("worker %s: Redis: %s", self.worker, exc)
            raise DontCloseSpider from None
        logger.info("worker %s: the crawl has been quiet for %.0fs, closing", self.worker, quiet)

    # --- polling --------------------------------------------------------------------------------

    def _guarded(self, call) -> Any:
        """``call()``, stopping the worker when Redis lost the run or stays unreachable."""
        try:
            return call()
        except StateLost as exc:
            self.member.lost_state(exc)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
        return None

    def _tick(self) -> None:
        engine = self.crawler.engine
        if engine is None or engine.spider is None or self.member.stopped:
            return
        try:
            busy = not engine.spider_is_idle()
        except RuntimeError:  # the engine is closing
            return
        try:
            now = time.monotonic()
            if busy or now - self._last_touch >= self.member.heartbeat_seconds:
                self._touch_redis(busy=busy)
            if now - self._last_reclaim >= RECLAIM_CHECK_SECONDS:
                self._last_reclaim = now
                self.member.reclaim_dead()
            if now - self._last_orphans >= ORPHANS_SECONDS:
                self._last_orphans = now
                self.member.give_back_orphans()
            self._take_fed_urls(engine.spider)
        except StateLost as exc:
            self.member.lost_state(exc)
            return
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self.member.unreachable(exc)
            return
        except redis.RedisError as exc:  # a Redis hiccup: try again on the next tick
            logger.warning("worker %s: Redis: %s", self.worker, exc)
            return
        # Scrapy polls an idle scheduler only every 5 s; other workers fill the shared queue at any
        # time, so the engine is woken on every tick (engine internals, as in spider_opened).
        nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
        if nextcall is not None and not engine.needs_backout():
            nextcall.schedule()

    def _touch_redis(self, *, busy: bool) -> float:
        self._last_touch = time.monotonic()
        return self.member.touch(busy=busy)

    def _take_fed_urls(self, spider) -> int:
        """Schedule start URLs fed through Redis; returns how many entries were taken."""
        entries = self.member.take_fed(START_BATCH)
        put_back = []
        for raw in entries:
            try:
                entry = json.loads(raw) if len(raw) <= MAX_URL_LENGTH + 200 else None
                url, name = entry["url"], entry["source"]
                if not (_web_url(url) and isinstance(name, str) and len(name) <= 100):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                _invalid(self.crawler.stats, "start", f"{self.keys.start}: {raw[:200]!r}")
                continue
            if not self.sources.serves(spider, name):
                put_back.append(raw)  # for a worker that knows the source
                continue
            request = spider.start_request(url, name)
            if request is not None:
                self.crawler.engine.crawl(request)
                self.crawler.stats.inc_value("cleancrawl/distributed/fed_urls")
        self.member.fed_done(put_back)  # the others are queued now: requests taken like any other
        return len(entries) - len(put_back)
