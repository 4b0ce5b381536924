"""The `notes-site` command line: `new` makes a site for a notes file; `check` lints and checks
the notes' links; `fmt` rewrites notes in canonical form; `export` writes the site's pages as
plain Markdown for engines that run no MkDocs plugin.

Wiring and exit codes only: the work is in `notes_site.scaffold`, `notes_site.links`,
`notes_site.fmt` and `notes_site.export`. Exit codes of `check`: 0 all
good (warnings fail only with `--strict`), 1 broken links or other errors, 2 a usage or
input error. Every command shows notes it cannot read or parse as the one `path:line:col`
line of the finding and exits 2 (`NotesFailure`).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from notes_site import __version__, scaffold
from notes_site.links.model import CheckOptions, parse_accept, parse_duration
from notes_site.links.report import FORMATS, render_markdown
from notes_site.links.run import check_plan, prepare
from notes_site.model import Diagnostic
from notes_site.notebooks import notes_paths
from notes_site.parse import NotesError

if TYPE_CHECKING:  # types only: config and project import MkDocs' schema (~0.2 s) when run
    from click._termui_impl import ProgressBar

    from notes_site.config import NotesConfig
    from notes_site.project import Project

DEFAULTS = CheckOptions()
"""The library's defaults; every option below shows and uses them."""

F = TypeVar("F", bound=Callable[..., Any])


class NotesFailure(click.ClickException):
    """A notes file that cannot be read or parsed: its one `path:line:col` finding on standard
    error and exit code 2, the same from every command (`_Commands` raises it for them)."""

    exit_code = 2

    def __init__(self, error: NotesError) -> None:
        super().__init__(str(error.diagnostic))

    def show(self, file: IO[Any] | None = None) -> None:
        """The finding alone, without click's `Error:` prefix: editors jump to its place."""
        click.echo(self.message, file=file, err=file is None)


class _Commands(click.Group):
    """The `notes-site` group: a `NotesError` out of any command ends it as a `NotesFailure`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotesError as error:
            raise NotesFailure(error) from None


class _Parsed(click.ParamType):
    """An option's value read by one of the library's parsers (`parse_accept`,
    `parse_duration`): its ValueError is the usage error. A default, already parsed, passes."""

    def __init__(self, name: str, parse: Callable[[str], object]) -> None:
        self.name = name
        self._parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self._parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _regexes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
             ) -> tuple[str, ...]:
    for value in values:
        try:
            re.compile(value)
        except re.error as error:
            raise click.BadParameter(f"{value!r} is not a regular expression: {error}") from None
    return values


def _options(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, in the order they are listed in `--help`."""

    def apply(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _config_file(help: str) -> Callable[[F], F]:
    """`-f/--config-file`: the mkdocs.yml of the site; `help` says what the command reads in
    it."""
    return click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                         default=Path("mkdocs.yml"), show_default=True, help=help)


_NAMES_NOTES = "The mkdocs.yml whose `notes` plugin names the notes when NOTES are not given."


def _requests(retries: str) -> Callable[[F], F]:
    """`--timeout` and `--retries`, for `check` and `metadata` alike."""
    return _options(
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                     default=DEFAULTS.timeout, show_default=True,
                     help="Seconds for one request."),
        click.option("--retries", type=click.IntRange(min=0), default=DEFAULTS.retries,
                     show_default=True, help=retries))


def _apis(arxiv: str, openreview: str) -> Callable[[F], F]:
    """`--arxiv-api`, `--openreview-api` and `--allow-private`, for `check` and `metadata`
    alike."""
    return _options(
        click.option("--arxiv-api", default=DEFAULTS.arxiv_api, show_default=True, help=arxiv),
        click.option("--openreview-api", multiple=True, default=DEFAULTS.openreview_api,
                     show_default=True, help=openreview),
        click.option("--allow-private", is_flag=True,
                     help="Also connect to loopback, private, link-local and unspecified "
                          "addresses (an intranet's links); by default a link whose host is or "
                          "resolves to one is excluded, with the reason. mkdocs.yml: the "
                          "`notes` plugin's `allow_private: true`."))


