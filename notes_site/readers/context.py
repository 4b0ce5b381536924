"""What reading one notebook's entries shares: its path, parser, slugs, venue and findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from notes_site.model import Block, Diagnostic, Link, Paper, Severity
from notes_site.slugs import Slugs
from notes_site.venues import venue_of


@dataclass(slots=True)
class Context:
    """Shared by every reader while one notebook is parsed."""

    path: str
    md: MarkdownIt
    slugs: Slugs
    venue: str
    found: list[Diagnostic]

    def note(self, line: int, col: int, code: str, message: str,
             severity: Severity = Severity.INFO) -> None:
        """Record a finding at `line:col` of the notes file."""
        self.found.append(Diagnostic(self.path, line, col, severity, code, message))

    def paper(self, title: str, link: Link | None, line: int, col: int, *, summary: str = "",
              body: Iterable[Block] = (), related: Iterable[Link] = (), starred: bool = False,
              rating: int = 0) -> Paper:
        """The one place a reader makes a Paper: its anchor unique in the site (from its
        title, else its line), its venue the notebook's or the one its link names."""
        url = link.url if link else None
        return Paper(title=title, url=url, anchor=self.slugs.unique(title or f"entry-{line}"),
                     starred=starred, summary=summary, body=tuple(body),
                     related=tuple(related), venue=self.venue or venue_of(url), line=line,
                     col=col, rating=rating, link=link)
