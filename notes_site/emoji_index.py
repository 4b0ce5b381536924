"""pymdownx.emoji's index read once per build instead of once per page.

MkDocs makes a new Python-Markdown for every page, and pymdownx.emoji's index functions
(`gemoji`, `emojione`, `twemoji`) deep-copy their whole database each time: 21 ms a page, 11 of
the 35 s of a 500-topic build (cProfile, issue 21). The extension only reads the index, and
Material's own `material.extensions.emoji.twemoji` already shares one copy across pages
(`functools.lru_cache`); here pymdownx's three get the same treatment. A user's own index
function is left alone: it may depend on its options.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, MutableMapping
from typing import Any

from pymdownx import emoji

Index = Callable[[Any, Any], dict[str, Any]]

#: The extension's own index functions, which ignore their arguments.
_OWN: tuple[Index, ...] = (emoji.gemoji, emoji.emojione, emoji.twemoji)


@functools.cache
def _read(index: Index) -> dict[str, Any]:
    return index({}, None)


@functools.cache
def _once(index: Index) -> Index:
    @functools.wraps(index)
    def read(options: Any, md: Any) -> dict[str, Any]:
        return _read(index)
    return read


def share_index(mdx_configs: MutableMapping[str, dict[str, Any]]) -> None:
    """Make pymdownx.emoji, if the site uses it with one of its own indexes, read that index
    once: `mdx_configs` is MkDocs' `config.mdx_configs`, changed in place."""
    options = mdx_configs.get("pymdownx.emoji")
    if options is None:
        return
    index = options.get("emoji_index", emoji.EmojiExtension().getConfig("emoji_index"))
    if index in _OWN:
        options["emoji_index"] = _once(index)
