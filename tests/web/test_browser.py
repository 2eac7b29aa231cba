"""The web application in a real browser: headless Debian Chromium driven by Playwright, against a real
`scra serve` on 127.0.0.1. Marked `live` (`pytest -m "not live"` leaves them out). Screenshots of the main
pages in English and Japanese go to build/screenshots/."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from webkit import CITY, ROOT

pytestmark = pytest.mark.live
CHROMIUM = os.environ.get("SCRA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# as root in a container Chromium needs --no-sandbox; the rest keeps it from calling home
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
SHOTS = ROOT / "build" / "screenshots"
MAIN_PAGES = {"home": "/", "browse": "/browse", "city-os": "/browse/city-os", "standards": "/browse/standards",
              "term": "/terms/cityos-fg-data-management", "validate": "/validate", "cities": "/cities",
              "city": f"/cities/{CITY}", "queries": "/queries",
              "query": "/queries/standards-for-domain?domain=scra%3Adomain-health&run=1",
              "sparql": "/sparql", "search": "/search?q=energy"}


def _scra() -> str:
    candidate = Path(sys.executable).with_name("scra")
    return str(candidate) if candidate.exists() else "scra"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make install` installs Debian's chromium")
    store = tmp_path_factory.mktemp("browser-store")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRA_")}
    subprocess.run([_scra(), "load", "--store", str(store), "--city", CITY, "--label", "Minato-Aoba City",
                    str(ROOT / "examples" / f"{CITY}.ttl")], check=True, env=env, stdout=subprocess.DEVNULL)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(store.with_suffix(".log"), "wb")
    proc = subprocess.Popen([_scra(), "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.terminate()
        pytest.fail("scra serve did not start")
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that records console errors and refuses (and records) any request to another host."""
    context = browser.new_context(base_url=server, accept_downloads=True, viewport={"width": 1280, "height": 900},
                                  locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.errors, page.foreign = [], []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    host = urlparse(server).netloc

    def guard(route):
        target = urlparse(route.request.url)
        if target.scheme in ("http", "https", "ws", "wss") and target.netloc != host:
            page.foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    yield page
    assert not page.foreign, f"requests to other hosts: {page.foreign}"
    assert not page.errors, f"JavaScript console errors: {page.errors}"
    context.close()


def test_browse_to_a_function_group_and_a_standard(page):
    page.goto("/")
    page.click("header >> text=Browse")
    page.click("main >> a[href='/browse/city-os']")
    page.click("main >> a:text-is('Data management')")
    assert page.inner_text("h1") == "Data management"
    assert "データマネジメント" in page.inner_text("main")
    page.click("header >> text=Standards")
    page.select_option("select[name=status]", "status-superseded")
    page.click("form.filters button")
    page.click("main >> a:text-is('ISO 37106:2018')")
    assert page.inner_text("h1") == "ISO 37106:2018"
    assert "ISO 37106:2021" in page.inner_text("main")  # its successor, linked


def test_upload_a_description_and_read_the_report(page):
    page.goto("/validate")
    page.set_input_files("#files", str(ROOT / "examples" / "broken" / "standards-hygiene.ttl"))
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:text('Validation report')")
    main = page.inner_text("main")
    assert "Warning" in main and "Why it matters" in main and "{?" not in main
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "validation-report-en.png"), full_page=True)
    with page.expect_download() as info:
        page.click("a[download='validation.csv']")
    assert "severity,focus_node" in Path(info.value.path()).read_text(encoding="utf-8")


def test_run_a_named_query_and_download_its_csv(page):
    page.goto("/queries")
    page.click("main >> a[href='/queries/standards-for-domain']")
    page.select_option("#p-domain", "scra:domain-health")
    page.click("main form button[type=submit]")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() > 0
    with page.expect_download() as info:
        page.click("main >> a:text-is('CSV')")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("standard") or "," in text.splitlines()[0]
    assert len(text.splitlines()) > 1


def test_run_a_sparql_query_in_yasgui(page):
    page.goto("/sparql")
    page.wait_for_selector("#yasgui .CodeMirror")
    assert page.locator("#sparql-form").is_hidden()  # YASGUI replaced the plain form
    page.evaluate("""() => { window.scraYasgui.getTab().setQuery(
        'PREFIX scra: <https://w3id.org/scra#>\\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n'
        + 'SELECT ?sdg ?label WHERE { ?sdg a scra:SDG ; rdfs:label ?label FILTER(lang(?label) = "en") } ORDER BY ?sdg'); }""")
    page.click("#yasgui .yasqe_queryButton")
    page.wait_for_selector("#yasgui .yasr table tbody tr")
    assert "Good Health" in page.inner_text("#yasgui .yasr")


def test_switch_to_japanese(page):
    page.goto("/")
    page.click("header .langs >> text=日本語")
    assert page.get_attribute("html", "lang") == "ja"
    assert "知識グラフ" in page.inner_text("h1")
    page.click("header >> text=閲覧")  # the choice persists (cookie)
    assert page.inner_text("h1") == "知識グラフを閲覧"
    page.click("main >> a[href='/browse/city-os']")
    assert "データマネジメント" in page.inner_text("main") and page.inner_text("h1") == "都市OS"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_accessibility_and_screenshots(page, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, url in MAIN_PAGES.items():
        page.goto(url + ("&" if "?" in url else "?") + f"lang={lang}")
        if name == "sparql":
            page.wait_for_selector("#yasgui .CodeMirror")
        page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=name not in ("city", "standards", "term"))
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
        if found:
            problems[url] = found
    assert not problems, problems


def test_api_docs_render_from_local_assets(page):
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "scra" in page.inner_text(".swagger-ui .info .title")
    page.goto("/redoc")
    page.wait_for_selector("redoc h1, [role=main] h1, h1", timeout=30000)
    assert "scra" in page.inner_text("body")
