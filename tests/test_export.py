"""`notes-site export`: the same site from plain Markdown, built by MkDocs without the plugin."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.utils import yaml_load

from tests.conftest import ROOT, Build, mkdocs_build


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_exported_pages_build_the_same_site_without_the_plugin(tmp_path: Path,
                                                                seed_build: Build) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    out = tmp_path / "exported"
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "export", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # 6 topics, the home page, All papers, At a glance, Must read, Mentioned, not yet noted,
    # Tags.
    assert proc.stdout == f"wrote 12 pages to {out}\n"
    with (out / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)
    assert "notes" not in [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert not (out / "docs" / "notes" / "iclr2020.md").exists()
    build = mkdocs_build(out)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    pages = sorted(p.relative_to(seed_build.site) for p in seed_build.site.rglob("index.html"))
    assert len(pages) == 12
    for page in pages:
        assert article(build.html(str(page))) == article(seed_build.html(str(page))), page


def test_export_without_a_notes_plugin_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n")
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "export", "out"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "no `notes` plugin in `plugins`" in proc.stderr
