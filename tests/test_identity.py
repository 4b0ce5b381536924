"""One paper identity: real URL variants, each written by hand with the paper it names.

Where each URL comes from: `docs/notes/iclr2020.md` (the embedded notes, line given),
`../shared/corpus/*` (the five public lists), arXiv's own help pages (abs/pdf/version forms,
old-style ids such as `hep-th/9901001`, the `export.` API host, the `10.48550/arXiv.ID` DOIs
arXiv registers), OpenReview's `forum`/`pdf`/`attachment` pages, and doi.org's handbook
(`doi:` and `dx.doi.org`). The expected key is written out, not computed.
"""

from __future__ import annotations

import pytest

from notes_site.identity import api_id, paper_id, paper_key

NTK = "neural-tangent-kernel-convergence-and-generalization-in-neural-networks.pdf"

VARIANTS = [
    # OpenReview: iclr2020.md lines 2 and 25, and the other pages of the same note.
    ("https://openreview.net/pdf?id=HygpthEtvr", "openreview:HygpthEtvr"),
    ("https://openreview.net/forum?id=HygpthEtvr", "openreview:HygpthEtvr"),
    ("https://openreview.net/forum?id=HygpthEtvr&noteId=HygpthEtvr", "openreview:HygpthEtvr"),
    ("http://www.openreview.net/pdf?id=Skey4eBYPS", "openreview:Skey4eBYPS"),
    ("https://openreview.net/pdf/?id=Skey4eBYPS", "openreview:Skey4eBYPS"),
    ("https://openreview.net/attachment?id=Skey4eBYPS&name=original_pdf",
     "openreview:Skey4eBYPS"),
    ("https://api2.openreview.net/notes?id=Skey4eBYPS", "openreview:Skey4eBYPS"),
    ("https://openreview.net/forum?id=Skey4eBYPS#discussion", "openreview:Skey4eBYPS"),
    # A profile is not a paper: its URL is its identity.
    ("https://openreview.net/profile?id=~Yoshua_Bengio1",
     "url:openreview.net/profile?id=~Yoshua_Bengio1"),
    # arXiv: iclr2020.md line 27 and the corpus (versions, http, pdf without .pdf, ftp).
    ("https://arxiv.org/pdf/1805.08651.pdf", "arxiv:1805.08651"),
    ("https://arxiv.org/abs/1805.08651", "arxiv:1805.08651"),
    ("https://arxiv.org/abs/1805.08651v3", "arxiv:1805.08651"),
    ("http://arxiv.org/abs/1506.01497v3", "arxiv:1506.01497"),
    ("https://arxiv.org/pdf/1311.2524v5.pdf", "arxiv:1311.2524"),
    ("https://arxiv.org/pdf/1602.05629", "arxiv:1602.05629"),
    ("https://arxiv.org/ftp/arxiv/papers/2205/2205.02302.pdf", "arxiv:2205.02302"),
    ("https://www.arxiv.org/abs/1706.03762/", "arxiv:1706.03762"),
    ("https://export.arxiv.org/abs/1706.03762", "arxiv:1706.03762"),
    ("http://export.arxiv.org/pdf/1706.03762v7", "arxiv:1706.03762"),
    ("https://arxiv.org/html/2412.19437v1", "arxiv:2412.19437"),
    ("https://arxiv.org/abs/1706.03762#comments", "arxiv:1706.03762"),
    ("arXiv:1706.03762v5", "arxiv:1706.03762"),
    ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv:1706.03762"),
    # Old-style arXiv ids (before April 2007): archive, optional subject class, 7 digits.
    ("https://arxiv.org/abs/hep-th/9901001", "arxiv:hep-th/9901001"),
    ("http://arxiv.org/pdf/hep-th/9901001v3.pdf", "arxiv:hep-th/9901001"),
    ("https://arxiv.org/abs/math.GT/0309136", "arxiv:math.GT/0309136"),
    ("https://arxiv.org/abs/cs/0112017v1", "arxiv:cs/0112017"),
    # Not a paper on arXiv: a listing page.
    ("https://arxiv.org/list/cs.LG/recent", "url:arxiv.org/list/cs.LG/recent"),
    # DOI: every way the handbook writes one; DOIs are case-insensitive.
    ("https://doi.org/10.1000/182", "doi:10.1000/182"),
    ("http://dx.doi.org/10.1000/182", "doi:10.1000/182"),
    ("doi:10.1000/182", "doi:10.1000/182"),
    ("https://doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
    ("https://dl.acm.org/doi/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
    ("https://dl.acm.org/doi/abs/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
    ("https://doi.org/10.1038/NATURE14539", "doi:10.1038/nature14539"),
    ("https://doi.org/10.1038%2Fnature14539", "doi:10.1038/nature14539"),
    # Any other page: no scheme, no www., no trailing slash, no fragment (iclr2020.md 4, 62).
    (f"http://papers.nips.cc/paper/8076-{NTK}", f"url:papers.nips.cc/paper/8076-{NTK}"),
    (f"https://papers.nips.cc/paper/8076-{NTK}", f"url:papers.nips.cc/paper/8076-{NTK}"),
    ("http://proceedings.mlr.press/v97/allen-zhu19a.html",
     "url:proceedings.mlr.press/v97/allen-zhu19a.html"),
    ("https://www.proceedings.mlr.press/v97/allen-zhu19a.html#sec2",
     "url:proceedings.mlr.press/v97/allen-zhu19a.html"),
    ("https://github.com/mli/paper-reading/", "url:github.com/mli/paper-reading"),
    ("https://GitHub.com/mli/paper-reading", "url:github.com/mli/paper-reading"),
    ("https://www.youtube.com/watch?v=nZsM1RKIz3M", "url:youtube.com/watch?v=nZsM1RKIz3M"),
]


@pytest.mark.parametrize(("url", "key"), VARIANTS)
def test_each_variant_has_the_identity_written_beside_it(url: str, key: str) -> None:
    assert paper_key(url) == key


def test_variants_of_one_paper_are_one_key_and_different_papers_are_not() -> None:
    keys = {paper_key(url) for url, _ in VARIANTS}
    assert len(keys) == len({key for _, key in VARIANTS})
    assert paper_key("https://arxiv.org/abs/1805.08651") != paper_key(
        "https://arxiv.org/abs/1805.08652")
    assert paper_key("https://openreview.net/pdf?id=A1") != paper_key(
        "https://openreview.net/pdf?id=a1")


@pytest.mark.parametrize("url", [
    "mailto:someone@example.org", "javascript:alert(1)", "notes/other.md", "",
    "https://arxiv.org:bad/abs/1706.03762", "doi:not-a-doi", "https://openreview.net/forum",
])
def test_what_names_no_web_paper(url: str) -> None:
    ident = paper_id(url)
    assert ident is None or ident.site == "url"


def test_only_arxiv_and_openreview_ids_go_to_an_api() -> None:
    assert str(api_id("https://arxiv.org/pdf/1805.08651.pdf")) == "arxiv:1805.08651"
    assert str(api_id("https://openreview.net/forum?id=X1")) == "openreview:X1"
    assert api_id("https://doi.org/10.1000/182") is None
    assert api_id("https://papers.nips.cc/paper/1") is None
