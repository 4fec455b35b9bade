"""What a short command imports: ``cleancrawl --version`` needs nothing of the project's heavy
dependencies, and ``cleancrawl clean`` none of the crawl's (Scrapy, twisted, Redis), the
datasets' (pyarrow, pandas) or near-duplicate detection's (rensa).

Import cost cannot be checked in the test process (everything is imported there already), so
each command runs in a fresh interpreter that reports the packages it loaded. Timing targets
live in benchmarks/cli_startup.py, never here.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "amp-wire-story-byline-copyright" / "page.html"

# Runs one command through crawler.cli.main, then prints the top-level packages it loaded as the
# last line of standard output (the command's own output goes to a file).
_CHILD = """
import json, sys
from crawler.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print()
print(json.dumps({"code": code, "packages": sorted({name.split(".")[0] for name in sys.modules})}))
"""

# Never needed by a command that neither crawls nor writes datasets nor finds near-duplicates.
NOT_FOR_CLEAN = {"scrapy", "twisted", "redis", "scrapy_redis", "pyarrow", "pandas", "rensa", "jsonschema"}
# --version prints one line from importlib.metadata: none of the cleaning library either.
NOT_FOR_VERSION = NOT_FOR_CLEAN | {"trafilatura", "numpy", "lxml", "py3langid", "cleaners", "output", "tqdm"}


def _packages_loaded(args: list[str], cwd: Path) -> tuple[object, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=cwd,
        capture_output=True,
        timeout=240,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0 and "Traceback" not in stderr, stderr
    report = json.loads(proc.stdout.decode().splitlines()[-1])
    return report["code"], set(report["packages"])


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    code, packages = _packages_loaded(["--version"], tmp_path)
    assert code in (0, None)
    assert not packages & NOT_FOR_VERSION, f"--version imported {sorted(packages & NOT_FOR_VERSION)}"


@pytest.mark.parametrize("extra", [[], ["--no-site-repetition"]], ids=["two-pass", "one-pass"])
def test_clean_of_one_page_imports_no_crawl_or_dataset_library(tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    code, packages = _packages_loaded(["clean", str(PAGE), "-o", str(out), *extra], tmp_path)
    assert code == 0
    assert out.read_text().count("\n") == 1  # it did clean the page
    assert "trafilatura" in packages  # the check sees what a run loads
    assert not packages & NOT_FOR_CLEAN, f"clean imported {sorted(packages & NOT_FOR_CLEAN)}"


def test_help_imports_no_crawl_or_dataset_library(tmp_path: Path) -> None:
    code, packages = _packages_loaded(["-h"], tmp_path)
    assert code == 0
    assert not packages & NOT_FOR_CLEAN, f"-h imported {sorted(packages & NOT_FOR_CLEAN)}"


# Light modules of the libraries, which commands that read pages or records but clean nothing
# (runs, schedule, review's loading, page reading) import.
LIGHT_MODULES = [
    "cleaners", "crawler.offline.page_inputs", "cleaners.words", "output", "output.review", "crawler.state.run_log"
]


def test_light_library_modules_do_not_load_the_extractor(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", f"import sys; import {', '.join(LIGHT_MODULES)}; print(sorted(sys.modules))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    packages = {name.split(".")[0] for name in json.loads(proc.stdout.replace("'", '"'))}
    assert not packages & {"trafilatura", "numpy", "py3langid"}, sorted(packages & {"trafilatura", "numpy"})


def test_the_cleaners_package_still_offers_its_names() -> None:
    import cleaners

    assert sorted(cleaners.__all__) == sorted(cleaners._EXPORTS)
    for name in cleaners.__all__:
        assert getattr(cleaners, name) is getattr(importlib.import_module(cleaners._EXPORTS[name]), name)
    with pytest.raises(AttributeError):
        cleaners.no_such_name  # noqa: B018
