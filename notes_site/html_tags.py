"""An author's raw HTML, sanitized one tag at a time, with the elements it opens kept balanced.

markdown-it finds raw HTML in a notes file's Markdown: a block of lines (`html_block`) or one
tag inside a paragraph (`html_inline`). `notes_site.defuse` hands each to `sanitize_tags`,
which reads it with the standard library's HTML tokenizer (`html.parser.HTMLParser`, through
`pieces`), keeps each allowed tag as nh3 writes it alone (`notes_site.allow_list`), removes
every other tag, comment, declaration and processing instruction, and shows the text between
them as the characters it is. So a `<details>` opened before a Markdown list and closed after
it stays one element, and what the author leaves open is closed at the end of the text
(`Balance`), so it cannot swallow the next paper.

The standard library's tokenizer is kept to HTML's reading, and to what this module read
before it (a regular expression), where its versions differ or it reads otherwise
(`_Tokenizer`): the text of `<script>`, `<style>`, `<title>` and `<textarea>` is read as any
other text (each tag in it is sanitized on its own, and the words stay); a comment ends at the
first `-->` or `--!>` (Python 3.11.7, for one, ends it at `-- >` and reads on past `--!>`), or,
with neither, at the first `>`; `<![…]>` ends at the first `>`, as HTML reads it outside SVG
and MathML (Python 3.11.7 reads `<![CDATA[…]]>` to its end and stops with an error on any
other keyword); and `</` before anything but a letter starts no tag and shows as text. Where the
tokenizer reads a start tag, it reads as HTML does, which the expression did not: a quote left
open in it does not make it text (`<p x"y>` is a `p`). An end tag ends at its first `>`, even
in quotes (HTML reads an end tag's attributes as a start tag's; Python 3.11.7 does not).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from html.parser import HTMLParser
from itertools import accumulate
from string import ascii_letters
from typing import NamedTuple

from notes_site.allow_list import ALLOWED_TAGS, sanitize_html

_LETTERS = frozenset(ascii_letters)


class Tag(NamedTuple):
    """One start or end tag as written (`raw`), its name in lower case. A comment, doctype,
    CDATA section or processing instruction is a `Tag` with no name."""

    raw: str
    name: str = ""
    closing: bool = False


def pieces(raw: str) -> Iterator[str | Tag]:
    """`raw` cut into text and tags, in order; joined, the pieces are `raw` again."""
    tokenizer = _Tokenizer(raw)
    starts = [start for start, _ in tokenizer.found] + [len(raw)]
    text_from = 0
    for index, (start, tag) in enumerate(tokenizer.found):
        if tag is None:
            continue
        end = starts[index + 1]
        if start > text_from:
            yield raw[text_from:start]
        # A start tag is what the tokenizer read; any other tag runs to the next thing read.
        written = tag.raw if tag.name and not tag.closing else raw[start:end]
        yield Tag(written, tag.name, tag.closing)
        text_from = start + len(written)
    if text_from < len(raw):
        yield raw[text_from:]


class _Tokenizer(HTMLParser):
    """Where each tag of a text starts, and what it is; None for text. The tokenizer reports
    where each thing it reads begins (`getpos`), and the text of a start tag as written."""

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, Tag | None]] = []
        self._lines = list(accumulate((len(line) + 1 for line in raw.split("\n")), initial=0))
        self.feed(raw)
        self.close()

    def _at(self, tag: Tag | None) -> None:
        line, column = self.getpos()
        self.found.append((self._lines[line - 1] + column, tag))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at(Tag(self.get_starttag_text() or "", tag))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._at(Tag("", tag, closing=True))

    def handle_data(self, data: str) -> None:
        self._at(None)

    def handle_comment(self, data: str) -> None:
        self._at(Tag(""))

    handle_pi = unknown_decl = handle_comment

    def handle_decl(self, decl: str) -> None:
        self._at(Tag(""))

    # Where the standard library reads otherwise than HTML: the undocumented methods it reads
    # with (so named in Python 3.11 and in typeshed's stubs up to 3.14; tested here on 3.11.7).
    # tests/test_html_tags.py fails without each.

    def set_cdata_mode(self, elem: str, *, escapable: bool = False) -> None:
        """The text of `<script>`, `<style>`, `<title>`, `<textarea>` is read as any text."""

    def parse_comment(self, i: int, report: bool = True) -> int:
        """HTML's end of a comment: the first `-->` or `--!>`; the first `>` without."""
        rawdata = self.rawdata
        ends = [at for at in (rawdata.find("-->", i + 4), rawdata.find("--!>", i + 4))
                if at >= 0]
        if not ends:
            return self.parse_bogus_comment(i)
        end = min(ends)
        if report:
            self.handle_comment(rawdata[i + 4 : end])
        return end + (3 if rawdata.startswith("-->", end) else 4)

    def parse_endtag(self, i: int) -> int:
        """`</` starts an end tag only before a letter; otherwise it is text, shown as such."""
        if self.rawdata[i + 2 : i + 3] not in _LETTERS:
            self.handle_data("</")
            return i + 2
        return super().parse_endtag(i)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![CDATA[…]]>` and the like are comments to the first `>` in HTML."""
        return self.parse_bogus_comment(i, report)


def sanitize_tags(raw: str, balance: Balance | None = None) -> str:
    """Raw HTML from Markdown, sanitized tag by tag: an allowed tag stays open or closed as
    written (its element may end in a later block of the same text), any other tag is removed,
    and text between tags stays text. `balance` follows the open elements across calls."""
    balance = balance if balance is not None else Balance()
    return "".join(balance.tag(piece) if isinstance(piece, Tag) else _text(piece)
                   for piece in pieces(raw))


def _text(text: str) -> str:
    # Entities stay entities; a `<` that starts no tag is shown as the character it is.
    return text.replace("<", "&lt;").replace(">", "&gt;")


#: Elements with no end tag.
_VOID = frozenset({"br", "hr", "img", "wbr"})
#: What must be open for a tag to be read at all: table parts outside a table are dropped.
_CONTEXT = {"td": "<table><tbody><tr>", "th": "<table><tbody><tr>", "tr": "<table><tbody>",
            "tbody": "<table>", "thead": "<table>", "tfoot": "<table>", "caption": "<table>"}


@lru_cache(maxsize=1024)
def _start_tag(name: str, raw: str) -> str | None:
    """The start tag `raw` as nh3 writes it alone; None when nh3 removes it. One tag in, one
    tag out, read in the context its element needs (a lone `<tr>` is dropped by an HTML
    parser). Cached: notes write the same few tags (`<details>`, `<summary>`, `<br>`) often."""
    clean = sanitize_html(_CONTEXT.get(name, "") + raw)
    return next((found.raw for _, found in _Tokenizer(clean).found
                 if found and found.name == name and not found.closing), None)


class Balance:
    """The allowed elements an author's text has opened and not yet closed, in order.

    An element the author leaves open is closed at the end of the text it was opened in, and
    a stray end tag is dropped: Python-Markdown reads an unclosed `<div>` or `<p>` at the start
    of a line as raw HTML up to the end of the page, which would swallow the next paper's
    heading and anchor.
    """

    def __init__(self) -> None:
        self.open: list[str] = []

    def tag(self, tag: Tag) -> str:
        """The sanitized form of one tag; empty when it is removed."""
        name = tag.name
        if not name or name not in ALLOWED_TAGS:
            return ""
        if tag.closing:
            return self._close(name)
        written = _start_tag(name, tag.raw)
        if written is None:
            return ""
        if name not in _VOID:
            self.open.append(name)
        return written

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
