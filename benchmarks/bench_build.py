"""Full `mkdocs build` of generated notes with the plugin, beside the same notes as one plain page.

    .venv/bin/python -m benchmarks.bench_build [--runs 5] [--sizes 1000 10000]

For each size: one warm-up build of each project, then `--runs` rounds that build the plugin
project and the plain project in turn (so load from elsewhere hits both alike); with
`--change DIR`, each round also builds the plugin project with the notes_site copy in DIR.
Each build is a fresh `python -m benchmarks.timed_build` process: wall time from spawn to exit,
the child's peak RSS (`wait4`), and the time spent in the plugin's `on_files`. Then
`mkdocs build --strict` of each plugin project, its warnings, and the sizes of its search index
and largest page.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import RUNS, Summary, child_env, python, run_child, save, summarize
from benchmarks.projects import ROOT, Project, notes_project, plain_project

SIZES = (1_000, 10_000)
COMMAND = ".venv/bin/python -m benchmarks.bench_build"


@dataclass(slots=True)
class Builds:
    """The runs of one project."""

    wall: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    on_files: list[float] = field(default_factory=list)
    on_files_cpu: list[float] = field(default_factory=list)
    build_cpu: list[float] = field(default_factory=list)
    package: set[str] = field(default_factory=set)
    """Where the children imported notes_site from."""
    under_test: str | None = None
    """A copy of notes_site to build with instead of this checkout's."""

    def add(self, project: Project) -> None:
        """One timed build of `project`."""
        run = run_child([python(), "-m", "benchmarks.timed_build", str(project.config)],
                        env=child_env(self.under_test))
        if run.returncode != 0:
            raise SystemExit(f"build of {project.config} failed:\n{run.stderr}")
        timings = json.loads(run.stdout.strip().splitlines()[-1])
        self.wall.append(run.wall)
        self.rss.append(run.peak_rss_mib)
        self.on_files.append(timings["on_files"])
        self.on_files_cpu.append(timings["on_files_cpu"])
        self.build_cpu.append(timings["build_cpu"])
        self.package.add(timings["notes_site"])

    def figures(self) -> dict[str, object]:
        """Medians and ranges of every measure, and the plugin's share of each run."""
        share = [f / w for f, w in zip(self.on_files, self.wall, strict=True)]
        share_cpu = [f / c for f, c in zip(self.on_files_cpu, self.build_cpu, strict=True)]
        return {"wall_s": summarize(self.wall), "peak_rss_mib": summarize(self.rss),
                "on_files_s": summarize(self.on_files), "on_files_share": summarize(share),
                "on_files_cpu_share": summarize(share_cpu), "notes_site": sorted(self.package)}


def strict_build(project: Project) -> dict[str, object]:
    """`mkdocs build --strict` as a user runs it: exit code, warnings, what it wrote."""
    run = run_child([str(Path(python()).parent / "mkdocs"), "build", "--strict", "-f",
                     str(project.config)], env=child_env())
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line]
    return {"returncode": run.returncode, "wall_s": run.wall, "warnings": len(warnings),
            "warning_examples": warnings[:5], "sizes": site_sizes(project.site)}


def site_sizes(site: Path) -> dict[str, object]:
    """Bytes of the search index and of the largest page, and how many entries the index has."""
    index = site / "search" / "search_index.json"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"] if index.is_file() else []
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"search_index_bytes": index.stat().st_size if index.is_file() else 0,
            "search_entries": len(docs), "largest_page": pages[-1].relative_to(site).as_posix(),
            "largest_page_bytes": pages[-1].stat().st_size, "pages": len(pages),
            "site_bytes": total}


def bench_size(papers: int, runs: int, change: Path | None = None) -> dict[str, object]:
    """Plugin and plain builds of `papers` papers (and plugin builds with the changed copy)."""
    notes, plain = notes_project(papers), plain_project(papers)
    kinds = {"plugin": Builds(), "plain": Builds()}
    if change is not None:
        kinds["change"] = Builds(under_test=str(change))
    projects = {"plugin": notes, "plain": plain, "change": notes}
    for kind, builds in kinds.items():  # warm-up: .pyc, page cache, a site folder to clean
        Builds(under_test=builds.under_test).add(projects[kind])
    for n in range(runs):
        for kind, builds in kinds.items():
            builds.add(projects[kind])
        print(f"  {papers} papers, run {n + 1}: "
              + ", ".join(f"{kind} {b.wall[-1]:.2f} s" for kind, b in kinds.items()), flush=True)
    result: dict[str, object] = {"papers": papers, "notes_bytes": notes.notes.stat().st_size}
    for kind, builds in kinds.items():
        result[kind] = builds.figures()
    result["ratio"] = _ratio(kinds["plugin"], kinds["plain"])
    if "change" in kinds:
        result["change_ratio"] = _ratio(kinds["change"], kinds["plain"])
    result["strict"] = strict_build(notes)
    result["plain_sizes"] = site_sizes(plain.site)
    return result


def _ratio(a: Builds, b: Builds) -> Summary:
    return summarize([x / y for x, y in zip(a.wall, b.wall, strict=True)])


def main(argv: list[str] | None = None) -> int:
    """Run the build benchmark and save benchmarks/work/results/build.json (or `--name`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--name", default="build", help="results file name")
    parser.add_argument("--change", type=Path, default=None,
                        help="a folder with a changed copy of notes_site to build with too")
    args = parser.parse_args(argv)
    results = {str(p): bench_size(p, args.runs, args.change) for p in args.sizes}
    sizes = [str(s) for s in args.sizes]
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        results["growth"] = _growth(small, large)
    path = save(args.name, COMMAND + _args(argv), results)
    _print(results)
    print(f"saved {path.relative_to(ROOT)}")
    return 0


def _print(results: dict[str, object]) -> None:
    for size, result in results.items():
        if not isinstance(result, dict) or "papers" not in result:
            print(f"growth {size}: {result}")
            continue
        plugin, plain = result["plugin"], result["plain"]
        print(f"{size} papers: plugin {plugin['wall_s'].show()}, plain {plain['wall_s'].show()},"
              f" ratio {result['ratio'].show('x')}, on_files {plugin['on_files_s'].show()}"
              f" = {plugin['on_files_share'].median:.1%} of wall,"
              f" peak RSS {plugin['peak_rss_mib'].show('MiB', 0)} / plain"
              f" {plain['peak_rss_mib'].show('MiB', 0)}; strict: {result['strict']}")
        if "change" in result:
            change = result["change"]
            print(f"  with the change: {change['wall_s'].show()}, on_files"
                  f" {change['on_files_s'].show()} = {change['on_files_share'].median:.1%}")


def _growth(small: dict[str, object], large: dict[str, object]) -> dict[str, float]:
    def wall(result: dict[str, object], kind: str) -> float:
        figures = result[kind]
        assert isinstance(figures, dict)
        return float(figures["wall_s"].median)

    kinds = [k for k in ("plugin", "plain", "change") if k in small and k in large]
    return {kind: wall(large, kind) / wall(small, kind) for kind in kinds}


def _args(argv: list[str] | None) -> str:
    given = argv if argv is not None else sys.argv[1:]
    return (" " + " ".join(given)) if given else ""


if __name__ == "__main__":
    sys.exit(main())
