"""Table rows as entries: a table whose rows mostly link to a paper is a table of papers.

Cells are markdown-it's table cells (a `\\|` stays in its cell, as GitHub reads it). The title
column is the one whose cells most often hold a link naming something; where no column does
(the title in a plain column, the paper behind a badge or a `Link` label in another), it is
the column with the most words. The title cell is read like an entry's head
(`notes_site.readers.head`): `[Helm](url) 全面语言模型评测` is titled Helm. The paper's link is
the title cell's, else the paper link of the other cells; every other cell is shown under the
title as `**Column:** value`, and its links are related links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from notes_site import inline
from notes_site.blocks import Line
from notes_site.model import Link, Paper, Text
from notes_site.readers.body import read_body
from notes_site.readers.context import Context
from notes_site.readers.grammar import HeadLink, links_of, paper_link, points_to_paper, tokens_of
from notes_site.readers.head import read_head

_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


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


def _cells(lines: Sequence[Line]) -> dict[int, tuple[str, ...]] | None:
    """Each row's cells by its index among `lines` (header 0, body rows from 2), as markdown-it
    reads the table; None when markdown-it reads no table there."""
    tokens = inline.shared_parser().parse("\n".join(line.text for line in lines))
    if not tokens or tokens[0].type != "table_open":
        return None
    rows: dict[int, list[str]] = {}
    current: list[str] | None = None
    for tok in tokens:
        if tok.type == "tr_open" and tok.map:
            current = rows.setdefault(tok.map[0], [])
        elif tok.type == "inline" and current is not None:
            current.append(tok.content)
    return {k: tuple(v) for k, v in rows.items()}


def _words(cell: str) -> int:
    plain = inline.link_text([t for t in inline.shared_parser().parseInline(cell)[0].children
                              or [] if t.type not in ("image", "html_inline")])
    return len(plain.split())


_TITLE_HEADER = re.compile(r"\b(?:title|paper|name|project|book|model|method)s?\b|标题|论文",
                           re.IGNORECASE)


def _title_column(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> int | None:
    """The column that names the papers: the one whose cells most often hold a link naming
    something, when most rows do; else, when most rows link to a paper somewhere, the column
    whose header names titles (`Title`, `Paper`, `Name`), else the one with the most words."""
    width = max((len(row) for row in rows), default=0)
    links = [[links_of(inline.shared_parser(), cell) for cell in row] for row in rows]
    titled = [sum(1 for row in links if k < len(row) and any(x.kind == "title" for x in row[k]))
              for k in range(width)]
    if titled and 2 * max(titled) >= len(rows) and max(titled):
        return titled.index(max(titled))
    linked = sum(1 for row in links if any(points_to_paper(x) for cell in row for x in cell))
    if not width or 2 * linked < len(rows) or not linked:
        return None
    named = [k for k, name in enumerate(header) if _TITLE_HEADER.search(name)]
    if named:
        return named[0]
    words = [sum(_words(row[k]) for row in rows if k < len(row)) for k in range(width)]
    return words.index(max(words))


@dataclass(frozen=True, slots=True)
class Table:
    """A table of papers: its lines, its column names and the column that holds the titles."""

    start: int
    """Index of the header row; the delimiter row follows it, then the papers."""
    end: int
    header: tuple[str, ...]
    column: int
    cells: tuple[tuple[str, ...], ...]
    """Each body row's cells, in order of the rows."""

    def rows(self) -> range:
        """Indexes of the rows that are papers. The header and delimiter rows are no entry:
        they stay where they are, a table's head above its papers."""
        return range(self.start + 2, self.end)


def find(lines: Sequence[Line]) -> list[Table]:
    """Every table of papers among a section's lines."""
    found = []
    for start, end in _tables(lines):
        cells = _cells(lines[start:end])
        if cells is None:
            continue
        rows = [cells.get(k, ()) for k in range(2, end - start)]
        column = _title_column(cells.get(0, ()), rows)
        if rows and column is not None:
            found.append(Table(start, end, cells.get(0, ()), column, tuple(rows)))
    return found


def read(lines: Sequence[Line], table: Table, ctx: Context, index: int) -> Paper:
    """Row `index` of `table` (its line first, then the lines after it) → a Paper."""
    row = lines[0]
    values = table.cells[index]
    column, names = table.column, table.header
    title_cell = values[column] if column < len(values) else ""
    col = max(row.text.find(title_cell), 0) + 1 if title_cell else 1
    head = read_head(inline.Source.of_lines([(row.number, col, title_cell)]), ctx, False,
                     row.number, 1, require_link=False)
    shown, related, others = [], list(head.related), []
    for k, value in enumerate(values):
        if k == column or not value:
            continue
        name = names[k] if k < len(names) else f"Column {k + 1}"
        shown.append(f"- **{name or '·'}:** {value}")
        placed = [_at(row, value, link) for link in links_of(ctx.md, value) if link.url]
        others += [(link, at) for link, at in placed if points_to_paper(link)]
        related += [at for _, at in placed]
    related.sort(key=lambda link: link.col)
    main = head.link
    if main is None and others:
        found = paper_link([link for link, _ in others]) or others[0][0]
        main = next(placed for link, placed in others if link is found)
        related = [link for link in related if link is not main]
    words = inline.collapse(inline.link_text([
        t for t in tokens_of(ctx.md, title_cell) if t.type not in ("image", "html_inline")]))
    # A cell with no link is all title: `OneFormer: One Transformer To Rule …` is not split.
    titled = head.link is not None or bool(head.related)
    title = (head.title if titled else words) or f"Row {row.number}"
    if main is None:
        ctx.note(row.number, 1, "no-link", f"table row without a link to its paper: {title!r}")
    after, after_links = read_body(lines[1:], ctx)
    body = ((Text("\n".join(shown)),) if shown else ()) + after
    return ctx.paper(title, main, row.number, 1, summary=head.summary if titled else "",
                     body=body, related=related + after_links, rating=head.rating)


def _at(row: Line, cell: str, link: HeadLink) -> tuple[HeadLink, Link]:
    """A cell's link, and the same placed where it starts in the row (markdown-it gives cells
    no columns; a cell's text is found in its row, as `notes_site.inline` finds an inline
    token's)."""
    at = row.text.find(cell)
    col = at + link.start + 1 if at >= 0 else max(row.text.find(link.url), 0) + 1
    return link, Link(link.text or link.url, link.url, row.number, col)
