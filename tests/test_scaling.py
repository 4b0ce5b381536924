"""Work per paper stays flat from 1,000 to 10,000 papers: a guard against quadratic steps.

Nothing here is timed (the machine is shared; timings are for benchmarks/). Counted instead,
on notes made by benchmarks/make_notes.py:

- markdown-it passes: calls and characters, through a counting wrapper passed as `md=`, so
  parsing some text twice, or re-parsing earlier entries, shows;
- lines of notes_site's own code run by parse and by render (`sys.settrace` on notes_site
  frames only), on notes with all papers in one topic and on notes whose papers all share one
  title, so a loop that rescans earlier papers shows even when it calls no function (such as
  a search for a free `-2`, `-3` slug suffix).

Line counts have budgets: at most CEILING lines per paper, and at 10,000 papers at most GROWTH
times the count per paper at 1,000. A quadratic step stops at its budget with a clear failure
in seconds instead of running for minutes.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from markdown_it import MarkdownIt

import notes_site
from benchmarks.make_notes import make_notes
from notes_site.inline import markdown_parser
from notes_site.model import Notebook
from notes_site.parse import parse
from notes_site.render import render

SMALL, LARGE = 1_000, 10_000
GROWTH = 1.25
"""Allowed growth of work per paper from SMALL to LARGE papers (quadratic would be 10)."""
CEILING = 2_000
"""Lines of notes_site code per paper that no run may pass (today: ~280 parse, ~110 render),
so that a quadratic step fails in seconds even at SMALL."""
PACKAGE = str(Path(notes_site.__file__).resolve().parent)


class CountingMarkdown:
    """A MarkdownIt that counts the passes asked of it and the characters they read."""

    def __init__(self, md: MarkdownIt) -> None:
        self._md = md
        self.counts: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()

    def _count(self, kind: str, src: str) -> None:
        self.counts[kind] += 1
        self.counts["characters"] += len(src)
        self.sources[src] += 1

    def parse(self, src: str, env: Any = None) -> Any:
        self._count("parse", src)
        return self._md.parse(src, env)

    def parseInline(self, src: str, env: Any = None) -> Any:  # noqa: N802 (markdown-it's name)
        self._count("parseInline", src)
        return self._md.parseInline(src, env)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._md, name)


class OverBudget(Exception):
    """More lines ran than linear growth allows."""


def count_lines(work: Callable[[], object], budget: float = float("inf")) -> int:
    """Lines of notes_site's code that `work` runs; `OverBudget` past `budget`."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise OverBudget(f"over {budget:.0f} lines of notes_site code run: "
                                 "more than linear growth")
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Callable[..., Any] | None:
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    previous = sys.gettrace()  # a coverage tool's, if any
    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def counts_at_both_sizes(small_work: Callable[[], object],
                         large_work: Callable[[], object]) -> tuple[int, int]:
    """Lines run at SMALL and at LARGE papers; `OverBudget` as soon as either passes its budget:
    CEILING per paper, and at LARGE also GROWTH times the count per paper at SMALL."""
    small = count_lines(small_work, CEILING * SMALL)
    large = count_lines(large_work, min(GROWTH * small / SMALL, CEILING) * LARGE)
    return small, large


