"""Where the time goes: cProfile of parse plus render, and of a `mkdocs build`, at 10,000 papers.

    .venv/bin/python -m benchmarks.bench_profile [--papers 10000]

Writes benchmarks/work/results/profile-{parse,build}.prof (open with `python -m pstats` or
snakeviz) and profile.json: the functions with the most own time, and the cumulative time of
the steps that matter (markdown-it, linkify-it, the plugin hook, Python-Markdown, Jinja, the
search plugin). cProfile slows pure-Python code down about twice: compare shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

from benchmarks.bench_parse import TITLE, VENUE
from benchmarks.measure import RESULTS, save
from benchmarks.projects import ROOT, notes_project, notes_text

COMMAND = ".venv/bin/python -m benchmarks.bench_profile"
TOP = 15

#: Steps worth naming: (label, file suffix, function name), matched on cProfile's keys.
STEPS = (
    ("notes_site parse", "notes_site/parse.py", "parse"),
    ("notes_site render", "notes_site/render.py", "render"),
    ("notes plugin on_files", "notes_site/plugin.py", "on_files"),
    ("markdown-it parseInline (entry heads)", "markdown_it/main.py", "parseInline"),
    ("markdown-it parse (entry bodies)", "markdown_it/main.py", "parse"),
    ("linkify-it pretest", "linkify_it/main.py", "pretest"),
    ("linkify-it test", "linkify_it/main.py", "test"),
    ("identity.paper_id", "notes_site/identity.py", "paper_id"),
    ("mkdocs Page.render (Python-Markdown)", "mkdocs/structure/pages.py", "render"),
    ("mkdocs _build_page (Jinja templates)", "mkdocs/commands/build.py", "_build_page"),
    ("Material nav partial", "partials/nav-item.html", "macro"),
    ("search plugin on_page_context", "material/plugins/search/plugin.py", "on_page_context"),
    ("search plugin on_post_build", "material/plugins/search/plugin.py", "on_post_build"),
    ("mkdocs anchor validation", "mkdocs/structure/pages.py", "validate_anchor_links"),
)


def _label(key: tuple[str, int, str]) -> str:
    path, line, name = key
    parts = Path(path).parts
    return f"{'/'.join(parts[-2:]) if len(parts) > 1 else path}:{line}({name})"


def summary(profile: cProfile.Profile) -> dict[str, object]:
    """Total time, the named steps (cumulative), and the top functions by own time."""
    stats = pstats.Stats(profile)
    table = stats.stats  # type: ignore[attr-defined]
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    steps = {}
    for label, suffix, name in STEPS:
        cumulative = [entry[3] for (path, _, func), entry in table.items()
                      if path.endswith(suffix) and func == name]
        if cumulative:
            steps[label] = {"s": max(cumulative), "share": max(cumulative) / total}
    top = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:TOP]
    own = [{"function": _label(key), "calls": entry[1], "own_s": entry[2], "cum_s": entry[3]}
           for key, entry in top]
    return {"total_s": total, "steps": steps, "top_own_time": own}


def profile_parse(papers: int) -> dict[str, object]:
    """cProfile of one parse plus render, as the plugin calls them."""
    from notes_site.inline import markdown_parser
    from notes_site.parse import parse
    from notes_site.render import render

    text = notes_text(papers)
    profile = cProfile.Profile()
    profile.enable()
    result = parse(text, "notes.md", title=TITLE, venue=VENUE, md=markdown_parser())
    assert result.notebook is not None
    render([result.notebook])
    profile.disable()
    profile.dump_stats(RESULTS / "profile-parse.prof")
    return summary(profile)


def profile_build(papers: int) -> dict[str, object]:
    """cProfile of `mkdocs build` of the plugin project, in this process."""
    from mkdocs.__main__ import cli

    project = notes_project(papers)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    profile = cProfile.Profile()
    profile.enable()
    cli(["build", "-q", "-f", str(project.config)], standalone_mode=False)
    profile.disable()
    profile.dump_stats(RESULTS / "profile-build.prof")
    return summary(profile)


def main(argv: list[str] | None = None) -> int:
    """Profile both, print the named steps, save profile.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"papers": args.papers, "parse": profile_parse(args.papers),
               "build": profile_build(args.papers)}
    for kind in ("parse", "build"):
        part = figures[kind]
        assert isinstance(part, dict)
        print(f"{kind}: {part['total_s']:.2f} s under cProfile")
        for label, step in part["steps"].items():
            print(f"  {label:45} {step['s']:7.2f} s  {step['share']:6.1%}")
    path = save("profile", COMMAND, figures)
    print(f"saved {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
