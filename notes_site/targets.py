"""Where a link written in the notes goes on the site.

Notes written for GitHub link to their own headings (`[Theory](#theory)`, a table of contents)
and to files beside them (`[notes](notes/x.md)`). On the site those headings are pages and
anchors, and the files may not be there at all; MkDocs' validation would warn about each such
link and `--strict` would fail the build. Every link target without a scheme is therefore
resolved here: a heading's GitHub anchor to its page and anchor, a file to its place in the
site (the plugin says where files are); what cannot be resolved is shown, not linked.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from notes_site.model import Notebook
from notes_site.pages import HOME, folder, topic_page
from notes_site.url_schemes import is_local

#: The plugin's answer for a relative link target: its path in the site, or None.
Locate = Callable[[Notebook, str], str | None]

_PUNCTUATION = re.compile(r"[^\w\- ]", re.UNICODE)


def github_anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to `-`."""
    text = unicodedata.normalize("NFC", title).strip().lower()
    return _PUNCTUATION.sub("", text).replace(" ", "-")


def relative(page: str, target: str) -> str:
    """`target` (a site path, maybe with `#anchor`) as a link from `page`."""
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(page) or ".") if path else ""
    return f"{rel}#{anchor}" if anchor else rel


@dataclass(frozen=True, slots=True)
class Targets:
    """Every heading of every notebook by its GitHub anchor, and the plugin's file lookup."""

    headings: dict[tuple[str, str], str]
    """(notebook path, GitHub anchor) → site path and anchor."""
    locate: Locate | None = None

    @classmethod
    def of(cls, notebooks: Sequence[Notebook], locate: Locate | None = None) -> Targets:
        """The headings of these notebooks (folder-prefixed pages, as the renderer names them)."""
        found: dict[tuple[str, str], str] = {}
        for nb in notebooks:
            places = [(nb.title, folder(nb) + HOME)]
            for topic in nb.topics:
                page = topic_page(nb, topic)
                places += [(topic.group, page), (topic.title, page)]
                places += [(s.title, f"{page}#{s.slug}") for s in topic.sections]
                places += [(p.title, f"{page}#{p.anchor}") for p in topic.all_papers()]
            for title, place in places:
                if title:
                    found.setdefault((nb.path, github_anchor(title)), place)
        return cls(found, locate)

    def resolve(self, notebook: Notebook, url: str, page: str) -> str | None:
        """The link to write on `page` for a target written in `notebook`; None when the
        target is not on the site. Targets with a scheme are returned as they are."""
        if not is_local(url):
            return url
        if url.startswith("#"):
            place = self.headings.get((notebook.path, url[1:].lower()))
            return relative(page, place) if place else None
        if url.startswith("/") or self.locate is None:
            return None
        located = self.locate(notebook, url)
        if located is None or not is_local(located):
            return located
        return relative(page, located)
