"""The command line: ``easeback`` opens the window; ``easeback COMMAND`` runs a command.

Each command is a module of this package with ``add_parser(sub)``, which sets
its ``handler``, and ``run(ctx) -> int``. A new command is a new module and a
line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence

from easeback import APP_NAME, __version__
from easeback.cli import export_audio, history, listen, plan, run, status, validate, voices
from easeback.cli import list as list_command
from easeback.cli.context import catalogue_files, choices_from_args
from easeback.cli.options import add_catalogue_option, add_window_options

COMMANDS = (list_command, plan, validate, run, voices, export_audio, history, status, listen)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option (``easeback --help`` shows them)."""
    parser = argparse.ArgumentParser(
        prog="easeback",
        description="Hands-free coach for back-pain stretches and glute exercises. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    add_window_options(parser)
    add_catalogue_option(parser)
    parser.set_defaults(handler=None, id=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    for name, command_parser in sub.choices.items():
        if name != "run":  # run has it already, among the window's options
            add_catalogue_option(command_parser, sub=True)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.remind_every is not None and args.remind_every <= 0:
        parser.error("--remind-every needs a number of minutes above 0")
    # what the window takes from the command line, read here once (see easeback.ui.app)
    args.choices = choices_from_args(args)
    args.catalogue_files = catalogue_files(args)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_on_encoding()
    args = parse_args(argv)
    try:
        if args.handler is None:
            return run.open_window(args)
        return _run_command(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0


def _never_fail_on_encoding() -> None:
    """Write what the output's encoding cannot hold as an escape (``\\xc9``): a name such
    as "Étirement" or "Māori" must not end ``list`` or ``voices`` in a traceback where the
    output is ASCII (``PYTHONIOENCODING=ascii``) or cp1252 (a file on Windows)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def _run_command(args: argparse.Namespace) -> int:
    """Run the command. Output that cannot be written (a full disk, standard output closed)
    is said in one line, exit 1: the commands handle their own files, so an ``OSError``
    that reaches here is the output's."""
    from easeback.cli.context import CliContext
    from easeback.core.plan import PlanError

    try:
        if sys.stdout is None:  # started with it closed (``>&-``): print would drop it all
            raise OSError(errno.EBADF, "standard output is closed")
        code = int(args.handler(CliContext(args)))
        sys.stdout.flush()  # a full disk fails here at the latest, while it can be said
        return code
    except PlanError as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the reader has gone (``| head``): not a failure, see main
    except OSError as exc:
        _drop_output()
        print(f"easeback: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _drop_output() -> None:
    """Point standard output at the null device, so that what is still buffered for it is
    not written again at exit, failing a second time with a traceback."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):  # no standard output: nothing is buffered
        pass
