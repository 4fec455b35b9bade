"""Every crawl policy in one place: politeness, limits, cleaning, feeds. Each line says why.

``cleancrawl crawl`` and ``scrapy crawl articles`` both start from this module; ``-s NAME=VALUE``
overrides any of it for one run.
"""

import os

BOT_NAME = "cleancrawl"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Identity and politeness -------------------------------------------------------------------
# Site owners must be able to tell who is crawling and reach them: set CLEANCRAWL_USER_AGENT (or
# -s USER_AGENT=...) to something with a URL or e-mail address of yours before crawling others.
USER_AGENT = os.environ.get(
    "CLEANCRAWL_USER_AGENT", "cleancrawl/0.1 (+https://example.invalid/set-USER_AGENT-to-your-contact)"
)
# robots.txt is obeyed; its Crawl-delay (which Scrapy ignores) is honoured by CrawlDelayMiddleware
# as a floor of the site's download slot: one request at a time, each the Crawl-delay after the
# previous answer, whatever AutoThrottle or the jitter say (crawler/components/middlewares.py).
ROBOTSTXT_OBEY = True
DOWNLOADER = "crawler.components.middlewares.CrawlDelayDownloader"
# Few requests per site at once, many sites in parallel.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# AutoThrottle slows down when a site answers slowly; it never goes below DOWNLOAD_DELAY or a
# robots.txt Crawl-delay.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Scrapy's AutoThrottle, except that a 304 (an unchanged page of a re-run) may lower the delay as a
# 200 does: with Scrapy's own, a re-run of unchanged pages crawled at the 1 s start delay.
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.components.middlewares.NotModifiedAutoThrottle": 0,
    # Scrapy's FeedExporter, except that a record whose line could not be written (disk full) is
    # never marked written, and the first such failure stops the crawl (crawler/components/feed_exporter.py)
    "scrapy.extensions.feedexport.FeedExporter": None,
    # (its subclass, which also splits a Parquet feed by CLEANCRAWL_PARQUET_FILE_SIZE:
    # crawler/components/parquet_feed.py)
    "crawler.components.parquet_feed.ParquetFeedExporter": 0,
}
DOWNLOAD_DELAY = 0.0
# Cookies only make news sites serve consent walls and session variants of the same page.
COOKIES_ENABLED = False

# --- Failures: retry with back-off, then count and move on --------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Each retry of a request waits RETRY_BACKOFF_BASE * 2**(n-1) seconds (capped), so an overloaded
# server gets time to recover instead of a burst of immediate retries.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 30.0
# Errors of single pages are logged and counted in the stats (cleancrawl/failed/*), never fatal
# to the crawl; a page given up on is a warning, not an error.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# --- Limits: no page may stall or flood the crawl -----------------------------------------------
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10
# An article page is well under a few MB; bigger bodies are refused (MAXSIZE) or logged (WARNSIZE).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# A response's status line and headers (Scrapy and Twisted set no bound): past either limit the
# connection is dropped and the page counted as too-large, not retried (crawler/components/bounded_http.py).
DOWNLOAD_HANDLERS = {
    "http": "crawler.components.bounded_http.BoundedHTTP11DownloadHandler",
    "https": "crawler.components.bounded_http.BoundedHTTP11DownloadHandler",
}
CLEANCRAWL_MAX_HEADER_BYTES = 64 * 1024
CLEANCRAWL_MAX_HEADER_LINES = 200
# Depth is counted by the articles spider per source (max_depth); Scrapy's own limit stays as a
# hard backstop for any other spider.
DEPTH_LIMIT = 0
DEPTH_STATS_VERBOSE = False
# Trap guards for link following (see crawler/safety/links.py).
CLEANCRAWL_MAX_URL_LENGTH = 512
CLEANCRAWL_MAX_REPEATED_SEGMENT = 2
CLEANCRAWL_MAX_PAGINATION = 50
# Endless link spaces (crawler/safety/traps.py): a source without max_pages follows at most this many links
# per run (sitemap and feed entries are not counted; 0 = no limit)...
CLEANCRAWL_DEFAULT_MAX_PAGES = 10_000
# ...and a URL family (one path shape, any query values: /?pg=N&sort=<random>, /tag/<random>) whose
# this many fetched pages gave no article is not followed further (0 = never stop a family).
CLEANCRAWL_TRAP_FAMILY_PAGES = 30
# Sitemap entries turned into requests at a time, the next batch once the scheduler has drained this
# one (crawler/state/backlog.py): a 200,000-URL sitemap never sits in memory as 200,000 requests.
CLEANCRAWL_SITEMAP_BATCH = 1000
# Sitemap discovery ends: a sitemap more than this many robots.txt / sitemap-index levels below its
# start URL is not fetched (the protocol allows one index level; robots.txt -> index -> index ->
# sitemap is 3), and a source fetches at most CLEANCRAWL_MAX_SITEMAPS sitemap documents per run, so
# an endless chain or fan-out of indexes stops and never queues more than that many requests (0: no limit).
CLEANCRAWL_MAX_SITEMAP_DEPTH = 3
CLEANCRAWL_MAX_SITEMAPS = 1000
# A source's page requests over its max_pages wait here for a 304 to give a place back; past this
# many (per source, about 1.5 KB each) its sitemaps and feeds are read no further (0: no limit).
CLEANCRAWL_MAX_HELD_BACK = 10_000

