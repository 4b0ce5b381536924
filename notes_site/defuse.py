"""The author's Markdown made safe to publish without losing a word of it, by edits at offsets.

Notes files take contributions from strangers, so nothing a notes file says may run a script in
a reader's browser. `defuse` is applied to every summary, body and introduction when the pages
are rendered; it is what both the plugin and `notes-site export` publish, and the export is
built by engines that run no plugin (Zensical, ProperDocs), so the Markdown itself must be
safe. markdown-it reads the text; each change is an edit at an offset of the text as written,
so everything else keeps its bytes:

- Unsafe Markdown links and images (`notes_site.url_schemes`) become "text (`target`, not
  linked)".
- Each raw HTML tag markdown-it finds is sanitized on its own (`notes_site.html_tags`), and
  what the author leaves open is closed at the end of the text.
- Python-Markdown, which builds the pages, reads some text as markup that markdown-it reads as
  text (`<img/src=x onerror=…>`, `[a](javascript:… b)`, attr_list's `{ onclick=… }`): in
  text, `<`, `{` and a `]` before an unsafe target are written so that both read them as the
  characters they are (`_text_edits`).
- Links without a scheme are sent where the site has their target, or shown as text.

Titles show as the characters they are (`escape_text`); `escape_html` shows raw HTML as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pymdownx.superfences import RE_NESTED_FENCE_START as FENCE_START

from notes_site.html_tags import Balance, sanitize_tags
from notes_site.inline import InlineLink, Source, inline_images, inline_links, inline_source
from notes_site.url_schemes import is_local, is_safe_url

_MATH = re.compile(r"(?<![\\$])\$(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$(?!\d)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}#+\-.!|])")


def escape_text(text: str) -> str:
    """Markdown that shows `text` as it is; `$math$` spans are left for arithmatex."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(_escape_plain(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    # Backslash escapes for what Python-Markdown reads as markup. Brackets become entities and
    # parentheses stay: arithmatex reads `\(…\)` and `\[…\]` as math.
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "&#91;").replace("]", "&#93;")


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def defused(text: str, url: str) -> str:
    """A link or image that may not be followed: its text and its target, as text."""
    return f"{escape_text(text)} ({code(url)}, not linked)"


#: What the page does with a link target without a scheme: the target to write, or None to
#: show the link as text (see `notes_site.targets`).
Resolve = Callable[[str], "str | None"]
#: For a link with a scheme and its text: None to leave it, else the target to send it to
#: (None: its own) and the mark to show after it, e.g. `in these notes` or a venue.
Follow = Callable[[str, str], "tuple[str | None, str] | None"]


def defuse(markdown: str, md: MarkdownIt, *, escape_html: bool = False,
           resolve: Resolve | None = None, follow: Follow | None = None,
           resolve_html: Resolve | None = None) -> str:
    """The author's Markdown with unsafe links and images made plain text, raw HTML
    sanitized (or escaped, on request), link targets without a scheme resolved by `resolve`
    (shown as text when it gives None), and links with a scheme sent and marked as `follow`
    says (to a paper's entry, "(in these notes)"). `resolve_html` does for the relative
    targets of raw HTML (`<img src>`, `<a href>`) what `resolve` does for Markdown's, as the
    built page's URL sees them; without it they stay as written. Text without `_PARSE_FOR`
    holds none of them and is returned as it is, without being parsed.

    A NUL becomes U+FFFD first, as markdown-it reads it (CommonMark, "Insecure characters"):
    the edits are placed by finding markdown-it's text in these lines, which it must match.
    """
    markdown = markdown.replace("\0", "\ufffd")
    if not any(mark in markdown for mark in _PARSE_FOR):
        return markdown
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    tokens = md.parse(markdown)
    balance = Balance()
    edits = list(_edits(tokens, lines, starts, escape_html, balance, resolve, follow,
                        resolve_html))
    for start, end, replacement in sorted(edits, reverse=True):
        markdown = markdown[:start] + replacement + markdown[end:]
    markdown += _fence_end(tokens, lines)
    ends = balance.closing()
    if ends and tokens and tokens[-1].type in ("fence", "code_block"):
        return f"{markdown}\n\n{ends}"
    return markdown + ends


