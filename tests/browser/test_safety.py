"""Notes from strangers run no script: the attack fixture in a real Chromium, with MathJax.

`tests/fixtures/safety/attacks.md` holds script attempts in entries' summaries and bodies.
It is built with a real `mkdocs build --strict`, served on 127.0.0.1 beside the local MathJax,
and every page of it is opened, typeset and walked: no dialog may open, no element may carry
an event handler or a script-running URL, and every plain word of the fixture is on a page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils import yaml_load
from playwright.sync_api import Browser, Page

from notes_site.url_schemes import is_safe_url
from tests.browser.conftest import DESKTOP, LOOPBACK, Site, mkdocs_env
from tests.conftest import FIXTURES, make_project

pytestmark = pytest.mark.browser

ATTACKS = FIXTURES / "safety" / "attacks.md"

#: Every element's attributes, after MathJax has typeset: event handlers anywhere, and values
#: that a browser would run or load as a script. Material's own "share search" button is the
#: one `javascript:void(0)` the theme writes; it is named here so nothing else can hide.
WALK = """() => {
  const found = [];
  const dangerous = /^((java|vb|live)script:|data:(text\\/html|image\\/svg))/;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      const theme = el.matches('[data-md-component="search-share"]')
        && value === 'javascript:void(0)';
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}=${attr.value}`);
      if ((dangerous.test(value) || /url\\(\\s*['"]?javascript/.test(value)) && !theme) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
      if (name === 'srcdoc' || name === 'formaction') found.push(`${el.tagName} ${name}`);
    }
  }
  const content = document.querySelector('.md-content');
  const forbidden = 'script, iframe, object, embed, form, base, meta, link, style, input, '
    + 'button, textarea, marquee, video, audio, frame, applet, svg, math';
  // The site's own: the All papers controls that papers-table.js makes (by their classes),
  // and the overview's charts (SVG of shapes and text, allow_list.CHART_TAGS). A notes file's
  // `input`, `button` or `svg` never reaches a page (the sanitizer's tests).
  const own = 'mjx-container, input[class^="ns-filter-"], button.ns-sort, .ns-paging button, '
    + 'figure.ns-chart > div > svg.ns-chart-drawing';
  for (const el of content.querySelectorAll(forbidden)) {
    if (!el.closest(own)) found.push(`element ${el.tagName}`);
  }
  return found;
}"""


class _Words(HTMLParser):
    """The text of an HTML-and-Markdown file as an HTML parser reads it: tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_words(markdown: str) -> set[str]:
    """The words a reader must find on the site, taken from the fixture itself.

    Markup is not text: HTML tags (as Python's HTML parser reads them), comments (the one
    documented exception), math (MathJax draws it), link targets, attribute lists and front
    matter markers go; what is left is cut into words of three letters or more.
    """
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"\]\((?:[^()\n]|\([^()\n]*\))*\)", "] ", text)
    text = re.sub(r"\]\[[^\]\n]*\]", "] ", text)
    text = re.sub(r"^\s*\[[^\]]+\]:.*$", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\{[^{}\n]*\}", " ", text)
    parser = _Words()
    parser.feed(text)
    parser.close()
    return set(re.findall(r"[A-Za-z]{3,}", " ".join(parser.parts)))


def attacks_project(tmp: Path) -> Path:
    """A MkDocs project of the attack fixture, with the local MathJax."""
    return make_project(tmp, {"docs/notes/attacks.md": ATTACKS.read_text(encoding="utf-8")},
                        "      mathjax_url: !ENV NOTES_SITE_MATHJAX_URL\n")


def build_into(project: Path, out: Path, site: Site) -> None:
    """`mkdocs build --strict` of `project` into `out`, which the static server serves."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project, env=mkdocs_env(site.mathjax_url), capture_output=True, text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def attacks_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The attack fixture built with the plugin into the served folder."""
    build_into(attacks_project(tmp_path_factory.mktemp("attacks")), site.root / "attacks", site)
    return "attacks"


@pytest.fixture(scope="module")
def exported_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The attack fixture through `notes-site export`, built by MkDocs with no plugin, as an
    engine that runs none (Zensical) would build it."""
    project = attacks_project(tmp_path_factory.mktemp("attacks-export"))
    out = project / "exported"
    proc = subprocess.run([sys.executable, "-m", "notes_site.cli", "export", str(out)],
                          cwd=project, env=mkdocs_env(site.mathjax_url), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with (out / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' loader: the emoji extension's `!!python/name:`
    assert "notes" not in [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    build_into(out, site.root / "exported", site)
    return "exported"


def pages_of(site_url: str, root: Path) -> list[str]:
    """Every HTML page of the built fixture, as URLs."""
    return [site_url + p.relative_to(root).as_posix().removesuffix("index.html")
            for p in sorted(root.rglob("index.html"))]


@pytest.fixture
def tab(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page in a fresh context, and the messages of every dialog that opened in it.

    Requests leaving 127.0.0.1 (an attack's image, a badge) are refused, not followed.
    """
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(f"http://{LOOPBACK}")
                  else route.abort("blockedbyclient"))
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page, dialogs
    finally:
        context.close()


def read_like_a_reader(page: Page) -> str:
    """Wait until MathJax has typeset the page, open every `<details>`; the article's text."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-content .arithmatex')]
             .every(el => el.querySelector('mjx-container'))""")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return str(page.locator("article").inner_text())


@pytest.mark.parametrize("built", ["attacks_site", "exported_site"])
def test_the_attack_fixture_runs_no_script(built: str, site: Site, tab: tuple[Page, list[str]],
                                           request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue(built)
    page, dialogs = tab
    found: dict[str, list[str]] = {}
    text = []
    for url in pages_of(f"{site.url}{folder}/", site.root / folder):
        page.goto(url)
        text.append(read_like_a_reader(page))
        if attributes := page.evaluate(WALK):
            found[url] = attributes
    assert dialogs == []
    assert found == {}
    # A word may now touch another: `<scr<script>ipt>` shows as the text `<script>`.
    shown = " ".join(text)
    missing = [word for word in plain_words(ATTACKS.read_text(encoding="utf-8"))
               if word not in shown]
    assert not missing, f"words of the fixture not on any page: {sorted(missing)}"


def test_math_href_keeps_https_and_drops_javascript(attacks_site: str, site: Site,
                                                     tab: tuple[Page, list[str]]) -> None:
    page, dialogs = tab
    page.goto(f"{site.url}{attacks_site}/math/")
    read_like_a_reader(page)
    links = page.locator("mjx-container [href]").evaluate_all(
        "els => els.map(el => el.getAttribute('href'))")
    assert set(links) == {"https://example.org/math"}  # the link, and its assistive MathML
    # \class, \cssId and \style from the notes: filtered by ui/safe.
    assert page.locator("mjx-container .evil, mjx-container #evil").count() == 0
    styles = page.locator("mjx-container [style]").evaluate_all(
        "els => els.map(el => el.getAttribute('style'))")
    assert not [s for s in styles if "url(" in s]
    page.goto(f"{site.url}{attacks_site}/raw-html-from-the-issue/")
    read_like_a_reader(page)
    math_links = page.locator("mjx-container [href]").evaluate_all(
        "els => els.map(el => el.getAttribute('href'))")
    assert math_links == [] and dialogs == []


#: Spellings of link targets; Chromium says which scheme each one has once an `href` is parsed
#: from HTML (entities decoded), which `is_safe_url` must never call safe when it is not.
SPELLINGS = [
    "https://example.org/", "HTTPS://example.org/", "mailto:a@example.org", "/relative",
    "relative/path", "#anchor", "?q=1", "//example.org/x", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "\tjavascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#0000106;avascript:alert(1)",
    "javascript&colon;alert(1)", "&#1;javascript:alert(1)", "\x01javascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<b>x</b>", "DATA:image/svg+xml,<svg>",
    "livescript:x", "file:///etc/passwd",
]


def test_chromium_agrees_with_the_scheme_rule(site: Site, tab: tuple[Page, list[str]]) -> None:
    page, _ = tab
    page.goto(site.url)
    for spelling in SPELLINGS:
        protocol = page.evaluate(
            """raw => {
                const holder = document.createElement('div');
                holder.innerHTML = '<a>x</a>';
                holder.firstChild.outerHTML = '<a href="' + raw + '">x</a>';
                const href = holder.firstChild.getAttribute('href');
                // A relative URL takes the base's scheme: an `ftp:` base marks it.
                try { return new URL(href, 'ftp://base.invalid/').protocol; }
                catch { return 'invalid'; }
            }""", spelling.replace('"', "&quot;"))
        followed = protocol in ("http:", "https:", "mailto:", "ftp:", "invalid")
        assert followed or not is_safe_url(spelling), (spelling, protocol)
