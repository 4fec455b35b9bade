"""Imported by the forkserver before it forks the cleaning workers (see cleaning.make_pool and
crawler/workers/pool.py): the cleaning core is imported and run once here, so its rules, compiled
patterns and caches sit in memory the workers share copy-on-write instead of each building its own."""

from crawler.workers.cleaning import warm_up

warm_up()
