"""docs/architecture.md's import rules and tree, checked against the code by reading it with ``ast``.

Nothing is imported: each module of ``crawler``, ``cleaners`` and ``output`` is parsed, its imports
(at module level and inside functions alike: a lazy import is still a dependency) resolved to our
modules, and the rules checked:

- no import circles among our modules;
- ``cleaners`` imports nothing of ``crawler`` or ``output``, nor Scrapy/Twisted;
- ``output`` imports nothing of ``crawler``, nor Scrapy/Twisted;
- no ``crawler/cli/<cmd>.py`` imports another sub-command module (only the shared CLI modules),
  and nothing outside ``crawler/cli/`` imports ``crawler.cli``;
- every package named in the doc's tree exists, and every package that exists is named there.

``CLEANCRAWL_ARCH_ROOT`` points the checks at another checkout (to see them fail on an old tree).
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("CLEANCRAWL_ARCH_ROOT") or Path(__file__).resolve().parent.parent)
PACKAGES = ("crawler", "cleaners", "output")
FRAMEWORKS = ("scrapy", "twisted")
# The CLI modules every sub-command may import (what commands share lives there), when
# crawler/cli/__init__.py has no COMMAND_MODULES list to tell the sub-commands by.
SHARED_CLI = frozenset({"crawler.cli", "crawler.cli.common", "crawler.cli.outputs"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Our modules by dotted name (package data such as crawler/demo_site/ is not code)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "__pycache__" in parts or "demo_site" in parts:
                continue
            found[_module_name(path)] = path
    return found


def _imported(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> Iterator[str]:
    """Dotted names an import statement reaches: ``from a import b`` is module ``a.b`` when that
    is one of ours, else a name from ``a``."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    for alias in node.names:
        full = f"{base}.{alias.name}"
        yield full if full in modules() else base


@cache
def imports() -> dict[str, frozenset[str]]:
    """Each of our modules -> every dotted name it imports (third-party ones too)."""
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[name] = frozenset(
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _imported(name, node, is_package)
        )
    return graph


def _ours(name: str) -> str | None:
    """The module of ours a dotted name is, or is in (``output.record.make_record`` -> ``output.record``)."""
    while name:
        if name in modules():
            return name
        name = name.rpartition(".")[0]
    return None


def _edges() -> dict[str, set[str]]:
    return {
        module: {target for name in names if (target := _ours(name)) and target != module}
        for module, names in imports().items()
    }


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in imports().items()
        if module == package or module.startswith(package + ".")
        for name in names
        if name.split(".")[0] in forbidden
    )


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    assert _cycles(_edges()) == []


def test_cleaners_imports_only_cleaners() -> None:
    assert _violations("cleaners", ("crawler", "output", *FRAMEWORKS)) == []


def test_output_imports_neither_crawler_nor_scrapy() -> None:
    assert _violations("output", ("crawler", *FRAMEWORKS)) == []


def _command_modules() -> list[str]:
    """The sub-command modules: those crawler/cli/__init__.py lists in ``COMMANDS`` (or
    ``COMMAND_MODULES``; read with ``ast``); without such a list, every module of crawler/cli/ but
    the shared ones."""
    init = modules().get("crawler.cli")
    if init is not None:
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                if "COMMANDS" in names and node.value is not None:  # name -> (module, help line)
                    table = ast.literal_eval(node.value)
                    return sorted({module for module, _ in table.values()})
                if "COMMAND_MODULES" in names and node.value is not None:
                    listed = ast.literal_eval(node.value)
                    return sorted(name for name in listed if isinstance(name, str))
    return sorted(
        name
        for name in modules()
        if name.startswith("crawler.cli.") and name not in SHARED_CLI and name != "crawler.cli.__main__"
    )


def test_no_sub_command_imports_another() -> None:
    commands = set(_command_modules())
    assert commands, "no sub-command modules found under crawler/cli/"
    shared = {name for name in modules() if name.startswith("crawler.cli.") and name not in commands}
    crossing = sorted(
        f"{module} imports {target}"
        for module in sorted(commands | shared - {"crawler.cli.__main__"})
        for target in _edges()[module]
        if target in commands
    )
    assert crossing == []


def test_nothing_outside_the_cli_imports_it() -> None:
    outside = sorted(
        f"{module} imports {target}"
        for module, targets in _edges().items()
        if not (module == "crawler.cli" or module.startswith("crawler.cli."))
        for target in targets
        if target == "crawler.cli" or target.startswith("crawler.cli.")
    )
    assert outside == []


def documented_tree() -> list[str]:
    """The package paths of docs/architecture.md's "Target tree" block, one per line."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Target tree", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block, "docs/architecture.md: no code block under '## Target tree'"
    return [line.split()[0].rstrip("/") for line in block.group(1).splitlines() if line.strip()]


def existing_packages() -> list[str]:
    return sorted(
        path.parent.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("__init__.py")
        if "__pycache__" not in path.parts and "demo_site" not in path.parts
    )


@pytest.mark.parametrize("where", ["named", "existing"])
def test_documented_tree_matches_the_packages(where: str) -> None:
    named = documented_tree()
    if where == "named":  # every package the doc names exists (data folders such as rules/ too)
        assert [path for path in named if not (ROOT / path).is_dir()] == []
    else:  # every package that exists is in the doc
        assert [path for path in existing_packages() if path not in named] == []
