"""``python -m crawler.cli``: how the scheduler starts each crawl (crawler/scheduler.py)."""

import sys

from crawler.cli import main

sys.exit(main())
