"""Checks of the command line's settings before a crawl starts, so that a mistake is one line naming
the value and exit 2, not a traceback from deep inside Scrapy once the crawl has begun.

- ``check_setting``: ``-s NAME=VALUE`` for a setting whose default is a number, a boolean, a list or
  a dict (Scrapy's defaults and ours, crawler/settings.py) must convert the way Scrapy will read
  it (``getint``, ``getfloat``, ``getbool``, ``getdict``); unknown names pass, as Scrapy lets them.
  Settings that take one of a few words (CLEANCRAWL_FORMAT, CLEANCRAWL_PROGRESS) must be one of them;
  CLEANCRAWL_BLOCK_MODEL_THRESHOLD a number strictly between 0 and 1.
- ``check_state``: ``--state`` / CLEANCRAWL_STATE must name a store that can be opened.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import Any

from crawler.components.log_filters import redact
from crawler.state.sources import SourceError


@cache
def _defaults() -> dict[str, Any]:
    from scrapy.settings import Settings

    settings = Settings()  # Scrapy's default_settings
    settings.setmodule("crawler.settings", priority="project")
    return {name: value for name, value in settings.items()}


def _kind(default: Any) -> str | None:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, dict) or type(default).__name__ == "BaseSettings":
        return "dict"
    return None


_EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "bool": "True/False (or 1/0)",
    "dict": "a JSON object",
}


# Settings that take one of a few words.
_CHOICES = {"CLEANCRAWL_FORMAT": ("text", "markdown"), "CLEANCRAWL_PROGRESS": ("auto", "bar", "log", "off")}
_CHOICES["CLEANCRAWL_NEAR_DUPLICATES"] = ("mark", "drop", "off")  # crawler/components/near_dup.py
_CHOICES["CLEANCRAWL_BLOCK_MODEL"] = ("on", "off", "default")  # cleaners/block_filter.py
# Whole-number settings that must be at least 1 (a bound of 0 would refuse every response).
_POSITIVE = {"CLEANCRAWL_MAX_HEADER_BYTES", "CLEANCRAWL_MAX_HEADER_LINES"}  # crawler/components/bounded_http.py
_POSITIVE |= {"CLEANCRAWL_MAX_LINKS_PER_PAGE", "CLEANCRAWL_MAX_LINK_ATTRIBUTES"}  # crawler/safety/page_links.py
# Whole-number settings that must be at least 0 (0: no limit).
_NON_NEGATIVE = {"CLEANCRAWL_MAX_CLEANING_ATTEMPTS"}  # crawler/components/pipelines.py


def check_setting(name: str, value: str) -> None:
    """Raise SourceError when ``value`` cannot be what setting ``name`` is read as."""
    from scrapy.settings import BaseSettings

    if name in _CHOICES and value not in _CHOICES[name]:
        raise SourceError(f"-s {name}={value}: {name} must be one of {', '.join(_CHOICES[name])}")
    if name in ("CLEANCRAWL_ALLOW_NETWORKS", "CLEANCRAWL_RESOLVE"):
        from crawler.safety.address_guard import allowed_networks, resolve_overrides

        read = allowed_networks if name == "CLEANCRAWL_ALLOW_NETWORKS" else resolve_overrides
        try:  # networks, and names pinned to addresses: one line naming the bad one, not a traceback
            read(BaseSettings({name: value}))
        except (ValueError, TypeError) as exc:
            raise SourceError(f"-s {name}={value}: {exc}") from None
    if name == "CLEANCRAWL_BLOCK_MODEL_THRESHOLD":
        from cleaners.block_filter import check_threshold

        try:
            check_threshold(value)
        except ValueError as exc:
            raise SourceError(f"-s {name}={value}: {exc}") from None
    kind = _kind(_defaults().get(name))
    if kind is None:
        return
    probe = BaseSettings({name: value})
    try:
        if kind == "bool":
            probe.getbool(name)
        elif kind == "int":
            # Scrapy reads an int setting with int(); "1.5" would fail there, so it fails here.
            probe.getint(name)
        elif kind == "float":
            probe.getfloat(name)
        else:
            probe.getdict(name)
    except (ValueError, TypeError):
        raise SourceError(f"-s {name}={value}: {name} must be {_EXPECTED[kind]}") from None
    if name in _POSITIVE and probe.getint(name) < 1:
        raise SourceError(f"-s {name}={value}: {name} must be a whole number of at least 1")
    if name in _NON_NEGATIVE and probe.getint(name) < 0:
        raise SourceError(f"-s {name}={value}: {name} must be a whole number, 0 or more")


def check_state(settings: Any) -> None:
    """Open (and close) the crawl state CLEANCRAWL_STATE names; a SourceError says why it cannot be."""
    from crawler.state.crawl_state import open_state, state_location

    location = state_location(settings)
    if location is None:
        return
    where = f"--state {redact(location)}"
    try:
        state = open_state(settings)
    except ValueError:
        raise SourceError(
            f"{where}: not a crawl state; give sqlite:///path/to/state.sqlite3, redis://host:port/db or off"
        ) from None
    except (OSError, sqlite3.Error) as exc:
        raise SourceError(f"{where}: cannot open it: {exc}") from None
    try:
        redis = getattr(state, "redis", None)
        if redis is not None:
            _ping(redis, where)
    finally:
        if state is not None:
            state.close()


def _ping(client: Any, where: str) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client.set_retry(Retry(NoBackoff(), 0))  # a clear error at once, not after a crawl's retries (state.py)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        raise SourceError(f"{where}: cannot reach it: {redact(str(exc))}; is redis-server running there?") from None
