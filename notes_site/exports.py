"""Every paper of the site as data: `papers.json` (with a versioned JSON Schema) and
`papers.bib` (BibTeX), written into the built site and by `notes-site export --format`.

Pure: notebooks and metadata in, text out. One record per entry, in site order; the BibTeX key
of an entry is its anchor in ASCII (anchors are unique in a site and stable across builds).
The schema is `notes_site/schema/papers.schema.json`; `SCHEMA_VERSION` is its version.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from notes_site import __version__
from notes_site.feed import FEED_FILE, NEWEST, FeedEntry, atom
from notes_site.history import NO_DATES, Noted
from notes_site.identity import ARXIV, PaperId, paper_id
from notes_site.metadata import NONE, Metadata, PaperMeta
from notes_site.model import Notebook
from notes_site.references import Entry, entries
from notes_site.years import Year, notebook_years

SCHEMA_VERSION = 1
SCHEMA_ID = "https://notes-site.invalid/schema/papers-1.schema.json"
JSON_FILE = "papers.json"
BIBTEX_FILE = "papers.bib"


def schema() -> dict[str, Any]:
    """The JSON Schema `papers.json` follows."""
    text = resources.files("notes_site.schema").joinpath("papers.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL of a generated page relative to the site root, as MkDocs makes it."""
    stem = page.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    return "" if stem == "index" else f"{stem.removesuffix('/index')}/"


@dataclass(frozen=True, slots=True)
class Record:
    """One entry as exported: its place, what the notes say, what the metadata says."""

    key: str
    entry: Entry
    meta: PaperMeta
    ident: PaperId | None
    """The paper's identity; None without a link (or a link to no web page)."""
    year: Year | None = None
    """The paper's year and where it was read from (`notes_site.years`); None if unknown."""


def records(notebooks: Sequence[Notebook], metadata: Metadata = NONE) -> list[Record]:
    """Every entry of the site, in site order, with its BibTeX key and its metadata."""
    taken: set[str] = set()
    years = {anchor: year for nb in notebooks
             for anchor, year in notebook_years(nb, metadata).items()}
    found = []
    for entry in entries(notebooks):
        key = _unique(_ascii_key(entry.anchor), taken)
        ident = paper_id(entry.paper.url) if entry.paper.url else None
        meta = metadata.get(str(ident), PaperMeta()) if ident else PaperMeta()
        found.append(Record(key, entry, meta, ident, years.get(entry.anchor)))
    return found


def _ascii_key(anchor: str) -> str:
    text = unicodedata.normalize("NFKD", anchor).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", text.lower()).strip("-") or "paper"


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    taken.add(candidate)
    return candidate


def papers_json(notebooks: Sequence[Notebook], metadata: Metadata = NONE, *,
                site_url: str = "", directory_urls: bool = True) -> str:
    """`papers.json`: every paper with its place on the site, its notes and its metadata."""
    return _papers_json(records(notebooks, metadata), site_url, directory_urls)


def _papers_json(found: Sequence[Record], site_url: str, directory_urls: bool) -> str:
    papers = [_json_record(r, site_url, directory_urls) for r in found]
    document = {"$schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION,
                "generator": f"notes-site {__version__}", "papers": papers}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _json_record(record: Record, site_url: str, directory_urls: bool) -> dict[str, Any]:
    entry, paper, meta, ident = record.entry, record.entry.paper, record.meta, record.ident
    year = record.year
    where = _place(record, "", directory_urls)
    return {
        "key": record.key, "notebook": entry.notebook, "topic": entry.topic,
        "title": paper.title, "url": paper.url, "identity": str(ident) if ident else None,
        "anchor": entry.anchor, "page": where,
        "site_url": _place(record, site_url, directory_urls),
        "starred": paper.starred, "rating": paper.rating, "venue": meta.venue or paper.venue,
        "authors": list(meta.authors), "year": year.year if year else None,
        "year_source": year.source if year else None, "kind": meta.kind,
        "summary": paper.summary, "abstract": meta.abstract,
        "related": [{"text": link.text, "url": link.url} for link in paper.related],
    }


# --- BibTeX ---------------------------------------------------------------------------------

_MATH = re.compile(r"(\$[^$]+\$)")
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                  "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_text(text: str) -> str:
    """Plain text as a BibTeX field value: LaTeX's special characters escaped, `$math$` kept."""
    parts = _MATH.split(text)
    return "".join(part if i % 2 else "".join(_LATEX_SPECIAL.get(ch, ch) for ch in part)
                   for i, part in enumerate(parts))


