"""Parse plus render of generated notes, in MB/s, as the plugin calls them (title and venue set).

    .venv/bin/python -m benchmarks.bench_parse [--runs 5] [--papers 10000]

One warm-up run, then `--runs` runs in this process; each run builds a new markdown-it parser
(as each build does). Wall and CPU time; MB/s is the notes' UTF-8 size over the median wall
time of parse plus render. For scale, markdown-it-py alone (CommonMark, with and without
linkify) reading the same file as one document.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

import notes_site
from benchmarks.measure import RUNS, save, summarize
from benchmarks.projects import notes_text
from notes_site.inline import markdown_parser
from notes_site.parse import parse
from notes_site.render import render

TITLE, VENUE = "ICLR 2020 reading notes", "ICLR 2020"
"""The plugin options of mkdocs.yml."""
COMMAND = ".venv/bin/python -m benchmarks.bench_parse"


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def parse_and_render(text: str) -> tuple[float, float, float]:
    """Wall seconds of parse and of render, and CPU seconds of both, for one run."""
    md = markdown_parser()
    wall, cpu = time.perf_counter(), time.process_time()
    result = parse(text, "notes.md", title=TITLE, venue=VENUE, md=md)
    middle = time.perf_counter()
    assert result.notebook is not None and not result.errors
    render([result.notebook])
    end = time.perf_counter()
    return middle - wall, end - middle, time.process_time() - cpu


def bench(papers: int, runs: int) -> dict[str, object]:
    """MB/s of parse plus render of `papers` generated papers, and markdown-it alone."""
    text = notes_text(papers)
    megabytes = len(text.encode("utf-8")) / 1e6
    parse_and_render(text)
    parsed, rendered, cpu = zip(*(parse_and_render(text) for _ in range(runs)), strict=True)
    total = [p + r for p, r in zip(parsed, rendered, strict=True)]
    figures: dict[str, object] = {
        "notes_site": str(Path(notes_site.__file__).parent), "papers": papers,
        "megabytes": megabytes, "parse_s": summarize(parsed),
        "render_s": summarize(rendered), "total_s": summarize(total),
        "total_cpu_s": summarize(cpu), "mb_per_s": summarize([megabytes / t for t in total]),
    }
    for name, md in _references().items():
        walls = [_timed(lambda md=md: md.parse(text))[0] for _ in range(runs)]
        figures[f"reference {name} mb_per_s"] = summarize([megabytes / w for w in walls])
    return figures


def _references() -> dict[str, MarkdownIt]:
    return {"markdown-it-py commonmark": MarkdownIt("commonmark"),
            "markdown-it-py commonmark+linkify":
                MarkdownIt("commonmark", {"linkify": True}).enable("linkify")}


def main(argv: list[str] | None = None) -> int:
    """Run, print and save benchmarks/work/results/parse.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--name", default="parse", help="results file name")
    args = parser.parse_args(argv)
    figures = bench(args.papers, args.runs)
    for key, value in figures.items():
        print(f"{key:45} {value.show('') if hasattr(value, 'show') else value}")
    save(args.name, COMMAND + (f" --papers {args.papers}" if args.papers != 10_000 else ""),
         figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
