"""Shared test helpers: the embedded notes, golden files, a real `mkdocs build` in a temp dir."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
from enum import Enum
from pathlib import Path

import markdown
import pytest
from mkdocs.utils import yaml_load

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "docs" / "notes" / "iclr2020.md"
SHARED_NOTES = ROOT.parent / "shared" / "notes" / "iclr2020-reading-notes.md"
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: Model fields added after most goldens were written: left out at these values, so that a
#: golden shows them only where a fixture uses them (notes folders, one paper's notes).
_LATER_FIELDS = {"notes": None, "folder": ""}


def as_data(value: object) -> object:
    """A model value as JSON-ready data; blocks carry their kind so goldens stay readable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _LATER_FIELDS or getattr(value, f.name) != _LATER_FIELDS[f.name]}
        return {"kind": type(value).__name__, **data}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    return value


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; `UPDATE_GOLDEN=1 pytest` rewrites it on purpose."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run UPDATE_GOLDEN=1 pytest to create it"
    assert actual == path.read_text(encoding="utf-8"), f"differs from golden {name}"


def golden_json(name: str, value: object) -> None:
    """Golden-compare a model value as indented JSON."""
    check_golden(name, json.dumps(as_data(value), indent=1, ensure_ascii=False) + "\n")


@dataclasses.dataclass
class Build:
    """The result of a real `mkdocs build` in a temporary folder."""

    returncode: int
    log: str
    site: Path

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


def mkdocs_build(project: Path, *extra: str) -> Build:
    """Run `mkdocs build --strict` in `project` (a folder with mkdocs.yml) as a user would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, project / "site")


def make_project(tmp: Path, notes: dict[str, str | bytes], plugin_options: str = "") -> Path:
    """A minimal MkDocs project in `tmp` using the repo's mkdocs.yml with other notes files."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("  - notes:")
    end = config.index("\nmarkdown_extensions:")
    names = "\n".join(f"        - {name}" for name in notes)
    block = f"  - notes:\n      notes:\n{names}\n{plugin_options}"
    (tmp / "mkdocs.yml").write_text(config[:start] + block + config[end:], encoding="utf-8")
    (tmp / "docs").mkdir(exist_ok=True)
    for name, content in notes.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repo's own site, built once per test session in a temp copy of the project."""
    tmp = tmp_path_factory.mktemp("seed-site")
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs")
    build = mkdocs_build(tmp)
    assert build.returncode == 0, build.log
    return build


def markdown_extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    """The Markdown extensions and their options, as the repo's mkdocs.yml loads them."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' own loader: `!ENV`, `!!python/name:`
    names: list[str] = []
    configs: dict[str, dict[str, object]] = {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        configs[name] = options or {}
    return names, configs


@functools.cache
def converter() -> markdown.Markdown:
    """Python-Markdown as MkDocs runs it for this site: a page's Markdown → its HTML."""
    names, configs = markdown_extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def page_html(page: str) -> str:
    """A generated page's Markdown (front matter dropped) as the HTML MkDocs would make."""
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    return converter().reset().convert(body)
