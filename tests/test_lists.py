"""The one nesting rule (`notes_site.lists`): what the author's widths mean to CommonMark is
what Python-Markdown reads once the renderer has re-indented them, and `fmt` writes an entry's
lines by the same rule.

Expected values come from markdown-it's CommonMark renderer on the text as written; the
re-indented text is read by Python-Markdown, as MkDocs reads the page.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from markdown_it import MarkdownIt

from notes_site.fmt import format_notes
from notes_site.render import nest_lists


class _Tree(HTMLParser):
    """Each run of text of a page with the number of list items around it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.depth += tag == "li"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "li"

    def handle_data(self, data: str) -> None:
        for word in data.split():
            self.found.append((self.depth, word))


def tree(html: str) -> list[tuple[int, str]]:
    """Every word of the page with its depth in lists."""
    parser = _Tree()
    parser.feed(html)
    return parser.found


SHAPES = {
    "2-space bullets": "- a\n  - b\n    - c\n- d\n",
    "3-space under numbers": "1. a\n   - b\n   - c\n2. d\n",
    "tab indents": "- a\n\t- b\n\t\t- c\n- d\n",
    "text of an item after its sub-list": "- a\n  - b\n\n  more of a\n- d\n",
    "text of a sub-item after a blank": "- a\n  - b\n\n    more of b\n- d\n",
    "lazy lines deeper than the item": "- a\n  b\n    c\n- d\n",
    "a list after a paragraph": "Intro words\n- a\n  - b\n",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_python_markdown_reads_the_re_indented_list_as_commonmark_reads_the_written_one(
        shape: str) -> None:
    written = SHAPES[shape]
    assert tree(markdown.markdown(nest_lists(written))) == \
        tree(MarkdownIt("commonmark").render(written))


def test_the_same_rule_is_idempotent() -> None:
    for written in SHAPES.values():
        once = nest_lists(written)
        assert nest_lists(once) == once


def test_fmt_writes_an_entry_s_lines_by_the_renderer_s_rule() -> None:
    """An entry written at column 2 goes to column 0 and its lines under it, level by level,
    as the renderer nests lines; a line at column 0 (lazy) stays in the entry; Python-Markdown
    and CommonMark read the result alike."""
    text = ("## Topic\n\n  1. [A](https://arxiv.org/abs/1): one\n    - b\n      - c\n\n"
            "    more of A\nlazy\n\n      - d\n\n2. [B](https://arxiv.org/abs/2)\n")
    after = format_notes(text, "notes.md").split("\n")
    entry = after[2:after.index("2. [B](https://arxiv.org/abs/2)") - 1]
    assert entry == ["1. [A](https://arxiv.org/abs/1): one", "    - b", "        - c", "",
                     "    more of A", "lazy", "", "    - d"]
    formatted = "\n".join(after)
    assert tree(markdown.markdown(formatted)) == tree(MarkdownIt("commonmark").render(formatted))
