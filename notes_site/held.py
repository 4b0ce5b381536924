"""The renderer's own HTML blocks, held out of Python-Markdown and put back into the page HTML.

Python-Markdown reads every raw HTML block with html.parser twice (MkDocs looks for anchor ids
in it, md_in_html splits it into blocks), though it passes the block through unchanged: for the
badge line, the cite block, the related line and the map's lines of every paper and the All
papers table, that was a sixth of a build (issue 13). So when the plugin builds, the renderer
writes each of these blocks as a placeholder paragraph, a word made of a per-build nonce and
the block's number on its page, and keeps the block beside the page; `restore` puts it back
where Python-Markdown wrote the paragraph. `notes-site export`, which runs no plugin, keeps
the HTML in the Markdown.

A notes file cannot write a placeholder: the nonce is random for each plugin (each build, or
each `mkdocs serve`), and only a paragraph holding exactly the nonce is replaced.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Sequence

from notes_site.allow_list import sanitize_blocks


def new_nonce() -> str:
    """A word no notes file can contain: letters and digits only, so that every Markdown
    extension of the site leaves it as it is."""
    return "nsheld" + secrets.token_hex(12)


def placeholder(nonce: str, number: int) -> str:
    """The paragraph, in Markdown, that stands for block `number` of a page."""
    return f"{nonce}x{number}"


class MissingBlockError(ValueError):
    """A held block whose placeholder is not in the page's HTML: putting the page out
    without it would lose text."""


#: A block whose (one, outer) element the search index leaves out.
_UNSEARCHED = re.compile(r"<\w+\b[^>]*\sdata-search-exclude[\s>=]")


def searched(block: str) -> bool:
    """Whether the search index reads `block`: not when its element, the block's first tag,
    carries `data-search-exclude` (each block the renderer holds is one element)."""
    return _UNSEARCHED.match(block) is None


def restore(page_html: str, nonce: str, blocks: Sequence[str]) -> str:
    """`page_html` with each placeholder paragraph replaced by its block, spaced as
    Python-Markdown spaces a raw HTML block (a line break after it, none at the end).

    A block the search index leaves out (`searched`) is not put in yet: its placeholder
    becomes an empty-looking paragraph excluded from search, which costs the search plugin
    nothing to skip, and `restore_unsearched` replaces it once the plugin has read the page.
    A placeholder that Python-Markdown did not write as a paragraph of its own is in text it
    escapes (a code block the author left open swallowed it): there it gets the block as the
    text Python-Markdown would have shown, escaped as its code blocks are.
    """
    if not blocks:
        return page_html
    found: set[int] = set()

    def block(match: re.Match[str]) -> str:
        number = int(match[1] or match[2])
        found.add(number)
        if not match[1]:
            return html.escape(blocks[number], quote=False)
        if searched(blocks[number]):
            return blocks[number] + "\n"
        return f"<p data-search-exclude>{placeholder(nonce, number)}</p>\n"

    out = re.sub(rf"<p>{nonce}x(\d+)</p>|{nonce}x(\d+)", block, page_html)
    out = out if page_html.endswith("\n") else out.rstrip("\n")
    if len(found) != len(blocks):
        missing = sorted(set(range(len(blocks))) - found)
        raise MissingBlockError(f"held blocks {missing} have no placeholder in the page")
    return out


def restore_unsearched(page_html: str, nonce: str, blocks: Sequence[str]) -> str:
    """The page (the whole HTML file) with the blocks `restore` left out of search put in,
    each sanitized (`sanitize_blocks`), since the page sanitizer saw only their placeholders.
    A page without placeholders (one `mkdocs serve` writes as it wrote it last time) is
    returned as it is.
    """
    if nonce not in page_html:  # no block left out, or the page as a serve last wrote it
        return page_html
    late = {n: block for n, block in enumerate(blocks) if not searched(block)}
    clean = dict(zip(late, sanitize_blocks(list(late.values())), strict=True))
    # nh3 writes the attribute as `data-search-exclude=""` when the page sanitizer changed
    # the page.
    out = re.sub(rf'<p data-search-exclude(?:="")?>{nonce}x(\d+)</p>',
                 lambda match: clean[int(match[1])], page_html)
    if nonce in out:
        raise MissingBlockError("a held block's placeholder is still in the page")
    return out
