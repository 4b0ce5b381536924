"""Text from a notes file, made safe to put on a page without losing a word of it.

Titles show as the characters they are (`escape_text`). The author's Markdown (summaries,
bodies) passes through, except that a link to a `javascript:`, `data:` or `vbscript:` target
is never clickable (its text and target are shown instead), and raw HTML can be shown as text
with the `escape_html` option.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_site.inline import Source, inline_links, inline_source
from notes_site.targets import is_local

SAFE_SCHEMES = ("http:", "https:", "mailto:")
_UNSAFE = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")
_UNSAFE_ATTRIBUTE = re.compile(
    r"""(?i)\b(href|src|action|formaction|xlink:href)(\s*=\s*["']?\s*)(javascript|vbscript|data)\s*:""")
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


def safe_url(url: str) -> str | None:
    """The URL fit for a link target (http, https, mailto, or relative); None otherwise."""
    lowered = re.sub(r"[\x00-\x20]", "", url).lower()
    if ":" in lowered.split("/", 1)[0] and not lowered.startswith(SAFE_SCHEMES):
        return None
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


#: What the page does with a link target without a scheme: the target to write, or None to
#: show the link as text (see `notes_site.targets`).
Resolve = Callable[[str], "str | None"]

_LOCAL_TARGET = re.compile(r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.\-]*:|//)")


def defuse(markdown: str, md: MarkdownIt, *, escape_html: bool = False,
           resolve: Resolve | None = None) -> str:
    """The author's Markdown with unsafe links made plain text, links without a scheme
    resolved by `resolve` (shown as text when it gives None), and raw HTML escaped on request.
    Text with nothing to change is returned as it is, without being parsed."""
    local = resolve is not None and _LOCAL_TARGET.search(markdown)
    if not _UNSAFE.search(markdown) and not (escape_html and "<" in markdown) and not local:
        return markdown
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    edits = list(_edits(md.parse(markdown), lines, starts, escape_html, resolve))
    for start, end, replacement in sorted(edits, reverse=True):
        markdown = markdown[:start] + replacement + markdown[end:]
    return markdown


def _edits(tokens: Sequence[Token], lines: list[str], starts: list[int],
           escape_html: bool, resolve: Resolve | None) -> Iterator[tuple[int, int, str]]:
    for tok in tokens:
        if tok.type == "html_block" and tok.map:
            start, end = starts[tok.map[0]], starts[tok.map[1]] - 1
            block = "\n".join(lines[tok.map[0] : tok.map[1]])
            yield start, end, _escape_html(block) if escape_html else _defuse_html(block)
        elif tok.type == "inline" and tok.map and tok.children:
            source = inline_source(tok, lines, first_line=0)
            yield from _inline_edits(tok.children, source, starts, escape_html, resolve)


def _inline_edits(children: Sequence[Token], source: Source, starts: list[int],
                  escape_html: bool, resolve: Resolve | None) -> Iterator[tuple[int, int, str]]:
    def absolute(offset: int) -> int:
        line, col = source.position(offset)
        return starts[line] + col - 1

    for link in inline_links(children):
        if safe_url(link.url) is None:
            shown = f"{escape_text(link.text)} ({code(link.url)}, not linked)"
            yield absolute(link.start), absolute(link.end), shown
        elif resolve is not None and link.url and is_local(link.url):
            target = resolve(link.url)
            label = source.text[link.start + 1 : link.end].rsplit("](", 1)[0]
            shown = (f"[{label}](<{target}>)" if target is not None
                     else f"{label} ({code(link.url)}, not in this site)")
            if link.end > link.start and source.text[link.start] == "[":
                yield absolute(link.start), absolute(link.end), shown
    if resolve is not None:
        yield from _image_edits(children, source, absolute, resolve)
    for tok in children:
        span = tok.meta.get("span") if tok.type == "html_inline" else None
        if span:
            raw = source.text[span[0] : span[1]]
            fixed = _escape_html(raw) if escape_html else _defuse_html(raw)
            if fixed != raw:
                yield absolute(span[0]), absolute(span[1]), fixed


def _image_edits(children: Sequence[Token], source: Source, absolute: Callable[[int], int],
                 resolve: Resolve) -> Iterator[tuple[int, int, str]]:
    """Images whose source is a file not in the site are shown as their alt text and path."""
    for tok in children:
        span = tok.meta.get("span") if tok.type == "image" else None
        src = str(tok.attrs.get("src", ""))
        if span and src and is_local(src) and resolve(src) is None:
            alt = source.text[span[0] + 2 : span[1]].rsplit("](", 1)[0]
            yield absolute(span[0]), absolute(span[1]), f"{alt} ({code(src)}, not in this site)"


def _escape_html(raw: str) -> str:
    return html.escape(raw, quote=False)


def _defuse_html(raw: str) -> str:
    """Raw HTML kept, but an attribute that would run a script or load a `data:` URL is not."""
    return _UNSAFE_ATTRIBUTE.sub(lambda m: f"data-unsafe-{m[1]}{m[2]}{m[3]}:", raw)
