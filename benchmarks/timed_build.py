"""`mkdocs build` in this process, with the notes plugin's `on_files` timed.

    python -m benchmarks.timed_build path/to/mkdocs.yml [more mkdocs build options]

Prints one JSON object: `build` (the `mkdocs build` command, config loading included) and
`on_files` (the plugin's own work: read, parse, render, `File.generated`), wall and CPU seconds,
and the folder notes_site was imported from.
The plugin class is wrapped before MkDocs loads it; nothing else about the build changes.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.__main__ import cli

import notes_site
from notes_site.plugin import NotesPlugin


def _timed(spent: dict[str, float], hook: Callable[..., Any]) -> Callable[..., Any]:
    """`hook`, adding the wall and CPU time of each call to `spent`."""

    @functools.wraps(hook)
    def timed_hook(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return hook(*args, **kwargs)
        finally:
            spent["on_files"] += time.perf_counter() - wall
            spent["on_files_cpu"] += time.process_time() - cpu

    return timed_hook


def main(argv: list[str]) -> int:
    """Build the site of `argv[0]` (a mkdocs.yml) and print the timings."""
    spent = {"on_files": 0.0, "on_files_cpu": 0.0}
    NotesPlugin.on_files = _timed(spent, NotesPlugin.on_files)  # type: ignore[method-assign]
    wall, cpu = time.perf_counter(), time.process_time()
    cli(["build", "-q", "-f", argv[0], *argv[1:]], standalone_mode=False)
    spent["build"] = time.perf_counter() - wall
    spent["build_cpu"] = time.process_time() - cpu
    print(json.dumps({**spent, "notes_site": str(Path(notes_site.__file__).parent)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
