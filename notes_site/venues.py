"""Which paper a URL names, and where that paper appeared, read from the URL alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_ARXIV_PATH = re.compile(
    r"^/(?:abs|pdf|html|format)/(?P<id>(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))"
    r"(?P<version>v\d+)?(?:\.pdf)?/?$"
)
_PMLR = re.compile(r"^/(v\d+)/")
_HOST_VENUES = {
    "papers.nips.cc": "NeurIPS",
    "proceedings.neurips.cc": "NeurIPS",
    "aclanthology.org": "ACL Anthology",
    "www.aclweb.org": "ACL Anthology",
    "openaccess.thecvf.com": "CVF Open Access",
    "ojs.aaai.org": "AAAI",
    "www.ijcai.org": "IJCAI",
    "jmlr.org": "JMLR",
    "www.jmlr.org": "JMLR",
    "dl.acm.org": "ACM DL",
    "link.springer.com": "Springer",
    "ieeexplore.ieee.org": "IEEE Xplore",
    "www.nature.com": "Nature",
    "www.science.org": "Science",
    "github.com": "GitHub",
}


@dataclass(frozen=True, slots=True)
class PaperId:
    """A paper's identity on a site that names papers by id: `arxiv:1805.08651`."""

    site: str
    """`arxiv` or `openreview`."""
    id: str
    """The id without version suffix."""

    def __str__(self) -> str:
        return f"{self.site}:{self.id}"


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def paper_id(url: str) -> PaperId | None:
    """The arXiv or OpenReview id a URL names, whatever its form (`abs`/`pdf`, version, `www.`).

    `openreview.net/pdf?id=X` and `forum?id=X`, `arxiv.org/abs/ID` and `pdf/IDv2.pdf` name the
    same papers; other URLs name none.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in ("openreview.net", "api.openreview.net", "api2.openreview.net"):
        ids = parse_qs(parts.query).get("id")
        return PaperId("openreview", ids[0]) if ids and ids[0] else None
    if host in ("arxiv.org", "export.arxiv.org"):
        match = _ARXIV_PATH.match(parts.path)
        return PaperId("arxiv", match["id"]) if match else None
    return None


def venue_of(url: str | None) -> str:
    """A short name for where the paper at `url` appeared; empty when the URL does not say."""
    if not url:
        return ""
    ident = paper_id(url)
    if ident and ident.site == "arxiv":
        return f"arXiv {ident.id}"
    if ident:
        return "OpenReview"
    host = _host(url)
    if host == "proceedings.mlr.press":
        match = _PMLR.match(urlsplit(url).path)
        return f"PMLR {match[1]}" if match else "PMLR"
    return _HOST_VENUES.get(host, "")
