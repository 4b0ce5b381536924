"""The one grammar of links in an entry: which link names the paper, which is a label, a badge
or an anchor, decided from markdown-it's tokens, once.

Every reader (items, paragraphs, tables, headings) and the map of references ask this module;
no other module keeps a list of label words.

| kind | written | what it is |
| --- | --- | --- |
| `title` | `[Attention Is All You Need](url)` | a link whose text names something |
| `label` | `[pdf]`, `[[code]](url)`, `[[CVPR 2021](url)]`, `` [`PDF`](url) `` | a resource's tag |
| `badge` | `[![stars](img)](url)`, `![img](src)` | a link whose text is only an image |
| `anchor` | `[Theory](#theory)` | a link to a heading of the notes |
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_site import inline
from notes_site.identity import WEB, paper_id

#: Label words that name the paper itself: the link is the paper's own.
PAPER_WORDS = frozenset({
    "pdf", "paper", "arxiv", "openreview", "link", "html", "url", "abs", "abstract", "doi",
    "acl", "acm", "ieee", "springer", "preprint", "full paper", "paper link", "article",
    "publication", "proceedings", "pub", "openaccess", "semantic scholar",
})
#: Label words that name something beside the paper: code, pages, media.
RESOURCE_WORDS = frozenset({
    "code", "github", "gitlab", "pytorch", "tensorflow", "torch", "keras", "jax", "mxnet",
    "caffe", "matlab", "python", "official", "unofficial", "project", "project page", "page",
    "website", "homepage", "home", "web", "site", "demo", "blog", "post", "video", "videos",
    "youtube", "bilibili", "slides", "slide", "poster", "talk", "tweet", "twitter", "zhihu",
    "review", "notes", "note", "summary", "dataset", "data", "model", "models", "weights",
    "supp", "supplementary", "appendix", "bib", "bibtex", "citation", "cite", "colab",
    "notebook", "huggingface", "hf", "docs", "documentation", "benchmark", "leaderboard",
    "reference", "python reference", "r reference", "c++ reference", "java reference",
    "matlab reference", "scala reference", "julia reference", "code 1", "code 2", "stars",
    "official code", "unofficial code", "pytorch code", "tensorflow code", "repo", "repository",
    "media", "press", "news", "reddit", "medium", "chinese", "中文", "知乎", "代码", "论文",
})
_LABEL_MAX_WORDS = 4
_LABEL_MAX_CHARS = 40


@dataclass(frozen=True, slots=True)
class HeadLink:
    """A link of an entry's inline source, classified."""

    text: str
    """The link's text as written between its brackets (markup kept), whitespace collapsed."""
    plain: str
    """The words the link shows: no Markdown, `$math$` kept, brackets of a `[[pdf]]` kept."""
    url: str
    start: int
    end: int
    kind: str
    """`title`, `label`, `badge` or `anchor`."""

    @property
    def names_paper(self) -> bool:
        """A label that names the paper itself (`[pdf]`, `[arXiv]`, `[CVPR 2021]`), not a
        resource beside it (`[code]`, `[video]`)."""
        return self.kind == "label" and bool(self.url) \
            and label_word(self.plain) not in RESOURCE_WORDS


def label_word(text: str) -> str:
    """A label's word, case folded: `[[PDF]]` → `pdf`, `` `Code` `` → `code`."""
    return text.strip().strip("[]`*_ ").strip().casefold()