# --- Address guard: the crawl cannot be turned against its own network (crawler/safety/address_guard.py)
# Names are resolved by this resolver (getaddrinfo: IPv4 and IPv6), which refuses a name with any loopback,
# private, link-local (169.254.x: cloud metadata), CGNAT, multicast or reserved address no source may
# reach, and pins each name, so the addresses checked are the ones connected to.
TWISTED_DNS_RESOLVER = "crawler.safety.address_guard.GuardedResolver"
# Networks every source may reach anyway, e.g. ["10.0.0.0/8"] (-s CLEANCRAWL_ALLOW_NETWORKS=10.0.0.0/8,...).
# A source may always reach the origins (scheme, address, port) of its own start URLs, and the networks
# of its allow_networks (crawler/state/sources.py); nothing else internal, and nothing of another source's.
CLEANCRAWL_ALLOW_NETWORKS: list[str] = []
# Names answered with given addresses instead of asking DNS, as curl's --resolve: {"name": "address"}
# or {"name": ["address", ...]}. Each address is still checked like any other.
CLEANCRAWL_RESOLVE: dict[str, str | list[str]] = {}

# --- Cleaning off the reactor -------------------------------------------------------------------
# clean_html is CPU-bound (~35 ms a page): it runs in this many worker processes so the reactor
# never blocks and every core is used. Default: one per core.
CLEANCRAWL_WORKERS = os.cpu_count() or 1
# Pages with fewer words after cleaning are not articles (passed to clean_html as min_words).
CLEANCRAWL_MIN_WORDS = 25
# "text": each record carries the article as plain paragraphs (`text`); "markdown": also as
# Markdown (`markdown`: headings, lists, quotes, code blocks, tables), from the same cleaned blocks.
CLEANCRAWL_FORMAT = "text"
# Records also carry removed_blocks (every removed block, its rule and position), as `clean --provenance`.
CLEANCRAWL_PROVENANCE = False
# The block model after the text rules (docs/block-model.md): "on", "off", or "default" (what
# cleaners/block_filter.py's DEFAULT_BLOCK_MODEL says; --no-model sets "off").
CLEANCRAWL_BLOCK_MODEL = "default"
# Its junk-score threshold, a number strictly between 0 and 1 (--model-threshold); None: the
# threshold the model file was tuned with.
CLEANCRAWL_BLOCK_MODEL_THRESHOLD = None
# A page still being cleaned this many seconds after a worker took it (time spent waiting for a
# free worker is not counted) is dropped as cleaner-timeout and the stuck worker replaced; 0 waits
# for ever (docs/workers.md).
CLEANCRAWL_PAGE_TIMEOUT = 120
# A page whose cleaning fails (its worker killed or out of time, a cleaning error) this many runs in a
# row (counted in the crawl state) is given up: recorded as a rejection, reason cleaning-failed,
# counted and logged, not fetched again unless it changes, and the run does not exit 1 for it
# (docs/reliability.md). Below it, the page is lost by the run: exit 1, fetched again. 0: never give up.
CLEANCRAWL_MAX_CLEANING_ATTEMPTS = 3
# A page's links are read in those workers too, never on the reactor (crawler/safety/page_links.py): at most
# this many links a page and attributes an element (the rest counted, not read); a page whose links
# are still not read after CLEANCRAWL_LINK_TIMEOUT seconds loses them (counted as links/timeout) and
# the worker reading them is replaced, as for a page that hangs the cleaner.
CLEANCRAWL_MAX_LINKS_PER_PAGE = 5_000
CLEANCRAWL_MAX_LINK_ATTRIBUTES = 100
CLEANCRAWL_LINK_TIMEOUT = 30
# Back-pressure: at most this many items of one response are processed at once, and the scraper
# slot stops the downloader while this many response bytes wait for the pipelines. A dozen
# average pages keep the workers busy; more only costs memory (Scrapy's default is 5 MB).
CONCURRENT_ITEMS = 32
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2_000_000
# ... and it stops them too while this many pages wait for a cleaning worker or are in one, however
# small (Scrapy counts a response as 1 kB at least, so 2 MB alone let ~2,000 small pages wait);
# 0: 4 a worker. The requests in flight when it is reached still land (crawler/components/pipelines.py).
CLEANCRAWL_CLEANING_BACKLOG = 0

