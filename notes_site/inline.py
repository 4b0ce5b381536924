"""Inline Markdown with source positions, on top of markdown-it-py.

markdown-it-py gives block tokens a line range and inline tokens none. This module keeps,
for every link it parses, the offset where the link starts and ends in the inline source, and
maps offsets back to 1-based `line:col` in the notes file. It is the one place that does so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from notes_site.model import Link

_SPACE = re.compile(r"\s+")

#: Inline rules that produce a `link_open` token: the span they consumed is kept in its meta.
_LINK_RULES = {
    "link": rules_inline.link,
    "autolink": rules_inline.autolink,
    "linkify": rules_inline.linkify,
}


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) become one space; ends are stripped."""
    return _SPACE.sub(" ", text).strip()


def _keep_span(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    def rule_with_span(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            # A pending text token may be flushed first: the link opens at the first link_open.
            opened = next(t for t in state.tokens[count:] if t.type == "link_open")
            opened.meta["span"] = (start, state.pos)
        return True

    return rule_with_span


def markdown_parser() -> MarkdownIt:
    """A CommonMark parser with `$math$`, bare-URL linkify and link spans recorded."""
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])
    # The same rules arithmatex (generic) applies on the site: no space inside the dollars,
    # no digit after the closing one, so "$5 and $10" stays text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    for name, rule in _LINK_RULES.items():
        md.inline.ruler.at(name, _keep_span(rule))
    return md


@dataclass(frozen=True, slots=True)
class Source:
    """Inline text built from pieces of source lines, able to say where an offset came from."""

    text: str
    starts: tuple[tuple[int, int, int], ...]
    """(offset in text, 1-based line, 1-based col) where each piece begins."""

    @classmethod
    def of_lines(cls, pieces: Sequence[tuple[int, int, str]]) -> Source:
        """Join `(line, col, text)` pieces with newlines."""
        starts, offset = [], 0
        for line, col, text in pieces:
            starts.append((offset, line, col))
            offset += len(text) + 1
        return cls("\n".join(text for _, _, text in pieces), tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """The `(line, col)` of a character offset into `text`."""
        best = self.starts[0]
        for start in self.starts:
            if start[0] > offset:
                break
            best = start
        base, line, col = best
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
    url: str
    start: int
    end: int
    index: int
    """Index of the `link_open` token among the children."""


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
        yield InlineLink(link_text(children[i + 1 : j - 1]), url, start, end, i)


def links_in_source(md: MarkdownIt, source: Source) -> list[Link]:
    """Links in one paragraph of inline source, each with its line and column."""
    found = []
    for link in inline_links(md.parseInline(source.text)[0].children or []):
        line, col = source.position(link.start)
        found.append(Link(link.text or link.url, link.url, line, col))
    return found


def links_in_markdown(md: MarkdownIt, lines: Sequence[str], first_line: int = 1,
                      col_shift: int = 0) -> list[Link]:
    """Links in a run of block Markdown whose first line is `first_line` of the file.

    `col_shift` is how many characters were cut from the start of every line (a dedent).
    """
    found: list[Link] = []
    for tok in md.parse("\n".join(lines)):
        if tok.type != "inline" or not tok.map or not tok.children:
            continue
        source = _inline_source(tok, lines, first_line, col_shift)
        for link in inline_links(tok.children):
            line, col = source.position(link.start)
            found.append(Link(link.text or link.url, link.url, line, col))
    return found


def _inline_source(tok: Token, lines: Sequence[str], first_line: int, col_shift: int) -> Source:
    """Where each line of an inline token's content stands in the source lines."""
    assert tok.map is not None
    pieces = []
    for k, content in enumerate(tok.content.split("\n")):
        index = min(tok.map[0] + k, len(lines) - 1)
        col = max(lines[index].find(content), 0) if content else 0
        pieces.append((first_line + index, col + col_shift + 1, content))
    return Source.of_lines(pieces)
