"""The `notes` plugin's options: their schema and defaults, shared with the command line."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

#: MathJax 3 from its CDN; a site served offline (or the tests) points this at a local copy.
DEFAULT_MATHJAX_URL = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"

#: The embedded notes, relative to the folder of mkdocs.yml.
DEFAULT_NOTES = ("docs/notes/*.md",)


class NotesConfig(Config):
    """Options of the `notes` plugin in mkdocs.yml."""

    notes = c.ListOfItems(c.Type(str), default=list(DEFAULT_NOTES))
    """Notes files or globs, relative to the folder of mkdocs.yml; each file is a notebook."""
    title = c.Optional(c.Type(str))
    """The notebook's title when its file has no front matter `title:` and no `#` heading."""
    venue = c.Optional(c.Type(str))
    """Where the notebook's papers appeared (e.g. `ICLR 2020`); front matter `venue:` wins."""
    mathjax_url = c.Type(str, default=DEFAULT_MATHJAX_URL)
    """The MathJax 3 script to load."""
    escape_html = c.Type(bool, default=False)
    """Show raw HTML written in the notes as text instead of passing it to the page."""
