"""Raw HTML blocks as entries: `<p>` … `<a href="paper"><strong>Title</strong></a>` … `</p>`.

Some lists are written in HTML, one block per paper (a poster image, the title as a bold link,
authors, `[<a>paper</a>] [<a>code</a>]`). A block at column 0 is an entry when a link in it
holds bold text: that text is the title and that link the paper's. The block itself is the
paper's body (the page sanitizes it), and its links are read with the standard library's HTML
parser, positions included, so the site shows the links notes-site read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from notes_site import inline
from notes_site.blocks import Line
from notes_site.model import Link, Paper, Text
from notes_site.readers.body import read_body
from notes_site.readers.context import Context

_OPEN = re.compile(r"^<(?:p|div|table|section|article)\b", re.IGNORECASE)
_MARK = re.compile(r"^\s*(?:🔥|⭐\ufe0f?|★)\s*")


@dataclass(slots=True)
class _Anchor:
    href: str
    line: int
    col: int
    bold: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    """The `<a href>` of an HTML block, each with the bold text inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[_Anchor] = []
        self._open: _Anchor | None = None
        self._bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            line, col = self.getpos()
            self._open = _Anchor(href, line, col + 1)
            self.anchors.append(self._open)
        elif tag in ("strong", "b"):
            self._bold += 1
            if self._open is not None:
                self._open.bold.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None
        elif tag in ("strong", "b"):
            self._bold = max(self._bold - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._bold and self._open is not None and self._open.bold:
            self._open.bold[-1] += data


def _anchors(lines: Sequence[Line]) -> list[_Anchor]:
    parser = _Links()
    parser.feed("\n".join(line.text for line in lines))
    parser.close()
    return [a for a in parser.anchors if a.href]


def runs(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """(start, end) of each HTML block that is a paper: it opens at column 0 after a blank line
    or a heading, runs to the next blank line, and a link in it holds bold text."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        starts = lines[i].kind == "text" and _OPEN.match(lines[i].text) and (
            i == 0 or lines[i - 1].kind in ("blank", "heading"))
        if not starts:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].kind not in ("blank", "heading"):
            end += 1
        if any(inline.collapse("".join(a.bold)) for a in _anchors(lines[i:end])):
            out.append((i, end))
        i = end
    return out


def read(lines: list[Line], ctx: Context) -> Paper:
    """One HTML block (and the lines after it) → a Paper."""
    end = next((k for k, line in enumerate(lines) if line.kind in ("blank", "heading")),
               len(lines))
    block, rest = lines[:end], lines[end:]
    first = block[0]
    anchors = _anchors(block)
    main = next(a for a in anchors if inline.collapse("".join(a.bold)))
    words = inline.collapse("".join(main.bold))
    mark = _MARK.match(words)
    title = words[mark.end():] if mark else words
    placed = {id(a): Link(a.href, a.href, first.number + a.line - 1, a.col) for a in anchors}
    after, after_links = read_body(rest, ctx)
    return ctx.paper(title, placed[id(main)], first.number, 1,
                     body=(Text("\n".join(line.text for line in block)),) + after,
                     related=[placed[id(a)] for a in anchors if a is not main] + after_links,
                     starred=mark is not None)
