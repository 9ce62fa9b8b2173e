"""What a pipeline step is, and how the run order and the parameters follow from what steps declare.

A step (HTML pruning, a text rule, dedup...) declares its name, the stage it runs in, the
steps whose verdicts it reads, whether it re-runs until the document settles
(``contextual``) and a frozen dataclass of parameters whose defaults live in
``cleaner/data/steps.toml`` (``[steps.NAME]``, which also names the declaring module).
:func:`derive_order` turns the declarations into the run order: stage first, then each
step after the steps it reads, then the order of ``steps.toml``; a cycle, or a read of a step of a later stage, is a
:class:`StepDeclarationError` raised when ``cleaner.rules`` is imported.

This module knows no step: the registry (``cleaner.rules.STEPS``) does.
"""

from __future__ import annotations

import dataclasses
import importlib
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .model import Confidence, Cut, Removal

if TYPE_CHECKING:
    from .model import Document
    from .options import Options


class Stage(IntEnum):
    """Where a step runs, in run order."""

    EXTRACT = 0  # HTML extraction's verdicts (run inside the splitter)
    RULES = 1  # text rules on the blocks
    DEDUP = 2  # repeated paragraphs collapsed
    STRUCTURE = 3  # once after dedup, on the copies it found
    FINALIZE = 4  # on what is finally kept; re-run with the contextual rules until settled


@dataclass(frozen=True, slots=True)
class NoParams:
    """The parameters of a step that has none."""


class StepDeclarationError(Exception):
    """Step declarations that give no valid order (a cycle, a read of a later step)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One named step of the pipeline; its removals are recorded under ``name``.

    ``apply`` marks blocks (None for a step run inside another stage's code, as HTML
    extraction's).  ``reads`` names the steps whose verdicts it looks at: they run before it,
    and disabling one of them warns.  ``html_only`` / ``text_only`` limit it to one kind of
    source; ``contextual`` steps decide on a block by its neighbours and are re-run until the
    document settles.  ``params`` is its parameters dataclass (defaults in ``steps.toml``);
    ``can_disable`` is False for a step the cost guarantees rest on.
    """

    name: str
    apply: Callable[[Document, Options], None] | None
    stage: Stage = Stage.RULES
    reads: tuple[str, ...] = ()
    contextual: bool = False
    params: type[Any] = NoParams
    text_only: bool = False
    html_only: bool = False
    can_disable: bool = True

    def params_of(self, options: Options) -> Any:
        """This step's parameters under ``options`` (defaults, favor preset, user settings).  O(1)."""
        return options.step_params(self.name)


def derive_order(steps: Iterable[Step]) -> list[Step]:
    """The run order of ``steps`` (given in ``steps.toml`` order): by stage, each step after the
    steps it reads, otherwise in the given order.  O(s log s + reads).

    Raises :class:`StepDeclarationError` for a duplicate name, a read of an unknown step, of
    a step of a later stage, or a cycle of reads."""
    given = list(steps)
    by_name: dict[str, Step] = {}
    for s in given:
        if s.name in by_name:
            raise StepDeclarationError(f"two steps are named {s.name!r}")
        by_name[s.name] = s
    for s in given:
        for r in s.reads:
            if r not in by_name:
                raise StepDeclarationError(f"step {s.name!r} reads {r!r}, which is no step")
            if by_name[r].stage > s.stage:
                raise StepDeclarationError(
                    f"step {s.name!r} ({s.stage.name.lower()}) reads {r!r}, which runs later "
                    f"({by_name[r].stage.name.lower()})"
                )
    position = {s.name: i for i, s in enumerate(given)}
    order: list[Step] = []
    done: set[str] = set()
    for stage in Stage:
        todo = [s for s in given if s.stage is stage]
        while todo:
            ready = next((s for s in todo if all(r in done or by_name[r].stage < stage for r in s.reads)), None)
            if ready is None:
                cycle = " -> ".join(sorted(s.name for s in todo if s.reads))
                raise StepDeclarationError(f"steps read each other in a cycle: {cycle}")
            order.append(ready)
            done.add(ready.name)
            todo.remove(ready)
    assert len(order) == len(position)
    return order


def readers_of(steps: Iterable[Step], name: str) -> list[str]:
    """The steps that read ``name``'s verdicts.  O(s)."""
    return [s.name for s in steps if name in s.reads]


@cache
def registry() -> dict[str, Step]:
    """Every step by name, in run order: each found in the module ``steps.toml`` names for it
    (a public attribute; a private one is a helper).  The modules are imported by name, so the
    layers below the rules (``Options`` checking its step names) can consult the registry
    without importing the rules.  Raises :class:`StepDeclarationError` on a bad declaration.
    O(steps), once per process."""
    out = []
    for name, table in steps_data()["steps"].items():
        declared_confidence(name)  # a step without a valid confidence is a bad declaration
        module = importlib.import_module(table["module"])
        found = [v for k, v in vars(module).items() if isinstance(v, Step) and v.name == name and not k.startswith("_")]
        if len(found) != 1:
            raise StepDeclarationError(f"{table['module']} declares {len(found)} steps named {name!r}, not one")
        out.append(found[0])
    return {s.name: s for s in derive_order(out)}


def declared_confidence(name: str) -> Confidence:
    """The confidence ``steps.toml`` declares for step ``name`` (``confidence = "sure"`` or
    ``"guess"``).  Raises :class:`StepDeclarationError` when it is missing or neither, KeyError
    for no step.  O(1)."""
    value = steps_data()["steps"][name].get("confidence")
    try:
        return Confidence(value)
    except ValueError:
        raise StepDeclarationError(
            f"steps.toml: step {name!r} declares confidence {value!r}, not one of "
            f"{', '.join(repr(c.value) for c in Confidence)}"
        ) from None


