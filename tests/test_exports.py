"""papers.json and papers.bib: checked by other tools (jsonschema, bibtexparser with pylatexenc's
LaTeX decoding) against what the notes say, in the built site and from `notes-site export`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from notes_site import exports
from notes_site.metadata import PaperMeta
from notes_site.model import Notebook
from notes_site.notebooks import load_notebooks
from notes_site.parse import parse
from tests.conftest import NOTES, ROOT, Build

TRICKY = """# Tricky

## Titles

1. [Learning with $l_2$ norms & 100% of {braces} under_scores](https://arxiv.org/abs/1805.08651v2)
2. [深度学习](https://example.org/cjk): no ASCII in the title.
3. [学习](https://example.org/cjk2): nor here.
4. [A paper with no link]
5. [Attention Is All You Need](https://openreview.net/forum?id=X1): a conference paper.
"""


def tricky() -> list[Notebook]:
    notebook = parse(TRICKY, "tricky.md").notebook
    assert notebook is not None
    return [notebook]


def seed() -> list[Notebook]:
    return list(load_notebooks([NOTES], title="ICLR 2020 reading notes",
                               venue="ICLR 2020").notebooks)


def parse_bib(text: str) -> dict[str, Any]:
    library = bibtexparser.parse_string(text, append_middleware=[
        LatexDecodingMiddleware(keep_math_mode=True), SeparateCoAuthors()])
    assert library.failed_blocks == []
    return {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}


def validate(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    schema = exports.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    return document


def test_the_schema_rejects_what_it_should() -> None:
    document = json.loads(exports.papers_json(seed()))
    document["papers"][0]["starred"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, exports.schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 2, "papers": []}, exports.schema())


def test_papers_json_is_valid_and_holds_every_paper_of_the_notes() -> None:
    document = validate(exports.papers_json(seed(), site_url="https://u.github.io/notes/"))
    papers = document["papers"]
    # 21 papers, 1 empty entry that is not one (DESIGN.md: 6 topics, 21 papers).
    assert len(papers) == 21
    assert document["schema_version"] == 1
    proxsgd = papers[0]
    assert proxsgd["title"] == "ProxSGD"
    assert proxsgd["url"] == "https://openreview.net/pdf?id=HygpthEtvr"
    assert proxsgd["identity"] == "openreview:HygpthEtvr"
    assert proxsgd["site_url"] == "https://u.github.io/notes/optimization-generalization/#proxsgd"
    assert proxsgd["venue"] == "ICLR 2020" and proxsgd["starred"] is False
    starred = [p["title"] for p in papers if p["starred"]]
    source = NOTES.read_text(encoding="utf-8")
    assert len(starred) == len(re.findall(r"^\d+\. \*\[", source, re.M))
    effect = next(p for p in papers if p["title"].startswith("EFFECT OF ACTIVATION"))
    assert [r["text"] for r in effect["related"]] == [
        "A Convergence Theory for Deep Learning via Over-Parameterization",
        "Neural Tangent Kernel"]


def test_json_and_bibtex_round_trip_every_paper_with_the_same_fields() -> None:
    notebooks = seed() + tricky()
    meta = {"arxiv:1805.08651": PaperMeta(("Aapo Hyvärinen", "Hiroaki Sasaki"), 2019,
                                          "AISTATS 2019", "inproceedings", "We show …"),
            "openreview:X1": PaperMeta(("Ashish Vaswani",), 2017, "J. of Attention",
                                       "article")}
    records = validate(exports.papers_json(notebooks, meta))["papers"]
    entries = parse_bib(exports.papers_bib(notebooks, meta))
    titles = [p.title for nb in notebooks for p in nb.papers()]
    assert [r["title"] for r in records] == titles
    assert list(entries) == [r["key"] for r in records], "one entry per paper, same keys, order"
    for record in records:
        kind, fields = entries[record["key"]]
        assert fields["title"] == record["title"]
        assert fields.get("url") == record["url"]
        assert fields.get("author", []) == record["authors"]
        assert fields.get("year") == (str(record["year"]) if record["year"] else None)
        assert kind == record["kind"]
    ica = entries[records[-5]["key"]]
    assert ica == ("inproceedings", {
        "title": "Learning with $l_2$ norms & 100% of {braces} under_scores",
        "author": ["Aapo Hyvärinen", "Hiroaki Sasaki"], "year": "2019",
        "booktitle": "AISTATS 2019", "url": "https://arxiv.org/abs/1805.08651v2",
        "eprint": "1805.08651", "archiveprefix": "arXiv"})
    assert entries[records[-1]["key"]][0] == "article"
    assert entries[records[-1]["key"]][1]["journal"] == "J. of Attention"


def test_bibtex_keys_are_unique_ascii_and_stable() -> None:
    keys = [r.key for r in exports.records(tricky())]
    assert keys == ["learning-with-l-2-norms-100-of-braces-under-scores", "paper", "paper-2",
                    "a-paper-with-no-link", "attention-is-all-you-need"]
    assert exports.papers_bib(seed() + tricky()) == exports.papers_bib(seed() + tricky())


def test_the_built_site_carries_both_files_and_a_cite_per_paper(seed_build: Build) -> None:
    document = validate(seed_build.html("papers.json"))
    entries = parse_bib(seed_build.html("papers.bib"))
    assert len(document["papers"]) == len(entries) == 21
    page = seed_build.html("optimization-generalization/index.html")
    cites = re.findall(r'<details class="ns-cite" data-search-exclude><summary>cite</summary>'
                       r'<pre><code class="language-bibtex">(.*?)</code></pre></details>',
                       page, re.S)
    assert len(cites) == len(re.findall(r'<h2 id="', page)) == 9
    first = next(iter(parse_bib(cites[0].replace("&amp;", "&")).items()))
    assert first == ("proxsgd", entries["proxsgd"])
    index = json.loads((seed_build.site / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if "@misc" in d["text"]], "cite is not searched"


def test_export_command_writes_json_and_bibtex(tmp_path: Path, seed_build: Build) -> None:
    out = tmp_path / "papers.json"
    run = [sys.executable, "-m", "notes_site.cli", "export", "-f", str(ROOT / "mkdocs.yml")]
    proc = subprocess.run([*run, "--format", "json", "-o", str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == seed_build.html("papers.json")
    proc = subprocess.run([*run, "--format", "bibtex"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == seed_build.html("papers.bib")
    proc = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "needs a folder" in proc.stderr
