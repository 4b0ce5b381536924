"""One paper's notes file → a Paper whose notes are the whole file. Pure: text in, Paper out.

A notes file about one paper (a `# Title`, then sections such as "Key ideas", "Questions")
is not a list of papers: it becomes one paper with its own page. Its front matter keys that
the site uses are used; the others (Jekyll's `layout`, `permalink`) are left out, each with a
finding.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from notes_site import inline
from notes_site.blocks import FENCE
from notes_site.identity import API_SITES, DOI, paper_id
from notes_site.model import Link, Note, Paper
from notes_site.readers import Context

#: Front matter keys shown on the paper's page as they are.
SHOWN = ("authors", "date", "tags", "categories")
#: Front matter keys that name the paper's own link, in the order they are looked at.
URL_KEYS = ("url", "paper", "arxiv")
#: Every front matter key a paper's notes may use; others are findings.
KNOWN = frozenset({"title", "venue", *SHOWN, *URL_KEYS})

_TITLE = re.compile(r"^ {0,3}#[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*$")
_GITHUB_BLOB = re.compile(r"^/blob/[^/]+/(?P<path>.+)$")


def title_line(lines: Sequence[str]) -> int | None:
    """The index of the first `#` heading outside code, or None."""
    fence = ""
    for index, line in enumerate(lines):
        opened = FENCE.match(line)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        elif not fence and _TITLE.match(line):
            return index
    return None


def read_note(lines: Sequence[str], first: int, meta: dict[str, object],
              ctx: Context, fallback: str) -> Paper:
    """The paper that a notes file is about. `lines` are the file's lines after its front
    matter, the first of them line `first`; `fallback` titles a note with neither a front
    matter title nor a `#` heading (its file name)."""
    at = title_line(lines)
    heading = _TITLE.match(lines[at]) if at is not None else None
    own = str(meta.get("title") or (heading["title"] if heading else ""))
    title = own or fallback
    body = [line for index, line in enumerate(lines) if index != at]
    link = _meta_link(meta, first) or _paper_link(lines, first, ctx)
    line = first + at if at is not None else first
    paper = ctx.paper(inline.collapse(title), link, line, 1)
    if meta.get("venue"):
        paper = dataclasses.replace(paper, venue=str(meta["venue"]))
    note = Note(ctx.path, "\n".join(body).strip("\n"), _facts(meta), own)
    return dataclasses.replace(paper, notes=note)


def _facts(meta: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((key, _text(meta[key])) for key in SHOWN if meta.get(key))


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _meta_link(meta: dict[str, object], first: int) -> Link | None:
    """The paper's link from front matter `url`, `paper` or `arxiv` (an id or a URL)."""
    for key in URL_KEYS:
        value = str(meta.get(key) or "").strip()
        if value:
            url = value if "://" in value else f"https://arxiv.org/abs/{value}"
            return Link(key, url, max(first - 1, 1), 1)
    return None


def _paper_link(lines: Sequence[str], first: int, ctx: Context) -> Link | None:
    """The first link in the note that opens a paper (arXiv, OpenReview, DOI)."""
    return next((link for link in inline.links_in_markdown(ctx.md, list(lines), first)
                 if opens_paper(link.url)), None)


def opens_paper(url: str) -> bool:
    """A link to a paper's own page: arXiv, OpenReview or a DOI (not code, not a blog)."""
    ident = paper_id(url)
    return ident is not None and (ident.site in API_SITES or ident.site == DOI)


def unknown_keys(meta: dict[str, object], meta_lines: Sequence[str], ctx: Context) -> None:
    """A finding for each front matter key the site does not use (left out of the page)."""
    for key in meta:
        if str(key) in KNOWN:
            continue
        line = next((n for n, text in enumerate(meta_lines, start=1)
                     if text.startswith(f"{key}:")), 1)
        ctx.note(line, 1, "front-matter-key",
                 f"front matter `{key}` is not used by the site; left out")


def linked_file(url: str, source: str, root: str, repo_url: str = "") -> str | None:
    """The file that a link written in `source` names, as a path like `source`: a relative
    link, or a file of the repository by its GitHub address (`repo_url/blob/<branch>/path`,
    relative to `root`, the notes folder as the repository's root). None for a link to
    anything else. The one rule for "this link opens that note", for parser and renderer."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc and parts.path and not url.startswith("/"):
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    inside = _repository_file(parts.netloc, parts.path, repo_url)
    return posixpath.normpath(posixpath.join(root, inside)) if inside else None


def _repository_file(host: str, path: str, repo_url: str) -> str | None:
    """The path inside the repository that a GitHub `repo_url/blob/<branch>/path` names."""
    if not repo_url:
        return None
    base = urlsplit(repo_url.rstrip("/"))
    prefix = base.path.rstrip("/").lower() + "/"
    if host.lower() != base.netloc.lower() or not path.lower().startswith(prefix):
        return None
    blob = _GITHUB_BLOB.match(path[len(prefix) - 1:])
    return unquote(blob["path"]) if blob else None
