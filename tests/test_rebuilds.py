"""A rebuild in `mkdocs serve` reuses what did not change and writes the same site as a fresh
build: pages, search index and exports, byte for byte.

The rebuilds run as `mkdocs serve` runs them (`load_config`, `on_startup("serve")` once, then
`build` after each change), in a child process, because MkDocs keeps plugins that have
`on_startup` for the life of the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.make_notes import make_notes
from tests.conftest import ROOT, make_project

NOTES = ("## Topic B\n1. [Unchanged paper](https://openreview.net/forum?id=CCC): same, "
         "with $r \\ge k$ math.\n\n"
         "## Topic A\n1. [First paper](https://openreview.net/forum?id=AAA): kept.\n")
NEW_PAPER = "2. [A paper added while serving](https://openreview.net/forum?id=BBB): new.\n"

REBUILDS = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site, notes, new = sys.argv[1:5]
reports = []
for n in range(3):
    if n == 2:
        with open(new, encoding="utf-8") as source, open(notes, "w", encoding="utf-8") as file:
            file.write(source.read())
    config = load_config(config_file=config_file, site_dir=site)
    if n == 0:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = config.plugins["notes"]
    reports.append({"outputs": plugin.outputs.reused, "search": plugin.search.reused,
                    "rendered": plugin.cache.rendered})
print(json.dumps(reports))
"""


def _run(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _site(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the gzipped sitemap (its header holds a time)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".gz"}


def _rebuilt_and_fresh(tmp_path: Path, notes: str,
                       new: str) -> tuple[list[dict[str, Any]], Path, Path]:
    """Serve-like builds of `notes` (twice), then of the `new` notes; and a fresh build of
    `new`. The reports of the three serve builds and the two site folders."""
    for folder in ("served", "fresh"):
        (tmp_path / folder).mkdir(parents=True)
    served = make_project(tmp_path / "served", {"notes/reading.md": notes})
    fresh = make_project(tmp_path / "fresh", {"notes/reading.md": new})
    out = _run(["-c", REBUILDS, str(served / "mkdocs.yml"), str(served / "site"),
                str(served / "notes" / "reading.md"), str(fresh / "notes" / "reading.md")],
               cwd=ROOT)
    _run(["-m", "mkdocs", "build", "--strict"], cwd=fresh)
    return json.loads(out.splitlines()[-1]), served / "site", fresh / "site"


def test_rebuilds_reuse_the_unchanged_pages_and_write_what_a_fresh_build_writes(
        tmp_path: Path) -> None:
    (first, same, changed), site, fresh_site = _rebuilt_and_fresh(tmp_path, NOTES,
                                                                  NOTES + NEW_PAPER)

    assert first == {"outputs": [], "search": 0, "rendered": first["rendered"]}
    assert "topic-a.md" in first["rendered"]
    # Nothing changed: every generated page is written and indexed as it was.
    assert same["rendered"] == []
    assert {"topic-a.md", "topic-b.md", "index.md", "papers.md"} <= set(same["outputs"])
    assert same["search"] >= 2
    # A paper added to Topic A: its page and the home page are rendered anew; the All papers
    # table is held out of Python-Markdown (notes_site.held), so its page's Markdown may be
    # reused, but no page that changed is written as it was.
    assert {"topic-a.md", "index.md"} <= set(changed["rendered"])
    assert "topic-b.md" in changed["outputs"]
    assert not {"topic-a.md", "index.md", "papers.md"} & set(changed["outputs"])

    built, expected = _site(site), _site(fresh_site)
    assert built.keys() == expected.keys()
    different = [name for name in expected if built[name] != expected[name]]
    assert different == []
    assert b"A paper added while serving" in built["topic-a/index.html"]
    assert b"A paper added while serving" in built["search/search_index.json"]


@pytest.mark.parametrize("where", ["end", "middle"])
def test_rebuilds_of_generated_notes_write_what_a_fresh_build_writes(
        tmp_path: Path, where: str) -> None:
    """150 generated papers (stars, backlinks, related links, math, the must-read and tags
    pages), a paper added at the end or in the middle (which moves every line after it)."""
    notes = make_notes(150, 1)
    lines = notes.splitlines(keepends=True)
    cut = len(lines) // 2 if where == "middle" else len(lines)
    while cut < len(lines) and not lines[cut].startswith("## "):
        cut += 1  # the new paper goes at the end of a topic
    added = "\n1. [A paper added while serving](https://arxiv.org/abs/2001.00001): new.\n\n"
    new = "".join(lines[:cut]) + added + "".join(lines[cut:])
    (first, same, changed), site, fresh_site = _rebuilt_and_fresh(tmp_path, notes, new)
    assert same["rendered"] == [] and len(same["outputs"]) == len(first["rendered"])
    assert 0 < len(changed["rendered"]) < len(first["rendered"])
    built, expected = _site(site), _site(fresh_site)
    assert [n for n in expected if built.get(n) != expected[n]] == []
