"""The site outlives MkDocs 1.x: ProperDocs (the MkDocs 1.x fork) builds the embedded site with
the `notes` plugin, and Zensical builds what `notes-site export` writes, with no plugin.

Each engine gets its own fresh environment (they pin versions MkDocs' own stack may not share).
Expected: every paper of the embedded notes, as the parser reads them (21), is a heading with
its anchor on its topic's page.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import pytest

from notes_site.model import Notebook
from notes_site.parse import parse, read_notes
from tests.conftest import NOTES, ROOT
from tests.packaging.conftest import make_venv, run

pytestmark = pytest.mark.packaging


def embedded_notebook() -> Notebook:
    notebook = parse(read_notes(NOTES), str(NOTES)).notebook
    assert notebook is not None and len(notebook.papers()) == 21
    return notebook


def heading_text(page: str, anchor: str) -> str | None:
    """The text of the heading with id `anchor`, tags and permalink sign dropped."""
    match = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"[^>]*>(.*?)</h\1>', page, re.S)
    if match is None:
        return None
    text = html.unescape(re.sub(r"<[^>]+>", "", match[2])).replace("¶", "")
    return " ".join(text.split())


def assert_every_paper_shown(site: Path) -> None:
    missing = []
    for topic in embedded_notebook().topics:
        page = (site / topic.slug / "index.html").read_text(encoding="utf-8")
        for paper in topic.all_papers():
            shown = heading_text(page, paper.anchor)
            if shown is None or paper.title not in shown:
                missing.append((topic.slug, paper.anchor, paper.title, shown))
    assert not missing, missing


def project_copy(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    return folder


def test_properdocs_builds_the_embedded_site_with_the_plugin(wheel: Path, tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv", "properdocs", wheel)
    project = project_copy(tmp_path / "project")
    build = run([venv.bin / "properdocs", "build", "--strict", "-f", "mkdocs.yml"], project,
                venv.env())
    assert "WARNING" not in build.stderr, build.stderr
    assert_every_paper_shown(project / "site")


def test_zensical_builds_the_export(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv", "zensical")
    project = project_copy(tmp_path / "project")
    out = tmp_path / "exported"
    run([sys.executable, "-m", "notes_site.cli", "export", out], project)
    build = run([venv.bin / "zensical", "build", "--strict", "-f", "mkdocs.yml"], out,
                venv.env())
    assert "Build finished" in build.stdout + build.stderr
    assert_every_paper_shown(out / "site")
