"""How long Chromium takes to sort and filter the All papers table of the 10,000-paper site.

    .venv/bin/python -m benchmarks.bench_table [--runs 5] [--papers 10000]

Builds the generated notes (benchmarks/make_notes.py) with the real mkdocs.yml, serves the site
on 127.0.0.1 (benchmarks.bench_search.serving) and drives Debian's Chromium through
Playwright; any request to another host is refused and counted. Per run, a fresh browser
context opens papers/ and does each operation in turn on the loaded page, then undoes it.

Each operation is timed in the page with performance.now(), three ways:

- script: the event handler alone (assets/papers-table.js runs synchronously in it);
- layout: the handler, then the layout it causes (reading `document.body.offsetHeight`);
- frame: the handler until the next frame has been drawn (two requestAnimationFrame).

The target (issue 19): filtering 10,000 papers in under 100 ms.
"""

from __future__ import annotations

import argparse
import sys

from playwright.sync_api import Browser, Page

from benchmarks.bench_search import TIMEOUT_MS, loopback_context, served_runs
from benchmarks.measure import RUNS, save
from benchmarks.projects import notes_project

COMMAND = ".venv/bin/python -m benchmarks.bench_table"

#: (name, CSS selector of the control, what to do to it: a value to set, or "click").
OPERATIONS = [
    ("filter: words 'gradient'", ".ns-filter-text", "gradient"),
    ("filter: clear the words", ".ns-filter-text", ""),
    ("filter: words 'variational inference'", ".ns-filter-text", "variational inference"),
    ("filter: clear the words", ".ns-filter-text", ""),
    ("filter: one topic", ".ns-filter-topic", "@2"),
    ("filter: all topics", ".ns-filter-topic", ""),
    ("filter: years from 2021 (none)", ".ns-filter-from", "2021"),
    ("filter: years from (cleared)", ".ns-filter-from", ""),
    ("filter: starred only", ".ns-filter-starred", "click"),
    ("filter: starred only (off)", ".ns-filter-starred", "click"),
    ("sort: by paper, ascending", "th:nth-child(1) .ns-sort", "click"),
    ("sort: by paper, descending", "th:nth-child(1) .ns-sort", "click"),
    ("sort: by topic, ascending", "th:nth-child(2) .ns-sort", "click"),
    ("sort: by year, descending", "th:nth-child(4) .ns-sort", "click"),
]

_TIME = """async ([selector, action]) => {
  const control = document.querySelector(selector);
  const act = () => {
    if (action === "click") { control.click(); return; }
    if (control.tagName === "SELECT") {
      control.value = action.startsWith("@") ? control.options[+action.slice(1)].value : action;
      control.dispatchEvent(new Event("change"));
      return;
    }
    control.value = action;
    control.dispatchEvent(new Event("input"));
  };
  const frame = () => new Promise(
    (done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await frame();
  const start = performance.now();
  act();
  const script = performance.now();
  void document.body.offsetHeight;
  const layout = performance.now();
  await frame();
  const drawn = performance.now();
  return {script: script - start, layout: layout - start, frame: drawn - start,
          shown: document.querySelector(".ns-count").textContent};
}"""


def one_run(browser: Browser, url: str, refused: list[str]) -> dict[str, float]:
    """A fresh context: papers/ loaded, then each operation timed."""
    context = loopback_context(browser, refused)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url, wait_until="load")
        page.locator(".ns-papers-controls .ns-count").wait_for()
        times = {"page load (loadEventEnd)": float(page.evaluate(
            "performance.getEntriesByType('navigation')[0].loadEventEnd"))}
        for name, selector, action in OPERATIONS:
            times |= _timed(page, name, selector, action)
        return times
    finally:
        context.close()


def _timed(page: Page, name: str, selector: str, action: str) -> dict[str, float]:
    result = page.evaluate(_TIME, [selector, action])
    print(f"  {name:42} {result['script']:7.1f} ms script {result['layout']:7.1f} ms layout "
          f"{result['frame']:7.1f} ms frame  ({result['shown']})", flush=True)
    return {f"{name} [{kind}]": float(result[kind]) for kind in ("script", "layout", "frame")}


def bench(papers: int, runs: int) -> dict[str, object]:
    """Build and serve the `papers`-paper site, then time the table `runs` times."""
    refused: list[str] = []
    timings = served_runs(notes_project(papers, name="table"), runs,
                          lambda browser, base: one_run(browser, f"{base}papers/", refused))
    return {"papers": papers, "ms": timings, "refused_requests": refused}


def main(argv: list[str] | None = None) -> int:
    """Run, print and save benchmarks/work/results/table.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--papers", type=int, default=10_000)
    args = parser.parse_args(argv)
    figures = bench(args.papers, args.runs)
    timings = figures["ms"]
    assert isinstance(timings, dict)
    for key, value in timings.items():
        print(f"{key:60} {value.show('ms', 1)}")
    print("refused", len(figures["refused_requests"]))  # type: ignore[arg-type]
    save("table", COMMAND, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
