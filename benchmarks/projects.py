"""The MkDocs projects the benchmarks build, made under benchmarks/work/ from generated notes.

Two kinds of project for the same notes:

- `notes`: the real mkdocs.yml, its `notes:` option pointing at the generated notes file;
- `plain`: what a user would do without notes-site: the notes file copied as docs/index.md,
  the same theme, extensions and validation, and no `notes` plugin.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.make_notes import make_notes

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
MKDOCS_YML = ROOT / "mkdocs.yml"
EMBEDDED_NOTES = ROOT / "docs" / "notes" / "iclr2020.md"
MATHJAX_DIR = ROOT / "node_modules" / "mathjax" / "es5"
SEED = 1
"""Every benchmark uses notes generated with this seed."""

_NOTES_OPTION = "        - docs/notes/iclr2020.md\n"
_PLUGIN_BLOCK = re.compile(r"^  - notes:\n(?:    .*\n|\s*#.*\n)*", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Project:
    """A folder with a mkdocs.yml and its notes, ready for `mkdocs build -f`."""

    folder: Path
    notes: Path
    """The notes file the site is made from (docs/index.md for a plain project)."""

    @property
    def config(self) -> Path:
        """The project's mkdocs.yml."""
        return self.folder / "mkdocs.yml"

    @property
    def site(self) -> Path:
        """Where `mkdocs build` writes the site."""
        return self.folder / "site"


def notes_text(papers: int | None) -> str:
    """Generated notes with `papers` papers; the embedded notes for None."""
    if papers is None:
        return EMBEDDED_NOTES.read_text(encoding="utf-8")
    return make_notes(papers, SEED)


def _label(papers: int | None) -> str:
    return "embedded" if papers is None else str(papers)


def notes_project(papers: int | None, name: str = "notes") -> Project:
    """The real mkdocs.yml, building the generated notes (or the embedded ones) with the plugin."""
    config = MKDOCS_YML.read_text(encoding="utf-8")
    assert _NOTES_OPTION in config, "mkdocs.yml no longer names docs/notes/iclr2020.md"
    folder = WORK / f"{name}-{_label(papers)}"
    notes = folder / "docs" / "notes" / "notes.md"
    _write(notes, notes_text(papers))
    _write(folder / "mkdocs.yml", config.replace(_NOTES_OPTION, "        - docs/notes/notes.md\n"))
    return Project(folder, notes)


def plain_project(papers: int | None) -> Project:
    """The same notes as one plain page: docs/index.md, the same config without the plugin."""
    config = _PLUGIN_BLOCK.sub("", MKDOCS_YML.read_text(encoding="utf-8"))
    assert "notes" not in re.findall(r"^  - (\w+)", config, re.MULTILINE)
    folder = WORK / f"plain-{_label(papers)}"
    notes = folder / "docs" / "index.md"
    _write(notes, notes_text(papers))
    _write(folder / "mkdocs.yml", config)
    return Project(folder, notes)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _chromium() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                             timeout=30, check=False)
    except OSError:
        return "not installed"
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "unknown"


def _commit() -> str:
    """The checkout's commit, and whether notes_site/ had changes not yet committed."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    dirty = " + uncommitted changes in notes_site/" if git("status", "--porcelain",
                                                             "notes_site") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    version = importlib.metadata.version
    return {
        "nproc": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB",
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "markdown-it-py": version("markdown-it-py"),
        "chromium": _chromium(),
        "notes-site commit": _commit(),
    }
