"""Inline Markdown with source positions, on top of markdown-it-py.

markdown-it-py gives block tokens a line range and inline tokens none. This module keeps,
for every link it parses, the offset where the link starts and ends in the inline source, and
maps offsets back to 1-based `line:col` in the notes file. It is the one place that does so.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt, rules_inline
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar

from notes_site.model import Link

_SPACE = re.compile(r"\s+")

#: The same math rules arithmatex (generic) applies on the site: no space inside the dollars,
#: no digit after the closing one, so "$5 and $10" stays text.
_MATH = {"allow_space": False, "allow_digits": False}
#: Inline rules whose token keeps, in `meta["span"]`, the source span the rule consumed.
_SPAN_RULES = {
    "link": (rules_inline.link, ("link_open",)),
    "autolink": (rules_inline.autolink, ("link_open",)),
    "linkify": (rules_inline.linkify, ("link_open",)),
    "html_inline": (rules_inline.html_inline, ("html_inline",)),
    "image": (rules_inline.image, ("image",)),
    "backticks": (rules_inline.backtick, ("code_inline",)),
    "math_inline": (math_inline_dollar(**_MATH, allow_double=True),
                    ("math_inline", "math_inline_double")),
}


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) become one space; ends are stripped."""
    return _SPACE.sub(" ", text).strip()


def _keep_span(rule: Callable[[StateInline, bool], bool],
               kinds: tuple[str, ...]) -> Callable[[StateInline, bool], bool]:
    def rule_with_span(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            # A pending text token may be flushed first: the span goes to the rule's own token.
            # A lone backtick is consumed as text, with no token of its own.
            opened = next((t for t in state.tokens[count:] if t.type in kinds), None)
            if opened is None:
                return True
            opened.meta["span"] = (start, state.pos)
            if state.src[start] == "[":
                opened.meta["label"] = _label(state, start)
        return True

    return rule_with_span


def _label(state: StateInline, start: int) -> str:
    """The source text between a link's brackets, as written."""
    end, pos = parseLinkLabel(state, start), state.pos
    state.pos = pos
    return state.src[start + 1 : end] if end >= 0 else ""


def _linkify_spans(state: StateCore) -> None:
    """Spans for links that linkify made: the inline rule starts at the scheme's `:` and the
    core rule (for `github.com` or `a@b.co`) records nothing, so both are found from the text."""
    for block in state.tokens:
        children, cursor = block.children or [], 0
        for i, tok in enumerate(children):
            if tok.type != "link_open":
                continue
            if tok.markup == "linkify" and i + 1 < len(children):
                shown = children[i + 1].content
                end = tok.meta["span"][1] if "span" in tok.meta else None
                start = end - len(shown) if end is not None else block.content.find(shown, cursor)
                tok.meta["span"] = (start, start + len(shown))
            cursor = tok.meta.get("span", (cursor, cursor))[1]


def markdown_parser() -> MarkdownIt:
    """A CommonMark parser with `$math$`, bare-URL linkify and link spans recorded.

    Every link target is accepted (markdown-it drops `javascript:` links by default): the notes
    must see them to report them and to keep them from becoming clickable on the site.
    """
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # Keep URLs as written (no percent-encoding, no punycode): what the notes say is what is
    # shown, checked and reported.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    md.use(dollarmath_plugin, **_MATH, double_inline=True)
    # Bare URLs with a scheme, and bare e-mail addresses (GitHub and the site's magiclink link
    # both): fuzzy links made `model.py` a link to http://model.py.
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True, "fuzzy_ip": False})
    for name, (rule, kinds) in _SPAN_RULES.items():
        md.inline.ruler.at(name, _keep_span(rule, kinds))
    md.core.ruler.after("linkify", "linkify_spans", _linkify_spans)
    PARSERS.add(md)
    return md


PARSERS: weakref.WeakSet[MarkdownIt] = weakref.WeakSet()
"""The parsers `markdown_parser` made: they all read a text alike."""


@dataclass(frozen=True, slots=True)
class Source:
    """Inline text built from pieces of source lines, able to say where an offset came from."""

    text: str
    starts: tuple[tuple[int, int, int], ...]
    """(offset in text, 1-based line, 1-based col) where each piece begins."""
    offsets: tuple[int, ...] = ()
    """The first members of `starts`, for bisection."""

    @classmethod
    def of_lines(cls, pieces: Sequence[tuple[int, int, str]]) -> Source:
        """Join `(line, col, text)` pieces with newlines."""
        starts, offset = [], 0
        for line, col, text in pieces:
            starts.append((offset, line, col))
            offset += len(text) + 1
        text = "\n".join(text for _, _, text in pieces)
        return cls(text, tuple(starts), tuple(start[0] for start in starts))

    def position(self, offset: int) -> tuple[int, int]:
        """The `(line, col)` of a character offset into `text`."""
        index = max(bisect.bisect_right(self.offsets, offset) - 1, 0)
        base, line, col = self.starts[index]
        return line, col + offset - base


def link_text(children: Sequence[Token]) -> str:
    """Plain text of inline tokens, `$math$` kept as written, whitespace collapsed."""
    parts: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline", "html_inline"):
            parts.append(tok.content)
        elif tok.type == "math_inline":
            parts.append(f"${tok.content}$")
        elif tok.type == "math_inline_double":
            parts.append(f"$${tok.content}$$")
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return collapse("".join(parts))


@dataclass(frozen=True, slots=True)
class InlineLink:
    """A link found in inline source: its text, URL, span in the source and its tokens."""

    text: str
    """The link's text as written between its brackets (markup kept), whitespace collapsed;
    the URL for autolinks and bare URLs."""
    url: str
    start: int
    end: int
    index: int
    """Index of the `link_open` token among the children."""
    close: int = 0
    """Index of its `link_close` token (for a link; an image has none)."""


