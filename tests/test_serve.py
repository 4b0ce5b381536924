"""`mkdocs serve` rebuilds the site when the notes file changes: a real server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port, make_project

NOTES = ("## Topic B\n1. [Unchanged paper](https://openreview.net/forum?id=CCC): same.\n"
         "## Topic A\n1. [First paper](https://openreview.net/forum?id=AAA): kept.\n")
NEW_PAPER = "2. [A paper added while serving](https://openreview.net/forum?id=BBB): new.\n"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll `check` until it holds; fail after `seconds` with what was awaited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds}s waiting for {what}")


def shows(url: str, text: str) -> bool:
    return text in (fetch(url) or "")


@contextlib.contextmanager
def serving(tmp_path: Path, notes_name: str) -> Iterator[tuple[str, Path, Path]]:
    """`mkdocs serve` (the plain documented command) over a temp project with its notes at
    `notes_name`; its URL, notes and the file its log goes to."""
    project = make_project(tmp_path, {notes_name: NOTES})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/topic-a/"
        wait_for(lambda: fetch(url) is not None, 60, "mkdocs serve to answer")
        yield url, project / notes_name, log
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary site folder
        proc.wait(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    with serving(tmp_path, "notes/reading.md") as served:
        yield served


def test_serve_rebuilds_when_the_notes_change(served: tuple[str, Path, Path]) -> None:
    url, notes, _ = served
    assert "First paper" in (fetch(url) or "")
    with notes.open("a", encoding="utf-8") as file:
        file.write(NEW_PAPER)
    wait_for(lambda: "A paper added while serving" in (fetch(url) or ""), 30,
             "the added paper on the served page")


def test_a_rebuild_renders_the_changed_pages_and_reuses_the_others(
        served: tuple[str, Path, Path]) -> None:
    url, notes, log = served
    with notes.open("a", encoding="utf-8") as file:
        file.write(NEW_PAPER)
    wait_for(lambda: "A paper added while serving" in (fetch(url) or ""), 30,
             "the added paper on the served page")
    wait_for(lambda: "unchanged pages reused" in log.read_text(), 10, "the rebuild's summary")
    (line,) = [ln for ln in log.read_text().splitlines() if "unchanged pages reused" in ln]
    rendered = line.split("(", 1)[1].split(")", 1)[0].split(", ")
    # Topic A got the paper and the home page counts it; Topic B is as it was. The All papers
    # table is an HTML block held out of Python-Markdown (notes_site.held): its page's Markdown
    # is unchanged, so it may be reused, and the block put back must list the new paper.
    assert {"topic-a.md", "index.md"} <= set(rendered)
    assert "topic-b.md" not in rendered
    assert "A paper added while serving" in (fetch(url.replace("topic-a", "papers")) or "")
    assert "Unchanged paper" in (fetch(url.replace("topic-a", "topic-b")) or "")


@pytest.mark.parametrize("notes_name", ["notes/reading.md", "docs/notes/reading.md"])
def test_one_save_is_one_rebuild(tmp_path: Path, notes_name: str) -> None:
    """Each save of the notes, inside docs_dir (which MkDocs watches itself) or outside it
    (which the plugin watches), makes exactly one rebuild."""
    with serving(tmp_path, notes_name) as (url, notes, log):
        def rebuilds() -> int:
            return log.read_text().count("Reloading browsers")

        for n in range(3):
            before = rebuilds()
            title = f"Saved paper {n}"
            with notes.open("a", encoding="utf-8") as file:
                file.write(f"{n + 2}. [{title}](https://openreview.net/forum?id=S{n}): new.\n")
            wait_for(functools.partial(shows, url, title), 30, f"{title} on the served page")
            # MkDocs polls every 0.5 s: a second poller would have seen the save by now.
            time.sleep(1.5)
            assert rebuilds() == before + 1, log.read_text()
