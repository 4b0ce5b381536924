"""Offline lint of the links in the notes: what is wrong without asking any server.

Pure: links in, diagnostics out. Errors: a malformed URL, a scheme other than http, https or
mailto (`javascript:` and `data:` included, however spelled:
`notes_site.url_schemes.url_scheme` reads it as a browser does), an image with such a
source. Warnings: `http://` to a host known to serve https, a non-canonical host
(`www.openreview.net`), each with the URL to write instead, a relative link, which is not
checked, and the same paper noted in two entries (a list may cross-list a paper under two
topics on purpose: the site shows both and links them).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from types import MappingProxyType
from urllib.parse import SplitResult, urlsplit

import idna

from notes_site.identity import paper_key
from notes_site.links.extract import NotedPaper
from notes_site.model import Diagnostic, Link, Notebook, Paper, Severity
from notes_site.paper_notes import linked_file
from notes_site.url_schemes import SAFE_SCHEMES, is_safe_url, url_scheme

#: Hosts known to serve every page over https; an `http://` link to them is only a warning.
HTTPS_HOSTS = frozenset({
    "openreview.net", "arxiv.org", "proceedings.mlr.press", "papers.nips.cc",
    "proceedings.neurips.cc", "neurips.cc", "iclr.cc", "icml.cc", "aclanthology.org",
    "www.aclweb.org", "openaccess.thecvf.com", "ojs.aaai.org", "www.ijcai.org", "jmlr.org",
    "www.jmlr.org", "dl.acm.org", "link.springer.com", "ieeexplore.ieee.org", "www.nature.com",
    "www.science.org", "www.sciencedirect.com", "onlinelibrary.wiley.com", "academic.oup.com",
    "www.pnas.org", "journals.plos.org", "www.biorxiv.org", "www.medrxiv.org", "doi.org",
    "dx.doi.org", "github.com", "gist.github.com", "www.semanticscholar.org",
    "scholar.google.com", "paperswithcode.com", "huggingface.co", "distill.pub",
    "www.youtube.com", "youtu.be", "twitter.com", "x.com", "medium.com",
})
#: Suffixes of host families that all serve https (`en.wikipedia.org`, `user.github.io`).
HTTPS_SUFFIXES = (".wikipedia.org", ".github.io", ".readthedocs.io")
#: Host → the host the site itself uses in its links.
CANONICAL_HOSTS = MappingProxyType({
    "www.openreview.net": "openreview.net",
    "www.arxiv.org": "arxiv.org",
    "export.arxiv.org": "arxiv.org",
    "www.github.com": "github.com",
})
_IP_LIKE = re.compile(r"[\d.]+|\[?[\da-fA-F:.]+\]?")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_UNSAFE = re.compile(r"[\s<>\"\\^`{|}]")


Finding = tuple[Severity, str, str]
"""What the lint says about one URL: severity, code, message."""


def lint_links(path: str, links: Sequence[Link],
               verdict: Callable[[str], Finding | None] | None = None) -> list[Diagnostic]:
    """Findings about each link on its own: malformed, bad scheme, non-canonical, relative.

    `verdict` is `lint_url`, or a run's memory of it, so that a URL is linted once per run.
    """
    found = []
    findings = {url: (verdict or lint_url)(url) for url in {link.url for link in links}}
    for link in links:
        finding = findings[link.url]
        if finding:
            severity, code, message = finding
            found.append(Diagnostic(path, link.line, link.col, severity, code, message))
    return found


def lint_url(url: str) -> Finding | None:
    """The one finding about `url` (severity, code, message), or None if it is fine."""
    scheme = url_scheme(url)
    if not is_safe_url(url):
        return _bad_scheme(scheme, url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        return Severity.ERROR, "malformed-url", f"malformed URL {url!r}: {error}"
    if not scheme:
        return _relative(url)
    problem = _mail_problem(parts) if scheme == "mailto" else _web_problem(url, parts)
    if problem:
        return Severity.ERROR, "malformed-url", f"malformed URL {url!r}: {problem}"
    return None if scheme == "mailto" else _canonical_finding(url)


def _bad_scheme(scheme: str, url: str, what: str = "") -> tuple[Severity, str, str]:
    allowed = ", ".join(sorted(SAFE_SCHEMES))
    return (Severity.ERROR, "bad-scheme",
            f"{what}scheme {scheme}: is not allowed (only {allowed}): {url}")


def lint_images(path: str, images: Sequence[Link]) -> list[Diagnostic]:
    """An error for each image whose source a page may not load (its scheme is not safe).
    Images are not requested, so nothing else about them is reported."""
    found = []
    for image in images:
        if not is_safe_url(image.url):
            severity, code, message = _bad_scheme(url_scheme(image.url), image.url,
                                                  "image source ")
            found.append(Diagnostic(path, image.line, image.col, severity, code, message))
    return found


def _relative(url: str) -> tuple[Severity, str, str]:
    if not url.strip():
        return Severity.ERROR, "malformed-url", "empty link target"
    return (Severity.WARNING, "relative-url",
            f"relative link {url!r} is not checked: the site's pages are generated elsewhere")


def _mail_problem(parts: SplitResult) -> str | None:
    local, at, domain = parts.path.partition("@")
    if not (local and at and domain) or _host_problem(domain):
        return "not an e-mail address"
    return None


def _web_problem(url: str, parts: SplitResult) -> str | None:
    if _UNSAFE.search(url):
        return "contains a space or a character that must be percent-encoded"
    if not parts.hostname:
        return "no host"
    return _host_problem(parts.hostname)


def _host_problem(host: str) -> str | None:
    """Why `host` is not a valid host name or IP address, or None."""
    if _IP_LIKE.fullmatch(host):
        try:
            ipaddress.ip_address(host.strip("[]"))
            return None
        except ValueError:
            pass
    name = host.rstrip(".").lower()
    if not name.isascii():
        try:
            name = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError as error:
            return f"bad host {host!r} ({error})"
    if not all(_LABEL.fullmatch(label) for label in name.split(".")):
        return f"bad host {host!r}"
    return None


def canonical_url(url: str) -> str:
    """The URL a notes file should use: https for hosts that serve it, the canonical host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not host or parts.port or parts.username:
        return url
    host = CANONICAL_HOSTS.get(host, host)
    scheme = "https" if _serves_https(host) else parts.scheme.lower()
    return parts._replace(scheme=scheme, netloc=host).geturl()


