"""The cleaned article as Markdown, written from the same kept blocks as ``text``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.blocks import Block

_SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


def _heading_level(block: Block) -> int:
    rend = (block.element.get("rend") or "") if block.element is not None else ""
    return int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1] in "123456" else 2


def _code(block: Block) -> str:
    element = block.element
    body = "".join(element.itertext()).strip("\n") if element is not None else block.text
    return f"```\n{body}\n```"


def to_markdown(blocks: Sequence[Block]) -> str:
    """Headings as ``#``, list items as ``-``, quotes as ``>``, code fenced, tables as pipe tables;
    blocks of one list, table or code element stay together."""
    parts: list[str] = []
    previous: Block | None = None
    table_rows = 0
    for block in blocks:
        same_element = previous is not None and block.element is not None and block.element is previous.element
        if block.kind == "code":
            if not same_element:
                parts.append(_code(block))
        elif block.kind == "row":
            parent = block.element.getparent() if block.element is not None else None
            continuing = (
                previous is not None and previous.kind == "row" and previous.element is not None
                and previous.element.getparent() is parent
            )
            if continuing:
                table_rows += 1
                if table_rows == 1 and not _SEPARATOR.match(block.text):
                    # a table without a head row still needs the separator line to be a table
                    parts[-1] += "\n|" + "---|" * max(1, previous.text.count("|") - 1)
                parts[-1] += "\n" + block.text
            else:
                parts.append(block.text)
                table_rows = 0
        elif block.kind == "item":
            if previous is not None and previous.kind == "item":
                parts[-1] += "\n" + block.text
            else:
                parts.append(block.text)
        elif block.kind == "head":
            parts.append(f"{'#' * _heading_level(block)} {block.text}")
        elif block.kind == "quote":
            if same_element:
                parts[-1] += "\n> " + block.text
            else:
                parts.append("> " + block.text)
        else:
            parts.append(block.text)
        previous = block
    return "\n\n".join(parts)
