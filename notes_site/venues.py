"""Where a paper appeared, read from its URL alone (which paper it is: `notes_site.identity`)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

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


# --- the year a venue's URL names -------------------------------------------------------------

#: NeurIPS: `papers.nips.cc/paper/2017/…`, `proceedings.neurips.cc/paper_files/paper/2020/…`.
_NEURIPS = re.compile(r"^/paper(?:_files/paper)?/((?:19|20)\d\d)/")
#: CVF: `content_cvpr_2016/…`, `content_ICCV_2017/…`, `content/CVPR2023/…`, `content/WACV2021/`.
_CVF = re.compile(r"^/content(?:_[A-Za-z]+_|/[A-Za-z]+)((?:19|20)\d\d)(?:_[A-Za-z]+)?/")
#: ACL Anthology: new ids `2020.acl-main.1`, old ids `P19-1001` (letter, two-digit year).
_ACL_NEW = re.compile(r"^/(?:anthology/)?((?:19|20)\d\d)\.[a-z][\w-]*\.\d+(?:\.pdf)?/?$")
_ACL_OLD = re.compile(r"^/(?:anthology/)?(?:[A-Z]/[A-Z]\d\d/)?[A-Z](\d\d)-\d{4}(?:\.pdf)?/?$")
#: PMLR: a paper's name is its first author and the two-digit year, `/v97/zhang19a.html`.
_PMLR_PAPER = re.compile(r"^/v\d+/[a-z]+(\d\d)[a-z]{1,2}(?:\.html|/[a-z]+\d\d[a-z]{1,2}\.pdf)$")
#: OpenReview venue ids, `ICLR.cc/2020/Conference`, in a group link or a forum's referrer.
_OPENREVIEW_VENUE = re.compile(r"\b[A-Za-z][\w.-]*\.(?:cc|org|io|net)/((?:19|20)\d\d)/")
_ACL_HOSTS = frozenset({"aclanthology.org", "www.aclweb.org", "aclweb.org"})


def two_digit(yy: int, pivot: int = 50) -> int:
    """A two-digit year as a full one: below `pivot` is 20yy, else 19yy."""
    return 2000 + yy if yy < pivot else 1900 + yy


def url_year(url: str) -> int | None:
    """The year the venue's own address for a paper names; None when it names none."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host, path = (parts.hostname or "").lower(), parts.path
    match = None
    if host in ("papers.nips.cc", "proceedings.neurips.cc", "papers.neurips.cc"):
        match = _NEURIPS.match(path)
    elif host == "openaccess.thecvf.com":
        match = _CVF.match(path)
    elif host in _ACL_HOSTS:
        match = _ACL_NEW.match(path)
        if not match and (old := _ACL_OLD.match(path)):
            return two_digit(int(old[1]), pivot=60)  # the Anthology's old ids start in 1965
    elif host == "proceedings.mlr.press" and (paper := _PMLR_PAPER.match(path)):
        return 2000 + int(paper[1])
    elif host in ("openreview.net", "www.openreview.net"):
        match = _OPENREVIEW_VENUE.search(unquote(parts.query))
    return int(match[1]) if match else None


#: A venue name followed by the paper's own id there: `arXiv 1805.08651`, `PMLR v97`.
_WITH_ID = re.compile(r"^(arXiv|PMLR)\s+\S+$")


def venue_group(venue: str) -> str:
    """The venue without the paper's id in it, to group papers by: `arXiv 1805.08651` is
    `arXiv`, `PMLR v97` is `PMLR`; any other venue is itself."""
    match = _WITH_ID.match(venue)
    return match[1] if match else venue
