"""Does parsing stay linear on large and odd inputs? A 5 MB notes file and a 100,000-character
line, each at three sizes; five runs each, medians and the growth ratio between sizes.

    .venv/bin/python benchmarks/bench_parse_shapes.py

Linear time shows as a ratio near 2.0 each time the input doubles.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from notes_site.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "docs" / "notes" / "iclr2020.md").read_text(encoding="utf-8")
RUNS = 5


def big_file(megabytes: float) -> str:
    """The user's notes repeated (each copy's topics renamed) up to `megabytes`."""
    parts, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        copy = SEED.replace("## ", f"## Part {n} ").replace("\n2. ", "\n2. placeholder")
        parts.append(copy + "\n")
        size += len(copy.encode()) + 1
    return "".join(parts)


def long_line(chars: int, with_links: bool) -> str:
    """One entry whose summary is a single line of `chars` characters."""
    unit = ("see [a related paper](https://arxiv.org/abs/1805.08651) and $x_1$ then "
            if with_links else "words without any markup at all just text and more text ")
    line = (unit * (chars // len(unit) + 1))[:chars]
    return f"## Topic\n1. [Title](https://openreview.net/forum?id=X): {line}\n"


def median_time(work: Callable[[], object]) -> tuple[float, float, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def measure(label: str, texts: list[tuple[str, str]]) -> None:
    previous = None
    for size, text in texts:
        med, low, high = median_time(lambda text=text: parse(text, "bench.md"))
        ratio = f"{med / previous:.2f}×" if previous else "–"
        mb = len(text.encode()) / 1e6
        print(f"| {label} | {size} | {mb:.2f} MB | {med * 1000:.0f} ms "
              f"({low * 1000:.0f}–{high * 1000:.0f}) | {mb / med:.1f} MB/s | {ratio} |")
        previous = med


def main() -> None:
    print("| input | size | bytes | parse median (min–max) | throughput | vs previous |")
    print("|---|---|---|---|---|---|")
    measure("notes file", [(f"{mb} MB", big_file(mb)) for mb in (1.25, 2.5, 5)])
    measure("one line, plain", [(f"{n:,} chars", long_line(n, False))
                                for n in (25_000, 50_000, 100_000)])
    measure("one line, links+math", [(f"{n:,} chars", long_line(n, True))
                                     for n in (25_000, 50_000, 100_000)])


if __name__ == "__main__":
    main()
