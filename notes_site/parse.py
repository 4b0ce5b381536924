"""Notes text → `Notebook` and diagnostics.

Entry starts are found line by line before any Markdown parser sees the text: CommonMark reads
`3. [Title](url)` after an indented paragraph as a lazy continuation and loses the paper (seed
line 62). Each entry's own text is then read with markdown-it-py (see `notes_site.inline`).
Every non-blank line of the file lands in exactly one place of the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from notes_site import inline
from notes_site.model import (
    Block,
    Diagnostic,
    Link,
    Notebook,
    Paper,
    Points,
    Remark,
    Section,
    Severity,
    Text,
    Topic,
)
from notes_site.slugs import Slugs
from notes_site.venues import venue_of

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:#+[ \t]*)?$")
_HEADING_NO_SPACE = re.compile(r"^(#{1,6})([^#\s].*?)[ \t]*$")
_ENTRY = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>(?P<number>\d{1,9})[.)]|[-*+])(?:[ \t]+|$)")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
#: A code fence opening or closing, at any indent (fences inside entries are indented).
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_STAR = re.compile(r"^(?:\*(?!\*)|★|⭐\ufe0f?)[ \t]*(?=\[|\*\*|__)")
_SEPARATOR = re.compile(r"^[ \t]*(?:[:,\-—–：]|\s)*")
_SUBPOINT = re.compile(r"^(?:\(\d{1,3}\)|\d{1,3}\)\.?)[ \t]*")
_REMARK = re.compile(r"^\[(?P<text>[^\[\]]+)\][ \t]*$")
_BOLD = re.compile(r"^(\*\*|__)(?P<title>.+?)\1")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"


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


# --- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One source line as the block scanner sees it."""

    number: int
    text: str
    kind: str
    """`blank`, `text`, `heading`, `entry`; `code` and `comment` for lines inside those."""
    level: int = 0
    """Heading level."""
    indent: int = 0
    """Entry indent in columns (tabs to 4)."""


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def _scan(lines: Sequence[str], first: int, path: str, found: list[Diagnostic]) -> list[Line]:
    """Classify every line; lines inside code fences and HTML comments are never structure."""
    # `=======` alone is also a setext underline: markers count only beside a `<<<<<<<`.
    conflicted = any(line.startswith("<<<<<<<") for line in lines)
    out: list[Line] = []
    fence: str | None = None
    in_comment = False
    for number, text in enumerate(lines, start=first):
        if fence is not None:
            if text.strip().startswith(fence) and not text.strip().strip(fence[0]):
                fence = None
            out.append(Line(number, text, "code"))
            continue
        if in_comment:
            in_comment = _COMMENT_CLOSE not in text
            out.append(Line(number, text, "comment"))
            continue
        line = _classify(number, text)
        out.append(line)
        if conflicted and _CONFLICT.match(text):
            found.append(_error(path, number, 1, "conflict-marker",
                                "git conflict marker: resolve the merge before building"))
        elif line.kind == "heading" and not _HEADING.match(text):
            found.append(Diagnostic(path, number, 1, Severity.INFO, "heading-no-space",
                                    "heading without a space after its `#`: read as a heading"))
        if match := FENCE.match(text):
            fence = match[1]
        opened = text.rfind(_COMMENT_OPEN)
        in_comment = opened >= 0 and _COMMENT_CLOSE not in text[opened:]
    return out


def _classify(number: int, text: str) -> Line:
    """One line outside code and comments."""
    if not text.strip():
        return Line(number, text, "blank")
    if match := _HEADING.match(text) or _HEADING_NO_SPACE.match(text):
        return Line(number, text, "heading", level=len(match[1]))
    if not _BREAK.match(text) and (match := _ENTRY.match(text)):
        indent = _indent(match["indent"])
        if indent <= 3:
            return Line(number, text, "entry", indent=indent)
    return Line(number, text, "text")


def heading_text(line: Line) -> str:
    """The text of a heading line, markers and closing hashes removed."""
    match = _HEADING.match(line.text)
    if match:
        return (match[2] or "").strip()
    match = _HEADING_NO_SPACE.match(line.text)
    return match[2].strip() if match else line.text.strip()


# --- the notebook's outline -----------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """Lines collected for one topic or section while the outline is built."""

    heading: Line | None
    intro: list[Line] = field(default_factory=list)
    entries: list[list[Line]] = field(default_factory=list)
    sections: list[_Group] = field(default_factory=list)
    base_indent: int | None = None

    def add(self, line: Line) -> None:
        if line.kind == "entry" and (self.base_indent is None or line.indent <= self.base_indent):
            self.base_indent = line.indent if self.base_indent is None else self.base_indent
            self.entries.append([line])
        elif self.entries:
            self.entries[-1].append(line)
        else:
            self.intro.append(line)


