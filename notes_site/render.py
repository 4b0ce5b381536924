"""Notebooks → the site's pages as Markdown, and its navigation. No file system, no MkDocs.

Text that comes from a title (headings, tables, navigation) is escaped so that it shows as the
characters it is; summaries and bodies are the author's Markdown, defused, and pass through.
The blocks the renderer writes itself (badges, the related line, the map's lines, the All papers
table) are HTML, in one form for the plugin and the export (`notes_site.own_html`), their text
made as the site's Markdown extensions show it (`notes_site.site_markdown`).
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import math
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from notes_site import inline
from notes_site.blocks import ENTRY, FENCE
from notes_site.charts import figure
from notes_site.defuse import defuse, escape_text
from notes_site.exports import bibtex_entry, newest, records
from notes_site.feed import FEED_FILE
from notes_site.held import placeholder
from notes_site.history import NO_DATES, Noted
from notes_site.inline import markdown_parser
from notes_site.lists import Nesting
from notes_site.metadata import NONE, Metadata
from notes_site.model import (
    Block,
    Link,
    Note,
    Notebook,
    Paper,
    Points,
    Remark,
    Section,
    Text,
    Topic,
)
from notes_site.overview import OVERVIEW, OVERVIEW_TITLE, charts
from notes_site.own_html import (
    Row,
    badge_line,
    href_to,
    link_to,
    map_line,
    papers_table,
    related_line,
)
from notes_site.pages import HOME, PAPERS, STAR, front_matter, nav_title, note_page, topic_page
from notes_site.pages import folder as _folder
from notes_site.paper_notes import linked_file
from notes_site.readers.grammar import is_label_text
from notes_site.reading_map import (
    MENTIONED,
    MENTIONED_TITLE,
    MUST_READ,
    MUST_READ_TITLE,
    TAGS,
    TAGS_TITLE,
    cite_block,
    data_links,
    has_must_read,
    map_lines,
    marks,
    mentioned_page,
    meta_blocks,
    must_read_page,
    tags_page,
    topic_tags,
)
from notes_site.references import Entry, references
from notes_site.site_markdown import MKDOCS_DEFAULT, InlineHtml, MarkdownOptions
from notes_site.targets import Locate, Targets, relative
from notes_site.url_schemes import is_local, safe_url
from notes_site.venues import venue_group, venue_of

RECENT = 10
"""Papers under "Recently noted" on a notebook's home page."""
#: Where assets/papers-table.js puts the All papers table's controls: nothing without it.
CONTROLS = '<div class="ns-papers-controls"></div>'

NavItem = dict[str, "str | list[NavItem]"]


@dataclass(frozen=True, slots=True)
class Site:
    """What the renderer gives: Markdown by page path, and the navigation in MkDocs' shape."""

    pages: dict[str, str]
    nav: list[NavItem]
    held: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """With `render(hold=nonce)`: by page, the HTML blocks its Markdown holds placeholders for
    (`notes_site.held`)."""
    sources: dict[str, str] = field(default_factory=dict)
    """By page of a paper's own notes, the notes file it shows (what its edit button opens)."""
    shelved: bool = False
    """Whether the navigation puts topics on shelves (`NAV_MOST`): a theme should then show
    only the open shelf's topics on each page (Material's `navigation.prune`)."""


#: The most topics one level of the navigation lists before they go on shelves of about the
#: square root of their number each. Material writes the whole navigation into every page:
#: 1,000 topics on one level made 1,000 pages of 1,000 links each, a build 44 times that of
#: plain notes of the same bytes (issue 21); on shelves, with only the open one written, a
#: page holds about 2 * sqrt(1,000) = 64 links.
NAV_MOST = 100


def shelve(entries: list[NavItem]) -> list[NavItem]:
    """`entries` as they are when there are at most `NAV_MOST`, else on shelves of
    ceil(sqrt(n)) in their order, each named after its first and last entry."""
    if len(entries) <= NAV_MOST:
        return entries
    size = math.isqrt(len(entries) - 1) + 1
    return [{f"{_shelf_end(part[0])} – {_shelf_end(part[-1])}": part}
            for part in (entries[i:i + size] for i in range(0, len(entries), size))]


