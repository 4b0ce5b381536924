"""Parse plus render with two copies of notes_site, alternating: a change's before and after.

    .venv/bin/python -m benchmarks.bench_compare BEFORE_DIR AFTER_DIR [--runs 5] [--papers 10000]

Each DIR holds a `notes_site/` package (e.g. a copy with a proposed diff applied). Each run is
a fresh process per copy, the copies taking turns, so load from elsewhere falls on both alike.
A run is the best of two parse-plus-render passes, in CPU seconds (less noisy than wall time on
a shared machine). The copies must give the same notebook, findings and pages on these notes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from benchmarks.measure import RUNS, python, run_child, save, summarize
from benchmarks.projects import ROOT, WORK, notes_text

COMMAND = ".venv/bin/python -m benchmarks.bench_compare"

_CHILD = """
import hashlib, json, pickle, sys, time
from notes_site.inline import markdown_parser
from notes_site.parse import parse
from notes_site.render import render
import notes_site
assert notes_site.__file__.startswith(sys.argv[2]), notes_site.__file__
text = open(sys.argv[1], encoding="utf-8").read()
best = None
for _ in range(2):
    md = markdown_parser()
    cpu = time.process_time()
    result = parse(text, "notes.md", title="ICLR 2020 reading notes", venue="ICLR 2020", md=md)
    middle = time.process_time()
    site = render([result.notebook])
    end = time.process_time()
    if best is None or end - cpu < sum(best):
        best = (middle - cpu, end - middle)
digest = hashlib.sha256(pickle.dumps((result.notebook, result.diagnostics, site))).hexdigest()
print(json.dumps({"parse": best[0], "render": best[1], "digest": digest}))
"""


def one(root: Path, notes: Path) -> dict[str, object]:
    """One timed run of the copy of notes_site under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONSAFEPATH": "1"}
    run = run_child([python(), "-c", _CHILD, str(notes), str(root)], cwd=root, env=env)
    if run.returncode != 0:
        raise SystemExit(f"{root}: {run.stderr}")
    data = json.loads(run.stdout)
    assert isinstance(data, dict)
    return data


def main(argv: list[str] | None = None) -> int:
    """Compare, print, save benchmarks/work/results/compare.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--name", default="compare", help="results file name")
    args = parser.parse_args(argv)
    notes = WORK / f"compare-{args.papers}.md"
    notes.write_text(notes_text(args.papers), encoding="utf-8")
    roots = [args.before.resolve(), args.after.resolve()]
    runs: dict[Path, list[dict[str, object]]] = {root: [] for root in roots}
    for _ in range(args.runs):
        for root in roots:
            runs[root].append(one(root, notes))
    digests = {str(run["digest"]) for root in roots for run in runs[root]}
    figures: dict[str, object] = {"papers": args.papers, "same_output": len(digests) == 1}
    for label, root in zip(("before", "after"), roots, strict=True):
        figures[label] = {
            "root": str(root), "sha256 of notes_site": _tree_hash(root / "notes_site"),
            "parse_cpu_s": summarize([float(str(r["parse"])) for r in runs[root]]),
            "render_cpu_s": summarize([float(str(r["render"])) for r in runs[root]]),
            "total_cpu_s": summarize([float(str(r["parse"])) + float(str(r["render"]))
                                      for r in runs[root]])}
        print(label, root, {k: v.show() for k, v in figures[label].items()  # type: ignore[union-attr]
                            if hasattr(v, "show")})
    print("same output:", figures["same_output"])
    save(args.name, f"{COMMAND} {args.before} {args.after}", figures)
    print(f"saved to benchmarks/work/results/{args.name}.json under {ROOT.name}")
    return 0


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


if __name__ == "__main__":
    sys.exit(main())