#: What a text must hold for `defuse` to have anything to do: a link, raw HTML, an attribute
#: list, or a code fence (whose info string may need taking off).
_PARSE_FOR = ("[", "<", "{", "```", "~~~")


def _fence_end(tokens: Sequence[Token], lines: list[str]) -> str:
    """The closing line of a code fence left open at the end of the text, which runs to the
    end for markdown-it (and the notes' parser) but is text to Python-Markdown: it would read
    `{#id}` in it as an attribute list, and the page's markup would change."""
    last = tokens[-1] if tokens else None
    if last is None or last.type != "fence" or not last.map or not last.markup:
        return ""
    closing = lines[last.map[1] - 1].strip() if last.map[1] - last.map[0] > 1 else ""
    if closing.startswith(last.markup) and not closing.strip(last.markup[0]):
        return ""
    return f"\n{last.markup}"


def _refused_info(tok: Token, lines: list[str], starts: list[int]
                  ) -> Iterator[tuple[int, int, str]]:
    """The info string of a code fence that pymdownx.superfences refuses (` ```a00[ `), taken
    off its opening line: to markdown-it, the notes' parser and GitHub the fence is code, but
    to Python-Markdown it would be text, where nothing in it is defused (`{#id}` became an
    attribute list, a blank line and `<b>` raw HTML). Without its info string the fence is
    code there too; GitHub does not show an info string either. Superfences' own pattern for
    an opening line decides, read from the extension (the site's Markdown is its config)."""
    if not tok.map:
        return
    first = tok.map[0]
    line = lines[first].rstrip("\r")
    at = line.find(tok.markup)
    if at < 0:
        return
    opening = FENCE_START.match(line, at)
    if opening is None or opening.group("unrecognized") is not None:
        yield starts[first] + at + len(tok.markup), starts[first] + len(line), ""


def _edits(tokens: Sequence[Token], lines: list[str], starts: list[int], escape_html: bool,
           balance: Balance, resolve: Resolve | None, follow: Follow | None = None,
           resolve_html: Resolve | None = None) -> Iterator[tuple[int, int, str]]:
    for tok in tokens:
        if tok.type == "fence" and tok.info:
            yield from _refused_info(tok, lines, starts)
        elif tok.type == "html_block" and tok.map:
            start, end = starts[tok.map[0]], starts[tok.map[1]] - 1
            block = "\n".join(lines[tok.map[0] : tok.map[1]])
            yield start, end, _escape_html(block) if escape_html else \
                _local_targets(sanitize_tags(block, balance), resolve_html)
        elif tok.type == "inline" and tok.map and tok.children:
            source = inline_source(tok, lines, first_line=0)
            yield from _inline_edits(tok.children, source, starts, escape_html, balance,
                                     resolve_html)
            yield from _link_tag_edits(tok.children, source, _offsets(source, starts))
            if resolve is not None:
                yield from _local_edits(tok.children, source, starts, resolve)
            if follow is not None:
                yield from _followed(tok.children, source, starts, follow)


class _Targets(HTMLParser):
    """The `src` of each `<img>` and `href` of each `<a>` in sanitized HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = {"img": "src", "a": "href"}.get(tag)
        self.found += [value for key, value in attrs if key == name and value]


def _local_targets(fragment: str, resolve: Resolve | None) -> str:
    """Sanitized HTML whose relative `src` and `href` targets point where `resolve` says the
    site has them (a notes folder's image, another note's page); others are left as written.
    nh3 writes every attribute value double-quoted and escaped, so each is found as such."""
    if resolve is None or ("src=" not in fragment and "href=" not in fragment):
        return fragment
    parser = _Targets()
    parser.feed(fragment)
    parser.close()
    for url in dict.fromkeys(parser.found):
        target = resolve(url) if is_local(url) and not url.startswith("#") else None
        if target is not None and target != url:
            fragment = fragment.replace(f'="{html.escape(url)}"', f'="{html.escape(target)}"')
    return fragment


def _offsets(source: Source, starts: list[int]) -> Callable[[int], int]:
    """Offset in an inline token's text → offset in the whole Markdown being edited."""
    def absolute(offset: int) -> int:
        line, col = source.position(offset)
        return starts[line] + col - 1

    return absolute


