"""The year of each paper, read without asking anyone, and where it was read from.

The rules, in the order they are asked (the first that answers wins):

1. `metadata`: the year the metadata file (`papers.meta.json`) gives.
2. `arxiv`: the arXiv id: `2106.01234` was submitted in 2021, `hep-th/9901001` in 1999.
3. `url`: the venue in the URL (`notes_site.venues.url_year`): a NeurIPS, CVF, ACL Anthology,
   PMLR or OpenReview path that carries the year.
4. `venue`: the paper's venue, when it names a year (a notebook's `venue: ICLR 2020`).
5. `text`: the entry's own words: `(2017)`, `CVPR 2016`, `arXiv 2019`, `NeurIPS'23`.
6. `heading`: the heading the paper sits under: `## 2021`, `### CVPR 2023`.

A wrong year is worse than none, so each rule answers only for a shape it knows, and a year
outside 1950 to `LATEST` is no year. Pure: a paper and its headings in, a `Year` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from notes_site.identity import ARXIV, paper_id, paper_key
from notes_site.metadata import NONE, Metadata
from notes_site.model import Block, Notebook, Paper, Points, Remark, Text
from notes_site.venues import two_digit, url_year

METADATA = "metadata"
ARXIV_ID = "arxiv"
URL = "url"
VENUE = "venue"
TEXT = "text"
HEADING = "heading"
#: Every `Year.source`, in the order the rules are asked.
SOURCES = (METADATA, ARXIV_ID, URL, VENUE, TEXT, HEADING)

EARLIEST = 1950
LATEST = 2099


@dataclass(frozen=True, slots=True)
class Year:
    """A paper's year and the rule that read it (one of `SOURCES`)."""

    year: int
    source: str


def plausible(year: int) -> int | None:
    """`year` when it can be a paper's year, else None."""
    return year if EARLIEST <= year <= LATEST else None


# --- arXiv ----------------------------------------------------------------------------------

_NEW_ID = re.compile(r"^(\d\d)(0[1-9]|1[0-2])\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/(\d\d)(0[1-9]|1[0-2])\d{3}$")


def arxiv_year(arxiv_id: str) -> int | None:
    """The year an arXiv id was given: `YYMM.NNNNN` (since April 2007) or `archive/YYMMNNN`
    (August 1991 to March 2007)."""
    if match := _NEW_ID.match(arxiv_id):
        yy = int(match[1])
        return 2000 + yy if yy >= 7 else None
    if match := _OLD_ID.match(arxiv_id):
        return two_digit(int(match[1]), pivot=91)
    return None


# --- words ----------------------------------------------------------------------------------

#: Names a year follows in notes: conferences, journals, preprint servers. A year after any
#: other word (`GPT 2`, `Llama 2`, `top 2019 papers`) is not read.
VENUE_NAMES = (
    "AAAI", "ACCV", "ACL", "ACM MM", "AISTATS", "ArXiv", "BMVC", "CHI", "CIKM", "CoLLM",
    "COLING", "CoNLL", "CoRL", "CVPR", "CVPRW", "EACL", "ECAI", "ECCV", "EMNLP", "Findings",
    "ICASSP", "ICCV", "ICDE", "ICDM", "ICIP", "ICLR", "ICML", "ICRA", "IJCAI", "IJCNN",
    "INTERSPEECH", "IROS", "JMLR", "KDD", "LREC", "MICCAI", "MLSys", "NAACL", "NeurIPS", "NIPS",
    "Nature", "PAMI", "RSS", "Science", "SDM", "SIGGRAPH", "SIGIR", "SIGKDD", "TACL", "TIP",
    "TKDE", "TMLR", "TNNLS", "TPAMI", "UAI", "WACV", "WSDM", "WWW", "Interspeech",
)
_NAMES = "|".join(sorted((re.escape(n) for n in VENUE_NAMES), key=len, reverse=True))
#: `CVPR 2016`, `NeurIPS'23`, `ECCV-22`, `ICLR2020`, `arXiv 2019` (not `arXiv 1905.01234`).
_VENUE_YEAR = re.compile(
    rf"(?<![\w-])(?:{_NAMES})(?:\s*(?:Workshops?|Findings))?\s?(?:(\d{{4}})|['’\-](\d\d))"
    r"(?![\d.]\d|\w)", re.IGNORECASE)