def is_label_text(text: str, bracketed: bool = False) -> bool:
    """Whether a link's text tags a resource rather than naming something: a known label word,
    or a short text in brackets (`[CVPR 2021]`, `[[NIPS](url)]`)."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == "`":
        bracketed, stripped = True, stripped.strip("`").strip()  # `` [`PDF`](url) ``
    if len(stripped) >= 2 and stripped[0] == "[" and stripped[-1] == "]" \
            and "[" not in stripped[1:-1]:
        bracketed, stripped = True, stripped[1:-1].strip()
    word = label_word(stripped)
    if word in PAPER_WORDS or word in RESOURCE_WORDS:
        return True
    short = len(stripped) <= _LABEL_MAX_CHARS and len(stripped.split()) <= _LABEL_MAX_WORDS
    return bracketed and short and bool(stripped)


#: Words after a link that starts a paragraph: `[Paper](url): a summary`, `[Paper](url) is`.
_WORDS_AFTER = re.compile(r"^[:：\-–—]?[ \t]*[^\W\d_]")


def _kind(tokens: Sequence[Token], link: inline.InlineLink, source: str) -> str:
    if not link.url:
        return "label"  # `[[Venue]]()`: a tag with no target
    if link.url.startswith("#"):
        return "anchor"
    inner = [tok for tok in tokens[link.index + 1:] if tok.type != "link_close"][:1]
    closes = link.index + 2 < len(tokens) and tokens[link.index + 2].type == "link_close"
    if inner and inner[0].type == "image" and closes:
        return "badge"
    before = source[: link.start].rstrip(" ")
    after = source[link.end:].lstrip(" ")
    bracketed = before.endswith("[") and after.startswith("]")
    if not before.strip(" *") and _WORDS_AFTER.match(after) and not bracketed \
            and not link.text.startswith(("[", "`")):
        return "title"  # `[Paper](url): words` names the entry, whatever its word
    return "label" if is_label_text(link.text, bracketed) else "title"


def classify(tokens: Sequence[Token], source: str) -> list[HeadLink]:
    """Every link among a paragraph's inline tokens (nested in emphasis too), classified."""
    out = []
    for link in inline.inline_links(tokens):
        plain = inline.link_text([t for t in tokens[link.index + 1: link.close]
                                  if t.type != "image"]) or link.text
        out.append(HeadLink(link.text, plain, link.url, link.start, link.end,
                            _kind(tokens, link, source)))
    return out


def tokens_of(md: MarkdownIt, text: str) -> list[Token]:
    """The inline tokens of `text` (one paragraph's inline source)."""
    if md in inline.PARSERS:
        return list(_shared_tokens(text))
    return md.parseInline(text)[0].children or []


@functools.lru_cache(maxsize=1 << 15)
def _shared_tokens(text: str) -> tuple[Token, ...]:
    """Tokens of a text, remembered: classification and reading ask about the same head, and
    every parser `inline.markdown_parser` makes reads a text alike."""
    return tuple(inline.shared_parser().parseInline(text)[0].children or [])


def links_of(md: MarkdownIt, text: str) -> list[HeadLink]:
    """The classified links of one paragraph's inline source."""
    return classify(tokens_of(md, text), text)


def links_in_lines(md: MarkdownIt, lines: Sequence[str]) -> list[HeadLink]:
    """The classified links of block Markdown lines (each paragraph read on its own)."""
    text = "\n".join(lines)
    out: list[HeadLink] = []
    for tok in md.parse(text) if inline.might_link(text) else []:
        if tok.type == "inline" and tok.children:
            out += classify(tok.children, tok.content)
    return out


def links_to_a_page(md: MarkdownIt, lines: Sequence[str]) -> bool:
    """Whether Markdown lines link somewhere other than a heading of the notes, badges aside
    (a badge only when it opens a paper): bare URLs count, as markdown-it reads them."""
    return any(points_to_paper(link) for link in links_in_lines(md, lines))


def points_to_paper(link: HeadLink) -> bool:
    """Whether a link could be a paper's own: a page on the web, not an anchor, and a badge
    only when it opens an arXiv, OpenReview or DOI page."""
    if link.kind == "anchor" or not link.url:
        return False
    if link.kind == "badge":
        ident = paper_id(link.url)
        return ident is not None and ident.site != WEB
    return True


def paper_link(links: Sequence[HeadLink]) -> HeadLink | None:
    """The link that names the paper among labels and badges: a label that names the paper
    (`[pdf]`, `[CVPR 2021]`), else a badge that opens a paper, else the first label."""
    for link in links:
        if link.names_paper:
            return link
    for link in links:
        if link.kind == "badge" and points_to_paper(link):
            return link
    return next((link for link in links if link.kind == "label" and link.url), None)


_HOUSEKEEPING = re.compile(
    r"^\W*(?:table of contents|contents|toc|contribut\w*|how to contribute|licen[cs]e\w*|"
    r"acknowledge?ments?|acknowledgements?|thanks|citation|cite|cite this|citing|"
    r"star history|stargazers|contact|contacts|about|about me|authors?|maintainers?|"
    r"sponsors?|changelog|news|updates?|todo|faq|disclaimer|copyright|"
    r"目录|贡献|联系|致谢|许可)\W*$",
    re.IGNORECASE)


def is_housekeeping(title: str) -> bool:
    """Whether a heading names a section about the list itself (Contents, Contributing,
    License, Acknowledgements, Citation, Star History, Contact), not papers."""
    return bool(_HOUSEKEEPING.match(title.strip()))