def _shelf_end(entry: NavItem) -> str:
    title = html.unescape(next(iter(entry)))
    return nav_title(title if len(title) <= 24 else title[:23].rstrip() + "…")


_DEFUSED: dict[tuple[str, bool, str], str] = {}
"""Author text with no local link, defused (see `_Renderer.author`)."""
_DEFUSED_MAX = 1 << 16


class _Renderer:
    """Renders pages of one site; holds the index of where each paper is shown."""

    def __init__(self, notebooks: Sequence[Notebook], escape_html: bool,
                 locate: Locate | None, metadata: Metadata = NONE, tags: bool = False,
                 directory_urls: bool = True, hold: str = "", noted: Noted = NO_DATES,
                 repo_url: str = "", markdown: MarkdownOptions = MKDOCS_DEFAULT) -> None:
        self.notebooks = notebooks
        self.repo_url = repo_url
        self.note_pages = {p.notes.path: note_page(nb, t, p) for nb in notebooks
                           for t in nb.topics for p in t.all_papers() if p.notes}
        self.directory_urls = directory_urls
        self.refs = references(notebooks)
        self.metadata = metadata
        self.tags = tags
        found = records(notebooks, metadata)
        self.cites = {r.entry.place: bibtex_entry(r) for r in found}
        self.years = {r.entry.anchor: r.year for r in found if r.year}
        self.found = found
        self.noted = noted
        self.targets = Targets.of(notebooks, locate)
        self.md = markdown_parser()
        self.inline = InlineHtml(markdown)
        self.escape_html = escape_html
        self.hold = hold
        self.held: dict[str, list[str]] = {}
        self.shelved = False

    def raw(self, block: str, page: str) -> str:
        """One of the renderer's own HTML blocks on `page`: as it is, or, when holding blocks,
        a placeholder paragraph for it (`notes_site.held`)."""
        if not self.hold:
            return block
        blocks = self.held.setdefault(page, [])
        blocks.append(block)
        return placeholder(self.hold, len(blocks) - 1)

    def author(self, markdown: str, nb: Notebook, page: str, own: str | None = None) -> str:
        """The author's own Markdown, defused for `page`, its local links resolved, a link to
        another paper of the notes sent to its entry and one to a venue marked with it (`own`
        is the paper's own URL, when the text is a paper's). Text with no local link or link
        to an entry depends on nothing else, so it is remembered: the rebuilds of one
        `mkdocs serve` ask again for every paper's text."""
        key = (markdown, self.escape_html, own or "")
        if (known := _DEFUSED.get(key)) is not None:
            return known
        local = False

        def resolve(url: str) -> str | None:
            nonlocal local
            local = True
            return self.note_link(nb, url, page) or self.targets.resolve(nb, url, page)

        def follow(url: str, text: str) -> tuple[str | None, str] | None:
            nonlocal local
            if note := self.note_link(nb, url, page):
                local = True
                return note, "notes on this site"
            where = self.refs.entry_for(url)
            if where is not None and not (own and self.refs.key(own) == self.refs.key(url)):
                local = True
                return f"{relative(page, where.page)}#{where.anchor}", "in these notes"
            venue = venue_of(url)
            return (None, venue) if venue and not is_label_text(text) else None

        def resolve_html(url: str) -> str | None:
            found = resolve(url)
            return None if found is None else self.site_href(page, found)

        result = defuse(markdown, self.md, escape_html=self.escape_html, resolve=resolve,
                        follow=follow, resolve_html=resolve_html)
        if not local:
            if len(_DEFUSED) >= _DEFUSED_MAX:
                _DEFUSED.clear()
            _DEFUSED[key] = result
        return result

    def note_link(self, nb: Notebook, url: str, page: str) -> str | None:
        """A link from `page` to the page of the note that `url` (written in `nb`'s file)
        opens; None when it opens no note of the site."""
        if not self.note_pages:
            return None
        path = linked_file(url, nb.path, nb.folder, self.repo_url)
        target = self.note_pages.get(path) if path else None
        return relative(page, target) if target else None

    def site(self) -> Site:
        pages: dict[str, str] = {}
        for nb in self.notebooks:
            pages.update(self.notebook_pages(nb))
        mentioned: list[NavItem] = []
        if self.refs.unnoted:
            pages[MENTIONED] = mentioned_page(self.refs)
            mentioned.append({MENTIONED_TITLE: MENTIONED})
        if self.tags:
            pages[TAGS] = tags_page()
            mentioned.append({TAGS_TITLE: TAGS})
        if len(self.notebooks) == 1 and not self.notebooks[0].slug:
            nav = self.notebook_nav(self.notebooks[0]) + mentioned
        else:
            pages[HOME] = self.shelf()
            shelves: list[NavItem] = [{nav_title(nb.title): self.notebook_nav(nb)}
                                      for nb in self.notebooks]
            nav = [{"Home": HOME}, *shelves, *mentioned]
        return Site(pages, nav, {page: tuple(blocks) for page, blocks in self.held.items()},
                    {page: path for path, page in self.note_pages.items()}, self.shelved)

    def shelve(self, entries: list[NavItem]) -> list[NavItem]:
        shelves = shelve(entries)
        self.shelved |= shelves is not entries
        return shelves

    def notebook_nav(self, nb: Notebook) -> list[NavItem]:
        folder = _folder(nb)
        topics: list[NavItem] = []
        for group, members in itertools.groupby(nb.topics, key=lambda t: t.group):
            entries = [self.topic_nav(nb, t) for t in members]
            topics += [{nav_title(group): self.shelve(entries)}] if group else entries
        items: list[NavItem] = [{"Home" if not folder else "Overview": folder + HOME},
                                *self.shelve(topics)]
        items.append({"All papers": folder + PAPERS})
        items.append({OVERVIEW_TITLE: folder + OVERVIEW})
        if has_must_read([nb]):
            items.append({MUST_READ_TITLE: folder + MUST_READ})
        return items

    def topic_nav(self, nb: Notebook, topic: Topic) -> NavItem:
        """A topic's page; with the pages of its papers' notes under it when it has some."""
        page = topic_page(nb, topic)
        notes: list[NavItem] = [{nav_title(p.title): note_page(nb, topic, p)}
                                for p in topic.all_papers() if p.notes]
        title = nav_title(topic.title)
        return {title: [{title: page}, *notes] if notes else page}

    def notebook_pages(self, nb: Notebook) -> dict[str, str]:
        folder = _folder(nb)
        pages = {folder + HOME: self.home(nb), folder + PAPERS: self.table(nb),
                 folder + OVERVIEW: self.overview(nb)}
        if has_must_read([nb]):
            pages[folder + MUST_READ] = must_read_page(nb, folder)
        for topic in nb.topics:
            page = topic_page(nb, topic)
            pages[page] = self.topic(topic, page, nb)
            for paper in topic.all_papers():
                if paper.notes:
                    pages[note_page(nb, topic, paper)] = self.note(paper, paper.notes, topic, nb)
        return pages

    # --- pages ----------------------------------------------------------------------------

    def shelf(self) -> str:
        """The home page of a site with several notebooks."""
        lines = [front_matter("Home"), "# Reading notes", ""]
        for nb in self.notebooks:
            count = len(nb.papers())
            lines.append(f"- [{escape_text(nb.title)}]({_folder(nb)}{HOME}): "
                         f"{_count(count, 'paper')}")
        return "\n".join(lines) + "\n"

    def home(self, nb: Notebook) -> str:
        lines = [front_matter(nb.title), f"# {escape_text(nb.title)}", ""]
        shown = [(k, v) for k, v in nb.meta.items() if k != "title"]
        if shown:
            lines += ["  \n".join(f"**{escape_text(str(k))}:** {escape_text(_plain(v))}"
                                  for k, v in shown), ""]
        home = _folder(nb) + HOME
        if nb.intro:
            lines += [self.author(nb.intro, nb, home), ""]
        lines += ["## Topics", ""]
        group = ""
        for topic in nb.topics:
            if topic.group != group:
                group = topic.group
                lines += ["", f"### {escape_text(group)}", ""]
            papers = topic.all_papers()
            starred = sum(p.starred for p in papers)
            note = f", {starred} starred" if starred else ""
            target = relative(home, topic_page(nb, topic))
            lines.append(f"- [{escape_text(topic.title)}]({target}): "
                         f"{_count(len(papers), 'paper')}{note}")
        starred_papers = [(t, p) for t in nb.topics for p in t.all_papers() if p.starred]
        if starred_papers:
            lines += ["", "## Starred papers { data-search-exclude }", ""]
            for topic, paper in starred_papers:
                link = f"[{escape_text(paper.title)}]" \
                       f"({relative(home, topic_page(nb, topic))}#{paper.anchor})"
                lines.append(f"- {STAR} {link} · {escape_text(topic.title)}")
        if has_must_read([nb]):
            lines += ["", f"[{MUST_READ_TITLE}: the starred papers by topic]({MUST_READ})"
                      "{ .ns-must-read }"]
        lines += self.recent(nb)
        lines += ["", f"[All papers]({PAPERS}) · {_count(len(nb.papers()), 'paper')} in "
                  f"{_count(len(nb.topics), 'topic')} · [{OVERVIEW_TITLE}]({OVERVIEW}): by year, "
                  "venue and topic", "", data_links(_folder(nb) + HOME)]
        return "\n".join(lines) + "\n"

    def recent(self, nb: Notebook) -> list[str]:
        """The most recently noted papers of a notebook, with the day each was noted (from the
        notes' git history), and the feed of them; nothing without dates."""
        folder = _folder(nb)
        mine = [r for r in self.found if r.entry.page.startswith(folder)]
        dated = newest(mine, self.noted, RECENT)
        if not dated:
            return []
        lines = ["", "## Recently noted { data-search-exclude }", ""]
        for record, when in dated:
            entry = record.entry
            link = f"[{escape_text(entry.title)}]({relative(folder + HOME, entry.page)}" \
                   f"#{entry.anchor})"
            lines.append(f"- {when.date().isoformat()} · {link} · {escape_text(entry.topic)}")
        feed = relative(folder + HOME, FEED_FILE)
        return [*lines, "", f"The newest papers as a feed: [{FEED_FILE}]({feed})"
                "\n{ .ns-data data-search-exclude }"]

    def table(self, nb: Notebook) -> str:
        """The All papers page: a table of every paper that assets/papers-table.js sorts and
        filters in place (its controls go where the empty `ns-papers-controls` block is)."""
        page = _folder(nb) + PAPERS
        head = [front_matter("All papers", search={"exclude": True}), "# All papers", "",
                self.raw(CONTROLS, page), ""]
        return "\n".join([*head, self.raw(papers_table(self.table_rows(nb)), page)]) + "\n"

    def cells(self, paper: Paper) -> tuple[str, str, str, str, str]:
        """A paper's venue (grouped: `arXiv`, not its id), year, stars, date noted and authors
        as the table shows them."""
        year = self.years.get(paper.anchor)
        key = self.refs.key(paper.url) if paper.url else ""
        meta = self.metadata.get(key) if key else None
        noted = self.noted.get(key) if key else None
        return (self.venue(paper), str(year.year) if year else "", marks(paper),
                noted.date().isoformat() if noted else "", ", ".join(meta.authors) if meta else "")

    def venue(self, paper: Paper) -> str:
        """Where a paper appeared, to group papers by: the metadata's venue, else the paper's,
        without an arXiv id (`venue_group`)."""
        meta = self.metadata.get(self.refs.key(paper.url)) if paper.url else None
        return venue_group((meta.venue if meta else "") or paper.venue)

    def overview(self, nb: Notebook) -> str:
        """The page of charts: papers by year, venue and topic, the starred share per topic."""
        page = _folder(nb) + OVERVIEW
        lines = [front_matter(OVERVIEW_TITLE), f"# {OVERVIEW_TITLE}", "",
                 f"{_count(len(nb.papers()), 'paper')} in {_count(len(nb.topics), 'topic')}, "
                 f"counted. Each chart's numbers are in the table beside it; the years are "
                 f"read as the [All papers]({PAPERS}) table shows them.", ""]
        for chart in charts(nb, self.years, self.venue):
            lines += [self.raw(figure(chart), page), ""]
        return "\n".join(lines)

    def table_rows(self, nb: Notebook) -> list[Row]:
        """The All papers table's rows."""
        page = _folder(nb) + PAPERS
        rows = []
        for topic in nb.topics:
            target = topic_page(nb, topic)
            # The topic as text: each paper's link already opens its topic's page.
            shown = self.inline.text(topic.title)
            for paper in topic.all_papers():
                venue, year, stars, noted, authors = self.cells(paper)
                href = link_to(page, target, paper.anchor, self.directory_urls)
                rows.append(Row(self.inline.link(paper.title, href), shown,
                                self.inline.text(venue), stars, year, noted,
                                self.inline.text(authors)))
        return rows

    def topic(self, topic: Topic, page: str, nb: Notebook) -> str:
        tags = ([nav_title(t) for t in topic_tags(topic, self.metadata, self.years)]
                if self.tags else None)
        lines = [front_matter(topic.title, **({"tags": tags} if tags else {})),
                 f"# {escape_text(topic.title)} {{ #{topic.slug} }}", ""]
        if topic.intro:
            lines += [self.author(topic.intro, nb, page), ""]
        lines += self.papers(topic.papers, page, 2, nb)
        for section in topic.sections:
            lines += self.section(section, page, nb)
        return "\n".join(lines).rstrip("\n") + "\n"

    def section(self, section: Section, page: str, nb: Notebook) -> list[str]:
        level = min(1 + section.depth, _DEEPEST - 1)  # a `####` under a `###` stays under it
        lines = [f"{'#' * level} {escape_text(section.title)} {{ #{section.slug} }}", ""]
        if section.intro:
            lines += [self.author(section.intro, nb, page), ""]
        return lines + self.papers(section.papers, page, level + 1, nb)

    def papers(self, papers: Iterable[Paper], page: str, level: int, nb: Notebook
               ) -> list[str]:
        lines: list[str] = []
        for paper in papers:
            lines += self.paper(paper, page, level, nb)
        return lines

    # --- one paper ------------------------------------------------------------------------

    def paper(self, paper: Paper, page: str, level: int, nb: Notebook) -> list[str]:
        lines = [f"{'#' * level} {escape_text(paper.title)} {{ #{paper.anchor} }}", ""]
        if badges := self.badges(paper, page, nb):
            lines += [badges, ""]
        lines += meta_blocks(self.metadata.get(self.refs.key(paper.url)) if paper.url else None)
        lines += [self.raw(cite_block(self.cites[page, paper.anchor]), page), ""]
        if paper.summary:
            lines += [self.author(paper.summary, nb, page, paper.url), ""]
        for block in paper.body:
            lines += [self.author(_block(block), nb, page, paper.url), ""]
        # Each link once: the summary and body show theirs (a link to an entry of the notes
        # marked there); Related lists only the links no text of the paper shows.
        shown = "\n".join([paper.summary, *(_block(block) for block in paper.body)])
        if unshown := [link for link in paper.related if link.url not in shown]:
            lines += [self.related(unshown, page, nb), ""]
        if paper.notes:
            target = relative(page, self.note_pages[paper.notes.path])
            lines += [f"[notes →]({target}){{ .ns-notes-link }}", ""]
        return lines + self.map_blocks(page, self.refs.at[page, paper.anchor])

    def note(self, paper: Paper, note: Note, topic: Topic, nb: Notebook) -> str:
        """A paper's own page: its heading, badges and cite, the index entry's words, then
        the whole note, the map's lines and a link back to its topic."""
        page = note_page(nb, topic, paper)
        home = topic_page(nb, topic)
        written = dataclasses.replace(nb, path=note.path)
        lines = [front_matter(paper.title), f"# {escape_text(paper.title)} {{ #{paper.anchor} }}",
                 ""]
        if badges := self.badges(paper, page, nb):
            lines += [badges, ""]
        lines += [self.raw(cite_block(self.cites[home, paper.anchor]), page), ""]
        if note.title and inline.collapse(note.title) != paper.title:
            lines += [f"*The notes' title:* {self.author(note.title, written, page)}", ""]
        if note.facts:
            lines += ["  \n".join(f"**{escape_text(key)}:** {escape_text(value)}"
                                   for key, value in note.facts), ""]
        for text in (paper.summary, *(_block(block) for block in paper.body)):
            if text:
                lines += [self.author(text, nb, page, paper.url), ""]
        if note.markdown:
            shown = widen_tables(nest_lists(note.markdown))
            lines += [self.author(shown, written, page, paper.url), ""]
        lines += self.map_blocks(page, self.refs.at[home, paper.anchor])
        lines += [f"[← {escape_text(topic.title)}]({relative(page, home)}){{ .ns-topic-link }}"]
        return "\n".join(lines).rstrip("\n") + "\n"

    def map_blocks(self, page: str, entry: Entry) -> list[str]:
        """The map's lines under a paper: where else it is listed, which entries mention it."""
        out: list[str] = []
        for css, label, links in map_lines(self.refs, entry):
            items = [self.entry_link(text, page, e) for text, e in links]
            out += [self.raw(map_line(css, label, items), page), ""]
        return out

    def entry_link(self, text: str, page: str, entry: Entry) -> str:
        """A link from `page` to an entry of the notes, showing `text`."""
        return self.inline.link(text, link_to(page, entry.page, entry.anchor,
                                              self.directory_urls))

    def badges(self, paper: Paper, page: str, nb: Notebook) -> str:
        """The line of badges over a paper: its star, its venue, its link (or why it has none).
        """
        parts = []
        if paper.starred:
            parts.append(f'<span class="ns-star" title="Starred: a paper that matters">{STAR} '
                         "starred</span>")
        if paper.venue:
            parts.append(f'<span class="ns-venue">{self.inline.text(paper.venue)}</span>')
        if paper.url:
            url = self.target(paper.url, page, nb)
            parts.append(self.inline.link("paper ↗", url, "ns-link") if url else
                         f"not linked: {self.inline.code(paper.url)}")
        return self.raw(badge_line(parts), page) if parts else ""

    def target(self, url: str, page: str, nb: Notebook) -> str | None:
        """Where a link of the notes goes from `page`'s HTML: a safe URL, or where the site
        serves what a local one names; None when it may not be followed or is not found."""
        safe = safe_url(url)
        if safe is None or not is_local(url):
            return safe
        resolved = self.targets.resolve(nb, url, page)
        safe = safe_url(resolved) if resolved is not None else None
        return self.site_href(page, safe) if safe is not None else None

    def site_href(self, page: str, found: str) -> str:
        """A link `found` relative to `page` (to a page or a file of the site) as the `href`
        MkDocs would write of it in `page`'s HTML; a link with a scheme as it is."""
        if not is_local(found):
            return found
        path, _, anchor = found.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return href_to(page, f"{target}#{anchor}" if anchor else target, self.directory_urls)

    def related(self, links: Sequence[Link], page: str, nb: Notebook) -> str:
        """The related links no text of the paper shows, as one line."""
        return self.raw(related_line([self.related_link(link, page, nb) for link in links]),
                        page)

    def related_link(self, link: Link, page: str, nb: Notebook) -> str:
        """A related link: to the paper's entry when the notes have one, else to its URL with
        its venue, or as text when it may not be followed."""
        where = self.refs.entry_for(link.url)
        if where:
            return self.entry_link(link.text, page, where) + " (in these notes)"
        url = self.target(link.url, page, nb)
        if url is None:
            why = "not in this site" if is_local(link.url) else "not linked"
            return f"{self.inline.text(link.text)} ({self.inline.code(link.url)}, {why})"
        venue = venue_of(link.url)
        return self.inline.link(link.text, url) + (f" ({self.inline.text(venue)})" if venue
                                                   else "")