#: `(2017)`, `(Google 2017)`, `(Jan 2017)`: a year closing a parenthesis.
_PAREN_YEAR = re.compile(r"\((?:[^()\d]{0,40}\s)?((?:19|20)\d\d)\)")
#: `` `2017` ``: a year as a tag of its own, in a code span.
_TAG_YEAR = re.compile(r"`((?:19|20)\d\d)`")
#: A heading that is a year and nothing else: `2021`, `Y2021`, `2021年`.
_YEAR_HEADING = re.compile(r"^\s*Y?((?:19|20)\d\d)\s*年?\s*$")


def text_year(text: str) -> int | None:
    """The year the words of an entry name: a known venue followed by a year, else a year
    alone in parentheses or as a code-span tag. None when they name none, or two years."""
    found = {y for y in _venue_years(text) if y}
    if not found:
        found = {y for rule in (_PAREN_YEAR, _TAG_YEAR) for m in rule.finditer(text)
                 if (y := plausible(int(m[1])))}
    return found.pop() if len(found) == 1 else None


def _venue_years(text: str) -> Iterator[int | None]:
    for match in _VENUE_YEAR.finditer(text):
        yield plausible(int(match[1])) if match[1] else two_digit(int(match[2]))


def heading_year(title: str) -> int | None:
    """The year a heading names: a year alone, or a venue and its year (`CVPR 2023`)."""
    if match := _YEAR_HEADING.match(title):
        return plausible(int(match[1]))
    return text_year(title) if _VENUE_YEAR.search(title) else None


def _entry_text(paper: Paper) -> str:
    """The words of an entry that may say its year: title, summary, body."""
    return "\n".join([paper.title, paper.summary, *(_block_text(b) for b in paper.body)])


def _block_text(block: Block) -> str:
    if isinstance(block, Points):
        return "\n".join(block.items)
    assert isinstance(block, Text | Remark)
    return block.markdown


# --- the rules in order ---------------------------------------------------------------------


def paper_year(paper: Paper, headings: tuple[str, ...] = (), metadata: Metadata = NONE
               ) -> Year | None:
    """A paper's year by the first rule that answers; `headings` are the titles the paper sits
    under, nearest first (its section, its topic, the topic's group)."""
    if paper.url:
        meta = metadata.get(paper_key(paper.url))
        if meta is not None and meta.year and plausible(meta.year):
            return Year(meta.year, METADATA)
        ident = paper_id(paper.url)
        if ident and ident.site == ARXIV and (year := arxiv_year(ident.id)):
            return Year(year, ARXIV_ID)
        if year := url_year(paper.url):
            return Year(year, URL)
    for source, text in ((VENUE, paper.venue), (TEXT, _entry_text(paper))):
        if year := text_year(text):
            return Year(year, source)
    for heading in headings:
        if year := heading_year(heading):
            return Year(year, HEADING)
    return None


def notebook_years(notebook: Notebook, metadata: Metadata = NONE) -> Mapping[str, Year]:
    """The year of each paper of a notebook that has one, by the paper's anchor."""
    years: dict[str, Year] = {}
    for paper, headings in placed(notebook):
        if year := paper_year(paper, headings, metadata):
            years[paper.anchor] = year
    return years


def placed(notebook: Notebook) -> Iterator[tuple[Paper, tuple[str, ...]]]:
    """Each paper with the headings it sits under, nearest first: its section, its topic, the
    topic's group, the notebook's title (`# Submissions in ICLR 2020`)."""
    for topic in notebook.topics:
        above = (topic.title, topic.group, notebook.title) if topic.group else (
            topic.title, notebook.title)
        yield from ((p, above) for p in topic.papers)
        yield from ((p, (s.title, *above)) for s in topic.sections for p in s.papers)
