"""The static files every notes site carries: the MathJax glue script, the All papers table's
script and the site's styles."""

from __future__ import annotations

from importlib import resources

#: Site paths of the assets; the file of each is its base name in this folder.
SCRIPT = "javascripts/notes-site.js"
TABLE_SCRIPT = "javascripts/papers-table.js"
#: The scripts every page loads, in order.
SCRIPTS = (SCRIPT, TABLE_SCRIPT)
STYLESHEET = "stylesheets/notes-site.css"
ASSETS = (*SCRIPTS, STYLESHEET)


def read(asset: str) -> str:
    """The text of one of `ASSETS`."""
    return resources.files(__name__).joinpath(asset.rsplit("/", 1)[-1]).read_text("utf-8")
