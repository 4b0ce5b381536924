"""Hostile shapes stay cheap (issue 21, part D): nesting past `MAX_DEPTH` levels is shown at
that depth with one finding and no word lost; thousands of `<details>` keep every paper; a
paragraph of hundreds of links shows them as Python-Markdown would.

The expected depths are counted in the HTML that Python-Markdown (as mkdocs.yml configures
it) makes of the pages, not in the parser's model; the time these shapes take is measured in
`benchmarks/bench_hostile.py`, not here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from notes_site.defuse import MANY_LINKS, defuse
from notes_site.inline import markdown_parser
from notes_site.nesting import MAX_DEPTH
from notes_site.parse import parse
from notes_site.render import render
from tests.conftest import page_html
from tests.test_nothing_lost import missing_words

LEVELS = 300


class _Depth(HTMLParser):
    """The deepest nesting of some elements in a page's HTML."""

    def __init__(self, tags: set[str]) -> None:
        super().__init__()
        self.tags, self.depth, self.deepest = tags, 0, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.tags:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags:
            self.depth -= 1


def deepest(text: str, tags: set[str]) -> int:
    result = parse(text, "deep.md")
    assert result.notebook is not None
    found = 0
    for page in render([result.notebook]).pages.values():
        parser = _Depth(tags)
        parser.feed(page_html(page))
        found = max(found, parser.deepest)
    return found


HEAD = ["## Topic", "", "1. [A paper](https://a.org/x): its summary"]
LISTS = "\n".join([*HEAD, *(f"{'    ' * d}- level{d} words" for d in range(1, LEVELS + 1))])
TABS = "\n".join([*HEAD, *(f"{chr(9) * d}- level{d} words" for d in range(1, LEVELS + 1))])
QUOTES = "\n".join([*HEAD, "", *(f"{'> ' * d}level{d} words" for d in range(1, LEVELS + 1))])


@pytest.mark.parametrize(("text", "tags"), [(LISTS, {"ul", "ol"}), (TABS, {"ul", "ol"}),
                                            (QUOTES, {"blockquote"})],
                         ids=["spaces", "tabs", "quotes"])
def test_nesting_past_the_bound_is_shown_at_it_and_loses_no_word(text: str,
                                                                 tags: set[str]) -> None:
    lines = text.split("\n")
    first_deep = lines.index(next(line for line in lines if "level21 " in line)) + 1
    findings = [d for d in parse(text, "deep.md").diagnostics if d.code == "deep-nesting"]
    assert [(d.line, d.col) for d in findings] == [(first_deep, 1)]
    assert f"on {LEVELS - MAX_DEPTH} lines" in findings[0].message
    assert deepest(text, tags) == MAX_DEPTH
    assert missing_words(text, "deep.md") == set()


def test_nesting_within_the_bound_is_left_alone() -> None:
    text = "\n".join([*HEAD, *(f"{'    ' * d}- level{d}" for d in range(1, MAX_DEPTH + 1))])
    assert not [d for d in parse(text, "deep.md").diagnostics if d.code == "deep-nesting"]
    assert deepest(text, {"ul", "ol"}) >= MAX_DEPTH


def test_thousands_of_details_keep_every_paper() -> None:
    count = 1500
    text = ("## Topic\n\n" + "<details>\n<summary>Fold</summary>\n\n" * count
            + "1. [The paper](https://a.org/x): inside them all\n\n" + "</details>\n" * count)
    result = parse(text, "details.md")
    assert result.notebook is not None
    assert [p.title for p in result.notebook.papers()] == ["The paper"]
    assert missing_words(text, "details.md") == set()


_ANCHOR = re.compile(r"<a\b[^>]*>.*?</a>", re.S)


def test_a_paragraph_of_many_links_shows_them_as_python_markdown_would() -> None:
    """Past `MANY_LINKS` links the renderer writes `<a>` tags (Python-Markdown reads a
    paragraph of N links in N² time); the anchors are those Python-Markdown makes of the
    links as written."""
    links = [f"[[pdf]](https://a.org/{i}.pdf)" for i in range(MANY_LINKS + 50)]
    links[3] = '[the *third* one](https://b.org/3 "its title")'
    line = "An entry with " + " ".join(links) + " and [an unsafe one](javascript:alert(1))"
    text = f"## Topic\n\n1. [A paper](https://a.org/paper): {line}\n"
    page = render([parse(text, "many.md").notebook]).pages["topic.md"]
    summary = next(p for p in page.split("\n\n") if p.startswith("An entry with"))
    assert summary.count("<a href=") == len(links), "each safe link written as a tag"
    expected = _ANCHOR.findall(page_html(line))
    assert _ANCHOR.findall(page_html(summary)) == expected[:len(links)]
    assert "javascript:alert(1)" in summary and "javascript" not in "".join(
        _ANCHOR.findall(page_html(summary))), "the unsafe link is still shown as text"
    assert missing_words(text, "many.md") == set()


def test_a_paragraph_of_few_links_keeps_their_markdown() -> None:
    line = " ".join(f"[[pdf]](https://a.org/{i}.pdf)" for i in range(MANY_LINKS))
    assert defuse(line, markdown_parser()) == line
