"""`mkdocs serve`, the plain documented command: an open tab shows a paper added to the notes.

Some Click releases (8.2.2, 8.3.x) turn MkDocs 1.6.1's live reload off unless `--livereload` is
given (mkdocs#4032): the server then neither watches files nor injects its reload script. This
test runs the command without flags, so it fails on such a Click.
"""

from __future__ import annotations

import dataclasses
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOOPBACK, Site, copy_project, mkdocs_env
from tests.conftest import free_port

if TYPE_CHECKING:
    from tests.browser.conftest import Reader

pytestmark = pytest.mark.browser

NEW_TITLE = "A Paper Added While The Page Is Open"
NEW_PAPER = f"\n3. [{NEW_TITLE}](https://openreview.net/forum?id=LiveReload1): live reload works.\n"
STARTUP_SECONDS = 60
RELOAD_MS = 15_000


@dataclasses.dataclass
class Served:
    """A running `mkdocs serve`: its URL, the notes file it watches, and its log so far."""

    url: str
    notes: Path
    log: list[str]


def pump(stream: IO[str], lines: queue.Queue[str], log: list[str]) -> None:
    """Read the server's output to the end, so its pipe never fills; hand lines over."""
    for line in stream:
        log.append(line)
        lines.put(line)


def wait_for_line(lines: queue.Queue[str], needle: str, log: list[str]) -> None:
    """Block until the server prints `needle` (bounded); fail with its log otherwise."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        try:
            if needle in lines.get(timeout=left):
                return
        except queue.Empty:
            break
    pytest.fail(f"mkdocs serve did not print {needle!r}:\n{''.join(log)}")


def stop(proc: subprocess.Popen[str]) -> None:
    """Ctrl-C, as a person would: MkDocs then removes its temporary site folder."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@pytest.fixture
def served(site: Site, tmp_path: Path) -> Iterator[Served]:
    """`mkdocs serve -a 127.0.0.1:<free port>` over a temporary copy of the project."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"{LOOPBACK}:{port}"],
        cwd=project, env=mkdocs_env(site.mathjax_url), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []
    reader = threading.Thread(target=pump, args=(proc.stdout, lines, log), daemon=True)
    reader.start()
    try:
        wait_for_line(lines, "Serving on", log)
        yield Served(f"http://{LOOPBACK}:{port}/", project / "docs/notes/iclr2020.md", log)
    finally:
        stop(proc)
        reader.join(timeout=15)


def test_open_page_shows_a_paper_added_to_the_notes(
    served: Served, new_reader: Callable[..., Reader]
) -> None:
    """Append a paper to the served notes; the open tab reloads by itself and shows it."""
    reader = new_reader(base=served.url)
    reader.open("meta-learning/")
    reader.expect_page("Meta learning")
    log = "".join(served.log)
    assert "/livereload/" in reader.page.content(), f"live reload is off (mkdocs#4032?):\n{log}"
    with served.notes.open("a", encoding="utf-8") as notes:
        notes.write(NEW_PAPER)
    heading = reader.page.get_by_role("heading", name=NEW_TITLE)
    expect(heading).to_be_visible(timeout=RELOAD_MS)