def bibtex_entry(record: Record) -> str:
    """One paper as a BibTeX entry: @article/@inproceedings when the metadata says so."""
    return "\n".join(_bibtex_lines(record)) + "\n"


def _bibtex_lines(record: Record) -> Iterator[str]:
    paper, meta = record.entry.paper, record.meta
    kind = meta.kind if meta.kind in ("article", "inproceedings") else "misc"
    yield f"@{kind}{{{record.key},"
    fields: list[tuple[str, str]] = [("title", latex_text(paper.title))]
    if meta.authors:
        fields.append(("author", " and ".join(latex_text(a) for a in meta.authors)))
    if record.year:
        fields.append(("year", str(record.year.year)))
    # "arXiv 1805.08651" names the preprint, which `eprint` says; it is no venue.
    venue = meta.venue or ("" if record.ident and record.ident.site == ARXIV else paper.venue)
    if venue:
        where = {"article": "journal", "inproceedings": "booktitle"}.get(kind, "howpublished")
        fields.append((where, latex_text(venue)))
    if paper.url:
        fields.append(("url", paper.url.replace("\\", "%5C").replace("}", "%7D")
                       .replace("{", "%7B")))
    ident = record.ident
    if ident and ident.site == ARXIV:
        fields += [("eprint", ident.id), ("archiveprefix", "arXiv")]
    yield ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    yield "}"


def papers_bib(notebooks: Sequence[Notebook], metadata: Metadata = NONE) -> str:
    """`papers.bib`: one entry per paper, in site order."""
    return _papers_bib(records(notebooks, metadata))


def _papers_bib(found: Sequence[Record]) -> str:
    head = f"% Written by notes-site {__version__}: every paper of the reading notes.\n\n"
    return head + "\n".join(bibtex_entry(r) for r in found)


def newest(found: Sequence[Record], noted: Noted, most: int) -> list[tuple[Record, datetime]]:
    """The `most` most recently noted papers, newest first (papers noted in one commit in site
    order), each paper once (its first listing), with when it was noted."""
    dated: list[tuple[Record, datetime]] = []
    seen: set[str] = set()
    for record in found:
        key = str(record.ident) if record.ident else ""
        if key in noted and key not in seen:
            seen.add(key)
            dated.append((record, noted[key]))
    dated.sort(key=lambda pair: pair[1], reverse=True)  # stable: ties keep site order
    return dated[:most]


def feed_entries(found: Sequence[Record], noted: Noted, site_url: str = "",
                 directory_urls: bool = True) -> list[FeedEntry]:
    """The feed's papers, newest first, each linked to its place on the site."""
    entries = []
    for record, when in newest(found, noted, NEWEST):
        paper, where = record.entry.paper, _place(record, site_url, directory_urls)
        ident = where if site_url else (paper.url if paper.url and paper.url.startswith(
            ("http://", "https://")) else f"urn:notes-site:{record.key}")
        entries.append(FeedEntry(paper.title, record.entry.topic, paper.summary, where, ident,
                                 when))
    return entries


def _place(record: Record, site_url: str, directory_urls: bool) -> str:
    """An entry's address: `site_url` + page + `#anchor`, or page + `#anchor` without it."""
    where = f"{page_url(record.entry.page, directory_urls)}#{record.entry.anchor}"
    return site_url.rstrip("/") + "/" + where if site_url else where


def site_files(notebooks: Sequence[Notebook], metadata: Metadata = NONE, *, site_url: str = "",
               directory_urls: bool = True, noted: Noted = NO_DATES, title: str = ""
               ) -> dict[str, str]:
    """The export files a built site carries, by path: `feed.xml` too when `noted` dates
    papers (`notes_site.history`)."""
    found = records(notebooks, metadata)
    files = {JSON_FILE: _papers_json(found, site_url, directory_urls),
             BIBTEX_FILE: _papers_bib(found)}
    if entries := feed_entries(found, noted, site_url, directory_urls):
        root = site_url.rstrip("/") + "/" if site_url else ""
        files[FEED_FILE] = atom(entries, title=title or "Reading notes",
                                feed_id=f"{root}{FEED_FILE}" if root else "urn:notes-site:feed",
                                site_link=root, self_link=f"{root}{FEED_FILE}" if root else "")
    return files
