"""The command line: a thin click layer over the library (one module per command).

Usage errors (unknown option, missing input) print one line and exit 2, never a traceback;
a batch exits 0 when every record was processed and 1 when some failed.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from .. import __version__
from ..names import safe_str


class _Cli(click.Group):
    """A group whose errors are one line on stderr (exit 2), never a usage dump or a traceback."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        try:
            rv = super().main(args, prog_name or "cleaner", standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(safe_str(f"cleaner: error: {exc.format_message()} (try --help)"), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(safe_str(f"cleaner: error: {exc.format_message()}"), err=True)
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            # Workers are already killed (see LocalEngine.abort).  Leave at once: waiting for
            # pool threads at interpreter exit is how an interrupted run used to hang.
            # Unflushed output is lost, but --resume only trusts complete lines anyway.
            click.echo("cleaner: interrupted (finished outputs are kept; --resume continues)", err=True)
            _hard_exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


def _hard_exit(code: int) -> None:
    """Flush what can be flushed and end the process now, without running exit handlers."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def second_interrupt_kills(signum: int, frame: object) -> None:
    """The first Ctrl-C stops the batch cleanly; if that ever takes long, the second one exits."""
    signal.signal(signal.SIGINT, lambda *_: _hard_exit(130))
    raise KeyboardInterrupt


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Turn raw scraped web pages into clean article text."""


# Each command module registers itself on ``main``.
from . import check as _check  # noqa: E402,F401
from . import clean as _clean  # noqa: E402,F401
from . import dedup as _dedup  # noqa: E402,F401
from . import explain as _explain  # noqa: E402,F401
from . import report as _report  # noqa: E402,F401
from . import rules as _rules  # noqa: E402,F401