MANY_LINKS = 100
"""Past this many links in one paragraph, its links are written as `<a>` tags.

Python-Markdown looks for a link's closing bracket by scanning its paragraph from the start,
again after each link it reads: a paragraph of N links costs it N² (1,000 `[[pdf]](u)`:
5 s). It reads `<a>` tags in one pass, and shows them as it shows those links."""


def _link_tag_edits(children: Sequence[Token], source: Source,
                    absolute: Callable[[int], int]) -> Iterator[tuple[int, int, str]]:
    """In a paragraph of more than `MANY_LINKS` links, each safe link to another site as an
    `<a>` tag: only its brackets and its `](target)` tail change, never its label (the other
    edits' place, which must not overlap)."""
    links = [link for link in inline_links(children) if source.text[link.start] == "["]
    if len(links) <= MANY_LINKS:
        return
    for link in links:
        written = source.text[link.start : link.end]
        tail = written.rfind("](")
        if tail < 0 or not written.endswith(")") or is_local(link.url) \
                or not is_safe_url(link.url):
            continue
        title = children[link.index].attrs.get("title")
        attrs = f' title="{html.escape(str(title))}"' if title else ""
        yield absolute(link.start), absolute(link.start + 1), \
            f'<a href="{html.escape(link.url)}"{attrs}>'
        yield absolute(link.start + tail), absolute(link.end), "</a>"


def _local_edits(children: Sequence[Token], source: Source, starts: list[int],
                 resolve: Resolve) -> Iterator[tuple[int, int, str]]:
    """Links and images without a scheme, resolved to their place in the site or shown as
    text with their target when the site does not have it.

    Of a link, only the brackets and the `](target)` tail are edited, never the label between
    them: the label is text that `_inline_edits` may edit too, and edits must not overlap. An
    image is one span nothing else edits; it becomes its alt text, escaped, and its path, or,
    when the site has it elsewhere than written (a notes folder's image), gets that path.
    """
    absolute = _offsets(source, starts)
    for link in inline_links(children):
        if link.url and is_local(link.url) and source.text[link.start] == "[":
            yield from _local_link(link, source, absolute, resolve(link.url))
    for image in inline_images(children):
        if not image.url or not is_local(image.url):
            continue
        target = resolve(image.url)
        if target is None:
            shown = f"{escape_text(image.text)} ({code(image.url)}, not in this site)"
            yield absolute(image.start), absolute(image.end), shown
        elif target != image.url:
            yield from _local_link(image, source, absolute, target)


def _followed(children: Sequence[Token], source: Source, starts: list[int],
              follow: Follow) -> Iterator[tuple[int, int, str]]:
    """Links with a scheme that `follow` has a word on: sent to a new target (an entry of
    the notes) and marked after their text."""
    absolute = _offsets(source, starts)
    for link in inline_links(children):
        if not link.url or is_local(link.url) or source.text[link.start] != "[" \
                or not is_safe_url(link.url) or (found := follow(link.url, link.text)) is None:
            continue
        target, mark = found
        if target is not None:
            yield from _local_link(link, source, absolute, target)
        yield absolute(link.end), absolute(link.end), f" ({escape_text(mark)})"


