"""``cleaner rules``: list every rule with what it removes, an example and a counter-example."""

from __future__ import annotations

import click

from .. import jsonout
from ..rules.catalog import catalog
from . import main


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="output format"
)
def rules_command(fmt: str) -> None:
    """List the rules (the names --explain prints and disabled_rules takes), what each
    removes, an example it removes and a counter-example it keeps."""
    entries = catalog()
    if fmt == "json":
        rows = [
            {"name": e.name, "description": e.description, "example": e.example, "counter_example": e.counter}
            for e in entries
        ]
        click.echo(jsonout.dumps(rows, ensure_ascii=False, indent=2))
        return
    for e in entries:
        click.echo(f"{e.name}\n  {e.description}")
        click.echo("  removes:\n" + _indent(e.example))
        click.echo("  keeps:\n" + _indent(e.counter) + "\n")


def _indent(text: str) -> str:
    """Every line of ``text`` indented by four spaces.  O(len(text))."""
    return "\n".join("    " + line if line else "" for line in text.split("\n"))