def _topic_level(lines: Iterable[Line]) -> int:
    levels = {line.level for line in lines if line.kind == "heading"}
    return 2 if 2 in levels else 1


def _outline(lines: Sequence[Line]) -> tuple[Line | None, list[Line], list[_Group]]:
    """Split lines into the title heading, the notebook intro and the topics."""
    level = _topic_level(lines)
    title: Line | None = None
    intro: list[Line] = []
    topics: list[_Group] = []
    for line in lines:
        target = topics[-1].sections[-1] if topics and topics[-1].sections else None
        if line.kind == "heading" and line.level == level:
            topics.append(_Group(line))
        elif line.kind == "heading" and line.level == level + 1 and topics:
            topics[-1].sections.append(_Group(line))
        elif (line.kind == "heading" and line.level < level and not topics and title is None
              and not any(x.kind != "blank" for x in intro)):
            title = line
        elif target is not None:
            target.add(line)
        elif topics:
            topics[-1].add(line)
        else:
            intro.append(line)
    return title, intro, topics


# --- entries --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What parsing one notebook shares across its entries."""

    path: str
    md: MarkdownIt
    slugs: Slugs
    venue: str
    found: list[Diagnostic]

    def note(self, line: int, col: int, code: str, message: str) -> None:
        self.found.append(Diagnostic(self.path, line, col, Severity.INFO, code, message))


def _paper(lines: list[Line], ctx: _Context) -> Paper | None:
    """One entry's lines → a Paper; None (with a finding) for an empty entry."""
    first = lines[0]
    marker = _ENTRY.match(first.text)
    assert marker is not None
    head_col = marker.end()
    rest = first.text[head_col:]
    star = _STAR.match(rest)
    if star:
        head_col += star.end()
    head, body = _split_head(lines)
    pieces = [(first.number, head_col + 1, first.text[head_col:])]
    pieces += [(line.number, 1, line.text) for line in head[1:]]
    source = inline.Source.of_lines(pieces)
    if not source.text.strip() and not any(line.kind != "blank" for line in body):
        ctx.note(first.number, marker.start("marker") + 1, "empty-entry",
                 "empty entry: nothing after the marker; not shown on the site")
        return None
    asterisk = star is not None and star[0].startswith("*")
    head_part = _head(source, ctx, first, head_col, asterisk)
    blocks, body_links = _body(body, ctx)
    anchor = ctx.slugs.unique(head_part.title or f"entry-{first.number}")
    return Paper(
        title=head_part.title,
        url=head_part.url,
        anchor=anchor,
        starred=star is not None and not head_part.emphasis,
        summary=head_part.summary,
        body=blocks,
        related=tuple(head_part.related + body_links),
        venue=ctx.venue or venue_of(head_part.url),
        line=first.number,
        col=marker.start("marker") + 1,
    )


