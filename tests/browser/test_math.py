"""Math as a reader sees it: typeset by MathJax on first load and after instant navigation."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

RAW_DELIMITERS = ("\\(", "\\)", "\\[", "\\]", "$$")


def follow_nav(reader: Reader, title: str) -> None:
    """Click a topic in the navigation sidebar (Material's instant navigation, no reload)."""
    nav = reader.page.locator(".md-sidebar--primary .md-nav--primary")
    nav.get_by_role("link", name=title, exact=True).click()
    reader.expect_page(title)


def assert_math_typeset(reader: Reader) -> None:
    """Every math element holds MathJax output, none an error, and no raw TeX shows."""
    reader.typeset()
    page = reader.page
    content = page.locator(".md-content")
    untypeset = content.locator(".arithmatex:not(:has(> mjx-container))")
    assert untypeset.count() == 0, untypeset.all_inner_texts()
    assert content.locator("mjx-merror").count() == 0, "MathJax error on " + page.url
    text = content.inner_text()
    shown = [d for d in RAW_DELIMITERS if d in text]
    assert not shown, f"raw TeX {shown} visible on {page.url}"


def mark_tab(reader: Reader) -> None:
    """Leave a mark in the tab's window that a full page load would wipe."""
    reader.page.evaluate("() => { window.__notesSiteTab = 'kept'; }")


def assert_tab_kept(reader: Reader) -> None:
    """The mark is still there: the pages came by instant navigation, not full loads."""
    assert reader.page.evaluate("() => window.__notesSiteTab") == "kept"


def notes_math(text: str) -> dict[str, int]:
    """How many `$…$` / `$$…$$` spans each topic of a notes file has."""
    counts = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        title, _, body = section.partition("\n")
        counts[title.strip()] = len(re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", body, flags=re.DOTALL))
    return counts


def test_math_typeset_on_first_load(
    reader: Reader, topic_paths: dict[str, str], topic: str, notes_text: str
) -> None:
    """Each topic page, opened by its URL, shows typeset math and no raw TeX.

    It has as many math elements as the topic has `$…$` spans in the notes: no math lost,
    and no text taken for math (as "(GIN)" once was, from a title's escaped parentheses).
    """
    reader.open(topic_paths[topic])
    reader.expect_page(topic)
    math = reader.page.locator(".md-content .arithmatex")
    assert math.count() == notes_math(notes_text)[topic]
    assert_math_typeset(reader)


def test_math_typeset_after_instant_navigation(reader: Reader, topics: list[str]) -> None:
    """Clicking through every topic and back (then the Back button) keeps math typeset."""
    reader.open()
    mark_tab(reader)
    for title in [*topics, topics[0]]:
        follow_nav(reader, title)
        assert_math_typeset(reader)
    reader.page.go_back()
    reader.expect_page(topics[-1])
    assert_math_typeset(reader)
    assert_tab_kept(reader)


def test_math_typeset_once_on_first_load(reader: Reader, topic_paths: dict[str, str]) -> None:
    """A formula holds one MathJax rendering, not one nested in its own assistive MathML."""
    reader.open(topic_paths["Transfer learning"])
    reader.typeset()
    reader.page.evaluate("() => MathJax.startup.promise")
    nested = reader.page.locator(".md-content .arithmatex mjx-container mjx-container")
    assert nested.count() == 0
