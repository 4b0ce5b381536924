"""A real Chromium reading the site built from the embedded notes, served on 127.0.0.1.

One site is built per session into a folder that a threaded HTTP server on a free loopback port
serves, with the local MathJax copy (node_modules/mathjax) mounted beside it, so the site's
MathJax URL points at the same origin. One Chromium runs per session; each test gets a fresh
browser context whose every request, console error and page error is recorded and must be
clean when the test ends. Requests to anything but 127.0.0.1 are blocked and fail the test.

Without Chromium or MathJax the tests skip with one line; with NOTES_SITE_REQUIRE_BROWSER=1
(set by .ci/run) they fail instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "docs" / "notes" / "iclr2020.md"
# Debian's Chromium; another build can be named for a machine that keeps it elsewhere.
CHROMIUM = Path(os.environ.get("NOTES_SITE_CHROMIUM", "/usr/bin/chromium"))
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
SCREENSHOTS = ROOT / "screenshots"
# Flags for a closed network: nothing of Chromium's own phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
LOOPBACK = "127.0.0.1"


def missing_tools() -> str | None:
    """Why the browser tests cannot run here, in one line; None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not (MATHJAX / "tex-mml-chtml.js").is_file():
        return f"no MathJax at {MATHJAX.relative_to(ROOT)} (npm install)"
    return None


@pytest.fixture(scope="session", autouse=True)
def browser_tools() -> None:
    """Skip (or, with NOTES_SITE_REQUIRE_BROWSER=1, fail) when Chromium or MathJax is missing."""
    reason = missing_tools()
    if reason is None:
        return
    if os.environ.get("NOTES_SITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (NOTES_SITE_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(f"browser tests: {reason}")


def topic_titles() -> list[str]:
    """The topics of the embedded notes, read straight from their `## ` headings."""
    text = NOTES.read_text(encoding="utf-8")
    return [title.strip() for title in re.findall(r"^## (.+)$", text, flags=re.MULTILINE)]


@pytest.fixture(scope="session")
def notes_text() -> str:
    """The embedded notes file, as the user wrote it."""
    return NOTES.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def topics() -> list[str]:
    """The topic titles of the embedded notes, in their order."""
    return topic_titles()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for `topic` runs once per topic of the embedded notes."""
    if "topic" in metafunc.fixturenames:
        metafunc.parametrize("topic", topic_titles())


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not log, and lets other loopback origins load fonts."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclasses.dataclass(frozen=True)
class Site:
    """The built site as served to the browser."""

    url: str
    """Base URL, ending in a slash."""
    root: Path
    """The folder being served."""

    @property
    def mathjax_url(self) -> str:
        """The local MathJax the site loads, on the same origin as the site."""
        return f"{self.url}mathjax/tex-mml-chtml.js"


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Site]:
    """A threaded HTTP server on a free loopback port, serving `root` while open."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(url=f"http://{LOOPBACK}:{server.server_address[1]}/", root=root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def static_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A threaded HTTP server on a free loopback port, serving an (as yet empty) folder."""
    with serve(tmp_path_factory.mktemp("www")) as site:
        yield site


def copy_project(dest: Path) -> Path:
    """A temporary copy of mkdocs.yml and docs/ (with the notes), as a user's checkout."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    return dest


def set_site_url(config: Path, url: str) -> None:
    """Point site_url at where the site is served.

    Material's instant navigation only takes over links found in sitemap.xml, whose URLs come
    from site_url; with none (or another host, port or path) every click is a full page load.
    """
    text = config.read_text(encoding="utf-8")
    line = f"site_url: {url}"
    if re.search(r"^site_url:", text, flags=re.MULTILINE):
        text = re.sub(r"^site_url:.*$", line, text, count=1, flags=re.MULTILINE)
    else:
        text = re.sub(r"^(site_name:.*)$", rf"\1\n{line}", text, count=1, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")


def mkdocs_env(mathjax_url: str) -> dict[str, str]:
    """The environment for a mkdocs subprocess: no 2.0 banner, the local MathJax."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTES_SITE_MATHJAX_URL": mathjax_url}


def build_served(project: Path, site: Site) -> None:
    """`mkdocs build --strict` of `project` into the folder `site` serves, as a reader gets
    it there: site_url set to where it is served, the local MathJax loaded and beside it."""
    set_site_url(project / "mkdocs.yml", site.url)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site.root)],
        cwd=project, env=mkdocs_env(site.mathjax_url), capture_output=True, text=True,
        timeout=300)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}"
    (site.root / "mathjax").symlink_to(MATHJAX, target_is_directory=True)


