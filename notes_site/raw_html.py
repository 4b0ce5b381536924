"""The renderer's own markup written as the HTML Python-Markdown would make of it.

Python-Markdown re-reads every line the renderer writes; for the All papers table (a row per
paper) and the badge line above each paper, that re-reading was a large share of a build
(issue 13). Here the same elements are written as raw HTML, which Python-Markdown passes
through: the same tags, attributes, text and link targets a reader got from the Markdown.

Raw HTML is read by nothing, so it is only written for text that the site's Markdown
extensions would show as it is: `plain` says which. Text with math (arithmatex), an emoji
shortcode (pymdownx.emoji), a bare URL or address (magiclink) or a backslash keeps the Markdown.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from notes_site.exports import page_url

#: What a Markdown extension of the site would turn into markup in an escaped title: math,
#: `:shortcode:`, a URL or e-mail address, and backslashes (escapes and `\(` math).
_MARKUP = re.compile(r"[$\\@]|:[+\-\w]+:|://|\bwww\.|\bftp\.", re.IGNORECASE)


def plain(text: str) -> bool:
    """Whether the site's Markdown shows `text`, escaped, as the characters it is."""
    return _MARKUP.search(text) is None


#: What Python-Markdown would rewrite in a link target: a character reference it keeps as one,
#: a backslash escape, angle brackets or white space.
_URL_MARKUP = re.compile(r"&#?\w+;|[\\<>\s]")


def plain_url(url: str) -> bool:
    """Whether Python-Markdown writes `url`, as a link target, with only HTML escaping."""
    return _URL_MARKUP.search(url) is None


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
    where MkDocs serves it, any other file where it is. MkDocs rewrites the links of Markdown,
    not those of raw HTML."""
    path, _, anchor = target.partition("#")
    if path.endswith(".md"):
        return link_to(page, path, anchor, directory_urls).removesuffix("#")
    here = page_url(page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    relative = posixpath.relpath(path, base or ".")
    return f"{relative}#{anchor}" if anchor else relative


@dataclass(frozen=True, slots=True)
class Row:
    """One paper in the All papers table: its title, where it is, its topic, venue, year,
    stars, the date it was noted and its authors, each as the text its cell shows."""

    title: str
    href: str
    topic: str
    venue: str
    starred: str
    year: str = ""
    noted: str = ""
    authors: str = ""


#: The All papers table's columns, as its Markdown head writes them (the script that sorts
#: and filters the table, assets/papers-table.js, reads the cells in this order).
TABLE_HEAD = ("| Paper | Topic | Venue | Year | Starred | Noted |\n"
              "| --- | --- | --- | --- | :---: | --- |")


def papers_table(rows: Sequence[Row]) -> str:
    """The table Python-Markdown's `tables` makes of `TABLE_HEAD` and a row per paper."""
    head = ("<table>\n<thead>\n<tr>\n<th>Paper</th>\n<th>Topic</th>\n<th>Venue</th>\n"
            '<th>Year</th>\n<th style="text-align: center;">Starred</th>\n<th>Noted</th>\n'
            "</tr>\n</thead>\n<tbody>\n")
    return head + "".join(_table_row(row) for row in rows) + "</tbody>\n</table>"


def _table_row(row: Row) -> str:
    authors = authors_cell(html.escape(row.authors, False)) if row.authors else ""
    return (f'<tr>\n<td><a href="{html.escape(row.href)}">{html.escape(row.title, False)}</a>'
            f"{authors}</td>\n<td>{html.escape(row.topic, False)}</td>\n"
            f"<td>{html.escape(row.venue, False)}</td>\n<td>{row.year}</td>\n"
            f'<td style="text-align: center;">{row.starred}</td>\n<td>{row.noted}</td>\n'
            "</tr>\n")


def authors_cell(authors: str) -> str:
    """The authors under a title in the table; `authors` escaped for where it is written (as
    HTML in the raw table, with `escape_text` in the Markdown one)."""
    return f'<br><small class="ns-authors">{authors}</small>'


def badge_line(star: str, venue: str, url: str | None) -> str:
    """The paragraph of badges over a paper, as attr_list makes `… { .ns-meta
    data-search-exclude }`: `star` is the renderer's own markup, `venue` plain text, `url`
    a safe external URL."""
    parts = [star] if star else []
    if venue:
        parts.append(f'<span class="ns-venue">{html.escape(venue, False)}</span>')
    if url:
        parts.append(f'<a class="ns-link" href="{html.escape(url)}">paper ↗</a>')
    return f'<p class="ns-meta" data-search-exclude>{" ".join(parts)}</p>'


def html_link(text: str, href: str) -> str:
    """`[text](<href>)` as Python-Markdown writes it, for plain `text` and a plain `href`."""
    return f'<a href="{html.escape(href)}">{html.escape(text, False)}</a>'


def related_line(items: Sequence[str]) -> str:
    """The paragraph `**Related:** a · b` with attr_list's `{ .ns-related }`; `items` are
    HTML."""
    return f'<p class="ns-related"><strong>Related:</strong> {" · ".join(items)}</p>'


def map_line(css: str, label: str, items: Sequence[str]) -> str:
    """A line of the reading map under a paper, `**label:** a · b` with attr_list's
    `{ .css data-search-exclude }`; `items` are HTML."""
    return (f'<p class="{css}" data-search-exclude><strong>{label}:</strong> '
            f'{" · ".join(items)}</p>')