ITEM_PIPELINES = {
    # raw page -> clean record (or a counted drop: no text, too short, wrong content type)
    "crawler.components.pipelines.CleanPipeline": 300,
    # a short block recurring in many pages of the host (signature, "posted in") is taken out, so that
    # everything below sees the stripped text; counts beside the crawl state (crawler/components/site_repetition.py)
    "crawler.components.site_repetition.SiteRepetitionPipeline": 310,
    # a record that does not match output/record.schema.json is counted and never written; before
    # anything below claims its URL or words or marks its page done (crawler/components/validation.py)
    "crawler.components.validation.SchemaValidationPipeline": 320,
    # words an earlier crawl of the source already wrote are not written again (crawler/state/incremental.py)
    "crawler.state.incremental.UnchangedPipeline": 350,
    # the same article at two URLs, or with one canonical URL, is written once
    "crawler.components.pipelines.DedupPipeline": 400,
    # near_duplicate_of: the first article seen of a syndicated story's cluster (crawler/components/near_dup.py)
    "crawler.components.near_dup.NearDuplicatePipeline": 450,
    # last: marks a page done in the crawl state only once its line is written and flushed
    "crawler.state.incremental.WrittenStatePipeline": 900,
}
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's, with robots.txt read up to 500 KiB as Google does, its failures logged as its own, and
    # its request carrying the source of the page that needed it, so the address guard judges it by
    # that source's allowance (crawler/components/robots.py)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.components.robots.BoundedRobotsTxtMiddleware": 100,
    # before RobotsTxtMiddleware (100): a request (redirects and meta refreshes included) outside its
    # source's domains, or to an internal address, is refused before anything is sent (crawler/safety/address_guard.py)
    "crawler.safety.address_guard.AddressGuardMiddleware": 60,
    # before RetryMiddleware (550) sees the failure: a host name the resolver refused is counted, not retried
    "crawler.safety.address_guard.RefusedAddressMiddleware": 555,
    # after RobotsTxtMiddleware (100): it knows the robots.txt by then
    "crawler.components.middlewares.CrawlDelayMiddleware": 110,
    # just before RetryMiddleware (550) hands the retried request back: waits before re-sending
    "crawler.components.middlewares.RetryBackoffMiddleware": 120,
    # a followed link whose URL family has meanwhile given only non-articles is not fetched (crawler/safety/traps.py)
    "crawler.safety.traps.QueuedTrapMiddleware": 130,
    # If-None-Match / If-Modified-Since for pages already written; a 304 yields nothing
    "crawler.state.incremental.ConditionalRequestMiddleware": 560,
    # --warc DIR: each response as received (before HttpCompressionMiddleware, 590, decodes it) and
    # its request, as sent, into WARC files (crawler/components/warc_archive.py); off unless CLEANCRAWL_WARC_DIR
    "crawler.components.warc_archive.WarcArchiveMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    # default page budget and URL families that give no article (crawler/safety/traps.py)
    "crawler.safety.traps.LinkTrapMiddleware": 650,
    # sitemap entries whose <lastmod> is not newer than at their last fetch are not requested
    "crawler.state.incremental.IncrementalSpiderMiddleware": 600,
    # then a source's max_pages: pages fetched in full; a 304 gives its place to a held-back page
    "crawler.components.middlewares.PageBudgetMiddleware": 590,
}
# (added to the EXTENSIONS above, which swap in the 304-aware AutoThrottle)
EXTENSIONS |= {
    # written pages that now answer 404/410 or left a complete sitemap: gone in the state, counted,
    # and with --tombstones (CLEANCRAWL_TOMBSTONES) a tombstone line each (crawler/state/incremental.py)
    "crawler.state.incremental.GonePages": 520,
    # did any start URL answer? (a crawl whose every start URL failed exits 1: crawler/components/outcome.py)
    "crawler.components.outcome.StartUrlOutcome": 500,
    # pages fetched, queued, written, rejected, errors while the crawl runs (crawler/components/progress.py)
    "crawler.components.progress.CrawlProgress": 510,
    # per-source figures (fetched, written, rejected, field coverage) for the run log and
    # `cleancrawl runs --health`; after the feed exporter, which it asks what was written (crawler/components/health.py)
    "crawler.components.health.SourceFigures": 520,
}
# "auto": a line refreshed in place when standard error is a terminal, else a plain line every
# CLEANCRAWL_PROGRESS_INTERVAL seconds; "bar", "log" or "off" to choose.
CLEANCRAWL_PROGRESS = "auto"
CLEANCRAWL_PROGRESS_INTERVAL = 30.0
# A dropped non-article page is routine, not a warning.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# A dropped, scraped or failed item is logged as its URL and a few small fields, never its body.
LOG_FORMATTER = "crawler.components.log_formatter.ItemLogFormatter"
# No debugging port open on the crawling machine unless asked for.
TELNETCONSOLE_ENABLED = False

