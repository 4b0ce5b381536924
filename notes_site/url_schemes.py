"""Which targets a page may link to or load: http, https, mailto, or a relative URL.

Notes files take contributions from strangers, so a link or image in them may point anywhere,
`javascript:` included. The scheme is read as a browser reads it (`url_scheme`): character
references decoded, case folded, white space and control characters ignored. `safe_url` (the
renderer's Markdown links), the offline lint (`notes_site.links.offline`), the Markdown defuser
(`notes_site.defuse`) and the HTML allow-list (`notes_site.allow_list`, through nh3's
`url_schemes`) all ask `SAFE_SCHEMES`; MathJax's `safeProtocols` in assets/notes-site.js are
held equal to it by a test.
"""

from __future__ import annotations

import html
import re

#: Link targets a page may follow; any other scheme is shown as text, never linked.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


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
