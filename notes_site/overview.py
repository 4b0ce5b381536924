"""The reading at a glance: a notebook's papers counted by year, venue and topic, and the
starred share of each topic, as the charts of `notes_site.charts`.

Pure: a notebook, each paper's year and venue in; charts out. The renderer writes the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from notes_site.charts import Bar, Chart, top
from notes_site.model import Notebook, Paper
from notes_site.years import Year

OVERVIEW = "overview.md"
OVERVIEW_TITLE = "At a glance"
MOST_VENUES = 15
"""Venues drawn one a bar; the others are summed in one."""


def charts(nb: Notebook, years: Mapping[str, Year], venue: Callable[[Paper], str]
           ) -> list[Chart]:
    """The notebook's charts: papers by year, by venue, by topic, and (when any paper is
    starred) the starred share of each topic. `years` is by anchor; `venue` names a paper's
    venue as the All papers table shows it."""
    papers = nb.papers()
    found = [by_year(papers, years), by_venue(papers, venue), by_topic(nb)]
    if any(p.starred for p in papers):
        found.append(starred_by_topic(nb))
    return found


def _missing(n: int, what: str, total: int) -> str:
    return f"{n} of {total} papers have no {what}." if n else ""


def by_year(papers: tuple[Paper, ...], years: Mapping[str, Year]) -> Chart:
    counts = Counter(years[p.anchor].year for p in papers if p.anchor in years)
    bars = tuple(Bar(str(year), n) for year, n in sorted(counts.items()))
    return Chart("Papers by year", bars, "Year",
                 note=_missing(len(papers) - counts.total(), "year", len(papers)))


def by_venue(papers: tuple[Paper, ...], venue: Callable[[Paper], str]) -> Chart:
    counts = Counter(v for p in papers if (v := venue(p)))
    bars = top([Bar(name, n) for name, n in counts.items()], MOST_VENUES, "Other venues")
    return Chart("Papers by venue", bars, "Venue",
                 note=_missing(len(papers) - counts.total(), "venue", len(papers)))


def by_topic(nb: Notebook) -> Chart:
    bars = tuple(Bar(t.title, len(t.all_papers())) for t in nb.topics)
    return Chart("Papers by topic", bars, "Topic")


def starred_by_topic(nb: Notebook) -> Chart:
    bars = tuple(Bar(t.title, len(papers), sum(p.starred for p in papers))
                 for t in nb.topics if (papers := t.all_papers()))
    return Chart("Starred papers by topic", bars, "Topic", part_head="Starred")
