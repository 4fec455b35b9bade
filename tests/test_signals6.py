"""signals6: a stop signal is never lost nor turned into a traceback, whenever it comes.

benchmarks/signal_probe.py found these by stopping every long-running command at a sweep of
delays; each test below makes its window wide on purpose instead of hoping to hit it.
"""

from __future__ import annotations

import importlib
import signal

import pytest

import crawler.cli as cli

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class _InterruptInFinalizer:
    """Delivers SIGINT while Python runs a finalizer, as it does inside importlib's module-lock
    callback: the KeyboardInterrupt raised there is printed as "Exception ignored" and dropped."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)


def test_ctrl_c_swallowed_during_the_commands_import_still_interrupts(monkeypatch, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>hello</p></body></html>")
    real_import = importlib.import_module
    ran = []

    def import_with_a_swallowed_interrupt(name, *args):
        module = real_import(name, *args)
        if name == "crawler.cli.clean":
            _InterruptInFinalizer()  # dropped at once: its __del__ gets the Ctrl-C
            monkeypatch.setattr(module, "run", lambda args: ran.append(args) or 0)
        return module

    monkeypatch.setattr(cli.importlib, "import_module", import_with_a_swallowed_interrupt)
    previous = signal.getsignal(signal.SIGINT)
    status = cli.main(["clean", str(page), "-o", str(tmp_path / "out.jsonl")])
    assert status == 130
    assert ran == [], "the command ran on after a Ctrl-C"
    assert "cleancrawl clean: interrupted" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is previous, "main() left its own SIGINT handler behind"


def test_ctrl_c_swallowed_while_the_command_runs_is_not_reported_as_success(monkeypatch, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>hello</p></body></html>")
    real_import = importlib.import_module

    def import_whose_run_swallows_an_interrupt(name, *args):
        module = real_import(name, *args)
        if name == "crawler.cli.clean":
            monkeypatch.setattr(module, "run", lambda args: _InterruptInFinalizer() and 0)
        return module

    monkeypatch.setattr(cli.importlib, "import_module", import_whose_run_swallows_an_interrupt)
    status = cli.main(["clean", str(page), "-o", str(tmp_path / "out.jsonl")])
    assert status == 130
    assert "cleancrawl clean: interrupted" in capsys.readouterr().err


@pytest.mark.parametrize("status", [1, 2])
def test_a_failure_status_is_kept_when_nothing_interrupted(monkeypatch, tmp_path, status):
    page = tmp_path / "page.html"
    page.write_text("<html></html>")
    real_import = importlib.import_module

    def import_with_run(name, *args):
        module = real_import(name, *args)
        if name == "crawler.cli.clean":
            monkeypatch.setattr(module, "run", lambda args: status)
        return module

    monkeypatch.setattr(cli.importlib, "import_module", import_with_run)
    assert cli.main(["clean", str(page)]) == status
