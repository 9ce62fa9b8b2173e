"""``cleaner explain PAGE``: the page's text with every removed block or span marked by its rule."""

from __future__ import annotations

import sys
from collections import Counter

import click

from ..model import Kind
from ..names import safe_str
from ..progress import Tally
from ..records import Outcome, clean_one, read_records
from ..report.segments import BlockView, document_view, page_notes
from ..sources import FORMATS as INPUT_FORMATS
from ..sources import InputError, ReadConfig, Record, expand_inputs
from . import main
from .clean import build_options
from .params import max_bytes_option, step_settings

# ANSI: removed text struck through in red, its rule label dim yellow.
_DEL, _LABEL, _RESET = "\x1b[9;31m", "\x1b[2;33m", "\x1b[0m"


def render_block(view: BlockView, color: bool) -> str:
    """One block as a line: kept text plain, each removed piece ``[-text-]{rule}`` (plain) or
    struck through in red followed by its dim rule label (colour).  O(length of the block)."""
    out = []
    for p in view.pieces:
        text = safe_str(p.text)  # the page's text never carries escapes to the terminal
        if p.rule is None:
            out.append(text)
        elif color:
            out.append(f"{_DEL}{text}{_RESET}{_LABEL}[{p.rule}]{_RESET}")
        else:
            out.append(f"[-{text}-]{{{p.rule}}}")
    return " ".join(s.strip() for s in out if s.strip())


def render_document(views: list[BlockView], notes: list[str], color: bool, title: str | None = None) -> str:
    """Blocks separated by blank lines, after the page's title (HTML metadata, when no block
    is the title) and the page-level removals.  O(total length)."""
    lines = [safe_str(title)] if title else []
    notes = [safe_str(note) for note in notes]
    lines.extend(f"({note})" if not color else f"{_LABEL}({note}){_RESET}" for note in notes)
    lines.extend(render_block(v, color) for v in views)
    return "\n\n".join(lines) + "\n"


@main.command(
    epilog="""\b
Plain markers (no terminal, or --color never):
  [-removed text-]{rule}
Examples:
  cleaner explain page.html
  cleaner explain dump.txt --color always | less -R
"""
)
@click.argument("page")
@click.option("--color", type=click.Choice(("auto", "always", "never")), default="auto", show_default=True)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--keep-captions", is_flag=True, help="Keep figure captions and image alt-text.")
@step_settings
@max_bytes_option
def explain(
    page: str,
    color: str,
    input_format: str,
    keep_captions: bool,
    settings: tuple[str, ...],
    favor: str | None,
    max_bytes: int,
) -> int:
    """Show PAGE's text with every removed block or span struck through and labelled by its rule
    (a JSONL or WARC file shows each of its records)."""
    use_color = color == "always" or (color == "auto" and sys.stdout.isatty())
    options = build_options(click.get_current_context(), None, locals())  # as cleaner clean reads the config
    try:
        files = expand_inputs([page])
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    config = ReadConfig(input_format, max_bytes=options.max_bytes)
    status = 0
    many = False
    skipped: Counter[str] = Counter()  # records that are not pages (WARC requests...): one line at the end

    def fail(rec: Record, kind: str, message: str) -> None:
        nonlocal status
        where = " ".join(x for x in (rec.source, rec.position) if x)
        click.echo(safe_str(f"cleaner: {where}: {kind}: {message}"), err=True)
        status = 1

    for _f, rec in read_records(files, config, Tally()):
        got = clean_one(rec, options, lambda doc: doc)
        if isinstance(got, Outcome):  # the one policy of cleaner.records, as in `cleaner clean`
            if got.status == "failed":
                fail(rec, got.reason or "unknown", got.message or "")
            else:
                skipped[got.reason or "unknown"] += 1
            continue
        doc = got
        views = document_view(doc)
        title = doc.title if doc.title and not any(v.kind == Kind.TITLE for v in views) else None
        text = render_document(views, page_notes(doc), use_color, title)
        if many or rec.position or len(files) > 1:
            head = safe_str(" ".join(x for x in (rec.source, rec.position) if x))
            text = f"== {head}\n\n{text}"
        many = True
        click.echo(text, nl=False, color=use_color)
    if skipped:
        reasons = ", ".join(f"{k} {v:,}" for k, v in sorted(skipped.items()))
        total = sum(skipped.values())
        click.echo(f"cleaner: skipped {total:,} record{'s' * (total != 1)} that are not pages ({reasons})", err=True)
    return status