def _check_options(settings: Mapping[str, Any], allow_private: bool, **fixed: object
                   ) -> CheckOptions:
    """The library's options with the command line's `settings` (and `fixed` values) over
    them; private addresses allowed by the option or by mkdocs.yml."""
    return dataclasses.replace(DEFAULTS, **{
        **settings, **fixed, "openreview_api": tuple(settings["openreview_api"]),
        "allow_private": settings["allow_private"] or allow_private})


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="notes-site")
def main() -> None:
    """notes-site: paper reading notes as a searchable MkDocs Material site."""


@main.command()
@click.argument("notes", nargs=-1, type=click.Path())
@_config_file(_NAMES_NOTES)
@click.option("--offline", is_flag=True, help="Lint only; make no network request.")
@click.option("--format", "output", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="How to print the findings.")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append a Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY).")
@click.option("--cache", metavar="FILE", default=DEFAULTS.cache, show_default=True,
              help="File that keeps successes between runs; '' for none.")
@click.option("--max-age", type=_Parsed("DURATION", parse_duration), default=DEFAULTS.max_age,
              show_default=True,
              help="How long a cached success holds: seconds, or 30m, 12h, 7d.")
@click.option("--concurrency", type=click.IntRange(min=1), default=DEFAULTS.concurrency,
              show_default=True, help="Requests in flight over all hosts.")
@click.option("--host-concurrency", type=click.IntRange(min=1),
              default=DEFAULTS.host_concurrency, show_default=True,
              help="Requests in flight to one host.")
@click.option("--host-interval", type=click.FloatRange(min=0), default=DEFAULTS.host_interval,
              show_default=True, help="Seconds between two request starts to one host.")
@_requests("Extra tries after a 429, a 5xx, a timeout or a reset.")
@click.option("--exclude", multiple=True, callback=_regexes, metavar="REGEX",
              help="Do not request URLs matching this regular expression (repeatable).")
@click.option("--accept", type=_Parsed("CODES", parse_accept), default=DEFAULTS.accept,
              show_default="200-299",
              help="Statuses that mean a link works, e.g. '200-299,403'.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@_apis("The arXiv API query endpoint.", "OpenReview `notes` endpoints, asked in order "
       "(repeatable).")
@click.pass_context
def check(ctx: click.Context, notes: tuple[str, ...], config_file: Path, offline: bool,
          output: str, summary: Path | None, strict: bool, **settings: Any) -> None:
    """Lint and check every link in the notes: NOTES, or those mkdocs.yml names."""
    started = time.monotonic()
    site = _site(notes, config_file)
    plan = prepare(site.paths, _metadata_findings(site.metadata_file))
    if offline:
        report = plan.offline_report()
    else:
        with ExitStack() as stack:
            bar = _Bar(stack) if output == "text" and sys.stdout.isatty() else None
            options = _check_options(settings, site.allow_private,
                                     exclude=tuple(settings["exclude"]))
            report = check_plan(plan, options, progress=bar)
    report = dataclasses.replace(report, elapsed=time.monotonic() - started)
    click.echo(FORMATS[output](report, strict), nl=False)
    if summary:
        with summary.open("a", encoding="utf-8") as out:
            out.write(render_markdown(report, strict))
    ctx.exit(report.exit_code(strict))


@dataclasses.dataclass(frozen=True, slots=True)
class _Site:
    """What `check` reads: the notes files, their metadata file, and whether mkdocs.yml
    allows private addresses."""

    paths: list[Path]
    metadata_file: Path
    allow_private: bool = False


def _site(notes: tuple[str, ...], config_file: Path) -> _Site:
    """The notes named on the command line (their metadata file beside the first), else
    those, and the settings, that mkdocs.yml names."""
    from notes_site.metadata import metadata_path

    if notes:
        paths = notes_paths(notes, Path.cwd())
        return _Site(paths, metadata_path(None, paths, Path.cwd()))
    options = plugin_options(config_file)
    base = config_file.resolve().parent
    paths = notes_paths(options.notes, base)
    return _Site(paths, metadata_path(options.metadata, paths, base), options.allow_private)


def _metadata_findings(path: Path) -> list[Diagnostic]:
    """What is wrong with the metadata file, if anything: `check` fails on it."""
    from notes_site.metadata import load

    finding = load(path).finding
    return [finding] if finding else []


