"""Where a paper appeared, read from its URL alone (which paper it is: `notes_site.identity`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from notes_site.identity import ARXIV, OPENREVIEW, paper_id

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


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def venue_of(url: str | None) -> str:
    """A short name for where the paper at `url` appeared; empty when the URL does not say."""
    if not url:
        return ""
    ident = paper_id(url)
    if ident and ident.site == ARXIV:
        return f"arXiv {ident.id}"
    if ident and ident.site == OPENREVIEW:
        return "OpenReview"
    host = _host(url)
    if host == "proceedings.mlr.press":
        match = _PMLR.match(urlsplit(url).path)
        return f"PMLR {match[1]}" if match else "PMLR"
    return _HOST_VENUES.get(host, "")
