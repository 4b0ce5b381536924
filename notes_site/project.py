"""A site project as the command line sees it: mkdocs.yml, its notes, its metadata file.

The edge between the CLI and the pure modules: reads files, never the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_site import exports, metadata
from notes_site.config import (
    NotesConfig,
    markdown_options,
    notes_options,
    plugin_names,
    read_mkdocs_yml,
)
from notes_site.identity import api_id
from notes_site.model import Notebook
from notes_site.notebooks import load_notebooks, notes_paths


@dataclass(frozen=True, slots=True)
class Project:
    """A loaded project."""

    config_file: Path
    config: dict[str, Any]
    options: NotesConfig
    paths: list[Path]
    notebooks: tuple[Notebook, ...]
    metadata_file: Path
    metadata_read: metadata.Loaded
    """The metadata file as read: a broken one is a finding, and no metadata."""
    sources: tuple[Path, ...] = ()
    """Every notes file read (a notes folder's included): the pages' sources, never pages."""

    @property
    def metadata(self) -> metadata.Metadata:
        """The papers' metadata (none when the file is missing or broken)."""
        return self.metadata_read.metadata

    @property
    def base(self) -> Path:
        """The folder of mkdocs.yml."""
        return self.config_file.resolve().parent

    def api_keys(self) -> list[str]:
        """The arXiv and OpenReview papers the notes' entries link, as sorted paper keys."""
        urls = (p.url for nb in self.notebooks for p in nb.papers() if p.url)
        return sorted({str(ident) for url in urls if (ident := api_id(url))})

    def paper_count(self) -> int:
        """How many paper entries the notes hold."""
        return sum(len(nb.papers()) for nb in self.notebooks)

    def export_data(self, fmt: str) -> str:
        """`papers.json` (fmt `json`) or `papers.bib` (fmt `bibtex`)."""
        if fmt == "json":
            return exports.papers_json(self.notebooks, self.metadata,
                                       site_url=str(self.config.get("site_url") or ""),
                                       directory_urls=self.config.get("use_directory_urls", True))
        return exports.papers_bib(self.notebooks, self.metadata)

    def export_markdown(self, out: Path) -> int:
        """Write the plain-Markdown export into `out`; the number of pages written."""
        from notes_site import export as exporting
        from notes_site.render import render

        site = render(self.notebooks, escape_html=self.options.escape_html,
                      metadata=self.metadata,
                      tags="tags" in plugin_names(self.config.get("plugins")),
                      directory_urls=self.config.get("use_directory_urls", True),
                      markdown=markdown_options(self.config))
        files = exporting.exported_files(self.config, site, self.options.mathjax_url)
        files |= {f"docs/{name}": text for name, text in exports.site_files(
            self.notebooks, self.metadata, site_url=str(self.config.get("site_url") or ""),
            directory_urls=self.config.get("use_directory_urls", True)).items()}
        skip = [*self.paths, *self.sources, self.metadata_file]
        exporting.write(files, out, self.base / str(self.config.get("docs_dir", "docs")), skip)
        return len(site.pages)


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml, its notes and its metadata file; `ConfigError` or `NotesError` when
    mkdocs.yml or the notes cannot be read (a broken metadata file is a finding)."""
    config = read_mkdocs_yml(config_file)
    options = notes_options(config, config_file)
    base = config_file.resolve().parent
    paths = notes_paths(options.notes, base)
    loaded = load_notebooks(paths, title=options.title, venue=options.venue,
                            repo_url=str(config.get("repo_url") or ""))
    meta_file = metadata.metadata_path(options.metadata, paths, base)
    return Project(config_file, config, options, paths, loaded.notebooks, meta_file,
                   metadata.load(meta_file), loaded.sources)
