"""Parameter types shared by the commands."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any

import click

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4}


class Size(click.ParamType):
    """A byte count: 20000000, 20MB, 500k, 1G; sizes beyond 2**63 bytes mean no limit."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return min(value, sys.maxsize)
        m = _SIZE.match(str(value))
        if not m or len(m.group(1)) > 40 or Decimal(m.group(1)) <= 0:
            self.fail(f"{value!r} is not a size like 20000000, 20MB or 500k", param, ctx)
        return min(int(Decimal(m.group(1)) * _UNITS[m.group(2).lower()]), sys.maxsize)
