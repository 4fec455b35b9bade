"""``python -m crawler.cli``: the ``cleancrawl`` command (the scheduler starts crawls this way)."""

import sys

from crawler.cli import main

sys.exit(main())
