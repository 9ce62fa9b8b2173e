"""``cleaner report``: one self-contained HTML file auditing what the cleaner removed."""

from __future__ import annotations

from pathlib import Path

import click

from ..progress import bar_for
from ..report import DEFAULT_MAX_DOCS, collect, render_html
from ..sinks.base import OutputError, atomic_write_bytes
from ..sinks.guard import check_outputs
from ..sources import FORMATS as INPUT_FORMATS
from ..sources import InputError, ReadConfig, expand_inputs
from . import main
from .clean import build_options
from .params import folder_filters, max_bytes_option, step_settings


@main.command(
    epilog="""\b
Examples:
  cleaner report pages/ -o report.html
  cleaner report 'crawl/*.warc.gz' -o audit.html --max-docs 500
  cleaner report dump.jsonl --html-field raw_html -o audit.html

\b
The file needs no network: open it in any browser.  Add #rule=NAME to its
address to show only documents with removals by that rule.
Exit codes: 0 written; 1 written, but some records failed; 2 usage error
(also: no pages in the input).
"""
)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The HTML file to write.")
@click.option(
    "--max-docs",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_DOCS,
    show_default=True,
    help="Documents shown one by one (totals and charts count all).",
)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--text-field", help="JSONL key with plain text [default: text, then content].")
@click.option("--html-field", help="JSONL key with HTML [default: html].")
@click.option("--id-field", default="id", show_default=True, help="JSONL key with the record id.")
@click.option("--keep-captions", is_flag=True, help="Keep figure captions and image alt-text.")
@step_settings
@max_bytes_option
@folder_filters
def report(
    inputs: tuple[str, ...],
    output: str,
    max_docs: int,
    input_format: str,
    text_field: str | None,
    html_field: str | None,
    id_field: str,
    keep_captions: bool,
    settings: tuple[str, ...],
    favor: str | None,
    max_bytes: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> int:
    """Clean INPUT (raw pages: files, folders, globs, JSONL, WARC) and write an HTML audit."""
    options = build_options(click.get_current_context(), None, locals())  # as cleaner clean reads the config
    try:
        files = expand_inputs(list(inputs))
        check_outputs([("-o", output)], list(inputs), [f.path for f in files])
        audit = collect(
            inputs,
            options,
            ReadConfig(
                input_format,
                text_field,
                html_field,
                id_field,
                max_bytes=options.max_bytes,
                include=include,
                exclude=exclude,
            ),
            max_docs=max_docs,
            bar=bar_for(),
        )
    except (InputError, OutputError) as exc:
        raise click.UsageError(str(exc)) from None
    if not audit.documents and not audit.failed:
        skipped = sum(audit.dropped.values())
        note = f" ({skipped:,} records that are not pages)" if skipped else ""
        raise click.UsageError(f"no pages to report in {', '.join(inputs)}{note}")
    try:
        atomic_write_bytes(Path(output), render_html(audit).encode("utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    failed = sum(audit.failed.values())
    click.echo(
        f"cleaner: report of {audit.documents:,} documents ({len(audit.samples):,} shown"
        f"{f', {failed:,} failed' if failed else ''}) written to {output}",
        err=True,
    )
    return 1 if failed else 0
