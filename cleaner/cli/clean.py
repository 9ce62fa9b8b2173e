"""``cleaner clean``: a thin layer over :func:`cleaner.batch.run_batch`."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import warnings
from typing import Any

import click

from ..batch import READER_GONE, Outcome, run_batch
from ..config import ConfigError, load_config
from ..engines import clamp_jobs
from ..names import safe_str
from ..options import FORMATS as OUTPUT_FORMATS
from ..options import Options, StepWarning
from ..progress import ProgressBar
from ..sinks import output_kind
from ..sinks.base import OutputError
from ..sinks.schema import check_added
from ..sources import FORMATS as INPUT_FORMATS
from ..sources import InputError, ReadConfig
from ..steps import parse_setting
from . import main, second_interrupt_kills
from .engine import dedup_output, make_engine
from .params import Rate, folder_filters, max_bytes_option, step_settings

# Command-line option -> Options field, for the options a config file may also set.
_OPTION_FIELDS = {
    "keep_captions": "keep_captions",
    "no_title": "title",
    "disable_rule": "disabled_rules",
    "dedup": "dedup",
    "dedup_ratio": "dedup_ratio",
    "min_chars": "min_chars",
    "max_bytes": "max_bytes",
    "favor": "favor",
    "output_format": "format",
}


def build_options(ctx: click.Context, config_path: str | None, values: dict[str, Any]) -> Options:
    """Options from the config file (``--config``, ``cleaner.toml`` or ``[tool.cleaner]``),
    overridden by what the command line gives explicitly.  Sub-tables (``[check]``...) belong
    to other commands; an unknown top-level key or a bad value is a usage error.  O(keys)."""
    try:
        table, found = load_config(config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    own = {k: v for k, v in table.items() if not isinstance(v, dict) or k == "steps"}
    where = str(found or "config")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StepWarning)
            options = Options.from_table(own, where)
            given: dict[str, Any] = {}
            for param, name in _OPTION_FIELDS.items():
                if ctx.get_parameter_source(param) in (click.core.ParameterSource.DEFAULT, None):
                    continue
                value = values[param]
                if param == "no_title":
                    value = not value
                elif param == "disable_rule":
                    value = frozenset(value)
                given[name] = value
            if ctx.params.get("settings"):  # --set (a command's own local may be named settings)
                from ..rules import BY_NAME

                params = options.settings()
                for text in ctx.params["settings"]:
                    step, param, value = parse_setting(BY_NAME, text)
                    params.setdefault(step, {})[param] = value
                given["params"] = params
            options = dataclasses.replace(options, **given)
    except (TypeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    for message in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, StepWarning)):
        click.echo(f"warning: {message}", err=True)
    return options


@main.command(
    epilog="""\b
