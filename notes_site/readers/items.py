"""List items as entries: `1. [Title](url): summary`, `- **Title** … [[pdf]](url)`, bullets.

A section's items are papers when they are numbered (the format's own shape) or when at least
half of them look like papers; a table of contents (`- [Theory](#theory)`) or a line of badges
is never a paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notes_site import inline
from notes_site.blocks import ENTRY, FENCE, Line, indent_of
from notes_site.model import Paper
from notes_site.readers.body import SUBPOINT, read_body
from notes_site.readers.context import Context
from notes_site.readers.head import STAR, read_head
from notes_site.readers.marks import LINK_TARGETS, without_images
from notes_site.venues import venue_of

_LEAD_SEPARATOR = re.compile(r"^[^\[\]]{1,60}?(?:\s[-—–]|[:：])\s*\[")
_PAPER_LABEL = re.compile(r"\[\[?(?:pdf|paper|arxiv|openreview|abs)\]?\]\(", re.IGNORECASE)
_MAX_ENTRY_INDENT = 3


def is_entry(line: Line) -> bool:
    """Whether the line starts a list item at columns 0–3."""
    return line.kind == "entry" and line.indent <= _MAX_ENTRY_INDENT


def runs(lines: Sequence[Line], claimed: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each list item at the section's base indent, the first item's indent;
    an item ends where the next one (or a line another reader claimed) starts."""
    starts: list[int] = []
    base: int | None = None
    for i, line in enumerate(lines):
        if i in claimed or not is_entry(line):
            continue
        if base is None or line.indent <= base:
            base = line.indent if base is None else base
            starts.append(i)
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = next((i for i in range(start + 1, end) if i in claimed), end)
        out.append((start, end))
    return out


def are_papers(items: Sequence[Sequence[Line]]) -> bool:
    """Whether a section's items are papers, decided from their heads."""
    kinds = [_kind(_head_text(lines)) for lines in items]
    counted = [k for k in kinds if k != "toc"]
    papers = counted.count("paper")
    if not papers:
        return False
    ordered = any((m := ENTRY.match(lines[0].text)) and m["number"] for lines in items)
    return bool(ordered) or 2 * papers >= len(counted)


def _head_text(lines: Sequence[Line]) -> str:
    """An item's first paragraph, its marker and star removed."""
    head, _ = _split_head(list(lines))
    match = ENTRY.match(head[0].text)
    text = head[0].text[match.end():] if match else head[0].text
    text = STAR.sub("", text.lstrip(), count=1)
    return "\n".join([text, *(line.text.strip() for line in head[1:])])


def _kind(head: str) -> str:
    """`paper`, `toc` (links to headings only), or `other` for one item's head."""
    plain = without_images(head)
    targets = LINK_TARGETS.findall(plain)
    if targets and all(t.startswith("#") for t in targets):
        return "toc"
    external = [t for t in targets if t and not t.startswith("#")]
    first = LINK_TARGETS.match(plain)
    if first and first[1] and not first[1].startswith("#"):
        return "paper"
    if external and (plain.startswith(("**", "__")) or _LEAD_SEPARATOR.match(plain)
                     or _PAPER_LABEL.search(plain)):
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
    return Paper(
        title=part.title,
        url=part.url,
        anchor=ctx.slugs.unique(part.title or f"entry-{first.number}"),
        starred=star is not None and not part.emphasis,
        summary=part.summary,
        body=blocks,
        related=tuple(part.related + body_links),
        venue=ctx.venue or venue_of(part.url),
        line=first.number,
        col=col,
        rating=part.rating,
    )


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
