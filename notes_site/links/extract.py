"""Every link written in a notes file, with its 1-based line and column.

Pure: text in, links out. Inline links, autolinks and bare URLs come from the shared inline
parser (`notes_site.inline`); reference-style definitions (`[label]: url`) are found here,
because markdown-it resolves their usages but keeps no position for the definition itself.
Code spans, code blocks and math are skipped, as markdown-it skips them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, reference

from notes_site.inline import (
    collapse,
    found_in_markdown,
    inline_images,
    inline_links,
    markdown_parser,
)
from notes_site.model import Link, Notebook

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LABEL_END = re.compile(r"(?<!\\)\]:")

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def split_lines(text: str) -> list[str]:
    """Source lines as editors number them: a leading BOM dropped, CRLF and CR ends accepted."""
    return _LINE_BREAK.split(text.removeprefix("\ufeff"))


@dataclass(frozen=True, slots=True)
class Extracted:
    """What the link check reads from a notes text, from one parse of it."""

    links: tuple[Link, ...]
    """Every link, in source order, as `extract_links` gives them."""
    images: tuple[Link, ...]
    """Every Markdown image, in source order, as `extract_images` gives them."""


def extract(text: str) -> Extracted:
    """The links and the images of a notes text, from one markdown-it pass over it."""
    lines = split_lines(text)
    definitions: list[int] = []
    md = _checking_parser(definitions)
    finders = (inline_links, inline_images) if "![" in text else (inline_links,)
    found = found_in_markdown(md, lines, finders)
    source = "\n".join(lines)
    found[0].extend(_definition(md, source, start) for start in definitions)
    links = tuple(sorted(found[0], key=lambda link: (link.line, link.col)))
    return Extracted(links, tuple(found[1]) if len(found) > 1 else ())


def extract_links(text: str) -> tuple[Link, ...]:
    """Every link in a notes text, in source order: inline, autolink, bare URL, definition.

    A reference-style usage (`[text][label]`) is listed where it is used, and its definition
    (`[label]: url`) where the URL is written, with the label as its text.
    """
    return extract(text).links


def extract_images(text: str) -> tuple[Link, ...]:
    """Every Markdown image in a notes text (`![alt](src)`), in source order, with its alt
    text. Images are not requested by the link check; the lint looks at their schemes."""
    if "![" not in text:  # every image, inline or by reference, starts so: no parse needed
        return ()
    return extract(text).images


def _checking_parser(definitions: list[int]) -> MarkdownIt:
    """The shared inline parser, adjusted to report what a link checker needs to see."""
    md = markdown_parser()
    md.block.ruler.at("reference", _recording(definitions))
    return md


def _recording(definitions: list[int]) -> BlockRule:
    """markdown-it's `reference` block rule, keeping the offset where each definition starts."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not reference(state, start, end, silent):
            return False
        if not silent:
            definitions.append(state.bMarks[start] + state.tShift[start])
        return True

    return rule


@dataclass(frozen=True, slots=True)
class _Cursor:
    """A character offset in the joined source, as a 1-based line and column."""

    source: str

    def at(self, offset: int) -> tuple[int, int]:
        line_start = self.source.rfind("\n", 0, offset) + 1
        return self.source.count("\n", 0, offset) + 1, offset - line_start + 1


def _definition(md: MarkdownIt, source: str, start: int) -> Link:
    """The definition whose `[` is at `start`: its label, its URL and where the URL begins."""
    label_end = _LABEL_END.search(source, start)
    assert label_end is not None, "markdown-it accepted a definition without `]:`"
    pos = label_end.end()
    while pos < len(source) and source[pos] in " \t\n":
        pos += 1
    destination = md.helpers.parseLinkDestination(source, pos, len(source))
    url_at = pos + 1 if source.startswith("<", pos) else pos
    line, col = _Cursor(source).at(url_at)
    label = collapse(source[start + 1 : label_end.start()])
    return Link(label, md.normalizeLink(destination.str), line, col)


@dataclass(frozen=True, slots=True)
class NotedPaper:
    """An entry's own paper link: the title as noted and where the URL is written."""

    path: str
    title: str
    url: str
    line: int
    col: int


def noted_papers(path: str, notebook: Notebook | None, links: Sequence[Link]
                 ) -> tuple[NotedPaper, ...]:
    """The papers of a notebook that have a link, each placed at its link in `links`.

    An entry's link is the first link to its URL at or after the entry's marker; the marker
    itself is used if the link is not found.
    """
    if notebook is None:
        return ()
    where: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for link in links:
        where[link.url].append((link.line, link.col))
    for places in where.values():
        places.sort()
    found = []
    for paper in notebook.papers():
        if not paper.url:
            continue
        places = where.get(paper.url, [])
        index = bisect_left(places, (paper.line, paper.col))
        line, col = places[index] if index < len(places) else (paper.line, paper.col)
        found.append(NotedPaper(path, paper.title, paper.url, line, col))
    return tuple(found)
