"""``cleaner dedup`` end to end: formats, accounting, bad input, explain, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_helpers import article, substitute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def corpus() -> list[dict]:
    base = article(1)
    return [
        {"id": "a", "text": base, "url": "http://x/a"},
        {"id": "b", "text": article(2)},
        {"id": "a-copy", "text": substitute(base, 0.05, 3) + " extra words at the end"},
        {"id": "c", "text": article(4)},
        {"id": "a-exact", "text": base.upper()},
    ]


def write_jsonl(path: Path, records: list[dict], extra: bytes = b"") -> Path:
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records) + extra)
    return path


def test_jsonl_kept_in_input_order_with_clusters_and_summary(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    out, cl = tmp_path / "out.jsonl", tmp_path / "clusters.jsonl"
    r = run("dedup", str(src), "-o", str(out), "--clusters", str(cl))
    assert r.exit_code == 0, r.output
    kept = lines(out)
    assert [k["id"] for k in kept] == ["b", "a-copy", "c"]  # a-copy is the longest of its cluster
    assert kept[0] == corpus()[1]  # records are copied as they were
    clusters = lines(cl)
    assert [c["id"] for c in clusters] == ["a", "b", "a-copy", "c", "a-exact"]
    assert {k: clusters[0][k] for k in ("id", "cluster", "duplicate_of")} == {
        "id": "a",
        "cluster": 0,
        "duplicate_of": "a-copy",
    }
    assert clusters[2]["duplicate_of"] is None and clusters[2]["cluster"] == 0
    assert 0.3 <= clusters[0]["similarity"] < 1 and clusters[4]["similarity"] == 1.0
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert (summary["read"], summary["kept"], summary["exact_duplicates"], summary["near_duplicates"]) == (5, 3, 1, 1)
    assert not list(tmp_path.glob(".*partial")) and not list(tmp_path.glob(".cleaner-tmp*"))


def test_keep_first(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    out = tmp_path / "out.jsonl"
    assert run("dedup", str(src), "-o", str(out), "--keep", "first").exit_code == 0
    assert [k["id"] for k in lines(out)] == ["a", "b", "c"]


def test_bad_records_fail_by_name_and_every_record_is_counted(tmp_path: Path) -> None:
    text = article(5, 2, 20)
    records = [{"id": f"same{i}", "text": text} for i in range(50)]
    records += [{"id": "empty", "text": ""}, {"id": "one", "text": "word"}, {"id": 7, "text": "numeric id"}]
    bad = (
        b"not json\n"
        + b'{"id": "no-text"}\n'
        + b'{"text": "no id"}\n'
        + b"[1, 2]\n"
        + b'{"id": "latin1", "text": "caf\xe9 cr\xe8me"}\n'
    )
    src = write_jsonl(tmp_path / "in.jsonl", records, bad)
    out = tmp_path / "out.jsonl"
    r = run("dedup", str(src), "-o", str(out))
    assert r.exit_code == 1
    s = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert s["read"] == 58
    assert s["read"] == s["kept"] + s["exact_duplicates"] + s["near_duplicates"] + s["failed"]
    assert s["failures"] == {"bad_json": 1, "missing_text": 1, "missing_id": 1, "bad_record": 1}
    assert s["exact_duplicates"] == 49
    errors = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["kind"] for e in errors] == ["bad_json", "missing_text", "missing_id", "bad_record"]
    raw = out.read_bytes()
    assert b'"caf\xe9 cr\xe8me"' in raw  # a non-UTF-8 record is kept byte for byte
    assert [k["id"] for k in lines_lenient(out)][:4] == ["same0", "empty", "one", 7]


def lines_lenient(path: Path) -> list[dict]:
    return [json.loads(x.decode("utf-8", "replace")) for x in path.read_bytes().splitlines()]


def test_folder_of_text_files(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    (src / "sub").mkdir(parents=True)
    (src / "one.txt").write_text(article(8), encoding="utf-8")
    (src / "sub" / "two.txt").write_text(article(8) + "\n\nA short footer line.", encoding="utf-8")
    (src / "three.txt").write_bytes(b"caf\xe9 " + article(9).encode())
    out, cl = tmp_path / "kept", tmp_path / "cl.jsonl"
    assert run("dedup", str(src), "-o", str(out), "--clusters", str(cl)).exit_code == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == ["sub/two.txt", "three.txt"]
    assert (out / "three.txt").read_bytes() == (src / "three.txt").read_bytes()
    assert [c["id"] for c in lines(cl)] == ["one.txt", "sub/two.txt", "three.txt"]


def test_parquet_in_and_out(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    recs = corpus()
    table = pa.Table.from_pylist([{"id": r["id"], "text": r["text"], "n": i} for i, r in enumerate(recs)])
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    assert run("dedup", str(src), "-o", str(out)).exit_code == 0
    got = pq.read_table(out).to_pylist()
    assert [(g["id"], g["n"]) for g in got] == [("b", 1), ("a-copy", 2), ("c", 3)]


def test_explain_names_cluster_kept_document_and_scores(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    r = run("dedup", str(src), "--explain", "a")
    assert r.exit_code == 0
    assert "duplicate of a-copy" in r.stdout
    assert "shared 3-word shingles" in r.stdout and "MinHash agreement" in r.stdout
    r = run("dedup", str(src), "--explain", "b")
    assert "kept" in r.stdout and "1 member" in r.stdout
    r = run("dedup", str(src), "--explain", "nope")  # issue 17.7: an unknown id is a usage error
    assert r.exit_code == 2 and "nope: no such document id among the 5 readable records" in r.output
    r = run("dedup", str(src), "--explain", "a-exact")
    assert "duplicate of a-copy" in r.stdout and "exact copy (after normalisation) of an earlier member" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bands", "30"], "must divide"),
        (["--permutations", "1000000000", "--bands", "1"], "permutations must be a whole number from 1 to 1024"),
        (["--shingle", "100000"], "shingle must be a whole number from 1 to 32"),
        (["-o", "IN"], "also an input"),
        ([], "nothing to write"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    args = [str(src) if a == "IN" else a for a in args]
    extra = ["--clusters", str(tmp_path / "c.jsonl")] if "-o" not in args and args else []
    r = run("dedup", str(src), *args, *extra)
    assert r.exit_code == 2
    assert message in r.output and "Traceback" not in r.output


def test_missing_input_and_stdin_are_usage_errors(tmp_path: Path) -> None:
    for name in (str(tmp_path / "missing.jsonl"), "-"):
        r = run("dedup", name, "-o", str(tmp_path / "o.jsonl"))
        assert r.exit_code == 2 and "Traceback" not in r.output


def test_config_dedup_table_and_command_line_override(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    cfg = tmp_path / "cleaner.toml"
    cfg.write_text('[dedup]\nkeep = "first"\nthreshold = 0.3\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run("dedup", str(src), "-o", str(out), "--config", str(cfg)).exit_code == 0
    assert [k["id"] for k in lines(out)] == ["a", "b", "c"]
    assert run("dedup", str(src), "-o", str(out), "--config", str(cfg), "--keep", "longest").exit_code == 0
    assert [k["id"] for k in lines(out)] == ["b", "a-copy", "c"]
    cfg.write_text("[dedup]\nbands = 'many'\n", encoding="utf-8")
    r = run("dedup", str(src), "-o", str(out), "--config", str(cfg))
    assert r.exit_code == 2 and "bands" in r.output
    cfg.write_text("[dedup]\npermutations = 1000000000\nbands = 1\n", encoding="utf-8")  # issue 23.14
    r = run("dedup", str(src), "-o", str(out), "--config", str(cfg))
    assert r.exit_code == 2 and "permutations must be a whole number from 1 to 1024" in r.output


def test_clean_corpus_dedup_keeps_one_copy_and_writes_clusters_beside(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    out = tmp_path / "clean.jsonl"
    r = run("clean", str(src), "-o", str(out), "--corpus-dedup", "-j", "1", "-q")
    assert r.exit_code == 0, r.output
    # one of a's three copies (which one depends on the cleaned lengths), in input order
    kept = [k["id"] for k in lines(out)]
    assert len(kept) == 3 and kept == sorted(kept, key=["a", "b", "a-copy", "c", "a-exact"].index)
    assert {"b", "c"} <= set(kept) and len(set(kept) & {"a", "a-copy", "a-exact"}) == 1
    assert len(lines(tmp_path / "clean.jsonl.clusters.jsonl")) == 5
    assert json.loads((tmp_path / "clean.jsonl.dedup-summary.json").read_text())["kept"] == 3
    assert run("clean", str(src), "--corpus-dedup").exit_code == 2  # needs -o


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                b'{"id": "x", "text": "alpha beta gamma delta"}',
                b'{"id": "y", "text": "ALPHA beta, gamma delta!"}',
                b'{"id": "z", "text": ""}',
                b'{"id": "w", "text": "caf\xe9"}',
                b'{"id": "n"}',
                b'{"text": "t"}',
                b"{broken",
                b"42",
                b"",
            ]
        ),
        max_size=30,
    )
)
def test_every_line_is_accounted_for(tmp_path: Path, raw_lines: list[bytes]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(raw_lines) + b"\n")
    out = tmp_path / "out.jsonl"
    r = run("dedup", str(src), "-o", str(out), "--clusters", str(tmp_path / "cl.jsonl"), "-q")
    if not any(x.strip() for x in raw_lines):
        assert r.exit_code == 2  # nothing to dedup (issue 17.7)
        return
    assert r.exit_code in (0, 1)
    s = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert s["read"] == sum(1 for x in raw_lines if x.strip())
    assert s["read"] == s["kept"] + s["exact_duplicates"] + s["near_duplicates"] + s["failed"]
    assert len(out.read_bytes().splitlines()) == s["kept"]
    readable = s["read"] - s["failed"]
    assert len((tmp_path / "cl.jsonl").read_bytes().splitlines()) == readable


def strict_lines(path: Path) -> list[dict]:
    """JSON lines parsed strictly: NaN or Infinity is not JSON (RFC 8259) and fails here."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{path.name}: {name} is not JSON")

    return [json.loads(x, parse_constant=refuse) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("keep", ["longest", "first"])
def test_shingle_less_and_one_word_texts_give_strict_json_and_counts_agree_with_explain(
    tmp_path: Path, keep: str
) -> None:
    """Issue 23.15: texts equal after normalisation whose first copy is not kept (the longest
    copy comes later) had similarity NaN in the clusters file and were counted as near
    duplicates while --explain called them exact copies."""
    texts = ["word", "Word!!!", "", "...", "!!", "one two", "ONE, two.", "One two!", "x", "x"]
    records = [{"id": f"r{i}", "text": t} for i, t in enumerate(texts)]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    out, cl = tmp_path / "out.jsonl", tmp_path / "cl.jsonl"
    assert run("dedup", str(src), "-o", str(out), "--clusters", str(cl), "--keep", keep).exit_code == 0
    clusters = strict_lines(cl)
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text(), parse_constant=lambda n: 1 / 0)
    for c in clusters:
        assert (c["similarity"] is None) == (c["duplicate_of"] is None)
        assert c["similarity"] is None or 0 < c["similarity"] <= 1
    exact = near = 0
    for c in clusters:
        if c["duplicate_of"] is None:
            continue
        said = run("dedup", str(src), "--explain", c["id"], "--keep", keep).stdout
        assert "nan" not in said.lower()
        exact += "exact copy" in said
        near += "joined at verified Jaccard" in said
    assert (summary["exact_duplicates"], summary["near_duplicates"]) == (exact, near)
    assert exact == 4 and summary["kept"] == len(texts) - 4  # word, one two (x2), x; "", "...", "!!" kept


