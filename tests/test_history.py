"""What's new: the day each paper first appeared in the notes, from a real git repository built
in a temporary folder with three commits at set dates, and the site's Recently noted list,
All papers column and feed.xml (read back by feedparser) made from them.

The expected dates are the ones each commit is made with (GIT_AUTHOR_DATE/GIT_COMMITTER_DATE),
not anything notes-site computes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from notes_site.history import CACHE_FILE, file_history, first_dates, noted_dates
from tests.conftest import make_project, mkdocs_build

JAN, FEB, MAR = (datetime(2024, month, 10, 9, 30, tzinfo=UTC) for month in (1, 2, 3))

FIRST = """\
# Reading

## Attention

1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762): the Transformer.
2. [Generalization of Two-layer Networks](https://openreview.net/forum?id=H1gBsgBYwH): a bound.
"""
#: Commit 2 adds a paper to the topic.
SECOND = FIRST + """\
3. [Deep Residual Learning](https://arxiv.org/abs/1512.03385): residual connections.
"""
#: Commit 3 moves the Transformer to a new topic under another title (its link now the PDF of
#: the same arXiv paper) and adds one paper there.
THIRD = """\
# Reading

## Attention

1. [Generalization of Two-layer Networks](https://openreview.net/forum?id=H1gBsgBYwH): a bound.
2. [Deep Residual Learning](https://arxiv.org/abs/1512.03385): residual connections.

## Sequence models

1. [The Transformer](https://arxiv.org/pdf/1706.03762v5.pdf): attention only.
2. [BERT](https://arxiv.org/abs/1810.04805): masked language models.
"""


def git(folder: Path, *args: str, when: datetime | None = None) -> str:
    stamp = (when or JAN).isoformat()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Reader", "GIT_AUTHOR_EMAIL": "r@example.org",
           "GIT_COMMITTER_NAME": "Reader", "GIT_COMMITTER_EMAIL": "r@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(folder), *args], env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout


def commit(folder: Path, text: str, when: datetime) -> None:
    (folder / "notes.md").write_text(text, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"notes of {when:%B}", when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site whose notes were committed three times: January, February, March 2024."""
    (tmp_path / "site").mkdir()
    project = make_project(tmp_path / "site", {"notes.md": FIRST})
    git(project, "init", "-q", "-b", "main")
    for text, when in ((FIRST, JAN), (SECOND, FEB), (THIRD, MAR)):
        commit(project, text, when)
    return project


def test_each_paper_keeps_the_day_it_was_first_noted(repo: Path) -> None:
    dates, findings = noted_dates([repo / "notes.md"])
    assert findings == []
    assert dict(dates) == {
        "arxiv:1706.03762": JAN,   # moved and retitled in March: still January
        "openreview:H1gBsgBYwH": JAN,
        "arxiv:1512.03385": FEB,
        "arxiv:1810.04805": MAR,
    }


def test_the_site_lists_the_newest_first_and_its_feed_reads_back(repo: Path) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^site_url:.*$", "site_url: https://example.org/notes/", text,
                             flags=re.MULTILINE), encoding="utf-8")
    build = mkdocs_build(repo)
    assert build.returncode == 0, build.log
    assert "no-history" not in build.log
    feed = feedparser.parse((build.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    # Newest first; the two January papers in the order the notes list them now.
    assert [e.title for e in feed.entries] == [
        "BERT", "Deep Residual Learning", "Generalization of Two-layer Networks",
        "The Transformer"]
    assert [e.published_parsed[:3] for e in feed.entries] == [
        (2024, 3, 10), (2024, 2, 10), (2024, 1, 10), (2024, 1, 10)]
    first = feed.entries[0]
    assert first.link == "https://example.org/notes/sequence-models/#bert"
    assert [t.term for t in first.tags] == ["Sequence models"]
    assert first.summary == "Sequence models: masked language models."
    # Every entry's link is a heading of the built page it names.
    for entry in feed.entries:
        page, anchor = entry.link.removeprefix("https://example.org/notes/").split("#")
        assert f'id="{anchor}"' in build.html(f"{page}index.html"), entry.link
    home = build.html("index.html")
    recent = home.split("Recently noted", 1)[1]
    assert recent.index("BERT") < recent.index("Deep Residual") < recent.index("2024-01-10")
    table = build.html("papers/index.html")
    assert re.search(r"BERT</a></td>.*?<td>2024-03-10</td>", table, re.DOTALL)


def test_the_dates_are_cached_by_head(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    assert file_history(repo / "notes.md", cache).dates["arxiv:1810.04805"] == MAR
    head = git(repo, "rev-parse", "HEAD").strip()
    data = json.loads(cache.read_text(encoding="utf-8"))
    [key] = data["files"]
    assert key.startswith(head + ":")
    # A build at the same HEAD reads the cache: what it says is what the build gets.
    data["files"][key]["arxiv:1810.04805"] = "2030-01-01T00:00:00+00:00"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert file_history(repo / "notes.md", cache).dates["arxiv:1810.04805"].year == 2030
    # A new commit is a new HEAD: the log is read again, and the entry replaced.
    commit(repo, THIRD + "3. [GPT-2](https://openai.com/research/gpt2): zero-shot.\n", MAR)
    assert file_history(repo / "notes.md", cache).dates["arxiv:1810.04805"] == MAR
    assert len(json.loads(cache.read_text(encoding="utf-8"))["files"]) == 1


def test_a_shallow_clone_leaves_the_dates_out_with_one_finding(repo: Path,
                                                               tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    dates, findings = noted_dates([clone / "notes.md"])
    assert dates == {}
    assert [f.code for f in findings] == ["no-history"]
    assert "shallow" in findings[0].message


def test_without_a_repository_one_finding_and_no_feed(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"notes.md": FIRST, "more.md": SECOND})
    dates, findings = noted_dates([project / "notes.md", project / "more.md"])
    assert dates == {} and len(findings) == 1
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    assert build.log.count("[no-history]") == 1
    assert not (build.site / "feed.xml").exists()
    assert "Recently noted" not in build.html("notes/index.html")


def test_first_dates_reads_added_lines_only() -> None:
    log = "\n".join([
        "\x00aaa 2024-01-10T09:30:00+00:00", "", "diff --git a/notes.md b/notes.md",
        "+++ b/notes.md", "+1. [A](https://arxiv.org/abs/1706.03762)",
        "\x00bbb 2024-02-10T09:30:00+00:00", "", "-1. [B](https://arxiv.org/abs/1512.03385)",
        "+1. [A again](https://arxiv.org/pdf/1706.03762v2.pdf) and doi:10.1145/3065386.",
    ])
    assert first_dates(log) == {"arxiv:1706.03762": JAN, "doi:10.1145/3065386": FEB}
