"""Word counts that mean the same in every script.

``count_words`` is what ``word_count``, the article minimum and every rule's ``max_words`` use:

- text written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew, Hangul, Devanagari...):
  one word per whitespace-separated token;
- Chinese and Japanese (Han ideographs, Hiragana, Katakana): one word per character, the
  convention of word processors for East Asian text (a Chinese word averages 1.5 characters,
  so this errs towards more words, never towards an article counted as "1 word");
- Thai, Lao, Khmer and Burmese, written without spaces between words: one word per 4 letters of
  a run (combining vowel and tone marks excluded), an estimate close to the average word length
  that needs no dictionary segmenter.
"""

from __future__ import annotations

import math
import re

_CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Base letters of Thai, Lao, Khmer and Myanmar runs (marks, which stack on a letter, excluded).
_SOUTHEAST_RUN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
_SOUTHEAST_LETTER = re.compile(r"[\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46\u0e81-\u0eb0\u0eb2\u0eb3\u0ebd-\u0ec6"
                               r"\u1780-\u17b3\u1000-\u102a\u103f-\u1055]")
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
SOUTHEAST_LETTERS_PER_WORD = 4


def count_words(text: str) -> int:
    """Words in ``text`` as defined above; plain ASCII takes the fast path of ``str.split``."""
    if text.isascii():
        return len(text.split())
    if not _NO_SPACE_SCRIPTS.search(text):
        return len(text.split())
    count = len(_CJK.findall(text))
    for run in _SOUTHEAST_RUN.findall(text):
        count += math.ceil(len(_SOUTHEAST_LETTER.findall(run)) / SOUTHEAST_LETTERS_PER_WORD)
    rest = _NO_SPACE_SCRIPTS.sub(" ", text)
    return count + len(rest.split())


def has_unspaced_script(text: str) -> bool:
    """True when ``text`` holds Chinese, Japanese, Thai, Lao, Khmer or Burmese letters, whose words
    ``split_words`` cuts apart without spaces."""
    return not text.isascii() and _NO_SPACE_SCRIPTS.search(text) is not None


def split_words(text: str) -> list[str]:
    """The words ``count_words`` counts, as strings, in text order: whitespace tokens, one string
    per Chinese/Japanese character, and Thai, Lao, Khmer or Burmese runs cut into pieces of 4 base
    letters (a mark stays with the letter before it). ``len(split_words(t)) == count_words(t)``.
    Used for word shingles (near-duplicate detection), so a Chinese article gets as many as an
    English one of the same length."""
    if text.isascii() or not _NO_SPACE_SCRIPTS.search(text):
        return text.split()
    words: list[str] = []
    for token in text.split():
        if not _NO_SPACE_SCRIPTS.search(token):
            words.append(token)
            continue
        for piece in _PIECES.findall(token):
            if _CJK.match(piece):
                words.append(piece)
            elif _SOUTHEAST_RUN.match(piece):
                words.extend(_southeast_words(piece))
            else:
                words.append(piece)
    return words


# A token of a spaced script cut at each CJK character and each Southeast Asian run.
_PIECES = re.compile(
    _CJK.pattern + r"|" + _SOUTHEAST_RUN.pattern + r"|[^\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    r"\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)


def _southeast_words(run: str) -> list[str]:
    """A run cut after every 4th base letter; a run of marks only counts as no word."""
    words, current, letters = [], "", 0
    for char in run:
        if _SOUTHEAST_LETTER.match(char):
            if letters == SOUTHEAST_LETTERS_PER_WORD:
                words.append(current)
                current, letters = "", 0
            letters += 1
        current += char
    if letters:
        words.append(current)
    return words
