"""Write the `## Site build at scale` section of benchmarks/RESULTS.md from the saved figures.

    .venv/bin/python -m benchmarks.report

Reads benchmarks/work/results/{parse,build,serve,search,profile,compare}.json (written by the
bench_*.py scripts) and replaces that one section, or appends it; every other section of the
file (the link-checking benchmark's, for one) is kept byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import RESULTS, load
from benchmarks.projects import ROOT

RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Site build at scale"
TARGET_MB_S, TARGET_SHARE, TARGET_GROWTH = 20.0, 0.10, 11.0

Data = dict[str, Any]


def span(s: Data, unit: str = "s", digits: int = 2, scale: float = 1.0) -> str:
    """`median (min–max) unit` of a saved Summary."""
    med, low, high = (s[k] * scale for k in ("median", "low", "high"))
    unit = unit if unit in ("", "×", "%") else f" {unit}"
    return f"{med:.{digits}f}{unit} ({low:.{digits}f}–{high:.{digits}f})"


def pct(s: Data) -> str:
    """A saved Summary of fractions, as percentages."""
    return span(s, "%", 1, 100.0)


def mib(n: float) -> str:
    """Bytes in MiB (or KiB when small)."""
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


def yes(ok: bool) -> str:
    """The table's verdict."""
    return "**met**" if ok else "**not met**"


def machine(data: Data) -> list[str]:
    """The machine and the checkout, as one table."""
    rows = [f"| {key} | {value} |" for key, value in data["machine"].items()]
    return ["| machine | |", "| --- | --- |", *rows]


def targets(parse: Data, build: Data, compare: Data | None) -> list[str]:
    """The issue's targets beside what was measured, and with the proposed change if measured."""
    rate = parse["figures"]["mb_per_s"]
    figures = build["figures"]
    rows = ["| target | measured (median, min–max) | | with the proposed change | |",
            "| --- | --- | --- | --- | --- |",
            f"| a. parse + render of 10,000 papers ≥ {TARGET_MB_S:.0f} MB/s | "
            f"{span(rate, 'MB/s')} | {yes(rate['median'] >= TARGET_MB_S)} | "
            f"{_changed_rate(parse, compare)}"]
    for size in ("1000", "10000"):
        share = figures[size]["plugin"]["on_files_share"]
        row = (f"| b. plugin's share of the {int(size):,}-paper build ≤ 10% | "
               f"{pct(share)} of wall time | {yes(share['median'] <= TARGET_SHARE)} | ")
        if "change" in figures[size]:
            after = figures[size]["change"]["on_files_share"]
            row += f"{pct(after)} | {yes(after['median'] <= TARGET_SHARE)} |"
        else:
            row += "not measured | |"
        rows.append(row)
    growth = figures["growth"]
    row = (f"| c. 10,000-paper build ≤ {TARGET_GROWTH:.0f}× the 1,000-paper build | "
           f"{growth['plugin']:.1f}× (plain page: {growth['plain']:.1f}×) | "
           f"{yes(growth['plugin'] <= TARGET_GROWTH)} | ")
    row += (f"{growth['change']:.1f}× | {yes(growth['change'] <= TARGET_GROWTH)} |"
            if "change" in growth else "not measured | |")
    strict = figures["10000"]["strict"]
    rows += [row, f"| `mkdocs build --strict` of 10,000 papers | exit {strict['returncode']}, "
             f"{strict['warnings']} warnings | {yes(strict['returncode'] == 0)} | | |"]
    return rows


def _changed_rate(parse: Data, compare: Data | None) -> str:
    """MB/s with the change: the notes' size over CPU seconds from the interleaved comparison."""
    if compare is None:
        return "not measured | |"
    megabytes = parse["figures"]["megabytes"]
    before, after = (compare["figures"][k]["total_cpu_s"]["median"] for k in ("before", "after"))
    rate = megabytes / after
    return (f"{rate:.2f} MB/s (CPU; {megabytes / before:.2f} before, same runs) | "
            f"{yes(rate >= TARGET_MB_S)} |")


def parse_table(parse: Data) -> list[str]:
    """a. Parse and render in MB/s, with markdown-it-py alone for scale."""
    f = parse["figures"]
    rows = [f"`{parse['command']}`: {f['papers']:,} papers, {f['megabytes']:.2f} MB, "
            "in one process, title and venue as in mkdocs.yml.", "",
            "| step | wall time | |", "| --- | --- | --- |",
            f"| parse | {span(f['parse_s'])} | |", f"| render | {span(f['render_s'])} | |",
            f"| parse + render | {span(f['total_s'])} | **{span(f['mb_per_s'], 'MB/s')}** |",
            f"| parse + render, CPU time | {span(f['total_cpu_s'])} | |"]
    for key, value in f.items():
        if key.startswith("reference "):
            name = key.removeprefix("reference ").removesuffix(" mb_per_s")
            rows.append(f"| for scale: {name} alone, whole file as one document | | "
                        f"{span(value, 'MB/s')} |")
    return rows


