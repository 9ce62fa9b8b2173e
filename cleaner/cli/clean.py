"""``cleaner clean``: a thin layer over :func:`cleaner.batch.run_batch`."""

from __future__ import annotations

import signal
import sys
from typing import Any

import click

from ..batch import Outcome, run_batch
from ..engines import clamp_jobs
from ..options import Options
from ..progress import ProgressBar
from ..sinks.base import OutputError
from ..sources import FORMATS as INPUT_FORMATS
from ..sources import InputError, ReadConfig
from . import main, second_interrupt_kills
from .dedup import dedup_output, make_engine
from .params import Size


@main.command(
    epilog="""\b
Examples:
  cleaner clean seed.txt                        clean one dump, print the article
  cleaner clean page.html --explain             ...and list every removal with its rule
  cleaner clean pages/ -o clean/                one clean/NAME.txt per input page
  cleaner clean 'crawl/*.warc.gz' -o out.jsonl.gz -j 8
                                                WARC responses to Dolma-style JSONL
  cleaner clean dump.jsonl --html-field raw_html -o out.parquet
  zcat dump.jsonl.gz | cleaner clean - -o out.jsonl --resume

\b
Exit codes: 0 every record processed; 1 some records failed (see the
errors file); 2 usage error.
"""
)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="Folder (one NAME.txt each), FILE.jsonl[.gz] or FILE.parquet [default: stdout].")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--text-field", help="JSONL key with plain text [default: text, then content].")
@click.option("--html-field", help="JSONL key with HTML [default: html].")
@click.option("--id-field", default="id", show_default=True, help="JSONL key with the record id.")
@click.option("--url-field", default="url", show_default=True, help="JSONL key with the URL.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: all cores].")
@click.option("--summary", "summary_path", help="Write the JSON summary here [default: beside the output].")
@click.option("--errors", "errors_path", help="Write failed records (JSONL) here [default: beside the output].")
@click.option("--resume", is_flag=True, help="Skip documents already in the output.")
@click.option("--max-bytes", type=Size(), default="20MB", show_default=True, help="Per-document size cap.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    help="Seconds one record may take before its worker is killed and it fails as 'timeout' (0: no limit).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--explain", is_flag=True, help="Print every removed block or span with its rule and reason (stderr).")
@click.option("--keep-captions", is_flag=True, help="Keep figure captions and image alt-text.")
@click.option("--no-title", is_flag=True, help="Leave the title line out of the text (JSONL keeps the title field).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (default: a local cluster).")
@click.option("--corpus-dedup", is_flag=True, help="Then drop near-duplicate documents of the output (cleaner dedup).")
def clean(
    inputs: tuple[str, ...],
    output: str | None,
    input_format: str,
    text_field: str | None,
    html_field: str | None,
    id_field: str,
    url_field: str,
    jobs: int | None,
    summary_path: str | None,
    errors_path: str | None,
    resume: bool,
    max_bytes: int,
    timeout: float,
    quiet: bool,
    explain: bool,
    keep_captions: bool,
    no_title: bool,
    engine: str,
    scheduler: str | None,
    corpus_dedup: bool,
) -> int:
    """Clean INPUT (files, folders, globs, or - for stdin; .gz/.bz2/.zst read transparently)."""
    if resume and output is None:
        raise click.UsageError("--resume needs -o/--output")
    if corpus_dedup and output is None:
        raise click.UsageError("--corpus-dedup needs -o/--output")
    jobs, warning = clamp_jobs(jobs)
    if warning is not None:
        click.echo(f"cleaner: warning: {warning}", err=True)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, second_interrupt_kills)
    options = Options(keep_captions=keep_captions, max_bytes=max_bytes, title=not no_title)
    config = ReadConfig(input_format, text_field, html_field, id_field, url_field, max_bytes)
    bar = ProgressBar() if ProgressBar.enabled(quiet=quiet) and output is not None else None

    def on_error(entry: dict[str, Any]) -> None:
        if output is None and not quiet:
            where = " ".join(x for x in (entry["source"], entry["position"]) if x)
            click.echo(f"cleaner: {where}: {entry['kind']}: {entry['message']}", err=True)

    def on_explain(o: Outcome) -> None:
        where = " ".join(x for x in (o.source, o.position) if x)
        sys.stderr.write(f"== {where}\n{o.explain}")

    try:
        summary = run_batch(
            list(inputs),
            output,
            options,
            jobs=jobs,
            read_config=config,
            resume=resume,
            timeout=timeout or None,
            errors_path=errors_path,
            summary_path=summary_path,
            progress=bar,
            on_error=on_error,
            on_explain=on_explain if explain else None,
            engine=make_engine(engine, scheduler, jobs) if engine == "dask" else None,
        )
        if corpus_dedup and output is not None:
            dedup_output(output, engine, scheduler, jobs, quiet)
    except (InputError, OutputError) as exc:
        raise click.UsageError(str(exc)) from None
    except (OSError, ValueError, ImportError) as exc:
        if bar is not None:
            bar.finish()
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from None
    if bar is not None:
        bar.finish()
    if not quiet:
        if output is not None or summary.read > 1:
            click.echo(summary.paragraph(), err=True)
        elif summary.read == 1 and summary.dropped_total:
            reason = next(iter(summary.dropped))
            click.echo(f"cleaner: {inputs[0]}: nothing kept ({reason})", err=True)
    return summary.exit_code
