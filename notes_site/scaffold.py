"""`notes-site new`: the files of a ready site for one notes file.

The templates are package data in `notes_site/templates/`; this module decides which files a
new site gets and fills in its title and notes path. Writing refuses to replace a file unless
asked to: a user's notes and settings are never overwritten by accident.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from notes_site import __version__
from notes_site.notebooks import load_notebooks

#: Where the notes file goes in a new site, relative to its folder (inside docs_dir, so that
#: git keeps the folder MkDocs needs).
NOTES_DIR = "docs/notes"

#: The site's title when none is given and the notes name none.
DEFAULT_TITLE = "My reading notes"

#: Template name → path in the new site; the notes file is added separately.
_LAYOUT = {
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "workflows/ci.yml": ".github/workflows/ci.yml",
    "workflows/pages.yml": ".github/workflows/pages.yml",
    "workflows/links.yml": ".github/workflows/links.yml",
}


@dataclass(frozen=True, slots=True)
class NewSite:
    """What `notes-site new` is asked for."""

    title: str = DEFAULT_TITLE
    """The site's name, and the notebook's title when the notes name none."""
    notes_name: str = "notes.md"
    """The notes file's name inside `NOTES_DIR`."""
    notes: bytes | None = None
    """The user's notes, copied byte for byte; None for the example notes."""
    folder: dict[str, bytes] | None = None
    """A notes folder's files by path inside it, copied byte for byte into
    `NOTES_DIR/notes_name/` (then `notes` is not used)."""


def folder_files(folder: Path) -> dict[str, bytes]:
    """The files of a notes folder to copy, by path inside it; dot-folders (`.git`) are not
    the notes'."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(".")}


def notes_title(path: Path) -> str | None:
    """The title a notes file gives itself (front matter or `#` heading), or None.

    Raises NotesError when the file cannot be built from (unreadable, empty, no topic): a site
    made for it would not build.
    """
    unset = "\0"
    notebook = load_notebooks([path], title=unset).notebooks[0]
    return None if notebook.title == unset else notebook.title


def template(name: str) -> str:
    """The text of one template in `notes_site/templates/`."""
    return resources.files("notes_site").joinpath("templates", name).read_text("utf-8")


def site_files(spec: NewSite) -> dict[str, bytes]:
    """Every file of the new site, by path relative to its folder."""
    notes_path = f"{NOTES_DIR}/{spec.notes_name}"
    values = {"title": json.dumps(spec.title, ensure_ascii=False), "notes": notes_path,
              "version": __version__}
    files = {}
    for name, target in _LAYOUT.items():
        text = template(name)
        if name == "README.md":
            text = Template(text).substitute(values, title=spec.title)
        elif name in ("mkdocs.yml", "requirements.txt"):
            text = Template(text).substitute(values)
        files[target] = text.encode("utf-8")
    if spec.folder is not None:
        files |= {f"{notes_path}/{name}": data for name, data in spec.folder.items()}
    else:
        files[notes_path] = template("notes.md").encode() if spec.notes is None else spec.notes
    return files


def conflicts(files: dict[str, bytes], folder: Path) -> list[str]:
    """The files in `files` that already exist in `folder` (writing would replace them)."""
    return [name for name in files if (folder / name).exists()]


def write(files: dict[str, bytes], folder: Path) -> None:
    """Write the site's files into `folder`, creating folders as needed."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
