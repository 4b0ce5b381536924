"""What the paper APIs say about each paper (authors, year, venue, abstract), as plain values.

The metadata file lives beside the notes and is meant to be committed: `notes-site metadata`
writes it (asking arXiv and OpenReview), a build only reads it and makes no request. It is
JSON, keys sorted, papers by their identity (`notes_site.identity.paper_key`):

    {"version": 1, "papers": {"arxiv:1706.03762": {"authors": [...], "year": 2017,
     "venue": "NeurIPS 2017", "kind": "inproceedings", "abstract": "..."}}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree

from notes_site import derived
from notes_site.atomic_write import write_atomically
from notes_site.model import Diagnostic

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
    except ValueError as error:
        raise MetadataError(f"not JSON ({error})") from None
    return from_data(data)


def from_data(data: Any) -> dict[str, PaperMeta]:
    """Metadata from the file's parsed JSON; `MetadataError` when it is not a metadata file."""
    try:
        if data.get("version") != VERSION:
            raise MetadataError(f"version {data.get('version')!r}, not {VERSION}")
        return {str(key): _meta(value) for key, value in data["papers"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise MetadataError(f"not a notes-site metadata file ({error})") from None


def _meta(value: Mapping[str, Any]) -> PaperMeta:
    year = value.get("year")
    kind = str(value.get("kind") or "misc")
    return PaperMeta(tuple(str(a) for a in value.get("authors") or ()),
                     year if isinstance(year, int) else None, str(value.get("venue") or ""),
                     kind if kind in KINDS else "misc", str(value.get("abstract") or ""))


def metadata_path(option: str | None, notes: Sequence[Path], base: Path) -> Path:
    """The metadata file: the `metadata` option (relative to mkdocs.yml's folder `base`), else
    `papers.meta.json` beside the first notes file."""
    if option:
        return base / option
    return (notes[0].parent if notes else base) / FILE_NAME


def write(path: Path, metadata: Metadata) -> None:
    """Write the metadata file atomically (`notes_site.atomic_write`): a reader, or a crash,
    never leaves half of it."""
    write_atomically(path, to_json(metadata))


REMEDY = "the site is built without it, and `notes-site metadata` writes it again"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A metadata file as read: its metadata, or the finding that says why it is not used."""

    metadata: Metadata = field(default_factory=lambda: NONE)
    finding: Diagnostic | None = None
    sides: tuple[dict[str, PaperMeta], ...] = ()
    """The sides of a conflicted file that are metadata on their own (ours first)."""


def load(path: Path) -> Loaded:
    """The metadata file at `path` (none when there is no file). A broken one is a finding
    and no metadata: derived data never stops a build."""
    read = derived.read_json(path, REMEDY)
    if read.finding:
        return Loaded(finding=read.finding, sides=_sides(read.text))
    if read.data is None:
        return Loaded()
    try:
        return Loaded(from_data(read.data))
    except MetadataError as error:
        return Loaded(finding=derived.finding(path, f"{error}; {REMEDY}"))


def _sides(text: str | None) -> tuple[dict[str, PaperMeta], ...]:
    """The sides of a conflicted file's text that parse as metadata."""
    if text is None or derived.conflict_line(text) is None:
        return ()
    found = []
    for side in derived.conflict_sides(text):
        try:
            found.append(from_json(side))
        except MetadataError:
            continue
    return tuple(found)


def union(sides: Sequence[Metadata]) -> tuple[dict[str, PaperMeta], set[str]]:
    """Every paper the sides of a conflict hold, and those on which they disagree (the first
    side's entry is kept for them until the APIs are asked again)."""
    merged: dict[str, PaperMeta] = {}
    disputed: set[str] = set()
    for side in reversed(sides):
        for key, meta in side.items():
            if key in merged and merged[key] != meta:
                disputed.add(key)
            merged[key] = meta
    return merged, disputed



@dataclass(frozen=True, slots=True)
class Update:
    """What `notes-site metadata` keeps of the file and asks the APIs about."""

    kept: dict[str, PaperMeta]
    """The file's papers that the notes still link (a conflict's sides merged)."""
    ask: list[str]
    """The papers to ask about: those the file lacks, those a conflict's sides disagree on,
    or all of them when refreshing."""
    warnings: tuple[str, ...] = ()
    """What to tell about the file: why it could not be used, what of it was kept."""

    def merged(self, found: Metadata) -> dict[str, PaperMeta]:
        """The file to write: what is kept, with what the APIs answered over it."""
        return {**self.kept, **found}


def update(read: Loaded, keys: Sequence[str], refresh: bool) -> Update:
    """The update of the metadata file `read` for the papers `keys` the notes link. A broken
    file keeps nothing; a conflicted one keeps what its sides hold, asking again about the
    papers on which they differ."""
    stored, disputed, warnings = _stored(read)
    wanted = set(keys)
    kept = {key: meta for key, meta in stored.items() if key in wanted}
    ask = [key for key in keys if refresh or key not in kept or key in disputed]
    return Update(kept, ask, warnings)


def _stored(read: Loaded) -> tuple[dict[str, PaperMeta], set[str], tuple[str, ...]]:
    """What a metadata file as read holds, the papers to ask again, and the warnings."""
    if read.finding is None:
        return dict(read.metadata), set(), ()
    if not read.sides:
        return {}, set(), (str(read.finding), "nothing in it could be kept: it is written "
                           "again from what the APIs answer")
    merged, disputed = union(read.sides)
    return merged, disputed, (str(read.finding), f"kept {len(merged)} papers from "
                              f"{len(read.sides)} side(s) of the conflict; {len(disputed)} on "
                              "which they differ are asked again")

# --- What the APIs answer, as metadata (pure: an answer in, a value out) ---------------------

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_JOURNAL = re.compile(r"(?i)\b(journal|transactions|TMLR|JMLR)\b")
_NOT_PUBLISHED = re.compile(r"(?i)\b(submitted|withdrawn|reject|desk)")


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def from_arxiv(entry: ElementTree.Element) -> PaperMeta:
    """Metadata from an arXiv API Atom `<entry>`: authors, year first published, the journal
    reference as venue (an `article`) when the authors gave one, else a preprint (`misc`)."""
    authors = tuple(_text(a.findtext(f"{_ATOM}name")) for a in entry.iter(f"{_ATOM}author"))
    published = _YEAR.search(entry.findtext(f"{_ATOM}published") or "")
    venue = _text(entry.findtext(f"{_ARXIV}journal_ref"))
    return PaperMeta(tuple(a for a in authors if a), int(published[0]) if published else None,
                     venue, "article" if venue else "misc",
                     _text(entry.findtext(f"{_ATOM}summary")))


def _field(note: Mapping[str, Any], name: str) -> Any:
    """A content field of an OpenReview note: API v2 wraps each as `{"value": ...}`."""
    value = (note.get("content") or {}).get(name)
    return value.get("value") if isinstance(value, dict) else value


def from_openreview(note: Mapping[str, Any]) -> PaperMeta:
    """Metadata from an OpenReview note (API v1 or v2): authors, venue, abstract; the year from
    the venue, else from the publication or creation time."""
    venue = _text(str(_field(note, "venue") or ""))
    authors = _field(note, "authors") or []
    year_match = _YEAR.search(venue)
    year = int(year_match[0]) if year_match else _epoch_year(note)
    if not venue or _NOT_PUBLISHED.search(venue):
        kind = "misc"
    else:
        kind = "article" if _JOURNAL.search(venue) else "inproceedings"
    return PaperMeta(tuple(_text(str(a)) for a in authors if str(a).strip()), year, venue, kind,
                     _text(str(_field(note, "abstract") or "")))


def _epoch_year(note: Mapping[str, Any]) -> int | None:
    for name in ("pdate", "odate", "cdate", "tcdate"):
        stamp = note.get(name)
        if isinstance(stamp, int | float) and stamp > 0:
            return datetime.fromtimestamp(stamp / 1000, tz=UTC).year
    return None
