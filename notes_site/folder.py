"""A notes folder → one Notebook. Pure: the folder's files come in as text, by path.

README.md (or index.md) at the folder's top is the index, read as any notes file; every
other Markdown file is one paper's notes (`notes_site.paper_notes`). An index entry whose link
(its title link or a `[Review]`/`[Notes]` label) opens a notes file of the folder holds that
note, shown on the paper's own page. A note no entry links is kept under "Other notes", with a
finding. Without an index each note is a paper, in topics named by its sub-folder, else by its
first tag or category, else one topic.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence

from markdown_it import MarkdownIt

from notes_site import inline
from notes_site.model import Diagnostic, Link, Notebook, Paper, Section, Severity, Topic
from notes_site.paper_notes import linked_file, opens_paper
from notes_site.parse import ParseResult, parse, parse_note
from notes_site.readers import Context
from notes_site.slugs import Slugs
from notes_site.venues import venue_of

__all__ = ["OTHER_NOTES", "is_housekeeping", "is_notes_file", "parse_folder"]

#: The index of a folder, in the order they are looked for.
INDEX_NAMES = ("README.md", "readme.md", "Readme.md", "index.md")
#: The topic of notes that no index entry links.
OTHER_NOTES = "Other notes"
_NOT_NOTES = re.compile(r"^(licen[cs]e|contributing|code_of_conduct|changelog|security)\b",
                        re.IGNORECASE)


def is_housekeeping(name: str) -> bool:
    """Whether a file of the folder (a path relative to it) is the repository's housekeeping:
    LICENSE, CONTRIBUTING, CODE_OF_CONDUCT, CHANGELOG, SECURITY at its top, or `.github/`."""
    parts = name.split("/")
    return parts[0] == ".github" or (len(parts) == 1 and bool(_NOT_NOTES.match(name)))


def is_notes_file(name: str) -> bool:
    """Whether a file of the folder (a path relative to it) is notes: Markdown, and not the
    repository's housekeeping."""
    return name.lower().endswith(".md") and not is_housekeeping(name)


def parse_folder(files: Mapping[str, str], folder: str, *, title: str | None = None,
                 venue: str | None = None, repo_url: str = "", slugs: Slugs | None = None,
                 md: MarkdownIt | None = None) -> ParseResult:
    """Parse a notes folder. `files` are its files' texts by path relative to `folder` (the
    folder as the user named it, used in findings); `repo_url` is the repository whose
    `blob/<branch>/` addresses name the folder's own files."""
    slugs, md = slugs or Slugs(), md or inline.markdown_parser()
    found: list[Diagnostic] = []
    index = next((name for name in INDEX_NAMES if name in files), None)
    notes = _notes(files, folder, index, venue, md, found)
    if index is None:
        notebook = _without_index(notes, folder, title, slugs)
    else:
        result = parse(files[index], posixpath.join(folder, index), title=title, venue=venue,
                       slugs=slugs, md=md, as_list=True)
        found += result.diagnostics
        if result.notebook is None:
            return ParseResult(None, tuple(found))
        notebook = _with_index(result.notebook, notes, folder, repo_url, slugs, found)
    return ParseResult(dataclasses.replace(notebook, folder=folder), tuple(found))


def _notes(files: Mapping[str, str], folder: str, index: str | None, venue: str | None,
           md: MarkdownIt, found: list[Diagnostic]) -> dict[str, Paper]:
    """Each notes file read as one paper, by its path as the user would name it. Anchors come
    from a slug set of their own: a note's paper takes the site's anchor when it is placed."""
    notes: dict[str, Paper] = {}
    scratch = Slugs()
    for name in sorted(files):
        path = posixpath.join(folder, name)
        if name == index:
            continue
        if not is_notes_file(name):
            found.append(Diagnostic(path, 1, 1, Severity.INFO, "not-notes",
                                    "not notes (the repository's housekeeping): left out"))
            continue
        ctx = Context(path, md, scratch, venue or "", found)
        paper = parse_note(files[name], path, ctx, _title_from_name(name))
        if paper is not None:
            notes[path] = paper
    return notes


