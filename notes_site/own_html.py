"""The blocks the renderer writes itself, as HTML: the badge line over a paper, the related
line, the map's lines under it and the All papers table.

Each is written once, in this form, for the plugin and `notes-site export` alike: the same
tags, attributes and text Python-Markdown made of the Markdown these blocks once were
(`{ .ns-meta data-search-exclude }` from attr_list, a table from `tables`), without
Python-Markdown re-reading a line per paper (a large share of a build, issue 13). The text in
them is HTML already, made by `notes_site.site_markdown.InlineHtml` as the site's extensions
would show it. Links are written where MkDocs would point them (`link_to`, `href_to`): MkDocs
rewrites the links of Markdown, not those of raw HTML.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from notes_site.exports import page_url


def link_to(page: str, target: str, anchor: str, directory_urls: bool) -> str:
    """The `href` MkDocs writes for a link from `page` to `target#anchor` (both .md pages)."""
    here, there = page_url(page, directory_urls), page_url(target, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    relative = posixpath.relpath(there or ".", base or ".")
    if there.endswith("/") or not there:
        relative = relative.rstrip("/") + "/"
    return f"{relative}#{anchor}"


def href_to(page: str, target: str, directory_urls: bool) -> str:
    """The `href` from `page`'s HTML to `target` (a site path, maybe with `#anchor`): a page
    where MkDocs serves it, any other file where it is."""
    path, _, anchor = target.partition("#")
    if path.endswith(".md"):
        return link_to(page, path, anchor, directory_urls).removesuffix("#")
    here = page_url(page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    relative = posixpath.relpath(path, base or ".")
    return f"{relative}#{anchor}" if anchor else relative


@dataclass(frozen=True, slots=True)
class Row:
    """One paper in the All papers table, each cell as HTML: the link to its entry, its topic,
    venue, year, stars, the date it was noted and its authors (shown under the link)."""

    link: str
    topic: str
    venue: str
    starred: str
    year: str = ""
    noted: str = ""
    authors: str = ""


#: The All papers table's head (the script that sorts and filters the table,
#: assets/papers-table.js, reads the cells in this order).
_TABLE_HEAD = ("<table>\n<thead>\n<tr>\n<th>Paper</th>\n<th>Topic</th>\n<th>Venue</th>\n"
               '<th>Year</th>\n<th style="text-align: center;">Starred</th>\n<th>Noted</th>\n'
               "</tr>\n</thead>\n<tbody>\n")


def papers_table(rows: Sequence[Row]) -> str:
    """The All papers table: a row per paper."""
    return _TABLE_HEAD + "".join(_table_row(row) for row in rows) + "</tbody>\n</table>"


def _table_row(row: Row) -> str:
    authors = f'<br><small class="ns-authors">{row.authors}</small>' if row.authors else ""
    return (f"<tr>\n<td>{row.link}{authors}</td>\n<td>{row.topic}</td>\n"
            f"<td>{row.venue}</td>\n<td>{row.year}</td>\n"
            f'<td style="text-align: center;">{row.starred}</td>\n<td>{row.noted}</td>\n'
            "</tr>\n")


def badge_line(parts: Sequence[str]) -> str:
    """The paragraph of badges over a paper (star, venue, link), out of the search index: every
    excerpt would otherwise start with "ICLR 2020 paper". `parts` are HTML."""
    return f'<p class="ns-meta" data-search-exclude>{" ".join(parts)}</p>'


def related_line(items: Sequence[str]) -> str:
    """The paragraph `Related: a · b` under a paper; `items` are HTML."""
    return f'<p class="ns-related"><strong>Related:</strong> {" · ".join(items)}</p>'


def map_line(css: str, label: str, items: Sequence[str]) -> str:
    """A line of the reading map under a paper, `label: a · b`, out of the search index;
    `items` are HTML."""
    return (f'<p class="{css}" data-search-exclude><strong>{label}:</strong> '
            f'{" · ".join(items)}</p>')