def same_titles(papers: int) -> str:
    """Notes whose papers all have one title: anchors `same-title`, `-2`, … `-N`."""
    lines = ["## Repeats"]
    lines += [f"{n}. [Same title](https://openreview.net/pdf?id=p{n}): noted again."
              for n in range(1, papers + 1)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def notes() -> dict[int, str]:
    """Generated notes at both sizes (the generator's shape: see benchmarks/make_notes.py)."""
    return {n: make_notes(n, seed=1) for n in (SMALL, LARGE)}


def parsed(text: str, md: Any = None) -> Notebook:
    """The notebook, checked to hold no error."""
    result = parse(text, "notes.md", title="Notes", venue="ICLR 2020", md=md)
    assert result.notebook is not None and not result.errors
    return result.notebook


@pytest.fixture(scope="module")
def counted(notes: dict[int, str]) -> dict[int, tuple[Notebook, CountingMarkdown]]:
    """Each size parsed once through a counting markdown-it."""
    out = {}
    for papers, text in notes.items():
        md = CountingMarkdown(markdown_parser())
        out[papers] = (parsed(text, md), md)
    return out


def test_generated_notes_hold_the_papers_asked_for(
        counted: dict[int, tuple[Notebook, CountingMarkdown]]) -> None:
    for papers, (notebook, _) in counted.items():
        assert len(notebook.papers()) == papers


def test_no_text_goes_through_markdown_it_twice(
        counted: dict[int, tuple[Notebook, CountingMarkdown]], notes: dict[int, str]) -> None:
    for papers, (_, md) in counted.items():
        twice = [src[:60] for src, n in md.sources.items() if n > 1]
        assert not twice, f"parsed more than once ({papers} papers): {twice[:3]}"
        assert md.counts["characters"] <= len(notes[papers])


def test_markdown_passes_per_paper_stay_flat(
        counted: dict[int, tuple[Notebook, CountingMarkdown]], notes: dict[int, str]) -> None:
    small, large = (counted[n][1].counts for n in (SMALL, LARGE))
    for papers, counts in ((SMALL, small), (LARGE, large)):
        passes = counts["parse"] + counts["parseInline"]
        assert passes <= 2 * papers, f"{passes} markdown-it passes for {papers} papers"
    assert ((large["parse"] + large["parseInline"]) / LARGE
            <= GROWTH * (small["parse"] + small["parseInline"]) / SMALL), (small, large)
    assert (large["characters"] / len(notes[LARGE])
            <= GROWTH * small["characters"] / len(notes[SMALL])), (small, large)


@dataclass
class Traced:
    """Parse of one-topic notes at both sizes under the line counter, kept for render."""

    lines: dict[int, int] = field(default_factory=dict)
    notebooks: dict[int, Notebook] = field(default_factory=dict)
    failure: str = ""


@pytest.fixture(scope="module")
def one_topic() -> Traced:
    """Generated notes with every paper in one topic (a loop over a topic's papers inside a
    loop over the same papers is then quadratic in all the papers), parsed with lines counted."""
    traced = Traced()
    texts = {n: make_notes(n, seed=1, topics=1) for n in (SMALL, LARGE)}

    def work(n: int) -> Callable[[], object]:
        return lambda: traced.notebooks.__setitem__(n, parsed(texts[n], markdown_parser()))

    try:
        traced.lines[SMALL], traced.lines[LARGE] = counts_at_both_sizes(work(SMALL), work(LARGE))
    except OverBudget as err:
        traced.failure = str(err)
    return traced


def test_parse_lines_per_paper_stay_flat(one_topic: Traced) -> None:
    assert not one_topic.failure, f"parse: {one_topic.failure}"
    assert one_topic.lines[LARGE] / LARGE <= GROWTH * one_topic.lines[SMALL] / SMALL


def test_render_lines_per_paper_stay_flat(one_topic: Traced) -> None:
    books = one_topic.notebooks
    assert set(books) == {SMALL, LARGE}, "parse did not finish"
    try:
        small, large = counts_at_both_sizes(lambda: render([books[SMALL]]),
                                            lambda: render([books[LARGE]]))
    except OverBudget as err:
        pytest.fail(f"render: {err}")
    assert large / LARGE <= GROWTH * small / SMALL


def test_papers_with_one_title_stay_linear() -> None:
    texts = {n: same_titles(n) for n in (SMALL, LARGE)}
    try:
        counts_at_both_sizes(lambda: render([parsed(texts[SMALL], markdown_parser())]),
                             lambda: render([parsed(texts[LARGE], markdown_parser())]))
    except OverBudget as err:
        pytest.fail(f"parse and render of papers with one title: {err}")
    anchors = [p.anchor for p in parsed(texts[SMALL]).papers()]
    assert anchors[:3] == ["same-title", "same-title-2", "same-title-3"]
    assert len(set(anchors)) == SMALL