def confidence_of(removal: Removal | Cut) -> Confidence:
    """How sure ``removal`` is: its own mark, else its step's declaration.  A name that is no
    step (none is made by the pipeline today) counts as a guess.  O(1)."""
    if removal.confidence is not None:
        return removal.confidence
    if removal.rule not in steps_data()["steps"]:
        return Confidence.GUESS
    return declared_confidence(removal.rule)


def disable_warnings(disabled: frozenset[str]) -> list[str]:
    """A warning for each disabled step that steps left running read.  O(steps)."""
    steps = list(registry().values())
    out = []
    for name in sorted(disabled):
        readers = [r for r in readers_of(steps, name) if r not in disabled]
        if readers:
            who = "it reads" if len(readers) == 1 else "they read"
            out.append(f"disabling {name!r} leaves {', '.join(readers)} without the verdicts {who}")
    return out


@cache
def steps_data() -> dict[str, Any]:
    """``cleaner/data/steps.toml``: ``[steps.NAME]`` (module, defaults), ``[favor.PRESET.NAME]`` values."""
    with resources.files("cleaner").joinpath("data", "steps.toml").open("rb") as fh:
        return tomllib.load(fh)


def param_types(params: type[Any]) -> dict[str, type]:
    """{field: int | float | bool | str} of a parameters dataclass."""
    hints = typing.get_type_hints(params)
    return {f.name: hints[f.name] for f in dataclasses.fields(params)}


def check_value(where: str, kind: type, value: Any) -> Any:
    """``value`` as a ``kind`` parameter (an int is a float too), or ValueError naming ``where``."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (kind in (int, float) and isinstance(value, bool)) or not isinstance(value, kind):
        raise ValueError(f"{where} must be {_KIND_NAMES.get(kind, kind.__name__)}, not {value!r}")
    return value


_KIND_NAMES = {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}


def parse_value(where: str, kind: type, text: str) -> Any:
    """A ``--set`` value (text) as a ``kind`` parameter, or ValueError naming ``where``.  O(len(text))."""
    raw = text.strip()
    try:
        if kind is bool:
            low = raw.lower()
            if low in ("true", "yes", "on", "1"):
                return True
            if low in ("false", "no", "off", "0"):
                return False
            raise ValueError
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError:
        raise ValueError(f"{where} must be {_KIND_NAMES.get(kind, kind.__name__)}, not {text!r}") from None
    return text


def parse_setting(steps: Mapping[str, Step], text: str) -> tuple[str, str, Any]:
    """``STEP.PARAM=VALUE`` (``--set``) as (step, param, typed value); ValueError names an
    unknown step or parameter, or a value of the wrong type.  O(len(text))."""
    target, sep, value = text.partition("=")
    step, dot, param = target.strip().partition(".")
    if not sep or not dot or not step or not param:
        raise ValueError(f"--set {text!r}: expected STEP.PARAM=VALUE")
    if step not in steps:
        raise ValueError(f"--set {text!r}: unknown step {step!r} (steps: {', '.join(steps)})")
    types = param_types(steps[step].params)
    if param not in types:
        known = ", ".join(types) or "none"
        raise ValueError(f"--set {text!r}: step {step!r} has no parameter {param!r} (its parameters: {known})")
    return step, param, parse_value(f"--set {step}.{param}", types[param], value)


def build_params(
    steps: Mapping[str, Step], settings: Mapping[str, Mapping[str, Any]], favor: str | None
) -> dict[str, Any]:
    """{step name: its parameters}: the ``steps.toml`` defaults, then the ``favor`` preset,
    then ``settings`` ({step: {param: value}}), every value checked against the step's
    dataclass.  ValueError names an unknown step, parameter or preset, or a wrong type.
    O(steps + parameters)."""
    data = steps_data()
    defaults = {name: table.get("defaults", {}) for name, table in data["steps"].items()}
    layers: list[tuple[str, Mapping[str, Any]]] = [("cleaner/data/steps.toml", defaults)]
    if favor is not None:
        presets = data.get("favor", {})
        if favor not in presets:
            raise ValueError(f"unknown favor {favor!r} (choose from: {', '.join(sorted(presets))})")
        layers.append((f"favor {favor}", presets[favor]))
    layers.append(("settings", settings))
    values: dict[str, dict[str, Any]] = {name: {} for name in steps}
    for _, layer in layers:
        for name, table in layer.items():
            if name not in steps:
                raise ValueError(f"unknown step {name!r} (steps: {', '.join(steps)})")
            if not isinstance(table, Mapping):
                raise ValueError(f"steps.{name} must be a table of parameters, not {table!r}")
            types = param_types(steps[name].params)
            for key, value in table.items():
                if key not in types:
                    known = ", ".join(types) or "none"
                    raise ValueError(f"step {name!r} has no parameter {key!r} (its parameters: {known})")
                values[name][key] = check_value(f"{name}.{key}", types[key], value)
    out: dict[str, Any] = {}
    for name, step in steps.items():
        missing = set(param_types(step.params)) - set(values[name])
        if missing:  # a bug in the package data, not a user error
            raise StepDeclarationError(f"steps.toml gives no default for {name}.{', '.join(sorted(missing))}")
        out[name] = step.params(**values[name])
    return out
