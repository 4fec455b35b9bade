"""Write records as JSON lines with orjson: one object per line, UTF-8, newline-terminated."""

from __future__ import annotations

from typing import IO, Any

import orjson


def dumps_line(record: dict[str, Any]) -> bytes:
    """One record as one line of bytes; non-str keys and numpy-free values only."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


class JsonLinesWriter:
    """Writes whole lines only: a line is built in memory, then written and flushed at once, so a
    reader (or a crash) never sees half a record."""

    def __init__(self, stream: IO[bytes], flush_every: int = 1) -> None:
        self._stream = stream
        self._flush_every = flush_every
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(dumps_line(record))
        self.count += 1
        if self.count % self._flush_every == 0:
            self._stream.flush()

    def close(self) -> None:
        self._stream.flush()
