"""Steps declare themselves (issue 18.1, 18.3): the order follows from the declarations, bad
declarations fail, parameters are reachable (--set, [steps.STEP], Options(params=, favor=))
and checked, every step can be named, disabled and explained."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleaner
from cleaner import Document, Options
from cleaner.cli import main
from cleaner.options import StepWarning
from cleaner.pipeline import process
from cleaner.rules import BY_NAME, RULE_NAMES, STEPS
from cleaner.steps import Stage, Step, StepDeclarationError, derive_order

# The order the three hand lists of cleaner/rules/__init__.py and the dedup call in
# cleaner/pipeline.py gave before steps declared themselves: the derivation keeps it.
BEFORE = [
    "shortcode", "alt_text", "caption", "image_pair", "appeal", "button", "button_tail", "newsletter", "share",
    "promo", "comments", "related", "cookies", "tags", "author_box", "byline", "section_label", "navigation",
    "post_chrome", "no_words", "duplicate", "insertion", "repeated_label", "header", "page_end", "related_tail",
    "line_model",
]  # fmt: skip


def _fake(name: str, stage: Stage = Stage.RULES, reads: tuple[str, ...] = ()) -> Step:
    return Step(name, lambda doc, options: None, stage=stage, reads=reads)


def test_the_derived_order_is_todays() -> None:
    assert RULE_NAMES == ["html_limits", "html_prune", "html_selection", *BEFORE]
    assert [s.stage for s in STEPS] == sorted(s.stage for s in STEPS)


def test_a_step_runs_after_the_steps_it_reads() -> None:
    steps = [_fake("a", reads=("b",)), _fake("b"), _fake("c", stage=Stage.EXTRACT)]
    assert [s.name for s in derive_order(steps)] == ["c", "b", "a"]


def test_a_cycle_fails() -> None:
    steps = [_fake("a", reads=("b",)), _fake("b", reads=("c",)), _fake("c", reads=("a",)), _fake("d")]
    with pytest.raises(StepDeclarationError, match="cycle: a -> b -> c"):
        derive_order(steps)


def test_a_read_of_a_later_step_fails() -> None:
    steps = [_fake("early", reads=("late",)), _fake("late", stage=Stage.FINALIZE)]
    with pytest.raises(StepDeclarationError, match=r"'early' .*reads 'late', which runs later"):
        derive_order(steps)


def test_a_read_of_no_step_and_a_name_twice_fail() -> None:
    with pytest.raises(StepDeclarationError, match="no step"):
        derive_order([_fake("a", reads=("ghost",))])
    with pytest.raises(StepDeclarationError, match="two steps"):
        derive_order([_fake("a"), _fake("a")])


def test_every_declared_step_is_registered() -> None:
    """A Step made anywhere in the package is in steps.toml (else it would never run)."""
    found = set()
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if info.name.startswith(("cleaner.integrations", "cleaner.engines", "cleaner.__main__")):
            continue  # optional dependencies; they declare no step
        module = importlib.import_module(info.name)
        found |= {v.name for k, v in vars(module).items() if isinstance(v, Step) and not k.startswith("_")}
    assert found == set(RULE_NAMES)


def test_reads_are_declared_for_the_verdicts_read() -> None:
    assert set(BY_NAME["header"].reads) == {"byline", "duplicate"}
    assert BY_NAME["caption"].reads == ("shortcode",)
    assert not any(s.contextual for s in STEPS if s.stage in (Stage.DEDUP, Stage.STRUCTURE))


def test_shortcode_captions_reach_the_caption_rule_through_a_typed_field() -> None:
    text = (
        'Work began.\n\n[caption id="1"]Dockers at the north quay[/caption]\n\n'
        "Dockers at the north quay\n\nThe harbour expects more traffic next year, its director said."
    )
    doc = process(Document(id="x", raw=text, kind="text"))
    assert doc.captions == ["Dockers at the north quay"] and doc.context == {}
    assert "Dockers" not in cleaner.render_text(doc)
    with pytest.warns(StepWarning, match="'shortcode' leaves caption"):
        off = Options(disabled_rules=frozenset({"shortcode"}))
    assert process(Document(id="x", raw=text, kind="text"), off).captions == []


# --- parameters ---------------------------------------------------------------------------


def test_every_step_has_params_with_defaults_from_the_data() -> None:
    for step in STEPS:
        params = Options().step_params(step.name)
        assert dataclasses.is_dataclass(params) and type(params) is step.params
    assert Options().step_params("share").max_words == 15
    assert Options(params={"share": {"max_words": 3}}).step_params("share").max_words == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"shar": {"max_words": 3}}, "unknown step 'shar'"),
        ({"share": {"max_word": 3}}, "step 'share' has no parameter 'max_word'"),
        ({"share": {"max_words": "3"}}, "share.max_words must be a whole number"),
        ({"share": {"max_words": True}}, "share.max_words must be a whole number"),
        ({"comments": {"thread_start_share": "x"}}, "comments.thread_start_share must be a number"),
        ({"share": 3}, "must be a table"),
    ],
)
def test_bad_params_name_what_is_wrong(params: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Options(params=params)  # type: ignore[arg-type]


def test_options_stay_hashable_and_comparable() -> None:
    a = Options(params={"share": {"max_words": 3}}, favor="recall")
    b = dataclasses.replace(Options(favor="recall"), params={"share": {"max_words": 3}})
    assert a == b and hash(a) == hash(b)
    with pytest.raises(ValueError, match="favor"):
        Options(favor="speed")


def _share_rows(n: int) -> str:
    row = ", ".join(["Facebook", "Twitter"] * (n // 2))
    return (
        "Harbour works\n\nWork on the quay began in the spring and will last two years, the port said.\n\n"
        f"{row}\n\nThe new cranes lift forty containers an hour, twice as many as the old ones could.\n"
    )


def test_favor_presets_move_the_thresholds_both_ways() -> None:
    """A 10-name share row goes by default and stays with recall; a 20-name one stays by
    default and goes with precision."""
    ten, twenty = _share_rows(10), _share_rows(20)
    assert "Facebook" not in cleaner.clean_text(ten)
    assert "Facebook" in cleaner.clean_text(ten, Options(favor="recall"))
    assert "Facebook" in cleaner.clean_text(twenty)
    assert "Facebook" not in cleaner.clean_text(twenty, Options(favor="precision"))
    # The user's settings win over the preset.
    assert "Facebook" in cleaner.clean_text(twenty, Options(favor="precision", params={"share": {"max_words": 15}}))


def test_favor_changes_html_extraction_parameters() -> None:
    assert (
        Options(favor="precision").step_params("html_prune").unprune_share
        > Options().step_params("html_prune").unprune_share
    )
    assert Options(favor="recall").step_params("html_selection").fallback_min_chars > 250


# --- command line and config --------------------------------------------------------------


def _run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, args, catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "page.txt"
    path.write_text(_share_rows(10), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("share.max_words=abc", "share.max_words must be a whole number"),
        ("shar.max_words=3", "unknown step 'shar'"),
        ("share.nope=3", "has no parameter 'nope'"),
        ("share=3", "expected STEP.PARAM=VALUE"),
    ],
)
@pytest.mark.parametrize("command", ["clean", "explain", "report", "check"])
def test_set_is_validated_on_every_command(dump: Path, command: str, setting: str, message: str) -> None:
    extra = ["-o", str(dump.parent / "r.html")] if command == "report" else []
    code, _, err = _run([command, str(dump), *extra, "--set", setting], dump.parent)
    assert code == 2 and message in err


def test_set_and_favor_reach_the_pipeline(dump: Path) -> None:
    assert "Facebook" not in _run(["clean", str(dump), "-q"], dump.parent)[1]
    assert "Facebook" in _run(["clean", str(dump), "-q", "--set", "share.max_words=8"], dump.parent)[1]
    assert "Facebook" in _run(["clean", str(dump), "-q", "--favor", "recall"], dump.parent)[1]
    explained = _run(["explain", str(dump), "--color", "never", "--favor", "recall"], dump.parent)[1]
    assert "[share]" not in explained


def test_config_steps_table(dump: Path) -> None:
    config = dump.parent / "cleaner.toml"
    config.write_text("[steps.share]\nmax_words = 8\n", encoding="utf-8")
    assert "Facebook" in _run(["clean", str(dump), "-q"], dump.parent)[1]
    # The command line wins over the file.
    assert "Facebook" not in _run(["clean", str(dump), "-q", "--set", "share.max_words=15"], dump.parent)[1]
    config.write_text('favor = "recall"\n', encoding="utf-8")
    assert "Facebook" in _run(["clean", str(dump), "-q"], dump.parent)[1]
    for bad, message in [
        ("[steps.share]\nmax_words = '8'\n", "share.max_words must be a whole number"),
        ("[steps.nope]\nx = 1\n", "unknown step 'nope'"),
        ("[steps.share]\nmax = 1\n", "has no parameter 'max'"),
    ]:
        config.write_text(bad, encoding="utf-8")
        code, _, err = _run(["clean", str(dump), "-q"], dump.parent)
        assert code == 2 and message in err and "cleaner.toml" in err


def test_rules_lists_every_step_with_stage_reads_and_params(dump: Path) -> None:
    text = _run(["rules"], dump.parent)[1]
    for name in ("html_prune", "html_selection", "html_limits"):
        assert f"\n{name}  (stage: extract" in "\n" + text
    assert "share  (stage: rules; confidence: sure; params: max_words=15)" in text
    assert "header  (stage: finalize; confidence: guess; reads: byline, duplicate)" in text


# --- disabling --------------------------------------------------------------------------------

_PAGE = (
    "<html><body><article><h1>Harbour works</h1><p>Work on the quay began in the spring and will last"
    " two years, the port authority said on Monday.</p><p>The new cranes lift forty containers an hour,"
    " twice as many as the old ones could manage before.</p></article>"
    '<div class="share-buttons"><p>Share this article with your friends</p></div>'
    "<script>var hidden = 'never text';</script></body></html>"
)


def test_disabling_html_prune_keeps_the_box_for_selection_to_judge() -> None:
    on = process(Document(id="x", raw=_PAGE, kind="html"))
    assert on.rule_counts().get("html_prune") == 1
    with pytest.warns(StepWarning, match="'html_prune' leaves html_selection"):
        options = Options(disabled_rules=frozenset({"html_prune"}))
    off = process(Document(id="x", raw=_PAGE, kind="html"), options)
    assert "html_prune" not in off.rule_counts()
    both = Options(disabled_rules=frozenset({"html_prune", "html_selection"}))
    text = cleaner.clean_html(_PAGE, options=both)
    assert "Share this article" in text and "never text" not in text


def test_disabling_html_selection_keeps_what_pruning_left() -> None:
    page = _PAGE.replace("</article>", "</article><div><p>Weather: sunny spells, 14 degrees.</p></div>")
    assert "Weather" not in cleaner.clean_html(page)
    assert "Weather" in cleaner.clean_html(page, options=Options(disabled_rules=frozenset({"html_selection"})))


def test_html_limits_cannot_be_disabled(dump: Path) -> None:
    with pytest.raises(ValueError, match="html_limits cannot be disabled"):
        Options(disabled_rules=frozenset({"html_limits"}))
    code, _, err = _run(["clean", str(dump), "--disable-rule", "html_limits"], dump.parent)
    assert code == 2 and "html_limits cannot be disabled" in err


def test_disabling_a_step_others_read_warns_and_names_them(dump: Path) -> None:
    with pytest.warns(StepWarning, match="'byline' leaves header without"):
        Options(disabled_rules=frozenset({"byline"}))
    with pytest.warns(StepWarning, match="'duplicate' leaves insertion, repeated_label, header without"):
        Options(disabled_rules=frozenset({"duplicate"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Options(disabled_rules=frozenset({"share", "header", "byline"}))  # its reader is off too: no warning
    code, _, err = _run(["clean", str(dump), "-q", "--disable-rule", "byline"], dump.parent)
    assert code == 0 and err.count("warning: disabling 'byline' leaves header without") == 1
