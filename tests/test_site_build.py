"""A real `mkdocs build --strict` of the user's notes, and of bad notes, in a temp folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

from notes_site.parse import parse
from tests.conftest import NOTES, Build, make_project, mkdocs_build

TOPIC_PAGES = ["optimization-generalization", "generative-models", "inference-methods",
               "continual-learning", "transfer-learning", "meta-learning"]


def seed_anchors() -> list[str]:
    notebook = parse(NOTES.read_text(encoding="utf-8"), "n.md").notebook
    assert notebook is not None
    return [p.anchor for p in notebook.papers()]


def test_strict_build_has_no_warning(seed_build: Build) -> None:
    assert "WARNING" not in seed_build.log
    assert "empty-entry" in seed_build.log  # findings are logged at INFO, never fatal


def test_six_topic_pages_and_home_and_table(seed_build: Build) -> None:
    for slug in TOPIC_PAGES:
        assert (seed_build.site / slug / "index.html").is_file()
    assert (seed_build.site / "index.html").is_file()
    assert (seed_build.site / "papers" / "index.html").is_file()
    assert not (seed_build.site / "notes" / "iclr2020" / "index.html").exists()


def test_each_paper_is_a_heading_with_its_anchor(seed_build: Build) -> None:
    html = "".join(seed_build.html(f"{slug}/index.html") for slug in TOPIC_PAGES)
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids == seed_anchors()


def test_four_math_spans(seed_build: Build) -> None:
    html = "".join(seed_build.html(f"{slug}/index.html") for slug in TOPIC_PAGES)
    spans = re.findall(r'<span class="arithmatex">(.*?)</span>', html)
    assert spans == [r"\(l_2\)", r"\(r\)", r"\(r \ge k\)", r"\(k\)"]


def test_swallowed_paper_under_its_own_heading(seed_build: Build) -> None:
    html = seed_build.html("transfer-learning/index.html")
    assert re.search(r'<h2 id="gradients-as-features-for-deep-representation-learning">'
                     r"GRADIENTS AS FEATURES FOR DEEP REPRESENTATION LEARNING", html)


def test_search_index_has_each_paper_as_its_own_entry(seed_build: Build) -> None:
    index = json.loads((seed_build.site / "search" / "search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"]]
    for anchor in seed_anchors():
        hits = [loc for loc in locations if loc.endswith(f"#{anchor}")]
        assert len(hits) == 1, (anchor, hits)
    assert not [loc for loc in locations if loc.startswith("papers/")]


def test_badges_and_edit_link_point_at_the_notes(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"docs/notes/n.md": NOTES.read_text(encoding="utf-8")},
                           "      venue: ICLR 2020\n")
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("docs_dir: docs", "docs_dir: docs\nrepo_url: https://github.com/u/r"))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    html = build.html("optimization-generalization/index.html")
    assert html.count('class="ns-star"') == 2
    assert html.count('<span class="ns-venue">ICLR 2020</span>') == 9
    assert 'href="https://github.com/u/r/edit/master/docs/notes/n.md"' in html


def error_line(build: Build) -> str:
    assert build.returncode != 0
    assert "Traceback" not in build.log
    (line,) = [ln for ln in build.log.splitlines() if ln.startswith("ERROR")]
    return line.removeprefix("ERROR").lstrip(" -")


def test_notes_without_a_topic_heading_become_one_topic(tmp_path: Path) -> None:
    notes = "just some text\n- [A paper](https://a.org/a): words\n"
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/reading-list.md": notes}))
    assert build.returncode == 0, build.log
    page = build.html("reading-list/index.html")
    assert 'id="a-paper"' in page and "just some text" in page
    assert "docs/notes/reading-list.md:1:1: no topic heading" in build.log


def test_undecodable_notes_stop_the_build(tmp_path: Path) -> None:
    notes = b"## T\n1. [A](https://a.org)\n" + b"\xff\xfe bad\n"
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/n.md": notes}))
    assert error_line(build) == "docs/notes/n.md:3:1: byte 27: not UTF-8 (0xff) [not-utf8]"


def test_missing_notes_file_stops_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"docs/notes/n.md": "## T\n"})
    (project / "docs/notes/n.md").unlink()
    (project / "docs/index.md").write_text("# hi\n")
    assert "cannot read" in error_line(mkdocs_build(project))


def test_findings_never_fail_a_strict_build(tmp_path: Path) -> None:
    notes = ("## T\n1. [A](https://a.org/a): x $unclosed\n3. no link here\n"
             "4. [A](https://a.org/b)\n5. ")
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/n.md": notes}))
    assert build.returncode == 0, build.log
    for code in ("unbalanced-math", "no-link", "numbering", "same-title", "empty-entry"):
        assert re.search(rf"INFO    -  docs/notes/n.md:\d+:\d+: .*\[{code}\]", build.log), code


def test_a_javascript_link_is_shown_defused_and_does_not_fail_the_build(tmp_path: Path
                                                                      ) -> None:
    notes = "## T\n1. [A](https://a.org/a): see [x](javascript:alert(1))\n"
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/n.md": notes}))
    assert build.returncode == 0, build.log
    assert re.search(r"INFO    -  docs/notes/n.md:2:30: .*\[bad-scheme\]", build.log)
    article = build.html("t/index.html").split("<article", 1)[1].split("</article>", 1)[0]
    assert "javascript:alert(1)" in article and 'href="javascript:' not in article


def test_the_same_paper_twice_is_shown_twice_with_a_finding(tmp_path: Path) -> None:
    # A paper cross-listed under two topics is shown in both (each linking to the other).
    notes = ("## T\n1. [A](https://openreview.net/pdf?id=X1)\n"
             "## U\n1. [A again](https://openreview.net/forum?id=X1)\n")
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/n.md": notes}))
    assert build.returncode == 0, build.log
    assert "INFO    -  docs/notes/n.md:4:1: same paper as docs/notes/n.md:2:1" in build.log
    assert 'id="a"' in build.html("t/index.html")
    assert 'id="a-again"' in build.html("u/index.html")
    assert 'href="../t/#a"' in build.html("u/index.html")


def test_conflict_markers_are_findings_and_both_sides_are_shown(tmp_path: Path) -> None:
    notes = ("## T\n<<<<<<< HEAD\n1. [Mine](https://a.org/m)\n=======\n"
             "1. [Theirs](https://a.org/t)\n>>>>>>> branch\n")
    build = mkdocs_build(make_project(tmp_path, {"docs/notes/n.md": notes}))
    assert build.returncode == 0, build.log
    page = build.html("t/index.html")
    assert 'id="mine"' in page and 'id="theirs"' in page
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD" in page and "=======" in page
    assert "docs/notes/n.md:2:1: git conflict marker" in build.log


def test_link_findings_are_logged_at_info(seed_build: Build) -> None:
    # At the link itself (`[…](http://www.openreview.net/…)` starts at column 4), where
    # `notes-site check` reports it too.
    assert ("INFO    -  docs/notes/iclr2020.md:25:4: non-canonical host: use "
            "https://openreview.net/pdf?id=Skey4eBYPS [non-canonical-url]") in seed_build.log
