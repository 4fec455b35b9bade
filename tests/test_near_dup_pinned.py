"""Near-duplicate signatures are stored and compared across runs and machines: a rensa upgrade that
hashes otherwise must fail here loudly (pinned signature) and, at run time, name another scheme
(so indexes start afresh) instead of silently matching nothing stored."""

from __future__ import annotations

import array
import hashlib
import logging
from importlib.metadata import version

import pytest
from rensa import RMinHash

from output import near_dup
from output.near_dup import NearDupConfig, SQLiteNearDupIndex, signature

TEXT = (
    "Dock workers at the three largest container ports walked off the job on Tuesday after talks "
    "over wages broke down."
)
# signature(TEXT, NearDupConfig()) under rensa 0.5.0: its first values and the hash of all 128
PINNED_FIRST = [3229350931, 2917540145, 1700657257, 3325999045]
PINNED_SHA256 = "ab019fce27a0456e1be2ad898107c65f26459361adb0b2c5e2459138d454616e"
# the scheme every index written so far stores its rows under: must stay readable
STORED_SCHEME = "rensa-rminhash-flat64-v1:128:5:20261201:16x8"


@pytest.fixture
def fresh_algorithm():
    """rensa_algorithm is probed once a process: probe again in the test and after it."""
    near_dup.rensa_algorithm.cache_clear()
    yield
    near_dup.rensa_algorithm.cache_clear()


class _RensaHashingOtherwise:
    """rensa as a release with other permutations would be: every signature differs."""

    @staticmethod
    def digest_matrix_from_flat_token_hashes(hashes, offsets, num_perm, seed):
        return RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets, num_perm, seed + 1)


def _assert_pinned() -> None:
    sig = signature(TEXT, NearDupConfig())
    values = list(array.array("I", sig))
    assert (values[:4], hashlib.sha256(sig).hexdigest()) == (PINNED_FIRST, PINNED_SHA256), (
        f"rensa {version('rensa')} changed the near-duplicate signature of a fixed text: stored signatures "
        "no longer compare with new ones. Check that NearDupConfig.scheme names another algorithm than v1 "
        "(output/near_dup.py rensa_algorithm), then pin this rensa's values here and in RENSA_V1_PROBE."
    )


def test_the_signature_of_a_fixed_text_is_pinned() -> None:
    _assert_pinned()


def test_the_installed_rensa_is_the_v1_algorithm_and_stored_indexes_stay_readable(tmp_path, fresh_algorithm) -> None:
    assert near_dup.rensa_probe_digest() == near_dup.RENSA_V1_PROBE
    assert NearDupConfig().scheme == STORED_SCHEME
    index = SQLiteNearDupIndex(tmp_path / "i.sqlite3", NearDupConfig())
    assert index.check_and_insert("https://a.example/1", signature(TEXT, NearDupConfig())) is None
    index.close()
    # a row as earlier runs wrote it is found by the current code (same scheme, same signature)
    again = SQLiteNearDupIndex(tmp_path / "i.sqlite3", NearDupConfig())
    assert again.db.execute("SELECT DISTINCT scheme FROM near_dup_members").fetchall() == [(STORED_SCHEME,)]
    assert again.check_and_insert("https://b.example/1", signature(TEXT + " Reuters", NearDupConfig())) == (
        "https://a.example/1"
    )
    again.close()


def test_a_rensa_that_hashes_otherwise_names_another_scheme_and_fails_the_pin(
    tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_algorithm
) -> None:
    index = SQLiteNearDupIndex(tmp_path / "i.sqlite3", NearDupConfig())
    assert index.check_and_insert("https://a.example/1", signature(TEXT, NearDupConfig())) is None
    index.close()

    # a later run, with the other rensa installed
    monkeypatch.setattr(near_dup, "RMinHash", _RensaHashingOtherwise)
    near_dup.rensa_algorithm.cache_clear()
    with caplog.at_level(logging.WARNING, logger="output.near_dup"):
        scheme = NearDupConfig().scheme
    assert scheme != STORED_SCHEME and scheme.startswith("rensa-rminhash-flat64-r")
    assert "re-check output/near_dup.py" in caplog.text and "not compared" in caplog.text
    with pytest.raises(AssertionError, match="changed the near-duplicate signature"):
        _assert_pinned()
    # the new signatures start a fresh index: the stored v1 row is never compared with them
    other = SQLiteNearDupIndex(tmp_path / "i.sqlite3", NearDupConfig())
    assert other.check_and_insert("https://b.example/1", signature(TEXT, NearDupConfig())) is None
    other.close()
