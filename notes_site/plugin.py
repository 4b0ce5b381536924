"""The MkDocs adapter: notes files in, generated pages out. It never parses or renders itself."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils.templates import TemplateContext

from notes_site import assets
from notes_site.allow_list import sanitize_page
from notes_site.config import NotesConfig, plugin_names
from notes_site.emoji_index import share_index
from notes_site.exports import site_files
from notes_site.held import MissingBlockError, new_nonce, restore, restore_unsearched
from notes_site.history import CACHE_FILE, noted_dates
from notes_site.links.extract import extract_images
from notes_site.links.offline import lint_images, lint_notebooks
from notes_site.metadata import load as load_metadata
from notes_site.metadata import metadata_path
from notes_site.model import Diagnostic, Notebook, Severity
from notes_site.notebooks import Loaded, NotesError, load_notebooks, notes_paths
from notes_site.rebuilds import Rebuilds
from notes_site.render import render
from notes_site.site_markdown import MarkdownOptions
from notes_site.targets import Locate

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

PutBack = Callable[[str, str, Sequence[str]], str]
"""`held.restore` or `held.restore_unsearched`."""


class NotesPlugin(BasePlugin[NotesConfig]):
    """`plugins: [notes]`: one page per topic of each notes file, plus a home and a table, the
    map's pages (must read, mentioned, tags) and the exports (papers.json, papers.bib)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this hook keeps the plugin, and its caches, across the rebuilds of one
        `mkdocs serve`; only there is anything worth keeping (`notes_site.rebuilds`)."""
        self.rebuilds.start(command)

    def __init__(self) -> None:
        super().__init__()
        self.generated: set[str] = set()
        """The pages this plugin made in the current build, by `src_uri`."""
        self.rebuilds = Rebuilds()
        self.nonce = new_nonce()
        """Marks the renderer's HTML blocks held out of Python-Markdown (`notes_site.held`)."""
        self.held: dict[str, tuple[str, ...]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_css.append(assets.STYLESHEET)
        config.extra_javascript.extend(assets.SCRIPTS)
        config.extra_javascript.append(self.config.mathjax_url)
        share_index(config.mdx_configs)
        return config

    def _paths(self, config: MkDocsConfig) -> list[Path]:
        try:
            return notes_paths(self.config.notes, _base(config))
        except NotesError as err:
            raise PluginError(str(err)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        paths = self._paths(config)
        try:
            loaded = load_notebooks(paths, title=self.config.title, venue=self.config.venue,
                                    repo_url=config.repo_url or "")
        except NotesError as err:
            raise PluginError(str(err)) from None
        lint = [*lint_notebooks(loaded.notebooks), *_image_findings(loaded)]
        noted, no_history = noted_dates(paths, _base(config) / CACHE_FILE)
        meta_file = metadata_path(self.config.metadata, paths, _base(config))
        meta_read = load_metadata(meta_file)
        meta = meta_read.metadata
        _log_findings([*loaded.findings, *lint, *no_history,
                       *filter(None, [meta_read.finding])])
        docs = Path(config.docs_dir).resolve()
        site = render(loaded.notebooks, escape_html=self.config.escape_html,
                      locate=_locator(docs, files, _copied(loaded, docs)), metadata=meta,
                      tags="tags" in plugin_names(config.plugins),
                      directory_urls=config.use_directory_urls, hold=self.nonce, noted=noted,
                      repo_url=config.repo_url or "",
                      markdown=MarkdownOptions(tuple(config.markdown_extensions),
                                               config.mdx_configs))
        self.held = site.held
        for path in [*loaded.sources, meta_file]:
            _remove_source(files, path, docs)
        for source, dest in _copied(loaded, docs).items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        single = len(paths) == 1 and paths[0].is_file()
        edit_uri = _edit_uri(paths[0], docs) if single else None
        self.generated = set(site.pages)
        self.rebuilds.pages(config, site.pages)
        for page, markdown in site.pages.items():
            file = File.generated(config, page, content=markdown)
            note = site.sources.get(page)
            file.edit_uri = _edit_uri(Path(note).resolve(), docs) if note else edit_uri
            files.append(file)
        for asset in assets.ASSETS:
            files.append(File.generated(config, asset, content=assets.read(asset)))
        for name, text in site_files(loaded.notebooks, meta, site_url=config.site_url or "",
                                     directory_urls=config.use_directory_urls, noted=noted,
                                     title=config.site_name).items():
            files.append(File.generated(config, name, content=text))
        if config.nav is None:
            config.nav = site.nav
            if site.shelved:
                _show_open_shelf(config)
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """A generated page reuses its last rendering when nothing it depends on changed."""
        if page.file.src_uri in self.generated:
            self.rebuilds.markdown(page, markdown)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilds.finish()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilds.pre_build(config)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        return self.rebuilds.env(env)

    @event_priority(-100)  # after every other plugin's changes to the context
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """While serving, a generated page whose template would read what it read in the
        last build is written as it was then (see `PageOutputs`)."""
        self.rebuilds.context(page, context, nav, self.held.get(page.file.src_uri, ()))
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """The held blocks the search plugin need not read, put in once it has read the page
        (`notes_site.held`); while serving, the page as written is kept for the next build."""
        src = page.file.src_uri
        if src not in self.generated:
            return output
        output = self._restore(restore_unsearched, src, output)
        self.rebuilds.written(page, output)
        return output

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A generated page's HTML, sanitized: see `notes_site.allow_list` for why here too. A
        page whose HTML is what it was in the last build gets the last build's result."""
        src = page.file.src_uri
        if src not in self.generated:
            return html
        _bound_toc(page)
        return self.rebuilds.content(page, self._restore(restore, src, html), sanitize_page)

    def _restore(self, put_back: PutBack, src: str, html: str) -> str:
        """`html` with the renderer's held blocks for page `src` put back by `put_back`
        (`notes_site.held`): `restore` before the page is sanitized, `restore_unsearched`
        once the search plugin has read it. A block without its placeholder stops the build."""
        try:
            return put_back(html, self.nonce, self.held.get(src, ()))
        except MissingBlockError as err:
            raise PluginError(f"{src}: {err}") from None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: object) -> LiveReloadServer:
        """Watch the notes and metadata files that MkDocs does not watch already (docs_dir and
        the `watch` folders): watched again, a file would be polled twice for nothing."""
        paths = self._paths(config)
        meta_file = metadata_path(self.config.metadata, paths, _base(config))
        watched = [Path(config.docs_dir).resolve(), *(Path(p).resolve() for p in config.watch)]
        for path in [*paths, *([meta_file] if meta_file.is_file() else [])]:
            if not any(path.resolve().is_relative_to(folder) for folder in watched):
                server.watch(str(path))
        return server


#: The most entries a generated page's table of contents lists. Material's search plugin finds
#: each heading of a page by walking the table of contents from its start, so a page of 8,000
#: headings (4,000 sections of a paper each) took 32 million steps, 10 of a 20 s build (issue
#: 21). The largest page of the corpus lists 297.
TOC_MOST = 500


def _bound_toc(page: Page) -> None:
    """Cut the table of contents of a page with more than `TOC_MOST` entries to its upper
    levels that fit (the page title at least). Every heading keeps its anchor and permalink,
    and search still links each one (to `#id`), by the same address."""
    level: list[AnchorLink] = list(page.toc)
    shown = len(level)
    while level:
        deeper = [child for link in level for child in link.children]
        if shown + len(deeper) > TOC_MOST:
            total = shown + _count(deeper)
            for link in level:
                link.children.clear()
            log.info(f"notes: {page.file.src_uri} has {total:,} headings; its table of contents "
                     f"lists the {shown:,} of its upper levels ({TOC_MOST} at most)")
            return
        shown += len(deeper)
        level = deeper


def _count(links: list[AnchorLink]) -> int:
    return sum(1 + _count(link.children) for link in links)


def _show_open_shelf(config: MkDocsConfig) -> None:
    """Material writes only the open shelf's topics into each page with `navigation.prune`
    (which does not go with `navigation.expand`, where every shelf is open)."""
    features = config.theme.get("features")
    if isinstance(features, list) and "navigation.expand" not in features \
            and "navigation.prune" not in features:
        features.append("navigation.prune")


def _base(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml, which the plugin's paths are relative to."""
    return Path(config.config_file_path or ".").resolve().parent


def _log_findings(findings: list[Diagnostic]) -> None:
    """Findings about the notes (and a broken metadata file) never fail a build, `--strict`
    included: they are logged at INFO with their `file:line:col`, and `notes-site check` is
    where CI fails on them."""
    for finding in sorted(findings, key=lambda d: (d.path, d.line, d.col)):
        log.info(f"{finding} ({finding.severity})")
    errors = sum(1 for d in findings if d.severity is Severity.ERROR)
    if findings:
        log.info(f"notes: {len(findings)} findings, {errors} of them errors; "
                 "`notes-site check` lists them")


def _copied(loaded: Loaded, docs: Path) -> dict[Path, str]:
    """The files of notes folders outside docs_dir (images) that the site carries, by file,
    and where; those inside docs_dir are MkDocs' already."""
    return {source.resolve(): dest for source, dest in loaded.assets.items()
            if not source.resolve().is_relative_to(docs)}


def _locator(docs: Path, files: Files, copied: dict[Path, str]) -> Locate:
    """Where a file that a notes file links to by a relative path is in the site: its path in
    docs_dir when MkDocs has it there, or where a notes folder's file is copied, else None
    (the page shows the link as text)."""

    def locate(notebook: Notebook, url: str) -> str | None:
        parts = urlsplit(url)
        target = (Path(notebook.path).resolve().parent / unquote(parts.path)).resolve()
        path = copied.get(target)
        if path is None:
            if not target.is_relative_to(docs):
                return None
            path = target.relative_to(docs).as_posix()
            if files.get_file_from_path(path) is None:
                return None
        return f"{path}#{parts.fragment}" if parts.fragment else path

    return locate


def _image_findings(loaded: Loaded) -> list[Diagnostic]:
    """Images with unsafe targets: the model keeps no images, so they are read from the text
    the notebooks were parsed from."""
    found: list[Diagnostic] = []
    for notebook, text in zip(loaded.notebooks, loaded.texts, strict=True):
        found += lint_images(notebook.path, extract_images(text))
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
