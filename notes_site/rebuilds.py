"""Rebuilds in `mkdocs serve` that redo only what a save changed.

A save usually changes one topic, but MkDocs rebuilds every page: Python-Markdown turns each
page into HTML, Jinja compiles the theme's templates again and renders each page's template
(the navigation in each). MkDocs keeps a plugin that has `on_startup` across the rebuilds of
one `mkdocs serve`, so `Rebuilds` holds, from the last build:

- `RenderCache`: a page whose Markdown, Markdown configuration and set of generated pages are
  what they were gets the HTML, table of contents, title and anchors MkDocs made then;
- `CompiledTemplates`: the theme's templates as Jinja compiled them, checked against their
  source by Jinja itself;
- `PageOutputs`: a page whose template would read what it read last time (its HTML, table of
  contents, title, meta, neighbours, and the site's navigation, config and theme overrides)
  gets the last build's output instead of rendering its template again;
- `SearchEntries`: the search index entries Material's search plugin made of a page whose HTML,
  table of contents, title, URL and meta are what they were.

None of MkDocs, Material or Jinja offers hooks for this, so these parts reach into their
objects. Every such reach is a row of `INTERNALS`, and the versions it was tested on are
`TESTED`: `Rebuilds.start` checks both when `mkdocs serve` starts, and when a version lies
outside its range or an attribute is gone it logs one line and takes the plain path, where
nothing here touches another package and every page is rendered in full, as in `mkdocs build`.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.metadata
import logging
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


@dataclass(frozen=True, slots=True)
class Internal:
    """One attribute of another package that this module reads, writes or replaces, although
    that package does not document it for plugins (or not for this use)."""

    package: str
    """The distribution it belongs to, as `TESTED` and `importlib.metadata` name it."""
    where: str
    """`module:Object.attribute` (or `module:function`): what must exist."""
    why: str


INTERNALS: tuple[Internal, ...] = (
    Internal("mkdocs", "mkdocs.structure.pages:Page.render",
             "replaced on each generated page by one that restores the last build's HTML, "
             "table of contents, title and anchors when the page's key matches (RenderCache)"),
    Internal("mkdocs", "mkdocs.structure.pages:Page._title_from_render",
             "the title Page.render took from the first heading: saved and put back with the "
             "HTML (RenderCache)"),
    Internal("mkdocs", "mkdocs.structure.pages:Page.present_anchor_ids",
             "the anchors Page.render found, which MkDocs checks other pages' links against: "
             "saved and put back (RenderCache)"),
    Internal("mkdocs", "mkdocs.structure.pages:Page.links_to_anchors",
             "the links to other pages' anchors Page.render found, which MkDocs validates "
             "after the build: saved and put back (RenderCache)"),
    Internal("mkdocs", "mkdocs.commands.build:_build_page",
             "takes the page's template from page.meta['template'] before on_page_context, so "
             "a page given REUSE_TEMPLATE in on_page_content is written by it (PageOutputs)"),
    Internal("jinja2", "jinja2:Environment.loader",
             "MkDocs' theme loader, wrapped in a ChoiceLoader that also knows REUSE_TEMPLATE "
             "(PageOutputs)"),
    Internal("jinja2", "jinja2:Environment.bytecode_cache",
             "set on MkDocs' environment, which keeps none, to CompiledTemplates"),
    Internal("mkdocs-material", "material.plugins.search.plugin:SearchPlugin.search_index",
             "the search plugin's index of this build, found in on_pre_build (SearchEntries)"),
    Internal("mkdocs-material",
             "material.plugins.search.plugin:SearchIndex.add_entry_from_context",
             "replaced on this build's index by one that copies a page's last entries when "
             "its key matches (SearchEntries)"),
    Internal("mkdocs-material", "material.plugins.search.plugin:SearchIndex.entries",
             "the index's entries, which the replacement appends the copies to (SearchEntries)"),
)
"""Every attribute of another package's objects that this module relies on, and why."""

