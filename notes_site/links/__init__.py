"""Link checking for notes files: `notes-site check`.

- `extract`: notes text → every link with its `line:col` (pure).
- `offline`: links → findings that need no network: malformed URLs, bad schemes, non-canonical
  hosts, the same paper noted twice (pure).
- `check`: URLs → `LinkResult`s over polite, bounded async HTTP; `CheckOptions` holds every
  default.
- `papers`: arXiv and OpenReview ids verified in batches through their APIs, titles compared.
- `cache`: successes kept between runs.
- `report`: the findings as text, JSON, GitHub annotations or a Markdown summary.
- `run`: the pipeline the command line drives: `prepare` (offline) then `check_plan`.

The package itself imports nothing, so that the pure parts load without aiohttp.
"""
