"""Table rows as entries: a table whose rows mostly link to a paper is a table of papers.

The title is the text of the column whose cells most often hold a link (not a badge); the
paper's link is that cell's link; every other cell is shown under the title as
`**Column:** value`, and its links are related links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from notes_site import inline
from notes_site.blocks import Line
from notes_site.model import Link, Paper, Text
from notes_site.readers.body import read_body
from notes_site.readers.context import Context
from notes_site.readers.marks import links_to_a_page
from notes_site.venues import venue_of

_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def cells(text: str) -> list[str]:
    """A row's cells, outer pipes removed, each stripped."""
    body = text.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in _CELL_SPLIT.split(body)]


def _tables(lines: Sequence[Line]) -> Iterator[tuple[int, int]]:
    """(start, end) of each table: a header row, a delimiter row and its body rows."""
    i = 0
    while i < len(lines):
        if (lines[i].kind == "table" and i + 1 < len(lines)
                and _DELIMITER.match(lines[i + 1].text)):
            end = i + 2
            while end < len(lines) and lines[end].kind == "table":
                end += 1
            yield i, end
            i = end
        else:
            i += 1


def _title_column(rows: Sequence[list[str]]) -> int | None:
    """The column that names the papers, when most rows link from it."""
    width = max((len(row) for row in rows), default=0)
    counts = [sum(1 for row in rows if k < len(row) and links_to_a_page(row[k]))
              for k in range(width)]
    if not counts or 2 * max(counts) < len(rows) or not max(counts):
        return None
    return counts.index(max(counts))


@dataclass(frozen=True, slots=True)
class Table:
    """A table of papers: its lines, its column names and the column that holds the titles."""

    start: int
    """Index of the header row; the delimiter row follows it, then the papers."""
    end: int
    header: tuple[str, ...]
    column: int

    def rows(self) -> range:
        """Indexes of the rows that are papers. The header and delimiter rows are no entry:
        they stay where they are, a table's head above its papers."""
        return range(self.start + 2, self.end)


def find(lines: Sequence[Line]) -> list[Table]:
    """Every table of papers among a section's lines."""
    found = []
    for start, end in _tables(lines):
        rows = [cells(line.text) for line in lines[start + 2 : end]]
        column = _title_column(rows)
        if rows and column is not None:
            found.append(Table(start, end, tuple(cells(lines[start].text)), column))
    return found


def read(lines: Sequence[Line], table: Table, ctx: Context) -> Paper:
    """One row of `table` (and the lines after it) → a Paper."""
    row = lines[0]
    values = cells(row.text)
    column, names = table.column, table.header
    title_cell = values[column] if column < len(values) else ""
    tokens = ctx.md.parseInline(title_cell)[0].children or []
    links = [link for link in inline.inline_links(tokens) if link.url and not _badge(tokens, link)]
    title = _plain(tokens) or f"Row {row.number}"
    url = links[0].url if links else None
    related = [_at(row, link.text, link.url) for link in links[1:]]
    shown = []
    for k, value in enumerate(values):
        if k == column or not value:
            continue
        name = names[k] if k < len(names) else f"Column {k + 1}"
        shown.append(f"- **{name or '·'}:** {value}")
        related += [_at(row, link.text, link.url) for link in
                    inline.inline_links(ctx.md.parseInline(value)[0].children or [])
                    if link.url]
    if not links:
        ctx.note(row.number, 1, "no-link", f"table row without a link to its paper: {title!r}")
    after, after_links = read_body(lines[1:], ctx)
    return Paper(
        title=title,
        url=url,
        anchor=ctx.slugs.unique(title),
        starred=False,
        summary="",
        body=((Text("\n".join(shown)),) if shown else ()) + after,
        related=tuple(related + after_links),
        venue=ctx.venue or venue_of(url),
        line=row.number,
        col=1,
    )


def _badge(tokens: Sequence[Token], link: inline.InlineLink) -> bool:
    """A link whose text is only an image."""
    inner = tokens[link.index + 1]
    return inner.type == "image"


def _plain(tokens: Sequence[Token]) -> str:
    """A cell's words: text, code and math; no images, no HTML tags."""
    words = [tok for tok in tokens if tok.type not in ("html_inline", "image")]
    return inline.link_text(words)


def _at(row: Line, text: str, url: str) -> Link:
    # A cell's links are placed at the row: cells are split before markdown-it reads them.
    return Link(text or url, url, row.number, max(row.text.find(url), 0) + 1)
