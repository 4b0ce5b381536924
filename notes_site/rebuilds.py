"""Rebuilds in `mkdocs serve` that re-render only the pages whose Markdown changed.

Most of a rebuild is Python-Markdown turning every generated page into HTML again, though a
save usually changes one topic. MkDocs keeps a plugin that has `on_startup` across the
rebuilds of one `mkdocs serve`, so the plugin holds a `RenderCache`: a page whose Markdown,
Markdown configuration and set of generated pages are what they were last time gets the HTML,
table of contents, title and anchors MkDocs made then, instead of being rendered again.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents


@dataclass(frozen=True, slots=True)
class Rendered:
    """What `Page.render` left on a page."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None
    """Links to anchors of other pages, by the linked page's path (MkDocs keys them by File,
    which a rebuild makes anew)."""


def fingerprint(config: MkDocsConfig, pages: Iterable[str]) -> str:
    """What besides a page's own Markdown decides its HTML: the Markdown extensions and their
    options, and which generated pages exist (links between them are checked and rewritten)."""
    text = repr((config["markdown_extensions"], config["mdx_configs"], sorted(pages)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RenderCache:
    """The rendered state of each generated page from the last build, by its source path."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, Rendered]] = {}
        self._cleaned: dict[str, tuple[str, str]] = {}
        """Each page's HTML and its sanitized form (`on_page_content`), from the last build."""
        self.reused: list[str] = []
        self.rendered: list[str] = []
        """The pages of the current build, by source path, as they were reused or rendered."""

    def start(self) -> None:
        """Count a new build's pages from zero."""
        self.reused, self.rendered = [], []

    def summary(self) -> str:
        """One line for the build log: which pages were rendered, how many were reused."""
        names = ", ".join(sorted(self.rendered)[:8]) + (", …" if len(self.rendered) > 8 else "")
        return (f"notes: {len(self.rendered)} changed pages rendered ({names}), "
                f"{len(self.reused)} unchanged pages reused")

    def attach(self, page: Page, markdown: str, context: str) -> None:
        """Give `page` a `render` that reuses the last build's result when its key matches,
        and otherwise renders and remembers it."""
        key = hashlib.sha256(f"{context}\0{markdown}".encode()).hexdigest()
        src = page.file.src_uri
        cached = self._pages.get(src)
        original = page.render

        def render(self_page: Page, config: MkDocsConfig, files: Files) -> None:
            if cached is not None and cached[0] == key:
                _restore(self_page, cached[1], files)
                self.reused.append(src)
                return
            original(config, files)
            self._pages[src] = (key, _capture(self_page))
            self.rendered.append(src)

        page.render = types.MethodType(render, page)  # type: ignore[method-assign]

    def cleaned(self, src: str, html: str, clean: Callable[[str], str]) -> str:
        """`clean(html)`, or the last build's result when the page's HTML is what it was."""
        last = self._cleaned.get(src)
        if last is not None and last[0] == html:
            return last[1]
        result = clean(html)
        self._cleaned[src] = (html, result)
        return result

    def forget_except(self, sources: Iterable[str]) -> None:
        """Drop pages that are no longer generated."""
        keep = set(sources)
        self._pages = {src: entry for src, entry in self._pages.items() if src in keep}
        self._cleaned = {src: entry for src, entry in self._cleaned.items() if src in keep}


def _capture(page: Page) -> Rendered:
    links = page.links_to_anchors
    return Rendered(
        content=page.content or "",
        toc=page.toc,
        title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids or ()),
        links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    )


def _restore(page: Page, rendered: Rendered, files: Files) -> None:
    page.content = rendered.content
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    if rendered.links is not None:
        page.links_to_anchors = {file: dict(anchors) for src, anchors in rendered.links.items()
                                 if (file := files.get_file_from_path(src)) is not None}
