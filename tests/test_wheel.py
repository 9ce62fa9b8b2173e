"""What a user installs works: the built wheel, in a fresh virtual environment outside the source tree.

An editable install reads data files straight from the source tree, so a data file the wheel
leaves out goes unnoticed there (this is how a wheel that could not clean HTML was once shipped).
Here the sdist and the wheel are built from a copy of the project (as `python -m build` does for
a release), the wheel is installed with its extras into a new venv, and every command runs on
every input kind from a folder that holds no source: the clean outputs must equal the golden
files, and the other commands must give what the source tree gives.

Cost: a build and a `pip install` (the dependencies come from the package index or pip's cache),
about a minute; it is one module-scoped fixture shared by every test here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from batch_helpers import REPO

from cleaner.sources.warc import warc_record_bytes

TEXT = REPO / "fixtures" / "text"
HTML = REPO / "fixtures" / "html"
ADDED = "2024-05-01T00:00:00Z"
# Enough pages of each kind to reach every data file (stopwords, phrases of several languages,
# encodings), few enough to keep the test about a minute.
HTML_PAGES = ["de-news-windpark", "enc-windows-1252", "es-news-refugio-climatico", "news-blockquote", "pl-news-strefa"]
TEXT_DUMPS = ["seed", "de-spendenaufruf", "fr-angkor", "caption-shortcode-excerpt"]


@dataclass(frozen=True)
class Installed:
    """The wheel, the venv it went into, and a working folder outside the source tree."""

    wheel: Path
    python: Path
    work: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run([str(self.python), "-m", "cleaner", *args], self.work, installed=True, check=check)


def _env(*, installed: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    if not installed:
        env["PYTHONPATH"] = str(REPO)
    return env


def _run(cmd: list[str], cwd: Path, *, installed: bool, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=_env(installed=installed), capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return proc


def _source_copy(dest: Path) -> Path:
    """The files a release is built from, copied so the build leaves nothing in the repository."""
    dest.mkdir()
    shutil.copytree(REPO / "cleaner", dest / "cleaner", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    src = _source_copy(root / "src")
    dist = root / "dist"
    # sdist first, then the wheel from the unpacked sdist: what `python -m build` does for a release.
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(src)], root, installed=True)
    wheels = sorted(dist.glob("webpage_cleaner-*.whl"))
    assert len(wheels) == 1, wheels
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], root, installed=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    _run([str(python), "-m", "pip", "install", "-q", f"{wheels[0]}[zstd,parquet]"], root, installed=True)
    work = root / "work"
    work.mkdir()
    return Installed(wheel=wheels[0], python=python, work=work)


def _package_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in (root / "cleaner").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_the_wheel_holds_every_file_of_the_package(installed: Installed) -> None:
    """Every file under cleaner/ (code and data) is in the wheel: a data file read at run time
    that the package-data globs miss fails here, whichever code path reads it."""
    with zipfile.ZipFile(installed.wheel) as whl:
        shipped = {n for n in whl.namelist() if n.startswith("cleaner/")}
    missing = sorted(_package_files(REPO) - shipped)
    assert not missing, f"files of the package missing from the wheel: {missing}"


def test_the_installed_package_is_the_wheel_not_the_source_tree(installed: Installed) -> None:
    code = "import cleaner, sys; print(cleaner.__file__); print(cleaner.__version__)"
    out = _run([str(installed.python), "-c", code], installed.work, installed=True).stdout.split("\n")
    assert Path(out[0]).resolve().is_relative_to(installed.python.parent.parent.resolve())
    assert not Path(out[0]).resolve().is_relative_to(REPO.resolve())
    version = installed.run("--version").stdout
    assert out[1] in version


def _copy_inputs(dest: Path, folder: Path, names: list[str], suffix: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(folder / "input" / f"{name}{suffix}", dest / f"{name}{suffix}")
    return dest


def _expected(folder: Path, name: str) -> str:
    return (folder / "expected" / f"{name}.txt").read_text(encoding="utf-8")


def test_clean_html_and_text_folders_match_the_golden_files(installed: Installed) -> None:
    pages = _copy_inputs(installed.work / "in-html", HTML, HTML_PAGES, ".html")
    dumps = _copy_inputs(installed.work / "in-text", TEXT, TEXT_DUMPS, ".txt")
    installed.run("clean", str(pages), "-o", "out-html", "-q")
    installed.run("clean", str(dumps), "-o", "out-text", "-q")
    for name in HTML_PAGES:
        assert (installed.work / "out-html" / f"{name}.txt").read_text(encoding="utf-8") == _expected(HTML, name)
    for name in TEXT_DUMPS:
        assert (installed.work / "out-text" / f"{name}.txt").read_text(encoding="utf-8") == _expected(TEXT, name)


def _records(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_clean_jsonl_warc_and_parquet_records_match_the_golden_files(installed: Installed) -> None:
    work = installed.work
    rows = [{"id": f"text/{n}", "text": (TEXT / "input" / f"{n}.txt").read_text(encoding="utf-8")} for n in TEXT_DUMPS]
    rows += [
        {"id": f"html/{n}", "html": (HTML / "input" / f"{n}.html").read_bytes().decode("utf-8")}
        for n in ["de-news-windpark", "news-blockquote"]
    ]
    (work / "recs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    installed.run("clean", "recs.jsonl", "-o", "recs-out.jsonl.zst", "--added", ADDED, "-q")
    installed.run("clean", "recs.jsonl", "-o", "recs-out.jsonl", "--added", ADDED, "-q")
    got = _records(work / "recs-out.jsonl")
    for n in TEXT_DUMPS:
        assert got[f"text/{n}"]["text"] == _expected(TEXT, n)
    for n in ["de-news-windpark", "news-blockquote"]:
        assert got[f"html/{n}"]["text"] == _expected(HTML, n)

    members = [
        warc_record_bytes(f"https://example.org/{n}", (HTML / "input" / f"{n}.html").read_bytes()) for n in HTML_PAGES
    ]
    (work / "crawl.warc.gz").write_bytes(b"".join(members))
    installed.run("clean", "crawl.warc.gz", "-o", "warc-out.jsonl", "--added", ADDED, "-q")
    installed.run("clean", "crawl.warc.gz", "-o", "warc-out.parquet", "--added", ADDED, "-q")
    got = _records(work / "warc-out.jsonl")
    for n in HTML_PAGES:
        assert got[f"https://example.org/{n}"]["text"] == _expected(HTML, n)
    # The same records from the source tree, byte for byte (version and all).
    _run(
        [sys.executable, "-m", "cleaner", "clean", "crawl.warc.gz", "-o", "warc-src.jsonl", "--added", ADDED, "-q"],
        work,
        installed=False,
    )
    assert (work / "warc-out.jsonl").read_bytes() == (work / "warc-src.jsonl").read_bytes()
    code = "import pyarrow.parquet as pq, sys; print(pq.read_table(sys.argv[1]).num_rows)"
    rows_out = _run([str(installed.python), "-c", code, "warc-out.parquet"], work, installed=True).stdout
    assert int(rows_out) == len(HTML_PAGES)


def _both(
    installed: Installed, *args: str
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The same command from the wheel and from the source tree (same working folder)."""
    wheel = installed.run(*args, check=False)
    source = _run([sys.executable, "-m", "cleaner", *args], installed.work, installed=False, check=False)
    return wheel, source