def build_table(build: Data) -> list[str]:
    """b and c. Builds with the plugin beside one plain page."""
    rows = [f"`{build['command']}`: each build a fresh process "
            "(`python -m benchmarks.timed_build`, which is `mkdocs build -q` with the plugin's "
            "`on_files` timed); wall time from spawn to exit; peak RSS of that process.", "",
            "| papers | notes | with the plugin | one plain page | ratio | peak RSS plugin / "
            "plain | plugin `on_files` | its share of wall / CPU |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for size in ("1000", "10000"):
        f = build["figures"][size]
        plugin, plain = f["plugin"], f["plain"]
        rows.append(
            f"| {int(size):,} | {f['notes_bytes'] / 1e6:.2f} MB | {span(plugin['wall_s'])} | "
            f"{span(plain['wall_s'])} | {span(f['ratio'], '×', 1)} | "
            f"{plugin['peak_rss_mib']['median']:.0f} / {plain['peak_rss_mib']['median']:.0f} MiB"
            f" | {span(plugin['on_files_s'])} | {pct(plugin['on_files_share'])} / "
            f"{pct(plugin['on_files_cpu_share'])} |")
        if "change" in f:
            change = f["change"]
            rows.append(
                f"| {int(size):,}, with the proposed change | | {span(change['wall_s'])} | | "
                f"{span(f['change_ratio'], '×', 1)} | {change['peak_rss_mib']['median']:.0f} MiB"
                f" | {span(change['on_files_s'])} | {pct(change['on_files_share'])} / "
                f"{pct(change['on_files_cpu_share'])} |")
    growth = build["figures"]["growth"]
    rows += ["", f"Growth from 1,000 to 10,000 papers (medians): with the plugin "
             f"**{growth['plugin']:.1f}×**, one plain page {growth['plain']:.1f}×"
             + (f", with the proposed change {growth['change']:.1f}×." if "change" in growth
                else ".")]
    return rows


def serve_table(serve: Data) -> list[str]:
    """d. The rebuild after a change to the notes."""
    rows = [f"`{serve['command']}`", "",
            "| notes | `mkdocs serve` | change → page served anew | change → \"Reloading "
            "browsers\" | `load_config` + `build()` in-process | of which `on_files` |",
            "| --- | --- | --- | --- | --- | --- |"]
    f = serve["figures"]
    for notes in ("embedded", "1000"):
        for mode in ("clean", "dirty"):
            real, inproc = f[f"{notes} {mode} serve"], f[f"{notes} {mode} build"]
            flag = "`--dirty`" if mode == "dirty" else "default"
            label = "embedded (22 entries)" if notes == "embedded" else "1,000 papers"
            rows.append(f"| {label} | {flag} | {span(real['page_changed_s'])} | "
                        f"{span(real['reload_signal_s'])} | {span(inproc['rebuild_s'])} | "
                        f"{span(inproc['on_files_s'])} |")
    return rows


def search_table(search: Data, build: Data) -> list[str]:
    """e. Sizes at 10,000 papers and Chromium's search."""
    sizes = build["figures"]["10000"]["strict"]["sizes"]
    plain = build["figures"]["10000"]["plain_sizes"]
    f = search["figures"]
    rows = ["| 10,000 papers | with the plugin | one plain page |", "| --- | --- | --- |",
            f"| search index (search/search_index.json) | {mib(sizes['search_index_bytes'])}, "
            f"{sizes['search_entries']:,} entries | {mib(plain['search_index_bytes'])}, "
            f"{plain['search_entries']:,} entries |",
            f"| largest page | {mib(sizes['largest_page_bytes'])} "
            f"(`{sizes['largest_page']}`) | {mib(plain['largest_page_bytes'])} "
            f"(`{plain['largest_page']}`) |",
            f"| HTML pages / whole site | {sizes['pages']} / {mib(sizes['site_bytes'])} | "
            f"{plain['pages']} / {mib(plain['site_bytes'])} |", "",
            f"`{search['command']}`: queries {', '.join(f'`{q}`' for q in f['queries'].values())}"
            f"; requests to other hosts refused: {len(f['refused_requests'])}.", "",
            "| in Chromium | median (min–max) |", "| --- | --- |"]
    rows += [f"| {key} | {span(value, 'ms', 0)} |" for key, value in f["ms"].items()]
    return rows


def profile_table(profile: Data) -> list[str]:
    """Named steps of the two cProfile runs."""
    rows = [f"`{profile['command']}` (cProfile; its overhead inflates pure-Python code, so read "
            "the shares).", "", "| step | parse + render | whole build |",
            "| --- | --- | --- |"]
    f = profile["figures"]
    labels = dict.fromkeys([*f["parse"]["steps"], *f["build"]["steps"]])
    for label in labels:
        cells = []
        for kind in ("parse", "build"):
            step = f[kind]["steps"].get(label)
            cells.append(f"{step['s']:.2f} s ({step['share']:.0%})" if step else "")
        rows.append(f"| {label} | {cells[0]} | {cells[1]} |")
    rows.append(f"| total under cProfile | {f['parse']['total_s']:.2f} s | "
                f"{f['build']['total_s']:.2f} s |")
    return rows


def compare_table(compare: Data) -> list[str]:
    """The proposed change, before and after."""
    f = compare["figures"]
    rows = [f"`{compare['command']}` ({f['papers']:,} papers; before: this checkout's notes_site,"
            " after: the same with the proposed diff; CPU seconds, best of two passes per run, "
            "the two taking turns; identical notebook, findings and pages: "
            f"{'yes' if f['same_output'] else '**no**'})", "",
            "| notes_site | parse | render | parse + render |", "| --- | --- | --- | --- |"]
    for label in ("before", "after"):
        g = f[label]
        rows.append(f"| {label} | {span(g['parse_cpu_s'])} | {span(g['render_cpu_s'])} | "
                    f"{span(g['total_cpu_s'])} |")
    return rows


def change_diff() -> list[str]:
    """The diff that run_scale.sh measured as "the proposed change", as it was applied."""
    path = RESULTS / "change.diff"
    if not path.is_file():
        return []
    return ["The proposed change (`benchmarks/run_scale.sh` was given this diff):", "",
            "```diff", path.read_text(encoding="utf-8").rstrip("\n"), "```", ""]


def section(parts: dict[str, Data], compare: Data | None) -> str:
    """The whole section: the saved figures, and the findings written in SCALE_NOTES.md."""
    p, b, s, q, pr = (parts[k] for k in ("parse", "build", "serve", "search", "profile"))
    notes = (Path(__file__).parent / "SCALE_NOTES.md").read_text(encoding="utf-8").strip()
    out = [HEADING, "", INTRO.strip(), "", *machine(b), "", "### Targets", "",
           *targets(p, b, compare), "", "### a. Parse + render", "", *parse_table(p), "",
           "### b, c. Full `mkdocs build`", "", *build_table(b), "",
           "### d. Rebuild in `mkdocs serve`", "", *serve_table(s), "",
           "### e. Search index, largest page, search in Chromium", "", *search_table(q, b), "",
           "### Profile", "", *profile_table(pr), ""]
    if compare is not None:
        out += ["### Proposed change, measured", "", *compare_table(compare), "", *change_diff()]
    return "\n".join([*out, notes, ""])


INTRO = """
Issue 6. Generated notes (`benchmarks/make_notes.py --seed 1`, the embedded notes' shape)
built with the real mkdocs.yml, its `notes:` option pointed at them; beside them the same notes
as one plain page (copied to docs/index.md, the same config without the plugin). Every figure
is a median of 5 runs (after one warm-up) with min–max. The machine is shared (2 cores, other
engineers' test suites running): wall times carry that noise, so CPU times are given where they
matter and builds with and without the plugin take turns. `benchmarks/run_scale.sh
[CHANGE.diff]` re-runs everything and rewrites this section (`python -m benchmarks.report`).
"""


def replace_section(text: str, new: str) -> str:
    """`text` with its `## Site build at scale` section replaced by `new` (or `new` appended)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == HEADING), None)
    if start is None:
        return (text.rstrip("\n") + "\n\n" if text.strip() else "# Benchmark results\n\n") + new
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
               len(lines))
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + new + ("\n" + tail if tail else "")


def main() -> int:
    """Rewrite the section; exit 1 (saying which) when a benchmark has not run."""
    parts = {name: load(name) for name in ("parse", "build", "serve", "search", "profile")}
    missing = [name for name, data in parts.items() if data is None]
    if missing:
        print(f"not run yet: {', '.join(missing)}", file=sys.stderr)
        return 1
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
    new = section(parts, load("compare"))  # type: ignore[arg-type]
    RESULTS_MD.write_text(replace_section(text, new), encoding="utf-8")
    print(f"wrote {HEADING!r} in {RESULTS_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