def _notes(notes: tuple[str, ...], config_file: Path) -> list[Path]:
    """The notes files: those named on the command line, else those mkdocs.yml names."""
    return _site(notes, config_file).paths


def plugin_options(config_file: Path) -> NotesConfig:
    """The `notes` plugin's options in `config_file` (a `NotesConfig`), defaults included.

    Read as the plugin reads them (`notes_site.config`). No file, no plugin or an empty list of
    notes is a usage error: there would be nothing to check.
    """
    # MkDocs' loader and option schema cost ~0.2 s to import: only when no NOTES are given.
    from notes_site.config import ConfigError, notes_options, read_mkdocs_yml

    if not config_file.is_file():
        raise click.UsageError(f"no NOTES given and no {config_file} to name them")
    try:
        options = notes_options(read_mkdocs_yml(config_file), config_file)
    except ConfigError as error:
        raise click.UsageError(f"no NOTES given, and {error}") from None
    if not options.notes:
        raise click.UsageError(f"the `notes` plugin in {config_file} names no notes file")
    return options


EXPORT_FORMATS = ("markdown", "json", "bibtex")


@main.command()
@click.argument("notes", nargs=-1, type=click.Path())
@_config_file(_NAMES_NOTES)
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing: print a diff and exit 1 when a file is not canonical.")
@click.pass_context
def fmt(ctx: click.Context, notes: tuple[str, ...], config_file: Path, check_only: bool) -> None:
    """Rewrite NOTES (files or notes folders; or those mkdocs.yml names) in canonical form,
    never changing a word.

    Entry numbers in order, canonical https URLs, 4-space nesting, no trailing white space
    (a two-space line break kept), one blank line before each entry. Line endings and a
    byte-order mark are kept; each file is replaced atomically. Exit codes: 0 done (or nothing
    to change), 1 with --check when a file would change, 2 a file that cannot be parsed.
    """
    from notes_site import fmt as formatting
    from notes_site.atomic_write import write_atomically
    from notes_site.notebooks import notes_files

    code = 0
    for path in notes_files(_notes(notes, config_file)):
        try:
            result = formatting.format_file(path)
        except NotesError as error:  # said, and the other files formatted all the same
            NotesFailure(error).show()
            code = 2
            continue
        if not result.changed:
            continue
        if check_only:
            click.echo(result.diff(), nl=False)
            click.echo(f"would reformat {path}", err=True)
            code = code or 1
        else:
            write_atomically(path, result.after)
            click.echo(f"reformatted {path}", err=True)
    ctx.exit(code)


@main.command()
@click.argument("out", required=False, type=click.Path(path_type=Path))
@_config_file("The mkdocs.yml whose `notes` plugin says which notes and how.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="markdown",
              show_default=True,
              help="markdown: the pages and a plugin-free mkdocs.yml into a folder; json: "
                   "papers.json; bibtex: papers.bib.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write: the folder (markdown) or the file (json, bibtex; standard "
                   "output when not given). OUT does the same.")
def export(out: Path | None, config_file: Path, fmt: str, output: Path | None) -> None:
    """Write the site into OUT as plain Markdown with a mkdocs.yml that needs no plugin, or
    every paper as JSON or BibTeX.

    Any engine that reads mkdocs.yml and Markdown (MkDocs without notes-site, Zensical,
    ProperDocs) then builds the same site: `mkdocs build -f OUT/mkdocs.yml`.
    """
    target = output or out
    if fmt == "markdown" and target is None:
        raise click.UsageError("the markdown export needs a folder: OUT or -o FOLDER")
    project = _project(config_file)
    if project.metadata_read.finding:
        click.echo(f"warning: {project.metadata_read.finding}", err=True)
    if fmt == "markdown":
        assert target is not None
        click.echo(f"wrote {project.export_markdown(target)} pages to {target}")
    else:
        text = project.export_data(fmt)
        if target is None:
            click.echo(text, nl=False)
        else:
            target.write_text(text, encoding="utf-8")
            click.echo(f"wrote {fmt} of {project.paper_count()} papers to {target}", err=True)