def _serves_https(host: str) -> bool:
    return host in HTTPS_HOSTS or host.endswith(HTTPS_SUFFIXES)


def _canonical_finding(url: str) -> tuple[Severity, str, str] | None:
    better = canonical_url(url)
    if better == url:
        return None
    if urlsplit(better).hostname != (urlsplit(url).hostname or "").lower():
        return Severity.WARNING, "non-canonical-url", f"non-canonical host: use {better}"
    return (Severity.WARNING, "insecure-url",
            f"http:// link to a host that serves https: use {better}")


def duplicate_papers(papers: Sequence[NotedPaper]) -> list[Diagnostic]:
    """A warning for each entry whose paper (`notes_site.identity`) an earlier entry noted."""
    first: dict[str, NotedPaper] = {}
    found = []
    for paper in papers:
        key = paper_key(paper.url)
        earlier = first.setdefault(key, paper)
        if earlier is paper:
            continue
        message = (f"same paper as {earlier.path}:{earlier.line}:{earlier.col} "
                   f"({earlier.title!r}, {key}), noted twice")
        found.append(Diagnostic(paper.path, paper.line, paper.col, Severity.WARNING,
                                "duplicate-paper", message))
    return found


def _opens_note(link: Link, paper: Paper, notebook: Notebook) -> bool:
    """A link that opens the paper's own notes file: the site shows it as the notes' page."""
    notes = paper.notes
    return notes is not None and linked_file(link.url, notebook.path, notebook.folder) == \
        notes.path


def lint_notebooks(notebooks: Sequence[Notebook]) -> list[Diagnostic]:
    """Offline lint of the links the model holds: each entry's paper link and its related
    links, each where it is written. What the plugin runs during a build: no second parse."""
    found: list[Diagnostic] = []
    papers: list[NotedPaper] = []
    for notebook in notebooks:
        for paper in notebook.papers():
            links = [link for link in paper.related if not _opens_note(link, paper, notebook)]
            if paper.url:
                # At the link itself, where `notes-site check` reports it too.
                own = paper.link or Link(paper.title, paper.url, paper.line, paper.col)
                links.insert(0, own)
                papers.append(NotedPaper(notebook.path, paper.title, paper.url, paper.line,
                                         paper.col))
            found += lint_links(notebook.path, links)
    return found + duplicate_papers(papers)
