"""`notes-site check` end to end: options, defaults from mkdocs.yml, formats and exit codes."""

from __future__ import annotations

import gc
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from notes_site.cli import main
from tests.conftest import NOTES, ROOT
from tests.links.conftest import Servers

NOTES_SITE = Path(sys.executable).with_name("notes-site")
#: The servers are on 127.0.0.1: `--allow-private` lets the check connect to them.
QUICK = ["--timeout", "0.5", "--retries", "1", "--host-interval", "0", "--allow-private"]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["check", *map(str, args)])


def write_notes(folder: Path, servers: Servers, *paths: str, name: str = "notes.md") -> Path:
    entries = "".join(f"{i}. [Paper {i}]({servers.url(p)})\n" for i, p in enumerate(paths, 1))
    path = folder / name
    path.write_text(f"## Papers\n\n{entries}", encoding="utf-8")
    return path


def online(tmp_path: Path, notes: Path, *args: str) -> Result:
    return run(notes, "--cache", tmp_path / "cache.json", *QUICK, *args)


def test_the_embedded_notes_pass_offline() -> None:
    result = run("--offline", NOTES)
    assert result.exit_code == 0, result.output
    assert "0 errors, 8 warnings" in result.stdout
    assert "insecure-url" in result.stdout and "non-canonical-url" in result.stdout
    assert "empty-entry" in result.stdout, "the notes findings are shown beside the links"


