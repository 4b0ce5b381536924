"""The four output formats and the exit code, from a report made by hand."""

from __future__ import annotations

import json

from notes_site.links.check import LinkResult, Outcome
from notes_site.links.report import (
    CheckedLink,
    Place,
    Report,
    render_github,
    render_json,
    render_markdown,
    render_text,
)
from notes_site.model import Diagnostic, Severity

BROKEN = "https://a.org/gone"
REPORT = Report(
    files=("notes.md",),
    links=(
        CheckedLink("https://a.org/", (Place("notes.md", 2, 4),), LinkResult(
            "https://a.org/", Outcome.OK, 200, "200 OK")),
        CheckedLink(BROKEN, (Place("notes.md", 3, 4), Place("notes.md", 9, 1)), LinkResult(
            BROKEN, Outcome.BROKEN, 404, "404 Not Found")),
    ),
    diagnostics=(
        Diagnostic("notes.md", 3, 4, Severity.ERROR, "broken",
                   f"broken link {BROKEN}: 404 Not Found"),
        Diagnostic("notes.md", 5, 1, Severity.WARNING, "empty-entry", "empty | entry"),
    ),
    offline=False,
    elapsed=1.25,
)
WARNINGS_ONLY = Report(("notes.md",), (), REPORT.diagnostics[1:], offline=True)


def test_exit_codes() -> None:
    assert REPORT.exit_code() == 1
    assert WARNINGS_ONLY.exit_code() == 0
    assert WARNINGS_ONLY.exit_code(strict=True) == 1
    assert Report(("notes.md",), (), (), offline=True).exit_code(strict=True) == 0


def test_text() -> None:
    assert render_text(REPORT).splitlines() == [
        f"notes.md:3:4: error: broken link {BROKEN}: 404 Not Found [broken]",
        "notes.md:5:1: warning: empty | entry [empty-entry]",
        "3 links, 2 unique (1 ok, 1 broken); 1 errors, 1 warnings in 1.25 s",
    ]


def test_json() -> None:
    data = json.loads(render_json(REPORT))
    assert data["summary"] == {"links": 3, "unique": 2, "outcomes": {"ok": 1, "broken": 1},
                               "errors": 1, "warnings": 1}
    assert data["exit_code"] == 1
    gone = data["links"][1]
    assert (gone["url"], gone["outcome"], gone["status"]) == (BROKEN, "broken", 404)
    assert gone["places"] == [{"path": "notes.md", "line": 3, "col": 4},
                              {"path": "notes.md", "line": 9, "col": 1}]
    assert data["diagnostics"][0] == {"path": "notes.md", "line": 3, "col": 4,
                                      "severity": "error", "code": "broken",
                                      "message": f"broken link {BROKEN}: 404 Not Found"}


def test_json_offline_has_no_outcomes() -> None:
    report = Report(("n.md",), (CheckedLink("https://a.org/", (Place("n.md", 1, 1),)),), (),
                    offline=True)
    assert json.loads(render_json(report))["links"][0]["outcome"] is None


def test_github_annotations() -> None:
    lines = render_github(REPORT).splitlines()
    assert lines[0] == (f"::error file=notes.md,line=3,col=4,title=broken::"
                        f"broken link {BROKEN}: 404 Not Found")
    assert lines[1] == "::warning file=notes.md,line=5,col=1,title=empty-entry::empty | entry"


def test_github_escapes_properties_and_data() -> None:
    odd = Report(("a,b:c.md",), (), (Diagnostic("a,b:c.md", 1, 2, Severity.ERROR, "x",
                                                "100% wrong\nsecond line"),), offline=True)
    assert render_github(odd).splitlines()[0] == (
        "::error file=a%2Cb%3Ac.md,line=1,col=2,title=x::100%25 wrong%0Asecond line")


def test_markdown_summary() -> None:
    text = render_markdown(REPORT)
    assert text.startswith("## Link check: ❌ failed\n")
    assert "| ok | 1 |" in text and "| broken | 1 |" in text
    assert "| `notes.md:5:1` | warning | empty \\| entry `empty-entry` |" in text
    assert render_markdown(WARNINGS_ONLY).startswith("## Link check: ✅ passed\n")
    assert render_markdown(WARNINGS_ONLY, strict=True).startswith("## Link check: ❌ failed\n")