Examples:
  cleaner clean seed.txt                        clean one dump, print the article
  cleaner clean page.html --explain             ...and list every removal with its rule
  cleaner clean pages/ -o clean/                one clean/NAME.txt per input page
  cleaner clean pages/ -o md/ --format markdown one md/NAME.md per page, structure kept
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
@click.option(
    "-o",
    "--output",
    help="Folder (one NAME.txt each, NAME.md with --format markdown), FILE.jsonl[.gz|.zst], FILE.parquet,"
    " or - for JSONL on stdout [default: clean text on stdout].",
)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--text-field", help="JSONL key with plain text [default: text, then content].")
@click.option("--html-field", help="JSONL key with HTML [default: html].")
@click.option("--id-field", default="id", show_default=True, help="JSONL key with the record id.")
@click.option("--url-field", default="url", show_default=True, help="JSONL key with the URL.")
@click.option(
    "--id-from",
    type=click.Choice(["auto", "url"]),
    default="auto",
    show_default=True,
    help="Record ids: auto = the JSONL id field, the WARC URL, or the path relative to the input root;"
    " url = the URL wherever one is known.",
)
@click.option("--source", "source_name", help="Every record's 'source' [default: the input root's name].")
@click.option("--added", help="Every record's 'added' time, ISO 8601 [default: now; pin it for reproducible output].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: all cores].")
@click.option("--summary", "summary_path", help="Write the JSON summary here [default: beside the output].")
@click.option("--errors", "errors_path", help="Write failed records (JSONL) here [default: beside the output].")
@click.option("--resume", is_flag=True, help="Skip documents already in the output.")
@max_bytes_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    help="Seconds one record may take before its worker is killed and it fails as 'timeout' (0: no limit).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--explain", is_flag=True, help="Print every removed block or span with its rule and reason (stderr).")
@click.option(
    "--explain-format",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="jsonl: one JSON object per removal (id, location, rule, reason, span, text) on stderr; implies --explain.",
)
@click.option(
    "--max-failures",
    type=Rate(),
    help="Exit 1 only when more than RATE (0.01 or 1%) of the records failed [default: any failure].",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Settings file [default: cleaner.toml, or [tool.cleaner] in pyproject.toml, nearest first].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="markdown: headings, lists, tables, code and quotes marked up (folder output: NAME.md);"
    " JSONL/Parquet records say which in metadata.cleaner.format.",
)
@click.option("--keep-captions", is_flag=True, help="Keep figure captions and image alt-text.")
@click.option("--no-title", is_flag=True, help="Leave the title line out of the text (JSONL keeps the title field).")
@click.option(
    "--disable-rule", multiple=True, metavar="NAME", help="Skip this rule (names as --explain prints them); repeatable."
)
@step_settings
@click.option("--dedup/--no-dedup", default=True, show_default=True, help="Collapse repeated paragraphs.")
@click.option(
    "--dedup-ratio",
    type=click.FloatRange(0, 100),
    default=90.0,
    show_default=True,
    help="Similarity (0-100) at which two paragraphs are one.",
)
@click.option(
    "--min-chars",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Drop documents whose kept text is shorter (counted as too_short).",
)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (default: a local cluster).")
@click.option("--corpus-dedup", is_flag=True, help="Then drop near-duplicate documents of the output (cleaner dedup).")
@folder_filters
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
    explain_format: str,
    max_failures: float | None,
    config_path: str | None,
    output_format: str,
    keep_captions: bool,
    no_title: bool,
    disable_rule: tuple[str, ...],
    settings: tuple[str, ...],
    favor: str | None,
    dedup: bool,
    dedup_ratio: float,
    min_chars: int,
    id_from: str,
    source_name: str | None,
    added: str | None,
    engine: str,
    scheduler: str | None,
    corpus_dedup: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> int:
    """Clean INPUT (files, folders, globs, or - for stdin; .gz/.bz2/.zst read transparently)."""
    if resume and (output is None or output == "-"):
        raise click.UsageError("--resume needs a file or folder output (-o)")
    if corpus_dedup and (output is None or output == "-"):
        raise click.UsageError("--corpus-dedup needs a file or folder output (-o)")
    jobs, warning = clamp_jobs(jobs)
    if warning is not None:
        click.echo(f"cleaner: warning: {warning}", err=True)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, second_interrupt_kills)
    ctx = click.get_current_context()
    options = build_options(ctx, config_path, ctx.params)
    if added is not None:
        try:
            added = check_added(added)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    explain = explain or ctx.get_parameter_source("explain_format") == click.core.ParameterSource.COMMANDLINE
    config = ReadConfig(
        input_format, text_field, html_field, id_field, url_field, options.max_bytes, id_from, include, exclude
    )
    to_file = output is not None and output != "-"
    bar = ProgressBar() if ProgressBar.enabled(quiet=quiet) and to_file else None

    def on_error(entry: dict[str, Any]) -> None:
        if not to_file and not quiet:
            where = " ".join(x for x in (entry["source"], entry["position"]) if x)
            click.echo(safe_str(f"cleaner: {where}: {entry['kind']}: {entry['message']}"), err=True)

    def on_explain(o: Outcome) -> None:
        if explain_format == "jsonl":
            sys.stderr.write(o.explain or "")
            return
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
            explain_format=explain_format,
            source=source_name,
            added=added,
            max_failures=max_failures,
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
    if summary.stopped == READER_GONE:  # `| head` has read enough: stop quietly, as cat does
        _drop_stdout()
        return summary.exit_code
    if summary.stopped is not None:
        if not quiet:
            click.echo(summary.paragraph(), err=True)
        click.echo(f"cleaner: error: the output failed ({summary.stopped}); {_what_is_kept(output)}", err=True)
        return summary.exit_code
    if not quiet:
        if to_file or summary.read > 1:
            click.echo(summary.paragraph(), err=True)
        elif summary.read == 1 and summary.dropped:
            reason = next(iter(summary.dropped_by_reason))
            click.echo(f"cleaner: {inputs[0]}: nothing kept ({reason})", err=True)
    return summary.exit_code


def _what_is_kept(output: str | None) -> str:
    """Where the documents written before the output failed are, and how to go on."""
    kind = output_kind(output)
    if kind == "jsonl":
        return f"the records written are in {output}.partial: make room and rerun with --resume"
    if kind == "folder":
        return f"the documents written are in {output}: make room and rerun with --resume"
    if kind == "parquet":
        return "a Parquet file is only readable once complete: make room and run again"
    return "the records before it were written"


def _drop_stdout() -> None:
    """Point stdout at /dev/null: its reader is gone, and the flush at exit must not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
