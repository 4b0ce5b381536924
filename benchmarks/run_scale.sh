#!/usr/bin/env bash
# Every "Site build at scale" benchmark, one after another (never in parallel: they share two
# cores), then that section of benchmarks/RESULTS.md. About 15 minutes.
#
#   benchmarks/run_scale.sh              the benchmarks and the report
#   benchmarks/run_scale.sh CHANGE.diff  also a proposed diff to notes_site, applied to a copy in
#                                        /tmp (the checkout is not touched): parse + render
#                                        before/after, and every build round also with the copy
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
PY=.venv/bin/python
stamp() { echo "=== $1 $(date +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"; }

change=()
if [ $# -ge 1 ]; then
    patch_file="$(realpath "$1")"
    copies="$(mktemp -d /tmp/notes-site-compare.XXXXXX)"
    trap 'rm -rf "$copies"' EXIT
    mkdir -p "$copies/before" "$copies/after"
    cp -r notes_site "$copies/before/"
    cp -r notes_site "$copies/after/"
    (cd "$copies/after" && patch -s -p1 < "$patch_file")
    change=(--change "$copies/after")
    mkdir -p benchmarks/work/results
    cp "$patch_file" benchmarks/work/results/change.diff
else
    rm -f benchmarks/work/results/change.diff benchmarks/work/results/compare.json
fi

stamp bench_parse; $PY -m benchmarks.bench_parse
stamp bench_build; $PY -m benchmarks.bench_build "${change[@]}"
for bench in bench_serve bench_search bench_profile; do
    stamp "$bench"; $PY -m "benchmarks.$bench"
done
if [ ${#change[@]} -gt 0 ]; then
    stamp bench_compare; $PY -m benchmarks.bench_compare "$copies/before" "$copies/after"
fi
$PY -m benchmarks.report
