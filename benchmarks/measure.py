"""What every benchmark here shares: runs summarised as median and min-max, results on disk.

Each benchmark writes its figures to benchmarks/work/results/<name>.json; `report.py` turns
them into the `## Site build at scale` section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.projects import ROOT, WORK, machine

RESULTS = WORK / "results"
RUNS = 5
"""Every figure is the median of this many runs (after one warm-up run that is not counted)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """Runs of one measurement: median, min and max, and the runs themselves."""

    median: float
    low: float
    high: float
    runs: tuple[float, ...]

    def show(self, unit: str = "s", digits: int = 2) -> str:
        """`1.23 s (1.20–1.31)`."""
        unit = f" {unit}" if unit else ""
        return f"{self.median:.{digits}f}{unit} ({self.low:.{digits}f}–{self.high:.{digits}f})"


def summarize(values: Sequence[float]) -> Summary:
    """The median and range of `values`."""
    return Summary(statistics.median(values), min(values), max(values), tuple(values))


def as_summary(data: dict[str, object]) -> Summary:
    """A Summary read back from JSON."""
    runs = data["runs"]
    assert isinstance(runs, list)
    return summarize([float(x) for x in runs])


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One benchmark subprocess: its wall time, peak memory, exit code and standard output."""

    wall: float
    peak_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def run_child(argv: Sequence[str], cwd: Path = ROOT, env: dict[str, str] | None = None
              ) -> ChildRun:
    """Run `argv` to its end; peak RSS is the child's own (`wait4`), not this process's."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env or child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    stdout, stderr = _drain(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(wall, usage.ru_maxrss / 1024, proc.returncode, stdout, stderr)


def _drain(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """Both pipes read to their end without waiting for (and so reaping) the child."""
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read() if proc.stderr else ""))
    reader.start()
    out = proc.stdout.read() if proc.stdout else ""
    reader.join()
    return out, err[0] if err else ""


def child_env(under_test: str | None = None, **extra: str) -> dict[str, str]:
    """The environment for a benchmark child: no MkDocs 2 banner, this checkout importable.

    With `under_test` (or NOTES_SITE_UNDER_TEST) naming a folder, the child imports notes_site
    from there (a copy with a proposed change) instead of this checkout: that folder goes first
    on the path, and the working folder is kept off it (PYTHONSAFEPATH).
    """
    if under_test is None:
        under_test = os.environ.get("NOTES_SITE_UNDER_TEST", "")
    path = os.pathsep.join(filter(None, [under_test, str(ROOT), os.environ.get("PYTHONPATH")]))
    safe = {"PYTHONSAFEPATH": "1"} if under_test else {}
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path, **safe, **extra}


def python() -> str:
    """The interpreter running the benchmarks (the project's venv)."""
    return sys.executable


def save(name: str, command: str, figures: dict[str, object]) -> Path:
    """Write one benchmark's figures, the command that made them and the machine."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"command": command, "machine": machine(), "finished": time.strftime("%Y-%m-%d %H:%M"),
            "load average when saved (1, 5, 15 min)":
                " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "figures": _plain(figures)}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict[str, object] | None:
    """A benchmark's saved figures, or None if it has not run."""
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _plain(value: object) -> object:
    if isinstance(value, Summary):
        return asdict(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
