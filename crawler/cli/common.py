"""What several sub-commands share: the options they define alike.

(Shared CLI code lives here, in one module that imports no sub-command module: see
docs/architecture.md.)
"""

from __future__ import annotations

import argparse


def add_warc_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warc",
        metavar="DIR",
        help="also archive every fetched response and its request as WARC.gz files in DIR "
        "(cleancrawl clean DIR cleans them again; setting CLEANCRAWL_WARC_DIR)",
    )


def add_provenance_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provenance",
        action="store_true",
        help="records also carry every removed block with its rule id and position (removed_blocks), "
        "for cleancrawl review (setting CLEANCRAWL_PROVENANCE)",
    )