def _local_link(link: InlineLink, source: Source, absolute: Callable[[int], int],
                target: str | None) -> Iterator[tuple[int, int, str]]:
    """The edits for one link whose target is `target` on this page (None: not in the
    site)."""
    tail = link.start + source.text[link.start : link.end].rindex("](")
    if target is None:
        yield absolute(link.start), absolute(link.start + 1), ""
        yield absolute(tail), absolute(link.end), f" ({code(link.url)}, not in this site)"
        return
    at = source.text.find(link.url, tail + 2, link.end)
    if at < 0:  # the target as written differs from the URL markdown-it read
        yield absolute(tail), absolute(link.end), f"](<{target}>)"
        return
    bracketed = source.text[at - 1] == "<"
    yield absolute(at), absolute(at + len(link.url)), target if bracketed else f"<{target}>"


def _inline_edits(children: Sequence[Token], source: Source, starts: list[int],
                  escape_html: bool, balance: Balance, resolve_html: Resolve | None = None
                  ) -> Iterator[tuple[int, int, str]]:
    absolute = _offsets(source, starts)
    inside = _inside_unsafe_links(children)
    for link in [*inline_links(children), *inline_images(children)]:
        if link.index not in inside and not is_safe_url(link.url):
            yield absolute(link.start), absolute(link.end), defused(link.text, link.url)
    for index, tok in enumerate(children):
        span = tok.meta.get("span") if tok.type == "html_inline" else None
        if span and index not in inside:
            raw = source.text[span[0] : span[1]]
            fixed = _escape_html(raw) if escape_html else \
                _local_targets(sanitize_tags(raw, balance), resolve_html)
            if fixed != raw:
                yield absolute(span[0]), absolute(span[1]), fixed
    for start, end, replacement in _text_edits(children, source.text):
        yield absolute(start), absolute(end), replacement


#: In text that markdown-it reads as plain text, what Python-Markdown may read as markup:
#: a `<` (HTML: `<img/src=x onerror=…>`, `\\<img …>`, or a tag that a removed one joins
#: together, `<scr<script>ipt>`), a `{` (attr_list: `[a](u){ onclick=… }`), a `]` before `(`
#: (a link markdown-it does not see: `[a](javascript:… b)`, `[[article](Escaping from Saddle
#: Points)]`, which Python-Markdown would link) and a `]` before `:` and an unsafe target (a
#: reference). Each becomes the same character as text for every parser.
_MARKUP = re.compile(r"(\\?<)|(?<!\\)(\{)|(?<!\\)(\])(?=[ \t]*([(:])[ \t\n]*<?([^\s)>]*))")


def _text_edits(children: Sequence[Token], text: str) -> Iterator[tuple[int, int, str]]:
    """Edits to the characters of `_MARKUP` that stand in text, outside code, math, HTML,
    images and link targets."""
    covered = [_covered(tok) for tok in children if "span" in tok.meta]
    for match in _MARKUP.finditer(text):
        at = match.end() - 1
        if any(start <= at < end for start, end in covered):
            continue
        if match[1]:
            yield match.start(), match.end(), "&lt;"
        elif match[2]:
            yield match.start(), match.end(), "\\{"
        elif match[4] == "(" or not is_safe_url(match[5]):
            yield match.start(), match.end(), "\\]"


def _covered(tok: Token) -> tuple[int, int]:
    """The part of a token's span that is not inline text: a link's label is text."""
    start, end = tok.meta["span"]
    label = tok.meta.get("label") if tok.type == "link_open" else None
    if label is not None and is_safe_url(str(tok.attrs.get("href", ""))):
        return start + 1 + len(label), end
    return start, end


def _inside_unsafe_links(children: Sequence[Token]) -> set[int]:
    """Indexes of the tokens inside an unsafe link: the link is replaced by its text, shown
    as written, so nothing inside it is edited a second time."""
    inside: set[int] = set()
    for link in inline_links(children):
        if not is_safe_url(link.url):
            end = next((j for j in range(link.index + 1, len(children))
                        if children[j].type == "link_close"), len(children))
            inside.update(range(link.index + 1, end))
    return inside


def _escape_html(raw: str) -> str:
    return html.escape(raw, quote=False)
