"""The reading at a glance: the overview's charts count what the notes hold, their SVG carries
no colour of its own, and the page sanitizer keeps them while removing anything else.

The counts expected here are read from `tests/fixtures/table/notes.md` by hand: the years its
links give (see tests/browser/test_papers_table.py), two topics of four, one starred in each.
"""

from __future__ import annotations

import re

from notes_site.allow_list import sanitize_page
from notes_site.charts import Bar, Chart, figure, svg, top
from notes_site.exports import records
from notes_site.metadata import load
from notes_site.overview import charts
from notes_site.parse import parse
from notes_site.venues import venue_group
from tests.conftest import FIXTURES

TABLE = FIXTURES / "table"


def fixture_charts() -> list[Chart]:
    nb = parse((TABLE / "notes.md").read_text(encoding="utf-8"), "notes.md").notebook
    assert nb is not None
    found = records([nb], load(TABLE / "papers.meta.json").metadata)
    years = {r.entry.anchor: r.year for r in found if r.year}
    return charts(nb, years, lambda paper: venue_group(paper.venue))


def test_papers_are_counted_by_year_venue_and_topic() -> None:
    by_year, by_venue, by_topic, starred = fixture_charts()
    assert [(b.label, b.value) for b in by_year.bars] == [
        ("2016", 1), ("2017", 1), ("2019", 1), ("2020", 2), ("2021", 1), ("2023", 1)]
    assert by_year.note == "1 of 8 papers have no year."
    assert sorted((b.label, b.value) for b in by_venue.bars) == [
        ("ACL Anthology", 1), ("CVF Open Access", 1), ("NeurIPS", 1), ("arXiv", 4)]
    assert by_venue.note == "1 of 8 papers have no venue."
    assert [(b.label, b.value) for b in by_topic.bars] == [("Vision", 4), ("Language", 4)]
    assert [(b.label, b.value, b.part) for b in starred.bars] == [
        ("Vision", 4, 1), ("Language", 4, 1)]


def test_the_table_beside_each_chart_has_its_numbers() -> None:
    *_, starred = fixture_charts()
    html = figure(starred)
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    cells = [re.findall(r"<t[dh]>(.*?)</t[dh]>", row) for row in rows]
    assert cells == [["Topic", "Papers", "Starred", "Share"], ["Vision", "4", "1", "25%"],
                     ["Language", "4", "1", "25%"]]


def test_the_drawing_takes_its_colours_from_the_page() -> None:
    for chart in fixture_charts():
        drawing = svg(chart)
        assert not re.search(r"\b(fill|stroke|style|color)=", drawing), drawing
        assert 'aria-hidden="true"' in drawing  # the table beside it is what is read out


def test_bars_are_as_long_as_their_value() -> None:
    drawing = svg(Chart("t", (Bar("a", 10), Bar("b", 5)), "x"))
    widths = [float(w) for w in re.findall(r'<rect class="ns-bar"[^>]* width="([\d.]+)"',
                                          drawing)]
    assert widths[0] == 2 * widths[1]


def test_labels_are_text_never_markup() -> None:
    html = figure(Chart("<b>x</b>", (Bar('<script>alert(1)</script>"', 1),), "Topic"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_page_sanitizer_keeps_a_chart_and_removes_what_could_run() -> None:
    chart = figure(Chart("Papers by year", (Bar("2020", 3), Bar("2021", 1)), "Year",
                         note="1 of 5 papers have no year."))
    assert sanitize_page(chart) == chart
    hostile = ('<svg onload="alert(1)"><a href="javascript:alert(2)"><text>t</text></a>'
               '<use href="#x"></use><rect style="fill:red" onclick="alert(3)"></rect>'
               "<script>alert(4)</script><foreignObject><p>f</p></foreignObject></svg>")
    clean = sanitize_page(hostile)
    assert not re.search(r"onload|onclick|javascript|href|<use|<script|style=|foreignobject",
                         clean, re.IGNORECASE), clean


def test_many_venues_keep_the_largest_and_sum_the_rest() -> None:
    bars = [Bar(f"v{n}", n) for n in range(1, 21)]
    kept = top(bars, 5, "Other venues")
    assert [b.label for b in kept] == ["v20", "v19", "v18", "v17", "Other venues (16)"]
    assert sum(b.value for b in kept) == sum(range(1, 21))
