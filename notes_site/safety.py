"""Text from a notes file, made safe to put on a page without losing a word of it.

Notes files take contributions from strangers, so nothing a notes file says may run a script in
a reader's browser. The rules, each in one place here:

- `SAFE_SCHEMES` and `url_scheme`: which targets a page may link to or load (http, https,
  mailto, or a relative URL), the scheme read as a browser reads it: character references
  decoded, case folded, white space and control characters ignored. `safe_url`, the offline
  lint (`notes_site.links.offline`) and the sanitizer all ask this; MathJax's `safeProtocols`
  in assets/notes-site.js are held equal to it by a test.
- `ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES`: the HTML a page may hold, close to what GitHub keeps in
  a README. Everything else is removed by nh3 (the Python binding of the ammonia sanitizer):
  event handlers, `script`, `style` (element and attribute, but a table cell's `text-align`),
  `iframe`, `object`, `embed`, `form`, `input`, `button`, `meta`, `base`, `link`, `svg`,
  `math`, and URL attributes with any other scheme. A generated page may also hold the
  overview's bar charts (`CHART_TAGS`: SVG shapes and text, nothing that links or loads).
  The words inside a removed element stay on the page as text.

Where the sanitizer sits, and why the same rule is applied at two points of the flow:

1. On the author's Markdown, when the pages are rendered (`defuse`, called by the renderer on
   every summary, body and introduction). This is what both the plugin and
   `notes-site export` publish, and the export is built by engines that run no plugin
   (Zensical, ProperDocs), so the Markdown itself must be safe. Unsafe Markdown links and
   images become "text (`target`, not linked)". Each raw HTML tag markdown-it finds is
   sanitized on its own (`sanitize_tags`): a `<details>` opened before a Markdown list and
   closed after it stays one element, the words between tags stay text, and what the author
   leaves open is closed at the end of the text (`Balance`), so it cannot swallow the next
   paper. Python-Markdown, which builds the pages, reads some text as markup that markdown-it
   reads as text (`<img/src=x onerror=…>`, `[a](javascript:… b)`, attr_list's
   `{ onclick=… }`): in text, `<`, `{` and a `]` before an unsafe target are written so that
   both read them as the characters they are (`_text_edits`).
2. On the HTML of every generated page, in the plugin's `on_page_content` (`sanitize_page`):
   the last word on what the browser gets, whatever a Markdown parser made of the text. A page
   with nothing to remove keeps its bytes. The renderer's own markup (classes, ids,
   `data-search-exclude`, headerlinks, arithmatex spans, admonitions, table alignment) is
   inside the allow-list and passes unchanged.

Titles show as the characters they are (`escape_text`); `escape_html` shows raw HTML as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_site.inline import InlineLink, Source, inline_images, inline_links, inline_source

#: Link targets a page may follow; any other scheme is shown as text, never linked.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: What GitHub keeps of a README's HTML (its html-pipeline allow-list), less `picture`/`source`
#: (their `srcset` is a URL list no sanitizer checks), plus what MkDocs writes: heading levels,
#: tables, code, admonitions.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt",
    "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
})
#: Attributes on any allowed tag: none runs a script or loads anything. `class` and `id` are
#: kept because the site's own markup needs them (GitHub drops `class` and prefixes `id`).
_GENERIC = {"align", "class", "colspan", "data-search-exclude", "dir", "height", "id", "lang",
            "name", "rowspan", "scope", "title", "valign", "width"}
ALLOWED_ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href"},
    "img": {"src", "alt"},
    "details": {"open"},
    "ol": {"start", "type"},
    "li": {"value"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite"}, "ins": {"cite"},
    "time": {"datetime"},
    # Python-Markdown's tables align columns with `style="text-align: …"`; only that survives.
    "th": {"style"}, "td": {"style"},
}
_STYLES = {"text-align"}
#: What a generated page may hold besides: the overview's bar charts (notes_site/charts.py),
#: shapes and text with their geometry. No `use`, `image`, `a`, `foreignObject`, `style`,
#: `script` or `animate`: nothing that links, loads, runs or restyles. A notes file's own HTML
#: is sanitized with `ALLOWED_TAGS` alone (`defuse`), so no `svg` of its own reaches a page.
CHART_TAGS = frozenset({"svg", "g", "rect", "text", "title"})
_CHART_ATTRIBUTES = {"svg": {"viewBox", "aria-hidden", "role"}, "rect": {"x", "y", "rx"},
                     "text": {"x", "y", "text-anchor"}}
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_MATH = re.compile(r"(?<![\\$])\$(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$(?!\d)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}#+\-.!|])")
#: A tag as HTML tokenizes it: a name, then attributes (quoted values may hold `>`), or a
#: comment, doctype or processing instruction. Anything else with `<` is shown as text.
_TAG = re.compile(r"""<(?:(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"""
                  r"""|!--.*?--!?>|![^>]*>|\?[^>]*>)""", re.DOTALL)


def sanitize_html(fragment: str, charts: bool = False) -> str:
    """An HTML fragment with everything outside the allow-list removed, text kept; with
    `charts`, the SVG of bar charts kept too (`CHART_TAGS`)."""
    tags = ALLOWED_TAGS | CHART_TAGS if charts else ALLOWED_TAGS
    attributes = {**ALLOWED_ATTRIBUTES, **_CHART_ATTRIBUTES} if charts else ALLOWED_ATTRIBUTES
    return nh3.clean(fragment, tags=set(tags), clean_content_tags=set(),
                     attributes={tag: set(names) for tag, names in attributes.items()},
                     url_schemes=set(SAFE_SCHEMES), filter_style_properties=set(_STYLES),
                     link_rel=None, strip_comments=True)


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


def sanitize_page(page: str) -> str:
    """A generated page's HTML, sanitized; its own bytes when sanitizing removed nothing, so a
    page with nothing unsafe is exactly what MkDocs (or an engine reading the export) writes.

    Usually nh3's output is the page itself but for the spellings in `_NH3_FORMS`: then the
    page is kept without parsing both (which was a seventh of a build, issue 13), since it
    differs from the sanitized page only by spellings a browser reads alike.
    """
    clean = sanitize_html(page, charts=True)
    if _as_nh3_writes(page) == clean:
        return page
    return page if _Events.of(page) == _Events.of(clean) else clean


def sanitize_blocks(blocks: Sequence[str]) -> list[str]:
    """HTML blocks (whole elements), each as `sanitize_page` gives it; one nh3 pass over them
    all when none has anything to remove, which is the usual case and a seventh of the cost."""
    joined = "\n".join(blocks)
    if sanitize_page(joined) == joined:
        return list(blocks)
    return [sanitize_page(block) for block in blocks]


def _as_nh3_writes(page: str) -> str:
    for ours, theirs in _NH3_FORMS:
        page = page.replace(ours, theirs)
    return page


class _Events(HTMLParser):
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


def url_scheme(url: str) -> str:
    """The scheme a browser reads in `url`, lower case; empty for a relative URL.

    Read as a browser reads an `href`: character references decoded (`&#106;avascript:`),
    ASCII white space and control characters ignored wherever they stand (the URL parser
    strips them at the ends and drops tabs and newlines inside; dropping the rest too only
    ever finds a scheme where a browser might not), case folded.
    """
    text = _IGNORED_IN_SCHEME.sub("", html.unescape(url)).lower()
    match = _SCHEME.match(text)
    return match[1] if match else ""


def is_local(url: str) -> bool:
    """A target with no scheme and no host: a heading of the notes, or a file beside them
    (see `notes_site.targets`)."""
    return not url_scheme(url) and not url.strip().startswith("//")


def is_safe_url(url: str) -> bool:
    """Whether a page may link to `url`: http, https, mailto, or a relative URL."""
    scheme = url_scheme(url)
    return not scheme or scheme in SAFE_SCHEMES


def safe_url(url: str) -> str | None:
    """The URL fit for a Markdown link target (http, https, mailto, or relative); None
    otherwise."""
    if not is_safe_url(url):
        return None
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


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
    built page's URL sees them; without it they stay as written. Text with no `[`, `<` or `{`
    holds none of them and is returned as it is, without being parsed.

    A NUL becomes U+FFFD first, as markdown-it reads it (CommonMark, "Insecure characters"):
    the edits are placed by finding markdown-it's text in these lines, which it must match.
    """
    markdown = markdown.replace("\0", "\ufffd")
    if "[" not in markdown and "<" not in markdown and "{" not in markdown:
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


def _edits(tokens: Sequence[Token], lines: list[str], starts: list[int], escape_html: bool,
           balance: Balance, resolve: Resolve | None, follow: Follow | None = None,
           resolve_html: Resolve | None = None) -> Iterator[tuple[int, int, str]]:
    for tok in tokens:
        if tok.type == "html_block" and tok.map:
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
