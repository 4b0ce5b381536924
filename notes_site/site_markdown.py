"""Inline text as the site's Python-Markdown writes it, for the blocks the renderer writes as HTML.

The renderer writes its own blocks (badges, the related line, the All papers table, the map's
lines) as HTML, in one form for the plugin and the export alike (`notes_site.own_html`). The
text in them (a title, a topic, a venue, a link) must show as the same text shows elsewhere on
the page, where Python-Markdown reads it with the site's extensions: `$math$` for arithmatex,
`:shortcode:` for pymdownx.emoji, a bare URL for magiclink, backslash escapes. `InlineHtml` makes
that HTML in this one place. Text none of those could change is escaped directly, since
Python-Markdown would only have escaped it (`needs_markdown` says which text that is, and
`InlineHtml` checks once per configuration that Python-Markdown agrees); the rest is converted
by a Python-Markdown configured as the site's mkdocs.yml configures MkDocs' (`MarkdownOptions`).
Converting every title of a 10,000-paper table one by one would cost seconds of a build.

What is converted is sanitized (`allow_list.sanitize_page`: its own bytes when nothing is unsafe),
so a block is safe HTML before any page sanitizer sees it, in the export too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown

from notes_site.allow_list import sanitize_page
from notes_site.defuse import code, escape_text

#: What a Markdown extension of the site may turn into markup in escaped text: math (`$`,
#: and `\(` after a backslash), `:shortcode:`, a URL or e-mail address, and backslashes.
_MARKUP = re.compile(r"[$\\@]|:[+\-\w]+:|://|\bwww\.|\bftp\.", re.IGNORECASE)
#: What Python-Markdown rewrites in a link target: a character reference it keeps as one, a
#: backslash escape, angle brackets or white space.
_URL_MARKUP = re.compile(r"&#?\w+;|[\\<>\s]")
#: Text `needs_markdown` calls plain, holding what other extensions (smarty, pymdownx's caret,
#: tilde, mark, keys, smartsymbols, magiclink's shorthands) would change: a configuration
#: whose Python-Markdown writes it otherwise than escaped converts every text.
_PROBE = ("\"quoted\" 'single' a--b c---d e... <<f>> g->h i<-j k=>l m!=n +-o (c) (r) (tm) "
          "c/o 1/2 1st ~p~ ~~q~~ ^r^ ^^s^^ ==t== ++u++ {++v++} *w* _x_ `y` {b} #1 "
          "!2 ?3 %4 ;5 ,6 |7| user/repo#8 & < > <b>")
_PROBE_URL = "https://example.org/a_b?c=1&d=2#e-f"


def needs_markdown(text: str) -> bool:
    """Whether the site's Markdown may show `text`, escaped, as more than its characters."""
    return _MARKUP.search(text) is not None


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """Python-Markdown's extensions and their options, as MkDocs passes them: the names (or
    extension objects) of `markdown_extensions`, MkDocs' own first, and `mdx_configs`."""

    extensions: tuple[Any, ...] = ()
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


#: What MkDocs gives Python-Markdown for a mkdocs.yml that lists no extension (its built-in
#: ones): what the renderer uses when it is told no site's.
MKDOCS_DEFAULT = MarkdownOptions(("toc", "tables", "fenced_code"))


class InlineHtml:
    """Text and links as the HTML Python-Markdown, configured by `options`, writes of them
    inside a paragraph. One per render: conversions are remembered by text."""

    def __init__(self, options: MarkdownOptions = MKDOCS_DEFAULT) -> None:
        self.options = options
        self._md: markdown.Markdown | None = None
        self._fast: bool | None = None
        self._known: dict[str, str] = {}

    def text(self, text: str) -> str:
        """`text` shown as the characters it is (`escape_text`), math and the extensions'
        markup as the site shows them."""
        if not needs_markdown(text) and self.fast:
            return html.escape(text, quote=False)
        return self._inline(escape_text(text))

    def link(self, text: str, href: str, css: str = "") -> str:
        """A link to `href` (written as it is: MkDocs rewrites no link of raw HTML) showing
        `text` as `text()` does; with `css`, the class attr_list's `{ .css }` would give it."""
        attributes = f'class="{css}" ' if css else ""
        if not needs_markdown(text) and _URL_MARKUP.search(href) is None and self.fast:
            return f'<a {attributes}href="{html.escape(href)}">{html.escape(text, False)}</a>'
        # attr_list puts a class before the `href`, as here, when the site has it.
        link = self._inline(f"[{escape_text(text)}](<{href}>)")
        return link.replace("<a ", f"<a {attributes}", 1)

    def code(self, text: str) -> str:
        """`text` as a code span (`safety.code`) shows it."""
        return self._inline(code(text))

    @property
    def fast(self) -> bool:
        """Whether text `needs_markdown` calls plain may be escaped without Python-Markdown:
        whether this configuration writes `_PROBE` and a link to `_PROBE_URL` as escaping
        them would."""
        if self._fast is None:
            self._fast = True  # what the probe is compared with: the escaped forms
            expected = (html.escape(_PROBE, False), self.link(_PROBE, _PROBE_URL))
            self._fast = (self._convert(escape_text(_PROBE)),
                          self._convert(f"[{escape_text(_PROBE)}](<{_PROBE_URL}>)")) == expected
        return self._fast

    def _inline(self, markdown_text: str) -> str:
        if (known := self._known.get(markdown_text)) is None:
            known = self._known[markdown_text] = sanitize_page(self._convert(markdown_text))
        return known

    def _convert(self, markdown_text: str) -> str:
        """One line of Markdown as Python-Markdown writes it inside its paragraph."""
        if self._md is None:
            self._md = markdown.Markdown(extensions=list(self.options.extensions),
                                         extension_configs=dict(self.options.configs))
        self._md.reset()
        out = self._md.convert(markdown_text)
        # Escaped text is one paragraph (or nothing); anything else is kept as written.
        return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out
