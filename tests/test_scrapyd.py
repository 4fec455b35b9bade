"""The project on scrapyd: deployed with scrapyd-deploy, run through schedule.json, items written.

Two scrapyd nodes are started on 127.0.0.1 in temporary folders, with a Python that sees every
dependency but not this checkout (as on a real node, where only the deployed egg brings the
project), and the project is deployed to both with ``scrapyd-deploy -a``. scrapyd and
scrapyd-client missing is a skip on a developer machine and a failure in CI.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_command
from mockserver import MockServer, article_html

PROJECT_FILES = ("scrapy.cfg", "pyproject.toml", "setup.py", "README.md", "cleaners", "crawler", "output")
JUNK = ["Also Read: Another headline about the budget vote", "Advertisement"]


def _require_scrapyd() -> None:
    missing = [name for name in ("scrapyd", "scrapyd_client") if importlib.util.find_spec(name) is None]
    if missing:
        message = f"{', '.join(missing)} not installed: pip install scrapyd scrapyd-client"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isolated_python(folder: Path) -> Path:
    """A venv whose site-packages points at ours through a plain path line: every dependency
    imports, but .pth hooks there (this checkout's editable install) are not run."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    target = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (target / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return python


def _env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}


def _get(node: str, path: str, **query: str) -> dict:
    url = urllib.parse.urljoin(node, path) + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _post(node: str, path: str, form: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(urllib.parse.urljoin(node, path), data, timeout=30) as response:
        return json.loads(response.read())


@dataclass
class Node:
    url: str
    folder: Path
    process: subprocess.Popen

    def wait_finished(self, job: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            finished = {j["id"]: j for j in _get(self.url, "listjobs.json", project="cleancrawl")["finished"]}
            if job in finished:
                return finished[job]
            time.sleep(0.3)
        raise AssertionError(f"job {job} did not finish on {self.url}; log: {self.log(job)[-3000:]}")

    def items(self, job: str) -> list[dict]:
        path = self.folder / "items" / "cleancrawl" / "articles" / f"{job}.jl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []

    def log(self, job: str) -> str:
        path = self.folder / "logs" / "cleancrawl" / "articles" / f"{job}.log"
        return path.read_text(encoding="utf-8") if path.exists() else "(no log)"


def _start_node(python: Path, folder: Path) -> Node:
    folder.mkdir(parents=True)
    port = _free_port()
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\nlogs_dir = logs\n"
        "items_dir = items\ndbs_dir = dbs\njobs_to_keep = 10\nmax_proc = 2\npoll_interval = 0.3\n",
        encoding="utf-8",
    )
    with (folder / "scrapyd.out").open("wb") as out:
        process = subprocess.Popen(
            [str(python), "-m", "scrapyd"], cwd=folder, env=_env(folder), stdout=out, stderr=subprocess.STDOUT
        )
    node = Node(f"http://127.0.0.1:{port}/", folder, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"scrapyd exited: {(folder / 'scrapyd.out').read_text()[-3000:]}")
        try:
            if _get(node.url, "daemonstatus.json")["status"] == "ok":
                return node
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"scrapyd did not answer on {node.url}: {(folder / 'scrapyd.out').read_text()[-3000:]}")


def _deploy(nodes: list[Node], checkout: Path) -> subprocess.CompletedProcess:
    """``scrapyd-deploy -a`` from a copy of the project whose scrapy.cfg targets the test nodes."""
    checkout.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, checkout / name)
    config = configparser.ConfigParser()
    config.read(checkout / "scrapy.cfg")
    config["deploy"]["url"] = nodes[0].url
    for i, node in enumerate(nodes[1:], start=1):
        config[f"deploy:node{i}"] = {"url": node.url, "project": "cleancrawl"}
    with (checkout / "scrapy.cfg").open("w") as f:
        config.write(f)
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "-a", "--version", "r1"],
        cwd=checkout,
        env=_env(checkout),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def nodes(tmp_path_factory) -> Iterator[list[Node]]:
    _require_scrapyd()
    # scrapyd finds the project's settings module through this entry point of the egg.
    assert "[project.entry-points.scrapy]" in (ROOT / "pyproject.toml").read_text(encoding="utf-8"), (
        'pyproject.toml needs [project.entry-points.scrapy] settings = "crawler.settings" for scrapyd'
    )
    base = tmp_path_factory.mktemp("scrapyd")
    python = _isolated_python(base / "venv")
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import scrapyd, trafilatura\ntry:\n import crawler\nexcept ImportError: print('isolated')",
        ],
        cwd=base,
        env=_env(base),
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "isolated", probe.stdout + probe.stderr
    started: list[Node] = []
    try:
        for i in range(2):
            started.append(_start_node(python, base / f"node{i}"))
        deployed = _deploy(started, base / "checkout")
        assert deployed.returncode == 0, deployed.stderr + deployed.stdout
        for node in started:
            assert _get(node.url, "listspiders.json", project="cleancrawl")["spiders"] == ["articles"]
        yield started
    finally:
        for node in started:
            node.process.terminate()
        for node in started:
            try:
                node.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                node.process.kill()


