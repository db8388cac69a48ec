"""What the commands print, and how much.

``-q/--quiet`` prints nothing on success (errors still go to stderr), ``-v/--verbose`` adds detail (which
project and dataset a run uses, timings). Every command takes both, as do git and pip. Colour follows the
terminal and is off when ``NO_COLOR`` is set (no-color.org).
"""
from __future__ import annotations

import os

import click

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Output:
    level = NORMAL

    @staticmethod
    def _style(text: str, fg: str | None) -> str:
        return click.style(text, fg=fg) if fg and not os.environ.get("NO_COLOR") else text

    def result(self, text) -> None:
        """What a command produced (a written file's path): stdout, so scripts can read it."""
        if self.level >= NORMAL:
            click.echo(str(text))

    def info(self, text: str) -> None:
        if self.level >= NORMAL:
            click.echo(text, err=True)

    def detail(self, text: str) -> None:
        if self.level >= VERBOSE:
            click.echo(text, err=True)

    def warn(self, text: str) -> None:
        if self.level >= NORMAL:
            click.echo(self._style(text, "yellow"), err=True)

    def error(self, text: str) -> None:
        click.echo(self._style(text, "red"), err=True)


out = Output()


def _set_level(level: int):
    def callback(ctx, param, value):
        if value:
            out.level = level
    return callback


def add_verbosity(command: click.Command) -> None:
    """Give a command, and every subcommand of a group, -q/--quiet and -v/--verbose (values are not passed to
    the command: they set ``out.level``)."""
    command.params += [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_level(QUIET), help="Print nothing on success; errors still print."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_level(VERBOSE), help="Say more: the project and dataset used, timings."),
    ]
    for sub in getattr(command, "commands", {}).values():
        add_verbosity(sub)
