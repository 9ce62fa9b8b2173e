"""The Dask engine gives byte-identical outputs to the local engines, for clean and dedup.

One in-process LocalCluster with 2 workers (threads: starts in about a second, reliable in
CI) serves the library-level tests; one CLI test starts its own process cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import HOSTILE, TEXT_INPUTS, write_jsonl
from click.testing import CliRunner
from corpus_helpers import article, substitute

from cleaner.batch import run_batch
from cleaner.cli import main
from cleaner.dedup.corpus import Settings
from cleaner.dedup.corpus.files import dedup_files
from cleaner.engines import LocalEngine, SerialEngine

distributed = pytest.importorskip("distributed")

from cleaner.engines.dask import DaskEngine  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def corpus_file(path: Path) -> Path:
    base = [article(i, 4, 40) for i in range(30)]
    recs = []
    for i, text in enumerate(base):
        recs.append({"id": f"d{i}", "text": text})
        if i % 3 == 0:
            recs.append({"id": f"d{i}-copy", "text": substitute(text, 0.05, i)})
        if i % 5 == 0:
            recs.append({"id": f"d{i}-exact", "text": text.lower()})
    path.write_text("".join(json.dumps(r) + "\n" for r in recs) + "broken\n", encoding="utf-8")
    return path


def test_dedup_dask_matches_serial_and_pool(tmp_path: Path, client: object) -> None:
    src = corpus_file(tmp_path / "in.jsonl")
    outs = {}
    for name, engine in (("serial", SerialEngine()), ("pool", LocalEngine(2)), ("dask", DaskEngine(client=client))):
        folder = tmp_path / name
        try:
            dedup_files(
                [str(src)], str(folder / "out.jsonl"), Settings(), engine, clusters_path=str(folder / "cl.jsonl")
            )
        finally:
            engine.close()
        outs[name] = [(folder / f).read_bytes() for f in ("out.jsonl", "cl.jsonl", "out.jsonl.errors.jsonl")]
        summary = json.loads((folder / "out.jsonl.summary.json").read_text())
        del summary["errors_file"]  # a path in this run's folder
        outs[name].append(summary)
    assert outs["dask"] == outs["serial"] == outs["pool"]
    assert outs["serial"][0].count(b"\n") == 30  # every copy dropped, the broken line failed


def test_clean_dask_matches_local(tmp_path: Path, client: object) -> None:
    inputs = [str(TEXT_INPUTS), str(write_jsonl(tmp_path / "recs.jsonl", 40)), str(HOSTILE)]
    got = {}
    for name, engine in (("local", LocalEngine(1)), ("dask", DaskEngine(client=client, in_flight=3))):
        out = tmp_path / name / "out.jsonl"
        run_batch(inputs, out, engine=engine, timeout=None, added="2026-01-01T00:00:00Z")
        got[name] = (out.read_bytes(), (tmp_path / name / "out.jsonl.errors.jsonl").read_bytes())
    assert got["dask"] == got["local"]
    assert got["local"][0].count(b"\n") > 40


def test_failed_task_is_rerun_item_by_item(client: object) -> None:
    engine = DaskEngine(client=client)
    chunks = [[1, 2, 3], [4, 0, 6]]
    got = list(engine.map_chunks(_invert, chunks, lambda item, kind, msg: f"{item}:{kind}"))
    assert got == [["1", "0.5", "0.333"], ["0.25", "0:worker_crashed", "0.167"]]


def _invert(items: list[int]) -> list[str]:
    return [f"{1 / i:.3g}" for i in items]  # 0 raises: stands for a task whose worker died


def test_cli_engine_dask_with_its_own_local_cluster(tmp_path: Path) -> None:
    src = corpus_file(tmp_path / "in.jsonl")
    runner = CliRunner()
    for engine in ("local", "dask"):
        r = runner.invoke(
            main, ["dedup", str(src), "-o", str(tmp_path / engine / "o.jsonl"), "--engine", engine, "-j", "2", "-q"]
        )
        assert r.exit_code == 1, r.output  # the broken line
    assert (tmp_path / "dask" / "o.jsonl").read_bytes() == (tmp_path / "local" / "o.jsonl").read_bytes()


def test_cli_clean_engine_dask_matches_local(tmp_path: Path) -> None:
    runner = CliRunner()
    for engine in ("local", "dask"):
        out = tmp_path / engine / "o.jsonl"
        args = ["clean", str(TEXT_INPUTS), "-o", str(out), "--engine", engine, "-j", "2", "-q", "--added", "2026-01-01"]
        r = runner.invoke(main, args)
        assert r.exit_code == 0, r.output
    assert (tmp_path / "dask" / "o.jsonl").read_bytes() == (tmp_path / "local" / "o.jsonl").read_bytes()