TESTED: Mapping[str, tuple[str, str]] = {
    "mkdocs": ("1.6.0", "1.6"),
    "mkdocs-material": ("9.5.0", "9.8"),
}
"""The versions the rows of `INTERNALS` were tested on, by distribution: from the lowest
release to every release of the highest series. They are the lowest and newest versions
pyproject.toml allows, which tests/packaging/test_rebuild_versions.py installs and runs the
rebuild tests on; a later series is let in once that test passes on it."""


def unsupported(internals: Iterable[Internal] = INTERNALS,
                tested: Mapping[str, tuple[str, str]] = TESTED) -> str | None:
    """Why the incremental rebuilds must not run here, in a few words; None when every package
    in `tested` is installed at a tested version and every row of `internals` exists."""
    for package, (lowest, highest) in tested.items():
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return f"{package} is not installed"
        if not _within(version, lowest, highest):
            return f"{package} {version} is outside the tested {lowest} to {highest}.x"
    for internal in internals:
        if not _exists(internal.where):
            return f"{internal.package} has no {internal.where}"
    return None


def _release(version: str) -> tuple[int, ...]:
    """The release numbers of a version: `9.5.0` → (9, 5, 0); `9.9.0b1` → (9, 9, 0)."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in match[0].split(".")) if match else ()


def _within(version: str, lowest: str, highest: str) -> bool:
    """`version` is `lowest` or later and in the series `highest` or an earlier one."""
    release, top = _release(version), _release(highest)
    return _release(lowest) <= release and release[:len(top)] <= top


def _exists(where: str) -> bool:
    """Whether `module:Object.attribute` exists: as an attribute of the object, or (for what
    each instance gets) set by one of the class's own methods (`__init__`, `on_config`)."""
    module_name, _, path = where.partition(":")
    *owners, name = path.split(".")
    try:
        found: Any = importlib.import_module(module_name)
    except ImportError:
        return False
    for owner in owners:
        found = getattr(found, owner, None)
        if found is None:
            return False
    if hasattr(found, name):
        return True
    return isinstance(found, type) and any(
        name in code.co_names for cls in found.__mro__ for value in vars(cls).values()
        if (code := getattr(value, "__code__", None)) is not None)


REUSE_TEMPLATE = "notes-site/reuse.html"
"""The template of a page whose last output is reused: it writes that output as it was."""
_REUSED_OUTPUT = "notes_site_reused_output"


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
        toc=copy.deepcopy(page.toc),
        title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids or ()),
        links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    )


def _restore(page: Page, rendered: Rendered, files: Files) -> None:
    page.content = rendered.content
    page.toc = copy.deepcopy(rendered.toc)  # later plugins add to it (the tags listings)
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    if rendered.links is not None:
        page.links_to_anchors = {file: dict(anchors) for src, anchors in rendered.links.items()
                                 if (file := files.get_file_from_path(src)) is not None}


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as Jinja compiled them in an earlier build of this serve. Jinja
    compares each template's source with the checksum stored beside its code, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class PageOutputs:
    """The HTML file each generated page's template wrote in the last build, by source path,
    with the key of everything the template read to write it.

    MkDocs picks a page's template before its `on_page_context` event, from the page's meta.
    So a generated page is given `REUSE_TEMPLATE`, which writes what `write` put in the
    context: the last output when the key matches, or else the page's own template rendered
    there, once every plugin has had the context.
    """

    def __init__(self) -> None:
        self._outputs: dict[str, tuple[str, str]] = {}
        self._templates: dict[str, str] = {}
        """This build's pages given `REUSE_TEMPLATE`, with the template each would have had."""
        self._keys: dict[str, str] = {}
        """This build's key of each page, from `write` to `keep`."""
        self._env: jinja2.Environment | None = None
        self._site = ""
        self._frame: str | None = None
        self.reused: list[str] = []

    def start(self, site: str) -> None:
        """A new build; `site` is the key of what every page's template reads alike (the
        config file, the theme overrides); the navigation is added when the pages are known."""
        self._frame, self._site, self.reused = None, site, []
        self._templates, self._keys = {}, {}

    def use(self, env: jinja2.Environment, templates: CompiledTemplates) -> jinja2.Environment:
        """Make `env` keep compiled templates in `templates` and know `REUSE_TEMPLATE`."""
        env.bytecode_cache = templates
        reuse = jinja2.DictLoader({REUSE_TEMPLATE: f"{{{{ {_REUSED_OUTPUT} }}}}"})
        env.loader = jinja2.ChoiceLoader([reuse, *([env.loader] if env.loader else [])])
        self._env = env
        return env

    def defer(self, page: Page) -> None:
        """Give `page` the template that writes what `write` decides."""
        self._templates[page.file.src_uri] = str(page.meta.get("template", "main.html"))
        page.meta["template"] = REUSE_TEMPLATE

    def write(self, page: Page, context: TemplateContext, nav: Navigation,
              held: Sequence[str] = ()) -> None:
        """Put `page`'s output in `context`: the last build's when its template would read what
        it read then, else its template rendered now. `held` are the blocks the plugin puts
        in the page after its template (`notes_site.held`)."""
        src = page.file.src_uri
        template = self._templates.get(src)
        if template is None or self._env is None:
            return
        if self._frame is None:  # every page has its title now, so the navigation is final
            self._frame = _digest(self._site, _nav_key(nav.items))
        key = _digest(self._frame, template, _page_key(page), *held)
        self._keys[src] = key
        last = self._outputs.get(src)
        if last is not None and last[0] == key:
            output = last[1]
            self.reused.append(src)
        else:
            output = self._env.get_template(template).render(context)
        cast(dict[str, object], context)[_REUSED_OUTPUT] = Markup(output)

    def keep(self, page: Page, output: str) -> None:
        """Remember the output of `page`, written in this build."""
        src = page.file.src_uri
        if src in self._keys:
            self._outputs[src] = (self._keys[src], output)

    def forget_except(self, sources: Iterable[str]) -> None:
        """Drop pages that are no longer generated."""
        keep = set(sources)
        self._outputs = {src: entry for src, entry in self._outputs.items() if src in keep}