@pytest.mark.parametrize("name", ["folder", "blank.jsonl", "jsonl-folder"])
def test_empty_input_is_a_usage_error(tmp_path: Path, name: str) -> None:
    """Issue 17.7: dedup of nothing (an empty folder, a file of blank lines, a folder without
    .txt files) is a usage error, exit 2, and writes nothing."""
    src = tmp_path / name
    if name.endswith(".jsonl"):
        src.write_text("\n \n")
    else:
        src.mkdir()
        if name == "jsonl-folder":
            write_jsonl(src / "in.jsonl", corpus())
    out = tmp_path / "out.jsonl"
    r = run("dedup", str(src), "-o", str(out), "--clusters", str(tmp_path / "cl.jsonl"))
    assert r.exit_code == 2 and "no records" in r.output, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("output", ["out.jsonl", "out.parquet", "out"])
def test_dedup_never_writes_through_a_link_at_a_temporary_name(tmp_path: Path, output: str) -> None:
    # The kept documents, the clusters and the errors went through ".NAME.partial", opened
    # (or, for a folder, entered) by name: a link planted there was written through.
    if output.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    src = write_jsonl(tmp_path / "in.jsonl", corpus())
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "keep.txt").write_bytes(b"precious\n")
    for name in (output, "cl.jsonl", f"{output}.errors.jsonl"):
        target = victim if name == output == "out" else victim / "keep.txt"
        (tmp_path / f".{name}.partial").symlink_to(target)
    r = run("dedup", str(src), "-o", str(tmp_path / output), "--clusters", str(tmp_path / "cl.jsonl"))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]
    assert (victim / "keep.txt").read_bytes() == b"precious\n"
    assert len(lines(tmp_path / "cl.jsonl")) == 5
