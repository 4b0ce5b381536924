"""Hostile shapes against plain notes of the same bytes: does a build stay linear in its input?

Each pathological shape is built at three sizes with the installed `mkdocs` command (the real
mkdocs.yml, the notes plugin), beside generated notes (`make_notes.py`) cut to the same number
of bytes. A row gives the median build time of each, their ratio, and the growth of the
shape's time from the size before (linear: the growth equals the growth in bytes).

    .venv/bin/python -m benchmarks.bench_hostile            # all shapes, 3 runs each
    .venv/bin/python -m benchmarks.bench_hostile --runs 1 --shape details

The shapes: a list nested N levels deep (one entry's body); N `<details>` opened around one
paper (each with its `<summary>`); one entry holding N label links `[[pdf]](u)`; N `###`
headings on one topic's page, each with a paper; N topics (N pages), each with a paper.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.make_notes import make_notes
from benchmarks.measure import child_env, run_child
from benchmarks.projects import MKDOCS_YML, SEED, WORK, machine

_NOTES_OPTION = "        - docs/notes/iclr2020.md\n"
MKDOCS = Path(sys.executable).with_name("mkdocs")


def deep_lists(n: int) -> str:
    """One paper whose body is a list nested `n` levels deep."""
    lines = ["## Topic", "", "1. [A paper](https://arxiv.org/abs/1706.03762): its summary"]
    lines += [f"{'    ' * d}- level {d}, some words about it" for d in range(1, n + 1)]
    return "\n".join(lines) + "\n"


def nested_details(n: int) -> str:
    """`n` folds opened one inside the other around one paper."""
    return ("## Topic\n\n" + "<details>\n<summary>A fold</summary>\n\n" * n
            + "1. [A paper](https://arxiv.org/abs/1706.03762): inside them all\n\n"
            + "</details>\n" * n)


def label_links(n: int) -> str:
    """One entry holding `n` label links."""
    links = " ".join(f"[[pdf]](https://example.org/paper-{i}.pdf)" for i in range(n))
    return f"## Topic\n\n- A paper with many copies {links}\n"


def headings(n: int) -> str:
    """`n` sections of one topic, a paper in each. The topic has a paper of its own, so the
    sections stay on its page, and a second topic follows it: a file's one and only `##`
    heading is its title, and its `###` headings would be the topics."""
    parts = ["## Topic", "", "1. [A paper](https://example.org/topic): its own", ""]
    for i in range(n):
        parts += [f"### Section {i}", "", f"1. [Paper {i}](https://example.org/{i}): words", ""]
    parts += ["## Another topic", "", "1. [B paper](https://example.org/b): words", ""]
    return "\n".join(parts)


def topics(n: int) -> str:
    """`n` topics, a paper in each: `n` pages, each with a navigation of `n` items."""
    return "".join(f"## Topic {i}\n\n1. [Paper {i}](https://example.org/{i}): words\n\n"
                   for i in range(n))


SHAPES: dict[str, tuple[Callable[[int], str], tuple[int, int, int]]] = {
    "deep list nesting (levels)": (deep_lists, (200, 400, 800)),
    "nested details": (nested_details, (1500, 3000, 6000)),
    "label links in one entry": (label_links, (250, 500, 1000)),
    "headings": (headings, (1000, 2000, 4000)),
    "topics": (topics, (250, 500, 1000)),
}


def plain_notes(size: int) -> str:
    """Generated notes cut at a line end to `size` bytes (at most)."""
    papers = max(size // 300, 10)
    text = make_notes(papers, SEED)
    while len(text.encode()) < size:
        papers *= 2
        text = make_notes(papers, SEED)
    cut = text.encode()[:size].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n") + 1]


def project(name: str, text: str) -> Path:
    """A folder with the real mkdocs.yml building `text` as its one notes file."""
    config = MKDOCS_YML.read_text(encoding="utf-8")
    assert _NOTES_OPTION in config, "mkdocs.yml no longer names docs/notes/iclr2020.md"
    folder = WORK / "hostile" / name
    notes = folder / "docs" / "notes" / "notes.md"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        config.replace(_NOTES_OPTION, "        - docs/notes/notes.md\n"), encoding="utf-8")
    return folder


def build_time(folder: Path, runs: int) -> float:
    """The median wall time of `mkdocs build` in `folder`."""
    times = []
    for _ in range(runs):
        done = run_child([str(MKDOCS), "build", "-q", "-f", str(folder / "mkdocs.yml")],
                         cwd=folder, env=child_env())
        if done.returncode != 0:
            raise SystemExit(f"build failed in {folder}:\n{done.stderr[-2000:]}")
        times.append(done.wall)
    return statistics.median(times)


def rows(label: str, make: Callable[[int], str], sizes: tuple[int, ...], runs: int
         ) -> list[str]:
    """The table rows of one shape."""
    out, before = [], None
    for n in sizes:
        text = make(n)
        size = len(text.encode())
        slug = f"{make.__name__}-{n}"
        hostile = build_time(project(slug, text), runs)
        plain = build_time(project(f"plain-{slug}", plain_notes(size)), runs)
        growth = (f"{hostile / before[0]:.2f}× for {size / before[1]:.2f}× bytes"
                  if before else "–")
        out.append(f"| {label} | {n:,} | {size / 1000:,.0f} kB | {hostile:.2f} s | "
                   f"{plain:.2f} s | {hostile / plain:.2f} | {growth} |")
        print(out[-1], flush=True)
        before = (hostile, size)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the table (and the machine) for the chosen shapes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", action="append", choices=[s.split()[0] for s in SHAPES],
                        help="only these shapes (by their first word; repeatable)")
    args = parser.parse_args(argv)
    print("| shape | N | bytes | build | plain notes, same bytes | ratio | growth |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, (make, sizes) in SHAPES.items():
        if args.shape is None or label.split()[0] in args.shape:
            rows(label, make, sizes, args.runs)
    print()
    for key, value in machine().items():
        print(f"- {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