def test_scrapy_cfg_deploys_to_a_local_scrapyd():
    config = configparser.ConfigParser()
    config.read(ROOT / "scrapy.cfg")
    assert config["deploy"]["url"] == "http://127.0.0.1:6800/"
    assert config["deploy"]["project"] == "cleancrawl"


def test_egg_holds_everything_the_spider_needs(nodes):
    (egg,) = (nodes[0].folder / "eggs" / "cleancrawl").glob("*.egg")
    names = set(zipfile.ZipFile(egg).namelist())
    rules = {f"cleaners/rules/{p.name}" for p in (ROOT / "cleaners" / "rules").glob("*.toml")}
    assert rules and rules <= names
    assert {"crawler/settings.py", "crawler/spiders/articles.py", "output/record.schema.json"} <= names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]" in entry_points and "settings = crawler.settings" in entry_points


def test_articles_spider_runs_from_schedule_json(nodes, record_schema):
    import jsonschema

    node = nodes[0]
    with MockServer() as site_server:
        urls = [site_server.add(f"/news/{i}.html", article_html(f"Scrapyd story {i}", junk=JUNK)) for i in range(3)]
        site_server.add_sitemap("/sitemap.xml", urls)
        answer = _post(
            node.url,
            "schedule.json",
            [
                ("project", "cleancrawl"),
                ("spider", "articles"),
                ("url", site_server.url("/sitemap.xml")),
                ("setting", "AUTOTHROTTLE_START_DELAY=0"),
                ("setting", "CLEANCRAWL_WORKERS=1"),
            ],
        )
        assert answer["status"] == "ok", answer
        node.wait_finished(answer["jobid"])

    records = node.items(answer["jobid"])
    log = node.log(answer["jobid"])
    assert sorted(r["url"] for r in records) == sorted(urls), log[-3000:]
    validator = jsonschema.Draft202012Validator(record_schema)
    for record in records:
        validator.validate(record)
        assert record["source"] == f"127.0.0.1_{site_server.port}"
        # The junk rules came along in the egg and were applied.
        assert "Also Read" not in record["text"] and "Advertisement" not in record["text"]
    assert "Traceback" not in log and "ERROR" not in log
    assert "'finish_reason': 'finished'" in log


def test_scrapyd_schedule_spreads_sources_round_robin(nodes, tmp_path):
    with MockServer() as site_server:
        sources = []
        for name in ("alpha", "beta", "gamma"):
            urls = [site_server.add(f"/{name}/{i}.html", article_html(f"{name} story {i}")) for i in range(2)]
            sitemap = site_server.add_sitemap(f"/{name}/sitemap.xml", urls)
            sources.append(f'[sources.{name}]\nurls = ["{sitemap}"]\nmax_depth = 1\nschedule = "@hourly"\n')
        sources_file = tmp_path / "sources.toml"
        sources_file.write_text("\n".join(sources), encoding="utf-8")

        proc = run_command(
            "cli",
            [
                "scrapyd-schedule", "--nodes", ",".join(n.url for n in nodes), "--sources", str(sources_file),
                "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "CLEANCRAWL_WORKERS=1", "--json",
            ],
            cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        jobs = [json.loads(line) for line in proc.stdout.splitlines()]
        assert [(j["source"], j["node"]) for j in jobs] == [
            ("alpha", nodes[0].url),
            ("beta", nodes[1].url),
            ("gamma", nodes[0].url),
        ]
        by_url = {n.url: n for n in nodes}
        for job in jobs:
            by_url[job["node"]].wait_finished(job["job"])

    for job in jobs:
        records = by_url[job["node"]].items(job["job"])
        assert len(records) == 2, by_url[job["node"]].log(job["job"])[-3000:]
        assert {r["source"] for r in records} == {job["source"]}  # the source's own name, not the host


def test_scrapyd_schedule_errors_name_the_node_and_the_source(tmp_path):
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text('[sources.alpha]\nurls = ["http://alpha.example/"]\n', encoding="utf-8")
    dead = f"http://127.0.0.1:{_free_port()}/"
    proc = run_command("cli", ["scrapyd-schedule", "--nodes", dead, "--sources", str(sources_file)], cwd=tmp_path)
    assert proc.returncode == 1
    assert "'alpha'" in proc.stderr and dead in proc.stderr and "cannot reach scrapyd" in proc.stderr

    rules = tmp_path / "local.toml"
    rules.write_text("", encoding="utf-8")
    sources_file.write_text(
        '[sources.alpha]\nurls = ["http://alpha.example/"]\nrule_files = ["local.toml"]\n', encoding="utf-8"
    )
    proc = run_command("cli", ["scrapyd-schedule", "--nodes", dead, "--sources", str(sources_file)], cwd=tmp_path)
    assert proc.returncode == 2 and "rule_files" in proc.stderr and "sources.toml" in proc.stderr
