"""`feed.xml`: the newest papers of the notes as an Atom feed (RFC 4287), written with the
standard library's ElementTree, so every title and summary is escaped as XML text.

Pure: entries in, the document out. Which papers, and their links, are chosen by
`notes_site.exports` (`feed_entries`); this module only writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from notes_site import __version__

FEED_FILE = "feed.xml"
NEWEST = 50
"""Papers in the feed: the most recently noted."""
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One paper in the feed."""

    title: str
    topic: str
    summary: str
    """The note's summary, as the notes write it (Markdown), sent as text."""
    link: str
    """The paper's place on the site: absolute when the site's URL is known."""
    id: str
    """A URI naming the entry for good (RFC 4287 §4.2.6)."""
    noted: datetime
    """When the paper first appeared in the notes."""


def _stamp(when: datetime) -> str:
    """An RFC 3339 date-time, as Atom wants it; a naive time is taken as UTC."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat()


def atom(entries: Sequence[FeedEntry], *, title: str, feed_id: str, site_link: str = "",
         self_link: str = "") -> str:
    """The feed document for `entries` (newest first), titled `title`."""
    feed = Element("feed", xmlns=ATOM)
    SubElement(feed, "title").text = title
    SubElement(feed, "id").text = feed_id
    SubElement(feed, "updated").text = _stamp(max(e.noted for e in entries)) if entries else (
        _stamp(datetime(1970, 1, 1, tzinfo=UTC)))
    if site_link:
        SubElement(feed, "link", href=site_link)
    if self_link:
        SubElement(feed, "link", rel="self", href=self_link, type="application/atom+xml")
    SubElement(SubElement(feed, "author"), "name").text = title
    SubElement(feed, "generator", version=__version__).text = "notes-site"
    for entry in entries:
        _entry(feed, entry)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, "unicode") + "\n"


def _entry(feed: Element, entry: FeedEntry) -> None:
    item = SubElement(feed, "entry")
    SubElement(item, "title").text = entry.title
    SubElement(item, "id").text = entry.id
    SubElement(item, "link", href=entry.link)
    SubElement(item, "published").text = _stamp(entry.noted)
    SubElement(item, "updated").text = _stamp(entry.noted)
    SubElement(item, "category", term=entry.topic)
    summary = f"{entry.topic}: {entry.summary}" if entry.summary else entry.topic
    SubElement(item, "summary", type="text").text = summary
