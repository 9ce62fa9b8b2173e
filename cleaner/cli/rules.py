"""``cleaner rules``: list every rule with what it removes, an example, a counter-example and
its measured false-fire rate on clean prose."""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from .. import jsonout
from ..options import Options
from ..rules import BY_NAME
from ..rules.catalog import NOT_MEASURED, catalog, measured_on
from . import main


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="output format"
)
def rules_command(fmt: str) -> None:
    """List the steps in the order they run (the names --explain prints and --disable-rule
    takes): stage, confidence (sure or guess: what check counts by default), the steps each
    reads, its parameters (--set STEP.PARAM=VALUE) with their defaults, what it removes, an
    example it removes and a counter-example it keeps, and how often it fired on the
    clean-prose benchmark (texts with no boilerplate)."""
    entries = catalog()
    defaults = Options()
    if fmt == "json":
        rows = [
            {
                "name": e.name,
                "stage": BY_NAME[e.name].stage.name.lower(),
                "reads": list(BY_NAME[e.name].reads),
                "confidence": e.confidence,
                "params": _params(defaults, e.name),
                "description": e.description,
                "example": e.example,
                "counter_example": e.counter,
                "false_fire": None if e.false_fire is None else dataclasses.asdict(e.false_fire),
            }
            for e in entries
        ]
        click.echo(jsonout.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"False-fire rates on clean prose: {measured_on()}\n")
    for e in entries:
        step = BY_NAME[e.name]
        facts = [f"stage: {step.stage.name.lower()}", f"confidence: {e.confidence}"]
        if step.reads:
            facts.append(f"reads: {', '.join(step.reads)}")
        if not step.can_disable:
            facts.append("cannot be disabled")
        params = _params(defaults, e.name)
        if params:
            facts.append("params: " + ", ".join(f"{k}={v}" for k, v in params.items()))
        click.echo(f"{e.name}  ({'; '.join(facts)})\n  {e.description}")
        click.echo(f"  on clean prose: {NOT_MEASURED if e.false_fire is None else e.false_fire.describe()}")
        click.echo("  removes:\n" + _indent(e.example))
        click.echo("  keeps:\n" + _indent(e.counter) + "\n")


def _params(options: Options, name: str) -> dict[str, Any]:
    """{param: default} of step ``name``.  O(parameters)."""
    return dataclasses.asdict(options.step_params(name))


def _indent(text: str) -> str:
    """Every line of ``text`` indented by four spaces.  O(len(text))."""
    return "\n".join("    " + line if line else "" for line in text.split("\n"))
