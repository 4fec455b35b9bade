"""The rules a review names: every rule id with its description and family, and the rule files
they came from (path and SHA-256), so a reader knows which rule set produced what they see."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from cleaners.result import MODEL_RULE_ID
from cleaners.ruleset import load_rule_file, rule_file_paths
from cleaners.site_repetition import RULE_ID as SITE_RULE

SITE_RULE_DESCRIPTION = "Short block that recurs verbatim on many pages of one site (template text)"
MODEL_RULE_DESCRIPTION = (
    "The block model: a block the rules kept, scored as junk at or above the threshold (each shows its score; "
    "docs/block-model.md)"
)


def rule_family(rule_id: str) -> str:
    """A rule's family is its id's prefix (``related.more-stories`` -> ``related``): the built-in
    files name their rules that way, one family a file, so colour by family reads as by file."""
    return rule_id.split(".", 1)[0] if "." in rule_id else rule_id


def _sha256(path: Path | Traversable) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rule_files_used(extra_files: Iterable[str | Path] = (), hosts: Iterable[str | None] = ()) -> list:
    """The rule files the pages of ``hosts`` were cleaned with, in load order, as cleaning picks
    them (cleaners.ruleset.rule_file_paths: a user file named like a built-in one replaces it,
    a folder stands for its files), each file once across the hosts."""
    hosts = list(hosts) or [None]
    files: list[Path | Traversable] = []
    seen: set[str] = set()
    for host in hosts:
        for path in rule_file_paths(host, extra_files):
            if str(path) not in seen:
                seen.add(str(path))
                files.append(path)
    return files


def rule_catalogue(
    extra_files: Iterable[str | Path] = (), hosts: Iterable[str | None] = ()
) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    """``(rules, rule_files)`` as ``render_review`` takes them: rule id -> ``{"description",
    "family", "file"}`` (a later file's rule with the same id wins, as when cleaning), and
    ``[{"path", "sha256"}]`` for each file loaded. Raises RuleFileError for a bad file."""
    rules: dict[str, dict[str, str]] = {
        SITE_RULE: {"description": SITE_RULE_DESCRIPTION, "family": rule_family(SITE_RULE), "file": "(built in)"},
        MODEL_RULE_ID: {"description": MODEL_RULE_DESCRIPTION, "family": rule_family(MODEL_RULE_ID),
                        "file": "cleaners/models/block_model.json"},
    }
    files = []
    for path in rule_files_used(extra_files, hosts):
        loaded = load_rule_file(path if not isinstance(path, Path) else str(path))
        for rule in (*loaded.dom, *loaded.text):
            rules[rule.id] = {"description": rule.description, "family": rule_family(rule.id), "file": str(path)}
        files.append({"path": str(path), "sha256": _sha256(path)})
    return rules, files