_DEEPEST = 6


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _plain(value: object) -> str:
    """A front matter value as one line of text."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def nest_lists(markdown: str) -> str:
    """Lists re-indented by 4 spaces a level (`notes_site.lists`), as Python-Markdown needs to
    see the nesting that 2-space or tab indents meant; a list right after a paragraph line gets
    its blank line."""
    out: list[str] = []
    nesting = Nesting()
    fence = ""
    for line in markdown.split("\n"):
        opened = FENCE.match(line)
        if fence and opened and opened[1].startswith(fence):
            fence = ""
        elif not fence and opened:
            fence = opened[1]
        elif not fence:
            nested = nesting.line(line)
            if nesting.item_level == 0 and out and out[-1].strip() and not ENTRY.match(out[-1]):
                out.append("")
            out.append(nested)
            continue
        out.append(line)
    return "\n".join(out)


_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_BAR = re.compile(r"(?<!\\)\|")


def _cells(row: str) -> int:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return len(_CELL_BAR.split(inner))


def widen_tables(markdown: str) -> str:
    """Tables whose rows have more cells than their header, given as many header columns:
    GitHub and Python-Markdown drop a row's excess cells, and with them the author's words."""
    lines = markdown.split("\n")
    fence = ""
    for at, line in enumerate(lines):
        opened = FENCE.match(line)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        elif not fence and at and "|" in lines[at - 1] and _DELIMITER_ROW.match(line) \
                and "|" in line:
            _widen(lines, at)
    return "\n".join(lines)


def _widen(lines: list[str], delimiter: int) -> None:
    """Pads the header and delimiter rows at `delimiter - 1` and `delimiter` to the widest
    row of the table below them."""
    end = delimiter + 1
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        end += 1
    extra = max((_cells(row) for row in lines[delimiter + 1 : end]), default=0) \
        - _cells(lines[delimiter - 1])
    if extra > 0:
        for at, cell in ((delimiter - 1, "   |"), (delimiter, " --- |")):
            row = lines[at].rstrip()
            lines[at] = (row if row.endswith("|") else row + " |") + cell * extra


def _block(block: Block) -> str:
    if isinstance(block, Points):
        return "\n".join(f"{i}. {item}" for i, item in enumerate(block.items, start=1))
    if isinstance(block, Remark):
        return '!!! note "Remark"\n\n    ' + block.markdown
    assert isinstance(block, Text)
    return nest_lists(block.markdown)


def render(notebooks: Sequence[Notebook], *, escape_html: bool = False,
           locate: Locate | None = None, metadata: Metadata = NONE, tags: bool = False,
           directory_urls: bool = True, hold: str = "", noted: Noted = NO_DATES,
           repo_url: str = "", markdown: MarkdownOptions = MKDOCS_DEFAULT) -> Site:
    """The site's pages and navigation for these notebooks, in their order.

    `escape_html` shows raw HTML written in the notes as text. `locate` says where a file that
    the notes link to by a relative path is in the site (see `notes_site.targets`); without it
    such links are shown as text. `metadata` (by paper key) adds what the paper APIs said
    about each paper; `tags` tags each topic page with its topic, venues and years and adds a
    tags index, for Material's tags plugin. `directory_urls` is MkDocs' `use_directory_urls`:
    the links the renderer writes as HTML point where MkDocs would point them. `markdown` is
    the site's Python-Markdown extensions: the text of the renderer's own HTML blocks shows
    as they show it (`notes_site.site_markdown`); by default MkDocs' built-in ones. `hold`, a nonce
    (`notes_site.held`), writes the renderer's own HTML blocks as placeholders and gives
    them in `Site.held`; without it they are in the Markdown. `noted` (by paper key) is the
    date each paper first appeared in the notes (`notes_site.history`). `repo_url` is the
    repository whose `blob/` addresses name a notes folder's own files (`paper_notes`).
    """
    return _Renderer(notebooks, escape_html, locate, metadata, tags, directory_urls,
                     hold, noted, repo_url, markdown).site()
