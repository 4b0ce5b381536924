"""The rebuild `mkdocs serve` does after the notes change, for the embedded notes and 1,000 papers.

    .venv/bin/python -m benchmarks.bench_serve [--runs 5]
    .venv/bin/python -m benchmarks.bench_serve --before DIR [--rounds 3] [--runs 5]

Two measures, both on copies under benchmarks/work/ (the embedded notes file is never touched):

1. A real `mkdocs serve --livereload` on 127.0.0.1 (with and without `--dirty`): append a new
   paper to the notes file, then poll the served "All papers" page every 20 ms until it lists
   the paper. Reported: time until the page changed and until MkDocs logged "Reloading
   browsers". This includes MkDocs' own waits: its file watcher polls every 0.5 s and it waits
   0.1 s for changes to settle before it builds.
   With `--before DIR` (a folder holding another `notes_site/`, such as main's before a
   change), only this measure, at 1,000 papers: `--rounds` rounds in which a serve with
   that copy and a serve with this checkout take turns, `--runs` saves each.
2. What serve runs on a change, in this process: load the config (serve reloads it, so the
   plugin is new each time) and `build(config, serve_url=..., dirty=...)`, with the plugin's
   `on_files` timed.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.measure import RUNS, Summary, child_env, python, save, summarize
from benchmarks.projects import Project, notes_project
from benchmarks.timed_build import _timed
from notes_site.plugin import NotesPlugin

COMMAND = ".venv/bin/python -m benchmarks.bench_serve"
LOOPBACK = "127.0.0.1"
POLL = 0.02
TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _marker(n: int) -> tuple[str, str]:
    """A new paper to append, and the title it shows under."""
    title = f"Serve benchmark marker {n} {time.monotonic_ns()}"
    return f"\n\n1. [{title}](https://openreview.net/pdf?id=serve{n}): appended.\n", title


class Server:
    """A `mkdocs serve` child whose log lines are counted as they come."""

    def __init__(self, project: Project, dirty: bool, under_test: str | None = None) -> None:
        self.port = _free_port()
        argv = [str(Path(python()).parent / "mkdocs"), "serve", "--livereload", "-f",
                str(project.config), "-a", f"{LOOPBACK}:{self.port}", *(["--dirty"] * dirty)]
        self.proc = subprocess.Popen(argv, env=child_env(under_test), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.reloads: list[float] = []
        self.detections = 0
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)
            if "Reloading browsers" in line:
                self.reloads.append(time.perf_counter())
            elif "Detected file changes" in line:
                self.detections += 1

    def url(self, path: str) -> str:
        """The served URL of a site path."""
        return f"http://{LOOPBACK}:{self.port}/{path}"

    def get(self, path: str) -> str:
        """The served page, or "" while the server does not answer."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_for(self, path: str, text: str, since: float) -> float:
        """Seconds from `since` until the page at `path` holds `text`."""
        while time.perf_counter() - since < TIMEOUT:
            if text in self.get(path):
                return time.perf_counter() - since
            if self.proc.poll() is not None:
                raise SystemExit("mkdocs serve exited:\n" + "".join(self.log))
            time.sleep(POLL)
        raise SystemExit(f"no change on {path} after {TIMEOUT} s:\n" + "".join(self.log[-20:]))

    def wait_reload(self, since: float) -> float:
        """Seconds from `since` until MkDocs logged "Reloading browsers" (its first since then)."""
        while time.perf_counter() - since < TIMEOUT:
            later = [t for t in self.reloads if t > since]
            if later:
                return later[0] - since
            time.sleep(POLL)
        raise SystemExit(f"no reload after {TIMEOUT} s:\n" + "".join(self.log[-20:]))

    def settle(self, quiet: float = 1.5) -> None:
        """Wait until every rebuild MkDocs started has ended, and `quiet` seconds without one
        (one write to the notes can be seen as two changes)."""
        start = time.perf_counter()
        while time.perf_counter() - start < TIMEOUT:
            last = self.reloads[-1] if self.reloads else start
            if len(self.reloads) >= self.detections and time.perf_counter() - last >= quiet:
                return
            time.sleep(POLL)

    def stop(self) -> None:
        """Ctrl-C, as a user stops it (MkDocs then removes its temporary site folder)."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=10)


@contextlib.contextmanager
def _restored(path: Path) -> Iterator[None]:
    original = path.read_bytes()
    try:
        yield
    finally:
        path.write_bytes(original)


def real_serve(project: Project, dirty: bool, runs: int,
               under_test: str | None = None) -> dict[str, object]:
    """Latency of a real `mkdocs serve` rebuild after the notes file grows by one paper."""
    server = Server(project, dirty, under_test)
    changed, reloaded = [], []
    try:
        with _restored(project.notes):
            server.wait_for("papers/", "All papers", time.perf_counter())
            server.settle()
            for n in range(runs + 1):
                text, title = _marker(n)
                start = time.perf_counter()
                with project.notes.open("a", encoding="utf-8") as notes:
                    notes.write(text)
                seconds = server.wait_for("papers/", title, start)
                reload = server.wait_reload(start)
                if n:  # the first change is a warm-up
                    changed.append(seconds)
                    reloaded.append(reload)
                server.settle()
    finally:
        server.stop()
    return {"page_changed_s": summarize(changed), "reload_signal_s": summarize(reloaded)}


def in_process(project: Project, dirty: bool, runs: int) -> dict[str, object]:
    """`load_config` plus `build(config, dirty=...)` as serve runs them, after each change."""
    spent = {"on_files": 0.0, "on_files_cpu": 0.0}
    original = NotesPlugin.on_files
    NotesPlugin.on_files = _timed(spent, original)  # type: ignore[method-assign]
    walls, plugin = [], []
    try:
        with _restored(project.notes), tempfile.TemporaryDirectory(prefix="bench-serve-") as site:
            for n in range(runs + 1):
                with project.notes.open("a", encoding="utf-8") as notes:
                    notes.write(_marker(n)[0])
                before = spent["on_files"]
                start = time.perf_counter()
                config = load_config(config_file=str(project.config), site_dir=site)
                config.site_url = "http://127.0.0.1:8000/"
                build(config, serve_url=config.site_url, dirty=dirty)
                if n:
                    walls.append(time.perf_counter() - start)
                    plugin.append(spent["on_files"] - before)
    finally:
        NotesPlugin.on_files = original  # type: ignore[method-assign]
    return {"rebuild_s": summarize(walls), "on_files_s": summarize(plugin)}


def before_after(before: Path, rounds: int, runs: int) -> dict[str, object]:
    """Real serves at 1,000 papers with `before`'s notes_site and this checkout's, in turns:
    each round's median save latency of each, and the median of all saves of each."""
    project = notes_project(1_000, name="serve")
    saves: dict[str, list[float]] = {"before": [], "after": []}
    medians: dict[str, list[float]] = {"before": [], "after": []}
    for n in range(rounds):
        for kind, under_test in (("before", str(before)), ("after", None)):
            result = real_serve(project, False, runs, under_test)["page_changed_s"]
            assert isinstance(result, Summary)
            saves[kind] += result.runs
            medians[kind].append(result.median)
            print(f"round {n + 1} {kind}: {result.show()}", flush=True)
    return {kind: {"saves": summarize(saves[kind]), "round medians": medians[kind]}
            for kind in saves}


def main(argv: list[str] | None = None) -> int:
    """Run both measures for the embedded notes and 1,000 papers; save serve.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, default=None,
                        help="a folder with another notes_site/ to serve with, in turns")
    args = parser.parse_args(argv)
    if args.before is not None:
        result = before_after(args.before, args.rounds, args.runs)
        for kind, value in result.items():
            print(kind, value["saves"].show(), value["round medians"])  # type: ignore[index]
        save("serve-before-after", " ".join([COMMAND, *(argv or sys.argv[1:])]), result)
        return 0
    results: dict[str, object] = {}
    for papers in (None, 1_000):
        project = notes_project(papers, name="serve")
        label = "embedded" if papers is None else str(papers)
        for dirty in (False, True):
            key = f"{label} {'dirty' if dirty else 'clean'}"
            results[f"{key} serve"] = real_serve(project, dirty, args.runs)
            results[f"{key} build"] = in_process(project, dirty, args.runs)
            for kind in ("serve", "build"):
                print(key, kind, {k: v.show() for k, v in results[f"{key} {kind}"].items()},
                      flush=True)
    save("serve", COMMAND, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
