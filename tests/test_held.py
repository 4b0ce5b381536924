"""The renderer's HTML blocks held out of Python-Markdown come back as Python-Markdown would
have written them (issue 13): for every page, the HTML of the page with the blocks in its
Markdown (what `notes-site export` writes) is the expected value, made by Python-Markdown with
the site's extensions; the page with placeholders, converted the same way and restored, must
equal it byte for byte. The blocks are one HTML form either way, their text (math, emoji, bare
URLs) made with the same extensions (`notes_site.site_markdown`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_notes import make_notes
from notes_site.config import markdown_options, read_mkdocs_yml
from notes_site.held import (
    MissingBlockError,
    new_nonce,
    placeholder,
    restore,
    restore_unsearched,
    searched,
)
from notes_site.notebooks import load_notebooks
from notes_site.render import render
from tests.conftest import FIXTURES, NOTES, ROOT, converter, page_html

#: A word shaped like a placeholder, in a paper's summary: it must stay text.
LOOKALIKE = "nsheld0123456789abcdef0123456789abcdefx0"
SOURCES = {
    "embedded": NOTES.read_text(encoding="utf-8"),
    "generated": make_notes(150, 1),
    "attacks": (FIXTURES / "safety" / "attacks.md").read_text(encoding="utf-8"),
    "lookalike": f"# N\n\n## T\n\n1. [A paper](https://arxiv.org/abs/1234.5678): {LOOKALIKE}\n",
    # Titles, a topic and a venue the site's extensions change, in every kind of block.
    "markup": "# N\n\n## Theory $x$ :star:\n\n"
              "1. ★ [Bounds on $x^2$ \\(y\\)](https://arxiv.org/abs/1706.03762) (NeurIPS $2$): a.\n"
              "2. [A :fire: paper see https://x.org](https://arxiv.org/abs/1412.6980): see "
              "[Bounds](https://arxiv.org/abs/1706.03762).\n"
              "3. [Bounds again](https://arxiv.org/abs/1706.03762): b.\n"
              "4. [Bad link](javascript:alert(1)): c.\n",
}
#: The repo's site's extensions, as the plugin hands them to the renderer.
SITE = markdown_options(read_mkdocs_yml(ROOT / "mkdocs.yml"))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_held_pages_make_the_html_of_the_pages_with_the_blocks_in(name: str,
                                                                 tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(SOURCES[name], encoding="utf-8")
    notebooks = load_notebooks([notes], title="Notes", venue="ICLR 2020").notebooks
    inline, nonce = render(notebooks, tags=True, markdown=SITE), new_nonce()
    held = render(notebooks, tags=True, hold=nonce, markdown=SITE)
    assert held.pages.keys() == inline.pages.keys()
    for page, markdown in inline.pages.items():
        blocks = held.held.get(page, ())
        restored = restore(page_html(held.pages[page]), nonce, blocks)
        assert restore_unsearched(restored, nonce, blocks) == page_html(markdown), page
    papers = sum(len(nb.papers()) for nb in notebooks)
    # At least each paper's cite block and badges are held, and the All papers table.
    assert sum(len(blocks) for blocks in held.held.values()) >= 2 * papers + 1 > 1


def test_blocks_out_of_search_come_back_after_it_sanitized() -> None:
    nonce = new_nonce()
    searched_block = '<p class="ns-related"><a href="https://x.org/">x</a></p>'
    unsafe = '<p class="ns-meta" data-search-exclude><a href="javascript:alert(1)">y</a></p>'
    assert searched(searched_block) and not searched(unsafe)
    content = restore(f"<p>{placeholder(nonce, 0)}</p>\n<p>{placeholder(nonce, 1)}</p>",
                      nonce, [searched_block, unsafe])
    assert searched_block in content and "javascript" not in content
    page = restore_unsearched(f"<html>{content}</html>", nonce, [searched_block, unsafe])
    assert nonce not in page and "javascript" not in page and ">y</a></p>" in page


def test_a_lookalike_in_the_notes_stays_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(SOURCES["lookalike"], encoding="utf-8")
    nonce = new_nonce()
    site = render(load_notebooks([notes]).notebooks, hold=nonce)
    page = next(p for p in site.pages if p.startswith("t"))
    shown = restore(page_html(site.pages[page]), nonce, site.held[page])
    assert f"<p>{LOOKALIKE}</p>" in shown


def test_a_placeholder_in_code_gets_the_block_as_code_shows_it() -> None:
    # An indented code block: Python-Markdown shows raw HTML in it as escaped text.
    block = '<p class="ns-meta" data-search-exclude><a href="https://x.org/?a=1&b=2">x</a></p>'
    nonce = new_nonce()
    expected = converter().reset().convert(f"text\n\n    {block}\n")
    held = converter().reset().convert(f"text\n\n    {placeholder(nonce, 0)}\n")
    assert restore(held, nonce, [block]) == expected


def test_a_block_whose_placeholder_is_gone_is_an_error() -> None:
    nonce = new_nonce()
    with pytest.raises(MissingBlockError):
        restore(f"<p>{placeholder(nonce, 0)}</p>", nonce, ["<p>a</p>", "<p>b</p>"])


def test_every_nonce_is_new_and_a_plain_word() -> None:
    nonces = {new_nonce() for _ in range(100)}
    assert len(nonces) == 100
    for nonce in nonces:  # emphasis, emoji, math, magiclink: none acts on letters and digits
        assert nonce.isascii() and nonce.isalnum() and nonce.islower()
        assert converter().reset().convert(placeholder(nonce, 7)) == f"<p>{nonce}x7</p>"
