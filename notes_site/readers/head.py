"""An entry's head (its first paragraph): title, the paper's link, summary, other links.

The head is read from markdown-it's tokens, with its links classified by one grammar
(`notes_site.readers.grammar`), so a title is never cut inside a link label. The shapes differ
only in where the title stands, after leading tags (`(*NeurIPS'23*)`, `ECCV-22`, `20210127`,
`[[CVPR](url)]`, a `####` GitHub shows as a heading inside the item) are set aside:

- `[Title](url): summary` — a link that names something, first or after a few words
  (`MM-22 [Title](url)`, `AE-GAN - [AE-GAN: …](url)`, `中文说明：[Title](url)`);
- `**Title** (2015), A. Author [[pdf]](url)`, `**[Title](url)**` — the first bold span that is
  not a citation number such as `**[22]**`; `**Name**: "Title", venue` — the quoted title;
- `Title. [[pdf]](url)`, `Title [[arXiv](url)] [[code](url)]`, `2019 | Title | Authors | …` —
  the words before the first label, badge or code span, or the first field of a `|` line;
- `Title: words` with no link at all — split at the first `: ` unless it belongs to the title
  (`DSSD: Deconvolutional …`: one word before it and a capital after it).

What a title carries besides its words is set aside too, and shown first in the summary:
a leading `[Tag]`, a trailing `(NUS 2017)`, `(2019) - Authors`, `, arXiv 2019`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_site import inline
from notes_site.model import Link
from notes_site.readers.context import Context
from notes_site.readers.grammar import HeadLink, links_of, paper_link, tokens_of

STAR = re.compile(r"^(?:\*(?!\*)|★|⭐\ufe0f?)[ \t]*(?=\[|\*\*|__)")
#: What stands between a title and its summary; a `:` that opens an emoji (`:star:`) is text.
SEPARATOR = re.compile(r"^[ \t]*(?::(?![a-z0-9_+\-]+:)|[,\-—–：·|]|\s)*")
_BOLD = re.compile(r"(\*\*|__)(?P<title>.+?)\1")
_CITATION = re.compile(r"^\[?\d{1,4}\]?\.?$")
_RATING = re.compile(r":star:|⭐|★")
_QUOTES = re.compile(r'["“][ \t]*[.,]?[ \t]*["”]')
_QUOTED = re.compile(r'^[ \t]*[:：\-–—,]?[ \t]*(?:["“](?P<q>[^"”\n]{3,})["”])')
#: `- #### Title`: how GitHub is asked for a heading inside an item; markup, never words.
_HEADING_MARK = r"#{1,6}[ \t]+"
#: Tags before a title: a heading mark, `(*NeurIPS'23*)`, a date, `ECCV-22`, `IEEE TMI-21`.
_LEADING_TAG = re.compile(
    rf"^[ \t]*(?:{_HEADING_MARK}"
    r"|\([*_]{0,2}[^()\n]{0,40}?\d{2}[^()\n]{0,20}?[*_]{0,2}\)[ \t]*"
    r"|(?:\d{8}|(?:19|20)\d{2}(?:[-./]\d{1,2}){0,2})[ \t]+(?:\|[ \t]*)?"
    r"|(?:(?:IEEE|ACM)[ \t]+)?[A-Za-z][A-Za-z&]*(?:-[A-Za-z]+)*(?:-|')\d{2}"
    r"(?:[ \t]+[Ww]orkshop)?[ \t]+(?=\S))")
_SHORT_LEAD_WORDS = 3
_LEAD_SEPARATOR = re.compile(r"[:：\-–—][ \t]*$")
#: A title's own tags: `[NFM] Title`, `Title (Google 2018)`, `Title (2019) - Authors`.
_TAG_FIRST = re.compile(r"^\[(?P<tag>[^\[\]]{1,40})\][ \t]+(?=\S+\s+\S)")
_YEAR_LAST = re.compile(r"[ \t]*\((?=[^()]*\b(?:1[89]|20)\d{2}\b)[^()]{1,48}\)"
                        r"[ \t]*(?:[-–—,:][ \t]*[^()]*)?$")
_VENUE_LAST = re.compile(r"[ \t]*[,;][ \t]*[^,;]{0,40}?\b(?:1[89]|20)\d{2}\b.*$")
_TRAILING = re.compile(r"[ \t]*[\[(\-—–:：,;|]*[ \t]*$")
_PIPE = re.compile(r"[ \t]+\|[ \t]+")
#: A label written like a link that markdown-it does not read as one (spaces in its target).
_BROKEN_LABEL = re.compile(r"[ \t]\[\[?[^\[\]\n]{1,40}\]\]?\(")


@dataclass(frozen=True, slots=True)
class Head:
    """What an entry's first paragraph says."""

    title: str
    link: Link | None
    """The paper's own link, where it is written."""
    summary: str
    related: list[Link]
    emphasis: bool
    """The `*` before the title link closes after it: `*[T](u)*` is emphasis, not a star."""
    rating: int
    """Stars after the title: `:star::star:`, `⭐⭐`."""