def test_an_offline_check_does_not_import_the_http_client() -> None:
    """aiohttp costs ~0.2 s to import: a run that makes no request should not pay for it."""
    script = ("import sys\nfrom notes_site.cli import main\ntry:\n    main(sys.argv[1:])\n"
              "except SystemExit as done:\n    print(done.code, 'aiohttp' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, "check", "--offline", str(NOTES)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 False"


def test_warnings_fail_only_with_strict() -> None:
    assert run("--offline", "--strict", NOTES).exit_code == 1


def test_the_notes_default_to_what_mkdocs_yml_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("--offline")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("docs/notes/iclr2020.md:")


@pytest.mark.parametrize("plugins", [
    "  - search\n  - notes:\n      notes: [notes/*.md]\n      venue: !ENV [VENUE, ICLR]\n",
    pytest.param("  search: {}\n  notes:\n    notes: [notes/one.md]\n", id="mapping"),
])
def test_mkdocs_yml_shapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           plugins: str) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "one.md").write_text("## T\n\n1. [A](https://arxiv.org/abs/1)\n",
                                               encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"plugins:\n{plugins}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("--offline")
    assert result.exit_code == 0, result.output
    assert "1 links, 1 unique" in result.stdout


def test_a_bare_plugin_uses_the_plugins_default(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs" / "notes").mkdir(parents=True)
    (tmp_path / "docs" / "notes" / "a.md").write_text("## T\n\n1. [A](https://a.org/)\n",
                                                      encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("plugins:\n  - notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("--offline", "-f", "site/mkdocs.yml").exit_code == 2, "relative to mkdocs.yml"
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - notes\n", encoding="utf-8")
    assert run("--offline").exit_code == 0


@pytest.mark.parametrize(("config", "message"), [
    (None, "no NOTES given and no mkdocs.yml"),
    ("plugins:\n  - search\n", "no `notes` plugin"),
    ("plugins:\n  - notes:\n      notes: 3\n", "plugins: notes: notes:"),
    ("plugins:\n  - notes:\n      notes: []\n", "names no notes file"),
    ("plugins: [notes: {notes: [missing/*.md]}]\n", "no notes file matches this pattern"),
])
def test_no_notes_to_check_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            config: str | None, message: str) -> None:
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("--offline")
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_unreadable_notes_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"## Topic\n\n1. [Caf\xe9](https://a.org/)\n")
    result = run("--offline", bad)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert f"{bad}:3:8: " in result.stderr and "not UTF-8" in result.stderr
    missing = run("--offline", tmp_path / "nope.md")
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


@pytest.mark.parametrize("args", [["--accept", "ok"], ["--exclude", "("], ["--format", "xml"],
                                  ["--max-age", "soon"], ["--concurrency", "0"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    assert run("--offline", *args, NOTES).exit_code == 2


def test_all_good_is_0(tmp_path: Path, servers: Servers) -> None:
    result = online(tmp_path, write_notes(tmp_path, servers, "/ok", "/temporary"))
    assert result.exit_code == 0, result.output
    assert "(2 ok)" in result.stdout


def test_an_online_check_leaves_the_collector_as_it_found_it(tmp_path: Path,
                                                               servers: Servers) -> None:
    """The check freezes the heap while its requests run (a caller in the same process, such
    as this test, must get back a collector that sees every object)."""
    assert gc.get_freeze_count() == 0
    result = online(tmp_path, write_notes(tmp_path, servers, "/ok", "/status/404"))
    assert result.exit_code == 1, result.output
    assert gc.get_freeze_count() == 0


def test_a_broken_link_is_1(tmp_path: Path, servers: Servers) -> None:
    notes = write_notes(tmp_path, servers, "/ok", "/status/404")
    result = online(tmp_path, notes)
    assert result.exit_code == 1
    assert f"{notes}:4:4: error: broken link {servers.url('/status/404')}: 404 Not Found" \
        in result.stdout


def test_a_redirect_is_a_warning(tmp_path: Path, servers: Servers) -> None:
    notes = write_notes(tmp_path, servers, "/chain/1")
    assert online(tmp_path, notes).exit_code == 0
    strict = online(tmp_path, notes, "--strict", "--cache", "")
    assert strict.exit_code == 1
    assert f"moved permanently: use {servers.url('/chain/0')}" in strict.stdout


def test_accept_and_exclude(tmp_path: Path, servers: Servers) -> None:
    notes = write_notes(tmp_path, servers, "/status/403", "/status/404")
    assert online(tmp_path, notes).exit_code == 1
    result = online(tmp_path, notes, "--accept", "200-299,403", "--exclude", "/status/4.4$")
    assert result.exit_code == 0, result.output
    assert "(1 ok, 1 excluded)" in result.stdout


def test_json_github_and_markdown(tmp_path: Path, servers: Servers) -> None:
    notes = write_notes(tmp_path, servers, "/ok", "/status/410")
    data = json.loads(online(tmp_path, notes, "--format", "json").stdout)
    assert data["summary"]["outcomes"] == {"ok": 1, "broken": 1}
    assert data["exit_code"] == 1
    github = online(tmp_path, notes, "--format", "github").stdout.splitlines()
    assert github[0].startswith(f"::error file={notes},line=4,col=4,title=broken::")
    summary = tmp_path / "summary.md"
    markdown = online(tmp_path, notes, "--format", "markdown", "--summary", str(summary))
    assert markdown.stdout.startswith("## Link check: ❌ failed")
    online(tmp_path, notes, "--summary", str(summary))
    assert summary.read_text(encoding="utf-8").count("## Link check") == 2, "appended"


def test_a_corrupt_cache_is_an_error_once(tmp_path: Path, servers: Servers) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text("[]", encoding="utf-8")
    notes = write_notes(tmp_path, servers, "/ok")
    result = online(tmp_path, notes)
    assert result.exit_code == 1
    assert f"{cache}:1:1: error: not a notes-site link cache" in result.stdout
    assert online(tmp_path, notes).exit_code == 0, "the run wrote the cache again"


def test_the_group_has_version_and_check() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "check" in result.stdout
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0


def test_a_progress_bar_only_on_a_terminal(tmp_path: Path, servers: Servers) -> None:
    notes = write_notes(tmp_path, servers, "/ok", "/chain/1", "/status/410")
    command = [str(NOTES_SITE), "check", str(notes), "--cache", "", *QUICK]
    piped = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "Checking links" not in piped.stdout
    primary, secondary = pty.openpty()
    with subprocess.Popen(command, stdout=secondary, stderr=subprocess.PIPE) as child:
        os.close(secondary)
        shown = _read_all(primary)
        assert child.wait(timeout=60) == 1
    assert "Checking links" in shown
    assert "3 links, 3 unique" in shown


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")
