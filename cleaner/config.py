"""Settings from a file: ``--config FILE``, else ``cleaner.toml``, else ``[tool.cleaner]`` in
``pyproject.toml``, looked up from the working folder towards the root (first found wins).

Every command reads its own sub-table (``clean`` options at the top level, ``[check]`` for
``cleaner check``...); command-line options override what the file says.  Loading only reads
and parses the file: what its keys mean is checked by the command that uses them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A config file that cannot be read or parsed (a usage error: exit 2)."""


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``cleaner.toml``, or ``pyproject.toml`` with a ``[tool.cleaner]`` table.

    O(depth of ``start``) file checks."""
    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        candidate = here / "cleaner.toml"
        if candidate.is_file():
            return candidate
        candidate = here / "pyproject.toml"
        if candidate.is_file() and "cleaner" in _read(candidate).get("tool", {}):
            return candidate
    return None


def load_config(path: str | Path | None = None, start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The settings table and the file it came from (``({}, None)`` when there is none).

    ``path`` is an explicit ``--config`` file: a ``pyproject.toml`` gives its
    ``[tool.cleaner]`` table, any other file is the table itself."""
    found = Path(path) if path is not None else find_config(start)
    if found is None:
        return {}, None
    table = _read(found)
    if found.name == "pyproject.toml" or "tool" in table:
        table = table.get("tool", {}).get("cleaner", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{found}: [tool.cleaner] is not a table")
    return table, found


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
