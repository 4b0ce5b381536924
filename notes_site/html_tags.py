"""An author's raw HTML, sanitized one tag at a time, with the elements it opens kept balanced.

markdown-it finds raw HTML in a notes file's Markdown: a block of lines (`html_block`) or one
tag inside a paragraph (`html_inline`). `notes_site.defuse` hands each to `sanitize_tags`,
which keeps each allowed tag as nh3 writes it alone (`notes_site.allow_list`), removes every
other tag, comment, declaration and processing instruction, and shows the text between them as
the characters it is. So a `<details>` opened before a Markdown list and closed after it stays
one element, and what the author leaves open is closed at the end of the text (`Balance`), so
it cannot swallow the next paper.
"""

from __future__ import annotations

import re

from notes_site.allow_list import ALLOWED_TAGS, sanitize_html

#: A tag as HTML tokenizes it: a name, then attributes (quoted values may hold `>`), or a
#: comment, doctype or processing instruction. Anything else with `<` is shown as text.
_TAG = re.compile(r"""<(?:(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"""
                  r"""|!--.*?--!?>|![^>]*>|\?[^>]*>)""", re.DOTALL)



def sanitize_tags(raw: str, balance: Balance | None = None) -> str:
    """Raw HTML from Markdown, sanitized tag by tag: an allowed tag stays open or closed as
    written (its element may end in a later block of the same text), any other tag is removed,
    and text between tags stays text. `balance` follows the open elements across calls."""
    balance = balance if balance is not None else Balance()
    out, last = [], 0
    for match in _TAG.finditer(raw):
        out.append(_text(raw[last : match.start()]))
        out.append(balance.tag(match))
        last = match.end()
    out.append(_text(raw[last:]))
    return "".join(out)


def _text(text: str) -> str:
    # Entities stay entities; a `<` that starts no tag is shown as the character it is.
    return text.replace("<", "&lt;").replace(">", "&gt;")


#: Elements with no end tag.
_VOID = frozenset({"br", "hr", "img", "wbr"})
#: What must be open for a tag to be read at all: table parts outside a table are dropped.
_CONTEXT = {"td": "<table><tbody><tr>", "th": "<table><tbody><tr>", "tr": "<table><tbody>",
            "tbody": "<table>", "thead": "<table>", "tfoot": "<table>", "caption": "<table>"}


class Balance:
    """The allowed elements an author's text has opened and not yet closed, in order.

    An element the author leaves open is closed at the end of the text it was opened in, and
    a stray end tag is dropped: Python-Markdown reads an unclosed `<div>` or `<p>` at the start
    of a line as raw HTML up to the end of the page, which would swallow the next paper's
    heading and anchor.
    """

    def __init__(self) -> None:
        self.open: list[str] = []

    def tag(self, match: re.Match[str]) -> str:
        """The sanitized form of one tag found by `_TAG`; empty when it is removed."""
        closing, name = match[1], (match[2] or "").lower()
        if not name or name not in ALLOWED_TAGS:
            return ""
        if closing:
            return self._close(name)
        # One tag in, one tag out, read in the context its element needs (a lone `<tr>` is
        # dropped by an HTML parser); nh3 writes `<` and `>` in attribute values as entities.
        clean = sanitize_html(_CONTEXT.get(name, "") + match[0])
        found = re.search(rf"<{name}(?:\s[^<>]*)?>", clean)
        if not found:
            return ""
        if name not in _VOID:
            self.open.append(name)
        return found[0]

    def _close(self, name: str) -> str:
        if name not in self.open:
            return ""
        closed = []
        while self.open:
            inner = self.open.pop()
            closed.append(f"</{inner}>")
            if inner == name:
                break
        return "".join(closed)

    def closing(self) -> str:
        """End tags for what is still open, innermost first; nothing stays open after."""
        ends = "".join(f"</{name}>" for name in reversed(self.open))
        self.open.clear()
        return ends

