"""The rule catalogue and the rule registry: one name per rule, every rule documented by an
example it removes and a counter-example it keeps, each run through the one-rule harness."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Document, Options, clean_document
from cleaner.cli import main
from cleaner.extract.html.limits import TRUNCATED
from cleaner.extract.steps import LIMITS
from cleaner.memo import document_scope
from cleaner.pipeline import mark, process
from cleaner.rules import BY_NAME, RULE_NAMES
from cleaner.rules import catalog as catalog_module
from cleaner.rules.base import load_data, load_phrases
from cleaner.rules.catalog import MARKDOWN_HEADER, Entry, catalog, markdown_rows
from cleaner.rules.testing import make_document, run_rule
from cleaner.steps import Stage

ENTRIES = {e.name: e for e in catalog()}


def _removed_by(doc: Document) -> set[str]:
    """The steps that removed something, html_limits (which cuts markup, not blocks) included."""
    return {r.rule for _, r in doc.removed()} | ({LIMITS} if doc.context.get(TRUNCATED) else set())


ROOT = Path(__file__).resolve().parent.parent


def test_names_are_unique_and_the_catalogue_file_holds_exactly_the_rules() -> None:
    """Two rules under one name would share counters and --disable-rule; an entry in
    catalog.toml for no rule (renamed, removed) is documentation of nothing."""
    assert len(RULE_NAMES) == len(set(RULE_NAMES))
    assert sorted(load_data("catalog")) == sorted(RULE_NAMES)


def _fixture_removals() -> set[str]:
    names: set[str] = set()
    for kind in ("html", "text"):
        for path in sorted((ROOT / "fixtures" / kind / "input").glob("*")):
            raw = path.read_bytes()
            doc = clean_document(Document(id=path.name, raw=raw if kind == "html" else raw.decode("utf-8"), kind=kind))
            names |= _removed_by(doc) | {c.rule for b in doc.blocks for c in b.cuts}
    return names


def test_every_name_in_the_removals_is_documented() -> None:
    """Every name a removal or a cut carries over the fixtures is a catalogue entry, HTML
    extraction's verdicts included: `--explain` never shows a name `cleaner rules` does not."""
    names = _fixture_removals()
    assert len(names) >= 10  # the fixtures exercise most rules
    assert {"html_prune", "html_selection"} <= names
    assert names <= set(ENTRIES), sorted(names - set(ENTRIES))