def _title_from_name(name: str) -> str:
    stem = posixpath.splitext(posixpath.basename(name))[0]
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Notes"


def _placed(paper: Paper, slugs: Slugs) -> Paper:
    return dataclasses.replace(paper, anchor=slugs.unique(paper.title or "paper"))


# --- without an index -------------------------------------------------------------------


def _without_index(notes: Mapping[str, Paper], folder: str, title: str | None,
                   slugs: Slugs) -> Notebook:
    """Each note a paper; topics by sub-folder, else by first tag or category, else one."""
    def by_folder(path: str) -> str:
        inside = posixpath.relpath(path, folder) if folder else path
        return _title_from_name(inside.split("/")[0]) if "/" in inside else ""

    def by_tag(path: str) -> str:
        note = notes[path].notes
        facts = dict(note.facts) if note else {}
        return (facts.get("tags") or facts.get("categories") or "").split(", ")[0]

    name = title or _title_from_name(posixpath.basename(folder.rstrip("/")) or "Notes")
    key = next((k for k in (by_folder, by_tag) if any(map(k, notes))), None)
    groups: dict[str, list[Paper]] = {}
    for path in sorted(notes, key=lambda p: (key(p) or "\uffff" if key else "", p)):
        topic = (key(path) or OTHER_NOTES) if key else name
        groups.setdefault(topic, []).append(_placed(notes[path], slugs))
    topics = tuple(Topic(t, slugs.page(t), 1, "", tuple(papers)) for t, papers in groups.items())
    return Notebook(path=folder, title=name, intro="", topics=topics)


# --- with an index ----------------------------------------------------------------------


def _with_index(nb: Notebook, notes: Mapping[str, Paper], folder: str, repo_url: str,
                slugs: Slugs, found: list[Diagnostic]) -> Notebook:
    """The index's papers, each holding the note its links open; the notes no entry links
    under "Other notes"."""
    linked: set[str] = set()

    def attach(paper: Paper) -> Paper:
        return _with_note(paper, nb.path, notes, folder, repo_url, linked, nb.venue)

    topics = [dataclasses.replace(t, papers=tuple(map(attach, t.papers)),
                                  sections=tuple(_section(s, attach) for s in t.sections))
              for t in nb.topics]
    others = [path for path in notes if path not in linked]
    for path in others:
        found.append(Diagnostic(path, 1, 1, Severity.INFO, "note-not-listed",
                                f"no entry of the index links this note: under {OTHER_NOTES}"))
    if others:
        papers = tuple(_placed(notes[path], slugs) for path in others)
        topics.append(Topic(OTHER_NOTES, slugs.page(OTHER_NOTES), 1, "", papers))
    return dataclasses.replace(nb, topics=tuple(topics))


def _section(section: Section, attach: Callable[[Paper], Paper]) -> Section:
    return dataclasses.replace(section, papers=tuple(map(attach, section.papers)))


def _with_note(paper: Paper, index: str, notes: Mapping[str, Paper], folder: str,
               repo_url: str, linked: set[str], venue: str) -> Paper:
    """`paper` with the note that one of its links opens, if any. Its own link is then the
    entry's other link to the paper (never the note), else the one the note names."""
    links: Sequence[Link] = ([paper.link] if paper.link else []) + list(paper.related)
    for link in links:
        path = linked_file(link.url, index, folder, repo_url)
        if path in notes:
            assert path is not None
            linked.add(path)
            note = notes[path]
            own = paper.link
            if own is link or own is None:
                own = next((x for x in paper.related if opens_paper(x.url)), note.link)
            url = own.url if own else None
            return dataclasses.replace(paper, notes=note.notes, link=own, url=url,
                                       venue=paper.venue if own is paper.link
                                       else venue or note.venue or venue_of(url))
    return paper
