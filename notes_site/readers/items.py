"""List items as entries: `1. [Title](url): summary`, `- **Title** … [[pdf]](url)`, bullets.

A section's items are papers when they are numbered (the format's own shape) or when at least
half of them look like papers; a table of contents (`- [Theory](#theory)`) or a line of badges
is never a paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from notes_site import inline
from notes_site.blocks import ENTRY, FENCE, Line, indent_of
from notes_site.model import Paper
from notes_site.readers.body import SUBPOINT, read_body
from notes_site.readers.context import Context
from notes_site.readers.grammar import links_in_lines, links_of, paper_link, points_to_paper
from notes_site.readers.head import STAR, read_head

_MAX_ENTRY_INDENT = 3


def is_entry(line: Line) -> bool:
    """Whether the line starts a list item at columns 0–3."""
    return line.kind == "entry" and line.indent <= _MAX_ENTRY_INDENT


def runs(lines: Sequence[Line], claimed: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each list item at the section's base indent (the first item's) or left
    of the current item's text; an item ends where the next one (or a line another reader
    claimed) starts."""
    starts: list[int] = []
    base: int | None = None
    content = 0
    for i, line in enumerate(lines):
        if i in claimed or not is_entry(line):
            continue
        # A list item ends where a marker stands left of its content (CommonMark): ` - B` after
        # `- A` and its sub-bullets is B, not a line of A.
        if base is None or line.indent <= base or line.indent < content:
            base = line.indent if base is None else base
            starts.append(i)
            content = _content_column(line)
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = next((i for i in range(start + 1, end) if i in claimed), end)
        out.append((start, end))
    return out


def _content_column(line: Line) -> int:
    """The column where a list item's text starts: its indent, marker and the space after."""
    marker = ENTRY.match(line.text)
    assert marker is not None
    if marker.end() < len(line.text):
        return len(line.text[: marker.end()].expandtabs(4))
    return indent_of(marker["indent"]) + len(marker["marker"]) + 1


def are_papers(items: Sequence[Sequence[Line]]) -> bool:
    """Whether a section's items are papers, decided from their heads."""
    kinds = [_kind(_head_text(lines), lines) for lines in items]
    counted = [k for k in kinds if k != "toc"]
    papers = counted.count("paper")
    if not papers:
        return False
    ordered = any((m := ENTRY.match(lines[0].text)) and m["number"] and kind == "paper"
                  for lines, kind in zip(items, kinds, strict=True))
    return bool(ordered) or 2 * papers >= len(counted)


def _head_text(lines: Sequence[Line]) -> str:
    """An item's first paragraph, its marker and star removed."""
    head, _ = _split_head(list(lines))
    match = ENTRY.match(head[0].text)
    text = head[0].text[match.end():] if match else head[0].text
    text = STAR.sub("", text.lstrip(), count=1)
    return "\n".join([text, *(line.text.strip() for line in head[1:])])


def _kind(head: str, lines: Sequence[Line]) -> str:
    """`paper`, `toc` (links to headings only), or `other` for one item's head: an item is a
    paper when its head links to a page (a badge only when it opens a paper), or when its head
    is a bold title and a line under it holds the link (`- **Title**` / `  - [[Paper]](url)`)."""
    links = links_of(inline.shared_parser(), head)
    if links and all(link.kind == "anchor" for link in links):
        return "toc"
    if any(points_to_paper(link) for link in links):
        return "paper"
    if head.lstrip().startswith(("**", "__")) and any(
            points_to_paper(link) for link in links_in_lines(
                inline.shared_parser(), [line.text.strip() for line in lines[1:]
                                         if line.indent > lines[0].indent])):
        return "paper"
    return "other"


def read(lines: list[Line], ctx: Context) -> Paper | None:
    """One list item's lines → a Paper; None (with a finding) for an empty entry."""
    first = lines[0]
    marker = ENTRY.match(first.text)
    assert marker is not None
    head_col = marker.end()
    star = STAR.match(first.text[head_col:])
    if star:
        head_col += star.end()
    head, body = _split_head(lines)
    pieces = [(first.number, head_col + 1, first.text[head_col:])]
    pieces += [(line.number, 1, line.text) for line in head[1:]]
    source = inline.Source.of_lines(pieces)
    col = marker.start("marker") + 1
    if not source.text.strip() and not any(line.kind != "blank" for line in body):
        ctx.note(first.number, col, "empty-entry",
                 "empty entry: nothing after the marker; not shown on the site")
        return None
    asterisk = star is not None and star[0].startswith("*")
    part = read_head(source, ctx, asterisk, first.number, head_col + 1)
    blocks, body_links = read_body(body, ctx)
    link, related = part.link, part.related + body_links
    if link is None and body_links:
        # `- **Title (Venue 2019)**` with `[[Paper]](url)` on a sub-bullet: the paper's link.
        found = paper_link(links_in_lines(ctx.md, [line.text.strip() for line in body]))
        link = next((k for k in body_links if found and k.url == found.url), None)
        related = [k for k in related if k is not link]
    return ctx.paper(part.title, link, first.number, col, summary=part.summary, body=blocks,
                     related=related, starred=star is not None and not part.emphasis,
                     rating=part.rating)


def _split_head(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The entry's first paragraph (its head) and the rest (its body)."""
    for i, line in enumerate(lines[1:], start=1):
        stripped = line.text.strip()
        if line.kind in ("blank", "code", "details", "table", "conflict"):
            return lines[:i], lines[i:]
        if SUBPOINT.match(stripped) or FENCE.match(line.text):
            return lines[:i], lines[i:]
        if line.kind == "entry" or (stripped[:2] in ("- ", "* ", "+ ")
                                    and indent_of(line.text) > 0):
            return lines[:i], lines[i:]
    return lines, []
