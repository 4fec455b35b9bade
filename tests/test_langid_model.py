"""py3langid's model from its unpacked cache (cleaners/langid_model.py): the same languages as
py3langid's own loader, unpacked once, and never a reason for a page to fail."""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from cleaners import langid_model

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXTS = [
    "The council approved the new budget for the water plan after a long debate on Tuesday.",
    "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Dienstag beschlossen.",
    "Le conseil municipal a approuvé le nouveau budget après un long débat mardi soir.",
    "市议会周二经过长时间辩论后批准了新的预算。",
    "وافق المجلس على الميزانية الجديدة بعد نقاش طويل يوم الثلاثاء",
    "12345 !!! ???",
] + [path.read_text(encoding="utf-8")[:3000] for path in sorted(FIXTURES.glob("*/expected.json"))]


@pytest.fixture(scope="module")
def upstream() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache root with the model unpacked once (by the first load) for this module's tests."""
    root = tmp_path_factory.mktemp("langid-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLEANCRAWL_CACHE_DIR", str(root))
        langid_model.load_identifier()
    return root


@pytest.fixture
def cache(unpacked: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLEANCRAWL_CACHE_DIR", str(unpacked))
    return unpacked


def _same_answers(ours: LanguageIdentifier, upstream: LanguageIdentifier) -> None:
    for text in TEXTS:
        assert ours.classify(text) == upstream.classify(text), text[:80]
    assert ours.rank(TEXTS[1]) == upstream.rank(TEXTS[1])


def test_the_unpacked_model_finds_the_languages_py3langid_finds(cache: Path, upstream: LanguageIdentifier) -> None:
    first = langid_model.load_identifier()
    (folder,) = cache.iterdir()  # one folder, no half-written one beside it
    assert folder.name.startswith("py3langid-") and (folder / "ptc.npy").exists()
    _same_answers(first, upstream)
    assert np.array_equal(first.nb_ptc, upstream.nb_ptc) and first.tk_nextmove == upstream.tk_nextmove
    _same_answers(langid_model.load_identifier(), upstream)  # read back from the cache


def test_once_unpacked_the_packed_model_is_not_read_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packed model was unpacked again")

    monkeypatch.setattr(lzma, "open", refuse)
    assert langid_model.load_identifier().classify(TEXTS[0])[0] == "en"


def test_switched_off_or_unwritable_the_model_loads_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upstream: LanguageIdentifier
) -> None:
    monkeypatch.setenv("CLEANCRAWL_CACHE_DIR", "off")
    _same_answers(langid_model.load_identifier(), upstream)
    assert list(tmp_path.iterdir()) == []

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CLEANCRAWL_CACHE_DIR", str(blocked / "cache"))
    _same_answers(langid_model.load_identifier(), upstream)


def test_a_damaged_cache_is_unpacked_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upstream: LanguageIdentifier
) -> None:
    (folder,) = cache.iterdir()
    copy = tmp_path / "cache" / folder.name
    shutil.copytree(folder, copy)
    monkeypatch.setenv("CLEANCRAWL_CACHE_DIR", str(copy.parent))
    size = (copy / "ptc.npy").stat().st_size
    (copy / "ptc.npy").write_bytes((copy / "ptc.npy").read_bytes()[:1000])  # cut short by a full disk

    _same_answers(langid_model.load_identifier(), upstream)
    assert (copy / "ptc.npy").stat().st_size == size


def test_another_model_gets_its_own_folder(tmp_path: Path) -> None:
    model = tmp_path / "model.npz.xz"
    model.write_bytes(b"one")
    first = langid_model.cache_folder(model, tmp_path)
    model.write_bytes(b"other")
    assert langid_model.cache_folder(model, tmp_path) != first


def test_the_cache_is_the_users_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLEANCRAWL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert langid_model.cache_root() == tmp_path / "xdg" / "cleancrawl"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert langid_model.cache_root() == tmp_path / ".cache" / "cleancrawl"
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no home to be found
    assert langid_model.cache_root() is None
