"""What the paper APIs say about each paper (authors, year, venue, abstract), as plain values.

The metadata file lives beside the notes and is meant to be committed: `notes-site metadata`
writes it (asking arXiv and OpenReview), a build only reads it and makes no request. It is
JSON, keys sorted, papers by their identity (`notes_site.identity.paper_key`):

    {"version": 1, "papers": {"arxiv:1706.03762": {"authors": [...], "year": 2017,
     "venue": "NeurIPS 2017", "kind": "inproceedings", "abstract": "..."}}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import MappingProxyType

VERSION = 1
FILE_NAME = "papers.meta.json"
KINDS = ("article", "inproceedings", "misc")


@dataclass(frozen=True, slots=True)
class PaperMeta:
    """What an API says about one paper."""

    authors: tuple[str, ...] = ()
    """Full names, in the paper's order."""
    year: int | None = None
    venue: str = ""
    """Where it appeared, e.g. `ICLR 2020`; empty when only a preprint."""
    kind: str = "misc"
    """`article` (a journal), `inproceedings` (a conference), else `misc` (a preprint)."""
    abstract: str = ""


Metadata = Mapping[str, PaperMeta]
"""Paper key → its metadata."""

NONE: Metadata = MappingProxyType({})


class MetadataError(Exception):
    """A metadata file that cannot be read as one."""


def to_json(metadata: Metadata) -> str:
    """The file's text: sorted keys, one stable byte sequence for the same metadata."""
    papers = {key: asdict(meta) for key, meta in sorted(metadata.items())}
    text = json.dumps({"version": VERSION, "papers": papers}, indent=1, sort_keys=True,
                      ensure_ascii=False)
    return text + "\n"


def from_json(text: str) -> dict[str, PaperMeta]:
    """Metadata from the file's text; `MetadataError` when it is not a metadata file."""
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise MetadataError(f"version {data.get('version')!r}, not {VERSION}")
        return {str(key): _meta(value) for key, value in data["papers"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise MetadataError(f"not a notes-site metadata file ({error})") from None


def _meta(value: Mapping[str, object]) -> PaperMeta:
    year = value.get("year")
    kind = str(value.get("kind") or "misc")
    return PaperMeta(tuple(str(a) for a in value.get("authors") or ()),  # type: ignore[attr-defined]
                     int(year) if isinstance(year, int) else None, str(value.get("venue") or ""),
                     kind if kind in KINDS else "misc", str(value.get("abstract") or ""))


def metadata_path(option: str | None, notes: Sequence[Path], base: Path) -> Path:
    """The metadata file: the `metadata` option (relative to mkdocs.yml's folder `base`), else
    `papers.meta.json` beside the first notes file."""
    if option:
        return base / option
    return (notes[0].parent if notes else base) / FILE_NAME


def read(path: Path) -> dict[str, PaperMeta]:
    """The metadata file at `path`; none when there is no file."""
    if not path.is_file():
        return {}
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except MetadataError as error:
        raise MetadataError(f"{path}: {error}") from None
