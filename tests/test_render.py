"""Rendering: golden pages for the user's notes, and escaping of untrusted titles."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from notes_site.defuse import escape_text
from notes_site.parse import parse
from notes_site.render import render
from notes_site.url_schemes import safe_url
from tests.conftest import NOTES, ROOT, check_golden

AWESOME_LIST = ROOT / "tests" / "fixtures" / "awesome-list.md"


def seed_site():  # type: ignore[no-untyped-def]
    notebook = parse(NOTES.read_text(encoding="utf-8"), "docs/notes/iclr2020.md",
                     title="ICLR 2020 reading notes", venue="ICLR 2020").notebook
    assert notebook is not None
    return render([notebook])


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
