"""The ``cleancrawl`` command: a thin dispatcher; each sub-command lives in its own module.

Every command keeps one contract (crawler/cli/common.py, docs/cli.md). Exit status: 0 done; 1
the work ran but some input or page failed or was lost; 2 a mistake in the command line or its
inputs, found before any work (one line on standard error says which); 130 interrupted. Records
go to standard output only when asked for (``-o -``); summaries, progress and logs go to
standard error. ``-v``/``-q`` may come before or after the command.

Only the chosen command's module is imported (``cleancrawl clean`` never pays for Scrapy, and
``cleancrawl --version`` for none of them): ``COMMANDS`` names each command's module and the line
``cleancrawl -h`` shows for it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

# Command name -> (its module, the line `cleancrawl -h` shows). Each module defines
# ``add_parser(subparsers)`` and ``run(args) -> int``; tests/test_cli_contract.py checks that
# these lines are the modules' own.
COMMANDS: dict[str, tuple[str, str]] = {
    "clean": ("crawler.cli.clean", "clean saved pages (HTML files, folders, WARC files) into JSON lines"),
    "fixtures": ("crawler.cli.fixtures", "check the saved pages in tests/fixtures against their expected output"),
    "diff": ("crawler.cli.diff",
             "compare two cleanings of the same pages: two runs, or one corpus under two rule sets"),
    "crawl": ("crawler.cli.crawl", "crawl start pages, sitemaps or feeds and write clean articles as JSON lines"),
    "feed": ("crawler.cli.feed", "give sources and start URLs to the workers of a crawl shared through Redis"),
    "demo": ("crawler.cli.demo", "serve the bundled sample news site on 127.0.0.1 and crawl it (offline, seconds)"),
    "schedule": ("crawler.cli.schedule", "run scheduled sources as crawls when their cron expression is due "
                 "(foreground)"),
    "runs": ("crawler.cli.runs", "list scheduled crawl runs (status, items, errors, output files)"),
    "scrapyd-schedule": ("crawler.cli.scrapyd", "start one scrapyd job per source, spread round-robin over "
                         "scrapyd nodes"),
    "dedup": ("crawler.cli.dedup", "mark or drop exact and near-duplicate records in JSON-lines files"),
    "review": ("crawler.cli.review", "write one self-contained HTML review of a cleaning run: kept text, "
               "removed blocks and their rules"),
    "export": ("crawler.cli.export", "convert JSON-lines record files into Parquet shards (for pandas, pyarrow, "
               "Hugging Face datasets)"),
    "process": ("crawler.cli.process", "clean, strip site repetition and mark near-duplicates of WARC files on "
                "datatrove (local, Slurm, Ray)"),
}
COMMAND_MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
GLOBAL_FLAGS = ("-v", "--verbose", "-q", "--quiet", "-h", "--help", "--version")


class CliParser(argparse.ArgumentParser):
    """A usage mistake is one line, ``cleancrawl <command>: <what>``, exit 2 (not argparse's
    usage block): the same shape as every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see '{self.prog} -h')", file=sys.stderr)
        raise SystemExit(2)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("cleancrawl")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


class _Version(argparse.Action):
    """``--version``, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> NoReturn:
        print(f"{parser.prog} {version()}")
        raise SystemExit(0)


def _add_verbosity(parser: argparse.ArgumentParser, suffix: str = "") -> None:
    """-v/-q, on the top parser and (into other names, added up in main) on each command's."""
    group = parser.add_argument_group("output")
    group.add_argument("-v", "--verbose", action="count", default=0, dest="verbose" + suffix,
                       help="more logging (-vv for debug)")
    group.add_argument("-q", "--quiet", action="store_true", dest="quiet" + suffix,
                       help="no progress bar, warnings and errors only, a summary only on trouble")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv``: its first word that is not one of the top-level flags."""
    for arg in argv:
        if arg == "--":
            return None
        if arg.startswith("-"):
            continue
        return arg
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line: every command listed; only ``command``'s module imported and its options
    added (all of them when ``command`` is "*", as the docs and tests read them)."""
    parser = CliParser(
        prog="cleancrawl",
        description="Crawl news sites and emit clean article text as JSON lines.",
        epilog="Exit status: 0 done, 1 some input or page failed or was lost, 2 a mistake in the command, "
        "130 interrupted. 'cleancrawl COMMAND -h' for a command's options.",
    )
    parser.add_argument("--version", action=_Version)
    _add_verbosity(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)
    for name, (module, help_line) in COMMANDS.items():
        if command in (name, "*"):
            importlib.import_module(module).add_parser(subparsers)
            _add_verbosity_after(subparsers.choices[name])
        else:
            subparsers.add_parser(name, help=help_line, add_help=False)
    parser.set_defaults(command_parsers=subparsers.choices)
    return parser


def _add_verbosity_after(parser: argparse.ArgumentParser, depth: int = 1) -> None:
    """-v/-q on a command's parser and on its own actions' (``fixtures check -v``), each level
    into its own names (``verbose_after1``, ...): argparse copies a sub-parser's defaults over
    what the level above it parsed."""
    _add_verbosity(parser, f"_after{depth}")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _add_verbosity_after(child, depth + 1)


