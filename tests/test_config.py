"""Config files: --config, cleaner.toml, [tool.cleaner] in pyproject.toml, nearest first."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import ConfigError, load_config


def test_nearest_file_wins_and_pyproject_needs_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\nmin_chars = 5\n[check]\nx = 1\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.cleaner]: skipped
    table, found = load_config(start=sub)
    assert table == {"min_chars": 5} and found == tmp_path / "pyproject.toml"
    (sub / "cleaner.toml").write_text("min_chars = 7\n")
    assert load_config(start=sub)[0] == {"min_chars": 7}


def test_explicit_file_and_errors(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text("[check]\nmax_residue = 0.1\n")
    assert load_config(tmp_path / "c.toml")[0] == {"check": {"max_residue": 0.1}}
    (tmp_path / "bad.toml").write_text("min_chars = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "bad.toml")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")
