"""Notes text → `Notebook` and diagnostics.

The text is classified line by line (`notes_site.blocks`), its headings are read into topics,
sections and paper headings (`notes_site.outline`), and each entry is read by the reader of its
shape (`notes_site.readers`). Every non-blank line of the file lands in exactly one place of
the model. Only a file with no text to build from is an error that stops a build; everything
about the content is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from notes_site import inline
from notes_site.blocks import ENTRY, Line, heading_source, scan, shown
from notes_site.model import Diagnostic, Notebook, Paper, Section, Severity, Topic
from notes_site.nesting import flatten
from notes_site.outline import Node, Outline, Part, outline
from notes_site.paper_notes import read_note, unknown_keys
from notes_site.readers import Context, Split, headings, read
from notes_site.slugs import Slugs

__all__ = ["NotesError", "ParseResult", "Source", "front_matter", "parse",
           "parse_note", "read_notes", "read_source"]

class NotesError(Exception):
    """A notes file that cannot become a site: unreadable, undecodable or without topics."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What `parse` gives: the notebook (None when an error stops it) and every finding."""

    notebook: Notebook | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The findings that stop a build."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def read_notes(path: str | Path, name: str | None = None) -> str:
    """The text of a notes file; `NotesError` with `name:line:col` when it cannot be had.

    `name` is how diagnostics call the file (the path as the user wrote it, by default).
    """
    name = name or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise NotesError(_error(name, 1, 1, "unreadable", f"cannot read: {err.strerror}")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"byte {err.start}: not UTF-8 (0x{data[err.start]:02x})"
        raise NotesError(_error(name, line, col, "not-utf8", message)) from None


def _error(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message)


# --- the whole file -------------------------------------------------------------------------


def source_lines(text: str) -> list[str]:
    """A notes text's lines: a byte-order mark dropped; CRLF, CR and LF each end a line."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass(frozen=True, slots=True)
class Source:
    """A notes text as the parser reads it before any reader: its lines, its front matter and
    the block stream after it. `fmt` edits the text by these same lines."""

    lines: list[str]
    """Every line of the text (`source_lines`)."""
    meta: dict[str, object]
    front: int
    """How many lines the front matter takes (both `---`): 0 when there is none, and when it
    is not a YAML mapping (its lines are then text of the notes, and a finding)."""
    blocks: list[Line]
    """The lines after the front matter, classified (`notes_site.blocks`), deep nesting
    brought back to its bound (`notes_site.nesting`); none when they hold no text."""

    def block(self, number: int) -> Line | None:
        """The classified line numbered `number` (1-based, as in the file); None in the front
        matter."""
        return self.blocks[number - 1 - self.front] if number > self.front else None


def read_source(text: str, path: str, found: list[Diagnostic]) -> Source:
    """Front matter and block stream of a notes text; findings about them go to `found`."""
    lines = source_lines(text)
    meta, skip = front_matter(lines, path, found)
    if not any(line.strip() for line in lines[skip:]):
        return Source(lines, meta, skip, [])
    blocks = scan(flatten(lines[skip:], skip + 1, path, found), skip + 1, path, found)
    return Source(lines, meta, skip, blocks)


def front_matter(lines: list[str], path: str,
                 found: list[Diagnostic]) -> tuple[dict[str, object], int]:
    """YAML front matter between `---` lines at the top, and how many lines it took. Front
    matter that is not a YAML mapping is a finding, and its lines stay text of the notes."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            # A date that is no date (`2020-13-45`) is a ValueError, brackets nested thousands
            # deep a RecursionError: YAML that cannot be read all the same.
            except (yaml.YAMLError, ValueError, RecursionError) as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 2 if mark else 1
                problem = (getattr(err, "problem", None) or
                           (str(err) if isinstance(err, ValueError) else "not valid YAML"))
                found.append(_error(path, line, 1, "front-matter",
                                    f"front matter: {problem}; its lines are shown as text"))
                return {}, 0
            if not isinstance(meta, dict):
                found.append(_error(path, 1, 1, "front-matter", "front matter is not a mapping; "
                                    "its lines are shown as text"))
                return {}, 0
            return meta, end + 1
    return {}, 0


def _markdown(lines: Iterable[Line]) -> str:
    """Lines as the page's Markdown: `<details>` tags left out, conflict markers escaped, and a
    heading inside an introduction shown as a bold line (the page has its own headings)."""
    out = []
    for line in lines:
        if line.is_structure:
            continue
        out.append(f"**{heading_source(line)}**" if line.kind == "heading" else shown(line))
    return "\n".join(out).strip("\n")


def parse(text: str, path: str, *, title: str | None = None, venue: str | None = None,
          slugs: Slugs | None = None, md: MarkdownIt | None = None,
          as_list: bool = False) -> ParseResult:
    """Parse one notes file's text. `path` is only used in diagnostics and the model.

    A file that is one paper's notes (`one_paper`) is a notebook of that one paper, unless
    `as_list` (a folder's index is a list, whatever it holds).

    `title` and `venue` are defaults that the file's front matter overrides. `slugs` carries
    the anchors and page names taken by notebooks parsed before this one.
    """
    found: list[Diagnostic] = []
    source = read_source(text, path, found)
    if not source.blocks:
        found.append(_error(path, 1, 1, "empty-notes", "the notes file is empty"))
        return ParseResult(None, tuple(found))
    meta = source.meta
    shape = outline(source.blocks)
    ctx = Context(path, md or inline.markdown_parser(), slugs or Slugs(),
                  str(meta.get("venue") or venue or ""), found)
    if not as_list and one_paper(shape, meta):
        return _paper_notebook(source.lines, source.front, meta, ctx,
                               title or _title_from_path(path))
    name = str(meta.get("title") or (_heading_title(shape.title, ctx) if shape.title else None)
               or title or _title_from_path(path))
    title_links = _heading(Node(shape.title, 1), ctx, name)[1] if shape.title else ""
    if shape.level == 0:
        ctx.note(1, 1, "no-topic", "no topic heading: the whole file is one topic")
    topics = tuple(_topic(part, ctx, name) for part in shape.topics)
    _check_titles(topics, ctx)
    intro = "\n\n".join(x for x in (title_links, _markdown(shape.intro)) if x)
    notebook = Notebook(path=path, title=name, intro=intro, topics=topics,
                        venue=ctx.venue, meta=meta)
    return ParseResult(notebook, tuple(sorted(found, key=lambda d: (d.line, d.col))))


#: Sections of a paper's notes that list other papers: they do not make the file a list.
_BIBLIOGRAPHY = re.compile(r"^(references?|bibliography|citations?|further reading|related "
                           r"(?:work|papers)|reading list|links|resources|sources)\W*$",
                           re.IGNORECASE)


def one_paper(shape: Outline, meta: dict[str, object]) -> bool:
    """A file with a title (front matter or one `#` heading) whose sections hold no entry that
    is a paper, a bibliography aside, is one paper's notes, not a list of papers."""
    has_title = bool(meta.get("title")) or shape.title is not None
    return has_title and not any(_holds_papers(part) for part in shape.topics)


def _holds_papers(part: Part) -> bool:
    heading = part.node.heading
    if heading is not None and _BIBLIOGRAPHY.match(heading_source(heading)):
        return False
    split = part.node.split
    return bool(part.papers or (split and split.entries)) or any(
        _holds_papers(section) for section in part.sections)


def parse_note(text: str, path: str, ctx: Context, fallback: str) -> Paper | None:
    """One paper's notes file (`notes_site.paper_notes`); None when it has no text."""
    raw = source_lines(text)
    meta, skip = front_matter(raw, path, ctx.found)
    if not any(line.strip() for line in raw[skip:]):
        ctx.note(1, 1, "empty-notes", "the notes file is empty")
        return None
    unknown_keys(meta, raw[:skip], ctx)
    return read_note(raw[skip:], skip + 1, meta, ctx, fallback)


def _paper_notebook(raw: list[str], skip: int, meta: dict[str, object], ctx: Context,
                    fallback: str) -> ParseResult:
    """A file that is one paper's notes: a notebook of one topic holding that paper."""
    unknown_keys(meta, raw[:skip], ctx)
    paper = read_note(raw[skip:], skip + 1, meta, ctx, fallback)
    topic = Topic(paper.title, ctx.slugs.page(paper.title), paper.line, "", (paper,))
    notebook = Notebook(path=ctx.path, title=paper.title, intro="", topics=(topic,),
                        venue=ctx.venue)
    return ParseResult(notebook, tuple(sorted(ctx.found, key=lambda d: (d.line, d.col))))


def _title_from_path(path: str) -> str:
    stem = Path(path).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Notes"


def _heading_title(line: Line, ctx: Context) -> str:
    return headings.title_and_links(line, ctx)[0]


def _heading(node: Node, ctx: Context, fallback: str) -> tuple[str, str]:
    """A topic's or section's title, and the Markdown of its heading's links (if any) to
    show first in its introduction."""
    if node.heading is None:
        return fallback, ""
    title, links = headings.title_and_links(node.heading, ctx)
    shown_links = " · ".join(f"[{inline.collapse(link.text)}](<{link.url}>)" for link in links
                             if not link.url.startswith("#"))
    return title or fallback, shown_links


def _topic(part: Part, ctx: Context, notebook_title: str) -> Topic:
    title, links = _heading(part.node, ctx, notebook_title)
    slug = ctx.slugs.page(title)
    assert part.node.split is not None
    intro = "\n\n".join(x for x in (_markdown(part.lead), links,
                                     _markdown(part.node.split.intro)) if x)
    return Topic(
        title=title,
        slug=slug,
        line=part.node.heading.number if part.node.heading else 1,
        intro=intro,
        papers=_papers(part.node.split, part.papers, ctx),
        sections=tuple(_section(s, ctx) for s in part.sections),
        group=_group(part.group_line, ctx),
    )


def _group(line: Line | None, ctx: Context) -> str:
    return headings.title_and_links(line, ctx)[0] if line is not None else ""


def _section(part: Part, ctx: Context) -> Section:
    title, links = _heading(part.node, ctx, "Section")
    slug = ctx.slugs.unique(title)
    assert part.node.split is not None and part.node.heading is not None
    intro = "\n\n".join(x for x in (links, _markdown(part.node.split.intro)) if x)
    return Section(title, slug, part.node.heading.number, intro,
                   _papers(part.node.split, part.papers, ctx), part.depth)


def _papers(split: Split, paper_headings: Sequence[Node], ctx: Context) -> tuple[Paper, ...]:
    """The entries of a section's own lines, then its paper headings, in source order."""
    papers = []
    _check_numbering([e.lines[0] for e in split.entries if e.reader == "items"], ctx)
    for entry in split.entries:
        paper = read(entry, ctx)
        if paper is not None:
            papers.append(paper)
    for node in paper_headings:
        assert node.heading is not None
        papers.append(headings.read(node.heading, node.all_lines(), ctx))
    return tuple(sorted(papers, key=lambda p: p.line))


def _check_numbering(starts: Sequence[Line], ctx: Context) -> None:
    """A number that is neither the next one nor a repeat (`1.` throughout is Markdown's
    auto-numbering) is a finding."""
    previous: int | None = None
    for line in starts:
        number = ENTRY.match(line.text)
        if not (number and number["number"]):
            continue
        value = int(number["number"])
        if previous is not None and value not in (previous + 1, previous):
            ctx.note(line.number, number.start("number") + 1, "numbering",
                     f"entry numbered {value} after {previous}")
        previous = value
def _check_titles(topics: Sequence[Topic], ctx: Context) -> None:
    seen: dict[str, Paper] = {}
    for paper in (p for t in topics for p in t.all_papers()):
        key = paper.title.casefold()
        if key in seen:
            ctx.note(paper.line, paper.col, "same-title",
                     f"the same title as the entry on line {seen[key].line}: {paper.title!r}")
        else:
            seen[key] = paper
    _check_math(topics, ctx)


def _check_math(topics: Sequence[Topic], ctx: Context) -> None:
    """An odd number of unescaped `$` in an entry's head is a math span left open."""
    for paper in (p for t in topics for p in t.all_papers()):
        text = re.sub(r"\\\$", "", paper.title + " " + paper.summary)
        if text.count("$") % 2:
            ctx.note(paper.line, paper.col, "unbalanced-math",
                     "unbalanced `$`: a math span is not closed")
