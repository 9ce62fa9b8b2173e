"""The command line: a thin click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .model import Document
from .options import Options
from .pipeline import process
from .sinks.text import explain as explain_doc
from .sinks.text import render_text

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Turn raw scraped web pages into clean article text."""


def _read_doc(path: Path, root: Path | None) -> Document:
    data = path.read_bytes()
    kind = "html" if path.suffix.lower() in _HTML_SUFFIXES else "text"
    rel = path.relative_to(root) if root else Path(path.name)
    if kind == "text":
        raw: str | bytes = data.decode("utf-8", "replace")
    else:
        raw = data
    return Document(id=str(rel.with_suffix("")), raw=raw, kind=kind, source=str(path))


@main.command(
    epilog="""\b
Examples:
  cleaner clean seed.txt                 clean one dump, print the article
  cleaner clean page.html --explain      ...and list every removal with its rule
  cleaner clean pages/ -o clean/         one clean/NAME.txt per input NAME.*
"""
)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder for one NAME.txt per input.")
@click.option("--explain", is_flag=True, help="Print every removed block or span with its rule and reason (stderr).")
@click.option("--keep-captions", is_flag=True, help="Keep figure captions and image alt-text.")
def clean(inputs: tuple[Path, ...], output: Path | None, explain: bool, keep_captions: bool) -> None:
    """Clean INPUT files (text dumps or HTML pages) and print or write the article text."""
    options = Options(keep_captions=keep_captions)
    files: list[tuple[Path, Path | None]] = []
    for p in inputs:
        if p.is_dir():
            files.extend((f, p) for f in sorted(p.rglob("*")) if f.is_file())
        else:
            files.append((p, None))
    if output is None and len(files) > 1:
        raise click.UsageError("several inputs need -o/--output")
    for path, root in files:
        doc = process(_read_doc(path, root), options)
        text = render_text(doc)
        if explain:
            sys.stderr.write(f"== {path}\n{explain_doc(doc)}")
        if output is None:
            sys.stdout.write(text)
        else:
            target = output / (doc.id + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
