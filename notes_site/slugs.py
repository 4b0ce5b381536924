"""Slugs for anchors and page names: readable, unique in a site, the same on every build."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
_MAX = 80

#: Page names the renderer uses itself.
RESERVED_PAGES = frozenset({"index", "papers", "assets", "search", "javascripts", "stylesheets",
                            "starred-papers", "mentioned-not-yet-noted", "tags", "overview"})


def slugify(text: str) -> str:
    """Lower-case words joined by `-`; letters of any script are kept, math and marks dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("_", " ")
    slug = _NOT_WORD.sub("-", text).strip("-")
    if len(slug) > _MAX:
        slug = slug[: _MAX + 1].rsplit("-", 1)[0] if "-" in slug[:_MAX] else slug[:_MAX]
    return slug


class Slugs:
    """The slugs handed out so far in one site; a repeat gets `-2`, `-3`, … in source order.

    One instance per build, passed down explicitly: there is no shared registry.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}
        """Per base slug, the suffix to try next: repeats cost O(1), not a scan."""

    def unique(self, text: str, fallback: str = "paper") -> str:
        """A slug for `text` that no earlier call returned."""
        base = slugify(text) or fallback
        slug, n = base, self._next.get(base, 1)
        if n > 1:
            slug = f"{base}-{n}"
        while slug in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug)
        self._next[base] = n + 1
        return slug

    def page(self, text: str) -> str:
        """A page name for `text`: unique, and never one of the renderer's own pages."""
        base = slugify(text) or "topic"
        if base in RESERVED_PAGES:
            base = f"topic-{base}"
        return self.unique(base)
