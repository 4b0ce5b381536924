"""Notebooks → the site's pages as Markdown, and its navigation. No file system, no MkDocs.

Text that comes from a title (headings, tables, navigation) is escaped so that it shows as the
characters it is; summaries and bodies are the author's Markdown and pass through.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from notes_site.model import Block, Link, Notebook, Paper, Points, Remark, Section, Text, Topic
from notes_site.venues import paper_id, venue_of

HOME = "index.md"
PAPERS = "papers.md"
STAR = "★"

_MATH = re.compile(r"(?<![\\$])\$(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$(?!\d)")
# Backslash escapes for what Python-Markdown would read as markup. Brackets become entities
# and parentheses stay: arithmatex reads `\(…\)` and `\[…\]` as math.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}#+\-.!|])")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")

NavItem = dict[str, "str | list[NavItem]"]


@dataclass(frozen=True, slots=True)
class Site:
    """What the renderer gives: Markdown by page path, and the navigation in MkDocs' shape."""

    pages: dict[str, str]
    nav: list[NavItem]


def escape_text(text: str) -> str:
    """Markdown that shows `text` as it is; `$math$` spans are left for arithmatex."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(_escape_plain(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "&#91;").replace("]", "&#93;")


def safe_url(url: str) -> str | None:
    """The URL fit for a link target (http, https, mailto, or relative); None otherwise."""
    lowered = re.sub(r"[\x00-\x20]", "", url).lower()
    if ":" in lowered.split("/", 1)[0] and not lowered.startswith(_SAFE_SCHEMES):
        return None
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _front_matter(title: str, **extra: object) -> str:
    meta = {"title": title, **extra}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a paper is shown: its page path and anchor."""

    page: str
    anchor: str
    topic: Topic


def _folder(notebook: Notebook) -> str:
    return f"{notebook.slug}/" if notebook.slug else ""


def _index(notebooks: Sequence[Notebook]) -> dict[str, _Where]:
    """Every linked paper's place, keyed by its paper id or URL; the first entry wins."""
    places: dict[str, _Where] = {}
    for nb in notebooks:
        for topic in nb.topics:
            for paper in topic.all_papers():
                if paper.url:
                    where = _Where(f"{_folder(nb)}{topic.slug}.md", paper.anchor, topic)
                    places.setdefault(_key(paper.url), where)
    return places


def _key(url: str) -> str:
    ident = paper_id(url)
    return str(ident) if ident else url.rstrip("/")