@dataclass(frozen=True, slots=True)
class _Title:
    title: str
    main: HeadLink | None
    before: str
    """Markdown set aside before the title (tags, a short name), shown first in the summary."""
    rest: str
    """The Markdown after the title."""
    plain: bool = False
    """The title is words of the head, not a link's text: trailing venues are set aside."""


def read_head(source: inline.Source, ctx: Context, asterisk: bool,
              line: int, col: int, *, require_link: bool = True) -> Head:
    """Title, URL, summary and the other links of an entry's head; `line:col` is where the
    head starts, for the finding about an entry without a link (none when `require_link` is
    off: a table row's link may be in another cell). `asterisk` says the entry's star was a
    `*`, which may instead open emphasis."""
    text = source.text
    links = links_of(ctx.md, text)
    found = _title(text, links)
    title, before, after = _clean(found.title, found.plain)
    if require_link and not any(link.kind != "anchor" and link.url for link in links):
        ctx.note(line, col, "no-link", f"entry without a link: {title!r}")
    rest = found.rest
    emphasis = asterisk and rest.startswith("*") and not rest.startswith("**")
    summary = " ".join(x for x in (found.before, before, after,
                                   SEPARATOR.sub("", rest[emphasis:], count=1)) if x.strip())
    related = [_link(source, link) for link in links if link is not found.main and link.url]
    main = _link(source, found.main) if found.main and found.main.url else None
    return Head(title, main, inline.collapse(summary), related, emphasis,
                len(_RATING.findall(rest)))


def _title(text: str, links: list[HeadLink]) -> _Title:
    """Where the title stands, after the tags that lead the head."""
    start = _after_tags(text, links)
    lead = text[start:]
    first = next((link for link in links if link.start >= start), None)
    tags = re.sub(rf"^[ \t]*{_HEADING_MARK}", "", text[:start]).strip()
    if first is not None and first.kind == "title" and not lead[: first.start - start].strip():
        return _Title(first.plain, first, tags, text[first.end:])
    if lead.lstrip()[:1] in ('"', "“") and (quoted := _QUOTED.match(lead)):
        # `"Title", *venue, date*. [[Paper](url)]`: the quotes hold the title.
        return _Title(quoted["q"], _main(links), tags, lead[quoted.end():])
    if lead.lstrip().startswith(("**", "__")) and (bold := _title_bold(text, start)):
        return _bold_title(text, bold, links, tags)
    named = _named_link(text, start, links)
    if named is not None:
        lead = _TRAILING.sub("", text[start: named.start]).strip()
        before = " ".join(x for x in (tags, lead) if x)
        return _Title(named.plain, named, before, text[named.end:])
    return _lead_title(text, start, links, tags)


def _after_tags(text: str, links: list[HeadLink]) -> int:
    """The offset where the title's part of the head starts: past leading tags and labels."""
    pos = 0
    while True:
        match = _LEADING_TAG.match(text, pos)
        label = next((link for link in links if link.kind in ("label", "badge")
                      and link.start >= pos and text[pos: link.start].strip() in ("", "[")),
                     None)
        if match and match.end() > pos:
            pos = match.end()
        elif label is not None and text[label.end:].strip():
            pos = label.end
            pos += len(text[pos:]) - len(text[pos:].lstrip(" \t]"))
        else:
            return pos


def _title_bold(text: str, start: int) -> re.Match[str] | None:
    """The bold span that names the paper: the first one that is not a citation number."""
    return next((m for m in _BOLD.finditer(text, start)
                 if not _CITATION.match(m["title"].strip())), None)


