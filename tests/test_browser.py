"""The dashboard in a real browser: Debian's chromium driven by Playwright,
against the server started on a real port. Filters, then a click from an
event to its highlighted sentence; a screenshot is saved."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from flashpoint.inputs import iter_inputs
from flashpoint.store import ingest_articles

HERE = Path(__file__).parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("FLASHPOINT_ARTIFACTS", HERE.parent / "test-artifacts"))

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright")
    db = tmp_path_factory.mktemp("srv") / "c.duckdb"
    ingest_articles(iter_inputs([HERE.parent / "samples", HERE / "data" / "merge"], "2022-02-23"), db, pipeline=pipeline)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    from flashpoint.serve import wait_until_up

    if not wait_until_up(base):
        proc.kill()
        pytest.fail("the server did not start: " + proc.stderr.read().decode()[-2000:])
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        outside = []
        pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
        console_errors: list[str] = []
        pg.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        pg.goto(server + "/")
        pg.outside_requests = outside
        pg.console_errors = console_errors
        yield pg
        browser.close()


def test_filter_then_click_through_to_the_sentence(page, server):
    page.wait_for_selector("#events tbody tr")
    assert page.locator("#events tbody tr").count() > 10
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=source]", "RUS")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => [...document.querySelectorAll('#events tbody tr td:nth-child(2)')].every(td => td.textContent.startsWith('ASSAULT'))")
    rows = page.locator("#events tbody tr")
    assert rows.count() >= 2
    assert all(t.startswith("RUS") for t in rows.locator("td:nth-child(4)").all_inner_texts())
    # statuses are shown plainly: the feared invasions are not "asserted"
    statuses = set(rows.locator(".status").all_inner_texts())
    assert {"hypothetical", "negated"} & statuses
    sentence = rows.first.locator("td:nth-child(7)").inner_text().rstrip("…")
    rows.first.click()
    page.wait_for_selector("#view-article.active mark.focus")
    # every telling of the event is outlined (a headline and the body's sentence)
    focused = page.locator("#art-text mark.focus").all_inner_texts()
    assert sentence[:60] in "".join(focused), focused  # pieces: places and numbers are marks of their own
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-article.png"), full_page=False)


def test_map_timeline_and_claims_render(page):
    page.click("nav button[data-view=map]")
    page.wait_for_selector("#map circle")
    assert page.locator("#map path").count() > 150 and page.locator("#map circle").count() > 5
    page.click("nav button[data-view=timeline]")
    page.wait_for_selector("#chart rect")
    page.click("nav button[data-view=claims]")
    page.wait_for_selector("#compare table th")
    page.click("nav button[data-view=events]")
    page.screenshot(path=str(ARTIFACTS / "dashboard-events.png"))


def test_nothing_is_loaded_from_outside(page):
    assert page.outside_requests == []


def test_the_security_policy_blocks_nothing_the_dashboard_does(page, server):
    """Run last: after the other tests have opened every view, no script,
    style or request was refused by the Content-Security-Policy the server sends."""
    assert "default-src 'self'" in httpx.get(server + "/").headers["content-security-policy"]
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
