"""``cleaner dedup``: near-duplicate documents across a corpus (see :mod:`cleaner.dedup.corpus`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import click
from click.core import ParameterSource

from ..progress import ProgressBar, Tally, bar_for
from . import main
from .engine import make_engine
from .params import max_bytes_option


def _show(bar: ProgressBar) -> Callable[[str, int], None]:
    """The ``progress`` callback of a dedup run: one bar per read of the input, the later ones
    with the number of records the first read found as their total.  O(1) per record."""
    tally = Tally()

    def show(stage: str, n: int) -> None:
        if stage != tally.stage:
            tally.input_bytes_total = tally.input_bytes_total or tally.read if tally.stage else 0
            tally.stage, tally.started = stage, time.monotonic()
        tally.read = tally.input_bytes_done = n
        bar(tally)

    return show


@main.command(
    epilog="""\b
Examples:
  cleaner dedup clean.jsonl -o kept.jsonl --clusters clusters.jsonl
  cleaner dedup pages/ -o kept/ --keep first
  cleaner dedup a.parquet b.parquet -o kept.parquet --engine dask --scheduler tcp://head:8786
  cleaner dedup clean.jsonl --explain doc-42

\b
Exit codes: 0 every record read; 1 some records failed (see the errors
file); 2 usage error (also: no records, an unknown --explain ID).
"""
)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o", "--output", help="Kept documents: FILE.jsonl[.gz], FILE.parquet or a folder (same format as the input)."
)
@click.option(
    "--clusters", "clusters_path", help="One JSON line per input document: id, cluster, duplicate_of, similarity."
)
@click.option("--summary", "summary_path", help="Write the JSON summary here [default: beside the output].")
@click.option("--errors", "errors_path", help="Failed records (JSONL) [default: beside the output].")
@click.option("--id-field", default="id", show_default=True)
@click.option("--text-field", default="text", show_default=True)
@click.option(
    "--keep",
    type=click.Choice(["longest", "first"]),
    default="longest",
    show_default=True,
    help="Which copy of a cluster is kept (ties: the first in input order).",
)
@click.option("--shingle", type=click.IntRange(min=1), default=3, show_default=True, help="Words per shingle (1-32).")
@click.option(
    "--permutations", type=click.IntRange(min=1), default=128, show_default=True, help="MinHash size (1-1024)."
)
@click.option(
    "--bands", type=click.IntRange(min=1), default=32, show_default=True, help="LSH bands (divides permutations)."
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.3,
    show_default=True,
    help="Verified shingle Jaccard at which two documents are duplicates.",
)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (default: a local cluster).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: 1 local, cores for dask].")
@click.option(
    "--explain", "explain_id", metavar="ID", help="Print why document ID was (or was not) called a duplicate."
)
@click.option("--config", "config_path", help="Settings file (its [dedup] table) [default: cleaner.toml].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@max_bytes_option
def dedup(
    inputs: tuple[str, ...],
    output: str | None,
    clusters_path: str | None,
    summary_path: str | None,
    errors_path: str | None,
    id_field: str,
    text_field: str,
    keep: str,
    shingle: int,
    permutations: int,
    bands: int,
    threshold: float,
    engine: str,
    scheduler: str | None,
    jobs: int | None,
    explain_id: str | None,
    config_path: str | None,
    quiet: bool,
    max_bytes: int,
) -> int:
    """Drop near-duplicate documents of INPUT (JSONL, Parquet, folders of .txt)."""
    from ..config import ConfigError, load_config
    from ..dedup.corpus import SettingsError
    from ..dedup.corpus.explain import explain
    from ..dedup.corpus.files import check_paths, dedup_files, good
    from ..dedup.corpus.io import CorpusError, read_entries
    from ..dedup.corpus.settings import settings_from
    from .clean import build_options

    if output is None and clusters_path is None and explain_id is None:
        raise click.UsageError("nothing to write: give -o/--output, --clusters or --explain")
    ctx = click.get_current_context()
    options = {"shingle": shingle, "permutations": permutations, "bands": bands, "threshold": threshold, "keep": keep}
    given = {k: v for k, v in options.items() if ctx.get_parameter_source(k) is not ParameterSource.DEFAULT}
    try:
        table, found = load_config(config_path)
        section = table.get("dedup", {})
        if not isinstance(section, dict):
            raise SettingsError("[dedup] is not a table")
        settings = settings_from({**{k: v for k, v in options.items() if k not in given}, **section}, given)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except SettingsError as exc:
        where = f"{found}: " if "[dedup]" in str(exc) and found else ""
        raise click.UsageError(f"{where}{exc}") from None
    max_bytes = build_options(ctx, config_path, locals()).max_bytes  # max_bytes as cleaner clean reads it
    files = list(inputs)
    try:
        check_paths(files, [])
        if next(read_entries(files, id_field, text_field, max_bytes), None) is None:
            raise CorpusError(f"no records in {', '.join(files)} (a folder is read for its .txt files)")
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from None
    bar = bar_for(quiet=quiet)
    eng = make_engine(engine, scheduler, jobs)
    try:
        summary, result = dedup_files(
            files,
            output,
            settings,
            eng,
            clusters_path=clusters_path,
            errors_path=errors_path,
            summary_path=summary_path,
            id_field=id_field,
            text_field=text_field,
            max_bytes=max_bytes,
            progress=None if bar is None else _show(bar),
        )
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from None
    except (OSError, ValueError, ImportError) as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from None
    finally:
        eng.close()
        if bar is not None:
            bar.finish()
    if explain_id is not None:
        try:
            click.echo(
                explain(
                    result, explain_id, lambda: good(read_entries(files, id_field, text_field, max_bytes)), settings
                )
            )
        except CorpusError as exc:
            raise click.UsageError(str(exc)) from None
    if not quiet and (output is not None or clusters_path is not None):
        click.echo(f"cleaner: {summary.line()}", err=True)
    return 1 if summary.failed else 0
