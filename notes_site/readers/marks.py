"""What the readers look for in raw lines before markdown-it reads them: one rule each.

These decide the shape of a section (is this item, row or paragraph a paper?); the entry
itself is then read with markdown-it (`notes_site.inline`).
"""

from __future__ import annotations

import re

#: A badge (a link whose text is an image) or a plain image: neither names a paper.
_IMAGES = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
#: The target of each inline link: `[text](target`.
LINK_TARGETS = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]*)")
_PAGE_LINK = re.compile(r"\]\(\s*<?(?!#)[^)\s>]+")
_BARE_URL = re.compile(r"(?<![(<\w])https?://\S")


def without_images(text: str) -> str:
    """`text` with its badges and images removed."""
    return _IMAGES.sub("", text)


def links_to_a_page(text: str, bare: bool = False) -> bool:
    """Whether `text` links somewhere other than a heading of the notes, badges and images
    aside; with `bare`, a bare `https://…` counts too."""
    plain = without_images(text)
    return bool(_PAGE_LINK.search(plain) or (bare and _BARE_URL.search(plain)))