def test_explain_rules_check_dedup_and_report_give_what_the_source_tree_gives(installed: Installed) -> None:
    work = installed.work
    page = _copy_inputs(work / "one-page", HTML, ["de-news-windpark"], ".html") / "de-news-windpark.html"
    for args in (
        ("explain", str(page)),
        ("explain", str(TEXT / "input" / "seed.txt")),
        ("rules",),
        ("check", str(REPO / "fixtures" / "check" / "dirty"), "--format", "json"),
        ("check", str(REPO / "fixtures" / "check" / "clean-trafilatura")),
    ):
        wheel, source = _both(installed, *args)
        assert wheel.returncode == source.returncode, (args, wheel.stderr[-2000:])
        assert wheel.stdout == source.stdout, args
        assert "Traceback" not in wheel.stderr
    explained = installed.run("explain", str(page)).stdout
    assert "[html_prune]" in explained

    dups = [{"id": f"d{i}", "text": _expected(TEXT, "seed") + ("" if i < 2 else f" variant {i}")} for i in range(3)]
    dups.append({"id": "other", "text": _expected(TEXT, "fr-angkor")})
    (work / "dups.jsonl").write_text("".join(json.dumps(r) + "\n" for r in dups), encoding="utf-8")
    for tree in ("wheel", "source"):
        args = ["dedup", "dups.jsonl", "-o", f"kept-{tree}.jsonl", "--clusters", f"clusters-{tree}.jsonl"]
        if tree == "wheel":
            installed.run(*args)
        else:
            _run([sys.executable, "-m", "cleaner", *args], work, installed=False)
    assert (work / "kept-wheel.jsonl").read_bytes() == (work / "kept-source.jsonl").read_bytes()
    assert len(_records(work / "kept-wheel.jsonl")) == 2
    assert (work / "clusters-wheel.jsonl").read_bytes() == (work / "clusters-source.jsonl").read_bytes()

    installed.run("report", str(page.parent), str(TEXT / "input" / "seed.txt"), "-o", "report.html")
    report = (work / "report.html").read_text(encoding="utf-8")
    assert "de-news-windpark" in report and "html_prune" in report


def test_the_python_api_of_the_wheel(installed: Installed) -> None:
    code = (
        "import sys, cleaner\n"
        "raw = open(sys.argv[1], 'rb').read()\n"
        "sys.stdout.write(cleaner.clean_html(raw))\n"
        "sys.stdout.write('\\x00')\n"
        "sys.stdout.write(cleaner.clean_text(open(sys.argv[2], encoding='utf-8').read()))\n"
    )
    page = HTML / "input" / "es-news-refugio-climatico.html"
    dump = TEXT / "input" / "seed.txt"
    out = _run([str(installed.python), "-c", code, str(page), str(dump)], installed.work, installed=True).stdout
    html_text, text_text = out.split("\x00")
    assert html_text == _expected(HTML, "es-news-refugio-climatico")
    assert text_text == _expected(TEXT, "seed")
