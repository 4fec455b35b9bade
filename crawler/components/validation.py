"""Every record a crawl writes matches output/record.schema.json: checked in the item pipeline,
before anything marks it written.

``SchemaValidationPipeline`` (ITEM_PIPELINES, right after CleanPipeline) validates each record. A
record that does not match is a bug in the cleaner or in a pipeline that adds fields, not a verdict
on the page, so:

- it is dropped before UnchangedPipeline, DedupPipeline and the state see it: it claims no URL or
  fingerprint, is never written, and the crawl state does not mark its page done (the next crawl,
  with the fault fixed, fetches and writes it);
- each reason (the field's path without list positions, and the schema keyword that failed:
  ``word_count/type``, ``images/additionalProperties``) is counted in ``cleancrawl/invalid/<reason>``
  and logged once per crawl with the first URL it was seen on; every such record also counts in
  ``cleancrawl/dropped/invalid-record``, so progress and summary count it as rejected.

Two libraries, because this runs in the crawl's main process (the reactor's thread, which every
page waits on), once per record, and ``jsonschema`` is an order of magnitude slower per record
than ``fastjsonschema`` (the schema compiled to Python code). So fastjsonschema says whether a record is valid, and
only for one that is not does ``jsonschema`` (Draft 2020-12, the schema's own draft) list every
fault with its path. fastjsonschema knows drafts 4 to 7 only; the schema uses no keyword newer
than draft 7 (tests/test_validation.py checks that, and that both agree). ``format`` is not
asserted: in Draft 2020-12 it is an annotation unless a schema asks otherwise, and a record is not
dropped for an image URL with a space in it.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib.resources import files
from typing import Any

import fastjsonschema
import jsonschema
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

REASON = "invalid-record"


@cache
def record_schema() -> dict[str, Any]:
    return json.loads(files("output").joinpath("record.schema.json").read_text(encoding="utf-8"))


@cache
def record_validator() -> jsonschema.protocols.Validator:
    """The thorough one: every fault, with its path (for records already known to be invalid)."""
    schema = record_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def fast_check() -> Any:
    """The quick one: raises ``fastjsonschema.JsonSchemaValueException`` on the first fault.
    ``use_default=False``: it never fills a field in (the record is not to be changed here)."""
    return fastjsonschema.compile(record_schema(), use_default=False, use_formats=False)


def _name(path: Any, keyword: str) -> str:
    where = "/".join(str(p) for p in path if not isinstance(p, int))
    return f"{where}/{keyword}" if where else keyword


def validation_errors(record: dict[str, Any]) -> dict[str, str]:
    """What is wrong with ``record``: reason -> the first message for it; empty when it is valid."""
    try:
        fast_check()(record)
        return {}
    except fastjsonschema.JsonSchemaValueException as exc:
        first = exc
    errors: dict[str, str] = {}
    for error in record_validator().iter_errors(record):
        errors.setdefault(_name(error.absolute_path, str(error.validator)), error.message)
    if not errors:  # the two disagree (a gap in either): fastjsonschema's fault still counts
        errors[_name((first.path or ["data"])[1:], str(first.rule or "invalid"))] = first.message
    return errors


class InvalidRecord(DropItem):
    """A record the schema refuses; ``reasons`` say why (see validation_errors)."""

    reason = REASON

    def __init__(self, url: str, reasons: dict[str, str]) -> None:
        # Logged once per reason by the pipeline, at WARNING; Scrapy's own line per drop stays quiet.
        super().__init__(f"invalid record ({', '.join(reasons)}): {url}", log_level="DEBUG")
        self.reasons = reasons


class SchemaValidationPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.logged: set[str] = set()
        # a broken schema file fails the crawl at start, not on its first record
        record_validator()
        fast_check()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "fingerprint" not in item:
            return item
        reasons = validation_errors(item)
        if not reasons:
            return item
        url = str(item.get("url"))
        for reason, message in reasons.items():
            self.stats.inc_value(f"cleancrawl/invalid/{reason}")
            if reason not in self.logged:
                self.logged.add(reason)
                logger.warning(
                    "the record of %s does not match the record schema (%s: %s); not written, its page is "
                    "fetched again next time (further records with this fault are counted, not logged)",
                    url,
                    reason,
                    message,
                )
        self.stats.inc_value(f"cleancrawl/dropped/{REASON}")
        raise InvalidRecord(url, reasons)
