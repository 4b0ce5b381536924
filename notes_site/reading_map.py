"""The map of the reading: what the lines under a paper say ("Also listed in", "Referenced
from"; `map_lines`, which the renderer writes as HTML with `notes_site.own_html`) and the map's
own pages as Markdown ("Mentioned, not yet noted", "Must read").

Called by `notes_site.render`; like it, no file system and no MkDocs. Titles are escaped with
`escape_text`, URLs pass `safe_url`, as everywhere else on the site.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from notes_site.defuse import code, escape_text
from notes_site.exports import BIBTEX_FILE, JSON_FILE
from notes_site.identity import paper_key
from notes_site.metadata import Metadata, PaperMeta
from notes_site.model import Notebook, Paper, Topic
from notes_site.pages import STAR, front_matter, topic_page
from notes_site.references import Entry, References, Unnoted
from notes_site.slugs import Slugs
from notes_site.targets import relative
from notes_site.url_schemes import safe_url
from notes_site.venues import venue_group, venue_of
from notes_site.years import Year

MENTIONED = "mentioned-not-yet-noted.md"
MENTIONED_TITLE = "Mentioned, not yet noted"
MUST_READ = "starred-papers.md"
MUST_READ_TITLE = "Must read"
TAGS = "tags.md"
TAGS_TITLE = "Tags"


def entry_link(page: str, entry: Entry) -> str:
    """A link written on `page` to an entry's anchor, with the entry's title as text."""
    return f"[{escape_text(entry.title)}]({relative(page, entry.page)}#{entry.anchor})"


def _place(here: Entry, entry: Entry) -> str:
    """Another listing of the same paper, named by its topic (and its notebook when that is
    another one)."""
    return entry.topic if entry.notebook == here.notebook else f"{entry.notebook} › {entry.topic}"


#: One line of the map under a paper: its class, its label, and its links as (text, entry).
MapLine = tuple[str, str, list[tuple[str, Entry]]]


def map_lines(refs: References, entry: Entry) -> list[MapLine]:
    """The map's lines under a paper: where else it is listed, which entries mention it."""
    lines: list[MapLine] = []
    if also := refs.also_listed(entry):
        lines.append(("ns-also", "Also listed in", [(_place(entry, e), e) for e in also]))
    if sources := refs.referenced_from(entry):
        lines.append(("ns-backlinks", "Referenced from", [(e.title, e) for e in sources]))
    return lines


def mentioned_page(refs: References, page: str = MENTIONED) -> str:
    """The page of papers several entries mention and none notes, with where each is mentioned.
    """
    lines = [front_matter(MENTIONED_TITLE), f"# {MENTIONED_TITLE}", "",
             "Papers that more than one entry mentions among its related links, and that no "
             "entry notes yet.", ""]
    slugs = Slugs()
    for paper in refs.unnoted:
        lines += _unnoted(paper, page, slugs.unique(paper.text))
    return "\n".join(lines).rstrip("\n") + "\n"


def _unnoted(paper: Unnoted, page: str, anchor: str) -> list[str]:
    url = safe_url(paper.url)
    target = f"[paper ↗](<{url}>)" if url else f"not linked: {code(paper.url)}"
    venue = venue_of(paper.url)
    count = len({m.source.place for m in paper.mentions})
    lines = [f"## {escape_text(paper.text)} {{ #{anchor} .ns-unnoted }}", "",
             f"{target}" + (f" · {escape_text(venue)}" if venue else "")
             + f" · mentioned by {count} entries", "", "Mentioned in:", ""]
    for mention in paper.mentions:
        lines.append(f"- {entry_link(page, mention.source)} "
                     f"({escape_text(mention.source.topic)}), "
                     f"as “{escape_text(mention.link.text)}”")
    return [*lines, ""]


def must_read(nb: Notebook) -> list[Paper]:
    """A notebook's must-read papers in source order: the starred ones, and those rated
    highest when the notes rate papers (`⭐⭐⭐` after a title)."""
    top = max((p.rating for p in nb.papers()), default=0)
    return [p for p in nb.papers() if p.starred or (top and p.rating == top)]


