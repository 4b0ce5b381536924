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
        with open(notes, "a", encoding="utf-8") as file:
            file.write(new)
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


def test_rebuilds_reuse_the_unchanged_pages_and_write_what_a_fresh_build_writes(
        tmp_path: Path) -> None:
    (tmp_path / "served").mkdir()
    (tmp_path / "fresh").mkdir()
    served = make_project(tmp_path / "served", {"notes/reading.md": NOTES})
    fresh = make_project(tmp_path / "fresh", {"notes/reading.md": NOTES + NEW_PAPER})
    out = _run(["-c", REBUILDS, str(served / "mkdocs.yml"), str(served / "site"),
                str(served / "notes" / "reading.md"), NEW_PAPER], cwd=ROOT)
    first, same, changed = json.loads(out.splitlines()[-1])
    _run(["-m", "mkdocs", "build", "--strict"], cwd=fresh)

    assert first == {"outputs": [], "search": 0, "rendered": first["rendered"]}
    assert "topic-a.md" in first["rendered"]
    # Nothing changed: every generated page is written and indexed as it was.
    assert same["rendered"] == []
    assert {"topic-a.md", "topic-b.md", "index.md", "papers.md"} <= set(same["outputs"])
    assert same["search"] >= 2
    # A paper added to Topic A: its page, the home page and the table are made anew.
    assert {"topic-a.md", "index.md", "papers.md"} <= set(changed["rendered"])
    assert "topic-b.md" in changed["outputs"]
    assert not {"topic-a.md", "index.md", "papers.md"} & set(changed["outputs"])

    built, expected = _site(served / "site"), _site(fresh / "site")
    assert built.keys() == expected.keys()
    different = [name for name in expected if built[name] != expected[name]]
    assert different == []
    assert b"A paper added while serving" in built["topic-a/index.html"]
    assert b"A paper added while serving" in built["search/search_index.json"]
