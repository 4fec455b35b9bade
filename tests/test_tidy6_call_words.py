"""The network guard's call words do not depend on who imported what (tidy6).

``cleaners.shape_rules`` reads the comment lexicon's invitations ('Bagikan', 'Comparte', 'Deel')
as calls to the reader ('Bagikan di Facebook' is a share prompt). They used to be handed over by
``cleaners.label_rules`` when it was imported, so a process that imported the shape rules alone
read fewer calls and cleaned the same page differently. Now both read ``cleaners.reader_calls``.
The first test imports only the shape rules in a fresh interpreter (a process: the slow lane).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# calls in words only the comment lexicon's invitations hold (not the messenger concept's actions)
PROMPTS = ("Bagikan di Facebook", "Comparte en Facebook", "Deel via WhatsApp", "Condividi su Facebook")
_CHILD = (
    "import json, sys\n"
    "from cleaners import shape_rules\n"
    "answers = [shape_rules._calls_the_reader(t) for t in json.loads(sys.argv[1])]\n"
    "print(json.dumps(answers))\n"
)


def test_shape_rules_alone_read_the_comment_invitations_as_calls() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(PROMPTS)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    assert json.loads(result.stdout) == [True] * len(PROMPTS)


def test_call_words_and_the_comment_lexicon_share_one_set_of_invitations() -> None:
    from cleaners import label_rules, shape_rules
    from cleaners.reader_calls import COMMENT_INVITATIONS

    exact, stems, _ = shape_rules._call_words()
    assert {"bagikan", "comparte", "deel", "condividi", "teilen"} <= COMMENT_INVITATIONS
    assert {w for w in COMMENT_INVITATIONS if w.isalpha()} <= exact  # single words of letters only
    assert "partagez" in stems or "partagez" in exact
    assert label_rules.COMMENTS.invite >= COMMENT_INVITATIONS
