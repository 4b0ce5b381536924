"""Which paper a URL names: the one rule every part of notes-site uses to say "same paper".

Rendering (a related link that points at an entry), the duplicate finding and the link check
(which ids to ask arXiv and OpenReview about) all call `paper_id` / `paper_key`; nothing else
decides it. Pure: a string in, a value out.

- OpenReview: the note id, whatever the path (`forum`, `pdf`, `attachment`), `www.` or API host.
- arXiv: the id without version, whatever the path (`abs`, `pdf`, `html`, `ftp`), `.pdf`, version,
  `www.` or `export.` host, new-style (`1706.03762`) or old-style (`hep-th/9901001`), and the
  arXiv DOIs `10.48550/arXiv.ID`.
- DOI: `doi.org/…`, `dx.doi.org/…`, `doi:…`, ACM's `dl.acm.org/doi/…`, case folded.
- Anything else on the web: the URL without scheme, `www.`, trailing slash and fragment.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

ARXIV = "arxiv"
OPENREVIEW = "openreview"
DOI = "doi"
WEB = "url"
#: The sites whose ids an API can verify (arXiv `id_list`, OpenReview `notes?ids=`).
API_SITES = frozenset({ARXIV, OPENREVIEW})

_ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})(?P<version>v\d+)?"
_ARXIV_PATH = re.compile(
    rf"^/(?:(?:abs|pdf|html|format|ps)/|ftp/arxiv/papers/\d{{4}}/){_ARXIV_ID}(?:\.pdf)?/?$")
_ARXIV_BARE = re.compile(rf"^{_ARXIV_ID}$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ACM_DOI = re.compile(r"^/doi/(?:abs/|pdf/|full/|epdf/|fullHtml/)?(?P<doi>10\..+)$")
_ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
_OPENREVIEW_HOSTS = frozenset({"openreview.net", "api.openreview.net", "api2.openreview.net"})
_OPENREVIEW_PATHS = frozenset({"/forum", "/pdf", "/attachment", "/notes"})
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})


@dataclass(frozen=True, slots=True)
class PaperId:
    """A paper's identity: `arxiv:1805.08651`, `openreview:HJenn6VFvB`, `doi:10.1145/…`,
    or `url:papers.nips.cc/paper/8076-ntk.pdf`."""

    site: str
    """`arxiv`, `openreview`, `doi`, or `url` for any other web page."""
    id: str
    """The id (arXiv without version; DOI case folded), or the normalised URL."""

    def __str__(self) -> str:
        return f"{self.site}:{self.id}"


@functools.lru_cache(maxsize=1 << 16)
def paper_id(url: str) -> PaperId | None:
    """The paper a link names, or None when it names no web page (mailto, relative, junk).
    Remembered by URL: a build asks it about each URL several times (references, venues,
    exports), and a rebuild in `mkdocs serve` about the same URLs again."""
    text = url.strip()
    if text[:4].lower() == "doi:":
        return _doi(unquote(text[4:]).strip())
    if text[:6].lower() == "arxiv:":
        match = _ARXIV_BARE.match(text[6:].strip())
        return PaperId(ARXIV, match["id"]) if match else None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return _site_id(host, parts.path, parts.query) or _web(host, port, parts.path, parts.query)


def paper_key(url: str) -> str:
    """`str(paper_id(url))`, or the URL as written when it names no web page."""
    ident = paper_id(url)
    return str(ident) if ident else url.strip()


def api_id(url: str) -> PaperId | None:
    """The arXiv or OpenReview id a link names, for the URLs an API can verify."""
    ident = paper_id(url)
    return ident if ident and ident.site in API_SITES else None


def _site_id(host: str, path: str, query: str) -> PaperId | None:
    """The id on a site that names papers by id, or None for other pages."""
    if host in _OPENREVIEW_HOSTS and path.rstrip("/") in _OPENREVIEW_PATHS:
        ids = parse_qs(query).get("id")
        return PaperId(OPENREVIEW, ids[0]) if ids and ids[0] else None
    if host in _ARXIV_HOSTS:
        match = _ARXIV_PATH.match(path)
        return PaperId(ARXIV, match["id"]) if match else None
    if host in _DOI_HOSTS:
        return _doi(unquote(path.lstrip("/")))
    if host == "dl.acm.org":
        match = _ACM_DOI.match(path)
        return _doi(unquote(match["doi"]).rstrip("/")) if match else None
    return None


def _doi(doi: str) -> PaperId | None:
    """A DOI's identity; arXiv's own DOIs are arXiv ids."""
    arxiv = _ARXIV_DOI.match(doi)
    if arxiv and (match := _ARXIV_BARE.match(arxiv["id"])):
        return PaperId(ARXIV, match["id"])
    return PaperId(DOI, doi.casefold()) if _DOI.match(doi) else None


def _web(host: str, port: int | None, path: str, query: str) -> PaperId:
    """Any other page: host (no `www.`), port, path without trailing slash, query."""
    where = f"{host}:{port}" if port else host
    page = f"{where}{path.rstrip('/')}"
    return PaperId(WEB, f"{page}?{query}" if query else page)
