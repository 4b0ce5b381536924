"""How long Chromium's search takes to answer a query on the 10,000-paper site.

    .venv/bin/python -m benchmarks.bench_search [--runs 5] [--papers 10000]

Builds the generated notes with the real mkdocs.yml (MathJax pointed at the local copy in
node_modules through NOTES_SITE_MATHJAX_URL), serves the site and MathJax from one threaded
HTTP server on 127.0.0.1, and drives Debian's Chromium through Playwright; any request to
another host is refused and counted. Per run, a fresh browser context:

- cold: open the home page, and as soon as it has loaded type a query: the answer includes
  Material's worker fetching search_index.json and building its index;
- warm: on the same page, clear the box, then type each query again.

A query's time runs from the keyup that sends it (Material searches on keyup) to the first
result item added to the list, both taken in the page with performance.now().
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from benchmarks.bench_build import site_sizes
from benchmarks.measure import RUNS, Summary, child_env, python, run_child, save, summarize
from benchmarks.projects import MATHJAX_DIR, Project, notes_project

COMMAND = ".venv/bin/python -m benchmarks.bench_search"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOOPBACK = "127.0.0.1"
TIMEOUT_MS = 120_000

_WATCH = """() => {
  window.__keyup = null; window.__result = null;
  document.addEventListener('keyup', () => {
    window.__keyup = performance.now(); window.__result = null; }, true);
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => {
    if (window.__keyup !== null && window.__result === null && list.children.length)
      window.__result = performance.now();
  }).observe(list, {childList: true});
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """A threaded static server on a free loopback port; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def build_site(project: Project, site: Path, base: str) -> None:
    """`mkdocs build --strict` into `site` with the local MathJax, then mount MathJax there."""
    env = child_env(NOTES_SITE_MATHJAX_URL=f"{base}mathjax/tex-mml-chtml.js")
    if (site / "mathjax").is_symlink():
        (site / "mathjax").unlink()
    run = run_child([str(Path(python()).parent / "mkdocs"), "build", "--strict", "-f",
                     str(project.config), "-d", str(site)], env=env)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{run.stderr}")
    (site / "mathjax").symlink_to(MATHJAX_DIR, target_is_directory=True)


def queries(notes: str) -> dict[str, str]:
    """Queries with one hit, with thousands, and of two words, taken from the notes."""
    acronym = re.search(r"^\d+\. \*?\[([A-Z]{4,6})\]", notes, re.MULTILINE)
    assert acronym, "the generated notes hold acronym titles"
    return {"one paper (acronym title)": acronym[1], "common word": "gradient",
            "two words": "variational inference"}


def _search(page: Page, query: str) -> float:
    """Milliseconds from the keyup that sends `query` to the first result shown."""
    box = page.locator(".md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function("window.__result !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("window.__result - window.__keyup"))


def _clear(page: Page) -> None:
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "!document.querySelector('.md-search-result__list').children.length",
        timeout=TIMEOUT_MS)


def loopback_context(browser: Browser, refused: list[str]) -> BrowserContext:
    """A fresh desktop-sized context that lets only 127.0.0.1 through; the refused URLs are
    added to `refused`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == LOOPBACK:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def one_run(browser: Browser, base: str, asked: dict[str, str],
            refused: list[str]) -> dict[str, float]:
    """A fresh context: one cold query right after load, then every query warm."""
    context = loopback_context(browser, refused)
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        page.evaluate(_WATCH)
        page.locator(".md-search__input").click()
        first = next(iter(asked.values()))
        times = {"cold: " + first: _search(page, first),
                 "home page load": float(page.evaluate(
                     "performance.getEntriesByType('navigation')[0].loadEventEnd"))}
        for name, query in asked.items():
            _clear(page)
            times["warm: " + name] = _search(page, query)
        return times
    finally:
        context.close()


def served_runs(project: Project, runs: int,
                one_run: Callable[[Browser, str], dict[str, float]]) -> dict[str, Summary]:
    """Build `project`'s site with the local MathJax, serve it on a loopback port, and time
    `one_run(browser, base_url)` once to warm up, then `runs` times: each figure's summary."""
    site = project.folder / "site-served"
    with serving(site.parent) as parent:
        base = f"{parent}{site.name}/"
        build_site(project, site, base)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                print("warm-up run", flush=True)
                one_run(browser, base)
                found = []
                for n in range(runs):
                    print(f"run {n + 1}", flush=True)
                    found.append(one_run(browser, base))
            finally:
                browser.close()
    return {key: summarize([run[key] for run in found]) for key in found[0]}


def bench(papers: int, runs: int) -> dict[str, object]:
    """Build, serve and search the `papers`-paper site `runs` times."""
    project = notes_project(papers, name="search")
    asked = queries(project.notes.read_text(encoding="utf-8"))
    refused: list[str] = []
    timings = served_runs(project, runs,
                          lambda browser, base: one_run(browser, base, asked, refused))
    return {"papers": papers, "queries": asked, "ms": timings, "refused_requests": refused,
            "sizes": site_sizes(project.folder / "site-served")}


def main(argv: list[str] | None = None) -> int:
    """Run, print and save benchmarks/work/results/search.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--papers", type=int, default=10_000)
    args = parser.parse_args(argv)
    figures = bench(args.papers, args.runs)
    timings = figures["ms"]
    assert isinstance(timings, dict)
    for key, value in timings.items():
        print(f"{key:45} {value.show('ms', 0)}")
    print("sizes", figures["sizes"], "refused", len(figures["refused_requests"]))  # type: ignore[arg-type]
    save("search", COMMAND, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
