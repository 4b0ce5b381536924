"""Notes files on disk → notebooks: finding the files, reading them, parsing them together.

This is the edge where paths and bytes meet the pure parser; the plugin and the command line
both come through here, so they see the same files, the same anchors and the same findings.
"""

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notes_site.folder import is_housekeeping, parse_folder
from notes_site.inline import markdown_parser
from notes_site.model import Diagnostic, Notebook, Severity
from notes_site.parse import NotesError, ParseResult, parse, read_notes
from notes_site.slugs import Slugs

__all__ = ["Loaded", "NotesError", "load_notebooks", "notes_paths"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Notebooks parsed together, and the findings about them (errors included: only a file
    with no text to build from raises)."""

    notebooks: tuple[Notebook, ...]
    findings: tuple[Diagnostic, ...]
    texts: tuple[str, ...] = ()
    """The text each notebook was parsed from, in the same order: what the link check reads
    its links from, so that each file is read once (a folder's: its index)."""
    sources: tuple[Path, ...] = ()
    """Every Markdown file read: the pages' sources, never pages of their own."""
    assets: dict[Path, str] = dataclasses.field(default_factory=dict)
    """The other files of notes folders (images), by file, and where the site has them."""
    notes: tuple[tuple[str, str], ...] = ()
    """Each note of a notes folder as it is named in findings, with its text: what the link
    check reads the notes' own links from."""


def notes_paths(patterns: Sequence[str], base: Path) -> list[Path]:
    """The files that `patterns` (paths or globs, relative to `base`) name, in a stable order.

    A pattern that names no file is an error: a typo must not give an empty site.
    """
    found: list[Path] = []
    for pattern in patterns:
        full = str(base / pattern)
        if glob.has_magic(pattern):
            matches = sorted(m for m in glob.glob(full, recursive=True) if Path(m).is_file())
        else:
            matches = [full]
        if not matches:
            diagnostic = Diagnostic(pattern, 1, 1, Severity.ERROR, "no-notes",
                                    "no notes file matches this pattern")
            raise NotesError(diagnostic)
        found += [Path(m).resolve() for m in matches if Path(m).resolve() not in found]
    return found


def _display(path: Path) -> str:
    """A path as the user will want to click it: relative to the working folder if inside."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def load_notebooks(paths: Sequence[Path], *, title: str | None = None,
                   venue: str | None = None, repo_url: str = "") -> Loaded:
    """Read and parse every notes file or folder; a file with no text to build from raises
    `NotesError`. `repo_url` is the repository whose `blob/` addresses name a folder's files.

    With several files, each notebook gets a folder named after its file, and anchors are
    unique across all of them.
    """
    slugs, md = Slugs(), markdown_parser()
    notebooks: list[Notebook] = []
    findings: list[Diagnostic] = []
    texts: list[str] = []
    sources: list[Path] = []
    assets: dict[Path, str] = {}
    notes: list[tuple[str, str]] = []
    several = len(paths) > 1
    for path in paths:
        name = _display(path)
        own_title = None if several else title
        if path.is_dir():
            files, others = _folder_files(path)
            sources += [path / rel for rel in files if rel.endswith(".md")]
            prefix = f"{slugs.page(path.name)}/" if several else ""
            assets.update({path / rel: f"{prefix}{NOTES_FILES}/{rel}" for rel in others})
            result = parse_folder(files, name, title=own_title, venue=venue,
                                  repo_url=repo_url, slugs=slugs, md=md)
            texts.append(_index_text(files, result))
            notes += [(paper.notes.path, files[Path(paper.notes.path).relative_to(name)
                                              .as_posix()])
                      for paper in (result.notebook.papers() if result.notebook else ())
                      if paper.notes]
        else:
            sources.append(path)
            texts.append(read_notes(path, name))
            result = parse(texts[-1], name, title=own_title, venue=venue, slugs=slugs, md=md)
        if result.notebook is None:
            first = result.errors[0]
            more = len(result.errors) - 1
            suffix = f" (and {more} more error{'s' * (more > 1)})" if more else ""
            raise NotesError(dataclasses.replace(first, message=first.message + suffix))
        assert result.notebook is not None
        notebook = result.notebook
        if several:
            slug = prefix.rstrip("/") if path.is_dir() else slugs.page(path.stem)
            notebook = dataclasses.replace(notebook, slug=slug)
        notebooks.append(notebook)
        findings += result.diagnostics
    return Loaded(tuple(notebooks), tuple(findings), tuple(texts), tuple(sources), assets,
                  tuple(dict(notes).items()))


#: Where the site keeps the files of a notes folder that are not notes (images).
NOTES_FILES = "notes-files"


def notes_files(paths: Sequence[Path]) -> list[Path]:
    """Every notes file of these paths: a file itself, a folder's Markdown files (its index
    and each note; housekeeping files and dot-folders left out), in a stable order."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        for file in sorted(path.rglob("*.md")):
            rel = file.relative_to(path).as_posix()
            if file.is_file() and not rel.startswith(".") and not is_housekeeping(rel):
                out.append(file)
    return out


def _folder_files(folder: Path) -> tuple[dict[str, str], list[str]]:
    """A notes folder's Markdown (and housekeeping) files as text by path relative to it, and
    its other files (images, data) to copy into the site. Housekeeping files are named, not
    read; dot-folders (`.git`) are not the notes'."""
    texts: dict[str, str] = {}
    others: list[str] = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        if rel.startswith(".") and not rel.startswith(".github/"):
            continue
        if is_housekeeping(rel):
            texts[rel] = ""  # named in a finding, never read
        elif rel.endswith(".md"):
            texts[rel] = read_notes(file, _display(file))
        else:
            others.append(rel)
    return texts, others


def _index_text(files: dict[str, str], result: ParseResult) -> str:
    """The text a folder notebook was parsed from for its links: its index's."""
    notebook = result.notebook
    if notebook is None or notebook.path == notebook.folder:
        return ""
    return files.get(Path(notebook.path).name, "")
