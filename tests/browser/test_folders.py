"""A notes folder as a reader sees it: a paper's page holds its note, math typeset and image
shown, under its topic in the navigation, and search finds a word only the note has."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Site, build_served, serve
from tests.test_folders import FOLDERS, folder_project

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

PAPER = "Attention Is All You Need"
PAGE = "sequence-models/attention-is-all-you-need/"
#: A word written only in notes/attention.md of the fixture folder.
NOTE_ONLY = "Zanzibarquokka"


@pytest.fixture(scope="module")
def folder_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The index-relative fixture folder built and served with the local MathJax."""
    with serve(tmp_path_factory.mktemp("folder-www")) as served:
        project = folder_project(tmp_path_factory.mktemp("folder-project"),
                                 FOLDERS / "index-relative")
        build_served(project, served)
        yield served


@pytest.fixture
def folder_reader(folder_site: Site, new_reader: Callable[..., Reader]) -> Reader:
    return new_reader(folder_site.url)


def test_a_papers_page_shows_its_note_with_math_and_image(folder_reader: Reader) -> None:
    folder_reader.open(PAGE)
    folder_reader.expect_page(PAPER)
    folder_reader.typeset()
    content = folder_reader.page.locator(".md-content")
    # notes/attention.md has one inline and one display formula
    expect(content.locator(".arithmatex mjx-container")).to_have_count(2)
    image = content.locator("img[alt='The encoder and decoder stacks']")
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    # images/diagram.png is 48 × 24 pixels
    size = image.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert size == [True, 48, 24]
    expect(content.get_by_text("Why does the positional encoding use sinusoids?")).to_be_visible()
    folder_reader.shoot("folder-paper-page", full_page=True)


def test_the_papers_page_is_under_its_topic_in_the_navigation(folder_reader: Reader) -> None:
    folder_reader.open(PAGE)
    nav = folder_reader.page.locator(".md-sidebar--primary .md-nav--primary")
    active = nav.locator(".md-nav__item--active")
    expect(active.locator(":scope > label, :scope > .md-nav__link").first).to_contain_text(
        "Sequence models")
    expect(nav.locator("a.md-nav__link--active")).to_have_text(PAPER)


def test_the_topic_page_links_the_note(folder_reader: Reader) -> None:
    folder_reader.open("sequence-models/")
    folder_reader.page.get_by_role("link", name="notes →").first.click()
    folder_reader.page.wait_for_url(f"**/{PAGE}")
    folder_reader.expect_page(PAPER)
    folder_reader.shoot("folder-topic-page")


def test_search_finds_a_word_only_a_note_has(folder_reader: Reader) -> None:
    folder_reader.open()
    folder_reader.search(NOTE_ONLY)
    links = folder_reader.page.locator(".md-search-result__link")
    hrefs = [str(h) for h in links.evaluate_all("els => els.map(a => a.href)")]
    assert hrefs and all(PAGE in h for h in hrefs), hrefs

