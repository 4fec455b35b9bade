"""What the command line lets through to standard error: secrets redacted, floods summarised.

- ``install_redaction()``: a password in a URL (``redis://:SECRET@host``, ``ftp://user:pass@host``)
  is replaced by ``***`` in every log record as it is made (a record factory: Scrapy replaces its
  handler several times while a crawl starts, so a handler filter would miss some messages, and
  a logger filter misses records propagated from child loggers). ``redact()`` does the same for
  the commands' own prints; ``RedactFilter`` for a handler of one's own.
- ``printable()``: control characters (terminal escape sequences, carriage returns, bidi
  overrides) in a file name, WARC-Target-URI or URL are shown escaped (``\x1b``), never sent
  to the terminal raw; every log record and every ``redact()``-ed print goes through it.

- ``cap_lines()``: no line of a message or a traceback is longer than ``MAX_LINE_CHARS`` (an item
  or a response printed whole was hundreds of kB a line); the rest of a line is counted, not shown.

Filters put on the handler that prints (the CLI's, then Scrapy's root handler once the crawl
has its settings):

- ``RepeatFilter``: a warning logged from the same format string over and over (a start page
  full of dead links gave 2,522 "gave up on %s: %s") is printed the first ``limit`` times, then
  counted; ``suppressed_lines()`` says how many of each were not shown, for the summary. The
  counts are still in the crawl stats (``log_count/WARNING``) and ``-vv`` shows them all.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

# scheme://[user]:password@  ->  scheme://[user]:***@
_CREDENTIALS = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*):(?P<secret>[^\s@/]+)@", re.IGNORECASE)


# The longest line a log record prints; the rest of a longer one is cut and counted.
MAX_LINE_CHARS = 2000


# printf-style placeholders of a format string: %s, %r, %d, %(request)s, %.1f ...
_PLACEHOLDER = re.compile(r"%(\(\w+\))?[-#0 +]*\d*(\.\d+)?[sdrifg]")


# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides and isolates
# that make a terminal show text in another order than it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = True) -> str:
    """``text`` with its control characters escaped (ESC as ``\\x1b``) so that printing it
    cannot move the cursor, recolour or retitle the terminal, or hide what follows. Newlines and
    tabs are kept when ``lines`` (a message, a traceback); a single name passes ``lines=False``."""
    return (_CONTROL if lines else _CONTROL_OR_LINE).sub(_escaped, text)


def cap_lines(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """``text`` with every line longer than ``limit`` characters cut to fit, saying how much was cut."""
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(line) > limit:
            kept = line[: limit - 40]  # room for the note (22 characters and the count)
            lines[i] = f"{kept}... ({len(line) - len(kept)} more characters)"
    return "\n".join(lines)


def redact(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***``, and its control
    characters escaped (``printable``)."""
    return printable(_CREDENTIALS.sub(r"\g<head>:***@", text))


class RedactFilter(logging.Filter):
    """Formats a record whose message holds a secret and redacts it (its format string is kept
    as ``record.template``, for RepeatFilter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: logging itself reports it when it is emitted
        return record
    clean = cap_lines(redact(message))
    if clean != message:
        record.template = getattr(record, "template", record.msg)
        record.msg, record.args = clean, None
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    return record


_previous_factory = None


def install_redaction() -> None:
    """Redact every log record of the process as it is made (a record factory), so that no handler
    (Scrapy replaces its own several times while a crawl starts, a LOG_FILE, tqdm's) and no
    message logged before a handler was set up can show a password. Idempotent."""
    global _previous_factory
    if _previous_factory is not None:
        return
    _previous_factory = logging.getLogRecordFactory()
    previous = _previous_factory

    def factory(*args, **kwargs) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)


class RepeatFilter(logging.Filter):
    """Lets each (logger, level, format string) through ``limit`` times, counts the rest."""

    def __init__(self, limit: int = 5, level: int = logging.WARNING) -> None:
        super().__init__()
        self.limit = limit
        self.level = level
        self.seen: Counter[tuple[str, int, str]] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.level:
            return True
        key = (record.name, record.levelno, str(getattr(record, "template", record.msg)))
        self.seen[key] += 1
        return self.seen[key] <= self.limit

    def suppressed_lines(self) -> list[str]:
        """One line per kind of message that was cut short."""
        lines = []
        for (_, level, template), count in self.seen.items():
            if count > self.limit:
                example = redact(_PLACEHOLDER.sub("...", template))
                lines.append(
                    f"  {count - self.limit} more {logging.getLevelName(level).lower()}(s) like "
                    f"{example!r} not shown ({count} in all; -vv shows every one)"
                )
        return lines


class NetworkTracebackFilter(logging.Filter):
    """Drops the traceback of an expected network failure that Scrapy logs with one (robots.txt
    that cannot be fetched: a refused connection printed 60 lines of Twisted frames; a feed
    storage that cannot be reached); the message already names the URL and the error. Not
    installed with -vv."""

    LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.extensions.feedexport")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in self.LOGGERS and record.exc_info:
            record.exc_info, record.exc_text = None, None
        return True


class RedactingFormatter(logging.Formatter):
    """Wraps a handler's formatter so that what it prints is redacted whole, tracebacks included
    (an exception's text is only made when the record is formatted, after any filter ran), and
    no line of it is longer than ``MAX_LINE_CHARS``."""

    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        return cap_lines(redact(self.inner.format(record)))


def install(handler: logging.Handler, *, repeats: RepeatFilter | None) -> None:
    """Put the filters on ``handler`` (the repeat and traceback filters only when ``repeats`` is
    given: not with -vv)."""
    install_redaction()
    if not isinstance(handler.formatter, RedactingFormatter):
        handler.setFormatter(RedactingFormatter(handler.formatter))
    if repeats is not None:
        handler.addFilter(repeats)
        handler.addFilter(NetworkTracebackFilter())