def test_readme_rule_table_is_the_catalogue() -> None:
    """The README's rule table is the catalogue, row for row (rules.catalog.markdown_rows)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index(MARKDOWN_HEADER) + 2
    rows = []
    for line in readme[start:]:
        if not line.startswith("| `"):
            break
        rows.append(line)
    expected = markdown_rows(catalog())
    assert rows == expected, "README rule table differs from catalog.toml; its rows should be:\n" + "\n".join(expected)


@pytest.mark.parametrize("name", RULE_NAMES)
def test_example_is_removed_by_its_rule_alone(name: str) -> None:
    e = ENTRIES[name]
    doc = run_rule(name, e.example, language=e.language, kind=e.kind, title=e.title)
    # Rules that run after dedup see its removals too (the harness runs dedup first for them).
    assert _removed_by(doc) - ({"duplicate"} - {name}) == {name}, [(b.text, b.removal, b.cuts) for b in doc.blocks]


@pytest.mark.parametrize("name", RULE_NAMES)
def test_counter_example_is_kept_by_its_rule(name: str) -> None:
    e = ENTRIES[name]
    doc = run_rule(name, e.counter, language=e.language, kind=e.kind, title=e.title)
    assert name not in _removed_by(doc), [(b.text, b.removal, b.cuts) for b in doc.blocks]
    assert all(b.kept for b in doc.blocks if b.copy_of is None), "a counter-example keeps every block"


def _pipeline(e: Entry, options: Options) -> dict[str, int]:
    if BY_NAME[e.name].stage is Stage.EXTRACT:  # the whole page through the whole pipeline
        return process(Document(id="x", raw=e.example, kind="html"), options).rule_counts()
    doc = make_document(e.example, kind=e.kind, language=e.language, title=e.title)
    with document_scope(len(e.example), len(doc.blocks)):
        mark(doc, options)
    return doc.rule_counts()


@pytest.mark.filterwarnings("ignore::cleaner.options.StepWarning")  # disabling what others read
@pytest.mark.parametrize("name", [n for n in RULE_NAMES if BY_NAME[n].can_disable])
def test_disabling_a_rule_removes_its_name_from_the_counts(name: str) -> None:
    e = ENTRIES[name]
    before = frozenset(e.pipeline_disabled)
    assert name in _pipeline(e, Options(disabled_rules=before)), f"{name} does not fire on its example"
    assert name not in _pipeline(e, Options(disabled_rules=before | {name}))


_LOOKUPS = {"full_match", "contains", "block_contains", "phrase_regex", "word_regex", "phrases", "phrase_rule"}


def _phrase_keys_asked() -> set[tuple[str, str]]:
    """(category, key) of every phrase lookup with literal arguments in cleaner/rules."""
    asked: set[tuple[str, str]] = set()
    for path in Path("cleaner/rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) not in _LOOKUPS:
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:3]]
            if node.func.id == "phrase_rule":  # type: ignore[attr-defined]
                asked.add((str(args[1]), "block"))
            elif len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
                asked.add((args[0], args[1]))
    return asked


def test_every_phrase_list_a_rule_asks_for_exists() -> None:
    asked = _phrase_keys_asked()
    assert len(asked) >= 20  # the scan finds the lookups
    every = load_phrases()
    missing = [(c, k) for c, k in sorted(asked) if k not in every.get(c, {})]
    assert missing == []


def test_every_phrase_pattern_compiles() -> None:
    """Phrase patterns are compiled when a text first makes them a candidate (most never are
    on a page): a broken one in the data must fail here, not on some page."""
    from cleaner.rules.base import _phrase_files

    broken = []
    for stem, table in _phrase_files().items():
        for category, keys in table.items():
            for key, patterns in keys.items():
                for pattern in patterns:
                    try:
                        re.compile(pattern, re.IGNORECASE)
                    except re.error as e:
                        broken.append((stem, category, key, pattern, str(e)))
    assert broken == []


def test_an_unknown_phrase_list_is_an_error() -> None:
    from cleaner.rules.base import full_match

    with pytest.raises(KeyError):
        full_match("appeal", "no_such_key", "text")


def test_every_rule_has_a_measured_false_fire_rate() -> None:
    """The shipped rates file (benchmarks/cleanprose.py --write-rates) names every rule and no
    other: a new rule cannot ship unmeasured, nor a renamed one keep its old figures."""
    data = catalog_module.false_fire_data()
    assert sorted(data["rules"]) == sorted(RULE_NAMES), "run: python benchmarks/cleanprose.py --write-rates"
    measured = data["measured"]
    assert measured["documents"] > 0 and measured["characters"] > 0 and measured["commit"] and measured["date"]
    for name, rate in data["rules"].items():
        if "not_measured" in rate:  # only a step the text corpus cannot reach may go unmeasured
            assert BY_NAME[name].html_only, name
            continue
        assert 0 <= rate["documents_pct"] <= 100 and 0 <= rate["chars_pct"] <= 100, name
    assert all(e.false_fire is not None for e in catalog())


def test_cli_shows_each_rules_rate_from_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cleaner rules` prints what the rates file says for each rule, "not measured" for a rule
    it does not name, and where the rates were measured."""
    rules: dict[str, dict[str, object]] = {n: {"documents_pct": 0.0, "chars_pct": 0.0} for n in RULE_NAMES[2:]}
    rules["duplicate"] = {"documents_pct": 43.5, "chars_pct": 4.23}
    rules[RULE_NAMES[1]] = {"not_measured": "HTML pages only"}
    data = {
        "measured": {
            "corpus": "a test corpus",
            "documents": 7,
            "characters": 900,
            "date": "2026-01-02",
            "commit": "c0ffee",
        },
        "rules": rules,
    }
    monkeypatch.setattr(catalog_module, "false_fire_data", lambda: data)
    text = CliRunner().invoke(main, ["rules"], catch_exceptions=False).output
    assert text.startswith("False-fire rates on clean prose: a test corpus: 7 documents, 900 characters;")
    blocks = {b.split("  (", 1)[0]: b for b in text.split("\n\n")[1:] if b}
    assert "on clean prose: not measured\n" in blocks[RULE_NAMES[0]]
    assert "on clean prose: not measured (HTML pages only)\n" in blocks[RULE_NAMES[1]]
    assert "on clean prose: fires on 43.5% of documents, removes 4.2% of characters" in blocks["duplicate"]
    assert "on clean prose: fires on 0% of documents, removes 0% of characters" in blocks["share"]
    rows = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"], catch_exceptions=False).output)
    by_name = {r["name"]: r for r in rows}
    assert by_name[RULE_NAMES[0]]["false_fire"] is None
    assert by_name["duplicate"]["false_fire"] == {"documents_pct": 43.5, "chars_pct": 4.23, "not_measured": ""}
    readme_rows = {r.split(" | ")[0]: r for r in markdown_rows(catalog())}
    assert readme_rows[f"| `{RULE_NAMES[0]}`"].endswith("| not measured |")
    assert readme_rows["| `duplicate`"].endswith("| 43.5% / 4.2% |")
    assert readme_rows[f"| `{RULE_NAMES[1]}`"].endswith("| not measured (HTML pages only) |")


def test_cli_lists_the_rules() -> None:
    res = CliRunner().invoke(main, ["rules", "--format", "json"], catch_exceptions=False)
    rows = json.loads(res.output)
    assert [r["name"] for r in rows] == RULE_NAMES
    assert all(r["description"] and r["example"] and r["counter_example"] for r in rows)
    text = CliRunner().invoke(main, ["rules"], catch_exceptions=False).output
    assert "image_pair" in text and "keeps:" in text
