"""Exit code 2 and one `path:line:col` line, from every command, for notes that cannot be read.

Each command gets the same broken notes file (bytes that are not UTF-8 on line 3), named on
the command line or by a mkdocs.yml; the expected line is the reader's finding for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from notes_site.cli import main

BROKEN = b"# Notes\n\n## Topic \xff\n1. [A](https://arxiv.org/abs/1706.03762)\n"
AT = BROKEN.index(b"\xff")
COL = AT - BROKEN.rindex(b"\n", 0, AT)
#: The reader's finding for it, after its `path:`: line 3, the 1-based column of the byte.
FINDING = f"3:{COL}: byte {AT}: not UTF-8 (0xff) [not-utf8]"


def site(tmp_path: Path) -> tuple[Path, Path]:
    notes = tmp_path / "docs" / "notes.md"
    notes.parent.mkdir()
    notes.write_bytes(BROKEN)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nplugins:\n  - notes:\n      notes: [docs/notes.md]\n",
                      encoding="utf-8")
    return notes, config


COMMANDS = {
    "check": lambda notes, config: ["check", "--offline", str(notes)],
    "check -f": lambda notes, config: ["check", "--offline", "-f", str(config)],
    "fmt": lambda notes, config: ["fmt", str(notes)],
    "fmt --check": lambda notes, config: ["fmt", "--check", "-f", str(config)],
    "export": lambda notes, config: ["export", "-f", str(config), str(config.parent / "out")],
    "export json": lambda notes, config: ["export", "-f", str(config), "--format", "json"],
    "metadata": lambda notes, config: ["metadata", "-f", str(config), "--timeout", "0.1",
                                       "--arxiv-api", "http://127.0.0.1:9/",
                                       "--openreview-api", "http://127.0.0.1:9/"],
    "new": lambda notes, config: ["new", str(config.parent / "site"), "--notes", str(notes)],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_notes_are_one_line_and_exit_code_2(tmp_path: Path, command: str) -> None:
    notes, config = site(tmp_path)
    result = CliRunner().invoke(main, COMMANDS[command](notes, config))
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.splitlines() in ([f"{notes}:{FINDING}"],
                                          [f"docs/notes.md:{FINDING}"]), result.stderr
    assert result.stdout == ""
    assert notes.read_bytes() == BROKEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml"], "nothing written"


def test_fmt_goes_on_with_the_other_files_and_still_exits_2(tmp_path: Path) -> None:
    notes, _ = site(tmp_path)
    good = tmp_path / "good.md"
    good.write_text("## Topic\n2. [A](http://arxiv.org/abs/1706.03762)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", str(notes), str(good)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{notes}:{FINDING}", f"reformatted {good}"]
    assert good.read_text(encoding="utf-8") == \
        "## Topic\n2. [A](https://arxiv.org/abs/1706.03762)\n"


def test_a_mkdocs_yml_without_the_plugin_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\n", encoding="utf-8")
    for command in (["export", "-f", str(config), "--format", "json"],
                    ["metadata", "-f", str(config)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert "Usage: " in result.stderr and "no `notes` plugin" in result.stderr
