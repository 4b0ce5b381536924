"""Material's search, as a reader uses it: type a word, see the paper, follow the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

HAMILTONIAN = "hamiltonian-generative-networks"


def result_links(reader: Reader) -> list[str]:
    """The href of every search result link, in the order shown."""
    links = reader.page.locator(".md-search-result__link")
    return [str(href) for href in links.evaluate_all("els => els.map(a => a.href)")]


@pytest.mark.parametrize(
    ("query", "title", "page", "anchor"),
    [
        ("Hamiltonian", "Hamiltonian Generative Networks", "generative-models", HAMILTONIAN),
        # A starred paper: also listed on the home page and in the table of all papers.
        (
            "Unordered",
            "Unordered gradient estimator for discrete random variable",
            "optimization-generalization",
            "unordered-gradient-estimator-for-discrete-random-variable",
        ),
    ],
)
def test_search_lists_the_paper_once_first(
    reader: Reader, query: str, title: str, page: str, anchor: str
) -> None:
    """The paper is in the first result, and not again from the home or table pages."""
    reader.open()
    reader.search(query)
    first = reader.page.locator(".md-search-result__item").first
    expect(first.locator(f"a[href*='/{page}/'][href$='#{anchor}']")).to_have_count(1)
    headings = reader.page.locator(".md-search-result__article").locator("h1, h2")
    expect(headings.filter(has_text=title)).to_have_count(1)
    hits = [href for href in result_links(reader) if href.endswith(f"#{anchor}")]
    assert len(hits) == 1, hits
    assert not [h for h in result_links(reader) if "/papers/" in h], "table page is searchable"


def test_search_result_opens_the_topic_page_at_the_paper(reader: Reader) -> None:
    """Following the result opens Generative models scrolled to the paper's heading."""
    reader.open()
    reader.search("Hamiltonian")
    reader.page.locator(f".md-search-result__link[href$='#{HAMILTONIAN}']").click()
    reader.page.wait_for_url(f"**/generative-models/**#{HAMILTONIAN}")
    reader.expect_page("Generative models")
    heading = reader.page.locator(f"h2#{HAMILTONIAN}")
    expect(heading).to_be_in_viewport()
    assert reader.page.evaluate("() => window.scrollY") > 0, "page was not scrolled"


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("ProxSGD", "proxsgd"),
        # Only in the paper's text (as "Max-Mahalanobis"), never in a title.
        ("Mahalanobis", "rethinking-softmax-cross-entropy-loss-for-adversarial-robustness"),
    ],
)
def test_search_finds_title_and_body_words(reader: Reader, query: str, anchor: str) -> None:
    """A title word and a word from a paper's text both find that paper, once."""
    reader.open()
    reader.search(query)
    expect(reader.page.locator(f".md-search-result__link[href$='#{anchor}']")).to_have_count(1)
