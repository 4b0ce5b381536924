"""The static files every notes site carries: the MathJax glue script and the badge styles."""

from __future__ import annotations

from importlib import resources

#: Site paths of the assets; the file of each is its base name in this folder.
SCRIPT = "javascripts/notes-site.js"
STYLESHEET = "stylesheets/notes-site.css"
ASSETS = (SCRIPT, STYLESHEET)


def read(asset: str) -> str:
    """The text of one of `ASSETS`."""
    return resources.files(__name__).joinpath(asset.rsplit("/", 1)[-1]).read_text("utf-8")
