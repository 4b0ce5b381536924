"""The `notes` plugin's options: their schema and defaults, shared with the command line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import yaml_load

from notes_site.site_markdown import MarkdownOptions

#: MathJax 3 from its CDN; a site served offline (or the tests) points this at a local copy.
DEFAULT_MATHJAX_URL = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"

#: The embedded notes, relative to the folder of mkdocs.yml.
DEFAULT_NOTES = ("docs/notes/*.md",)


class NotesConfig(Config):
    """Options of the `notes` plugin in mkdocs.yml."""

    notes = c.ListOfItems(c.Type(str), default=list(DEFAULT_NOTES))
    """Notes files, folders or globs, relative to the folder of mkdocs.yml; each file or
    folder is a notebook (a folder: its index and one notes file per paper)."""
    title = c.Optional(c.Type(str))
    """The notebook's title when its file has no front matter `title:` and no `#` heading."""
    venue = c.Optional(c.Type(str))
    """Where the notebook's papers appeared (e.g. `ICLR 2020`); front matter `venue:` wins."""
    mathjax_url = c.Type(str, default=DEFAULT_MATHJAX_URL)
    """The MathJax 3 script to load."""
    escape_html = c.Type(bool, default=False)
    """Show raw HTML written in the notes as text instead of passing it to the page."""
    metadata = c.Optional(c.Type(str))
    """The metadata file `notes-site metadata` writes (relative to mkdocs.yml); by default
    `papers.meta.json` beside the first notes file."""
    allow_private = c.Type(bool, default=False)
    """`notes-site check` and `notes-site metadata` may connect to loopback, private,
    link-local and unspecified addresses (an intranet's links): `--allow-private` for good.
    The build itself makes no request."""


def plugin_names(plugins: object) -> set[str]:
    """The names of the plugins a config lists, without a theme prefix (`material/tags` is
    `tags`): from MkDocs' loaded plugin collection, or mkdocs.yml's list or mapping."""
    if isinstance(plugins, dict):
        names = list(plugins)
    elif isinstance(plugins, list):
        names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    else:
        names = []
    return {str(name).rsplit("/", 1)[-1] for name in names}


class ConfigError(Exception):
    """mkdocs.yml cannot be read, or its `notes` plugin options are wrong."""


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs itself reads it (`!ENV` and `!relative` tags included)."""
    try:
        with path.open(encoding="utf-8") as file:
            data = yaml_load(file)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a mapping of settings")
    return data


def markdown_options(config: dict[str, Any]) -> MarkdownOptions:
    """The Markdown extensions of a loaded mkdocs.yml as MkDocs passes them to Python-Markdown:
    read by MkDocs' own `markdown_extensions` option (its built-in extensions first, each
    extension's options apart), from a copy, since that option takes the list apart."""
    option = dict(MkDocsConfig._schema)["markdown_extensions"]
    holder = MkDocsConfig()
    option.pre_validation(holder, "markdown_extensions")
    try:
        names = option.validate(copy.deepcopy(config.get("markdown_extensions") or []))
    except ValidationError as err:
        raise ConfigError(f"markdown_extensions: {err}") from None
    option.post_validation(holder, "markdown_extensions")
    return MarkdownOptions(tuple(names), holder["mdx_configs"])


def notes_options(config: dict[str, Any], path: Path) -> NotesConfig:
    """The `notes` plugin's options in a loaded mkdocs.yml, validated, defaults filled in.

    A config that does not list the plugin is an error: the command line would not know which
    notes the site is built from.
    """
    plugins = config.get("plugins") or []
    # MkDocs takes `plugins:` as a list of names and one-key mappings, or as one mapping.
    items = [{k: v} for k, v in plugins.items()] if isinstance(plugins, dict) else plugins
    for item in items:
        name, given = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name == "notes":
            options = NotesConfig(config_file_path=str(path))
            options.load_dict(dict(given or {}))
            errors, _ = options.validate()
            if errors:
                key, error = errors[0]
                raise ConfigError(f"{path}: plugins: notes: {key}: {error}")
            return options
    raise ConfigError(f"{path}: no `notes` plugin in `plugins`")
