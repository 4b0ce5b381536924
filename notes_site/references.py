"""Who mentions whom: the map of the reading, from the notebooks alone.

Every paper entry of every notebook is placed on its page; every related link is matched to the
entries that note the same paper (`notes_site.identity`). From that follow: where a related link
should point, which entries mention an entry ("Referenced from"), which entries note the same
paper twice ("Also listed in"), and which papers are mentioned by several entries but noted by
none ("Mentioned, not yet noted"). Pure: no file system, no MkDocs, no Markdown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from notes_site.identity import ARXIV, DOI, OPENREVIEW, PaperId, paper_id
from notes_site.model import Link, Notebook, Paper
from notes_site.pages import topic_page
from notes_site.readers.grammar import RESOURCE_WORDS, is_label_text, label_word

#: A paper mentioned by at least this many entries, and noted by none, is listed as unnoted.
UNNOTED_MENTIONS = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper entry and where the site shows it."""

    page: str
    """The topic's page path, e.g. `transfer-learning.md`."""
    anchor: str
    title: str
    topic: str
    """The topic's title."""
    notebook: str
    """The notebook's title."""
    paper: Paper

    @property
    def place(self) -> tuple[str, str]:
        """Page and anchor: what tells two entries apart."""
        return self.page, self.anchor


def entries(notebooks: Sequence[Notebook]) -> Iterator[Entry]:
    """Every paper entry of the site, in notebook and source order."""
    for nb in notebooks:
        for topic in nb.topics:
            for paper in topic.all_papers():
                yield Entry(topic_page(nb, topic), paper.anchor, paper.title, topic.title,
                            nb.title, paper)


@dataclass(frozen=True, slots=True)
class Mention:
    """A related link written in an entry."""

    source: Entry
    link: Link


@dataclass(frozen=True, slots=True)
class Unnoted:
    """A paper that several entries mention and none notes."""

    key: str
    """Its identity (`notes_site.identity.paper_key`)."""
    url: str
    """The URL of its first mention."""
    text: str
    """The text of its first mention."""
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class References:
    """The map: entries by paper, mentions by paper, and the papers mentioned but not noted."""

    noted: Mapping[str, tuple[Entry, ...]]
    """Paper key → the entries that note it, in site order (the first is where links go)."""
    mentioned: Mapping[str, tuple[Mention, ...]]
    """Paper key → the related links naming it, in site order."""
    unnoted: tuple[Unnoted, ...]
    """Papers mentioned by `UNNOTED_MENTIONS` or more entries and noted by none."""
    at: Mapping[tuple[str, str], Entry]
    """(page, anchor) → the entry shown there."""
    idents: Mapping[str, PaperId | None]
    """URL → the paper it names, for every URL of the notebooks (each worked out once)."""

    def key(self, url: str) -> str:
        """The paper key of `url`: the same as `notes_site.identity.paper_key`."""
        ident = self.idents[url] if url in self.idents else paper_id(url)
        return str(ident) if ident else url.strip()

    def entry_for(self, url: str) -> Entry | None:
        """The entry a link to `url` should point at: the first that notes that paper."""
        found = self.noted.get(self.key(url))
        return found[0] if found else None

    def also_listed(self, entry: Entry) -> tuple[Entry, ...]:
        """The other entries that note the same paper as `entry`."""
        if not entry.paper.url:
            return ()
        return tuple(e for e in self.noted.get(self.key(entry.paper.url), ())
                     if e.place != entry.place)

    def referenced_from(self, entry: Entry) -> tuple[Entry, ...]:
        """The entries whose related links name `entry`'s paper, each once, in site order;
        never `entry` itself nor another entry of the same paper."""
        if not entry.paper.url:
            return ()
        key = self.key(entry.paper.url)
        sources = (m.source for m in self.mentioned.get(key, ()))
        return _unique(s for s in sources if not (s.paper.url and self.key(s.paper.url) == key))


def references(notebooks: Sequence[Notebook]) -> References:
    """The map of these notebooks."""
    noted: dict[str, list[Entry]] = {}
    mentioned: dict[str, list[Mention]] = {}
    at: dict[tuple[str, str], Entry] = {}
    idents: dict[str, PaperId | None] = {}
    for entry in entries(notebooks):
        at[entry.place] = entry
        if entry.paper.url:
            ident = _ident(idents, entry.paper.url)
            key = str(ident) if ident else entry.paper.url.strip()
            noted.setdefault(key, []).append(entry)
        for link in entry.paper.related:
            if not names_no_paper(link.text) and (ident := _ident(idents, link.url)):
                mentioned.setdefault(str(ident), []).append(Mention(entry, link))
    unnoted = tuple(
        Unnoted(key, found[0].link.url, _name(found, key), tuple(found))
        for key, found in mentioned.items()
        if key not in noted and len(_unique(m.source for m in found)) >= UNNOTED_MENTIONS)
    return References(MappingProxyType({k: tuple(v) for k, v in noted.items()}),
                      MappingProxyType({k: tuple(v) for k, v in mentioned.items()}), unnoted,
                      MappingProxyType(at), MappingProxyType(idents))


def names_no_paper(text: str) -> bool:
    """A link labelled like code, a project page or a video (`[code]`, `[[Website]]`), or a
    badge (its text an image): it names no paper, so it is no mention of one."""
    return text.lstrip().startswith("![") or (
        is_label_text(text) and label_word(text) in RESOURCE_WORDS)


_SITE_NAMES = {ARXIV: "arXiv", OPENREVIEW: "OpenReview", DOI: "DOI"}


def _name(found: Sequence[Mention], ident: str) -> str:
    """What a mentioned paper is called: the first mention's text that names it, not a label
    such as `[pdf]` or `arXiv`; else its identity (`arXiv 1706.03762`, `aclweb.org/…/x.pdf`)."""
    named = next((m.link.text for m in found if not is_label_text(m.link.text)), None)
    if named is not None:
        return named
    site, _, key = ident.partition(":")
    return f"{_SITE_NAMES[site]} {key}" if site in _SITE_NAMES else key


def _ident(idents: dict[str, PaperId | None], url: str) -> PaperId | None:
    """The paper `url` names, worked out once per URL."""
    if url not in idents:
        idents[url] = paper_id(url)
    return idents[url]


def _unique(found: Iterator[Entry]) -> tuple[Entry, ...]:
    """Entries once each, first appearance kept (entries are compared by place)."""
    seen: dict[tuple[str, str], Entry] = {}
    for entry in found:
        seen.setdefault(entry.place, entry)
    return tuple(seen.values())
