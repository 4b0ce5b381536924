"""`mkdocs build` with the plugin, beside the same pages written by hand and the export's build.

    .venv/bin/python -m benchmarks.bench_hand [--runs 5] [--sizes 500 2000 10000]

For each size of generated notes, three MkDocs projects, each built by `python -m mkdocs build
-q` in a fresh process (wall time from spawn to exit):

- `plugin`: the repo's mkdocs.yml with the `notes` plugin reading the generated notes;
- `hand`: the pages a writer would type without notes-site: one page per topic (the topics and
  papers the parser finds in the same notes), `# Topic`, then `## Title` and the summary text
  for each paper; the same mkdocs.yml without the `notes` plugin (same theme and features,
  same extensions, same validation), the navigation MkDocs makes from the files;
- `hand+notes`: the hand pages also holding each paper's own words as the writer wrote them:
  under `## Title`, the summary, then the body (its text, sub-points as a Markdown list,
  remarks in their brackets); not what notes-site adds (badges, cite, related and backlink
  lines, Must read, All papers). A second baseline beside `hand`, which stays the issue's;
- `export`: the folder `notes-site export` writes from the plugin project, built by MkDocs.

With `--before DIR` (a folder holding another `notes_site/`, such as main's before a speed
change), a fourth kind `before` builds the plugin project with that copy, in the same rounds.

One warm-up build of each, then `--runs` rounds building the three in turn (so load from the
other agents on this shared machine falls on all alike). Reports the medians and ranges, and
the ratios plugin/hand and plugin/hand+notes of each round.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from benchmarks.measure import RUNS, Summary, child_env, python, run_child, save, summarize
from benchmarks.projects import MKDOCS_YML, WORK, Project, notes_project, notes_text
from notes_site.model import Paper, Points, Remark

SIZES = (500, 2_000, 10_000)
KINDS = ("plugin", "hand", "hand+notes", "export")
COMMAND = ".venv/bin/python -m benchmarks.bench_hand"
_PLUGIN_BLOCK = re.compile(r"^  - notes:\n(?:    .*\n|\s*#.*\n)*", re.MULTILINE)


def hand_pages(text: str, notes: bool = False) -> dict[str, str]:
    """The notes as hand-written pages: {file name: Markdown}, one per topic and a home page;
    with `notes`, each paper's body under its summary (`hand_entry`)."""
    from notes_site.inline import markdown_parser
    from notes_site.parse import parse

    notebook = parse(text, "notes.md", md=markdown_parser()).notebook
    assert notebook is not None
    pages = {"index.md": f"# {notebook.title}\n\n{notebook.intro}\n"}
    for topic in notebook.topics:
        papers = [*topic.papers, *(p for section in topic.sections for p in section.papers)]
        entries = "".join(hand_entry(paper, notes) for paper in papers)
        pages[f"{topic.slug}.md"] = f"# {topic.title}\n\n{entries}"
    return pages


def hand_entry(paper: Paper, notes: bool) -> str:
    """A paper as a writer types it: `## Title` and the summary, and with `notes` the body as
    written: its text, sub-points as a Markdown list, a remark in its brackets."""
    blocks = [f"## {paper.title}", paper.summary]
    for block in paper.body if notes else ():
        if isinstance(block, Points):
            blocks.append("\n".join(f"{i}. {item}" for i, item in enumerate(block.items, 1)))
        else:
            blocks.append(f"[{block.markdown}]" if isinstance(block, Remark) else block.markdown)
    return "".join(f"{block}\n\n" for block in blocks)


def hand_project(papers: int, notes: bool = False) -> Project:
    """A plain MkDocs project of the hand-written pages of `papers` generated papers (with
    `notes`, the papers' bodies too)."""
    folder = WORK / f"hand{'+notes' if notes else ''}-{papers}"
    if (folder / "docs").exists():
        shutil.rmtree(folder / "docs")
    for name, page in hand_pages(notes_text(papers), notes).items():
        path = folder / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    config = _PLUGIN_BLOCK.sub("", MKDOCS_YML.read_text(encoding="utf-8"))
    assert "notes" not in re.findall(r"^  - (\w+)", config, re.MULTILINE)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return Project(folder, folder / "docs" / "index.md")


