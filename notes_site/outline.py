"""The outline of a notes file: which headings are topics, sections and papers.

The structure is read from the file itself. Every heading (and every `<summary>`, which is a
heading one level below the one it sits under) owns the lines up to the next heading. The topic
level is the shallowest heading level that has entries under it: `##` in the seed, `###` where
a file's `##` headings only group topics, `#` where a file has nothing deeper. Headings below it
are sections of their topic, except that headings whose own text holds no entries but a link to
a paper, beside siblings of the same kind, are papers themselves: the personal-notes shape,
where each `###` is a paper and the bullets under it are notes. Headings above the topic level
are the notebook's title (the first, when nothing comes before it) or name a group of topics.
A file with no topic heading is one topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from notes_site.blocks import Line, heading_source
from notes_site.inline import link_text, shared_parser
from notes_site.readers import Split, headings, split
from notes_site.readers.grammar import is_housekeeping, tokens_of


@dataclass(slots=True)
class Node:
    """A heading (None for the text before the first one) and the lines it owns."""

    heading: Line | None
    level: float
    """The heading's level; a date heading that subdivides its sibling is half a level down."""
    lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    split: Split | None = None
    paper: bool = False
    """The heading is a paper; its lines and sub-headings are the paper's body."""
    dated: bool = False
    """A date heading read one step below the heading of its level before it."""
    parent: Node | None = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, in source order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def outline_nodes(self) -> Iterator[Node]:
        """Like `walk`, but not into a paper heading: what is under it is the paper's body."""
        yield self
        if not self.paper:
            for child in self.children:
                yield from child.outline_nodes()

    def entries(self) -> int:
        """How many entries the node's own lines hold."""
        assert self.split is not None
        return len(self.split.entries)

    def all_lines(self) -> list[Line]:
        """The node's lines and those of every node under it, headings included."""
        out = list(self.lines)
        for child in self.children:
            assert child.heading is not None
            out += [child.heading, *child.all_lines()]
        return out


@dataclass(slots=True)
class Part:
    """A topic or a section while the outline is assembled."""

    node: Node
    group_line: Line | None = None
    """The heading above the topic level that this topic sits under."""
    lead: list[Line] = field(default_factory=list)
    """Lines of group headings before it, shown first in its introduction."""
    papers: list[Node] = field(default_factory=list)
    """Paper headings in it."""
    sections: list[Part] = field(default_factory=list)
    depth: int = 1
    """For a section: how far below its topic it stands (2 for a `####` under a `###`)."""


def _group_of(topics: list[Part]) -> Line | None:
    return topics[-1].group_line if topics else None


@dataclass(slots=True)
class Outline:
    """What the outline gives the parser."""

    title: Line | None
    intro: list[Line]
    """Lines before the first topic, group and prose-only headings before it included."""
    topics: list[Part]
    level: float
    """The topic level; 0 when the whole file is one topic."""


def tree(lines: Sequence[Line]) -> Node:
    """Headings nested by level; each node's own lines are those before the next heading.

    A date heading (`### 2025`, `## Jan 2021`) right after a heading of its level that is not
    a date (or after such a date) subdivides that heading: `<h3>Reasoning</h3>` then
    `### 2025`, `### 2024` reads as Reasoning › 2025, 2024, as the reader of the file sees it.
    A housekeeping heading's own lines (Contributing, License, Contents) hold no papers.
    """
    root = Node(None, 0)
    stack = [root]
    for line in lines:
        if line.kind == "heading":
            level: float = line.level
            parent = [n for n in stack if n.level < level][-1]
            last = parent.children[-1] if parent.children else None
            if last is not None and last.level == line.level and is_date(_words(line)) \
                    and (not is_date(_words(last.heading)) or last.dated):
                level = line.level + 0.5
            while stack[-1].level >= level:
                stack.pop()
            node = Node(line, level, parent=stack[-1])
            node.dated = level != line.level
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].lines.append(line)
    for node in root.walk():
        node.split = split(node.lines, papers=node.heading is None
                           or not is_housekeeping(_words(node.heading)))
    return root


_DATE = re.compile(r"^\W*(?:(?:19|20)\d{2}(?:[-./ ]?\d{1,2})?|\d{4}|(?:jan|feb|mar|apr|may|jun|jul|"
                   r"aug|sep|sept|oct|nov|dec)[a-z]*\.?,?(?:\s+(?:19|20)?\d{2,4})?|"
                   r"q[1-4]\s+(?:19|20)\d{2}|y(?:19|20)\d{2}(?:\s+\w+)?)\W*$", re.IGNORECASE)


def is_date(words: str) -> bool:
    """Whether a heading names a date (`2025`, `2103`, `Jan 2021`, `Y2021 Dec`), not a topic."""
    return bool(_DATE.match(words))