def _project(config_file: Path) -> Project:
    """The site of `config_file`, loaded: a usage error when mkdocs.yml cannot be read
    (`NotesError`, and so exit code 2, when the notes cannot)."""
    from notes_site.config import ConfigError
    from notes_site.project import load_project

    try:
        return load_project(config_file)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None


@main.command()
@_config_file("The mkdocs.yml whose `notes` plugin names the notes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The metadata file to write [default: the plugin's `metadata` option, else "
                   "papers.meta.json beside the first notes file].")
@click.option("--refresh", is_flag=True,
              help="Ask again about papers the file already has (default: only new ones).")
@_requests("Extra tries after 429, 5xx, timeouts and resets.")
@click.option("--api-batch", type=click.IntRange(min=1), default=DEFAULTS.api_batch,
              show_default=True, help="Paper ids per API request.")
@click.option("--api-interval", type=click.FloatRange(min=0), default=DEFAULTS.api_interval,
              show_default=True, help="Seconds between two calls to one paper API.")
@_apis("arXiv's query API.", "OpenReview notes APIs, asked in order.")
def metadata(config_file: Path, output: Path | None, refresh: bool, **api: Any) -> None:
    """Ask arXiv and OpenReview for each paper's authors, year, venue and abstract, and write
    them to the metadata file, which the site's build reads (with no request of its own).

    Papers the file already has are not asked again unless --refresh is given; a paper the
    APIs could not answer for keeps what the file had. Commit the file with the notes. A file
    left with git conflict markers is rewritten from both its sides (papers on which they
    differ asked again); a file that cannot be read, from what the APIs answer.
    """
    from notes_site.links.papers import fetch_metadata
    from notes_site.metadata import update, write

    project = _project(config_file)
    keys = project.api_keys()
    plan = update(project.metadata_read, keys, refresh)
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    fetched = fetch_metadata(_check_options(api, project.options.allow_private, cache=""),
                             plan.ask)
    target = output or project.metadata_file
    merged = plan.merged(fetched.found)
    write(target, merged)
    for key, why in sorted(fetched.missing.items()):
        click.echo(f"{key}: no metadata: {why}", err=True)
    click.echo(f"wrote {len(merged)} of {len(keys)} papers to {target} "
               f"(asked {len(plan.ask)}, {len(fetched.found)} answered)")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--notes", "notes_file", type=click.Path(exists=True, path_type=Path),
              help="Your notes file, or folder of notes, copied unchanged (default: an "
              "example).")
@click.option("--title", help="The site's title.  [default: the notes' title, else "
              f"{scaffold.DEFAULT_TITLE!r}]")
@click.option("--force", is_flag=True, help="Replace files that already exist in FOLDER.")
@click.pass_context
def new(ctx: click.Context, folder: Path, notes_file: Path | None, title: str | None,
        force: bool) -> None:
    """Make a ready site in FOLDER: mkdocs.yml, the notes, workflows, .gitignore, a README.

    `mkdocs build --strict` passes in it at once. Exit code 1 when a file would be replaced
    and --force is not given; nothing is written then.
    """
    own_title = scaffold.notes_title(notes_file) if notes_file else None
    spec = scaffold.NewSite(
        title=title or own_title or scaffold.DEFAULT_TITLE,
        notes_name=notes_file.resolve().name if notes_file else "notes.md",
        notes=notes_file.read_bytes() if notes_file and notes_file.is_file() else None,
        folder=scaffold.folder_files(notes_file) if notes_file and notes_file.is_dir()
        else None)
    files = scaffold.site_files(spec)
    existing = scaffold.conflicts(files, folder)
    if existing and not force:
        click.echo(f"{folder}: would overwrite (use --force to replace them):", err=True)
        for name in existing:
            click.echo(f"  {name}", err=True)
        ctx.exit(1)
    scaffold.write(files, folder)
    click.echo(f"wrote a site for {scaffold.NOTES_DIR}/{spec.notes_name} to {folder}; "
               f"see {folder / 'README.md'}")


class _Bar:
    """A click progress bar, opened once the number of checks is known."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._bar: ProgressBar[int] | None = None

    def start(self, total: int) -> None:
        if total:
            self._bar = self._stack.enter_context(
                click.progressbar(length=total, label="Checking links", file=sys.stdout))

    def advance(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done)


if __name__ == "__main__":
    main()
