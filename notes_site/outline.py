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

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from notes_site.blocks import Line
from notes_site.readers import Split, headings, split


@dataclass(slots=True)
class Node:
    """A heading (None for the text before the first one) and the lines it owns."""

    heading: Line | None
    level: int
    lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    split: Split | None = None
    paper: bool = False
    """The heading is a paper; its lines and sub-headings are the paper's body."""

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


def _group_of(topics: list[Part]) -> Line | None:
    return topics[-1].group_line if topics else None


@dataclass(slots=True)
class Outline:
    """What the outline gives the parser."""

    title: Line | None
    intro: list[Line]
    """Lines before the first topic, group and prose-only headings before it included."""
    topics: list[Part]
    level: int
    """The topic level; 0 when the whole file is one topic."""


def tree(lines: Sequence[Line]) -> Node:
    """Headings nested by level; each node's own lines are those before the next heading."""
    root = Node(None, 0)
    stack = [root]
    for line in lines:
        if line.kind == "heading":
            while stack[-1].level >= line.level:
                stack.pop()
            node = Node(line, line.level)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].lines.append(line)
    for node in root.walk():
        node.split = split(node.lines)
    return root


def _mark_paper_headings(root: Node) -> None:
    """Headings without entries whose text or lines link to a paper are papers when another
    heading of their level is one too (the file keeps a paper per heading), or when the link
    is in the heading itself."""
    candidates = [node for node in root.walk() if _could_be_paper(node)]
    levels = Counter(node.level for node in candidates)
    for node in candidates:
        assert node.heading is not None
        node.paper = levels[node.level] > 1 or headings.has_link([node.heading])


def _could_be_paper(node: Node) -> bool:
    if any(n.entries() for n in node.walk()) or node.heading is None:
        return False
    return headings.has_link([node.heading, *node.lines])


def topic_level(root: Node) -> int:
    """The shallowest level with entries under it (a paper heading counts for the level above
    it); without any, the shallowest heading level below a lone title."""
    levels = [n.level for n in root.walk() if n.heading is not None and n.entries()]
    levels += [n.level - 1 for n in root.walk() if n.paper]
    if root.entries():
        levels.append(0)
    if levels:
        return min(levels)
    found = sorted({n.level for n in root.walk() if n.heading is not None})
    if len(found) > 1 and len(root.children) == 1:
        return found[1]
    return found[0] if found else 0


def outline(lines: Sequence[Line]) -> Outline:
    """The title, the notebook's introduction and the topics of a file's lines."""
    root = tree(lines)
    _mark_paper_headings(root)
    level = topic_level(root)
    if not any(n.level == level and n.heading is not None for n in root.walk()):
        level = 0
    if level == 0:
        return Outline(None, [], [_whole(root)], 0)
    title: Line | None = None
    intro: list[Line] = list(root.lines)
    topics: list[Part] = []
    pending: list[Line] = []
    group_line: Line | None = None
    for node in root.outline_nodes():
        if node.heading is None:
            continue
        if node.level < level:
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
                topics[-1].sections.append(Part(node))
    if group_line is not None and group_line is not _group_of(topics):
        pending.insert(0, group_line)
    if pending:
        _tail(topics, intro, pending)
    return Outline(title, intro, _prose_first(topics, intro), level)


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
    """Group headings after the last topic: kept in the last topic's introduction."""
    if topics:
        topics[-1].lead += pending
    else:
        intro += pending


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
