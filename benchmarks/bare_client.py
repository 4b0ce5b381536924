"""The least a Python link checker can do: a reference for `bench_links.py`, not a checker.

HEAD for each `(http://…)` link of a notes file, over kept-alive connections opened with
asyncio streams (no HTTP library), at most `--host-concurrency` in flight and request starts
`--host-interval` seconds apart, as `notes_site.links.check.HostGate` spaces them. It reads
the status line and headers of each answer and nothing else: no redirects, retries, cache,
parse or report. All links must be on one host and port (the benchmark's server).

    python benchmarks/bare_client.py NOTES --host-concurrency 32 --host-interval 0.001
    python benchmarks/bare_client.py NOTES ... --loop uvloop    # on uvloop (not a dependency)

Its wall time is what the event loop and the server cost without notes-site's work.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

_LINK = re.compile(r"\]\((http://[^)\s]+)\)")


async def check_all(urls: Sequence[str], concurrency: int, interval: float) -> int:
    """HEAD every URL over `concurrency` connections; the number of answers with status 200."""
    first = urlsplit(urls[0])
    host, port = first.hostname or "", first.port or 80
    todo, ok, next_start = list(reversed(urls)), 0, 0.0

    async def worker() -> None:
        nonlocal ok, next_start
        reader, writer = await asyncio.open_connection(host, port)
        while todo:
            url = urlsplit(todo.pop())
            now = time.monotonic()
            start = max(now, next_start)
            next_start = start + interval
            if start > now:
                await asyncio.sleep(start - now)
            writer.write(f"HEAD {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
            status = await reader.readline()
            ok += status.split()[1:2] == [b"200"]
            while await reader.readline() not in (b"\r\n", b""):
                pass
        writer.close()

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(urls)))))
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Check the links of the notes file; exit 1 unless every one answered 200."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--host-concurrency", type=int, default=10)
    parser.add_argument("--host-interval", type=float, default=0.0)
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    args = parser.parse_args(argv)
    urls = _LINK.findall(args.notes.read_text(encoding="utf-8"))
    run = check_all(urls, args.host_concurrency, args.host_interval)
    if args.loop == "uvloop":
        import uvloop

        ok = uvloop.run(run)
    else:
        ok = asyncio.run(run)
    print(f"{ok} of {len(urls)} links answered 200")
    return 0 if ok == len(urls) else 1


if __name__ == "__main__":
    raise SystemExit(main())
