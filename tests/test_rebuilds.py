"""A rebuild in `mkdocs serve` reuses what did not change and writes the same site as a fresh
build: pages, search index and exports, byte for byte.

The rebuilds run as `mkdocs serve` runs them (`load_config`, `on_startup("serve")` once, then
`build` after each change), in a child process, because MkDocs keeps plugins that have
`on_startup` for the life of the process. tests/packaging/test_rebuild_versions.py runs this
file again on the lowest and the newest MkDocs and Material that pyproject.toml allows.

When the installed versions lie outside what `notes_site.rebuilds.TESTED` names, or one of
its `INTERNALS` is missing, the plugin takes the plain path: the tests here pass such a range
or internal in, as a real serve would meet it, and the site must still be a fresh build's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from benchmarks.make_notes import make_notes
from notes_site.rebuilds import INTERNALS, TESTED, Internal, unsupported
from tests.conftest import ROOT, make_project

NOTES = ("## Topic B\n1. [Unchanged paper](https://openreview.net/forum?id=CCC): same, "
         "with $r \\ge k$ math.\n\n"
         "## Topic A\n1. [First paper](https://openreview.net/forum?id=AAA): kept.\n")
NEW_PAPER = "2. [A paper added while serving](https://openreview.net/forum?id=BBB): new.\n"

REBUILDS = """
import json, logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from notes_site.rebuilds import INTERNALS, Internal, Rebuilds
config_file, site, notes, new = sys.argv[1:5]
# Optional: the tested versions and extra internals a serve is started with, as JSON.
given = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
lines = []
handler = logging.Handler(logging.INFO)
handler.emit = lambda record: lines.append(record.getMessage())
logging.getLogger("mkdocs.plugins.notes_site").addHandler(handler)
logging.getLogger("mkdocs.plugins.notes_site").setLevel(logging.INFO)
reports = []
for n in range(3):
    if n == 2:
        with open(new, encoding="utf-8") as source, open(notes, "w", encoding="utf-8") as file:
            file.write(source.read())
    config = load_config(config_file=config_file, site_dir=site)
    plugin = config.plugins["notes"]
    if n == 0:
        if given:
            extra = tuple(Internal(*row) for row in given.get("internals", ()))
            plugin.rebuilds = Rebuilds(internals=INTERNALS + extra,
                                       tested={k: tuple(v) for k, v in given["tested"].items()})
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    rebuilds = plugin.rebuilds
    reports.append({"outputs": rebuilds.outputs.reused, "search": rebuilds.search.reused,
                    "rendered": rebuilds.cache.rendered, "plain": rebuilds.plain_because,
                    "log": [line for line in lines if "rebuilds" in line]})
print(json.dumps(reports))
"""


def _run(args: list[str], cwd: Path) -> str:
    """`python args` in `cwd`. The build date is fixed (MkDocs reads SOURCE_DATE_EPOCH), so
    that the sitemap's dates of the served and the fresh build agree across midnight."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1733443200"}
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _site(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the gzipped sitemap (its header holds a time)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".gz"}


def _rebuilt_and_fresh(tmp_path: Path, notes: str, new: str, given: dict[str, Any] | None = None
                       ) -> tuple[list[dict[str, Any]], Path, Path]:
    """Serve-like builds of `notes` (twice), then of the `new` notes; and a fresh build of
    `new`. The reports of the three serve builds and the two site folders. `given` is what
    the serve's `Rebuilds` is made with (tested versions, extra internals), if anything."""
    for folder in ("served", "fresh"):
        (tmp_path / folder).mkdir(parents=True)
    served = make_project(tmp_path / "served", {"notes/reading.md": notes})
    fresh = make_project(tmp_path / "fresh", {"notes/reading.md": new})
    out = _run(["-c", REBUILDS, str(served / "mkdocs.yml"), str(served / "site"),
                str(served / "notes" / "reading.md"), str(fresh / "notes" / "reading.md"),
                *([json.dumps(given)] if given else [])], cwd=ROOT)
    _run(["-m", "mkdocs", "build", "--strict"], cwd=fresh)
    return json.loads(out.splitlines()[-1]), served / "site", fresh / "site"


def test_rebuilds_reuse_the_unchanged_pages_and_write_what_a_fresh_build_writes(
        tmp_path: Path) -> None:
    (first, same, changed), site, fresh_site = _rebuilt_and_fresh(tmp_path, NOTES,
                                                                  NOTES + NEW_PAPER)

    assert first["plain"] is None, f"the incremental rebuilds are off here: {first['plain']}"
    assert first["outputs"] == [] and first["search"] == 0
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


def test_the_internals_the_rebuilds_use_exist_in_the_installed_versions() -> None:
    """Every row of `INTERNALS` resolves and MkDocs and Material are in `TESTED`'s range:
    what a serve checks when it starts (run on the lowest and newest versions too)."""
    assert unsupported() is None


def test_a_version_or_an_internal_not_tested_is_named() -> None:
    assert unsupported(tested={"mkdocs": ("1.7.0", "1.7")}) == (
        f"mkdocs {version('mkdocs')} is outside the tested 1.7.0 to 1.7.x")
    assert unsupported(tested={"mkdocs-material": ("9.0.0", "9.4")}) == (
        f"mkdocs-material {version('mkdocs-material')} is outside the tested 9.0.0 to 9.4.x")
    gone = Internal("mkdocs", "mkdocs.structure.pages:Page._title_from_markdown", "test")
    assert unsupported((*INTERNALS, gone), TESTED) == (
        "mkdocs has no mkdocs.structure.pages:Page._title_from_markdown")
    assert unsupported((Internal("x", "no_such_module:f", "test"),), {}) == (
        "x has no no_such_module:f")
    assert unsupported((), {"no-such-distribution": ("1", "1")}) == (
        "no-such-distribution is not installed")


@pytest.mark.parametrize("given", [
    {"tested": {**TESTED, "mkdocs-material": ["9.0.0", "9.4"]}},
    {"tested": TESTED, "internals": [["mkdocs", "mkdocs.structure.pages:Page._gone", "test"]]},
], ids=["material-outside-the-range", "an-internal-missing"])
def test_untested_packages_take_the_plain_path_and_the_site_is_still_right(
        tmp_path: Path, given: dict[str, Any]) -> None:
    """A serve started where the rebuilds were not tested: one log line says so, nothing is
    reused on any rebuild, and the site is a fresh build's."""
    reports, site, fresh_site = _rebuilt_and_fresh(tmp_path, NOTES, NOTES + NEW_PAPER, given)
    reason = reports[0]["plain"]
    assert reason and ("9.4.x" in reason or "Page._gone" in reason), reason
    for report in reports:
        assert report["outputs"] == [] and report["search"] == 0 and report["rendered"] == []
        assert report["log"] == [
            "notes: rebuilds render every page in full, as the installed packages were not "
            f"tested with notes-site's incremental rebuilds: {reason}"]
    built, expected = _site(site), _site(fresh_site)
    assert built.keys() == expected.keys()
    assert [name for name in expected if built[name] != expected[name]] == []
    assert b"A paper added while serving" in built["topic-a/index.html"]