def _words(line: Line | None) -> str:
    """A heading's words, without Markdown or HTML."""
    if line is None:
        return ""
    tokens = tokens_of(shared_parser(), heading_source(line))
    return link_text([t for t in tokens if t.type not in ("image", "html_inline")])


def _mark_paper_headings(root: Node) -> None:
    """Headings without entries whose text or lines link to a paper are papers where that is
    what the file does: at a level where most headings are like that (two or more), in a file
    whose entries are not more than such headings. One odd heading (a month with one linked
    bullet, a Contributing section with a link) never turns the file's structure over."""
    candidates = [node for node in root.walk() if _could_be_paper(node)]
    levels = Counter(node.level for node in candidates)
    everywhere = Counter(node.level for node in root.walk() if node.heading is not None)
    entries = sum(node.entries() for node in root.walk())
    if entries > len(candidates):
        return
    for node in candidates:
        node.paper = levels[node.level] >= 2 and 2 * levels[node.level] > everywhere[node.level]


def _could_be_paper(node: Node) -> bool:
    if node.heading is None or any(n.entries() for n in node.walk()) \
            or is_housekeeping(_words(node.heading)) or is_date(_words(node.heading)):
        return False
    return headings.has_link([node.heading, *node.lines])


def topic_level(root: Node) -> float:
    """The level that divides the file's papers: the shallowest level with entries under it (a
    paper heading counts for the level above it). Entries under a lone title heading (the
    author's contact links above a list whose papers sit under `###`) count only when no other
    heading has any. Without entries, the shallowest heading level below a lone title."""
    title = root.children[0] if len(root.children) == 1 and not any(
        line.kind != "blank" for line in root.lines) else None
    levels = [_undated(n).level for n in root.walk() if n.heading is not None and n.entries()]
    levels += [n.level - 1 for n in root.walk() if n.paper]
    if title is not None and len(levels) > 1 and title.entries():
        levels.remove(title.level)
    if root.entries():
        levels.append(0)
    if levels:
        return min(levels)
    found = sorted({n.level for n in root.walk() if n.heading is not None})
    if len(found) > 1 and len(root.children) == 1:
        return found[1]
    return found[0] if found else 0


def _enclosing(node: Node, title: Line | None) -> Line | None:
    """The heading a topic sits under (its group), the notebook's title aside: after a group
    whose sub-headings were made topics, a sibling topic is in no group."""
    parent = node.parent
    while parent is not None and parent.heading is not None:
        if parent.heading is not title:
            return parent.heading
        parent = parent.parent
    return None


def _undated(node: Node) -> Node:
    """The heading a date heading subdivides (`## Survey` above `### 2025`), or the node. A
    lone title above dates (`# Paper summaries` / `## 2017`) is the notebook's name, not a
    heading the dates subdivide."""
    while node.parent is not None and node.parent.heading is not None \
            and is_date(_words(node.heading)) and not _lone_title(node.parent):
        node = node.parent
    return node


def _lone_title(node: Node) -> bool:
    root = node.parent
    return root is not None and root.heading is None and len(root.children) == 1


def outline(lines: Sequence[Line]) -> Outline:
    """The title, the notebook's introduction and the topics of a file's lines."""
    root = tree(lines)
    _mark_paper_headings(root)
    level = topic_level(root)
    if not any(n.level == level and n.heading is not None for n in root.walk()):
        level = 0
    if level == 0:
        return Outline(None, [], [_whole(root)], 0)
    chosen = _topic_nodes(root, level)
    groups = {id(a) for node in chosen.values() for a in _ancestors(root, node)}
    title: Line | None = None
    intro: list[Line] = list(root.lines)
    topics: list[Part] = []
    pending: list[Line] = []
    group_line: Line | None = None
    opened: dict[int, list[Part]] = {}
    """By topic, its sections that a later heading may still sit under, outermost first."""
    for node in root.outline_nodes():
        if node.heading is None:
            continue
        if id(node) in chosen and node.level != level:
            group_line = _enclosing(node, title)
            part = Part(node, group_line, pending)
            pending = []
            topics.append(part)
        elif node.level < level or id(node) in groups:
            if title is None and not topics and not any(x.kind != "blank" for x in intro) \
                    and not pending:
                title = node.heading
                intro += node.lines
            else:
                if group_line is not None and group_line is not _group_of(topics):
                    pending.insert(0, group_line)  # a group heading with no topic: kept as text
                group_line = node.heading
                pending += node.lines
        elif node.level == level:
            group_line = _enclosing(node, title)
            part = Part(node, group_line, pending)
            pending = []
            topics.append(part)
        else:
            if not topics:
                topics.append(Part(Node(None, level, split=Split((), ())), group_line, pending))
                pending = []
            if node.paper:
                _current(topics, node).papers.append(node)
            else:
                still_open = opened.setdefault(id(topics[-1]), [])
                section = Part(node, depth=_depth(still_open, node))
                topics[-1].sections.append(section)
                still_open.append(section)
    if group_line is not None and group_line is not _group_of(topics):
        pending.insert(0, group_line)
    if pending:
        _tail(topics, intro, pending)
    return Outline(title, intro, _prose_first(topics, intro), level)


