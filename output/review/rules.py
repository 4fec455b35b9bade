"""The rules a review names: every rule id with its description and family, and the rule files
they came from (path and SHA-256), so a reader knows which rule set produced what they see."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from cleaners.ruleset import builtin_rule_files, load_rule_file, site_rule_file
from cleaners.site_repetition import RULE_ID as SITE_RULE

SITE_RULE_DESCRIPTION = "Short block that recurs verbatim on many pages of one site (template text)"


def rule_family(rule_id: str) -> str:
    """A rule's family is its id's prefix (``related.more-stories`` -> ``related``): the built-in
    files name their rules that way, one family a file, so colour by family reads as by file."""
    return rule_id.split(".", 1)[0] if "." in rule_id else rule_id


def _sha256(path: Path | Traversable) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rule_files_used(extra_files: Iterable[str | Path] = (), hosts: Iterable[str | None] = ()) -> list:
    """The built-in files, the bundled site files of ``hosts``, then the user's, in load order."""
    files: list[Path | Traversable] = list(builtin_rule_files())
    seen = {str(f) for f in files}
    for host in hosts:
        for site_file in site_rule_file(host):
            if str(site_file) not in seen:
                seen.add(str(site_file))
                files.append(site_file)
    files += [Path(p) for p in extra_files]
    return files


def rule_catalogue(
    extra_files: Iterable[str | Path] = (), hosts: Iterable[str | None] = ()
) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    """``(rules, rule_files)`` as ``render_review`` takes them: rule id -> ``{"description",
    "family", "file"}`` (a later file's rule with the same id wins, as when cleaning), and
    ``[{"path", "sha256"}]`` for each file loaded. Raises RuleFileError for a bad file."""
    rules: dict[str, dict[str, str]] = {
        SITE_RULE: {"description": SITE_RULE_DESCRIPTION, "family": rule_family(SITE_RULE), "file": "(built in)"}
    }
    files = []
    for path in rule_files_used(extra_files, hosts):
        loaded = load_rule_file(path if not isinstance(path, Path) else str(path))
        for rule in (*loaded.dom, *loaded.text):
            rules[rule.id] = {"description": rule.description, "family": rule_family(rule.id), "file": str(path)}
        files.append({"path": str(path), "sha256": _sha256(path)})
    return rules, files
