"""Finding one's way: the topics in the navigation, badges, colour schemes, the phone drawer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def starred_count(notes_text: str, topic: str) -> int:
    """How many entries of one topic the notes star (`1. *[Title](…)`)."""
    section = notes_text.split(f"## {topic}\n", 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^ {0,3}(?:\d+[.)]|[-*+])\s+(?:\*|★|⭐)\s*\[", section, re.MULTILINE))


def test_every_topic_is_in_the_navigation(reader: Reader, topics: list[str]) -> None:
    """The sidebar lists each topic of the notes as a link, in the notes' order."""
    reader.open()
    nav = reader.page.locator(".md-sidebar--primary .md-nav--primary")
    for title in topics:
        expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
    shown = nav.locator("a.md-nav__link").all_inner_texts()
    assert [t.strip() for t in shown if t.strip() in topics] == topics


def test_star_and_venue_badges_show(
    reader: Reader, topic_paths: dict[str, str], notes_text: str
) -> None:
    """Every paper shows its venue badge; the starred ones also a star badge."""
    topic = "Optimization & Generalization"
    reader.open(topic_paths[topic])
    content = reader.page.locator(".md-content")
    papers = content.locator("h2[id]").count()
    venues = content.locator(".ns-meta .ns-venue")
    expect(venues).to_have_count(papers)
    stars = content.locator(".ns-meta .ns-star")
    expect(stars).to_have_count(starred_count(notes_text, topic))
    for badge in [*venues.all(), *stars.all()]:
        badge.scroll_into_view_if_needed()
        expect(badge).to_be_visible()
        assert badge.bounding_box()["height"] > 8, "badge has no height"  # type: ignore[index]


def scheme(reader: Reader) -> str | None:
    """The colour scheme Material shows: "default" (light) or "slate" (dark)."""
    return reader.page.locator("body").get_attribute("data-md-color-scheme")


def test_light_dark_toggle_switches_the_scheme(reader: Reader) -> None:
    """The header toggle switches light → dark → light, and the choice survives a page change."""
    reader.open()
    assert scheme(reader) == "default"
    reader.page.get_by_title("Switch to dark mode").click()
    expect(reader.page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    reader.page.locator(".md-sidebar--primary").get_by_role("link", name="Meta learning").click()
    reader.expect_page("Meta learning")
    assert scheme(reader) == "slate"
    reader.page.get_by_title("Switch to light mode").click()
    expect(reader.page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


def test_system_dark_preference_is_followed(new_reader: Callable[..., Reader]) -> None:
    """A reader whose system is dark gets the dark scheme without touching the toggle."""
    reader = new_reader(color_scheme="dark")
    reader.open()
    assert scheme(reader) == "slate"


def test_phone_drawer_lists_the_topics(
    new_reader: Callable[..., Reader], topics: list[str]
) -> None:
    """At 375 px the sidebar is hidden behind the menu button; opening it shows every topic."""
    reader = new_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    reader.open()
    drawer = reader.page.locator(".md-sidebar--primary .md-nav--primary")
    expect(drawer).not_to_be_in_viewport()
    reader.page.locator("label.md-header__button[for='__drawer']").click()
    for title in topics:
        expect(drawer.get_by_role("link", name=title, exact=True)).to_be_in_viewport()
    drawer.get_by_role("link", name=topics[1], exact=True).click()
    reader.expect_page(topics[1])
    expect(drawer).not_to_be_in_viewport()
