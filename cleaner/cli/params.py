"""Parameter types shared by the commands."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import click

from ..options import DEFAULT_MAX_BYTES, FAVORS

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.I)
_POWER = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def memory_bytes() -> int:
    """Physical memory of this machine (a fallback of 2**40 where it cannot be read).  O(1)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, OSError, ValueError):
        return 1 << 40


class Size(click.ParamType):
    """A byte count as written: 20000000, 20MB, 20MiB, 500k, 1G (k/M/G/T are powers of 1000,
    Ki/Mi/Gi/Ti of 1024).  A size beyond the machine's memory is capped to it: a record can
    never be larger than what can be held, so the cap only says "no limit"."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """O(len(value))."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value <= 0:
                self.fail(f"{value!r} is not a size > 0", param, ctx)
            return min(value, memory_bytes())
        m = _SIZE.match(str(value))
        if not m or len(m.group(1)) > 40 or Decimal(m.group(1)) <= 0:
            self.fail(f"{value!r} is not a size like 20000000, 20MB, 20MiB or 500k", param, ctx)
        base = 1024 if m.group(3) else 1000
        size = int(Decimal(m.group(1)) * base ** _POWER[m.group(2).lower()])
        if size <= 0:
            self.fail(f"{value!r} is less than one byte", param, ctx)
        return min(size, memory_bytes())


class Rate(click.ParamType):
    """A share of records: ``0.01``, ``1%``, ``0`` (from 0 to 1)."""

    name = "RATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """O(len(value))."""
        text = str(value).strip()
        try:
            rate = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            self.fail(f"{value!r} is not a rate like 0.01 or 1%", param, ctx)
        if not 0 <= rate <= 1:
            self.fail(f"{value!r} is not between 0 and 1 (or 0% and 100%)", param, ctx)
        return rate


def max_bytes_option(f: Any) -> Any:
    """``--max-bytes``, the same for every command that reads records (``max_bytes`` in the
    config file sets it too; see ``cleaner.cli.clean.build_options``), so the readers' "too
    large (--max-bytes)" message names an option the command has.  O(1)."""
    return click.option(
        "--max-bytes",
        type=Size(),
        default=DEFAULT_MAX_BYTES,
        show_default="20MB",
        help="Per-record size cap: 20MB, 20MiB, 1G... (capped at the machine's memory); config: max_bytes.",
    )(f)


def step_settings(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--set STEP.PARAM=VALUE`` and ``--favor``, the same for every command that cleans
    (``[steps.STEP]`` tables and ``favor`` in the config file set them too; see
    ``cleaner.cli.clean.build_options``).  O(1)."""
    command = click.option(
        "--favor",
        type=click.Choice(FAVORS),
        help="precision: remove more; recall: keep more (a preset of step parameters; --set wins); config: favor.",
    )(command)
    return click.option(
        "--set",
        "settings",
        multiple=True,
        metavar="STEP.PARAM=VALUE",
        help="Set a step's parameter (cleaner rules lists them; repeatable); config: [steps.STEP] tables.",
    )(command)


def folder_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--include``/``--exclude GLOB``: which files of input folders are read (every reading command)."""
    command = click.option(
        "--exclude", multiple=True, metavar="GLOB", help="Skip the files of input folders matching GLOB."
    )(command)
    return click.option(
        "--include",
        multiple=True,
        metavar="GLOB",
        help="Read only the files of input folders matching GLOB (path relative to the folder; repeatable) "
        "[default: pages, text dumps, JSONL and WARC files].",
    )(command)
