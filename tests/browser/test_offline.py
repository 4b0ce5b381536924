"""The built site loads nothing from outside: every script, style, font and image is local.

Links a reader may follow (the papers) may point anywhere; what a page loads by itself may not.
The browser tests also block and report any request that leaves 127.0.0.1 at run time; this
check covers the pages and stylesheets those tests do not open.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

# Attributes whose URL the browser fetches without a click.
LOADED = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


class LoadedURLs(HTMLParser):
    """Collects the URLs an HTML page makes the browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in LOADED:
                self.urls.append(value)
        rels = set(values.get("rel", "").split())
        if tag == "link" and rels & LOADED_LINK_RELS:
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.urls.extend(CSS_URL.findall(values["style"]))


def outside(url: str) -> bool:
    """Whether fetching `url` would leave the machine (relative and data: URLs stay)."""
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob"):
        return bool(parts.netloc) and parts.hostname != "127.0.0.1"
    return parts.hostname != "127.0.0.1"


def loaded_by(path: Path) -> list[str]:
    """The URLs a page or stylesheet loads by itself."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return CSS_URL.findall(text)
    parser = LoadedURLs()
    parser.feed(text)
    return parser.urls


def test_site_loads_nothing_from_outside(site: Site) -> None:
    """No page or stylesheet of the built site makes the browser fetch a non-local URL."""
    files = [p for p in site.root.rglob("*") if p.suffix in (".html", ".css")]
    files = [p for p in files if "mathjax" not in p.relative_to(site.root).parts]
    assert files
    found = {
        f"{path.relative_to(site.root)}: {url}"
        for path in files
        for url in loaded_by(path)
        if outside(url)
    }
    assert not found, "\n".join(sorted(found))
