"""What a check found, and the four ways to show it: text, JSON, GitHub annotations, Markdown.

The report is plain data (`Report`); each format is a pure function of it. The exit code is
the report's too: 1 when there is an error (a broken link, a bad URL, a paper noted twice),
or a warning under `strict`; else 0.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from notes_site.links.model import LinkResult, Outcome
from notes_site.model import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Place:
    """Where a link is written: `path:line:col`."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class CheckedLink:
    """One unique URL, every place it is written, and its result (None when offline)."""

    url: str
    places: tuple[Place, ...]
    result: LinkResult | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a run found."""

    files: tuple[str, ...]
    links: tuple[CheckedLink, ...]
    diagnostics: tuple[Diagnostic, ...]
    """Notes findings, offline lint and link outcomes, in file order."""
    offline: bool
    elapsed: float = 0.0
    """Seconds the run took."""

    def count(self, severity: Severity) -> int:
        """How many diagnostics have `severity`."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def outcomes(self) -> dict[str, int]:
        """Unique URLs per outcome, in the order of `Outcome`, zeros left out."""
        counts = Counter(link.result.outcome for link in self.links if link.result)
        return {outcome.value: counts[outcome] for outcome in Outcome if counts[outcome]}

    def exit_code(self, strict: bool = False) -> int:
        """0 when all is good, 1 on an error (or, with `strict`, on a warning)."""
        if self.count(Severity.ERROR):
            return 1
        return 1 if strict and self.count(Severity.WARNING) else 0

    def summary(self) -> str:
        """One line: links, unique URLs, outcomes, errors and warnings."""
        written = sum(len(link.places) for link in self.links)
        head = f"{written} links, {len(self.links)} unique"
        outcomes = ", ".join(f"{n} {name}" for name, n in self.outcomes().items())
        checked = "offline: no request made" if self.offline else outcomes or "none checked"
        findings = (f"{self.count(Severity.ERROR)} errors, "
                    f"{self.count(Severity.WARNING)} warnings")
        return f"{head} ({checked}); {findings} in {self.elapsed:.2f} s"


def render_text(report: Report, strict: bool = False) -> str:
    """Readable lines, `path:line:col: severity: message [code]`, then a summary."""
    lines = [f"{d.path}:{d.line}:{d.col}: {d.severity.value}: {d.message} [{d.code}]"
             for d in report.diagnostics]
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def render_json(report: Report, strict: bool = False) -> str:
    """The whole report as JSON, for scripts."""
    data = {
        "files": list(report.files),
        "offline": report.offline,
        "elapsed": round(report.elapsed, 3),
        "summary": {"links": sum(len(link.places) for link in report.links),
                    "unique": len(report.links), "outcomes": report.outcomes(),
                    "errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING)},
        "exit_code": report.exit_code(strict),
        "links": [_link_data(link) for link in report.links],
        "diagnostics": [_diagnostic_data(d) for d in report.diagnostics],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _link_data(link: CheckedLink) -> dict[str, object]:
    result = link.result
    data: dict[str, object] = {"url": link.url, "outcome": result and result.outcome.value}
    if result:
        data.update(status=result.status, detail=result.detail, new_url=result.new_url,
                    title=result.title, cached=result.cached)
    data["places"] = [{"path": p.path, "line": p.line, "col": p.col} for p in link.places]
    return data


def _diagnostic_data(d: Diagnostic) -> dict[str, object]:
    return {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity.value,
            "code": d.code, "message": d.message}


_COMMANDS = MappingProxyType({Severity.ERROR: "error", Severity.WARNING: "warning",
                              Severity.INFO: "notice"})


def render_github(report: Report, strict: bool = False) -> str:
    """GitHub Actions workflow commands, one annotation per finding, then the summary."""
    lines = [f"::{_COMMANDS[d.severity]} file={_property(d.path)},line={d.line},col={d.col},"
             f"title={_property(d.code)}::{_data(d.message)}" for d in report.diagnostics]
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_markdown(report: Report, strict: bool = False) -> str:
    """A summary for the CI job page: the verdict, a table of outcomes, then the findings."""
    code = report.exit_code(strict)
    verdict = "✅ passed" if code == 0 else "❌ failed"
    lines = [f"## Link check: {verdict}", "", report.summary(), ""]
    if report.outcomes():
        lines += ["| outcome | URLs |", "|---|---:|"]
        lines += [f"| {name} | {n} |" for name, n in report.outcomes().items()]
        lines.append("")
    if report.diagnostics:
        lines += ["| where | severity | finding |", "|---|---|---|"]
        lines += [f"| `{d.path}:{d.line}:{d.col}` | {d.severity.value} | "
                  f"{_cell(d.message)} `{d.code}` |" for d in report.diagnostics]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


FORMATS: MappingProxyType[str, Callable[[Report, bool], str]] = MappingProxyType({
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "markdown": render_markdown,
})
"""Output format name → renderer."""
