"""The clean-prose benchmark's scoring: each rule counted once per document it fires on, its
removed characters summed, the overall figures adding up; the rates file it writes is the one
``cleaner rules`` reads.  The corpus is built here, in tmp_path (the dev set is not read)."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import pytest

from cleaner import Options
from cleaner.rules import RULE_NAMES

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import cleanprose  # noqa: E402

_REPEATED = (
    "The committee met on Tuesday to discuss the new opening hours of the library, which will"
    " stay open until nine in the evening from the first of May onwards."
)


def _corpus(folder: Path) -> Path:
    """Two documents: one whose long paragraph comes three times (dedup removes two copies),
    one with nothing to remove."""
    folder.mkdir()
    repeated = "\n\n".join(
        [
            "Library hours change in May",
            _REPEATED,
            "Readers asked for the change in a survey last year, and the council agreed to pay for it.",
            _REPEATED,
            "The children's room keeps its old hours, because few families come after six o'clock.",
            _REPEATED,
        ]
    )
    clean = "\n\n".join(
        [
            "A quiet spring in the valley",
            "The snow melted early this year, and the farmers began ploughing in the second week of March.",
            "Most of them expect a good harvest if the rain comes in April, as it usually does here.",
        ]
    )
    (folder / "news-en-library.txt").write_text(repeated + "\n", encoding="utf-8")
    (folder / "news-en-valley.txt").write_text(clean + "\n", encoding="utf-8")
    return folder


def test_fresh_texts_are_named_by_shape_and_language(tmp_path: Path) -> None:
    docs = cleanprose.load_fresh(_corpus(tmp_path / "c"))
    assert [(d.id, d.set, d.group, d.lang, d.half) for d in docs] == [
        ("news-en-library", "fresh", "news", "en", ""),
        ("news-en-valley", "fresh", "news", "en", ""),
    ]
    (tmp_path / "c" / "noshape.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit, match="SHAPE-LANG-slug"):
        cleanprose.load_fresh(tmp_path / "c")


def test_a_rule_firing_twice_on_a_document_counts_one_document_and_every_character(tmp_path: Path) -> None:
    docs = cleanprose.load_fresh(_corpus(tmp_path / "c"))
    results = [cleanprose.measure(d, Options()) for d in docs]
    repeated, clean = results
    copy = cleanprose.nonspace(_REPEATED)
    assert repeated.removed == {"duplicate": 2 * copy}  # two copies removed, both attributed
    assert repeated.changed and repeated.flagged
    assert clean.removed == {} and not clean.changed and not clean.flagged
    assert clean.chars_in == clean.chars_out == cleanprose.nonspace(docs[1].text)

    t = cleanprose.tally(results, RULE_NAMES)
    dup = t["rules"]["duplicate"]
    assert dup["documents"] == 1 and dup["documents_pct"] == 50.0
    assert dup["chars"] == 2 * copy
    assert dup["chars_pct"] == pytest.approx(100 * 2 * copy / t["chars_in"], abs=1e-4)
    assert all(r["documents"] == 0 for name, r in t["rules"].items() if name != "duplicate")
    # Characters add up: what went in = what came out + every rule's removals + the unattributed.
    assert t["chars_in"] == sum(r.chars_in for r in results)
    assert t["chars_in"] == t["chars_out"] + sum(r["chars"] for r in t["rules"].values()) + t["unattributed_chars"]
    assert t["unattributed_chars"] == 0
    assert t["documents_changed"] == 1 and t["check_flagged_pct"] == 50.0
    assert t["chars_kept_pct"] == pytest.approx(100 * t["chars_out"] / t["chars_in"], abs=1e-4)


@pytest.mark.filterwarnings("ignore::cleaner.options.StepWarning")  # dedup is read by later rules
def test_disabling_the_rule_that_fires_leaves_the_document_alone(tmp_path: Path) -> None:
    docs = cleanprose.load_fresh(_corpus(tmp_path / "c"))
    got = cleanprose.measure(docs[0], Options(disabled_rules=frozenset({"duplicate"})))
    assert "duplicate" not in got.removed


def test_groups_split_sets_halves_and_types() -> None:
    def result(set_: str, group: str, half: str) -> cleanprose.Result:
        doc = cleanprose.Doc(f"{set_}{group}{half}", set_, group, half, "en", "Title\n\nText.\n")
        return cleanprose.Result(doc, 10, 10, False, False)

    results = [result("dev", "forum", "dev"), result("dev", "article", "heldout"), result("fresh", "poem", "")]
    got = {k: len(v) for k, v in cleanprose.groups(results).items()}
    assert got == {
        "all": 3,
        "dev": 2,
        "fresh": 1,
        "dev[dev half]": 1,
        "dev[heldout half]": 1,
        "dev/article": 1,
        "dev/forum": 1,
        "fresh/poem": 1,
    }


def test_the_rates_file_it_writes_is_what_cleaner_rules_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.rules import catalog as cat

    docs = cleanprose.load_fresh(_corpus(tmp_path / "c"))
    t = cleanprose.tally([cleanprose.measure(d, Options()) for d in docs], RULE_NAMES)
    text = cleanprose.rates_toml(t, "two texts", "2026-01-02", "abc1234", html_only=["html_prune"])
    data = tomllib.loads(text)
    assert data["rules"]["html_prune"] == {"not_measured": cleanprose.HTML_ONLY}
    assert sorted(data["rules"]) == sorted(RULE_NAMES)
    assert data["measured"] == {
        "corpus": "two texts",
        "documents": 2,
        "characters": t["chars_in"],
        "date": "2026-01-02",
        "commit": "abc1234",
    }
    monkeypatch.setattr(cat, "false_fire_data", lambda: data)
    rates = cat.false_fire_rates()
    assert rates["duplicate"] == cat.FalseFire(50.0, t["rules"]["duplicate"]["chars_pct"])
    assert rates["html_prune"] == cat.FalseFire(None, None, cleanprose.HTML_ONLY)
    assert "2 documents" in cat.measured_on() and "abc1234" in cat.measured_on()


def test_the_package_does_not_import_the_benchmark() -> None:
    """The benchmark measures the package; the package must work without it (it is not shipped)."""
    for path in (REPO / "cleaner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any("cleanprose" in n or n.startswith("benchmarks") for n in names), path
