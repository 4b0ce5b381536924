"""The MkDocs adapter: notes files in, generated pages out. It never parses or renders itself."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from notes_site import assets
from notes_site.config import NotesConfig
from notes_site.links.extract import extract_images
from notes_site.links.offline import lint_images, lint_notebooks
from notes_site.model import Diagnostic, Notebook
from notes_site.notebooks import NotesError, load_notebooks, notes_paths
from notes_site.parse import read_notes
from notes_site.render import render
from notes_site.safety import sanitize_page

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class NotesPlugin(BasePlugin[NotesConfig]):
    """`plugins: [notes]`: one page per topic of each notes file, plus a home and a table."""

    def __init__(self) -> None:
        super().__init__()
        self.generated: set[str] = set()
        """The pages this plugin made in the current build, by `src_uri`."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_css.append(assets.STYLESHEET)
        config.extra_javascript.append(assets.SCRIPT)
        config.extra_javascript.append(self.config.mathjax_url)
        return config

    def _paths(self, config: MkDocsConfig) -> list[Path]:
        base = Path(config.config_file_path or ".").resolve().parent
        try:
            return notes_paths(self.config.notes, base)
        except NotesError as err:
            raise PluginError(str(err)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        paths = self._paths(config)
        try:
            loaded = load_notebooks(paths, title=self.config.title, venue=self.config.venue)
        except NotesError as err:
            raise PluginError(str(err)) from None
        lint = [*lint_notebooks(loaded.notebooks), *_image_findings(paths, loaded.notebooks)]
        # Findings about the content never fail a build (`--strict` included): the site shows
        # the notes with the dangerous parts defused, and `notes-site check` reports errors.
        for finding in sorted([*loaded.findings, *lint], key=lambda d: (d.path, d.line, d.col)):
            log.info(str(finding))
        site = render(loaded.notebooks, escape_html=self.config.escape_html)
        docs = Path(config.docs_dir).resolve()
        for path in paths:
            _remove_source(files, path, docs)
        edit_uri = _edit_uri(paths[0], docs) if len(paths) == 1 else None
        self.generated = set(site.pages)
        for page, markdown in site.pages.items():
            file = File.generated(config, page, content=markdown)
            file.edit_uri = edit_uri
            files.append(file)
        for asset in assets.ASSETS:
            files.append(File.generated(config, asset, content=assets.read(asset)))
        if config.nav is None:
            config.nav = site.nav
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A generated page's HTML, sanitized: see `notes_site.safety` for why here too."""
        return sanitize_page(html) if page.file.src_uri in self.generated else html

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: object) -> LiveReloadServer:
        for path in self._paths(config):
            server.watch(str(path))
        return server


def _image_findings(paths: list[Path], notebooks: Sequence[Notebook]) -> list[Diagnostic]:
    """Images with unsafe targets: the model keeps no images, so they are read from the text."""
    found: list[Diagnostic] = []
    for path, notebook in zip(paths, notebooks, strict=True):
        found += lint_images(notebook.path, extract_images(read_notes(path, notebook.path)))
    return found


def _remove_source(files: Files, path: Path, docs: Path) -> None:
    """A notes file inside docs_dir is the pages' source, not a page of its own."""
    if path.is_relative_to(docs):
        file = files.get_file_from_path(path.relative_to(docs).as_posix())
        if file is not None:
            files.remove(file)


def _edit_uri(path: Path, docs: Path) -> str:
    """The notes file, relative to docs_dir, for the edit link of every generated page."""
    return Path(os.path.relpath(path, docs)).as_posix()