def _bold_title(text: str, bold: re.Match[str], links: list[HeadLink], tags: str) -> _Title:
    """`**Title**`, `**[Title](url)**`, or `**Name**: "Title"` (the quoted title)."""
    inside = [link for link in links if bold.start() <= link.start < bold.end()]
    named = next((link for link in inside if link.kind == "title"), None)
    others = [link for link in links if link not in inside]
    after = text[bold.end():]
    if quoted := _QUOTED.match(after):
        before = " ".join(x for x in (tags, text[: bold.end()].strip()) if x)
        return _Title(quoted["q"], named or _main(others), before, after[quoted.end():])
    words = named.plain if named else inline.link_text(
        [t for t in tokens_of(inline.shared_parser(), bold["title"]) if t.type != "image"])
    rest = _without(text, bold)
    return _Title(words, named or _main(others), tags, rest, plain=named is None)


def _named_link(text: str, start: int, links: list[HeadLink]) -> HeadLink | None:
    """A link that names the paper after a few words or a separator (`MM-22 [Title](url)`,
    `中文说明：[Title](url)`), before any label: the words before it are tags."""
    for link in links:
        if link.start < start:
            continue
        if link.kind != "title":
            return None
        lead = text[start: link.start]
        if "**" in lead or "`" in lead:
            return None
        words = lead.split()
        if len(words) <= _SHORT_LEAD_WORDS or _LEAD_SEPARATOR.search(lead):
            return link
        return None
    return None


def _lead_title(text: str, start: int, links: list[HeadLink], tags: str) -> _Title:
    """The words before the first link or code span: `Title [[arXiv](url)]`, `Title, IMWUT
    2021 ```C1M1``` [[pdf](url)]`; the first field of `2019 | Title | Authors | [PDF](url)`."""
    first = next((link for link in links if link.start >= start), None)
    end = first.start if first else len(text)
    if broken := _BROKEN_LABEL.search(text, start, end):
        end = broken.start()  # `Title [[9 Feb 2020]](Title words)`: no link, still a tag
    code = text.find("`", start, end)
    end = code if code >= 0 else end
    lead = text[start:end]
    fields = _PIPE.split(lead)
    if len(fields) > 1 and fields[0].strip():
        lead = fields[0]
    elif first is None and code < 0 and broken is None:
        return _plain_title(text, start, tags)
    cut = start + len(lead.rstrip(" \t[("))  # `Title [[arXiv](u)]`: the `[` stays with its `]`
    title = _TRAILING.sub("", lead)
    return _Title(inline.collapse(title), _main(links), tags, text[cut:], plain=True)


def _plain_title(text: str, start: int, tags: str) -> _Title:
    """An entry with no link: the title runs to the first `: ` that does not belong to it."""
    head, sep, tail = text[start:].partition(": ")
    belongs = sep and " " not in head.strip() and tail[:1].isupper()
    if not sep or belongs:
        return _Title(inline.collapse(text[start:]), None, tags, "", plain=True)
    return _Title(inline.collapse(head), None, tags, tail, plain=True)


def _main(links: list[HeadLink]) -> HeadLink | None:
    """The paper's link when the title is not a link: a label or badge naming the paper, else
    the first link that names something."""
    return paper_link(links) or next((k for k in links if k.kind == "title"), None)


def _without(text: str, bold: re.Match[str]) -> str:
    """The head without its title's bold span (and an emptied pair of quotes around it)."""
    before, after = text[: bold.start()], text[bold.end():]
    if not before.strip():
        return after
    return _QUOTES.sub("", before.rstrip() + " " + after.lstrip()).strip()


def _clean(title: str, plain: bool) -> tuple[str, str, str]:
    """A title without the tags it carries: a leading `[Tag]`, a trailing `(Org 2018)` or
    `(2019) - Authors`, and (for words of the head, not a link's text) `, arXiv 2019`. The
    tags come back, escaped, to be shown before the summary."""
    before = after = ""
    if tag := _TAG_FIRST.match(title):
        before, title = tag[0].strip(), title[tag.end():]
    if (year := _YEAR_LAST.search(title)) and year.start() > 0:
        after, title = title[year.start():].strip(), title[: year.start()]
    if plain and (venue := _VENUE_LAST.search(title)) and venue.start() > 0:
        after, title = (title[venue.start():].strip(" ,;") + " " + after).strip(), \
            title[: venue.start()]
    title = title.strip().rstrip(":：").strip()
    if plain and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # `- Title.` then its links: the period ends the sentence
    return title, _escape(before), _escape(after)


def _escape(text: str) -> str:
    """Words moved out of a link's text, as Markdown that shows them as written."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]") \
        .replace("*", "\\*").replace("_", "\\_")


def _link(source: inline.Source, link: HeadLink) -> Link:
    line, col = source.position(link.start)
    return Link(link.text or link.url, link.url, line, col)
