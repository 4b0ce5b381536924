"""Where each generated page is, and how it begins.

The renderer, the reading map, the link targets and the map of references all name the same
pages: a notebook's home, its All papers table, a topic, a paper's own notes. Their paths, the
star a starred paper is shown with and the front matter every generated page starts with are
written here once, so that a link written on one page and the page it opens cannot disagree.
Pure: no file system, no MkDocs.
"""

from __future__ import annotations

import html
import json

from notes_site.model import Notebook, Paper, Topic

HOME = "index.md"
"""A notebook's home page, in its folder."""
PAPERS = "papers.md"
"""A notebook's All papers table, in its folder."""
STAR = "★"
"""What shows a paper as starred, wherever the site lists it."""


def folder(notebook: Notebook) -> str:
    """The folder of a notebook's pages: empty for a site of one unnamed notebook."""
    return f"{notebook.slug}/" if notebook.slug else ""


def topic_page(notebook: Notebook, topic: Topic) -> str:
    """The page path of a topic."""
    return f"{folder(notebook)}{topic.slug}.md"


def note_page(notebook: Notebook, topic: Topic, paper: Paper) -> str:
    """The page of a paper's own notes: under its topic's folder, named by its anchor."""
    return f"{folder(notebook)}{topic.slug}/{paper.anchor}.md"


def nav_title(title: str) -> str:
    """A title for MkDocs' navigation and page title, which themes put in HTML unescaped."""
    return html.escape(title, quote=False)


def front_matter(title: str, **extra: object) -> str:
    """The YAML front matter a generated page starts with: its title (`nav_title`), then
    `extra` keys (`search={"exclude": True}` keeps a page out of the search index), each value
    written as JSON."""
    meta = {"title": nav_title(title), **extra}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"