def site_key(config: MkDocsConfig) -> str:
    """What every page's template reads alike and a serve may see change: the config file (a
    change reloads it), the served URL, and the files of the theme's `custom_dir` (the
    installed theme does not change while serving)."""
    parts: list[object] = [config.site_url]
    if config.config_file_path and Path(config.config_file_path).is_file():
        parts.append(Path(config.config_file_path).read_bytes())
    custom = config.theme.custom_dir
    if custom and Path(custom).is_dir():
        parts += sorted((str(p), p.stat().st_mtime_ns) for p in Path(custom).rglob("*")
                        if p.is_file())
    return _digest(*map(repr, parts))


def _nav_key(items: Iterable[object]) -> str:
    return repr([(type(item).__name__, getattr(item, "title", None), getattr(item, "url", None),
                  _nav_key(getattr(item, "children", None) or ())) for item in items])


def _page_key(page: Page) -> str:
    neighbours = [(p.title, p.url) if p else None for p in (page.previous_page, page.next_page)]
    return repr((page.url, page.title, page.content, _toc_key(page.toc), page.meta,
                 page.edit_url, page.canonical_url, neighbours))


def _toc_key(items: Iterable[AnchorLink]) -> str:
    return repr([(i.level, i.id, i.title, i.url, _toc_key(i.children)) for i in items])


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class SearchEntries:
    """The entries Material's search plugin made of each page in the last build.

    Its `on_page_context` parses every page's HTML again on every rebuild. There is no hook to
    tell it a page is unchanged, so `remember` wraps the one method it indexes a page with,
    `SearchIndex.add_entry_from_context(page)`, whose result depends only on the page's HTML,
    table of contents, URL, title and meta: a page with the same key gets copies of the
    entries it got last time. Other search plugins (MkDocs' own) are left as they are.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, list[dict[str, object]]]] = {}
        self._site = ""
        self.reused = 0

    def remember(self, plugins: Iterable[object], site: str) -> None:
        """Wrap the page indexing of each Material search plugin in `plugins` (this build's);
        `site` is `site_key`, which holds the search plugin's options."""
        from material.plugins.search.plugin import SearchIndex, SearchPlugin

        self.reused, self._site = 0, site
        for plugin in plugins:
            if isinstance(plugin, SearchPlugin) and isinstance(plugin.search_index, SearchIndex):
                index = plugin.search_index
                index.add_entry_from_context = self._wrap(index)  # type: ignore[method-assign]

    def _wrap(self, index: Any) -> Callable[[Page], None]:
        original = index.add_entry_from_context

        def add_entry_from_context(page: Page) -> None:
            key = _digest(self._site, _page_key(page))
            last = self._entries.get(page.url)
            if last is not None and last[0] == key:
                index.entries.extend(dict(entry) for entry in last[1])
                self.reused += 1
                return
            start = len(index.entries)
            original(page)
            self._entries[page.url] = (key, [dict(entry) for entry in index.entries[start:]])

        return add_entry_from_context


class Rebuilds:
    """The incremental rebuilds of one `mkdocs serve`, as the plugin's events drive them; the
    one object through which the plugin uses this module.

    It is on only while serving, and only when `unsupported(internals, tested)` finds nothing
    when the serve starts; else each event here does nothing (or the plain thing), so the
    build touches no other package's internals and renders every page in full.
    """

    def __init__(self, *, internals: Sequence[Internal] = INTERNALS,
                 tested: Mapping[str, tuple[str, str]] = TESTED) -> None:
        self.internals, self.tested = internals, tested
        self.on = False
        self.plain_because: str | None = "not serving"
        """Why the plain path is taken, or None when the rebuilds are on."""
        self.cache = RenderCache()
        self.templates = CompiledTemplates()
        self.outputs = PageOutputs()
        self.search = SearchEntries()
        self._context = ""

    def start(self, command: str) -> None:
        """`on_startup`: for `mkdocs serve`, check the internals and versions once, and say in
        one line when the plain path is taken."""
        if command != "serve":
            return
        self.plain_because = unsupported(self.internals, self.tested)
        self.on = self.plain_because is None
        if not self.on:
            log.info(f"notes: rebuilds render every page in full, as the installed packages "
                     f"were not tested with notes-site's incremental rebuilds: "
                     f"{self.plain_because}")

    def pages(self, config: MkDocsConfig, pages: Iterable[str]) -> None:
        """`on_files`: this build's generated pages, by source path."""
        if not self.on:
            return
        generated = frozenset(pages)
        self._context = fingerprint(config, generated)
        self.cache.forget_except(generated)
        self.cache.start()
        self.outputs.forget_except(generated)

    def pre_build(self, config: MkDocsConfig) -> None:
        """`on_pre_build`: what every page reads alike, read once for both the page outputs
        and the search entries."""
        if self.on:
            site = site_key(config)
            self.outputs.start(site)
            self.search.remember(config.plugins.values(), site)

    def env(self, env: jinja2.Environment) -> jinja2.Environment:
        """`on_env`: the theme's environment, keeping compiled templates across builds."""
        return self.outputs.use(env, self.templates) if self.on else env

    def markdown(self, page: Page, markdown: str) -> None:
        """`on_page_markdown` of a generated page: reuse its last rendering if it matches."""
        if self.on:
            self.cache.attach(page, markdown, self._context)

    def content(self, page: Page, html: str, clean: Callable[[str], str]) -> str:
        """`on_page_content` of a generated page: `clean(html)` (the last build's result when
        the HTML is what it was); the page is given the template that may reuse its output."""
        if not self.on:
            return clean(html)
        self.outputs.defer(page)
        return self.cache.cleaned(page.file.src_uri, html, clean)

    def context(self, page: Page, context: TemplateContext, nav: Navigation,
                held: Sequence[str]) -> None:
        """`on_page_context`, after every other plugin's: the page's output goes in `context`
        (see `PageOutputs.write`)."""
        if self.on:
            self.outputs.write(page, context, nav, held)

    def written(self, page: Page, output: str) -> None:
        """`on_post_page` of a generated page: its output, kept for the next build."""
        if self.on:
            self.outputs.keep(page, output)

    def finish(self) -> None:
        """`on_post_build`: what was reused, in the build log."""
        if self.cache.reused:
            log.info(self.cache.summary())
        if self.outputs.reused:
            log.info(f"notes: {len(self.outputs.reused)} unchanged pages written as before, "
                     f"{self.search.reused} indexed for search as before")
