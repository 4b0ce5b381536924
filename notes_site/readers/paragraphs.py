"""Paragraphs as entries: `**Title** \\` / `*Authors* \\` / `arXiv 2022. [[Paper](url)] \\`,
`**[22]** Author, et al. "**Title**." venue [[pdf]](url) :star::star:`, or
`[Title](url), Venue 2023 [[code]](url)`.

A paragraph at column 0 is an entry when it starts with bold text or a link naming a page, and
holds a link that is not an image or a link to a heading. Its first line is the head; the lines
after it, whose backslash line breaks GitHub shows as breaks, join the summary with ` · `.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notes_site import inline
from notes_site.blocks import Line
from notes_site.model import Paper
from notes_site.readers.body import read_body
from notes_site.readers.context import Context
from notes_site.readers.grammar import links_of, links_to_a_page
from notes_site.readers.head import read_head

_BOLD_START = re.compile(r"^(\*\*|__)\S")
_HARD_BREAK = re.compile(r"[ \t]*\\$")


def runs(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph entry: column-0 text after a blank line or a heading,
    starting with bold text and linking to a page."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        starts = lines[i].kind == "text" and lines[i].indent == 0 and (
            i == 0 or lines[i - 1].kind in ("blank", "heading", "details"))
        if not (starts and (_BOLD_START.match(lines[i].text) or _starts_with_title(lines[i]))):
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].kind == "text":
            end += 1
        if links_to_a_page(inline.shared_parser(), [line.text for line in lines[i:end]]):
            out.append((i, end))
        i = end
    return out


def _starts_with_title(line: Line) -> bool:
    """`[Title](url), Venue 2023 [[code]](url)`: a paragraph that opens with a link naming a
    page."""
    if not line.text.startswith("["):
        return False
    links = links_of(inline.shared_parser(), line.text)
    return bool(links) and links[0].start == 0 and links[0].kind == "title"


def read(lines: list[Line], ctx: Context) -> Paper:
    """One paragraph's lines (the paragraph, then whatever follows it) → a Paper."""
    end = next((k for k, line in enumerate(lines) if line.kind != "text"), len(lines))
    paragraph, rest = lines[:end], lines[end:]
    pieces = [(line.number, 1, _HARD_BREAK.sub(" ·", line.text)) for line in paragraph]
    source = inline.Source.of_lines(pieces)
    first = paragraph[0]
    head = read_head(source, ctx, False, first.number, 1)
    blocks, links = read_body(rest, ctx)
    summary = head.summary.removesuffix(" ·").removesuffix("·").strip()
    return ctx.paper(head.title, head.link, first.number, 1, summary=summary, body=blocks,
                     related=head.related + links, rating=head.rating)
