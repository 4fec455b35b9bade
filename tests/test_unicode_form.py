"""clean_html's text is in Unicode NFC, as trafilatura's own output is (trafilatura.core
normalises what it returns): a page written in decomposed form (macOS editors, some CMSs, Bengali
nukta letters) otherwise yields text that a search for the same words in the usual composed form
does not find, though every character was kept."""

from __future__ import annotations

import unicodedata

from cleaners import clean_html

SENTENCE = "Besonders bei Babyschalen sollte geprüft werden, ob der Gurt richtig sitzt."
GERMAN = [
    SENTENCE + " Die Prüfer empfehlen, die Schale vor jeder Fahrt fest im Auto zu verankern.",
    "Im Test fielen drei von zwölf Sitzen durch, weil sich die Gurtschlösser bei einem Aufprall öffneten.",
    "Die Hersteller kündigten an, die betroffenen Modelle kostenlos umzutauschen und Käufer zu informieren.",
    "Eltern sollten außerdem darauf achten, dass der Sitz zum Gewicht und zur Größe des Kindes passt.",
]
BENGALI = [
    "আজ শনিবার সকাল সাড়ে সাতটার দিকে দৌলতপুর উপজেলার ফিলিপনগর গ্রামে এ ঘটনা ঘটে বলে পুলিশ জানিয়েছে।",
    "হামলাকারীকে আটক করেছে পুলিশ এবং তাকে জিজ্ঞাসাবাদ করার পর প্রকৃত ঘটনা জানা যাবে বলে জানানো হয়েছে।",
    "নিহতের স্বজনরা জানান তিনি সক্রিয় রাজনীতির সঙ্গে জড়িত ছিলেন এবং স্থানীয় বাজারের দিকে যাচ্ছিলেন।",
]


def _page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Kindersitze im Test</title></head><body><nav><a href='/'>Start</a></nav>"
        f"<article><h1>Kindersitze im Test</h1>{body}</article></body></html>"
    ).encode()


def test_decomposed_page_text_comes_out_composed():
    page = _page([unicodedata.normalize("NFD", p) for p in GERMAN])
    assert "geprüft".encode() not in page  # the page really is decomposed
    article = clean_html(page, "https://news.example.de/auto/kindersitze")
    assert not article.rejected
    assert SENTENCE in article.text
    assert unicodedata.is_normalized("NFC", article.text)


def test_bengali_nukta_letter_comes_out_as_nfc_writes_it():
    # U+09DF (য়) is excluded from composition: NFC writes it as U+09AF U+09BC, as trafilatura does
    precomposed = [p.replace("\u09af\u09bc", "\u09df") for p in BENGALI]
    assert "\u09df" in precomposed[0]
    article = clean_html(_page(precomposed), "https://news.example.bd/2020/08/1")
    assert not article.rejected
    assert "\u09df" not in article.text
    assert unicodedata.normalize("NFC", BENGALI[0]) in article.text


def test_composed_page_is_unchanged():
    article = clean_html(_page(GERMAN), "https://news.example.de/auto/kindersitze")
    assert article.text.split("\n") == GERMAN
