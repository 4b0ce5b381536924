"""Headings as entries: personal notes where each heading is a paper and the bullets under it
are what the reader noted (`### Deep Residual Learning` / `- Architecture` / `- Training`).

`notes_site.outline` decides which headings are papers; this reader reads one: the heading's
text is the title, its link (or the first link under it) the paper's, and everything under it,
sub-headings included, the body.
"""

from __future__ import annotations

from collections.abc import Sequence

from notes_site import inline
from notes_site.blocks import Line, heading_source
from notes_site.model import Link, Paper
from notes_site.readers.body import read_body
from notes_site.readers.context import Context
from notes_site.readers.grammar import links_to_a_page


def title_and_links(line: Line, ctx: Context) -> tuple[str, list[Link]]:
    """A heading's plain text (a link shows its text) and its links with their positions."""
    source = heading_source(line)
    col = line.text.find(source) + 1 if source else 1
    tokens = ctx.md.parseInline(source)[0].children or [] if source else []
    # A heading's title is its words: HTML tags in it (`<i>`, `<h3 id=…>`) are markup, not words.
    words = [tok for tok in tokens if tok.type not in ("image", "html_inline")]
    links = [Link(link.text or link.url, link.url, line.number, col + link.start)
             for link in inline.inline_links(tokens) if link.url]
    return inline.link_text(words), links


def has_link(lines: Sequence[Line]) -> bool:
    """Whether lines hold a link to something other than a heading or an image."""
    return any(links_to_a_page(inline.shared_parser(), [line.text]) for line in lines
               if line.kind not in ("code", "comment") and inline.might_link(line.text))


def read(heading: Line, lines: Sequence[Line], ctx: Context) -> Paper:
    """A heading that is a paper, and every line under it."""
    title, links = title_and_links(heading, ctx)
    blocks, body_links = read_body(lines, ctx)
    own = [link for link in links if not link.url.startswith("#")]
    candidates = own or [link for link in body_links if not link.url.startswith("#")]
    main = candidates[0] if candidates else None
    related = [link for link in links + body_links if link is not main]
    if main is None:
        ctx.note(heading.number, 1, "no-link", f"paper heading without a link: {title!r}")
    return ctx.paper(title or f"Paper on line {heading.number}", main, heading.number, 1,
                     body=blocks, related=related)
