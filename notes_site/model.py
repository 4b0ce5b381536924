"""The notes model: what a notes file says, as plain frozen values.

Nothing here knows about MkDocs, the file system or the network. Positions are 1-based
lines and columns in the notes file, converted once by the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How much a diagnostic matters: errors stop a build, the rest are findings."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about a notes file, pointing at `path:line:col`."""

    path: str
    """The notes file as the user named it."""
    line: int
    """1-based line."""
    col: int
    """1-based column (characters, not bytes)."""
    severity: Severity
    code: str
    """A short stable name, e.g. `empty-entry`; one per kind of finding."""
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Link:
    """A link written in the notes, with where it was written."""

    text: str
    """The link text, whitespace collapsed; the URL itself for autolinks and bare URLs."""
    url: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Text:
    """A run of the notes' own Markdown, passed to the page as it is (dedented)."""

    markdown: str


@dataclass(frozen=True, slots=True)
class Points:
    """Sub-points such as `1).`, `2).` or `(1)`: shown as a nested list."""

    items: tuple[str, ...]
    """Each item's Markdown, its marker removed and its lines joined."""


@dataclass(frozen=True, slots=True)
class Remark:
    """A bracketed side note with no link, `[The condition number …]`."""

    markdown: str


Block = Text | Points | Remark


@dataclass(frozen=True, slots=True)
class Note:
    """One paper's notes file: the whole note, shown on the paper's own page."""

    path: str
    """The notes file as the user would name it (relative links in it are relative to it)."""
    markdown: str
    """The note's Markdown without its front matter and its `#` title, sections in order."""
    facts: tuple[tuple[str, str], ...] = ()
    """Front matter the page shows as it is (`authors`, `date`, `tags`), by key, in order."""
    title: str = ""
    """The note's own title (front matter or `#` heading) as written; empty without one.
    Shown when the index names the paper otherwise."""


@dataclass(frozen=True, slots=True)
class Paper:
    """One numbered or bulleted entry: a paper and what the reader noted about it."""

    title: str
    """Plain text of the title, whitespace collapsed; may hold `$math$`."""
    url: str | None
    """The paper's own link; None for an entry written without one."""
    anchor: str
    """Slug of the title, unique in the site and stable across builds."""
    starred: bool
    """Marked `*`, `★` or `⭐`: a paper that matters."""
    summary: str
    """Markdown after the title (and its `:`), lines joined; may be empty."""
    body: tuple[Block, ...]
    """What follows the entry's first paragraph."""
    related: tuple[Link, ...]
    """Every other link inside the entry, in source order."""
    venue: str
    """Where the paper appeared, e.g. `ICLR 2020`, `arXiv 1805.08651`; empty if unknown."""
    line: int
    col: int
    """Where the entry starts: its list marker, table row, paragraph or heading."""
    rating: int = 0
    """Stars written after the title as a rating (`:star::star:`, `⭐⭐`); 0 when none."""
    link: Link | None = None
    """The paper's own link, where it is written (what `notes-site check` reports it at);
    None without one."""
    notes: Note | None = None
    """The paper's own notes file, when the notes are a folder or the file is one paper's
    notes: shown whole on the paper's own page."""


@dataclass(frozen=True, slots=True)
class Section:
    """A sub-topic inside a topic page: a heading below the topic level, or a `<summary>`."""

    title: str
    slug: str
    line: int
    intro: str
    papers: tuple[Paper, ...]
    depth: int = 1
    """How far below its topic the section stands: 1 for a `###` under a `##` topic, 2 for a
    `####` (or a date heading) under that `###`."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A heading at the file's topic level (`##` in most notes): one page of the site."""

    title: str
    slug: str
    """The page's file name without `.md`; unique in the site."""
    line: int
    intro: str
    """Markdown between the heading and the first entry."""
    papers: tuple[Paper, ...]
    """Papers before the first section."""
    sections: tuple[Section, ...] = ()
    group: str = ""
    """The heading above the topic level that the topic sits under (`# Papers` above
    `## Vision`); empty when the file has none."""

    def all_papers(self) -> tuple[Paper, ...]:
        """Every paper of the topic, sections included, in source order."""
        return self.papers + tuple(p for s in self.sections for p in s.papers)


@dataclass(frozen=True, slots=True)
class Notebook:
    """One notes file."""

    path: str
    title: str
    intro: str
    """Markdown before the first topic (after the title)."""
    topics: tuple[Topic, ...]
    venue: str = ""
    """The notebook's own venue (front matter or option); overrides venues from URLs."""
    slug: str = ""
    """Folder of the notebook's pages when a site has several notebooks."""
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    """The front matter as read, for keys the parser does not use."""
    folder: str = ""
    """The notes folder as the user named it, when the notebook is a folder of notes."""

    def papers(self) -> tuple[Paper, ...]:
        """Every paper in source order."""
        return tuple(p for t in self.topics for p in t.all_papers())
