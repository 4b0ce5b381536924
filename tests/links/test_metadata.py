"""`notes-site metadata` against the fake arXiv and OpenReview on 127.0.0.1, and a build that
reads the file it writes without any request. Expected values are the fakes' answers
(tests/links/conftest.py: ARXIV_META, OPENREVIEW_META), written out again here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from notes_site.cli import main
from tests.conftest import mkdocs_build
from tests.links.conftest import Servers

NOTES = """# Papers

## Checked

1. [Nonlinear ICA](https://arxiv.org/pdf/1805.08651v2.pdf): noted.
2. *[Attention Is All You Need](https://arxiv.org/abs/1706.03762)
3. [Hamiltonian Generative Networks](https://openreview.net/pdf?id=HJenn6VFvB)
4. [ConvCNP](https://openreview.net/forum?id=Skey4eBYPS)
5. [A Paper Only API v2 Knows](http://www.openreview.net/pdf?id=NEWv2paper)
6. [A typo: month 13](https://arxiv.org/abs/1813.08651)
7. [Not on an API](https://papers.nips.cc/paper/8076-neural-tangent-kernel.pdf)
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "notes").mkdir(parents=True)
    (tmp_path / "docs" / "notes" / "papers.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: http://127.0.0.1:8000/\ntheme: {name: material, font: false}\n"
        "plugins:\n  - search\n  - tags\n  - notes:\n      notes: [docs/notes/papers.md]\n"
        "      mathjax_url: http://127.0.0.1:9/mathjax.js\n"
        "markdown_extensions: [attr_list, md_in_html, admonition, toc, tables,\n"
        "  {pymdownx.arithmatex: {generic: true}}, pymdownx.superfences]\n", encoding="utf-8")
    return tmp_path


def metadata(servers: Servers, root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [
        "metadata", "-f", str(root / "mkdocs.yml"), "--timeout", "2", "--retries", "0",
        "--api-interval", "0", "--arxiv-api", servers.url("/arxiv/query"),
        "--openreview-api", servers.url("/openreview/v2/notes"),
        "--openreview-api", servers.url("/openreview/v1/notes"), "--allow-private", *args])


def test_the_metadata_command_writes_what_the_apis_say(servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path)
    servers.state.queries.clear()
    result = metadata(servers, root)
    assert result.exit_code == 0, result.output
    written = root / "docs" / "notes" / "papers.meta.json"
    data: dict[str, Any] = json.loads(written.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert list(data["papers"]) == sorted(data["papers"]) == [
        "arxiv:1706.03762", "arxiv:1805.08651", "openreview:HJenn6VFvB",
        "openreview:NEWv2paper", "openreview:Skey4eBYPS"]
    assert data["papers"]["arxiv:1805.08651"] == {
        "authors": ["Aapo Hyvarinen", "Hiroaki Sasaki", "Richard E. Turner"], "year": 2018,
        "venue": "AISTATS 2019", "kind": "article",
        "abstract": "Nonlinear ICA is a fundamental problem for unsupervised representation "
                    "learning."}
    assert data["papers"]["arxiv:1706.03762"]["kind"] == "misc"
    assert data["papers"]["openreview:HJenn6VFvB"] == {
        "authors": ["Peter Toth", "Danilo Jimenez Rezende"], "year": 2020,
        "venue": "ICLR 2020", "kind": "inproceedings", "abstract": "The Hamiltonian formalism."}
    # No venue: the year of the note's creation (1569438000000 ms is 2019-09-25).
    assert data["papers"]["openreview:Skey4eBYPS"]["year"] == 2019
    assert data["papers"]["openreview:NEWv2paper"]["kind"] == "article"
    # The typo's batch was refused (400) and split; the typo has no metadata, the rest do.
    assert "arxiv:1813.08651: no metadata: arXiv API refuses the id" in result.stderr
    assert "wrote 5 of 6 papers" in result.stdout
    assert [q for q in servers.state.queries if q.startswith("/arxiv/")] == [
        "/arxiv/query?id_list=1706.03762,1805.08651,1813.08651&max_results=3",
        "/arxiv/query?id_list=1706.03762,1805.08651&max_results=2"]


def test_a_second_run_asks_only_what_is_missing_and_writes_the_same_bytes(
        servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path)
    assert metadata(servers, root).exit_code == 0
    written = root / "docs" / "notes" / "papers.meta.json"
    first = written.read_bytes()
    servers.state.queries.clear()
    assert metadata(servers, root).exit_code == 0
    assert written.read_bytes() == first
    assert servers.state.queries == [
        "/arxiv/query?id_list=1813.08651&max_results=1"], "only the paper without metadata"
    servers.state.queries.clear()
    assert metadata(servers, root, "--refresh").exit_code == 0
    assert written.read_bytes() == first
    # arXiv: the batch, then without the typo; OpenReview: v2, then v1 for what v2 lacks.
    assert len(servers.state.queries) == 4


def test_a_build_reads_the_file_and_shows_authors_year_and_abstract(
        servers: Servers, tmp_path: Path) -> None:
    root = project(tmp_path)
    assert metadata(servers, root).exit_code == 0
    hits = sum(servers.state.hits.values())
    build = mkdocs_build(root)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log
    assert sum(servers.state.hits.values()) == hits, "the build asked no API"
    page = build.html("checked/index.html")
    bylines = re.findall(r'<p class="ns-authors">(.*?)</p>', page)
    assert bylines == [
        "Aapo Hyvarinen, Hiroaki Sasaki, Richard E. Turner · 2018 · AISTATS 2019",
        "Ashish Vaswani, Noam Shazeer · 2017",
        "Peter Toth, Danilo Jimenez Rezende · 2020 · ICLR 2020", "Jonathan Gordon · 2019",
        "Ada Lovelace · 2023 · Transactions on Machine Learning Research (TMLR)"]
    abstracts = re.findall(r'<details class="ns-abstract">\s*<summary>Abstract</summary>\s*'
                           r"<p>(.*?)</p>\s*</details>", page, re.S)
    assert len(abstracts) == 5
    assert '<span class="arithmatex">\\(O(n^2)\\)</span>' in abstracts[1], "math typeset"
    index = json.loads((build.site / "search" / "search_index.json").read_text())
    assert any("Hiroaki Sasaki" in doc["text"] for doc in index["docs"]), "authors are searched"
    bib = (build.site / "papers.bib").read_text(encoding="utf-8")
    assert "@inproceedings{hamiltonian-generative-networks," in bib
    assert "author = {Peter Toth and Danilo Jimenez Rezende}" in bib
    assert not (build.site / "notes" / "papers.meta.json").exists()
    tags = re.findall(r'<span class="md-tag">([^<]+)</span>', build.html("tags/index.html"))
    assert {"2017", "2018", "2019", "2020", "2023", "ICLR 2020", "AISTATS 2019"} <= set(tags)


def test_without_metadata_the_page_is_as_before(tmp_path: Path) -> None:
    build = mkdocs_build(project(tmp_path))
    assert build.returncode == 0, build.log
    page = build.html("checked/index.html")
    assert "ns-authors" not in page and "ns-abstract" not in page
