"""Whether nh3 removed anything from a page or only spelled it its own way: the sanitizer's
fast path.

`notes_site.allow_list.sanitize_page` keeps a page's own bytes when sanitizing removed
nothing, so a safe page is exactly what MkDocs writes. nh3 (html5ever's serializer) never
gives back the bytes it was given, though: it writes `&para;` as `¶`, a bare attribute as
`=""`, Python-Markdown's `style="text-align: center;"` as `style="text-align:center"`. Two
checks tell a page nh3 only re-spelled from one it changed:

- `as_nh3_writes`: the page with those spellings replaced, compared as a string. This is the
  usual case, and it spares parsing both pages (which was a seventh of a build, issue 13).
- `Events`: what an HTML text says, whatever the spelling; the page and nh3's output compared
  event by event when the first check fails.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: How nh3 (html5ever's serializer) writes what Python-Markdown writes otherwise. Each pair
#: reads the same to a browser wherever the second can stand in nh3's output: `¶` in text or
#: a quoted attribute value, where `&para;` decodes to it; `=""` and `style` values inside a
#: start tag (nh3 double-quotes every attribute value and escapes `"` in it, so `=""` cannot
#: be inside one; in text, where `>` is escaped, such a change only changes text). No pair
#: holds `<` or an `&` other than `&para;`'s.
_NH3_FORMS = (("&para;", "¶"), (" data-search-exclude>", ' data-search-exclude="">'),
              (" data-search-exclude ", ' data-search-exclude="" '),
              *((f'style="text-align: {side};"', f'style="text-align:{side}"')
                for side in ("center", "left", "right")))


def only_respelled(page: str, clean: str) -> bool:
    """Whether `clean`, nh3's output for `page`, differs from it only in spellings a browser
    reads alike."""
    return as_nh3_writes(page) == clean or Events.of(page) == Events.of(clean)


def as_nh3_writes(page: str) -> str:
    """`page` with the spellings of `_NH3_FORMS` written as nh3 writes them."""
    for ours, theirs in _NH3_FORMS:
        page = page.replace(ours, theirs)
    return page


class Events(HTMLParser):
    """What an HTML text says, in a form that ignores how it was written: tags with their
    attributes sorted and decoded, text decoded and joined, comments and doctypes kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.text: list[str] = []

    @classmethod
    def of(cls, markup: str) -> list[tuple[str, ...]]:
        parser = cls()
        parser.feed(markup)
        parser.close()
        parser._flush()
        return parser.events

    def _flush(self) -> None:
        if self.text:
            self.events.append(("text", "".join(self.text)))
            self.text = []

    def _event(self, *event: str) -> None:
        self._flush()
        self.events.append(event)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._event("start", tag, *sorted(f"{k}={_value(k, v)}" for k, v in attrs))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._event("end", tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self._event("comment", data)

    def handle_decl(self, decl: str) -> None:
        self._event("decl", decl)

    def handle_pi(self, data: str) -> None:
        self._event("pi", data)

    def unknown_decl(self, data: str) -> None:
        self._event("decl", data)


def _value(name: str, value: str | None) -> str:
    # nh3 writes a filtered `style` as `text-align:center`; Python-Markdown as
    # `text-align: center;`.
    value = value or ""
    return re.sub(r"\s+", "", value).rstrip(";") if name == "style" else value