# --- Near-duplicates: syndicated copies of one story (crawler/components/near_dup.py, output/near_dup.py) -----
# "mark": every record gets near_duplicate_of (the URL of the first article seen of its cluster, null
# for that one); "drop": the copies are not written (counted as dropped/near-duplicate); "off".
CLEANCRAWL_NEAR_DUPLICATES = "mark"
# Estimated Jaccard similarity of the word 5-gram sets from which two articles are one story: a new
# headline, a dateline, a paragraph more or less or other boilerplate stay above it; two articles on
# one topic fall well below it.
CLEANCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8
# MinHash values per signature (more: more exact, slower) and words per shingle.
CLEANCRAWL_NEAR_DUPLICATE_NUM_PERM = 128
CLEANCRAWL_NEAR_DUPLICATE_SHINGLE_SIZE = 5

# --- Site repetition: a site's template text in its articles (crawler/components/site_repetition.py) ---------
# A block of at most MAX_WORDS words seen on at least MIN_PAGES pages of a host, and on at least
# MIN_SHARE of its pages counted so far, is taken out of each record (as `cleancrawl clean` does over
# a batch). Counts beside the crawl state, so they hold across runs and --redis workers; the first
# pages of a new host keep their template. False (`cleancrawl crawl --no-site-repetition`): off.
CLEANCRAWL_SITE_REPETITION = True
CLEANCRAWL_SITE_REPETITION_MIN_PAGES = 3
# a host's pages are judged once this many of them are counted (its first few share much by chance)
CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES = 10
CLEANCRAWL_SITE_REPETITION_MIN_SHARE = 0.3
CLEANCRAWL_SITE_REPETITION_MAX_WORDS = 40
# Distinct blocks counted per host; past it only the half seen on the most pages are kept.
CLEANCRAWL_SITE_REPETITION_MAX_BLOCKS = 10_000

