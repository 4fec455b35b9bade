"""The article page the text-rule class tests plant junk into (tests/test_text_rules_*.py)."""

from __future__ import annotations

URL = "https://riverside.example/2024/03/05/bridge-reopens/"
BODY = [
    f"The old river bridge reopened on day {i} of the works after the council replaced its bearings, "
    f"and traffic engineers counted {i + 3} hundred cyclists in the first hour of the morning."
    for i in range(8)
]


def page(end: list[str] = (), start: list[str] = ()) -> str:
    blocks = [*start, *BODY, *end]
    html = "".join(b if b.startswith("<") else f"<p>{b}</p>" for b in blocks)
    return (
        "<html lang='en'><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
        f"{html}</article></body></html>"
    )


def removed_by(article, text: str) -> str | None:  # type: ignore[no-untyped-def]
    return next((b.rule_id for b in article.removed if text in b.text or b.text in text), None)
