"""The HTML report in a real browser (headless Chromium): scripts ran, totals and one row per
rule are there, and ``#rule=NAME`` in the address filters the documents on load.

Chromium comes from the Debian packages ``chromium`` and ``chromium-driver`` (``.ci/run``
installs them); the test is skipped, saying so, only where the browser is absent.  A screenshot
is left in ``test-artifacts/report.png``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from cleaner.report import collect, render_html

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
INPUTS = [ROOT / "fixtures" / "text" / "input", ROOT / "fixtures" / "html" / "input"]
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium chromium-driver; .ci/run does it)"
)


def _chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium with the network and background services off; its stdout."""
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("report")
    audit = collect([str(p) for p in INPUTS], max_docs=40)
    page = folder / "report.html"
    page.write_text(render_html(audit), encoding="utf-8")
    return page, {rule: t.documents for rule, t in audit.rules.items()}


def _dom(page: Path, profile: Path, fragment: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(_chromium(profile, "--dump-dom", page.as_uri() + fragment))


def test_renders_totals_and_one_row_per_rule(report: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    page, rules = report
    dom = _dom(page, tmp_path / "profile")
    totals = {d.get("data-total"): d.findtext("dd") for d in dom.xpath("//dl[@class='totals']/div")}
    assert totals["documents"] == str(sum(len(list(p.iterdir())) for p in INPUTS)) and totals["removals"] != "0"
    rows = dom.xpath("//table[@id='rule-table']/tbody/tr")
    assert [r.get("data-rule") for r in rows] and sorted(r.get("data-rule") for r in rows) == sorted(rules)
    # the script ran: the count of shown documents is filled in, nothing is hidden
    assert dom.get_element_by_id("shown-count").text_content() == "40 of 40 documents shown"
    assert not dom.xpath("//article[@hidden]")


def test_fragment_filters_on_load(report: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    page, _ = report
    dom = _dom(page, tmp_path / "profile", "#rule=appeal")
    shown = dom.xpath("//article[@class='doc' and not(@hidden)]")
    hidden = dom.xpath("//article[@class='doc' and @hidden]")
    assert shown and hidden and len(shown) + len(hidden) == 40
    assert all("appeal" in a.get("data-rules").split() for a in shown)
    assert not any("appeal" in a.get("data-rules").split() for a in hidden)
    assert dom.find("body").get("data-filter") == "appeal"
    count = dom.get_element_by_id("shown-count").text_content()
    assert count == f"{len(shown)} of 40 documents shown (removals by appeal)"
    active = dom.xpath("//table[@id='rule-table']/tbody/tr[contains(@class, 'active')]")
    assert [r.get("data-rule") for r in active] == ["appeal"]
    focused = dom.xpath("//span[contains(@class, 'piece') and contains(@class, 'focus')]")
    assert focused and all(p.get("data-rule") == "appeal" for p in focused)


def test_unknown_rule_in_fragment_shows_everything(report: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    page, _ = report
    dom = _dom(page, tmp_path / "profile", "#rule=no-such-rule")
    assert not dom.xpath("//article[@hidden]") and dom.find("body").get("data-filter") is None


def test_screenshot(report: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    page, _ = report
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri() + "#rule=appeal")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
