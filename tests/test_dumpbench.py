"""The text-dump benchmark: deterministic generation, disjoint splits, honest scoring."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from dumps.bodies import load_bodies  # noqa: E402
from dumps.generate import CLASSES, Dump, make_dumps  # noqa: E402
from dumps.pools import SPLITS, load_pools, misplaced, pools_file, pools_for, split_of  # noqa: E402
from dumps.score import norm, score_dump, summarise  # noqa: E402

BODIES = REPO / "fixtures" / "dumps" / "bodies.json"
FILLERS = {"site", "author", "agency", "place", "menu_sep", "crumb_sep", "theme"}


def _dumps(split: str, seed: int = 7, count: int = 60) -> list[Dump]:
    return make_dumps(split, seed, count, load_bodies(split, BODIES), pools_for(split))


@pytest.mark.parametrize("split", SPLITS)
def test_generation_is_deterministic(split: str) -> None:
    first, again = _dumps(split), _dumps(split)
    assert [(d.text, d.expected, d.chrome) for d in first] == [(d.text, d.expected, d.chrome) for d in again]
    other = _dumps(split, seed=8)
    assert [d.text for d in first] != [d.text for d in other]


def test_generation_does_not_depend_on_hash_seed() -> None:
    code = (
        "import hashlib, sys; from pathlib import Path; sys.path.insert(0, 'benchmarks');"
        "from dumps.bodies import load_bodies; from dumps.pools import pools_for;"
        "from dumps.generate import make_dumps;"
        "ds = make_dumps('dev', 3, 20, load_bodies('dev', Path(sys.argv[1])), pools_for('dev'));"
        "print(hashlib.sha1(repr([(d.text, d.chrome) for d in ds]).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        proc = subprocess.run(
            [sys.executable, "-c", code, str(BODIES)], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        digests.add(proc.stdout.strip())
    assert len(digests) == 1


def test_pools_are_rich_and_split_disjointly() -> None:
    pools = load_pools()
    for name, words in pools.items():
        if name not in FILLERS:
            assert len(words) >= 12, f"[{name}] has only {len(words)} wordings"
    halves = {split: pools_for(split) for split in SPLITS}
    for name in pools:
        dev = {w.text for w in halves["dev"][name]}
        heldout = {w.text for w in halves["heldout"][name]}
        assert dev and heldout and not dev & heldout, name
        assert dev | heldout == {w.text for w in pools[name]}


def test_every_wording_sits_in_the_file_its_hash_names() -> None:
    assert misplaced() == []


def test_a_split_reads_only_its_own_pools_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dumps.pools

    (tmp_path / "pools-dev.txt").write_text(pools_file("dev").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(dumps.pools, "HERE", tmp_path)
    assert make_dumps("dev", 1, 3, load_bodies("dev", BODIES), pools_for("dev"))
    with pytest.raises(FileNotFoundError):
        pools_for("heldout")


def test_bodies_split_by_page_id() -> None:
    dev, heldout = load_bodies("dev", BODIES), load_bodies("heldout", BODIES)
    assert dev and heldout
    assert not {b.id for b in dev} & {b.id for b in heldout}
    assert all(split_of(b.id) == "dev" for b in dev)


@pytest.mark.parametrize("split", SPLITS)
def test_dumps_use_only_their_split(split: str) -> None:
    other = "heldout" if split == "dev" else "dev"
    foreign = {w.text for name, ws in pools_for(other).items() if name not in FILLERS for w in ws if len(w.text) > 12}
    other_titles = {b.title for b in load_bodies(other, BODIES)}
    for d in _dumps(split, count=40):
        assert d.title not in other_titles
        for _, line in d.chrome:
            assert line not in foreign


@pytest.mark.parametrize("split", SPLITS)
def test_expected_output_never_holds_chrome(split: str) -> None:
    for d in _dumps(split):
        perfect = score_dump(d, d.expected)
        assert perfect.f1 == 1.0 and perfect.title_right
        assert not perfect.residue and not perfect.repeated and not perfect.repeated_text
        assert perfect.paragraphs_found == perfect.paragraphs
        # and the whole dump (entities decoded, as any output has them), taken as output, leaves
        # every chrome line in
        raw = score_dump(d, html.unescape(d.text))
        left = {line for lines in raw.residue.values() for line in lines}
        assert all(norm(line) in left for _, line in d.chrome)


def test_dumps_have_every_class_and_hard_case() -> None:
    dumps = _dumps("dev", count=120) + _dumps("heldout", count=120)
    classes = {cls for d in dumps for cls, _ in d.chrome}
    assert classes == set(CLASSES)
    features = {f for d in dumps for f in d.features}
    for needed in (
        "excerpt",
        "caption_shortcode",
        "typo_first_copy",
        "zero_width",
        "zwj_emoji",
        "separator",
        "repeated_question",
        "lookalike",
        "quoted_credit",
        "read_also",
        "chromelike_body",
        "title_twice",
        "wrapped",
        "copies=3",
        "single_newline",
        "entities",
        "typo_middle_copy",
        "crlf",
    ):
        assert needed in features, needed


def _hand_built() -> Dump:
    return Dump(
        id="hand",
        body_id="x",
        text="(not used by the scorer)",
        title="River ferry returns after ten years",
        paragraphs=[
            "The ferry across the river will run again from Monday, the council said.",
            "It stopped in 2014 when the old boat failed an inspection.",
            "Advertisement revenue did not cover the cost of a new one, officials said.",
            "Q: What next?",
            "A new timetable will be published in May.",
            "Q: What next?",
        ],
        chrome=[
            ("header", "Home » Local » River ferry returns"),
            ("ad", "Advertisement"),
            ("image", "ferry_boat_2014"),
            ("image", "The old ferry at the landing stage in 2012."),
            ("appeal", "Support the Weekly"),
            ("excerpt", "The ferry across the river will run again from Monday, the council said. It stopped in"),
        ],
    )


def test_score_counts_residue_repeats_and_recall() -> None:
    d = _hand_built()
    output = "\n\n".join(
        [
            "Home » Local » River ferry returns",  # header left, and taken as the title
            d.title,
            d.paragraphs[0],
            "The old ferry at the landing stage in 2012.",  # image caption left
            d.paragraphs[1],
            d.paragraphs[2],  # contains the word Advertisement: not ad residue
            "Q: What next?",
            d.paragraphs[4],
            "Q: What next?",
            d.paragraphs[1],  # repeated paragraph
        ]
    )
    s = score_dump(d, output)
    assert set(s.residue) == {"header", "image"}
    assert s.residue["image"] == ["The old ferry at the landing stage in 2012."]
    assert s.repeated == [d.paragraphs[1]]
    assert not s.title_right
    assert s.paragraphs_found == 6 and s.paragraphs == 6
    extra = "Home » Local » River ferry returns The old ferry at the landing stage in 2012. " + d.paragraphs[1]
    expected_tokens = len(re.findall(r"\w+", d.expected))
    assert s.precision == pytest.approx(expected_tokens / (expected_tokens + len(re.findall(r"\w+", extra))))
    assert s.recall == 1.0


def test_score_short_chrome_counts_only_as_a_whole_line_and_excerpt_counts() -> None:
    d = _hand_built()
    excerpt = d.chrome[-1][1]
    output = "\n\n".join([d.title, excerpt + " […]", *d.paragraphs[1:], "Advertisement", "Support the Weekly"])
    s = score_dump(d, output)
    assert set(s.residue) == {"excerpt", "ad", "appeal"}
    assert s.missing == [d.paragraphs[0]] and s.paragraphs_found == 5
    assert s.title_right
    # a legit repeat (the question twice) is not a repeat; a third copy is
    s3 = score_dump(d, output + "\n\nQ: What next?")
    assert s3.repeated == ["Q: What next?"]
    assert not s.repeated


def test_score_an_excerpt_taken_for_the_first_paragraph() -> None:
    d = _hand_built()
    excerpt = d.chrome[-1][1]  # paragraphs 1 and 2 joined, cut mid-sentence
    output = "\n\n".join([d.title, excerpt, *d.paragraphs[1:]])
    s = score_dump(d, output)
    assert s.residue == {"excerpt": [excerpt]}
    assert s.missing == [d.paragraphs[0]]
    assert not s.repeated  # paragraph 2 is whole only once
    assert s.repeated_text == []  # its only sentence in the excerpt is cut: not whole twice
    again = score_dump(d, output.replace(excerpt, d.paragraphs[0] + " " + d.paragraphs[1]))
    assert again.repeated_text == [d.paragraphs[1]]


def test_score_ignores_invisible_characters_but_not_joiners() -> None:
    d = _hand_built()
    d.paragraphs[4] = "A new timetable 👩\u200d💻 will be published in May."
    clean = d.expected.replace("ferry across", "fer\u00adry\u200b across")
    assert score_dump(d, clean).paragraphs_found == 6
    broken = d.expected.replace("\u200d", "")
    assert score_dump(d, broken).missing == [d.paragraphs[4]]


def test_summary_shares() -> None:
    d = _hand_built()
    good = score_dump(d, d.expected)
    bad = score_dump(d, d.expected + "\nAdvertisement\n")
    summary = summarise([good, bad])
    assert summary["any_residue"] == 0.5 and summary["repeated_paragraph"] == 0.0
    per_class = summary["per_class"]
    assert isinstance(per_class, dict)
    assert per_class["ad"] == {"dumps_with_class": 2, "residue_share_of_those": 0.5, "residue_share_of_all": 0.5}


def test_runner_reports_and_keeps_heldout_aggregate(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    script = str(REPO / "benchmarks" / "dumpbench.py")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    args = ["--count", "4", "--bodies", str(BODIES), "--json", str(out)]
    subprocess.run([sys.executable, script, "--split", "dev", *args], env=env, check=True, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = report["trees"]["current"]
    assert report["dumps"] == 4 and figures["dumps"] == 4 and figures["seed_exact"] is True
    assert 0.0 <= figures["body_f1"] <= 1.0 and set(figures["per_class"]) == set(CLASSES)
    refused = subprocess.run(
        [sys.executable, script, "--split", "heldout", "--worst", "3", *args], env=env, capture_output=True
    )
    assert refused.returncode != 0 and "dev only" in refused.stderr.decode()