def _split_head(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The entry's first paragraph (its head) and the rest (its body)."""
    for i, line in enumerate(lines[1:], start=1):
        stripped = line.text.strip()
        if line.kind in ("blank", "code") or _SUBPOINT.match(stripped) or FENCE.match(line.text):
            return lines[:i], lines[i:]
        if line.kind == "entry" or (stripped[:2] in ("- ", "* ", "+ ") and _indent(line.text) > 0):
            return lines[:i], lines[i:]
    return lines, []


@dataclass(frozen=True, slots=True)
class _Head:
    """What an entry's first paragraph says."""

    title: str
    url: str | None
    summary: str
    related: list[Link]
    emphasis: bool
    """The `*` before the title link closes after it: `*[T](u)*` is emphasis, not a star."""


def _head(source: inline.Source, ctx: _Context, first: Line, head_col: int,
          asterisk: bool) -> _Head:
    """Title, URL, summary and the other links of an entry's first paragraph.

    `asterisk` says the entry's star was a `*`, which may instead open emphasis.
    """
    links = inline.head_links(ctx.md, source.text)
    text = source.text
    lead = text[: links[0].start].strip() if links else text
    url: str | None
    if links and not lead:
        main = links[0]
        title, url, rest = main.text, main.url, text[main.end:]
        others = links[1:]
    else:
        title, url, rest, others = _title_without_leading_link(text, links, ctx, first, head_col)
    emphasis = asterisk and rest.startswith("*") and not rest.startswith("**")
    summary = inline.collapse(_SEPARATOR.sub("", rest[emphasis:], count=1))
    related = [_link(source, link) for link in others]
    return _Head(title, url, summary, related, emphasis)


def _title_without_leading_link(text: str, links: list[inline.InlineLink], ctx: _Context,
                                first: Line, head_col: int
                                ) -> tuple[str, str | None, str, list[inline.InlineLink]]:
    """A bold title with its `[pdf]` link later in the line, or an entry with no link at all."""
    bold = _BOLD.match(text.strip())
    if bold:
        title, rest = inline.collapse(bold["title"]), text.strip()[bold.end():]
    else:
        head, sep, tail = text.partition(": ")
        title, rest = inline.collapse(head), (tail if sep else "")
    if not links:
        ctx.note(first.number, head_col + 1, "no-link", f"entry without a link: {title!r}")
        return title, None, rest, []
    main = _paper_link(links)
    return title, main.url, rest, [link for link in links if link is not main]


_PAPER_LABELS = re.compile(r"^\[?(pdf|paper|arxiv|openreview|link|html|url)\]?$", re.IGNORECASE)


def _paper_link(links: list[inline.InlineLink]) -> inline.InlineLink:
    """The link that names the paper: one labelled like `[pdf]`, else the first."""
    return next((link for link in links if _PAPER_LABELS.match(link.text)), links[0])


def _link(source: inline.Source, link: inline.InlineLink) -> Link:
    line, col = source.position(link.start)
    return Link(link.text or link.url, link.url, line, col)


def _body(lines: list[Line], ctx: _Context) -> tuple[tuple[Block, ...], list[Link]]:
    """The entry's lines after its head: dedented Markdown, sub-points and remarks.

    Each run of non-blank lines is dedented on its own: a table indented under the entry and
    an HTML block at column 0 after it both keep their meaning (not an indented code block).
    """
    while lines and lines[-1].kind == "blank":
        lines = lines[:-1]
    if not lines:
        return (), []
    texts: list[str] = []
    shifts: list[int] = []
    for run in _runs(lines):
        columns = min(_indent(line.text) for line in run)
        for line in run:
            text, shift = _dedent(line.text, columns)
            texts.append(text)
            shifts.append(shift)
    links = inline.links_in_markdown(ctx.md, texts, lines[0].number, shifts)
    return tuple(_blocks(texts, [line.kind for line in lines])), links


def _runs(lines: list[Line]) -> Iterator[list[Line]]:
    """Maximal runs of non-blank lines, each blank line a run of its own."""
    run: list[Line] = []
    for line in lines:
        if line.kind == "blank":
            if run:
                yield run
            yield [line]
            run = []
        else:
            run.append(line)
    if run:
        yield run


def _dedent(text: str, columns: int) -> tuple[str, int]:
    """`text` with up to `columns` columns of leading white space removed (tabs count to the
    next multiple of 4), and how many characters that was."""
    col = cut = 0
    while cut < len(text) and text[cut] in " \t":
        width = 4 - col % 4 if text[cut] == "\t" else 1
        if col + width > columns:
            break
        col += width
        cut += 1
    return text[cut:], cut


def _blocks(texts: list[str], kinds: list[str]) -> Iterable[Block]:
    """Group dedented body lines into Text, Points and Remark blocks."""
    pending: list[str] = []
    points: list[list[str]] = []
    for text, kind in zip(texts, kinds, strict=True):
        stripped = text.strip()
        if kind == "text" and not text.startswith(" ") and _SUBPOINT.match(stripped):
            yield from _flush(pending)
            pending = []
            points.append([_SUBPOINT.sub("", stripped, count=1)])
        elif points and kind == "text" and not _REMARK.match(stripped):
            points[-1].append(stripped)
        elif points and kind == "blank":
            continue
        else:
            if points:
                yield Points(tuple(inline.collapse(" ".join(p)) for p in points))
                points = []
            pending.append(text)
    if points:
        yield Points(tuple(inline.collapse(" ".join(p)) for p in points))
    yield from _flush(pending)


def _flush(pending: list[str]) -> Iterable[Block]:
    """Paragraphs of plain body text; a lone bracketed paragraph becomes a Remark."""
    while pending and not pending[0].strip():
        pending = pending[1:]
    while pending and not pending[-1].strip():
        pending = pending[:-1]
    if not pending:
        return
    paragraphs: list[list[str]] = [[]]
    for text in pending:
        if text.strip():
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    run: list[str] = []
    for paragraph in paragraphs:
        remark = _REMARK.match(" ".join(p.strip() for p in paragraph)) if paragraph else None
        if remark:
            if run:
                yield Text("\n".join(run).strip("\n"))
                run = []
            yield Remark(inline.collapse(remark["text"]))
        elif paragraph:
            run += paragraph + [""]
    if run:
        yield Text("\n".join(run).strip("\n"))


# --- the whole file -------------------------------------------------------------------------


def _front_matter(lines: list[str], path: str,
                  found: list[Diagnostic]) -> tuple[dict[str, object], int]:
    """YAML front matter between `---` lines at the top, and how many lines it took."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 2 if mark else 1
                found.append(_error(path, line, 1, "front-matter", f"front matter: {err}"))
                return {}, end + 1
            if not isinstance(meta, dict):
                found.append(_error(path, 1, 1, "front-matter", "front matter is not a mapping"))
                return {}, end + 1
            return meta, end + 1
    return {}, 0


def _markdown(lines: Iterable[Line]) -> str:
    return "\n".join(line.text for line in lines).strip("\n")


def parse(text: str, path: str, *, title: str | None = None, venue: str | None = None,
          slugs: Slugs | None = None, md: MarkdownIt | None = None) -> ParseResult:
    """Parse one notes file's text. `path` is only used in diagnostics and the model.

    `title` and `venue` are defaults that the file's front matter overrides. `slugs` carries
    the anchors and page names taken by notebooks parsed before this one.
    """
    found: list[Diagnostic] = []
    raw = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, skip = _front_matter(raw, path, found)
    lines = _scan(raw[skip:], skip + 1, path, found)
    head, intro, groups = _outline(lines)
    if not any(line.strip() for line in raw):
        found.append(_error(path, 1, 1, "empty-notes", "the notes file is empty"))
    elif not groups:
        found.append(_error(path, 1, 1, "no-topic",
                            "no topic heading: start each topic with a `## Topic` line"))
    if any(d.severity is Severity.ERROR for d in found):
        return ParseResult(None, tuple(found))
    slugs = slugs or Slugs()
    ctx = _Context(path, md or inline.markdown_parser(), slugs,
                   str(meta.get("venue") or venue or ""), found)
    topics = tuple(_topic(group, ctx) for group in groups)
    _check_titles(topics, ctx)
    notebook = Notebook(
        path=path,
        title=str(meta.get("title") or (heading_text(head) if head else None) or title
                  or _title_from_path(path)),
        intro=_markdown(intro),
        topics=topics,
        venue=ctx.venue,
        meta=meta,
    )
    return ParseResult(notebook, tuple(sorted(found, key=lambda d: (d.line, d.col))))


def _title_from_path(path: str) -> str:
    stem = Path(path).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Notes"


def _topic(group: _Group, ctx: _Context) -> Topic:
    assert group.heading is not None
    title = heading_text(group.heading)
    return Topic(
        title=title,
        slug=ctx.slugs.page(title),
        line=group.heading.number,
        intro=_markdown(group.intro),
        papers=_papers(group, ctx),
        sections=tuple(_section(s, ctx) for s in group.sections),
    )


def _section(group: _Group, ctx: _Context) -> Section:
    assert group.heading is not None
    title = heading_text(group.heading)
    return Section(title, ctx.slugs.unique(title), group.heading.number,
                   _markdown(group.intro), _papers(group, ctx))


def _papers(group: _Group, ctx: _Context) -> tuple[Paper, ...]:
    papers = []
    previous: int | None = None
    for lines in group.entries:
        number = _ENTRY.match(lines[0].text)
        if number and number["number"]:
            value = int(number["number"])
            if previous is not None and value != previous + 1:
                ctx.note(lines[0].number, number.start("number") + 1, "numbering",
                         f"entry numbered {value} after {previous}")
            previous = value
        paper = _paper(lines, ctx)
        if paper is not None:
            papers.append(paper)
    return tuple(papers)


def _check_titles(topics: Sequence[Topic], ctx: _Context) -> None:
    seen: dict[str, Paper] = {}
    for paper in (p for t in topics for p in t.all_papers()):
        key = paper.title.casefold()
        if key in seen:
            ctx.note(paper.line, paper.col, "same-title",
                     f"the same title as the entry on line {seen[key].line}: {paper.title!r}")
        else:
            seen[key] = paper
    _check_math(topics, ctx)


def _check_math(topics: Sequence[Topic], ctx: _Context) -> None:
    """An odd number of unescaped `$` in an entry's head is a math span left open."""
    for paper in (p for t in topics for p in t.all_papers()):
        text = re.sub(r"\\\$", "", paper.title + " " + paper.summary)
        if text.count("$") % 2:
            ctx.note(paper.line, paper.col, "unbalanced-math",
                     "unbalanced `$`: a math span is not closed")