def _papers_in(node: Node) -> int:
    """How many papers a heading holds, its sub-headings included."""
    return sum(n.entries() + n.paper for n in node.outline_nodes()) + node.paper


_MOST = 0.75


def _topic_nodes(root: Node, level: float) -> dict[int, Node]:
    """The headings that are topic pages: those at the topic level, except that one holding
    more than three quarters of the file's papers, with none of its own, is divided into its
    sub-headings (the file divides its papers there), as often as that holds."""
    topics = [n for n in root.outline_nodes() if n.heading is not None and n.level == level]
    total = sum(_papers_in(n) for n in topics)
    changed = True
    while changed:
        changed = False
        for i, node in enumerate(topics):
            kids = [c for c in node.children if not c.paper]
            if _papers_in(node) > _MOST * total and not node.entries() \
                    and sum(1 for c in kids if _papers_in(c)) >= 2:
                topics[i: i + 1] = kids
                changed = True
                break
    return {id(n): n for n in topics}


def _ancestors(root: Node, node: Node) -> list[Node]:
    """The headings above `node` in the tree, outermost first."""
    path: list[Node] = []

    def find(at: Node) -> bool:
        if at is node:
            return True
        for child in at.children:
            if find(child):
                if at.heading is not None:
                    path.insert(0, at)
                return True
        return False

    find(root)
    return path


def _depth(opened: list[Part], node: Node) -> int:
    """How far below its topic a section heading stands: one more than the last section
    before it that it sits under. `opened` holds the topic's sections of rising levels that
    a heading may still sit under (those of its level or deeper are closed by it), so that
    thousands of sibling sections are not each compared with all before them (issue 21)."""
    while opened and opened[-1].node.level >= node.level:
        opened.pop()
    return opened[-1].depth + 1 if opened else 1


def _whole(root: Node) -> Part:
    """A file with no topic heading: one topic of everything."""
    part = Part(root)
    nodes = [n for n in root.outline_nodes() if n.heading is not None]
    part.sections = [Part(n) for n in nodes if not n.paper]
    part.papers = [n for n in nodes if n.paper]
    return part


def _current(topics: list[Part], node: Node) -> Part:
    """Where a paper heading goes: the last section of the last topic, or the topic."""
    topic = topics[-1]
    if topic.sections and topic.sections[-1].node.level < node.level:
        return topic.sections[-1]
    return topic


def _tail(topics: list[Part], intro: list[Line], pending: list[Line]) -> None:
    """Group headings after the last topic, with their text: sections at the end of the last
    topic's page, where the file has them (text before the first of them stays in the
    topic's introduction)."""
    if not topics:
        intro += pending
        return
    topic, current = topics[-1], None
    for line in pending:
        if line.kind == "heading":
            current = Node(line, line.level)
            topic.sections.append(Part(current))
        elif current is None:
            topic.lead.append(line)
        else:
            current.lines.append(line)
    for part in topic.sections:
        if part.node.split is None:
            part.node.split = Split(tuple(part.node.lines), ())


def _prose_first(topics: list[Part], intro: list[Line]) -> list[Part]:
    """Topics before the first one with papers that hold only prose (a table of contents, an
    introduction) are shown on the home page, not as pages of their own. Each topic is looked
    at once, so that thousands of prose-only topics cost no more than thousands of lines."""
    first = next((i for i, topic in enumerate(topics) if _has_papers(topic)), 0)
    shown = set(intro)
    for prose in topics[:first]:
        group = [prose.group_line] if prose.group_line and prose.group_line not in shown else []
        heading = [prose.node.heading] if prose.node.heading is not None else []
        added = group + prose.lead + heading + _all_lines(prose)
        intro += added
        shown.update(added)
    return topics[first:]


def _all_lines(part: Part) -> list[Line]:
    """A topic's lines below its heading; the topic made for sections before the first topic
    heading has none of its own, only those sections."""
    if part.node.heading is not None:
        return part.node.all_lines()
    return [line for section in part.sections if section.node.heading is not None
            for line in (section.node.heading, *section.node.all_lines())]


def _has_papers(part: Part) -> bool:
    return bool(part.papers) or any(n.entries() or n.paper for n in part.node.walk())
