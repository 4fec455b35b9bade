"""pyproject's dependencies are exactly what crawler/, cleaners/ and output/ import (issue 18).

Every import of the three packages is read with ``ast`` (inside functions too), mapped from its
import name to the distribution that provides it (``importlib.metadata.packages_distributions``)
and compared with ``[project] dependencies``: a distribution imported but not declared works only
while something else happens to pull it in; one declared but never imported is dead weight, unless
it is listed in RUNTIME_ONLY with the reason it is needed though nothing imports it by name.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "cleaners", "output")

# Declared though no module of ours imports them by name: needed at run time all the same.
RUNTIME_ONLY = {
    # trafilatura's jusText imports lxml.html.clean, which lxml 5.2+ moved to this separate project
    "lxml-html-clean": "imported by trafilatura (jusText) as lxml.html.clean",
}


# Optional features: the distributions of the extra are declared for these files only (a module
# elsewhere importing them would break a plain install).
OPTIONAL_FEATURES = {
    "datatrove": ("crawler/datatrove_steps/", "crawler/cli/process.py"),
}


def _normal(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(packages=PACKAGES, root: Path = ROOT) -> dict[str, set[str]]:
    """Absolute imports of the packages' modules, as dotted names -> the files importing them."""
    found: dict[str, set[str]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name, set()).add(str(path.relative_to(root)))
    return found


def distributions_of(modules: dict[str, set[str]], packages=PACKAGES) -> dict[str, set[str]]:
    """Third-party distributions the modules come from -> the files importing them. The standard
    library and our own packages are left out; a module no installed distribution provides is
    reported under its own name (so it fails as undeclared)."""
    providers = importlib.metadata.packages_distributions()
    result: dict[str, set[str]] = {}
    for module, files in modules.items():
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top in packages or top == "__future__":
            continue
        candidates = providers.get(top, [top])
        if len(candidates) > 1:  # a namespace package (zope.*): the distribution named like the import
            named = [d for d in candidates if module.startswith(_normal(d).replace("-", "."))]
            candidates = named or candidates
        for dist in candidates:
            result.setdefault(_normal(dist), set()).update(files)
    return result


def declared_dependencies(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """The distribution names of ``[project] dependencies`` (without versions, extras, markers)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", spec).group(0)) for spec in project["dependencies"]}


@functools.cache
def _ours() -> dict[str, set[str]]:
    """The distributions our packages import (read once: parsing every module takes seconds)."""
    return distributions_of(imported_modules())


def declared_extra(extra: str, pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """The distribution names of one optional extra of ``[project.optional-dependencies]``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = project["optional-dependencies"][extra]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", spec).group(0)) for spec in specs}


def _allowed_by_a_feature(dist: str, files: set[str]) -> bool:
    """Every file importing ``dist`` belongs to an optional feature whose extra declares it."""
    for extra, homes in OPTIONAL_FEATURES.items():
        if dist in declared_extra(extra) and all(f.startswith(homes) for f in files):
            return True
    return False


def test_every_imported_distribution_is_declared():
    imported = _ours()
    declared = declared_dependencies()
    missing = {
        dist: sorted(files)[:3]
        for dist, files in imported.items()
        if dist not in declared and not _allowed_by_a_feature(dist, files)
    }
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


def test_every_declared_distribution_is_imported_or_needed_at_run_time():
    imported = _ours()
    unused = declared_dependencies() - set(imported) - set(RUNTIME_ONLY)
    assert not unused, f"declared in pyproject but imported nowhere in {PACKAGES}: {sorted(unused)}"
    stale = set(RUNTIME_ONLY) & set(imported)
    assert not stale, f"RUNTIME_ONLY lists distributions that are imported after all: {sorted(stale)}"


def test_the_check_sees_what_it_must(tmp_path):
    # the checker itself: an undeclared import and a dotted namespace import are both found
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(
        "import json\nfrom pkg import other\nfrom . import sibling\n"
        "def late():\n    import cssselect\n    from zope.interface import implementer\n",
        encoding="utf-8",
    )
    modules = imported_modules(("pkg",), tmp_path)
    assert set(modules) == {"json", "pkg", "cssselect", "zope.interface"}
    assert set(distributions_of(modules, ("pkg",))) == {"cssselect", "zope-interface"}
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["Twisted>=24.7,<27", "zope.interface>=6", "lxml_html_clean"]\n')
    assert declared_dependencies(pyproject) == {"twisted", "zope-interface", "lxml-html-clean"}


def test_constraints_pin_every_declared_dependency():
    pinned = {
        _normal(line.split("==")[0])
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert declared_dependencies() <= pinned, sorted(declared_dependencies() - pinned)