# --- Output --------------------------------------------------------------------------------------
# Records are written through Scrapy's FEEDS, so batching, gzip post-processing and remote
# storages (S3, GCS, FTP) work as Scrapy documents them. When FEEDS is empty the articles spider
# writes the default layout: CLEANCRAWL_DATA_DIR/<source>/<UTC timestamp>.jsonl.
FEED_EXPORTERS = {
    "jsonl": "crawler.components.feed_exporter.OrjsonLinesExporter",
    "jsonlines": "crawler.components.feed_exporter.OrjsonLinesExporter",
    # -o out.jsonl.gz: a complete gzip member per record, so a killed crawl's file stays readable
    "jsonl.gz": "crawler.components.feed_exporter.GzipMemberLinesExporter",
    # -o out.parquet: one row per record, zstd, the columns' types from record.schema.json
    "parquet": "crawler.components.parquet_feed.ParquetItemExporter",
}
# Rows are buffered until about this many bytes of records, then written as one Parquet row group.
CLEANCRAWL_PARQUET_ROW_GROUP_SIZE = "32MB"
# A Parquet feed named with %(batch_id)d starts its next file once one reaches this size ("" = no
# limit; FEED_EXPORT_BATCH_ITEM_COUNT splits by record count instead, or as well).
CLEANCRAWL_PARQUET_FILE_SIZE = ""
# stdout: (-o -) fails, instead of counting as stored, when its reader went away (`| head`);
# file: a Parquet feed is written as NAME.part and renamed once complete (crawler/components/parquet_feed.py)
FEED_STORAGES = {
    "stdout": "crawler.components.feed_exporter.StdoutStorage",
    "": "crawler.components.parquet_feed.ParquetFileStorage",
    "file": "crawler.components.parquet_feed.ParquetFileStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
# An empty crawl leaves no empty file behind.
FEED_STORE_EMPTY = False
FEEDS: dict = {}
CLEANCRAWL_DATA_DIR = "data"
# --warc DIR: archive every fetched response and its request as WARC.gz files in DIR ("" = none);
# a new file once one reaches CLEANCRAWL_WARC_FILE_SIZE. `cleancrawl clean DIR` cleans them again.
CLEANCRAWL_WARC_DIR = ""
CLEANCRAWL_WARC_FILE_SIZE = "1GB"

# --- Distributed crawl: one worker of many, sharing one Redis (crawler/distributed/worker.py) ------------
# With a Redis URL (or `cleancrawl crawl --redis URL`) the frontier, the request and article dedup,
# the source definitions and the incremental state are shared by every worker using the same URL
# and key, so N processes on N machines split one crawl. Empty: a crawl of its own.
CLEANCRAWL_REDIS_URL = ""
# Prefix of every key of the shared crawl: two crawls on one Redis need two keys.
CLEANCRAWL_REDIS_KEY = "cleancrawl"
# A worker stops once the whole crawl (every worker) has had no work for this many seconds;
# without it a worker would wait for more URLs for ever.
CLEANCRAWL_REDIS_IDLE_TIMEOUT = 30
# A worker given no sources waits this many seconds for some to be fed (cleancrawl feed); 0: for ever.
CLEANCRAWL_REDIS_SOURCES_WAIT = 0
# Names this worker's output files (<UTC timestamp>-<worker id>.jsonl); default: <host>-<pid>.
CLEANCRAWL_WORKER_ID = ""
# A worker not heard from for this many seconds is dead: a live one puts the requests it had taken
# back in the queue (a worker says it is alive several times within this time).
CLEANCRAWL_REDIS_RECLAIM_SECONDS = 60.0
# Redis unreachable: calls are retried with backoff for about this many seconds, then the worker stops (exit 1).
CLEANCRAWL_REDIS_RETRY_SECONDS = 30.0
# True (`--redis-volatile-ok`): run on a Redis that saves nothing (no AOF, no RDB), whose restart loses the run.
CLEANCRAWL_REDIS_VOLATILE_OK = False

# --- Incremental crawls: fetch and write only what is new (crawler/state/crawl_state.py, crawler/state/incremental.py)
# Per source, the URLs done, their content fingerprints, ETag / Last-Modified and sitemap lastmod.
# "" = sqlite:///<CLEANCRAWL_DATA_DIR>/state.sqlite3 (a local file, shared safely by the crawls of
# one machine); "sqlite:///path", "redis://host:port/db" (distributed crawls) or "off".
CLEANCRAWL_STATE = ""
CLEANCRAWL_STATE_REDIS_PREFIX = "cleancrawl:state"
# True (`cleancrawl crawl --full`): fetch and write everything again; the state is still updated.
CLEANCRAWL_FULL = False
# `cleancrawl crawl --tombstones FILE`: a JSON line (url, source, gone_at, reason) appended for each
# written page now gone (404/410, or left its source's complete sitemaps); "" = counted only.
CLEANCRAWL_TOMBSTONES = ""
# `cleancrawl crawl --resume` sets JOBDIR (Scrapy's pause/resume); this filter lets a resumed crawl
# fetch again what the interrupted one had scheduled but not finished (Scrapy's own would skip it).
DUPEFILTER_CLASS = "crawler.state.incremental.StateDupeFilter"

# --- Optional HTTP cache: re-run cleaning without re-fetching ------------------------------------
# Enable with -s HTTPCACHE_ENABLED=1; pages are kept under .scrapy/httpcache (git-ignored).
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_GZIP = True
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# --- Runtime ------------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# No debugging port open on the crawling machine unless asked for.
TELNETCONSOLE_ENABLED = False
# Scrapy's request fingerprint of a canonicalised URL is the request-level dedup; the spider
# canonicalises every URL before making a request. (DUPEFILTER_CLASS: see Incremental crawls.)
