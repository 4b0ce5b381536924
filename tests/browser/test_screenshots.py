"""Screenshots of what a reader sees, light and dark, written to screenshots/ on every run.

They are for people to look at (the folder is git-ignored). Before each is taken, the test
checks what it will show, as a reader would see it in that colour scheme: the home page's title,
topics and starred papers and the navigation listing the topics; a topic page with its badges
and its math typeset by MathJax (no raw `$`); the search results under the search box. Then it
checks that the file is a PNG of what was shown (the viewport, or the whole page).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.test_math import assert_math_typeset, notes_math
from tests.browser.test_navigation import starred_count

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
TOPIC = "Optimization & Generalization"
#: The embedded notes' title, as their front matter gives none: the site's name (mkdocs.yml).
TITLE = "ICLR 2020 reading notes"
HAMILTONIAN = "Hamiltonian Generative Networks"


@pytest.fixture(params=sorted(SCHEMES))
def shooter(request: pytest.FixtureRequest, new_reader: Callable[..., Reader]) -> Reader:
    """A desktop reader whose system prefers the light or the dark scheme, shown in it."""
    reader = new_reader(color_scheme=request.param)
    reader.open()
    scheme = reader.page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == SCHEMES[request.param]
    assert (brightness(reader) > 0.5) == (request.param == "light"), brightness(reader)
    return reader


def brightness(reader: Reader) -> float:
    """How light the page's background is drawn, from 0 (black) to 1 (white)."""
    rgb = reader.page.evaluate(
        """() => getComputedStyle(document.body).backgroundColor
                   .match(/[\\d.]+/g).slice(0, 3).map(Number)""")
    return float(sum(rgb)) / (3 * 255)


def name(reader: Reader, page: str) -> str:
    """The screenshot's file name: page and scheme, e.g. `topic-dark`."""
    scheme = reader.page.locator("body").get_attribute("data-md-color-scheme")
    return f"{page}-{'dark' if scheme == 'slate' else 'light'}"


def assert_shot(reader: Reader, path: Path, *, full_page: bool = False) -> None:
    """`path` is a PNG as wide as the window and as tall as the window (or the whole page)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    viewport = reader.page.viewport_size
    assert viewport is not None
    tall = reader.page.evaluate("() => document.documentElement.scrollHeight")
    assert (width, height) == (viewport["width"], tall if full_page else viewport["height"])
    if full_page:
        assert height > viewport["height"], "the topic page fits in one window"


def test_screenshot_home(shooter: Reader, topics: list[str], notes_text: str) -> None:
    """The home page: title, topics with paper counts, starred papers, topics in the nav."""
    page = shooter.page
    shooter.expect_page(TITLE)
    content = page.locator(".md-content")
    listed = content.locator("h2#topics + ul > li")
    expect(listed).to_have_count(len(topics))
    for item, topic in zip(listed.all(), topics, strict=True):
        expect(item.get_by_role("link", name=topic, exact=True)).to_be_visible()
        expect(item).to_have_text(re.compile(rf"^{re.escape(topic)}: \d+ papers?(, \d+ starred)?$"))
    starred = content.locator("h2#starred-papers + ul > li")
    expect(starred).to_have_count(sum(starred_count(notes_text, t) for t in topics))
    for item in starred.all():
        expect(item).to_contain_text("★")
    nav = page.locator(".md-sidebar--primary .md-nav--primary")
    for topic in topics:
        expect(nav.get_by_role("link", name=topic, exact=True)).to_be_in_viewport()
    assert_shot(shooter, shooter.shoot(name(shooter, "home")))


def test_screenshot_topic(shooter: Reader, topic_paths: dict[str, str], notes_text: str) -> None:
    """A whole topic page with star and venue badges and typeset math."""
    shooter.open(topic_paths[TOPIC])
    shooter.expect_page(TOPIC)
    content = shooter.page.locator(".md-content")
    papers = content.locator("h2[id]")
    assert papers.count() > 1
    expect(content.locator(".ns-meta .ns-venue")).to_have_count(papers.count())
    expect(content.locator(".ns-meta .ns-star")).to_have_count(starred_count(notes_text, TOPIC))
    math = content.locator(".arithmatex mjx-container")
    expect(math).to_have_count(notes_math(notes_text)[TOPIC])
    assert math.count() > 0
    assert_math_typeset(shooter)
    assert "$" not in content.inner_text(), "raw $ math shown"
    assert_shot(shooter, shooter.shoot(name(shooter, "topic"), full_page=True), full_page=True)


def test_screenshot_search(shooter: Reader) -> None:
    """Search results for "Hamiltonian", as they drop down under the search box."""
    shooter.search("Hamiltonian")
    page = shooter.page
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_in_viewport()
    expect(first.locator("h1, h2").filter(has_text=HAMILTONIAN).first).to_be_visible()
    expect(first.locator("mark").first).to_have_text("Hamiltonian", ignore_case=True)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching")
    assert_shot(shooter, shooter.shoot(name(shooter, "search")))
