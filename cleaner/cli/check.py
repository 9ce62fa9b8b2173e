"""``cleaner check``: fail a CI job when boilerplate or duplicates creep back into a corpus."""

from __future__ import annotations

import contextlib
import io
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from ..check import ThresholdError, Thresholds, check_docs, iter_check_docs
from ..check.baseline import Baseline, BaselineError, read_baseline
from ..check.formats import FORMATS, make_format
from ..check.run import DROPPED, ReadProblem, first_items
from ..config import ConfigError, load_config
from ..progress import bar_for
from ..sinks.base import OutputError, atomic_write_bytes
from ..sinks.guard import check_outputs
from ..sources import InputError, ReadConfig, expand_inputs
from . import main
from .clean import build_options
from .params import folder_filters, max_bytes_option, step_settings


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written atomically when the check is done (a half-written report
    never replaces a good one).  Memory: the report, for a file."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    buf = io.StringIO()
    yield buf
    try:
        atomic_write_bytes(Path(path), buf.getvalue().encode("utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


@main.command(
    epilog="""\b
Examples:
  cleaner check clean/                          every .txt under clean/
  cleaner check corpus.jsonl.gz --format github annotations in a GitHub Actions run
  cleaner check data/ --max-residue 0.01 --fail-on near_duplicate,shortcode
  cleaner check data/ --format junit -o check.xml
  cleaner check data/ --write-baseline check-baseline.json   record today's findings
  cleaner check data/ --baseline check-baseline.json         fail on new ones only

\b
A finding is sure (the rule matched what it exists for: a shortcode, a
known phrase, a repeated body paragraph) or a guess (judged by shape and
position: a header, a page end, a short repeated line); guesses are
reported but fail the check only with --strict.
Settings: the [check] table of cleaner.toml or [tool.cleaner.check] in
pyproject.toml (max_residue, fail_on, ignore, strict); options override it.
Exit codes: 0 passed (and --write-baseline written); 1 counted findings
over the threshold (or unreadable records); 2 usage error (also: no
documents to check, a baseline that cannot be read).
"""
)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", help="Write the findings here instead of stdout.")
@click.option(
    "--max-residue",
    type=float,
    help="Largest share (0-1) of documents allowed to have findings [default: 0].",
)
@click.option("--fail-on", metavar="RULE,...", help="Rules whose any finding fails the check.")
@click.option("--ignore", metavar="RULE,...", help="Rules whose findings are neither reported nor counted.")
@click.option(
    "--strict/--no-strict", default=None, help="Count the rules' guesses too, not only what they are sure of."
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="FILE.json",
    type=click.Path(dir_okay=False),
    help="Known findings (from --write-baseline): only new ones are reported and counted.",
)
@click.option(
    "--write-baseline",
    metavar="FILE.json",
    type=click.Path(dir_okay=False),
    help="Record every finding in FILE.json as the baseline and pass.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Settings file [default: nearest].")
@click.option("--input-format", type=click.Choice(("auto", "text", "jsonl")), default="auto", show_default=True)
@click.option("--text-field", default="text", show_default=True, help="JSONL key with the text.")
@click.option("--id-field", default="id", show_default=True, help="JSONL key with the record id.")
@step_settings
@max_bytes_option
@folder_filters
def check(
    inputs: tuple[str, ...],
    fmt: str,
    output: str | None,
    max_residue: float | None,
    fail_on: str | None,
    ignore: str | None,
    strict: bool | None,
    baseline_path: str | None,
    write_baseline: str | None,
    config_path: str | None,
    input_format: str,
    text_field: str,
    id_field: str,
    settings: tuple[str, ...],
    favor: str | None,
    max_bytes: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> int:
    """Check clean text (files, folders, globs, JSONL, - for stdin) for leftover boilerplate."""
    try:
        table, found = load_config(config_path)
        section = table.get("check", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{found}: 'check' is not a table")
        thresholds = Thresholds.from_settings(
            section,
            max_residue=max_residue,
            fail_on=fail_on,
            ignore=ignore,
            strict=strict,
            where=f"{found or 'config'}: [check]",
        )
        if baseline_path is not None and write_baseline is not None:
            raise click.UsageError("--baseline and --write-baseline do not go together (the new one records all)")
        baseline = read_baseline(Path(baseline_path)) if baseline_path is not None else None
        if write_baseline is not None:
            baseline = Baseline.recording()
    except (ConfigError, ThresholdError, BaselineError) as exc:
        raise click.UsageError(str(exc)) from None
    options = build_options(click.get_current_context(), config_path, locals())
    max_bytes = options.max_bytes
    config = ReadConfig(
        input_format, text_field=text_field, id_field=id_field, max_bytes=max_bytes, include=include, exclude=exclude
    )
    try:
        targets = [(flag, path) for flag, path in (("-o", output), ("--write-baseline", write_baseline)) if path]
        targets = [(flag, path) for flag, path in targets if path != "-"]
        if targets:
            check_outputs(targets, list(inputs), [f.path for f in expand_inputs(list(inputs))])
        # Missing inputs, and inputs with nothing to check, are usage errors before any output.
        # A bar on a terminal, unless the findings stream to that same terminal.
        to_terminal = output in (None, "-") and sys.stdout.isatty()
        bar = bar_for(quiet=to_terminal)
        head, rest = first_items(iter_check_docs(inputs, config, bar))
    except (InputError, OutputError) as exc:
        raise click.UsageError(str(exc)) from None
    if not head or (isinstance(head[-1], ReadProblem) and head[-1].kind == DROPPED):
        skipped = f" ({len(head):,} records that are not documents)" if head else ""
        raise click.UsageError(f"no documents to check in {', '.join(inputs)}{skipped}")
    with _output(output) as out:
        sink = make_format(fmt, out, thresholds.fail_on, no_residue=thresholds.max_residue == 0)
        result = check_docs(itertools.chain(head, rest), thresholds, sink, options, baseline)
    if write_baseline is not None and baseline is not None:
        try:
            entries = baseline.write(Path(write_baseline))
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None
        click.echo(f"baseline {write_baseline}: {result.suppressed:,} findings in {entries:,} entries", err=True)
    return result.exit_code
