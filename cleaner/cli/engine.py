"""The engine a command runs on, and the corpus dedup ``cleaner clean --corpus-dedup`` runs
after writing: shared by ``cleaner clean`` and ``cleaner dedup`` (so neither command module
imports the other).
"""

from __future__ import annotations

from typing import Any

import click


def make_engine(engine: str, scheduler: str | None, jobs: int | None) -> Any:
    """The engine named on the command line (``dask`` imports the optional extra)."""
    if engine == "dask":
        from ..engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=jobs)
    from ..engines import LocalEngine

    return LocalEngine(jobs or 1)


def dedup_output(output: str, engine: str, scheduler: str | None, jobs: int | None, quiet: bool) -> None:
    """``cleaner clean --corpus-dedup``: dedup the finished output in place (default settings)."""
    from ..dedup.corpus import Settings
    from ..dedup.corpus.files import dedup_in_place

    eng = make_engine(engine, scheduler, jobs)
    try:
        done = dedup_in_place(output, Settings(), eng)
    finally:
        eng.close()
    if not quiet:
        click.echo(f"cleaner: corpus dedup: {done.line()}", err=True)
