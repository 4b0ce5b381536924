"""Screenshots of what a reader sees, light and dark, written to screenshots/ on every run.

They are for people to look at (the folder is git-ignored); the test only checks that each was
taken in the intended colour scheme with the page fully drawn (math typeset, results shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
TOPIC = "Optimization & Generalization"


@pytest.fixture(params=sorted(SCHEMES))
def shooter(request: pytest.FixtureRequest, new_reader: Callable[..., Reader]) -> Reader:
    """A desktop reader whose system prefers the light or the dark scheme."""
    reader = new_reader(color_scheme=request.param)
    reader.open()
    scheme = reader.page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == SCHEMES[request.param]
    return reader


def name(reader: Reader, page: str) -> str:
    """The screenshot's file name: page and scheme, e.g. `topic-dark`."""
    scheme = reader.page.locator("body").get_attribute("data-md-color-scheme")
    return f"{page}-{'dark' if scheme == 'slate' else 'light'}"


def test_screenshot_home(shooter: Reader) -> None:
    """The home page: title, topics with paper counts, starred papers."""
    assert shooter.shoot(name(shooter, "home")).stat().st_size > 0


def test_screenshot_topic(shooter: Reader, topic_paths: dict[str, str]) -> None:
    """A whole topic page with star and venue badges and typeset math."""
    shooter.open(topic_paths[TOPIC])
    shooter.expect_page(TOPIC)
    shooter.typeset()
    assert shooter.shoot(name(shooter, "topic"), full_page=True).stat().st_size > 0


def test_screenshot_search(shooter: Reader) -> None:
    """Search results for "Hamiltonian", as they drop down under the search box."""
    shooter.search("Hamiltonian")
    assert shooter.shoot(name(shooter, "search")).stat().st_size > 0
