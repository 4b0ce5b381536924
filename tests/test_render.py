"""Rendering: golden pages for the user's notes, and escaping of untrusted titles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from notes_site.defuse import escape_text
from notes_site.held import new_nonce
from notes_site.model import Notebook
from notes_site.parse import parse
from notes_site.render import Site, render
from notes_site.url_schemes import safe_url
from tests.conftest import NOTES, ROOT, check_golden

AWESOME_LIST = ROOT / "tests" / "fixtures" / "awesome-list.md"


def seed_site_notebook() -> Notebook:
    notebook = parse(NOTES.read_text(encoding="utf-8"), "docs/notes/iclr2020.md",
                     title="ICLR 2020 reading notes", venue="ICLR 2020").notebook
    assert notebook is not None
    return notebook


def seed_site() -> Site:
    return render([seed_site_notebook()])


def test_pages_match_golden() -> None:
    site = seed_site()
    assert sorted(site.pages) == sorted([
        "index.md", "papers.md", "optimization-generalization.md", "generative-models.md",
        "inference-methods.md", "continual-learning.md", "transfer-learning.md",
        "meta-learning.md", "starred-papers.md", "mentioned-not-yet-noted.md", "overview.md",
    ])
    for page, markdown in site.pages.items():
        check_golden(f"iclr2020/{page}", markdown)


def test_nav_lists_home_topics_in_source_order_and_the_table() -> None:
    nav = seed_site().nav
    assert [next(iter(item)) for item in nav] == [
        "Home", "Optimization &amp; Generalization", "Generative models", "Inference methods",
        "Continual learning", "Transfer learning", "Meta learning", "All papers", "At a glance",
        "Must read", "Mentioned, not yet noted",
    ]


#: Parses and renders in a fresh interpreter and prints the pages and nav as JSON: once the
#: seed notes alone, once two notebooks together (folders, anchors unique across files).
RENDER_SCRIPT = """
import json, sys
from pathlib import Path
from notes_site.notebooks import load_notebooks
from notes_site.render import render
sites = [render(load_notebooks([Path(p) for p in paths], title="Notes").notebooks)
         for paths in (sys.argv[1:2], sys.argv[1:3])]
print(json.dumps([[site.pages, site.nav] for site in sites]))
"""


def render_in_process(seed: str) -> str:
    """The JSON that `RENDER_SCRIPT` prints in a new Python with this `PYTHONHASHSEED`."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", RENDER_SCRIPT, str(NOTES), str(AWESOME_LIST)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_render_is_deterministic_across_processes_and_hash_seeds() -> None:
    first, second = render_in_process("1"), render_in_process("2")
    assert first == second
    one, two = json.loads(first)
    assert sorted(one[0]) == sorted(seed_site().pages), "the seed notes' pages, all of them"
    assert len(two[0]) > len(one[0]), "two notebooks give more pages than one"


@pytest.mark.parametrize(("title", "expected"), [
    ("a | b", "a \\| b"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("*not emphasis*", "\\*not emphasis\\*"),
    ("Title {#id}", "Title \\{\\#id\\}"),
    ("`code`", "\\`code\\`"),
    ("GIN (flow) [x](y)", "GIN (flow) &#91;x&#93;(y)"),
    ("C# and F#", "C\\# and F\\#"),
    ("$\\ell_1$ penalties_x", "$\\ell_1$ penalties\\_x"),
])
def test_escape_text(title: str, expected: str) -> None:
    assert escape_text(title) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://openreview.net/pdf?id=X", "https://openreview.net/pdf?id=X"),
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("data:text/html,<b>", None),
    ("mailto:a@b.c", "mailto:a@b.c"),
    ("https://x.org/a b<c>", "https://x.org/a%20b%3Cc%3E"),
])
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_the_plugin_and_the_export_write_each_block_in_one_form() -> None:
    """The pages the export writes hold the renderer's own blocks as HTML; the plugin's pages
    hold a placeholder where each is, and the very same block beside them."""
    notes = ("# N\n\n## Theory $x$\n\n"
             "1. ★ [Bounds on $x^2$](https://arxiv.org/abs/1706.03762): see [Adam :fire:]"
             "(https://arxiv.org/abs/1412.6980).\n"
             "2. [Adam :fire:](https://arxiv.org/abs/1412.6980) (ICLR $2$015): a.\n"
             "3. [Bad](javascript:alert(1)): b.\n")
    for notebook in (seed_site_notebook(), parse(notes, "n.md").notebook):
        assert notebook is not None
        exported = render([notebook])
        nonce = new_nonce()
        held = render([notebook], hold=nonce)
        for page, markdown in exported.pages.items():
            blocks = held.held.get(page, ())
            filled = re.sub(rf"{nonce}x(\d+)", lambda m, found=blocks: found[int(m[1])],
                            held.pages[page])
            assert filled == markdown, page
            for markdown_form in ("{ .ns-meta", "{ .ns-related", "{ .ns-also", "{ .ns-backlinks",
                                  "| --- |"):
                assert markdown_form not in markdown, (page, markdown_form)
        table = exported.pages["papers.md"]
        assert table.count("<table>") == 1 and table.count("<tr>") == len(notebook.papers()) + 1