def must_read_page(nb: Notebook, folder: str) -> str:
    """A notebook's must-read papers, grouped by topic, each linked to its entry."""
    page = f"{folder}{MUST_READ}"
    chosen = {id(p) for p in must_read(nb)}
    # Out of the search index, like All papers: each title is found on its topic's page.
    rated = ", and those rated highest" if any(p.rating for p in nb.papers()) else ""
    lines = [front_matter(MUST_READ_TITLE, search={"exclude": True}), f"# {MUST_READ_TITLE}", "",
             f"The papers starred in *{escape_text(nb.title)}*{rated}, by topic.", ""]
    for topic in nb.topics:
        papers = [p for p in topic.all_papers() if id(p) in chosen]
        if not papers:
            continue
        target = relative(page, topic_page(nb, topic))
        lines += [f"## [{escape_text(topic.title)}]({target})", ""]
        lines += [f"- {marks(p)} [{escape_text(p.title)}]({target}#{p.anchor})" for p in papers]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def marks(paper: Paper) -> str:
    """A star for a starred paper, then its rating as stars."""
    rating = f"{'⭐' * paper.rating}" if paper.rating else ""
    return " ".join(filter(None, [STAR if paper.starred else "", rating]))


def has_must_read(notebooks: Sequence[Notebook]) -> bool:
    """Whether any paper is starred or rated (a must-read page is worth making)."""
    return any(p.starred or p.rating for nb in notebooks for p in nb.papers())


def cite_block(bibtex: str) -> str:
    """A folded "cite" under a paper that opens to its BibTeX entry (as in `papers.bib`): an
    HTML block."""
    code_ = html.escape(bibtex.rstrip("\n"), quote=False)
    return (f'<details class="ns-cite" data-search-exclude><summary>cite</summary>'
            f'<pre><code class="language-bibtex">{code_}</code></pre></details>')


def data_links(page: str) -> str:
    """The line that offers every paper as data, for a page at `page`."""
    json_file, bib_file = relative(page, JSON_FILE), relative(page, BIBTEX_FILE)
    return (f"Every paper as data: [papers.json]({json_file}) · [papers.bib]({bib_file})"
            "\n{ .ns-data data-search-exclude }")


def meta_blocks(meta: PaperMeta | None) -> list[str]:
    """Authors and year under a paper's title (searchable), and its abstract folded; nothing
    without metadata."""
    if meta is None:
        return []
    lines: list[str] = []
    byline = [", ".join(meta.authors)] if meta.authors else []
    byline += [str(meta.year)] if meta.year else []
    byline += [meta.venue] if meta.venue and byline else []
    if byline:
        lines += [escape_text(" · ".join(byline)) + "\n{ .ns-authors }", ""]
    if meta.abstract:
        lines += ['<details class="ns-abstract" markdown="1"><summary>Abstract</summary>', "",
                  escape_text(meta.abstract), "", "</details>", ""]
    return lines


def topic_tags(topic: Topic, metadata: Metadata, years: Mapping[str, Year]) -> list[str]:
    """A topic page's tags for Material's tags plugin: the topic, then the venues and years of
    its papers (tags belong to pages, so a paper's venue and year tag its topic's page).
    `years` are the papers' years by anchor (`notes_site.years`)."""
    venues: dict[str, None] = {}
    found: set[int] = set()
    for paper in topic.all_papers():
        meta = metadata.get(paper_key(paper.url)) if paper.url else None
        # "arXiv 1805.08651" names the paper; as a tag it is the archive (`venue_group`).
        if venue := venue_group((meta.venue if meta else "") or paper.venue):
            venues[venue] = None
        if paper.anchor in years:
            found.add(years[paper.anchor].year)
    return [topic.title, *venues, *(str(year) for year in sorted(found))]


def tags_page() -> str:
    """The tags index: Material's tags plugin lists every tag with its pages at the marker."""
    return (front_matter(TAGS_TITLE) + f"\n# {TAGS_TITLE}\n\nEach topic, venue and year, "
            "with the topic pages that have it.\n\n<!-- material/tags -->\n")
