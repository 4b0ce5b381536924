"""What reading one notebook's entries shares: its path, parser, slugs, venue and findings."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

from notes_site.model import Diagnostic, Severity
from notes_site.slugs import Slugs


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