def _log_setup(verbose: int, quiet: bool) -> None:
    from crawler.components import log_filters

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    if quiet and not verbose:
        level = logging.ERROR
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    log_filters.install_redaction()


def _silence_stdout() -> None:
    """The reader of standard output went away (``cleancrawl ... | head``): what is still
    buffered goes nowhere instead of raising BrokenPipeError again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _NotedInterrupt:
    """SIGINT (and SIGTERM) raise KeyboardInterrupt as Python's own SIGINT handler does, and are
    noted as well.

    A KeyboardInterrupt raised inside a finalizer or a weakref callback is printed as "Exception
    ignored" and dropped: importlib runs such a callback for every module lock, so a Ctrl-C in the
    seconds a command imports Scrapy was lost about once in seven (the crawl went on and exited 0;
    benchmarks/signal_probe.py). Noted, it is raised again before the command's work starts and,
    if the work still swallowed it, the command does not claim success.

    SIGTERM is the same stop: by default it killed the process on the spot, so `clean` lost the
    pages it had finished and left its temporary output file behind. (A crawl replaces both
    handlers with its own graceful stop once it sets up; ``schedule`` with its own.) A process
    forked from this one does not inherit the change: there SIGTERM still ends it at once."""

    def __init__(self) -> None:
        self.received = False
        self.closing = False
        self._previous: dict[int, object] = {}
        self._pid = 0

    def install(self) -> None:
        """Only over Python's default handlers, and only in the main thread (where signals go)."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._pid = os.getpid()
        defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
        for signum, default in defaults.items():
            if signal.getsignal(signum) is default:
                self._previous[signum] = signal.signal(signum, self)

    def restore(self) -> None:
        for signum, previous in self._previous.items():
            if signal.getsignal(signum) is self:
                signal.signal(signum, previous)
        self._previous = {}

    def settle(self) -> None:
        """The outcome is decided and reported; this process is the program and only exits now.
        A Ctrl-C from here on (a second one just too late) is dropped: it would only end the
        process by the signal (exit -2) instead of its status. Ignored, not handled: the
        interpreter puts Python handlers back to the default while it finalizes (tenths of a second
        after a big import graph), and a Ctrl-C then killed it. SIGTERM still ends a stuck exit."""
        self.closing = True
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if signal.getsignal(signal.SIGTERM) is self:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self._previous = {}

    def __call__(self, signum: int, frame: object) -> None:
        if self.closing and signum == signal.SIGINT:
            return
        if signum == signal.SIGTERM and os.getpid() != self._pid:  # a forked child: die as before
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        self.received = True
        raise KeyboardInterrupt

    def raise_if_received(self) -> None:
        if self.received:
            raise KeyboardInterrupt


_interrupt = _NotedInterrupt()


def main(argv: Sequence[str] | None = None) -> int:
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    command = chosen_command(argv)
    _interrupt.received = _interrupt.closing = False
    _interrupt.install()
    try:
        code = _main(argv, command)
        if code == 0:
            _interrupt.raise_if_received()  # a Ctrl-C the work swallowed: not a success
        return code
    except KeyboardInterrupt:  # anywhere: while importing, parsing or running
        _interrupt.closing = True  # a second Ctrl-C must not cut this line short
        print(f"cleancrawl{' ' + command if command in COMMANDS else ''}: interrupted", file=sys.stderr)
        return 130
    finally:
        if as_program:
            _interrupt.settle()
        else:
            _interrupt.restore()


def _main(argv: list[str], command: str | None) -> int:
    if command is not None and command not in COMMANDS:
        import difflib

        close = difflib.get_close_matches(command, list(COMMANDS), n=1)
        hint = f"did you mean {close[0]}?" if close else "'cleancrawl -h' lists them"
        print(f"cleancrawl: no command {command!r}; {hint}", file=sys.stderr)
        return 2
    parser = build_parser(command)
    args, extra = parser.parse_known_args(argv)
    if extra:  # named by the command's own parser: "cleancrawl clean: unrecognized arguments: ..."
        where = args.command_parsers.get(getattr(args, "command", None) or "", parser)
        where.error(f"unrecognized arguments: {' '.join(extra)}")
    args.argv = argv  # the command as typed, for a summary's "carry on with: ..."
    if not getattr(args, "command", None):
        # Bare `cleancrawl`: what it can do, not an error message.
        parser.print_help(sys.stderr)
        return 2
    after = vars(args)
    args.verbose += sum(v for k, v in after.items() if k.startswith("verbose_after"))
    args.quiet = args.quiet or any(v for k, v in after.items() if k.startswith("quiet_after"))
    _log_setup(args.verbose, args.quiet)
    from crawler.cli.common import UsageError, say  # (not for --version and -h: they are done by now)

    _interrupt.raise_if_received()  # a Ctrl-C swallowed while the command imported: no work
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()
        return code
    except UsageError as err:
        say(args.command, str(err))
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 0
