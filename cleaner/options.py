"""Options for one cleaning run: every threshold is named, documented and overridable."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The per-record size cap (bytes): the one default for Options, the readers and the CLI.
DEFAULT_MAX_BYTES = 20_000_000

# Step settings as stored: ((step, ((param, value), ...)), ...), sorted, so Options stays hashable.
Settings = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
FAVORS = ("precision", "recall")  # the presets of cleaner/data/steps.toml [favor.*]
FORMATS = ("text", "markdown")  # Options.format


class StepWarning(UserWarning):
    """A disabled step that steps left running read: they judge without its verdicts."""


@dataclass(frozen=True, slots=True)
class Options:
    """Knobs of the pipeline.  Defaults are what the fixtures and the benchmarks were tuned on.

    dedup_ratio
        rapidfuzz ``fuzz.ratio`` (0-100) at or above which two paragraphs are the same
        paragraph (copies with a typo, curly vs straight quotes, a changed word).
    excerpt_ratio
        ``fuzz.ratio`` between a shorter paragraph and the same-length opening of a longer
        one at or above which the shorter one is a truncated excerpt of the longer.
    min_dedup_chars
        paragraphs whose comparison key is shorter than this are only dropped when they are
        exact repeats of a long-enough block (short table cells and list items repeat legally).
    min_excerpt_chars
        an excerpt must have at least this many characters to be matched against a prefix.
    keep_captions
        keep figure captions and alt-text instead of removing them.
    disabled_rules
        names of rules to skip (``cleaner rules`` lists them: ``cleaner.steps.registry()``).
    max_bytes
        inputs larger than this fail with a clear reason instead of being parsed.
    title
        print the title as the text's first line; False gives the body alone (JSONL and
        Parquet keep the ``title`` field either way).
    min_chars
        a document whose kept text is shorter than this is dropped (counted as ``too_short``
        in the batch summary's ``dropped_by_reason``); 0 keeps everything non-empty.
    line_model
        the text path's line classifier: None for the shipped model, or the path of one
        trained on your own pages (``benchmarks/train_lines.py``).
    params
        step parameters, ``{"STEP": {"PARAM": value}}`` (``cleaner rules`` lists them; the
        defaults are in ``cleaner/data/steps.toml``).
    favor
        ``"precision"`` or ``"recall"``: a preset of step parameters that removes more, or
        keeps more; ``params`` override it.
    format
        ``"text"`` (plain text) or ``"markdown"``: the kept blocks with their headings,
        lists, tables, code and quotes marked up (:mod:`cleaner.sinks.markdown`); the same
        blocks either way.

    Values are checked when an ``Options`` is made: a ratio outside 0-100, a negative count,
    an unknown rule name, step or parameter, or a parameter of the wrong type raises
    ``ValueError`` naming it.  Disabling a step others read warns (:class:`StepWarning`).
    """

    dedup: bool = True
    dedup_ratio: float = 90.0
    excerpt_ratio: float = 90.0
    min_dedup_chars: int = 20
    min_excerpt_chars: int = 40
    keep_captions: bool = False
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    max_bytes: int = DEFAULT_MAX_BYTES
    title: bool = True
    min_chars: int = 0
    line_model: str | None = None
    params: Mapping[str, Mapping[str, Any]] | Settings = ()
    favor: str | None = None
    format: str = "text"
    # {step: its parameters dataclass}, built on first use (see step_params).
    _resolved: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Check every value (O(number of disabled rules))."""
        for name in ("dedup", "keep_captions", "title"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"Options.{name} must be true or false, not {getattr(self, name)!r}")
        for name in ("dedup_ratio", "excerpt_ratio"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
                raise ValueError(f"Options.{name} must be a number from 0 to 100, not {value!r}")
        for name in ("min_dedup_chars", "min_excerpt_chars", "min_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"Options.{name} must be a whole number >= 0, not {value!r}")
        if self.line_model is not None and not isinstance(self.line_model, str):
            raise ValueError(f"Options.line_model must be a file path, not {self.line_model!r}")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ValueError(f"Options.max_bytes must be a whole number > 0, not {self.max_bytes!r}")
        rules = self.disabled_rules
        if isinstance(rules, str) or not isinstance(rules, Iterable):
            raise ValueError(f"Options.disabled_rules must be a list of rule names, not {rules!r}")
        rules = frozenset(rules)
        object.__setattr__(self, "disabled_rules", rules)
        object.__setattr__(self, "params", _settings(self.params))
        if self.format not in FORMATS:
            raise ValueError(f"Options.format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.favor is not None and self.favor not in FAVORS:
            raise ValueError(f"Options.favor must be one of {', '.join(FAVORS)} or None, not {self.favor!r}")
        if rules:
            from .steps import disable_warnings, registry

            by_name = registry()
            unknown = sorted(str(r) for r in rules - set(by_name))
            if unknown:
                raise ValueError(f"unknown rule {', '.join(map(repr, unknown))} (rules: {', '.join(by_name)})")
            fixed = sorted(r for r in rules if not by_name[r].can_disable)
            if fixed:
                raise ValueError(f"{', '.join(fixed)} cannot be disabled: the cost guarantees rest on it")
            for message in disable_warnings(rules):
                warnings.warn(message, StepWarning, stacklevel=3)
        if self.params or self.favor is not None:
            self.step_params("")  # check them now, naming what is wrong

    def settings(self) -> dict[str, dict[str, Any]]:
        """``params`` as ``{step: {param: value}}`` (a copy).  O(parameters)."""
        return {step: dict(table) for step, table in _settings(self.params)}

    def step_params(self, name: str) -> Any:
        """The parameters dataclass of step ``name`` (None for an unknown name): the defaults
        of ``steps.toml``, then the ``favor`` preset, then ``params``.  O(1) after the first call."""
        resolved = self._resolved
        if resolved is None:
            resolved = _resolve(self.params, self.favor)  # type: ignore[arg-type]
            object.__setattr__(self, "_resolved", resolved)
        return resolved.get(name)

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str = "config") -> Options:
        """Options from a config table (``disable_rules = [...]``, ``dedup_ratio = 95``,
        ``favor = "precision"``, ``[steps.STEP]`` tables of step parameters...).

        Unknown keys raise ``ValueError`` naming the key.  O(keys)."""
        names = set(cls.__dataclass_fields__) - {"disabled_rules", "params", "_resolved"}
        kwargs: dict[str, Any] = {}
        for key, value in table.items():
            if key == "disable_rules":
                kwargs["disabled_rules"] = value
            elif key == "steps":
                if not isinstance(value, Mapping):
                    raise ValueError(f"{where}: steps must be a table of [steps.STEP] tables, not {value!r}")
                kwargs["params"] = value
            elif key in names:
                kwargs[key] = value
            else:
                raise ValueError(f"{where}: unknown setting {key!r}")
        try:
            return cls(**kwargs)
        except ValueError as exc:  # name the file: the value came from it
            raise ValueError(f"{where}: {exc}") from None


def _settings(value: Any) -> Settings:
    """``{"step": {"param": value}}`` (or the stored form) as sorted tuples.  O(parameters)."""
    if isinstance(value, tuple):
        value = {k: dict(v) for k, v in value}
    if not isinstance(value, Mapping):
        raise ValueError(f"Options.params must be a table {{step: {{param: value}}}}, not {value!r}")
    out = []
    for step, table in value.items():
        if not isinstance(table, Mapping):
            raise ValueError(f"Options.params[{step!r}] must be a table of parameters, not {table!r}")
        out.append((str(step), tuple(sorted((str(k), v) for k, v in table.items()))))
    return tuple(sorted(out))


_CACHE: dict[tuple[Settings, str | None], dict[str, Any]] = {}


def _resolve(settings: Settings, favor: str | None) -> dict[str, Any]:
    """{step: parameters} for these settings; memoised (a batch makes its Options once, but
    the single-document API may make one per call).  O(steps + parameters) the first time."""
    key = (settings, favor)
    try:
        return _CACHE[key]
    except (KeyError, TypeError):  # TypeError: an unhashable value, which build_params names
        pass
    from .steps import build_params, registry

    resolved = build_params(registry(), {step: dict(table) for step, table in settings}, favor)
    if len(_CACHE) < 64:
        _CACHE[key] = resolved  # every value passed the type checks: hashable
    return resolved
