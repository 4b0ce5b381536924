"""Bar charts of the reading, written as SVG when the site is built: no script, no request.

Each chart is one HTML block: a figure holding the SVG drawing and, beside it, a table of the
same numbers (what a screen reader reads and the search index finds; the drawing is hidden
from screen readers). The drawing takes its colours from the page, so it reads in light and
dark mode alike: text is `currentColor`, bars are Material's colour variables (the classes
`ns-bar`, `ns-bar-rest` in assets/notes-site.css); no colour is written into the SVG.

Pure: labels and numbers in, HTML out. Text is escaped; nothing from the notes is markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 420
"""The drawing's width in its own units; it is scaled to the width of the page."""
LABEL_WIDTH = 150
BAR_HEIGHT = 16
GAP = 5
LABEL_CHARS = 20
"""A label longer than this is cut, with `…`, in the drawing; the table has it whole."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, its value, and the part of the value drawn apart (`part`), such as
    the starred papers of a topic; 0 for a plain bar."""

    label: str
    value: int
    part: int = 0


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled bar chart, and what its table's columns are called."""

    title: str
    bars: tuple[Bar, ...]
    label_head: str
    value_head: str = "Papers"
    part_head: str = ""
    """With one, the table has a column for each bar's part (and its share)."""
    note: str = ""
    """A line under the chart: what it leaves out."""


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def svg(chart: Chart) -> str:
    """The chart drawn as horizontal bars, one a row, the longest as wide as the drawing."""
    top = max((bar.value for bar in chart.bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 70
    height = len(chart.bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for n, bar in enumerate(chart.bars):
        y = GAP + n * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 4
        whole = room * bar.value / top
        part = room * bar.part / top
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:g}" text-anchor="end">'
            f"{html.escape(_cut(bar.label))}</text>"
            + (f'<rect class="ns-bar-rest" x="{LABEL_WIDTH}" y="{y}" width="{whole:.1f}" '
               f'height="{BAR_HEIGHT}"></rect>' if chart.part_head else "")
            + f'<rect class="ns-bar" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{(part if chart.part_head else whole):.1f}" height="{BAR_HEIGHT}"></rect>'
            f'<text x="{LABEL_WIDTH + whole + 6:.1f}" y="{middle:g}">{_value(bar, chart)}</text>')
    return (f'<svg class="ns-chart-drawing" viewBox="0 0 {WIDTH} {height}" '
            f'aria-hidden="true">{"".join(rows)}</svg>')


def _value(bar: Bar, chart: Chart) -> str:
    return f"{bar.part} of {bar.value}" if chart.part_head else str(bar.value)


def table(chart: Chart) -> str:
    """The chart's numbers as a table: a row per bar."""
    heads = [chart.label_head, chart.value_head] + (
        [chart.part_head, "Share"] if chart.part_head else [])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join(f"<tr>{''.join(f'<td>{html.escape(c)}</td>' for c in _cells(bar, chart))}</tr>"
                   for bar in chart.bars)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cells(bar: Bar, chart: Chart) -> list[str]:
    cells = [bar.label, str(bar.value)]
    if chart.part_head:
        cells += [str(bar.part), f"{round(100 * bar.part / bar.value) if bar.value else 0}%"]
    return cells


def figure(chart: Chart) -> str:
    """The chart as one HTML block: its title, the drawing and the table side by side, and
    its note."""
    note = f'<p class="ns-chart-note">{html.escape(chart.note)}</p>' if chart.note else ""
    return (f'<figure class="ns-chart"><figcaption>{html.escape(chart.title)}</figcaption>'
            f'<div class="ns-chart-body">{svg(chart)}{table(chart)}</div>{note}</figure>')


def top(bars: Sequence[Bar], most: int, rest: str) -> tuple[Bar, ...]:
    """The `most` largest bars (ties in their order), the others summed into one named
    `rest` (with how many it sums)."""
    ranked = sorted(bars, key=lambda bar: -bar.value)
    if len(ranked) <= most:
        return tuple(ranked)
    others = ranked[most - 1:]
    summed = Bar(f"{rest} ({len(others)})", sum(b.value for b in others),
                 sum(b.part for b in others))
    return (*ranked[: most - 1], summed)
