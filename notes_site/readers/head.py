"""An entry's head (its first paragraph): title, the paper's link, summary, other links.

The head is read with markdown-it (`notes_site.inline`), so a title is never cut inside a link
label; the shapes differ only in where the title stands:

- `[Title](url): summary` — the first link, when nothing comes before it;
- `**Title** (2015), A. Author [[pdf]](url)` — the first bold span that is not a citation
  number such as `**[22]**`, and the link labelled like `[pdf]`;
- `ACRONYM - [Title: sub](url)`, `More in [awful-ai](url)` — the words before the link and
  the link's text;
- `Title. [[pdf]](url)`, `Title [[code]](url)` — the words before a link labelled like a
  resource;
- `Title: words` with no link at all — split at the first `: ` unless it belongs to the title
  (`DSSD: Deconvolutional …`: one word before it and a capital after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_site import inline
from notes_site.model import Link
from notes_site.readers.context import Context

STAR = re.compile(r"^(?:\*(?!\*)|★|⭐\ufe0f?)[ \t]*(?=\[|\*\*|__)")
#: What stands between a title and its summary; a `:` that opens an emoji (`:star:`) is text.
SEPARATOR = re.compile(r"^[ \t]*(?::(?![a-z0-9_+\-]+:)|[,\-—–：·]|\s)*")
_BOLD = re.compile(r"(\*\*|__)(?P<title>.+?)\1")
_CITATION = re.compile(r"^\[?\d{1,4}\]?\.?$")
_TRAILING = re.compile(r"[ \t]*[-—–:：,;.]?[ \t]*$")
_RATING = re.compile(r":star:|⭐|★")
_PAPER_LABELS = re.compile(r"^\[?(pdf|paper|arxiv|openreview|link|html|url|abs)\]?$",
                           re.IGNORECASE)
_LABEL = re.compile(r"^\[[^\[\]]*\]$")
_QUOTES = re.compile(r'["“][ \t]*[.,]?[ \t]*["”]')


@dataclass(frozen=True, slots=True)
class Head:
    """What an entry's first paragraph says."""

    title: str
    url: str | None
    summary: str
    related: list[Link]
    emphasis: bool
    """The `*` before the title link closes after it: `*[T](u)*` is emphasis, not a star."""
    rating: int
    """Stars after the title: `:star::star:`, `⭐⭐`."""


def read_head(source: inline.Source, ctx: Context, asterisk: bool,
              line: int, col: int) -> Head:
    """Title, URL, summary and the other links of an entry's head; `line:col` is where the
    head starts, for the finding about an entry without a link. `asterisk` says the entry's
    star was a `*`, which may instead open emphasis."""
    text = source.text
    links = [link for link in inline.head_links(ctx.md, text) if link.url]
    lead = text[: links[0].start].strip() if links else text.strip()
    url: str | None
    if links and not lead:
        main = links[0]
        title, url, rest, others = main.text, main.url, text[main.end:], links[1:]
    elif bold := _title_bold(text):
        title, rest = inline.collapse(bold["title"]), _without(text, bold)
        paper = _paper_link(links) if links else None
        url, others = (paper.url if paper else None), [k for k in links if k is not paper]
    elif links:
        title, url, rest, others = _lead_title(text, lead, links)
    else:
        title, url, rest, others = _plain_title(text)
    if not links:
        ctx.note(line, col, "no-link", f"entry without a link: {title!r}")
    emphasis = asterisk and rest.startswith("*") and not rest.startswith("**")
    summary = inline.collapse(SEPARATOR.sub("", rest[emphasis:], count=1))
    related = [_link(source, link) for link in others]
    return Head(title, url, summary, related, emphasis, len(_RATING.findall(rest)))


def _title_bold(text: str) -> re.Match[str] | None:
    """The bold span that names the paper: the first one that is not a citation number, when
    the head starts with bold text."""
    if not text.lstrip().startswith(("**", "__")):
        return None
    return next((m for m in _BOLD.finditer(text) if not _CITATION.match(m["title"].strip())),
                None)


def _without(text: str, bold: re.Match[str]) -> str:
    """The head without its title's bold span (and an emptied pair of quotes around it)."""
    before, after = text[: bold.start()], text[bold.end():]
    if not before.strip():
        return after
    return _QUOTES.sub("", before.rstrip() + " " + after.lstrip()).strip()


def _lead_title(text: str, lead: str, links: list[inline.InlineLink]
                ) -> tuple[str, str | None, str, list[inline.InlineLink]]:
    """Words before the first link: `ACRONYM - [Title](url)` or `Title. [[pdf]](url)`."""
    first = links[0]
    if not _is_label(first.text):
        # `More in [awful-ai](url)`, `AE-GAN - [AE-GAN: …](url)`: the link is part of the title.
        return f"{inline.collapse(lead)} {first.text}", first.url, text[first.end:], links[1:]
    main = _paper_link(links)
    rest = text[len(text) - len(text.lstrip()) + len(lead):]
    return (inline.collapse(_TRAILING.sub("", lead)), main.url, rest,
            [link for link in links if link is not main])


def _is_label(text: str) -> bool:
    """A link text that labels a resource rather than naming the paper: `[pdf]`, `[code]`,
    `paper`, `arXiv`."""
    return bool(_LABEL.match(text) or _PAPER_LABELS.match(text))


def _plain_title(text: str) -> tuple[str, None, str, list[inline.InlineLink]]:
    """An entry with no link: the title runs to the first `: ` that does not belong to it."""
    head, sep, tail = text.partition(": ")
    belongs = sep and " " not in head.strip() and tail[:1].isupper()
    if not sep or belongs:
        return inline.collapse(text), None, "", []
    return inline.collapse(head), None, tail, []


def _paper_link(links: list[inline.InlineLink]) -> inline.InlineLink:
    """The link that names the paper: one labelled like `[pdf]`, else the first."""
    return next((link for link in links if _PAPER_LABELS.match(link.text)), links[0])


def _link(source: inline.Source, link: inline.InlineLink) -> Link:
    line, col = source.position(link.start)
    return Link(link.text or link.url, link.url, line, col)