def inline_images(children: Sequence[Token]) -> Iterator[InlineLink]:
    """Every image among inline children, in source order; its text is the alt text."""
    for i, tok in enumerate(children):
        if tok.type == "image":
            start, end = tok.meta.get("span", (0, 0))
            url = str(tok.attrs.get("src", ""))
            yield InlineLink(collapse(tok.content) or url, url, start, end, i)


def inline_links(children: Sequence[Token]) -> Iterator[InlineLink]:
    """Every link among inline children (nested in emphasis too), in source order."""
    for i, tok in enumerate(children):
        if tok.type != "link_open":
            continue
        depth, j = 1, i + 1
        while j < len(children) and depth:
            depth += {"link_open": 1, "link_close": -1}.get(children[j].type, 0)
            j += 1
        start, end = tok.meta.get("span", (0, 0))
        url = str(tok.attrs.get("href", ""))
        label = tok.meta.get("label")
        text = collapse(label) if label is not None else link_text(children[i + 1 : j - 1])
        yield InlineLink(text or url, url, start, end, i, j - 1)


def might_link(text: str) -> bool:
    """Whether markdown-it could find a link in `text`: inline links need `[`, autolinks and
    HTML need `<`, bare URLs need `://` or `mailto:`, bare e-mail addresses `@`."""
    return "[" in text or "<" in text or "://" in text or "@" in text \
        or "mailto:" in text.lower()


@functools.cache
def shared_parser() -> MarkdownIt:
    """One parser for pure readings remembered by text: every parser `markdown_parser` makes
    reads a text alike."""
    return markdown_parser()


Finder = Callable[[Sequence[Token]], Iterator[InlineLink]]
"""Picks links (or images) from a paragraph's inline tokens: `inline_links`, `inline_images`."""


def links_in_markdown(md: MarkdownIt, lines: Sequence[str], first_line: int = 1,
                      shifts: Sequence[int] = (), *, find: Finder = inline_links) -> list[Link]:
    """Links in a run of block Markdown whose first line is `first_line` of the file.

    `shifts` says, line by line, how many characters were cut from the line's start (a
    dedent); none by default. `find` picks them from a paragraph's tokens: `inline_images`
    gives the images instead.
    """
    return found_in_markdown(md, lines, (find,), first_line, shifts)[0]


def found_in_markdown(md: MarkdownIt, lines: Sequence[str], finders: Sequence[Finder],
                      first_line: int = 1, shifts: Sequence[int] = ()) -> list[list[Link]]:
    """What each of `finders` picks from a run of block Markdown, from one parse of it: one
    list per finder, each in source order (see `links_in_markdown`)."""
    found: list[list[Link]] = [[] for _ in finders]
    text = "\n".join(lines)
    if not might_link(text):
        return found
    anchors = found[finders.index(inline_links)] if inline_links in finders else None
    for tok in md.parse(text):
        if tok.type == "html_block" and tok.map and anchors is not None:
            for href, row, col in html_anchors(tok.content):
                index = tok.map[0] + row
                shift = shifts[index] if shifts else 0
                anchors.append(Link(href, href, first_line + index, col + shift + 1))
        if tok.type != "inline" or not tok.map or not tok.children:
            continue
        source = inline_source(tok, lines, first_line, shifts)
        for into, find in zip(found, finders, strict=True):
            for link in find(tok.children):
                line, col = source.position(link.start)
                into.append(Link(link.text or link.url, link.url, line, col))
        if anchors is not None:
            anchors += _inline_anchors(tok.children, source)
    for into in found:
        into.sort(key=lambda link: (link.line, link.col))
    return found


class _Anchors(HTMLParser):
    """The `href` of each `<a>` tag of raw HTML, with where its tag starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            line, col = self.getpos()
            self.found.append((href, line - 1, col))


def html_anchors(html: str) -> list[tuple[str, int, int]]:
    """`(href, row, col)` of each `<a href>` in raw HTML, rows and columns from 0: the links a
    page shows of HTML written in the notes, read with the standard library's parser."""
    if "<a" not in html.lower():
        return []
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.found


def _inline_anchors(children: Sequence[Token], source: Source) -> list[Link]:
    """Links written as inline HTML tags (`[<a href="u">paper</a>]`), placed at their tag."""
    out = []
    for tok in children:
        if tok.type == "html_inline" and "span" in tok.meta:
            for href, _, col in html_anchors(tok.content):
                line, at = source.position(tok.meta["span"][0] + col)
                out.append(Link(href, href, line, at))
    return out


def inline_source(tok: Token, lines: Sequence[str], first_line: int = 1,
                  shifts: Sequence[int] = ()) -> Source:
    """Where each line of an inline token's content stands in the source lines."""
    assert tok.map is not None
    # markdown-it-py strips a paragraph with `str.strip`, which takes other white space too
    # (a vertical tab, U+00A0, U+3000): the content may begin on a later line of the token.
    first = tok.content.split("\n", 1)[0].lstrip(" ")
    start = next((i for i in range(tok.map[0], min(tok.map[1], len(lines)))
                  if first in lines[i].replace("\0", "\ufffd")), tok.map[0])
    pieces = []
    for k, content in enumerate(tok.content.split("\n")):
        index = min(start + k, len(lines) - 1)
        # markdown-it may have turned a leading tab into spaces: find the text after them.
        text = content.lstrip(" ")
        col = max(lines[index].find(text), 0) - (len(content) - len(text)) if text else 0
        shift = shifts[index] if shifts else 0
        pieces.append((first_line + index, col + shift + 1, content))
    return Source.of_lines(pieces)
