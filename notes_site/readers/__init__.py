"""Entry readers: one small reader per shape in which notes write a paper.

Each reader looks at the lines of one section (the text under one heading, up to the next) and
says which runs of lines are entries of its shape, and how paper-like each is; `split` lets the
readers claim their runs and decides, per section and per shape, whether the runs are papers
(what most of them look like). `read` turns a run into a `Paper`.

| reader | shape |
| --- | --- |
| `items` | list items: `1. [Title](url): summary`, `- **Title** [[pdf]](url)`, … |
| `paragraphs` | paragraphs: `**Title** \\` / `*Authors* \\` / `venue [[Paper](url)]` |
| `tables` | table rows with a link to the paper in one column |
| `html_blocks` | `<p>` blocks with the title as a bold link: `<a href><strong>Title</strong></a>` |
| `headings` | a heading that is a paper, its bullets the notes (see `notes_site.outline`) |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from notes_site.blocks import Line
from notes_site.model import Paper
from notes_site.readers import html_blocks, items, paragraphs, tables
from notes_site.readers.context import Context

__all__ = ["Context", "Entry", "Split", "read", "split"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A run of lines that one reader turns into a paper."""

    reader: str
    """`items`, `paragraphs`, `tables` or `html`."""
    lines: tuple[Line, ...]
    table: tables.Table | None = None
    """For a table row: the table it is a row of."""
    row: int = 0
    """For a table row: its index among the table's rows."""


@dataclass(frozen=True, slots=True)
class Split:
    """A section's lines: its introduction, then entries with the lines that follow each."""

    intro: tuple[Line, ...]
    entries: tuple[Entry, ...]


def split(lines: Sequence[Line], papers: bool = True) -> Split:
    """Which lines of a section are entries, and of which shape.

    Tables and bold paragraphs are claimed first (each decides from its own rows and
    paragraph); list items are papers when the section's items are ordered, or when at least
    half of them look like papers (a link, a bold title). Lines no reader claims stay where they
    are: the introduction before the first entry, an entry's body after it. Without `papers`
    (a housekeeping section) every line is introduction.
    """
    if not papers:
        return Split(tuple(lines), ())
    found = tables.find(lines)
    paragraph_runs = paragraphs.runs(lines)
    html_runs = html_blocks.runs(lines)
    claimed = {i for table in found for i in range(table.start, table.end)}
    claimed |= {i for start, end in paragraph_runs + html_runs for i in range(start, end)}
    starts: dict[int, tuple[str, int, tables.Table | None]] = {}
    for table in found:
        for row in table.rows():
            starts[row] = ("tables", row + 1, table)
    rows = {row: k for table in found for k, row in enumerate(table.rows())}
    for start, end in paragraph_runs:
        starts[start] = ("paragraphs", end, None)
    for start, end in html_runs:
        starts[start] = ("html", end, None)
    runs = items.runs(lines, claimed)
    if items.are_papers([lines[start:end] for start, end in runs]):
        for start, _ in runs:
            starts[start] = ("items", start + 1, None)
    return _assemble(lines, starts, rows)


def _assemble(lines: Sequence[Line], starts: dict[int, tuple[str, int, tables.Table | None]],
              rows: dict[int, int]) -> Split:
    """Entries at their start lines; every other line joins the entry before it (or the
    introduction), which is how a column-0 line after an entry is read (the seed's lazy
    continuation)."""
    intro: list[Line] = []
    entries: list[tuple[str, list[Line], tables.Table | None, int]] = []
    i = 0
    while i < len(lines):
        if i in starts:
            reader, end, table = starts[i]
            entries.append((reader, list(lines[i:end]), table, rows.get(i, 0)))
            i = end
            continue
        if entries:
            entries[-1][1].append(lines[i])
        else:
            intro.append(lines[i])
        i += 1
    return Split(tuple(intro), tuple(Entry(r, tuple(ls), t, k) for r, ls, t, k in entries))


def read(entry: Entry, ctx: Context) -> Paper | None:
    """The paper an entry's lines say; None (with a finding) for an empty entry."""
    if entry.table is not None:
        return tables.read(entry.lines, entry.table, ctx, entry.row)
    if entry.reader == "paragraphs":
        return paragraphs.read(list(entry.lines), ctx)
    if entry.reader == "html":
        return html_blocks.read(list(entry.lines), ctx)
    return items.read(list(entry.lines), ctx)
