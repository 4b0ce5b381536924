"""The HTML a page may hold, and the sanitizer that removes the rest from a generated page.

Notes files take contributions from strangers, so nothing a notes file says may run a script in
a reader's browser. `ALLOWED_TAGS` and `ALLOWED_ATTRIBUTES` are close to what GitHub keeps in
a README. Everything else is removed by nh3 (the Python binding of the ammonia sanitizer):
event handlers, `script`, `style` (element and attribute, but a table cell's `text-align`),
`iframe`, `object`, `embed`, `form`, `input`, `button`, `meta`, `base`, `link`, `svg`, `math`,
and URL attributes with a scheme outside `notes_site.url_schemes.SAFE_SCHEMES`. A generated
page may also hold the overview's bar charts (`CHART_TAGS`: SVG shapes and text, nothing that
links or loads). The words inside a removed element stay on the page as text.

The same allow-list is applied at two points of the flow:

1. On the author's Markdown, when the pages are rendered (`notes_site.defuse`): each raw HTML
   tag is sanitized on its own (`notes_site.html_tags`), so the Markdown that both the plugin
   and `notes-site export` publish is safe for engines that run no plugin.
2. On the HTML of every generated page, in the plugin's `on_page_content` (`sanitize_page`):
   the last word on what the browser gets, whatever a Markdown parser made of the text. A page
   with nothing to remove keeps its bytes (`notes_site.nh3_spellings`). The renderer's own
   markup (classes, ids, `data-search-exclude`, headerlinks, arithmatex spans, admonitions,
   table alignment) is inside the allow-list and passes unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import nh3

from notes_site.nh3_spellings import only_respelled
from notes_site.url_schemes import SAFE_SCHEMES

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
#: is sanitized with `ALLOWED_TAGS` alone (`notes_site.defuse`), so no `svg` of its own reaches
#: a page.
CHART_TAGS = frozenset({"svg", "g", "rect", "text", "title"})
_CHART_ATTRIBUTES = {"svg": {"viewBox", "aria-hidden", "role"}, "rect": {"x", "y", "rx"},
                     "text": {"x", "y", "text-anchor"}}


def sanitize_html(fragment: str, charts: bool = False) -> str:
    """An HTML fragment with everything outside the allow-list removed, text kept; with
    `charts`, the SVG of bar charts kept too (`CHART_TAGS`)."""
    tags = ALLOWED_TAGS | CHART_TAGS if charts else ALLOWED_TAGS
    attributes = {**ALLOWED_ATTRIBUTES, **_CHART_ATTRIBUTES} if charts else ALLOWED_ATTRIBUTES
    return nh3.clean(fragment, tags=set(tags), clean_content_tags=set(),
                     attributes={tag: set(names) for tag, names in attributes.items()},
                     url_schemes=set(SAFE_SCHEMES), filter_style_properties=set(_STYLES),
                     link_rel=None, strip_comments=True)


def sanitize_page(page: str) -> str:
    """A generated page's HTML, sanitized; its own bytes when sanitizing removed nothing, so a
    page with nothing unsafe is exactly what MkDocs (or an engine reading the export) writes,
    though nh3 spells some of it otherwise (`notes_site.nh3_spellings`)."""
    clean = sanitize_html(page, charts=True)
    return page if only_respelled(page, clean) else clean


def sanitize_blocks(blocks: Sequence[str]) -> list[str]:
    """HTML blocks (whole elements), each as `sanitize_page` gives it; one nh3 pass over them
    all when none has anything to remove, which is the usual case and a seventh of the cost."""
    joined = "\n".join(blocks)
    if sanitize_page(joined) == joined:
        return list(blocks)
    return [sanitize_page(block) for block in blocks]