def _rel(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


class _Renderer:
    """Renders pages of one site; holds the index of where each paper is shown."""

    def __init__(self, notebooks: Sequence[Notebook]) -> None:
        self.notebooks = notebooks
        self.places = _index(notebooks)

    def site(self) -> Site:
        pages: dict[str, str] = {}
        for nb in self.notebooks:
            pages.update(self.notebook_pages(nb))
        if len(self.notebooks) == 1 and not self.notebooks[0].slug:
            return Site(pages, self.notebook_nav(self.notebooks[0]))
        pages[HOME] = self.shelf()
        shelves: list[NavItem] = [{nb.title: self.notebook_nav(nb)} for nb in self.notebooks]
        return Site(pages, [{"Home": HOME}, *shelves])

    def notebook_nav(self, nb: Notebook) -> list[NavItem]:
        folder = _folder(nb)
        items: list[NavItem] = [{"Home" if not folder else "Overview": folder + HOME}]
        items += [{t.title: f"{folder}{t.slug}.md"} for t in nb.topics]
        items.append({"All papers": folder + PAPERS})
        return items

    def notebook_pages(self, nb: Notebook) -> dict[str, str]:
        folder = _folder(nb)
        pages = {folder + HOME: self.home(nb), folder + PAPERS: self.table(nb)}
        for topic in nb.topics:
            pages[f"{folder}{topic.slug}.md"] = self.topic(topic, f"{folder}{topic.slug}.md")
        return pages

    # --- pages ----------------------------------------------------------------------------

    def shelf(self) -> str:
        """The home page of a site with several notebooks."""
        lines = [_front_matter("Home"), "# Reading notes", ""]
        for nb in self.notebooks:
            count = len(nb.papers())
            lines.append(f"- [{escape_text(nb.title)}]({_folder(nb)}{HOME}): {count} papers")
        return "\n".join(lines) + "\n"

    def home(self, nb: Notebook) -> str:
        lines = [_front_matter(nb.title), f"# {escape_text(nb.title)}", ""]
        if nb.intro:
            lines += [nb.intro, ""]
        lines += ["## Topics", ""]
        for topic in nb.topics:
            papers = topic.all_papers()
            starred = sum(p.starred for p in papers)
            note = f", {starred} starred" if starred else ""
            lines.append(f"- [{escape_text(topic.title)}]({topic.slug}.md): "
                         f"{len(papers)} paper{'s' if len(papers) != 1 else ''}{note}")
        starred_papers = [(t, p) for t in nb.topics for p in t.all_papers() if p.starred]
        if starred_papers:
            lines += ["", "## Starred papers { data-search-exclude }", ""]
            for topic, paper in starred_papers:
                link = f"[{escape_text(paper.title)}]({topic.slug}.md#{paper.anchor})"
                lines.append(f"- {STAR} {link} · {escape_text(topic.title)}")
        lines += ["", f"[All papers]({PAPERS}) · {len(nb.papers())} papers in "
                  f"{len(nb.topics)} topics"]
        return "\n".join(lines) + "\n"

    def table(self, nb: Notebook) -> str:
        lines = [_front_matter("All papers", search={"exclude": True}), "# All papers", "",
                 "| Paper | Topic | Venue | Starred |", "| --- | --- | --- | :---: |"]
        for topic in nb.topics:
            for paper in topic.all_papers():
                title = escape_text(paper.title)
                lines.append(f"| [{title}]({topic.slug}.md#{paper.anchor}) "
                             f"| [{escape_text(topic.title)}]({topic.slug}.md) "
                             f"| {escape_text(paper.venue)} | {STAR if paper.starred else ''} |")
        return "\n".join(lines) + "\n"

    def topic(self, topic: Topic, page: str) -> str:
        lines = [_front_matter(topic.title), f"# {escape_text(topic.title)} {{ #{topic.slug} }}",
                 ""]
        if topic.intro:
            lines += [topic.intro, ""]
        lines += self.papers(topic.papers, page, level=2)
        for section in topic.sections:
            lines += self.section(section, page)
        return "\n".join(lines).rstrip("\n") + "\n"

    def section(self, section: Section, page: str) -> list[str]:
        lines = [f"## {escape_text(section.title)} {{ #{section.slug} }}", ""]
        if section.intro:
            lines += [section.intro, ""]
        return lines + self.papers(section.papers, page, level=3)

    def papers(self, papers: Iterable[Paper], page: str, level: int) -> list[str]:
        lines: list[str] = []
        for paper in papers:
            lines += self.paper(paper, page, level)
        return lines

    # --- one paper ------------------------------------------------------------------------

    def paper(self, paper: Paper, page: str, level: int) -> list[str]:
        lines = [f"{'#' * level} {escape_text(paper.title)} {{ #{paper.anchor} }}", "",
                 self.badges(paper), ""]
        if paper.summary:
            lines += [paper.summary, ""]
        for block in paper.body:
            lines += [_block(block), ""]
        if paper.related:
            lines += [self.related(paper.related, page), ""]
        return lines

    def badges(self, paper: Paper) -> str:
        parts = []
        if paper.starred:
            parts.append(f'<span class="ns-star" title="Starred: a paper that matters">'
                         f"{STAR} starred</span>")
        if paper.venue:
            parts.append(f'<span class="ns-venue">{escape_text(paper.venue)}</span>')
        url = safe_url(paper.url) if paper.url else None
        if url:
            parts.append(f"[paper ↗](<{url}>){{ .ns-link }}")
        elif paper.url:
            parts.append(f'<span class="ns-unsafe">not linked: `{paper.url}`</span>')
        return " ".join(parts) + "\n{ .ns-meta }" if parts else '<span class="ns-meta"></span>'

    def related(self, links: Sequence[Link], page: str) -> str:
        items = []
        for link in links:
            items.append(self.related_link(link, page))
        return "**Related:** " + " · ".join(items) + "\n{ .ns-related }"

    def related_link(self, link: Link, page: str) -> str:
        text = escape_text(link.text)
        url = safe_url(link.url)
        where = self.places.get(_key(link.url))
        if where:
            return f"[{text}]({_rel(page, where.page)}#{where.anchor}) (in these notes)"
        if url is None:
            return f"{text} (`{link.url}`, not linked)"
        venue = venue_of(link.url)
        return f"[{text}](<{url}>)" + (f" ({escape_text(venue)})" if venue else "")


def _block(block: Block) -> str:
    if isinstance(block, Points):
        return "\n".join(f"{i}. {item}" for i, item in enumerate(block.items, start=1))
    if isinstance(block, Remark):
        return '!!! note "Remark"\n\n    ' + block.markdown
    assert isinstance(block, Text)
    return block.markdown


def render(notebooks: Sequence[Notebook]) -> Site:
    """The site's pages and navigation for these notebooks, in their order."""
    return _Renderer(notebooks).site()
