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

from notes_site.inline import markdown_parser
from notes_site.model import Diagnostic, Notebook, Severity
from notes_site.parse import NotesError, parse, read_notes
from notes_site.slugs import Slugs

__all__ = ["Loaded", "NotesError", "load_notebooks", "notes_paths"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Notebooks parsed together, and the findings about them (errors included: only a file
    with no text to build from raises)."""

    notebooks: tuple[Notebook, ...]
    findings: tuple[Diagnostic, ...]


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
                   venue: str | None = None) -> Loaded:
    """Read and parse every notes file; a file with no text to build from raises `NotesError`.

    With several files, each notebook gets a folder named after its file, and anchors are
    unique across all of them.
    """
    slugs, md = Slugs(), markdown_parser()
    notebooks: list[Notebook] = []
    findings: list[Diagnostic] = []
    several = len(paths) > 1
    for path in paths:
        name = _display(path)
        result = parse(read_notes(path, name), name, title=None if several else title, venue=venue,
                       slugs=slugs, md=md)
        if result.notebook is None:
            first = result.errors[0]
            more = len(result.errors) - 1
            suffix = f" (and {more} more error{'s' * (more > 1)})" if more else ""
            raise NotesError(dataclasses.replace(first, message=first.message + suffix))
        assert result.notebook is not None
        notebook = result.notebook
        if several:
            notebook = dataclasses.replace(notebook, slug=slugs.page(path.stem))
        notebooks.append(notebook)
        findings += result.diagnostics
    return Loaded(tuple(notebooks), tuple(findings))
