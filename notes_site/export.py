"""The site as plain Markdown in a folder, with a mkdocs.yml that needs no plugin.

MkDocs 1.6 is frozen and Material is in maintenance mode: an engine that reads mkdocs.yml and
Markdown but runs no MkDocs plugin (Zensical, ProperDocs) builds the same site from this.
"""

from __future__ import annotations

import shutil
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from notes_site import assets
from notes_site.render import Site


def exported_config(config: dict[str, Any], site: Site, mathjax_url: str) -> dict[str, Any]:
    """mkdocs.yml for the exported folder: the same site, the `notes` plugin's work done."""
    out = {key: value for key, value in config.items() if key not in ("docs_dir", "nav")}
    plugins = [p for p in config.get("plugins") or []
               if (p if isinstance(p, str) else next(iter(p))) != "notes"]
    out["docs_dir"] = "docs"
    out["plugins"] = plugins
    out["nav"] = site.nav if config.get("nav") is None else config["nav"]
    out["extra_css"] = [*config.get("extra_css", []), assets.STYLESHEET]
    out["extra_javascript"] = [*config.get("extra_javascript", []), *assets.SCRIPTS,
                              mathjax_url]
    return out


class _Dumper(yaml.SafeDumper):
    """YAML that writes a Python object named in mkdocs.yml (`!!python/name:…`, such as the
    emoji index) back as that tag."""


def _python_name(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.__module__}."
                                   f"{value.__qualname__}", "")


_Dumper.add_representer(types.FunctionType, _python_name)
_Dumper.add_representer(types.BuiltinFunctionType, _python_name)
_Dumper.add_representer(type, _python_name)


def exported_files(config: dict[str, Any], site: Site, mathjax_url: str) -> dict[str, str]:
    """Every file the export writes, by path relative to the output folder."""
    files = {f"docs/{page}": markdown for page, markdown in site.pages.items()}
    files |= {f"docs/{asset}": assets.read(asset) for asset in assets.ASSETS}
    text = yaml.dump(exported_config(config, site, mathjax_url), Dumper=_Dumper,
                     sort_keys=False, allow_unicode=True)
    files["mkdocs.yml"] = "# Written by `notes-site export`: the site without the plugin.\n" + text
    return files


def write(files: dict[str, str], out: Path, docs_dir: Path, notes: Sequence[Path]) -> None:
    """Write the export into `out`, with the project's other docs files beside the pages."""
    if docs_dir.is_dir():
        skip = {p.resolve() for p in notes}
        for source in sorted(docs_dir.rglob("*")):
            if source.is_file() and source.resolve() not in skip:
                target = out / "docs" / source.relative_to(docs_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