@pytest.fixture(scope="session")
def site(static_server: Site, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site built once per session from the embedded notes, served with MathJax beside it."""
    build_served(copy_project(tmp_path_factory.mktemp("project")), static_server)
    return static_server


# Package scope, not session: Playwright's sync API keeps an asyncio loop running on the main
# thread while it is open, and later tests (the link checker's) call asyncio.run() there.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, open while the browser tests run."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, one for all the browser tests."""
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="package")
def topic_paths(site: Site, browser: Browser) -> dict[str, str]:
    """Each topic's page path, as the site's navigation links it (title → path)."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site.url)
        links = page.locator(".md-sidebar--primary .md-nav--primary a.md-nav__link")
        pairs = links.evaluate_all(
            "els => els.map(a => [a.textContent.trim(), new URL(a.href).pathname.slice(1)])"
        )
    finally:
        context.close()
    paths = {title: href for title, href in pairs}
    return {title: paths.get(title, "") for title in topic_titles()}


@dataclasses.dataclass
class Problems:
    """What went wrong in a browser context: must stay empty for a test to pass."""

    items: list[str] = dataclasses.field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Block non-loopback requests; record them, failed requests and console errors."""
        context.route("**/*", self._only_loopback)
        context.on("console", lambda msg: self._console(msg.type, msg.text, msg.location))
        context.on("weberror", lambda error: self.items.append(f"page error: {error.error}"))
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)

    def _only_loopback(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in (LOOPBACK, None) or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        self.items.append(f"request outside 127.0.0.1: {url}")
        route.abort("blockedbyclient")

    def _console(self, kind: str, text: str, location: dict[str, Any]) -> None:
        if kind == "error":
            self.items.append(f"console error: {text} ({location.get('url')})")

    def _request_failed(self, request: Any) -> None:
        # Leaving a page cancels what it was still loading (a font, a live-reload poll):
        # not a fault. Blocked requests are recorded by `_only_loopback`.
        if request.failure == "net::ERR_ABORTED":
            return
        self.items.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")


@dataclasses.dataclass
class Reader:
    """A person reading the site in one browser tab; `page` is the Playwright page."""

    page: Page
    base: str

    def open(self, path: str = "") -> None:
        """Type a URL into the address bar (a full load, unlike following a link)."""
        self.page.goto(self.base + path)

    def expect_page(self, title: str) -> None:
        """Wait (bounded) until the page shown is the one titled `title`."""
        heading = self.page.locator(".md-content h1")
        expect(heading).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))

    def search(self, query: str) -> None:
        """Click the search box and type a query as a person would, key by key."""
        box = self.page.locator(".md-search__input")
        if not box.is_visible():
            self.page.locator("label.md-header__button[for='__search']").click()
        box.click()
        box.press_sequentially(query)
        self.page.locator(".md-search-result__item").first.wait_for()

    def typeset(self) -> None:
        """Wait (bounded) until MathJax has typeset every math element of the shown page."""
        self.page.wait_for_function(
            """() => [...document.querySelectorAll('.md-content .arithmatex')]
                 .every(el => el.querySelector('mjx-container'))""",
            timeout=15_000,
        )

    def shoot(self, name: str, *, full_page: bool = False) -> Path:
        """Save a screenshot to screenshots/ at the repo root (git-ignored), replacing the old."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path


@pytest.fixture
def new_reader(site: Site, browser: Browser) -> Iterator[Callable[..., Reader]]:
    """Open readers, each in a fresh browser context (`base` URL, Playwright context options).

    When the test ends, any blocked, failed or erroring request and any console error in any
    of them fails the test.
    """
    contexts: list[tuple[BrowserContext, Problems]] = []

    def open_reader(base: str | None = None, **options: Any) -> Reader:
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        context.set_default_timeout(10_000)
        problems = Problems()
        problems.watch(context)
        contexts.append((context, problems))
        return Reader(context.new_page(), base or site.url)

    yield open_reader
    found = [item for _, problems in contexts for item in problems.items]
    for context, _ in contexts:
        context.close()
    assert not found, "browser problems:\n" + "\n".join(found)


@pytest.fixture
def reader(new_reader: Callable[..., Reader]) -> Reader:
    """A reader at desktop width, light colour scheme."""
    return new_reader()