def export_project(notes: Project, papers: int) -> Project:
    """`notes-site export` of the plugin project: plain Markdown and a plugin-free mkdocs.yml."""
    folder = WORK / f"export-{papers}"
    if folder.exists():
        shutil.rmtree(folder)
    cli = str(Path(python()).parent / "notes-site")
    run = run_child([cli, "export", "-f", str(notes.config), str(folder)], cwd=notes.folder,
                    env=child_env())
    if run.returncode != 0:
        raise SystemExit(f"notes-site export failed:\n{run.stderr}")
    return Project(folder, folder / "docs" / "index.md")


def build(project: Project, under_test: str | None = None) -> float:
    """Wall seconds of one `mkdocs build -q` of `project` in a fresh process (importing
    notes_site from `under_test` when given)."""
    run = run_child([python(), "-m", "mkdocs", "build", "-q", "-f", str(project.config)],
                    cwd=project.folder, env=child_env(under_test))
    if run.returncode != 0:
        raise SystemExit(f"build of {project.config} failed:\n{run.stderr}")
    return run.wall


def bench_size(papers: int, runs: int, before: Path | None = None) -> dict[str, object]:
    """The builds of `papers` papers, alternating, and their ratios."""
    notes = notes_project(papers)
    projects = {"plugin": notes, "hand": hand_project(papers),
                "hand+notes": hand_project(papers, notes=True),
                "export": export_project(notes, papers)}
    kinds = KINDS
    if before is not None:
        projects["before"] = notes_project(papers, name="before")
        kinds = (*KINDS, "before")
    copies = {"before": str(before)} if before else {}
    walls: dict[str, list[float]] = {kind: [] for kind in kinds}
    for kind in kinds:  # warm-up: .pyc, page cache, a site folder to clean
        build(projects[kind], copies.get(kind))
    for n in range(runs):
        for kind in kinds:
            walls[kind].append(build(projects[kind], copies.get(kind)))
        print(f"  {papers} papers, run {n + 1}: "
              + ", ".join(f"{kind} {walls[kind][-1]:.2f} s" for kind in kinds), flush=True)
    result: dict[str, object] = {"papers": papers,
                                 "pages": {k: _pages(p) for k, p in projects.items()}}
    for kind in kinds:
        result[kind] = summarize(walls[kind])
    result["ratio plugin/hand"] = _ratio(walls["plugin"], walls["hand"])
    result["ratio plugin/hand+notes"] = _ratio(walls["plugin"], walls["hand+notes"])
    result["ratio export/hand"] = _ratio(walls["export"], walls["hand"])
    if before is not None:
        result["ratio before/hand"] = _ratio(walls["before"], walls["hand"])
    return result


def _pages(project: Project) -> int:
    return sum(1 for _ in project.site.rglob("*.html"))


def _ratio(a: list[float], b: list[float]) -> Summary:
    return summarize([x / y for x, y in zip(a, b, strict=True)])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a Markdown table, save benchmarks/work/results/hand.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--name", default="hand", help="results file name")
    parser.add_argument("--before", type=Path, default=None,
                        help="a folder with another notes_site/ to build the plugin project with")
    args = parser.parse_args(argv)
    results = {str(p): bench_size(p, args.runs, args.before) for p in args.sizes}
    given = argv if argv is not None else sys.argv[1:]
    path = save(args.name, " ".join([COMMAND, *given]), results)
    print(table(results))
    print(f"saved {path}")
    return 0


def table(results: dict[str, dict[str, object]]) -> str:
    """The results as the Markdown table RESULTS.md shows."""
    keys = ["plugin", "hand", "ratio plugin/hand", "hand+notes", "ratio plugin/hand+notes",
            "export", "ratio export/hand", "before", "ratio before/hand"]
    keys = [key for key in keys if all(key in result for result in results.values())]
    lines = ["| papers | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for size, result in results.items():
        shown = [_show(result[key], "×" if "ratio" in key else "s") for key in keys]
        lines.append(f"| {int(size):,} | " + " | ".join(shown) + " |")
    return "\n".join(lines)


def _show(value: object, unit: str) -> str:
    return value.show(unit) if isinstance(value, Summary) else str(value)


if __name__ == "__main__":
    sys.exit(main())
