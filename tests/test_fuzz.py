"""Hostile notes: text made of the notes' own alphabet, thrown at `parse` and `render`.

Not well-formed notes (`tests/test_nothing_lost.py` generates those) but what a bad merge, a
paste from a PDF or a prankster's pull request leaves: brackets and parentheses that do not
pair, backticks and `$` runs, `*` and `|` everywhere, raw `<` tags, headings and list markers
at any indentation, tabs, CRLF and lone CR, control characters and combining marks. For each
text: parsing and rendering raise nothing, every word of the text reaches a page (the words
are found by `tests/test_nothing_lost.py`'s reading, independently of the parser), and the
same text gives the same pages twice.

A plain `pytest` runs a bounded number of examples; `NOTES_SITE_FUZZ=long` selects the
`fuzz-long` profile for a long run (`NOTES_SITE_FUZZ=long .venv/bin/pytest tests/test_fuzz.py`).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notes_site.parse import parse
from notes_site.render import render
from tests.conftest import page_html
from tests.test_nothing_lost import missing_words, source_words

# The suite's run is the same 200 examples every time, so that CI fails on a change, not on a
# draw; the long run explores.
settings.register_profile("fuzz", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz-long", max_examples=20_000, deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = "fuzz-long" if os.environ.get("NOTES_SITE_FUZZ") == "long" else "fuzz"

#: The pieces notes are made of: syntax that opens and closes, line starts, odd characters.
SYNTAX = ["[", "]", "(", ")", "[[pdf]]", "](", "`", "```", "~~~", "$", "$$", "\\", "*", "**",
          "_", "|", "| --- |", "<", ">", "<b>", "</b>", "<details>", "</details>",
          "<summary>", "</summary>", "<!--", "-->", "&amp;", "{#id}", ":", ": ", " - ", "—",
          "★", "⭐", ":star:", "!", "#", "^", "https://", "http://a.org/x", "#anchor", "\"",
          "'"]
LINE_STARTS = ["", "", "# ", "## ", "### ", "#### ", "#", "1. ", "2) ", "- ", "* ", "+ ",
               "1). ", "(1) ", "    ", "        ", "\t", "  - ", "> ", "---", "===", "***",
               "<<<<<<< ours", "=======", ">>>>>>> theirs", "| a | b |", "```", "    1. "]
ODD = ["\r\n", "\r", "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\u0301", "\u0308",
       "\u200b", "\u200d", "\u2028", "\ufeff", "\u00a0", "\ud7ff", "吐槽", "é", "ﬁ"]
WORDS = st.from_regex(r"[a-z][a-z0-9]{2,7}", fullmatch=True)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """One line: a line start, then words, syntax and odd characters in any order."""
    pieces = draw(st.lists(st.one_of(WORDS, WORDS.map(lambda w: f" {w} "),
                                     st.sampled_from(SYNTAX), st.sampled_from(ODD)),
                           max_size=12))
    return draw(st.sampled_from(LINE_STARTS)) + "".join(pieces)


@st.composite
def hostile_notes(draw: st.DrawFn) -> str:
    """A notes file: lines joined by LF, CRLF or CR, under a heading or not."""
    body = draw(st.lists(lines(), min_size=1, max_size=25))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    head = ["## Topic"] if draw(st.booleans()) else []
    return ending.join([*head, *body]) + ending


def pages(text: str) -> tuple[dict[str, str], tuple[object, ...]]:
    """The pages and findings of a text, parsed and rendered from scratch."""
    result = parse(text, "fuzz.md")
    if result.notebook is None:
        return {}, result.diagnostics
    return dict(render([result.notebook]).pages), result.diagnostics


@settings(settings.get_profile(PROFILE))
@given(hostile_notes())
# What the fuzzing found, each fixed: a NUL on an indented line moved the tag edits; a line of
# a vertical tab before a paragraph did too, and so did a no-break space after a list marker;
# a section before the first topic heading was dropped when its topic held no paper; a code
# fence left open at the end was text to Python-Markdown, which took `{#id}` in it as markup.
@example(" a01 \x00a00</b>\n")
@example("\x0b\na00\n<<<<<<< ours\n")
@example("\n\n\n- \xa0\na00[a000<!--\n")
@example("## Topic\nb00\n# \n## a00](a00\n")
@example("```a00\r\n{#id}\n")
def test_hostile_notes_parse_render_lose_nothing_and_repeat(text: str) -> None:
    first = pages(text)
    if not first[0]:
        assert source_words(text) == set(), "only a file without words has no pages"
        return
    assert missing_words(text, "fuzz.md") == set()
    assert pages(text) == first


def test_a_fence_superfences_refuses_keeps_its_attribute_list_as_text() -> None:
    """A fence whose info string superfences refuses (`a00[`) is code to markdown-it and the
    parser, so nothing in it is escaped, but an inline code span to Python-Markdown, which
    then takes the `{#id}` after it as an attribute list: the word becomes an id."""
    result = parse("```a00[\na00```{#id}\n", "notes.md")
    assert result.notebook is not None
    html = "".join(page_html(page) for page in render([result.notebook]).pages.values())
    assert 'id="id"' not in html
    assert "a00```{#id}" in html  # the fence's text, shown as code


@pytest.mark.parametrize("info", ["a00[", "py x?", "a b c d e [x]", "{.weird"])
def test_a_fence_superfences_refuses_is_code_on_the_page(info: str) -> None:
    """Its text is code, as markdown-it and GitHub show it: not paragraphs with raw HTML."""
    text = f"## T\n\n1. [P](https://a.org/p): s\n\n```{info}\n<b>bold</b>\n\n*x*\n```\n"
    result = parse(text, "notes.md")
    assert result.notebook is not None
    html = "".join(page_html(page) for page in render([result.notebook]).pages.values())
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<em>x</em>" not in html


PYTHON = '<span class="n">x</span> <span class="o">=</span>'  # highlighted as Python


@pytest.mark.parametrize(("info", "shown"), [("python", PYTHON),
                                              ('python title="a.py"', '"filename">a.py<'),
                                              ("{ .python }", PYTHON)])
def test_a_fence_superfences_takes_keeps_its_info(info: str, shown: str) -> None:
    text = f"## T\n\n1. [P](https://a.org/p): s\n\n    ```{info}\n    x = 1\n    ```\n"
    result = parse(text, "notes.md")
    assert result.notebook is not None
    html = "".join(page_html(page) for page in render([result.notebook]).pages.values())
    assert shown in html
