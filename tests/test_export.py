"""`notes-site export`: the same site from plain Markdown, built by MkDocs without the plugin."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.utils import yaml_load

from tests.conftest import ROOT, Build, make_project, mkdocs_build


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def export(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`notes-site export OUT` run in `project` as a user runs it; it must succeed."""
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "export", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_exported_pages_build_the_same_site_without_the_plugin(tmp_path: Path,
                                                                seed_build: Build) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    out = tmp_path / "exported"
    proc = export(project, out)
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


#: Titles, a topic and a venue that the site's Markdown extensions show as more than their
#: characters: math, emoji, a bare URL, a backslash.
MARKUP_NOTES = """# Markup

## Theory $x$ :star:

1. ★ [Bounds on $x^2$ (y)](https://arxiv.org/abs/1706.03762): see [Adam](https://arxiv.org/abs/1412.6980).
2. [A :fire: paper, see https://x.org](https://arxiv.org/abs/1412.6980): a note.
3. [Bounds on $x^2$ again](https://arxiv.org/abs/1706.03762): again.
"""


def test_text_the_extensions_change_is_one_form_in_the_plugin_and_the_export(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {"docs/notes/notes.md": MARKUP_NOTES})
    built = mkdocs_build(project)
    assert built.returncode == 0, built.log
    out = tmp_path / "exported"
    export(project, out)
    table = (out / "docs" / "papers.md").read_text(encoding="utf-8")
    math = r'<span class="arithmatex">\(x^2\)</span>'
    assert f"Bounds on {math}" in table and "<table>" in table and "| --- |" not in table
    exported = mkdocs_build(out)
    assert exported.returncode == 0 and "WARNING" not in exported.log, exported.log
    pages = sorted(p.relative_to(built.site) for p in built.site.rglob("index.html"))
    assert len(pages) >= 5
    for page in pages:
        assert article(exported.html(str(page))) == article(built.html(str(page))), page
    shown = article(built.html("papers/index.html"))
    assert f"Bounds on {math} again</a>" in shown and "Theory <span class=\"arithmatex\">" in shown
    topic = article(built.html("theory-x-star/index.html"))
    # "Also listed in" names the topic: math and emoji in a map line.
    assert 'Theory <span class="arithmatex">\\(x\\)</span> ⭐</a></p>' in topic
    assert "A 🔥 paper" in topic
